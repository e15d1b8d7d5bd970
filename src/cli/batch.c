/*
 * batch.c - batch mode: plan a route for every row of a compound list.
 *
 * Rows stream through: read (batch_input.c), planned and rendered
 * (batch_row.c), written (batch_sink.c) one at a time, so memory does not
 * grow with the list.  This file is the run: open the list and the output,
 * keep the rows of this --shard, plan them here (--jobs 1) or on worker
 * processes (batch_pool.c, --jobs N) with the same results in the same
 * order, say on stderr why a row was refused, draw the progress line on a
 * terminal, and end with the summary.
 *
 * Result (cli.md): DZP_EINVAL (exit 2) when any row is invalid input (the
 * most severe, and what a single invalid target gives), else DZP_ENOROUTE
 * (exit 1) when any row has no route, else 0.  An unreadable list, an
 * unusable --from, a failed write or a dead worker stops the batch with
 * one sentence, and exit status 2.
 */
#define _GNU_SOURCE
#include "batch.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch_input.h"
#include "batch_pool.h"
#include "batch_row.h"
#include "batch_sink.h"
#include "dzp/error.h"
#include "exit_status.h"

/* ---- progress on a terminal ---------------------------------------------- */

typedef struct {
    bool on;
    bool shown;
    long total;            /* -1 when unknown (stdin, a pipe) */
    long done;
    double t0, last;
} progress;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_clear(progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = false;
}

static void progress_draw(progress *p, double t)
{
    double rate = t > p->t0 ? (double)p->done / (t - p->t0) : 0;
    fprintf(stderr, "\rdzp-plan: %ld", p->done);
    if (p->total >= 0)
        fprintf(stderr, "/%ld", p->total);
    fprintf(stderr, " rows, %.1f rows/s", rate);
    if (p->total >= 0 && rate > 0 && p->total >= p->done) {
        long eta = (long)((double)(p->total - p->done) / rate + 0.5);
        fprintf(stderr, ", ETA %ld:%02ld:%02ld", eta / 3600, eta / 60 % 60, eta % 60);
    }
    fputs("\033[K", stderr);
    fflush(stderr);
    p->shown = true;
    p->last = t;
}

/* One more row done; redraw at most five times a second. */
static void progress_tick(progress *p)
{
    p->done++;
    if (!p->on)
        return;
    double t = now_s();
    if (t - p->last >= 0.2)
        progress_draw(p, t);
}

/* ---- the run ------------------------------------------------------------- */

typedef struct {
    const dzp_cli_opts *o;
    const dzp_rules *rules;
    batch_planner *planner;
    FILE *in;
    batch_reader *reader;
    batch_sink *out;
    progress prog;
    long counts[3];        /* by dzp_status */
    char stem[BATCH_STEM_MAX + 1]; /* the file-name stem of the row just read (--out) */
} batch_run;

static bool in_shard(const dzp_cli_opts *o, long index)
{
    return o->shard_n <= 0 || index % o->shard_n == o->shard_k - 1;
}

/* The next row of this shard: 1, 0 at the end, or a negative dzp_error.
 * With --out its report's file-name stem is claimed here, in input order,
 * so the names do not depend on which worker plans the row. */
static int next_row(batch_run *run, batch_row *row)
{
    int got;
    while ((got = batch_reader_next(run->reader, row)) > 0) {
        if (!in_shard(run->o, row->index))
            continue;
        row->stem = NULL;
        if (!run->o->out_dir)
            return 1;
        char rowname[32];
        snprintf(rowname, sizeof(rowname), "row%ld", row->line);
        int error = batch_sink_claim(run->out, row->name ? row->name : rowname, run->stem);
        row->stem = run->stem;
        return error < 0 ? error : 1;
    }
    return got;
}

/* Report a result: its stderr line, the document, the counts. */
static int take_result(batch_run *run, const batch_result *res)
{
    int error;
    if (res->status < 0)
        return dzp_error_set(DZP_EINTERNAL, "internal error planning line %ld: %s", res->line,
                             res->note ? res->note : "out of memory");
    if (res->note) {
        progress_clear(&run->prog);
        dzp_cli_error("line %ld (%s): %s", res->line, res->name, res->note);
    } else if (run->o->verbose) {
        progress_clear(&run->prog);
        dzp_cli_error("line %ld (%s): ok, %d step%s, %d flag%s", res->line, res->name,
                      res->steps, res->steps == 1 ? "" : "s", res->flags,
                      res->flags == 1 ? "" : "s");
    }
    if ((error = batch_sink_emit(run->out, res)) < 0)
        return error;
    run->counts[res->status]++;
    progress_tick(&run->prog);
    return 0;
}

static int run_serial(batch_run *run)
{
    batch_row row;
    int got = 0, error = 0;
    while (error == 0 && (got = next_row(run, &row)) > 0) {
        batch_result res;
        batch_planner_row(run->planner, &row, &res);
        error = take_result(run, &res);
        batch_result_clear(&res);
    }
    return error < 0 ? error : got < 0 ? got : 0;
}

/* Take the oldest result of the pool.  Returns 1, 0 when none is
 * outstanding, or a negative dzp_error. */
static int collect(batch_run *run, batch_pool *pl)
{
    batch_result res;
    int got = batch_pool_receive(pl, &res);
    if (got > 0) {
        int error = take_result(run, &res);
        got = error < 0 ? error : 1;
    }
    batch_result_clear(&res);
    return got;
}

