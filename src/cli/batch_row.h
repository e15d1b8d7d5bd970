/*
 * batch_row.h - planning one row of a batch: what does not depend on the
 * row (the rules, the --from substrate) is loaded once in a planner, and
 * each row becomes a result (its rendered report and what the index, the
 * summary and stderr need).  Worker processes run the very same function,
 * so --jobs N gives the bytes of --jobs 1.
 */
#ifndef DZP_CLI_BATCH_ROW_H
#define DZP_CLI_BATCH_ROW_H

#include "batch_input.h"
#include "dzp/report.h"
#include "dzp/rules.h"
#include "options.h"

/* What one row became. */
typedef struct {
    long line;
    int status;            /* a dzp_status, or -1: internal failure, note says why */
    int steps;             /* -1 without a route */
    int flags;             /* route-level plus per-step flags */
    char *name;            /* as given, or "row<N>" */
    char *note;            /* the sentence for stderr when not ok, or NULL */
    char *doc;             /* the rendered report */
    char *stem;            /* with --out: the file-name stem of the report, else NULL */
    dzp_pictures pictures; /* with --out: the pictures to write beside it, else empty */
    char *campaign;        /* batch with --out: what its route needs (campaign_record()),
                              NULL without a route or without --out */
} batch_result;

/* Free what res holds and zero it.  Never fails. */
void batch_result_clear(batch_result *res);

typedef struct batch_planner batch_planner;

/* A planner for o's batch: loads --from once.  Returns 0, or a negative
 * dzp_error with the sentence ("substrate (--from): ..."). */
int batch_planner_new(batch_planner **out, const dzp_cli_opts *o, const dzp_rules *rules);

/* Accepts NULL. */
void batch_planner_free(batch_planner *p);

/* Plan, name and render row r into res (which is overwritten).  A row
 * that cannot be planned becomes an invalid_input document whose message
 * starts with "line N:".  Never fails as such: an internal failure (out of
 * memory) gives res->status -1 with the sentence in res->note. */
void batch_planner_row(batch_planner *p, const batch_row *r, batch_result *res);

#endif
