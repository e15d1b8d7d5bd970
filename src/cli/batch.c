/*
 * batch.c - batch mode: plan a route for every row of a compound list.
 *
 * Rows stream through: read (batch_input.c), planned, rendered and written
 * one at a time, so memory does not grow with the list.  Everything that
 * does not depend on the row (the rules, the --from substrate) is done
 * once; a per-row `from` is parsed per row, the last one cached.  A bad row
 * never stops the batch: it becomes an invalid_input document whose message
 * starts with "line N:", and one line on stderr.
 *
 * Reports go to stdout (Markdown documents separated by one blank line, or
 * NDJSON with a "line" key per document), or with --out to one file per
 * compound plus index.md / index.json.  Every file is written to a
 * temporary name, fsync'd and renamed, so an interrupted run leaves no
 * half-written report; the index is streamed to its own temporary file and
 * renamed at the end.
 *
 * --jobs N plans on N worker processes, not threads (Open Babel is not
 * thread-safe as we call it; see OPENBABEL_NOTES.md).  They are forked once
 * the rules and substrate are loaded.  Row i goes to worker i % N, which
 * holds up to WORKER_DEPTH rows in a queue, so it never idles while the
 * parent waits on another worker; before handing it a new row the parent
 * reads its oldest result (row i - N * WORKER_DEPTH), which is then always
 * the oldest outstanding row overall, so results arrive in input order with
 * no reordering buffer.  Workers
 * run the very same plan_row() as --jobs 1 and send back the rendered
 * bytes, so the output is byte-identical.  The parent only writes small
 * rows (a few of them always fit a pipe) and reads each whole result: no
 * deadlock.
 *
 * Exit status (cli.md): 2 when any row is invalid input (the most severe,
 * and what a single invalid target gives), else 1 when any row has no
 * route, else 0.  An unreadable list, an unusable --from, a failed write or
 * a dead worker stops the batch with one sentence and status 2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch_input.h"
#include "cli.h"
#include "dzp/error.h"

/* ---- planning one row ------------------------------------------------ */

/* What one row became: its report and what the index and summary need. */
typedef struct {
    long line;
    int status;            /* a dzp_status, or -1: internal failure, note says why */
    int steps;             /* -1 without a route */
    int flags;             /* route-level plus per-step flags */
    char *name;            /* as given, or "row<N>" */
    char *note;            /* the sentence for stderr when not ok, or NULL */
    char *doc;
} row_result;

static void result_clear(row_result *res)
{
    free(res->name);
    free(res->note);
    free(res->doc);
    memset(res, 0, sizeof(*res));
}

typedef struct {
    const dzp_cli_opts *o;
    const dzp_rules *rules;
    dzp_scaffold *sub;          /* --from, loaded once */
    char *row_from;             /* the last per-row `from` seen, ... */
    dzp_scaffold *row_sub;      /* ... its scaffold, or NULL ... */
    char *row_err;              /* ... and then why it is unusable */
} planner;

static void planner_clear(planner *p)
{
    dzp_scaffold_free(p->sub);
    dzp_scaffold_free(p->row_sub);
    free(p->row_from);
    free(p->row_err);
}

/* The substrate for a row: --from, or the row's own `from` (cached).
 * NULL with *why (a sentence without "line N:") when it is unusable. */
