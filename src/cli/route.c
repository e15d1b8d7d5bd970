/*
 * route.c - the single-compound modes: the site analysis of a substrate
 * (--from alone) and one route (--from with --to), plus what the batch mode
 * shares with them: rendering, scaling and the exit status of a plan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dzp/error.h"
#include "dzp/report.h"

int dzp_cli_render(char **out, const dzp_plan *plan, dzp_format format)
{
    char *doc = NULL;
    int rc = format == FORMAT_JSON ? dzp_report_json(&doc, plan) : dzp_report_markdown(&doc, plan);
    if (rc != 0)
        return rc;
    if (format == FORMAT_JSON) {
        size_t n = strlen(doc);
        char *line = realloc(doc, n + 2);
        if (!line) {
            free(doc);
            return dzp_error_set(DZP_ENOMEM, "out of memory");
        }
        line[n] = '\n';
        line[n + 1] = '\0';
        doc = line;
    }
    *out = doc;
    return 0;
}

int dzp_cli_scale(dzp_plan *plan, const dzp_cli_opts *o)
{
    if (!plan->has_route || !plan->substrate)
        return 0;
    double mmol = o->scale_mmol;
    if (o->scale_g > 0)
        mmol = o->scale_g * 1000.0 / plan->substrate->mw;
    return mmol > 0 ? dzp_plan_scale(plan, mmol) : 0;
}

int dzp_cli_exit_status(const dzp_plan *plan)
{
    switch (plan->status) {
    case DZP_STATUS_OK: return EXIT_ROUTE_OK;
    case DZP_STATUS_NO_ROUTE: return EXIT_NO_ROUTE;
    default: return EXIT_BAD_INPUT;
    }
}

/* Write the plan's report to stdout and its refusal, if any, to stderr. */
static int emit(const dzp_plan *plan, const dzp_cli_opts *o)
{
    char *doc = NULL;
    if (dzp_cli_render(&doc, plan, o->format) != 0) {
        dzp_cli_error("cannot write the report: %s", dzp_error_last());
        return EXIT_BAD_INPUT;
    }
    size_t n = strlen(doc);
    bool ok = fwrite(doc, 1, n, stdout) == n && fflush(stdout) == 0;
    free(doc);
    if (!ok) {
        dzp_cli_error("cannot write the report to standard output");
        return EXIT_BAD_INPUT;
    }
    if (plan->message)
        dzp_cli_error("%s", plan->message);
    return dzp_cli_exit_status(plan);
}

/* Load --from; on failure emit an invalid_input document with no substrate. */
static int load_substrate(dzp_scaffold **out, const dzp_cli_opts *o, const dzp_rules *rules)
{
    if (dzp_substrate_load(out, o->from, rules) == 0)
        return -1;
    char msg[1200];
    snprintf(msg, sizeof(msg), "substrate (--from): %s", dzp_error_last());
    dzp_plan *plan = NULL;
    if (dzp_plan_invalid(&plan, NULL, msg) != 0) {
        dzp_cli_error("%s", msg);
        return EXIT_BAD_INPUT;
    }
    int rc = emit(plan, o);
    dzp_plan_free(plan);
    return rc;
}

int dzp_cli_single(const dzp_cli_opts *o, const dzp_rules *rules)
{
    dzp_scaffold *sub = NULL;
    int rc = load_substrate(&sub, o, rules);
    if (rc >= 0)
        return rc;
    dzp_plan *plan = NULL;
    int err = o->to ? dzp_plan_route(&plan, sub, o->to, rules) : dzp_plan_sites(&plan, sub);
    if (err == 0)
        err = dzp_cli_scale(plan, o);
    if (err != 0) {
        dzp_cli_error("planning failed: %s", dzp_error_last());
        rc = EXIT_BAD_INPUT;
    } else {
        rc = emit(plan, o);
    }
    dzp_plan_free(plan);
    dzp_scaffold_free(sub);
    return rc;
}
