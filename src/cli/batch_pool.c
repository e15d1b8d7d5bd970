/*
 * batch_pool.c - --jobs N: rows planned on N worker processes, not threads
 * (Open Babel is not thread-safe as we call it; see OPENBABEL_NOTES.md).
 *
 * The workers are forked once the rules and substrate are loaded.  Row i
 * goes to worker i % N, which holds up to WORKER_DEPTH rows in a queue, so
 * it never idles while the parent waits on another worker; the parent
 * receives results strictly in row order (row `received` is always on
 * worker received % N), and it only waits for one when every queue is
 * full, so results arrive in input order with no reordering buffer.
 * Workers run the very same batch_planner_row() as --jobs 1 and send back
 * the rendered bytes, so the output is byte-identical.  The parent only
 * writes small rows (a few of them always fit a pipe) and reads each whole
 * result: no deadlock.
 *
 * Messages on the pipes are length-prefixed: a row or a result as 64-bit
 * integers and strings (length with the NUL, 0 for NULL, then the bytes),
 * encoded in the library's growable buffer.  Both ends are this binary, so
 * byte order and sizes are the host's.
 */
#define _GNU_SOURCE
#include "batch_pool.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dzp/error.h"
#include "signals.h"
#include "dzp/plan.h"
#include "strbuf.h"

/* ---- the pipe protocol: length-prefixed messages ------------------------ */

static void wb_i64(dzp_strbuf *b, int64_t v)
{
    dzp_strbuf_putn(b, &v, sizeof(v));
}

static void wb_f64(dzp_strbuf *b, double v)
{
    dzp_strbuf_putn(b, &v, sizeof(v));
}

/* A string as its length with the NUL (0 for NULL), then those bytes. */
static void wb_str(dzp_strbuf *b, const char *s)
{
    uint64_t n = s ? (uint64_t)strlen(s) + 1 : 0; /* 64 bits: no field is too long */
    dzp_strbuf_putn(b, &n, sizeof(n));
    dzp_strbuf_putn(b, s, (size_t)n);
}

/* Start a message: room for its length, patched by wb_end(). */
static void wb_begin(dzp_strbuf *b)
{
    uint64_t n = 0;
    dzp_strbuf_clear(b);
    dzp_strbuf_putn(b, &n, sizeof(n));
}

static void wb_end(dzp_strbuf *b)
{
    uint64_t n = (uint64_t)(b->len - sizeof(uint64_t));
    if (!b->failed)
        memcpy(b->data, &n, sizeof(n));
}

typedef struct {
    const char *p;
    size_t n;
    bool bad;
} rbuf;

/* The next n bytes of the message into out (zeros when it is short). */
static void rb_take(rbuf *b, void *out, size_t n)
{
    if (b->n < n) {
        b->bad = true;
        memset(out, 0, n);
        return;
    }
    memcpy(out, b->p, n);
    b->p += n;
    b->n -= n;
}

static int64_t rb_i64(rbuf *b)
{
    int64_t v;
    rb_take(b, &v, sizeof(v));
    return v;
}

static double rb_f64(rbuf *b)
{
    double v;
    rb_take(b, &v, sizeof(v));
    return v;
}