static const dzp_scaffold *row_substrate(planner *p, const char *from, const char **why)
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
static int row_plan(planner *p, const batch_row *r, dzp_plan **out)
{
    const char *why = r->error;
    const dzp_scaffold *sub = why ? p->sub : row_substrate(p, r->from, &why);
    char failed[1024];
    *out = NULL;
    if (!why) {
        int rc = dzp_plan_route(out, sub, r->smiles, p->rules);
        if (rc == 0 && (rc = dzp_cli_scale(*out, p->o)) == 0)
            return 0;
        dzp_plan_free(*out);
        *out = NULL;
        if (rc == DZP_ENOMEM)
            return rc;
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
static int row_note(dzp_plan *plan, long line, row_result *res)
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

/* Add "line": N to a JSON report ("{...}\n") as its last key.  Spliced as
 * text, not re-serialised, so the reporter's bytes (numbers included) stay
 * exactly as dzp_report_json() wrote them. */
static int json_add_line(char **doc, long line)
{
    size_t n = strlen(*doc);
    if (n < 4 || (*doc)[0] != '{' || (*doc)[n - 2] != '}' || (*doc)[n - 1] != '\n')
        return dzp_error_set(DZP_EINTERNAL, "the JSON report is not one object on one line");
    char tail[48];
    int k = snprintf(tail, sizeof(tail), ",\"line\":%ld}\n", line);
    char *grown = realloc(*doc, n - 2 + (size_t)k + 1);
    if (!grown)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    memcpy(grown + n - 2, tail, (size_t)k + 1);
    *doc = grown;
    return 0;
}

/* Plan, name and render row r into res.  Never fails as such: an internal
 * failure gives res->status -1 with the sentence in res->note. */
static void plan_row(planner *p, const batch_row *r, row_result *res)
{
    char rowname[32];
    snprintf(rowname, sizeof(rowname), "row%ld", r->line);
    const char *name = r->name ? r->name : rowname;
    dzp_plan *plan = NULL;
    memset(res, 0, sizeof(*res));
    res->line = r->line;
    int rc = row_plan(p, r, &plan);
    if (rc == 0)
        rc = dzp_plan_set_name(plan, name);
    if (rc == 0)
        rc = row_note(plan, r->line, res);
    if (rc == 0)
        rc = dzp_cli_render(&res->doc, plan, p->o->format);
    if (rc == 0 && p->o->format == FORMAT_JSON)
        rc = json_add_line(&res->doc, r->line);
    if (rc == 0 && !(res->name = strdup(name)))
        rc = dzp_error_set(DZP_ENOMEM, "out of memory");
    if (rc == 0) {
        res->status = (int)plan->status;
        res->steps = plan->has_route ? (int)plan->n_steps : -1;
        res->flags = count_flags(plan);
    } else {
        result_clear(res);
        res->line = r->line;
        res->status = -1;
        res->note = strdup(dzp_error_last());
    }
    dzp_plan_free(plan);
}

/* ---- the pipe protocol: length-prefixed messages ---------------------- */

typedef struct {
    char *p;
    size_t n, cap;
    bool failed;
} wbuf;

static void wb_put(wbuf *b, const void *src, size_t n)
{
    if (b->failed || n == 0)
        return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n)
            cap *= 2;
        char *grown = realloc(b->p, cap);
        if (!grown) {
            b->failed = true;
            return;
        }
        b->p = grown;
        b->cap = cap;
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
}

static void wb_i64(wbuf *b, int64_t v)
{
    wb_put(b, &v, sizeof(v));
}

/* A string as its length with the NUL (0 for NULL), then those bytes. */
static void wb_str(wbuf *b, const char *s)
{
    uint32_t n = s ? (uint32_t)strlen(s) + 1 : 0;
    wb_put(b, &n, sizeof(n));
    wb_put(b, s, n);
}

/* Start a message: room for its length, patched by wb_end(). */
static void wb_begin(wbuf *b)
{
    b->n = 0;
    wb_put(b, &b->n, sizeof(uint32_t));
}

static void wb_end(wbuf *b)
{
    uint32_t n = (uint32_t)(b->n - sizeof(uint32_t));
    if (!b->failed)
        memcpy(b->p, &n, sizeof(n));
}

typedef struct {
    const char *p;
    size_t n;
    bool bad;
} rbuf;

static int64_t rb_i64(rbuf *b)
{
    int64_t v = 0;
    if (b->n < sizeof(v)) {
        b->bad = true;
        return 0;
    }
    memcpy(&v, b->p, sizeof(v));
    b->p += sizeof(v);
    b->n -= sizeof(v);
    return v;
}

/* A string of the message, borrowed from it, or NULL. */
static const char *rb_str(rbuf *b)
{
    uint32_t n = 0;
    if (b->n < sizeof(n)) {
        b->bad = true;
        return NULL;
    }
    memcpy(&n, b->p, sizeof(n));
    b->p += sizeof(n);
    b->n -= sizeof(n);
    if (n > b->n || (n > 0 && b->p[n - 1] != '\0')) {
        b->bad = true;
        return NULL;
    }
    const char *s = n ? b->p : NULL;
    b->p += n;
    b->n -= n;
    return s;
}

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Returns the number of bytes read: n, or fewer at the end of input. */
static size_t read_all(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, (char *)buf + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    return got;
}

/* One message into a malloc'd *out.  Returns 1, 0 at a clean end of
 * input, -1 on a short or failed read. */
static int read_msg(int fd, char **out, size_t *len)
{
    uint32_t n;
    size_t got = read_all(fd, &n, sizeof(n));
    if (got != sizeof(n))
        return got == 0 ? 0 : -1;
    char *msg = malloc(n ? n : 1);
    if (!msg || read_all(fd, msg, n) != n) {
        free(msg);
        return -1;
    }
    *out = msg;
    *len = n;
    return 1;
}

static void encode_row(wbuf *b, const batch_row *r)
{
    wb_begin(b);
    wb_i64(b, r->line);
    wb_i64(b, r->index);
    wb_str(b, r->smiles);
    wb_str(b, r->name);
    wb_str(b, r->from);
    wb_str(b, r->error);
    wb_end(b);
}

static int decode_row(const char *msg, size_t len, batch_row *r)
{
    rbuf b = {msg, len, false};
    r->line = (long)rb_i64(&b);
    r->index = (long)rb_i64(&b);
    r->smiles = rb_str(&b);
    r->name = rb_str(&b);
    r->from = rb_str(&b);
    r->error = rb_str(&b);
    return b.bad ? -1 : 0;
}

static void encode_result(wbuf *b, const row_result *res)
{
    wb_begin(b);
    wb_i64(b, res->line);
    wb_i64(b, res->status);
    wb_i64(b, res->steps);
    wb_i64(b, res->flags);
    wb_str(b, res->name);
    wb_str(b, res->note);
    wb_str(b, res->doc);
    wb_end(b);
}

static char *dup_or_null(const char *s, bool *failed)
{
    char *d = s ? strdup(s) : NULL;
    *failed = *failed || (s && !d);
    return d;
}

static int decode_result(const char *msg, size_t len, row_result *res)
{
    rbuf b = {msg, len, false};
    res->line = (long)rb_i64(&b);
    res->status = (int)rb_i64(&b);
    res->steps = (int)rb_i64(&b);
    res->flags = (int)rb_i64(&b);
    bool failed = false;
    res->name = dup_or_null(rb_str(&b), &failed);
    res->note = dup_or_null(rb_str(&b), &failed);
    res->doc = dup_or_null(rb_str(&b), &failed);
    bool whole = res->status == -1 || (res->status >= DZP_STATUS_OK &&
                                       res->status <= DZP_STATUS_INVALID_INPUT && res->name &&
                                       res->doc);
    return b.bad || failed || !whole ? -1 : 0;
}

/* ---- worker processes -------------------------------------------------- */

/* Rows queued per worker: enough that it never waits for the parent. */
#define WORKER_DEPTH 4

typedef struct {
    pid_t pid;             /* 0 once reaped */
    int to, from;          /* pipe ends: rows to it, results from it; -1 when closed */
    long line;             /* its oldest outstanding line, 0 when idle */
    long queue[WORKER_DEPTH]; /* outstanding lines, oldest first */
    int queued;
} worker;

typedef struct {
    worker *w;
    int n;
    long sent;             /* rows handed out so far */
    wbuf msg;
} pool;

/* A worker's life: read a row, plan it, send the result back; exit at the
 * end of its input.  _exit, never exit: the parent's stdio buffers and
 * atexit handlers are not the child's to run. */
static _Noreturn void worker_main(int in, int out, planner *p)
{
    wbuf b = {0};
    for (;;) {
        char *msg = NULL;
        size_t len = 0;
        int rc = read_msg(in, &msg, &len);
        if (rc <= 0)
            _exit(rc == 0 ? 0 : 3);
        batch_row row;
        row_result res;
        if (decode_row(msg, len, &row) != 0)
            _exit(3);
        plan_row(p, &row, &res);
        free(msg);
        encode_result(&b, &res);
        result_clear(&res);
        if (b.failed || write_all(out, b.p, b.n) != 0)
            _exit(4);
    }
}

/* In the child of worker k: keep only its own pipe ends, default signals. */
static _Noreturn void worker_start(pool *pl, int k, const int rows[2], const int results[2],
                                   planner *p)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        signal(sigs[i], SIG_DFL);
    close(rows[1]);
    close(results[0]);
    for (int j = 0; j < k; j++) {
        close(pl->w[j].to);
        close(pl->w[j].from);
    }
    worker_main(rows[0], results[1], p);
}

