/*
 * batch_row.c - one row of a batch planned (see batch_row.h).  The
 * substrate is --from, loaded once, or the row's own `from` column, parsed
 * per row with the last one cached.  A bad row never stops the batch: it
 * becomes an invalid_input plan whose message starts with "line N:", and
 * its sentence is kept for stderr.
 */
#define _GNU_SOURCE
#include "batch_row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "campaign.h"
#include "exit_status.h"
#include "render.h"

void batch_result_clear(batch_result *res)
{
    free(res->name);
    free(res->note);
    free(res->doc);
    free(res->stem);
    free(res->campaign);
    dzp_report_pictures_clear(&res->pictures);
    memset(res, 0, sizeof(*res));
}

struct batch_planner {
    const dzp_cli_opts *o;
    const dzp_rules *rules;
    dzp_scaffold *sub;          /* --from, loaded once */
    char *row_from;             /* the last per-row `from` seen, ... */
    dzp_scaffold *row_sub;      /* ... its scaffold, or NULL ... */
    char *row_err;              /* ... and then why it is unusable */
};

int batch_planner_new(batch_planner **out, const dzp_cli_opts *o, const dzp_rules *rules)
{
    batch_planner *p = calloc(1, sizeof(*p));
    int error;

    if (!p)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    p->o = o;
    p->rules = rules;
    if ((error = dzp_substrate_load(&p->sub, o->from, rules)) < 0) {
        error = dzp_cli_error_wrap(error, "substrate (--from)");
        goto done;
    }
    *out = p;
    p = NULL;
done:
    batch_planner_free(p);
    return error;
}

void batch_planner_free(batch_planner *p)
{
    if (!p)
        return;
    dzp_scaffold_free(p->sub);
    dzp_scaffold_free(p->row_sub);
    free(p->row_from);
    free(p->row_err);
    free(p);
}

/* The substrate for a row: --from, or the row's own `from` (cached).
 * NULL with *why (a sentence without "line N:") when it is unusable. */
static const dzp_scaffold *row_substrate(batch_planner *p, const char *from, const char **why)
{
    if (!from || strcmp(from, p->o->from) == 0)
        return p->sub;
    if (!p->row_from || strcmp(p->row_from, from) != 0) {
        dzp_scaffold_free(p->row_sub);
        free(p->row_from);
        free(p->row_err);
        p->row_sub = NULL;
        p->row_err = NULL;
        p->row_from = strdup(from);
        if (dzp_substrate_load(&p->row_sub, from, p->rules) != 0 &&
            asprintf(&p->row_err, "substrate (from column): %s", dzp_error_last()) < 0)
            p->row_err = NULL;
    }
    if (!p->row_sub)
        *why = p->row_err ? p->row_err : "out of memory loading the row's substrate";
    return p->row_sub;
}

/* The plan for row r: a route, or an invalid_input plan for a row that
 * cannot be planned at all.  Returns 0 or DZP_ENOMEM. */
static int row_plan(batch_planner *p, const batch_row *r, dzp_plan **out)
{
    const char *why = r->error;
    const dzp_scaffold *sub = why ? p->sub : row_substrate(p, r->from, &why);
    char failed[1024];
    *out = NULL;
    if (!why) {
        int error = dzp_cli_plan_route(out, sub, r->smiles, p->o, p->rules);
        if (error == 0 && (error = dzp_cli_scale(*out, p->o)) == 0)
            return 0;
        dzp_plan_free(*out);
        *out = NULL;
        if (error == DZP_ENOMEM)
            return error;
        snprintf(failed, sizeof(failed), "planning failed: %s", dzp_error_last());
        why = failed;
    }
    return dzp_plan_invalid(out, sub, why);
}

static int count_flags(const dzp_plan *plan)
{
    size_t n = plan->n_flags;
    for (size_t i = 0; i < plan->n_steps; i++)
        n += plan->steps[i].n_flags;
    return (int)n;
}

/* Keep the stderr sentence of a row that is not ok, and give an invalid
 * row's message (the report's) the "line N: " prefix. */
static int row_note(dzp_plan *plan, long line, batch_result *res)
{
    if (plan->status == DZP_STATUS_OK)
        return 0;
    const char *msg = plan->message ? plan->message : dzp_status_name(plan->status);
    if (!(res->note = strdup(msg)))
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    if (plan->status != DZP_STATUS_INVALID_INPUT)
        return 0;
    char *prefixed = NULL;
    if (asprintf(&prefixed, "line %ld: %s", line, msg) < 0)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    free(plan->message);
    plan->message = prefixed;
    return 0;
}

void batch_planner_row(batch_planner *p, const batch_row *r, batch_result *res)
{
    char rowname[32];
    snprintf(rowname, sizeof(rowname), "row%ld", r->line);
    const char *name = r->name ? r->name : rowname;
    dzp_plan *plan = NULL;
    memset(res, 0, sizeof(*res));
    res->line = r->line;
    int error = row_plan(p, r, &plan);
    if (error == 0)
        error = dzp_plan_set_name(plan, name);
    if (error == 0)
        error = row_note(plan, r->line, res);
    if (error == 0 && r->stem && !(res->stem = strdup(r->stem)))
        error = dzp_error_set(DZP_ENOMEM, "out of memory");
    if (error == 0 && r->stem)
        error = dzp_report_pictures(&res->pictures, plan, r->stem);
    if (error == 0 && r->stem && p->o->batch)
        error = campaign_record(&res->campaign, plan);
    if (error == 0)
        error = dzp_cli_render_row(&res->doc, plan, p->o->format, r->line,
                                   r->stem ? &res->pictures : NULL);
    if (error == 0 && !(res->name = strdup(name)))
        error = dzp_error_set(DZP_ENOMEM, "out of memory");
    if (error == 0) {
        res->status = (int)plan->status;
        res->steps = plan->has_route ? (int)plan->n_steps : -1;
        res->flags = count_flags(plan);
    } else {
        batch_result_clear(res);
        res->line = r->line;
        res->status = -1;
        res->note = strdup(dzp_error_last());
    }
    dzp_plan_free(plan);
}