/* A string of the message, borrowed from it, or NULL. */
static const char *rb_str(rbuf *b)
{
    uint64_t n = 0;
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

/* Whether all n bytes could be written (errno says why not). */
static bool write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
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

typedef enum { MSG_READ, MSG_END, MSG_BROKEN } msg_read;

/* One message into a malloc'd *out: MSG_READ, MSG_END at a clean end of
 * input, MSG_BROKEN on a short or failed read (or out of memory). */
static msg_read read_msg(int fd, char **out, size_t *len)
{
    uint64_t n;
    size_t got = read_all(fd, &n, sizeof(n));
    if (got != sizeof(n))
        return got == 0 ? MSG_END : MSG_BROKEN;
    if (n > SIZE_MAX - 1)
        return MSG_BROKEN;
    char *msg = malloc(n ? (size_t)n : 1);
    if (!msg || read_all(fd, msg, n) != n) {
        free(msg);
        return MSG_BROKEN;
    }
    *out = msg;
    *len = n;
    return MSG_READ;
}

static void encode_row(dzp_strbuf *b, const batch_row *r)
{
    wb_begin(b);
    wb_i64(b, r->line);
    wb_i64(b, r->index);
    wb_str(b, r->smiles);
    wb_str(b, r->name);
    wb_str(b, r->from);
    wb_str(b, r->error);
    wb_str(b, r->stem);
    wb_end(b);
}

/* Whether msg is a whole row; r borrows its strings from msg. */
static bool decode_row(const char *msg, size_t len, batch_row *r)
{
    rbuf b = {msg, len, false};
    r->line = (long)rb_i64(&b);
    r->index = (long)rb_i64(&b);
    r->smiles = rb_str(&b);
    r->name = rb_str(&b);
    r->from = rb_str(&b);
    r->error = rb_str(&b);
    r->stem = rb_str(&b);
    return !b.bad;
}

static void encode_result(dzp_strbuf *b, const batch_result *res)
{
    wb_begin(b);
    wb_i64(b, res->line);
    wb_i64(b, res->status);
    wb_i64(b, res->steps);
    wb_i64(b, res->flags);
    wb_str(b, res->name);
    wb_str(b, res->note);
    wb_str(b, res->doc);
    wb_str(b, res->stem);
    wb_str(b, res->campaign);
    wb_i64(b, (int64_t)res->pictures.n);
    for (size_t i = 0; i < res->pictures.n; i++) {
        const dzp_picture *pic = &res->pictures.items[i];
        wb_i64(b, pic->kind);
        wb_i64(b, pic->step);
        wb_f64(b, pic->width);
        wb_f64(b, pic->height);
        wb_str(b, pic->file);
        wb_str(b, pic->caption);
        wb_str(b, pic->svg);
    }
    wb_end(b);
}

static char *dup_or_null(const char *s, bool *failed)
{
    char *d = s ? strdup(s) : NULL;
    *failed = *failed || (s && !d);
    return d;
}

/* A result's pictures, copied into *out (which the caller clears either
 * way); false when the message is short or memory runs out. */
static bool decode_pictures(rbuf *b, dzp_pictures *out)
{
    int64_t n = rb_i64(b);
    if (b->bad || n < 0 || (uint64_t)n > b->n)
        return false;
    if (n == 0)
        return true;
    if (!(out->items = calloc((size_t)n, sizeof(*out->items))))
        return false;
    bool failed = false;
    for (int64_t i = 0; i < n && !b->bad && !failed; i++, out->n++) {
        dzp_picture *pic = &out->items[i];
        pic->kind = (dzp_picture_kind)rb_i64(b);
        pic->step = (int)rb_i64(b);
        pic->width = rb_f64(b);
        pic->height = rb_f64(b);
        pic->file = dup_or_null(rb_str(b), &failed);
        pic->caption = dup_or_null(rb_str(b), &failed);
        pic->svg = dup_or_null(rb_str(b), &failed);
        failed = failed || !pic->file || !pic->svg;
    }
    return !b->bad && !failed;
}

/* Whether msg is a whole result, copied into res (which the caller
 * clears either way). */
static bool decode_result(const char *msg, size_t len, batch_result *res)
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
    res->stem = dup_or_null(rb_str(&b), &failed);
    res->campaign = dup_or_null(rb_str(&b), &failed);
    failed = failed || !decode_pictures(&b, &res->pictures);
    bool whole = res->status == -1 || (res->status >= DZP_STATUS_OK &&
                                       res->status <= DZP_STATUS_INVALID_INPUT && res->name &&
                                       res->doc);
    return !b.bad && !failed && whole;
}

/* ---- worker processes ---------------------------------------------------- */

/* Rows queued per worker: enough that it never waits for the parent. */
#define WORKER_DEPTH 4

typedef struct {
    pid_t pid;             /* 0 once reaped */
    int to, from;          /* pipe ends: rows to it, results from it; -1 when closed */
    long line;             /* its oldest outstanding line, 0 when idle */
    long queue[WORKER_DEPTH]; /* outstanding lines, oldest first */
    int queued;
} worker;

struct batch_pool {
    worker *w;
    int n;
    long sent;             /* rows handed out so far */
    long received;         /* results taken so far: the oldest outstanding is row `received` */
    dzp_strbuf msg;
};

/* A worker's life: read a row, plan it, send the result back; exit at the
 * end of its input.  _exit, never exit: the parent's stdio buffers and
 * atexit handlers are not the child's to run. */
static _Noreturn void worker_main(int in, int out, batch_planner *p)
{
    dzp_strbuf b = DZP_STRBUF_INIT;
    for (;;) {
        char *msg = NULL;
        size_t len = 0;
        msg_read got = read_msg(in, &msg, &len);
        if (got != MSG_READ)
            _exit(got == MSG_END ? 0 : 3);
        batch_row row;
        batch_result res;
        if (!decode_row(msg, len, &row))
            _exit(3);
        batch_planner_row(p, &row, &res);
        free(msg);
        encode_result(&b, &res);
        batch_result_clear(&res);
        if (b.failed || !write_all(out, b.data, b.len))
            _exit(4);
    }
}