static void pool_stop(pool *pl, bool abort)
{
    for (int k = 0; k < pl->n; k++) {
        worker *w = &pl->w[k];
        if (w->to >= 0)
            close(w->to);
        if (w->from >= 0)
            close(w->from);
        if (abort && w->pid > 0)
            kill(w->pid, SIGTERM);
    }
    for (int k = 0; k < pl->n; k++)
        if (pl->w[k].pid > 0)
            while (waitpid(pl->w[k].pid, NULL, 0) < 0 && errno == EINTR)
                ;
    free(pl->w);
    free(pl->msg.p);
    memset(pl, 0, sizeof(*pl));
}

static void close_pair(int fd[2])
{
    for (int i = 0; i < 2; i++)
        if (fd[i] >= 0)
            close(fd[i]);
}

/* Fork one more worker.  Returns 0, or -1 with errno set. */
static int pool_spawn(pool *pl, planner *p)
{
    int rows[2] = {-1, -1}, results[2] = {-1, -1};
    if (pipe(rows) != 0 || pipe(results) != 0) {
        int err = errno;
        close_pair(rows);
        close_pair(results);
        errno = err;
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0)
        worker_start(pl, pl->n, rows, results, p);
    int err = errno;
    close(rows[0]);
    close(results[1]);
    pl->w[pl->n++] = (worker){.pid = pid > 0 ? pid : 0, .to = rows[1], .from = results[0]};
    errno = err;
    return pid > 0 ? 0 : -1;
}

