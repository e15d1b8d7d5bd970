/*
 * route.c - the single-compound mode: the site analysis of a substrate
 * (--from alone) or one route (--from with --to), as one document on
 * stdout and the refusal, if any, as one sentence on stderr.
 */
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "exit_status.h"
#include "render.h"

/* Write the plan's report to stdout and its refusal, if any, to stderr.
 * Returns 0, or a negative dzp_error with a message. */
static int emit(const dzp_plan *plan, const dzp_cli_opts *o)
{
    char *doc = NULL;
    int error = dzp_cli_render(&doc, plan, o->format);
    if (error < 0)
        return dzp_cli_error_wrap(error, "cannot write the report");
    size_t n = strlen(doc);
    bool ok = fwrite(doc, 1, n, stdout) == n && fflush(stdout) == 0;
    free(doc);
    if (!ok)
        return dzp_error_set(DZP_EIO, "cannot write the report to standard output");
    if (plan->message)
        dzp_cli_error("%s", plan->message);
    return 0;
}

/* The plan to print: the route or site analysis, or an invalid_input plan
 * with no substrate when --from is unusable.  Returns 0, or a negative
 * dzp_error with a message. */
static int make_plan(dzp_plan **out, dzp_scaffold **sub, const dzp_cli_opts *o,
                     const dzp_rules *rules)
{
    char msg[1200];
    int error;

    if (dzp_substrate_load(sub, o->from, rules) != 0) {
        snprintf(msg, sizeof(msg), "substrate (--from): %s", dzp_error_last());
        if (dzp_plan_invalid(out, NULL, msg) != 0)
            return dzp_error_set(DZP_EINVAL, "%s", msg);
        return 0;
    }
    error = o->to ? dzp_cli_plan_route(out, *sub, o->to, o, rules) : dzp_plan_sites(out, *sub);
    if (error == 0)
        error = dzp_cli_scale(*out, o);
    return error < 0 ? dzp_cli_error_wrap(error, "planning failed") : 0;
}

int dzp_cli_single(const dzp_cli_opts *o, const dzp_rules *rules)
{
    dzp_scaffold *sub = NULL;
    dzp_plan *plan = NULL;
    int error = make_plan(&plan, &sub, o, rules);

    if (error == 0)
        error = emit(plan, o);
    if (error < 0) {
        dzp_cli_error("%s", dzp_error_last());
        goto done;
    }
    error = dzp_cli_plan_outcome(plan);
done:
    dzp_plan_free(plan);
    dzp_scaffold_free(sub);
    return error;
}