static int run_pool(batch_run *run)
{
    batch_pool *pl = NULL;
    batch_row row;
    int got, error = batch_pool_start(&pl, run->o->jobs, run->planner);
    if (error < 0)
        return error;
    while ((got = next_row(run, &row)) > 0) {
        if (batch_pool_full(pl) && (error = collect(run, pl)) < 0)
            break;
        if ((error = batch_pool_send(pl, &row)) < 0)
            break;
    }
    if (error >= 0 && got < 0)
        error = got;
    while (error >= 0 && (error = collect(run, pl)) > 0)
        ;
    batch_pool_stop(pl, error < 0);
    return error;
}

/* The rows of this shard in a regular file, for the progress line, into
 * *total; -1 when unknown (stdin, a pipe, an unreadable list).  The file
 * is read once and rewound.  Returns 0, or DZP_EIO with the sentence when
 * it cannot be rewound. */
static int count_rows(batch_run *run, long *total)
{
    struct stat st;
    off_t start = ftello(run->in);
    batch_reader *r = NULL;
    *total = -1;
    if (fstat(fileno(run->in), &st) != 0 || !S_ISREG(st.st_mode) || start < 0 ||
        batch_reader_open(&r, run->in, run->o->batch, "the batch file") != 0)
        return 0;
    batch_reader_columns(r, run->o->smiles_column, run->o->name_column);
    long n = 0;
    batch_row row;
    int got;
    while ((got = batch_reader_next(r, &row)) > 0)
        n += in_shard(run->o, row.index);
    batch_reader_free(r);
    clearerr(run->in);
    if (fseeko(run->in, start, SEEK_SET) != 0)
        return dzp_error_set(DZP_EIO, "cannot read the batch file '%s' again: %s", run->o->batch,
                             strerror(errno));
    *total = got < 0 ? -1 : n;
    return 0;
}

static int open_input(batch_run *run)
{
    const char *path = run->o->batch;
    bool std_in = strcmp(path, "-") == 0;
    struct stat st;
    run->in = std_in ? stdin : fopen(path, "r");
    const char *why = !run->in || fstat(fileno(run->in), &st) != 0 ? strerror(errno)
                      : S_ISDIR(st.st_mode)                        ? "it is a directory"
                                                                   : NULL;
    if (why)
        return dzp_error_set(DZP_EIO, "cannot read the batch file '%s': %s", std_in ? "-" : path,
                             why);
    char *what = NULL;
    if (std_in ? !(what = strdup("standard input"))
               : asprintf(&what, "the batch file '%s'", path) < 0)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    int error = batch_reader_open(&run->reader, run->in, std_in ? NULL : path, what);
    free(what);
    if (error == 0)
        batch_reader_columns(run->reader, run->o->smiles_column, run->o->name_column);
    return error;
}

static int run_open(batch_run *run)
{
    int error;
    if ((error = batch_planner_new(&run->planner, run->o, run->rules)) < 0 ||
        (error = open_input(run)) < 0 || (error = batch_sink_open(&run->out, run->o)) < 0)
        return error;
    run->prog.on = !run->o->quiet && isatty(STDERR_FILENO);
    run->prog.total = -1;
    return run->prog.on ? count_rows(run, &run->prog.total) : 0;
}

static void run_close(batch_run *run)
{
    batch_sink_close(run->out);
    batch_reader_free(run->reader);
    if (run->in && run->in != stdin)
        fclose(run->in);
    batch_planner_free(run->planner);
}

/* What the counts mean for the exit status: invalid input before no route. */
static int outcome(const long counts[3])
{
    if (counts[DZP_STATUS_INVALID_INPUT] > 0)
        return dzp_error_set(DZP_EINVAL, "%ld rows are invalid input",
                             counts[DZP_STATUS_INVALID_INPUT]);
    if (counts[DZP_STATUS_NO_ROUTE] > 0)
        return dzp_error_set(DZP_ENOROUTE, "%ld rows have no route", counts[DZP_STATUS_NO_ROUTE]);
    return 0;
}

int dzp_cli_batch(const dzp_cli_opts *o, const dzp_rules *rules)
{
    batch_run run;
    memset(&run, 0, sizeof(run));
    run.o = o;
    run.rules = rules;
    run.prog.t0 = now_s();
    struct sigaction ignore, old_pipe;
    memset(&ignore, 0, sizeof(ignore));
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, &old_pipe);

    int error = run_open(&run);
    if (error == 0)
        error = o->jobs > 1 ? run_pool(&run) : run_serial(&run);
    dzp_report_index_totals totals = {run.counts[DZP_STATUS_OK], run.counts[DZP_STATUS_NO_ROUTE],
                                      run.counts[DZP_STATUS_INVALID_INPUT]};
    if (error == 0)
        error = batch_sink_finish(run.out, &totals);
    progress_clear(&run.prog);
    if (error < 0) {
        dzp_cli_error("%s", dzp_error_last());
        goto done;
    }
    dzp_cli_error("%ld planned, %ld no route, %ld invalid in %.2f s", totals.planned,
                  totals.no_route, totals.invalid, now_s() - run.prog.t0);
    error = outcome(run.counts);
done:
    run_close(&run);
    sigaction(SIGPIPE, &old_pipe, NULL);
    return error;
}