/* Fork n workers once everything shared is loaded.  Returns 0, or -1 with
 * the error printed (and no worker left). */
static int pool_start(pool *pl, int n, planner *p)
{
    memset(pl, 0, sizeof(*pl));
    if (!(pl->w = calloc((size_t)n, sizeof(worker)))) {
        dzp_cli_error("out of memory starting %d worker processes", n);
        return -1;
    }
    fflush(NULL);
    while (pl->n < n)
        if (pool_spawn(pl, p) != 0) {
            dzp_cli_error("cannot start %d worker processes: %s", n, strerror(errno));
            pool_stop(pl, true);
            return -1;
        }
    return 0;
}

/* Say why worker w is gone (it was planning w->line). */
static void worker_lost(worker *w)
{
    int st = 0;
    char how[96] = "its pipe broke";
    if (w->pid > 0 && waitpid(w->pid, &st, 0) == w->pid) {
        if (WIFSIGNALED(st))
            snprintf(how, sizeof(how), "killed by signal %d, %s", WTERMSIG(st),
                     strsignal(WTERMSIG(st)));
        else if (WIFEXITED(st))
            snprintf(how, sizeof(how), "exit status %d", WEXITSTATUS(st));
        w->pid = 0;
    }
    dzp_cli_error("internal error: a worker process stopped (%s) while planning line %ld; "
                  "the batch is incomplete, retry with --jobs 1", how, w->line);
}

