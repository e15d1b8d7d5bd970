/*
 * route.c - the single-compound mode: the site analysis of a substrate
 * (--from alone) or one route (--from with --to), as one document on
 * stdout, or with --out as a file named by --name with its structure
 * pictures beside it, and the refusal, if any, as one sentence on stderr.
 */
#define _GNU_SOURCE
#include "route.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "exit_status.h"
#include "batch_sink.h"
#include "render.h"

/* The report on stdout (HTML with its pictures inline). */
static int emit_stdout(const dzp_plan *plan, const dzp_cli_opts *o)
{
    dzp_pictures pics = {NULL, 0};
    char *doc = NULL;
    int error = o->format == DZP_REPORT_HTML ? dzp_report_pictures(&pics, plan, "route") : 0;
    if (error == 0)
        error = dzp_cli_render(&doc, plan, o->format, &pics);
    dzp_report_pictures_clear(&pics);
    if (error < 0)
        return dzp_cli_error_wrap(error, "cannot write the report");
    size_t n = strlen(doc);
    errno = 0;
    bool ok = fwrite(doc, 1, n, stdout) == n && fflush(stdout) == 0;
    int err = errno;
    free(doc);
    if (!ok)
        return dzp_cli_stdout_failed("report", err);
    return 0;
}

/* --out DIR: the report named by --name (or "route") and its pictures,
 * written through the batch sink (temporary names, fsync, rename). */
static int emit_dir(const dzp_plan *plan, const dzp_cli_opts *o)
{
    batch_sink *sink = NULL;
    char stem[BATCH_STEM_MAX + 1];
    batch_result res = {.status = (int)plan->status};
    int error = batch_sink_open(&sink, o);
    if (error == 0)
        error = batch_sink_claim(sink, o->name ? o->name : "route", stem);
    if (error == 0 && !(res.stem = strdup(stem)))
        error = dzp_error_set(DZP_ENOMEM, "out of memory");
    if (error == 0)
        error = dzp_report_pictures(&res.pictures, plan, stem);
    if (error == 0)
        error = dzp_cli_render(&res.doc, plan, o->format, &res.pictures);
    if (error == 0)
        error = batch_sink_emit(sink, &res);
    batch_result_clear(&res);
    batch_sink_close(sink);
    return error < 0 ? dzp_cli_error_wrap(error, "cannot write the report") : 0;
}

/* Write the plan's report to stdout or --out and its refusal, if any, to
 * stderr.  Returns 0, or a negative dzp_error with a message. */
static int emit(const dzp_plan *plan, const dzp_cli_opts *o)
{
    int error = o->out_dir ? emit_dir(plan, o) : emit_stdout(plan, o);
    if (error == 0 && plan->message)
        dzp_cli_error("%s", plan->message);
    return error;
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
    if (error == 0 && o->name)
        error = dzp_plan_set_name(*out, o->name);
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