/* In the child of worker k: keep only its own pipe ends, and the signals
 * as dzp-plan was started with them (an ignored SIGHUP stays ignored). */
static _Noreturn void worker_start(batch_pool *pl, int k, const int rows[2], const int results[2],
                                   batch_planner *p)
{
    cli_signals_restore_in_child();
    close(rows[1]);
    close(results[0]);
    for (int j = 0; j < k; j++) {
        close(pl->w[j].to);
        close(pl->w[j].from);
    }
    worker_main(rows[0], results[1], p);
}

static void close_pair(int fd[2])
{
    for (int i = 0; i < 2; i++)
        if (fd[i] >= 0)
            close(fd[i]);
}

/* Fork one more worker.  Returns whether it started (errno says why not). */
static bool pool_spawn(batch_pool *pl, batch_planner *p)
{
    int rows[2] = {-1, -1}, results[2] = {-1, -1};
    if (pipe(rows) != 0 || pipe(results) != 0) {
        int err = errno;
        close_pair(rows);
        close_pair(results);
        errno = err;
        return false;
    }
    pid_t pid = fork();
    if (pid == 0)
        worker_start(pl, pl->n, rows, results, p);
    int err = errno;
    close(rows[0]);
    close(results[1]);
    pl->w[pl->n++] = (worker){.pid = pid > 0 ? pid : 0, .to = rows[1], .from = results[0]};
    errno = err;
    return pid > 0;
}

/* Why worker w is gone (it was planning w->line): DZP_EINTERNAL with the
 * sentence. */
static int worker_lost(worker *w)
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
    return dzp_error_set(DZP_EINTERNAL,
                         "internal error: a worker process stopped (%s) while planning line %ld; "
                         "the batch is incomplete, retry with --jobs 1", how, w->line);
}

int batch_pool_start(batch_pool **out, int n, batch_planner *p)
{
    batch_pool *pl = calloc(1, sizeof(*pl));
    int error = 0;

    if (!pl || !(pl->w = calloc((size_t)n, sizeof(worker)))) {
        error = dzp_error_set(DZP_ENOMEM, "out of memory starting %d worker processes", n);
        goto done;
    }
    fflush(NULL);
    while (pl->n < n)
        if (!pool_spawn(pl, p)) {
            error = dzp_error_set(DZP_EIO, "cannot start %d worker processes: %s", n,
                                  strerror(errno));
            goto done;
        }
    *out = pl;
    pl = NULL;
done:
    batch_pool_stop(pl, true);
    return error;
}

bool batch_pool_full(const batch_pool *pl)
{
    return pl->sent - pl->received >= (long)pl->n * WORKER_DEPTH;
}

int batch_pool_send(batch_pool *pl, const batch_row *row)
{
    worker *w = &pl->w[pl->sent % pl->n];

    encode_row(&pl->msg, row);
    if (pl->msg.failed)
        return dzp_error_set(DZP_ENOMEM, "out of memory sending line %ld to a worker", row->line);
    w->queue[w->queued++] = row->line;
    w->line = w->queue[0];
    pl->sent++;
    if (!write_all(w->to, pl->msg.data, pl->msg.len))
        return worker_lost(w);
    return 0;
}

int batch_pool_receive(batch_pool *pl, batch_result *res)
{
    worker *w = &pl->w[pl->received % pl->n];
    char *msg = NULL;
    size_t len = 0;
    bool whole;

    memset(res, 0, sizeof(*res));
    if (pl->received == pl->sent)
        return 0;
    if (read_msg(w->from, &msg, &len) != MSG_READ)
        return worker_lost(w);
    whole = decode_result(msg, len, res);
    free(msg);
    if (!whole) {
        batch_result_clear(res);
        return dzp_error_set(DZP_EINTERNAL,
                             "internal error: a worker sent a malformed result for line %ld",
                             w->line);
    }
    memmove(w->queue, w->queue + 1, sizeof(long) * (size_t)--w->queued);
    w->line = w->queued ? w->queue[0] : 0;
    pl->received++;
    return 1;
}

void batch_pool_stop(batch_pool *pl, bool abort)
{
    if (!pl)
        return;
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
    dzp_strbuf_free(&pl->msg);
    free(pl);
}