static int pool_send(pool *pl, worker *w, const batch_row *row)
{
    encode_row(&pl->msg, row);
    if (pl->msg.failed) {
        dzp_cli_error("out of memory sending line %ld to a worker", row->line);
        return -1;
    }
    w->queue[w->queued++] = row->line;
    w->line = w->queue[0];
    pl->sent++;
    if (write_all(w->to, pl->msg.p, pl->msg.n) != 0) {
        worker_lost(w);
        return -1;
    }
    return 0;
}

static int pool_receive(worker *w, row_result *res)
{
    char *msg = NULL;
    size_t len = 0;
    memset(res, 0, sizeof(*res));
    int rc = read_msg(w->from, &msg, &len);
    if (rc <= 0) {
        worker_lost(w);
        return -1;
    }
    rc = decode_result(msg, len, res);
    free(msg);
    if (rc != 0) {
        result_clear(res);
        dzp_cli_error("internal error: a worker sent a malformed result for line %ld", w->line);
        return -1;
    }
    memmove(w->queue, w->queue + 1, sizeof(long) * (size_t)--w->queued);
    w->line = w->queued ? w->queue[0] : 0;
    return 0;
}

/* ---- progress on a terminal ------------------------------------------- */

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

/* ---- the output: stdout, or a directory of files ----------------------- */

/* Temporary files to remove if a signal ends the run: [0] the report being
 * written, [1] the index.  Relative to g_dirfd. */
static int g_dirfd = -1;
static char g_tmp[2][BATCH_STEM_MAX + 64];
static volatile sig_atomic_t g_tmp_set[2];
static const int cleanup_sigs[] = {SIGINT, SIGTERM, SIGHUP};
static struct sigaction g_old_action[3];
static bool g_signals_set;

static void on_signal(int sig)
{
    for (int i = 0; i < 2; i++)
        if (g_tmp_set[i] && g_dirfd >= 0)
            unlinkat(g_dirfd, g_tmp[i], 0);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void cleanup_on_signals(bool on)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    if (on == g_signals_set)
        return;
    for (size_t i = 0; i < sizeof(cleanup_sigs) / sizeof(cleanup_sigs[0]); i++)
        sigaction(cleanup_sigs[i], on ? &sa : &g_old_action[i], on ? &g_old_action[i] : NULL);
    g_signals_set = on;
}

typedef struct {
    const dzp_cli_opts *o;
    long emitted;
    int dirfd;             /* --out, else -1 */
    batch_names *names;
    FILE *index;           /* the index so far, under the temporary name g_tmp[1] */
} sink;

/* Create the temporary file g_tmp[slot] (named from file) in dirfd. */
static int tmp_open(int dirfd, int slot, const char *file)
{
    snprintf(g_tmp[slot], sizeof(g_tmp[slot]), ".%s.tmp.%ld", file, (long)getpid());
    g_tmp_set[slot] = 1;
    int fd = openat(dirfd, g_tmp[slot], O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
                    0666);
    if (fd < 0)
        g_tmp_set[slot] = 0;
    return fd;
}

/* Make the temporary file g_tmp[slot], already closed, the file `file`. */
static int tmp_commit(int dirfd, int slot, const char *file, bool ok)
{
    int err = errno;
    if (ok && renameat(dirfd, g_tmp[slot], dirfd, file) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok)
        unlinkat(dirfd, g_tmp[slot], 0);
    g_tmp_set[slot] = 0;
    errno = err;
    return ok ? 0 : -1;
}

/* Write data to dir/file through a temporary name, fsync'd and renamed. */
static int write_atomic(const sink *s, const char *file, const char *data)
{
    int fd = tmp_open(s->dirfd, 0, file);
    bool ok = fd >= 0 && write_all(fd, data, strlen(data)) == 0 && fsync(fd) == 0;
    int err = errno;
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    errno = err;
    if (tmp_commit(s->dirfd, 0, file, ok) != 0) {
        dzp_cli_error("cannot write '%s/%s': %s", s->o->out_dir, file, strerror(errno));
        return -1;
    }
    return 0;
}

static const char *index_name(const dzp_cli_opts *o)
{
    return o->format == FORMAT_JSON ? "index.json" : "index.md";
}

/* Open DIR (created if missing) and start the index. */
static int sink_open_dir(sink *s)
{
    const char *dir = s->o->out_dir;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        dzp_cli_error("cannot create the output directory '%s': %s", dir, strerror(errno));
        return -1;
    }
    if ((s->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        dzp_cli_error("cannot use '%s' as the output directory: %s", dir, strerror(errno));
        return -1;
    }
    char index_stem[BATCH_STEM_MAX + 1] = "index";
    if (batch_names_new(&s->names) != 0 || batch_names_claim(s->names, index_stem) != 0) {
        dzp_cli_error("out of memory");
        return -1;
    }
    g_dirfd = s->dirfd;
    cleanup_on_signals(true);
    int fd = tmp_open(s->dirfd, 1, index_name(s->o));
    if (fd < 0 || !(s->index = fdopen(fd, "w"))) {
        dzp_cli_error("cannot write in the output directory '%s': %s", dir, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (s->o->format == FORMAT_JSON)
        fputs("[", s->index);
    else
        fputs("# dzp-plan batch index\n\n| name | line | status | steps | flags | report |\n"
              "|---|---:|---|---:|---:|---|\n", s->index);
    return 0;
}

static int sink_open(sink *s, const dzp_cli_opts *o)
{
    memset(s, 0, sizeof(*s));
    s->o = o;
    s->dirfd = -1;
    return o->out_dir ? sink_open_dir(s) : 0;
}

/* A JSON string; s is valid UTF-8. */
static void put_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* Table-cell text: Markdown punctuation and the cell bar escaped. */
static void put_md_cell(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (strchr("\\`*_[]<>|~&#!", *s))
            fputc('\\', f);
        fputc(*s, f);
    }
}

static int index_add(sink *s, const row_result *res, const char *file)
{
    char *name = batch_utf8_clean(res->name);
    if (!name) {
        dzp_cli_error("out of memory");
        return -1;
    }
    const char *status = dzp_status_name((dzp_status)res->status);
    if (s->o->format == FORMAT_JSON) {
        fputs(s->emitted ? ",\n  {\"name\":" : "\n  {\"name\":", s->index);
        put_json_str(s->index, name);
        fprintf(s->index, ",\"line\":%ld,\"status\":\"%s\",\"steps\":", res->line, status);
        fprintf(s->index, res->steps >= 0 ? "%d" : "null", res->steps);
        fprintf(s->index, ",\"flags\":%d,\"file\":\"%s\"}", res->flags, file);
    } else {
        fputs("| ", s->index);
        put_md_cell(s->index, name);
        fprintf(s->index, " | %ld | %s | ", res->line, status);
        fprintf(s->index, res->steps >= 0 ? "%d" : "-", res->steps);
        fprintf(s->index, " | %d | [%s](%s) |\n", res->flags, file, file);
    }
    free(name);
    return 0;
}

static int emit_file(sink *s, const row_result *res)
{
    char stem[BATCH_STEM_MAX + 1], file[BATCH_STEM_MAX + 8];
    batch_safe_stem(stem, res->name);
    if (batch_names_claim(s->names, stem) != 0) {
        dzp_cli_error("out of memory");
        return -1;
    }
    snprintf(file, sizeof(file), "%s%s", stem, s->o->format == FORMAT_JSON ? ".json" : ".md");
    if (write_atomic(s, file, res->doc) != 0)
        return -1;
    return index_add(s, res, file);
}

static int emit_stdout(const sink *s, const row_result *res)
{
    if (s->emitted > 0 && s->o->format == FORMAT_MD)
        fputc('\n', stdout);
    fputs(res->doc, stdout);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        dzp_cli_error("cannot write the reports to standard output: %s", strerror(errno));
        return -1;
    }
    return 0;
}

static int sink_emit(sink *s, const row_result *res)
{
    int rc = s->dirfd >= 0 ? emit_file(s, res) : emit_stdout(s, res);
    s->emitted += rc == 0;
    return rc;
}

/* Finish the index: its last lines, fsync, rename, and fsync the directory. */
static int sink_finish(sink *s, const long counts[3])
{
    if (s->dirfd < 0)
        return 0;
    if (s->o->format == FORMAT_JSON)
        fputs(s->emitted ? "\n]\n" : "]\n", s->index);
    else
        fprintf(s->index, "\n%ld planned, %ld no route, %ld invalid.\n", counts[0], counts[1],
                counts[2]);
    bool ok = fflush(s->index) == 0 && !ferror(s->index) && fsync(fileno(s->index)) == 0;
    int err = errno;
    if (fclose(s->index) != 0 && ok) {
        ok = false;
        err = errno;
    }
    s->index = NULL;
    errno = err;
    if (tmp_commit(s->dirfd, 1, index_name(s->o), ok) != 0) {
        dzp_cli_error("cannot write '%s/%s': %s", s->o->out_dir, index_name(s->o),
                      strerror(errno));
        return -1;
    }
    fsync(s->dirfd);
    return 0;
}

static void sink_close(sink *s)
{
    if (s->index) {
        fclose(s->index);
        unlinkat(s->dirfd, g_tmp[1], 0);
        g_tmp_set[1] = 0;
    }
    if (s->dirfd >= 0) {
        cleanup_on_signals(false);
        close(s->dirfd);
        g_dirfd = -1;
    }
    batch_names_free(s->names);
}

/* ---- the run ------------------------------------------------------------ */

typedef struct {
    const dzp_cli_opts *o;
    planner plan;
    FILE *in;
    batch_reader *reader;
    sink out;
    progress prog;
    long counts[3];        /* by dzp_status */
} batch_run;

static bool in_shard(const dzp_cli_opts *o, long index)
{
    return o->shard_n <= 0 || index % o->shard_n == o->shard_k - 1;
}

/* The next row of this shard: 1, 0 at the end, -1 with the error printed. */
static int next_row(batch_run *run, batch_row *row)
{
    int rc;
    while ((rc = batch_reader_next(run->reader, row)) > 0)
        if (in_shard(run->o, row->index))
            return 1;
    if (rc < 0) {
        progress_clear(&run->prog);
        dzp_cli_error("%s", dzp_error_last());
        return -1;
    }
    return 0;
}

/* Report a result: its stderr line, the document, the counts. */
static int take_result(batch_run *run, const row_result *res)
{
    if (res->status < 0) {
        progress_clear(&run->prog);
        dzp_cli_error("internal error planning line %ld: %s", res->line,
                      res->note ? res->note : "out of memory");
        return -1;
    }
    if (res->note) {
        progress_clear(&run->prog);
        dzp_cli_error("line %ld (%s): %s", res->line, res->name, res->note);
    }
    if (sink_emit(&run->out, res) != 0)
        return -1;
    run->counts[res->status]++;
    progress_tick(&run->prog);
    return 0;
}

static int run_serial(batch_run *run)
{
    batch_row row;
    int rc;
    while ((rc = next_row(run, &row)) > 0) {
        row_result res;
        plan_row(&run->plan, &row, &res);
        rc = take_result(run, &res);
        result_clear(&res);
        if (rc != 0)
            return -1;
    }
    return rc;
}

static int collect(batch_run *run, worker *w)
{
    row_result res;
    int rc = pool_receive(w, &res);
    if (rc == 0)
        rc = take_result(run, &res);
    result_clear(&res);
    return rc;
}

static int run_pool(batch_run *run)
{
    pool pl;
    if (pool_start(&pl, run->o->jobs, &run->plan) != 0)
        return -1;
    batch_row row;
    int rc;
    while ((rc = next_row(run, &row)) > 0) {
        worker *w = &pl.w[pl.sent % pl.n];
        if ((w->queued == WORKER_DEPTH && collect(run, w) != 0) || pool_send(&pl, w, &row) != 0) {
            rc = -1;
            break;
        }
    }
    long window = (long)pl.n * WORKER_DEPTH;
    for (long i = pl.sent > window ? pl.sent - window : 0; rc == 0 && i < pl.sent; i++)
        if (pl.w[i % pl.n].queued)
            rc = collect(run, &pl.w[i % pl.n]);
    if (rc != 0)
        progress_clear(&run->prog);
    pool_stop(&pl, rc != 0);
    return rc;
}

/* Rows of this shard in a regular file, for the progress line; -1 when
 * unknown.  The file is read once and rewound. */
static long count_rows(batch_run *run)
{
    struct stat st;
    off_t start = ftello(run->in);
    batch_reader *r = NULL;
    if (fstat(fileno(run->in), &st) != 0 || !S_ISREG(st.st_mode) || start < 0 ||
        batch_reader_open(&r, run->in, run->o->batch, "the batch file") != 0)
        return -1;
    long n = 0;
    batch_row row;
    int rc;
    while ((rc = batch_reader_next(r, &row)) > 0)
        n += in_shard(run->o, row.index);
    batch_reader_free(r);
    clearerr(run->in);
    if (fseeko(run->in, start, SEEK_SET) != 0)
        return -2;
    return rc < 0 ? -1 : n;
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
    if (why) {
        dzp_cli_error("cannot read the batch file '%s': %s", std_in ? "-" : path, why);
        return -1;
    }
    char *what = NULL;
    if (std_in ? !(what = strdup("standard input"))
               : asprintf(&what, "the batch file '%s'", path) < 0) {
        dzp_cli_error("out of memory");
        return -1;
    }
    int rc = batch_reader_open(&run->reader, run->in, std_in ? NULL : path, what);
    free(what);
    if (rc != 0)
        dzp_cli_error("%s", dzp_error_last());
    return rc != 0 ? -1 : 0;
}

static int run_open(batch_run *run)
{
    if (dzp_substrate_load(&run->plan.sub, run->o->from, run->plan.rules) != 0) {
        dzp_cli_error("substrate (--from): %s", dzp_error_last());
        return -1;
    }
    if (open_input(run) != 0 || sink_open(&run->out, run->o) != 0)
        return -1;
    run->prog.on = !run->o->quiet && isatty(STDERR_FILENO);
    run->prog.total = run->prog.on ? count_rows(run) : -1;
    if (run->prog.total == -2) {
        dzp_cli_error("cannot read the batch file '%s' again: %s", run->o->batch,
                      strerror(errno));
        return -1;
    }
    return 0;
}

static void run_close(batch_run *run)
{
    sink_close(&run->out);
    batch_reader_free(run->reader);
    if (run->in && run->in != stdin)
        fclose(run->in);
    planner_clear(&run->plan);
}

int dzp_cli_batch(const dzp_cli_opts *o, const dzp_rules *rules)
{
    batch_run run;
    memset(&run, 0, sizeof(run));
    run.o = o;
    run.plan.o = o;
    run.plan.rules = rules;
    run.out.dirfd = -1;
    run.prog.t0 = now_s();
    struct sigaction ignore, old_pipe;
    memset(&ignore, 0, sizeof(ignore));
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, &old_pipe);

    int rc = run_open(&run);
    if (rc == 0)
        rc = o->jobs > 1 ? run_pool(&run) : run_serial(&run);
    if (rc == 0)
        rc = sink_finish(&run.out, run.counts);
    progress_clear(&run.prog);
    if (rc == 0)
        dzp_cli_error("%ld planned, %ld no route, %ld invalid in %.2f s",
                      run.counts[DZP_STATUS_OK], run.counts[DZP_STATUS_NO_ROUTE],
                      run.counts[DZP_STATUS_INVALID_INPUT], now_s() - run.prog.t0);
    run_close(&run);
    sigaction(SIGPIPE, &old_pipe, NULL);
    if (rc != 0 || run.counts[DZP_STATUS_INVALID_INPUT] > 0)
        return EXIT_BAD_INPUT;
    return run.counts[DZP_STATUS_NO_ROUTE] > 0 ? EXIT_NO_ROUTE : EXIT_ROUTE_OK;
}
