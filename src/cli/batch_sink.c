/*
 * batch_sink.c - the output of batch mode: stdout, or a directory of files.
 *
 * On stdout the reports follow each other (Markdown documents separated by
 * one blank line, or NDJSON).  With --out every report goes to its own
 * file named from the compound (batch_safe_stem(), made unique without
 * regard to case), and the index (written by the report module) is
 * streamed to its own file.  Every file is written under a temporary name,
 * fsync'd and renamed, so an interrupted run leaves no half-written report;
 * the index is renamed at the end.
 *
 * A signal (SIGINT, SIGTERM, SIGHUP) while the directory is open removes
 * the temporary files and then ends the process as the signal would.  The
 * handler sees only `signal_cleanup`, the one mutable global of batch mode:
 * the directory and the names of the two temporary files that may exist,
 * [0] the report being written and [1] the index.
 */
#define _GNU_SOURCE
#include "batch_sink.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "campaign.h"
#include "dzp/error.h"
#include "exit_status.h"
#include "signals.h"

enum { TMP_REPORT = 0, TMP_INDEX = 1 };

/* What the signal handler must see, and nothing more.  The main flow
 * writes a name before it sets its flag and clears the flag once the file
 * is renamed or removed; the handler only reads.  dirfd is -1 when no
 * directory is open. */
static struct {
    volatile sig_atomic_t dirfd;
    volatile sig_atomic_t tmp_set[2];
    char tmp[2][BATCH_STEM_MAX + 64];
} signal_cleanup = {-1, {0, 0}, {"", ""}};

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define N_CLEANUP_SIGNALS (sizeof(cleanup_signals) / sizeof(cleanup_signals[0]))

struct batch_sink {
    const dzp_cli_opts *o;
    long emitted;
    int dirfd;             /* --out, else -1 */
    batch_names *names;
    FILE *index;           /* the index so far, under the temporary name */
    campaign *campaign;    /* a batch's campaign files, gathered row by row */
    bool signals_set;
    struct sigaction old_action[N_CLEANUP_SIGNALS];
};

static void on_signal(int sig)
{
    for (int i = 0; i < 2; i++)
        if (signal_cleanup.tmp_set[i] && signal_cleanup.dirfd >= 0)
            unlinkat(signal_cleanup.dirfd, signal_cleanup.tmp[i], 0);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void cleanup_on_signals(batch_sink *s, bool on)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    if (on == s->signals_set)
        return;
    signal_cleanup.dirfd = on ? s->dirfd : -1;
    for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++)
        if (!cli_signal_was_ignored(cleanup_signals[i])) /* nohup's SIGHUP stays ignored */
            sigaction(cleanup_signals[i], on ? &sa : &s->old_action[i],
                      on ? &s->old_action[i] : NULL);
    s->signals_set = on;
}

/* The temporary file for `file` in slot, open for writing; NULL with
 * errno set when it cannot be created. */
static FILE *tmp_open(batch_sink *s, int slot, const char *file)
{
    char *tmp = signal_cleanup.tmp[slot];
    snprintf(tmp, sizeof(signal_cleanup.tmp[slot]), ".%s.tmp.%ld", file, (long)getpid());
    signal_cleanup.tmp_set[slot] = 1;
    int fd = openat(s->dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        int err = errno;
        if (fd >= 0) {
            close(fd);
            unlinkat(s->dirfd, tmp, 0);
        }
        signal_cleanup.tmp_set[slot] = 0;
        errno = err;
    }
    return f;
}

/* Flush, fsync and close the temporary file f of slot, then rename it to
 * file, or remove it when anything failed.  Returns 0, or DZP_EIO with the
 * sentence. */
static int tmp_commit(batch_sink *s, int slot, FILE *f, const char *file)
{
    bool ok = fflush(f) == 0 && !ferror(f) && fsync(fileno(f)) == 0;
    int err = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (ok && renameat(s->dirfd, signal_cleanup.tmp[slot], s->dirfd, file) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok)
        unlinkat(s->dirfd, signal_cleanup.tmp[slot], 0);
    signal_cleanup.tmp_set[slot] = 0;
    if (!ok)
        return dzp_error_set(DZP_EIO, "cannot write '%s/%s': %s", s->o->out_dir, file,
                             strerror(err));
    return 0;
}

/* Write data to dir/file through a temporary name, fsync'd and renamed. */
static int write_atomic(batch_sink *s, const char *file, const char *data)
{
    FILE *f = tmp_open(s, TMP_REPORT, file);
    if (!f)
        return dzp_error_set(DZP_EIO, "cannot write '%s/%s': %s", s->o->out_dir, file,
                             strerror(errno));
    fputs(data, f);
    return tmp_commit(s, TMP_REPORT, f, file);
}

/* The file extension of a report in format o->format. */
static const char *report_extension(const dzp_cli_opts *o)
{
    return o->format == DZP_REPORT_JSON ? ".json" : o->format == DZP_REPORT_HTML ? ".html" : ".md";
}

static const char *index_name(const dzp_cli_opts *o)
{
    return o->format == DZP_REPORT_JSON   ? "index.json"
           : o->format == DZP_REPORT_HTML ? "index.html"
                                          : "index.md";
}

/* Append a piece of the index (made by the report module) and free it. */
static void index_put(batch_sink *s, char *text)
{
    fputs(text, s->index);
    free(text);
}

/* Open DIR (created if missing) and start the index. */
static int open_dir(batch_sink *s)
{
    const char *dir = s->o->out_dir;
    char index_stem[BATCH_STEM_MAX + 1] = "index", *head = NULL;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return dzp_error_set(DZP_EIO, "cannot create the output directory '%s': %s", dir,
                             strerror(errno));
    if ((s->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        return dzp_error_set(DZP_EIO, "cannot use '%s' as the output directory: %s", dir,
                             strerror(errno));
    /* the stems of the batch's own files, so no compound takes them */
    char library_stem[BATCH_STEM_MAX + 1] = "library", reagents_stem[BATCH_STEM_MAX + 1] = "reagents";
    if (batch_names_new(&s->names) != 0 || batch_names_claim(s->names, index_stem) != 0 ||
        batch_names_claim(s->names, library_stem) != 0 ||
        batch_names_claim(s->names, reagents_stem) != 0)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    cleanup_on_signals(s, true);
    if (!s->o->batch)
        return 0; /* a single target: no index */
    if (campaign_new(&s->campaign) != 0)
        return DZP_ENOMEM;
    if (!(s->index = tmp_open(s, TMP_INDEX, index_name(s->o))))
        return dzp_error_set(DZP_EIO, "cannot write in the output directory '%s': %s", dir,
                             strerror(errno));
    int error = dzp_report_index_head(&head, s->o->format);
    if (error == 0)
        index_put(s, head);
    return error;
}

int batch_sink_open(batch_sink **out, const dzp_cli_opts *o)
{
    batch_sink *s = calloc(1, sizeof(*s));
    int error = 0;

    if (!s)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    s->o = o;
    s->dirfd = -1;
    if (o->out_dir && (error = open_dir(s)) < 0)
        goto done;
    *out = s;
    s = NULL;
done:
    batch_sink_close(s);
    return error;
}

int batch_sink_claim(batch_sink *s, const char *name, char stem[BATCH_STEM_MAX + 1])
{
    batch_safe_stem(stem, name);
    if (batch_names_claim(s->names, stem) != 0)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    return 0;
}

/* The pictures first, so a report never links a file that is not there yet. */
static int emit_file(batch_sink *s, const batch_result *res)
{
    char file[BATCH_STEM_MAX + 8], *row = NULL;
    int error = res->stem ? 0 : dzp_error_set(DZP_EINTERNAL, "a report without a file name");
    for (size_t i = 0; error == 0 && i < res->pictures.n; i++)
        error = write_atomic(s, res->pictures.items[i].file, res->pictures.items[i].svg);
    if (error < 0)
        return error;
    snprintf(file, sizeof(file), "%s%s", res->stem, report_extension(s->o));
    if ((error = write_atomic(s, file, res->doc)) < 0 || !s->index)
        return error;
    const dzp_picture *thumb = dzp_report_picture(&res->pictures, DZP_PICTURE_THUMBNAIL, 0);
    dzp_report_index_entry entry = {.name = res->name, .file = file, .line = res->line,
                                    .status = (dzp_status)res->status, .steps = res->steps,
                                    .flags = res->flags, .thumbnail = thumb ? thumb->file : NULL,
                                    .note = res->note};
    if ((error = dzp_report_index_row(&row, s->o->format, &entry, (size_t)s->emitted)) == 0)
        index_put(s, row);
    if (error == 0)
        error = campaign_add(s->campaign, res->name, res->status == DZP_STATUS_OK ? res->campaign
                                                                                 : NULL);
    return error;
}

static int emit_stdout(const batch_sink *s, const batch_result *res)
{
    if (s->emitted > 0 && s->o->format == DZP_REPORT_MARKDOWN)
        fputc('\n', stdout);
    fputs(res->doc, stdout);
    if (fflush(stdout) != 0 || ferror(stdout))
        return dzp_cli_stdout_failed("reports", errno);
    return 0;
}

int batch_sink_emit(batch_sink *s, const batch_result *res)
{
    int error = s->dirfd >= 0 ? emit_file(s, res) : emit_stdout(s, res);
    s->emitted += error == 0;
    return error;
}

/* reagents.csv, library.md and (JSON) library.json. */
static int write_campaign(batch_sink *s)
{
    char *reagents = NULL, *library_md = NULL, *library_json = NULL;
    int error = campaign_files(s->campaign, s->o, &reagents, &library_md, &library_json);
    if (error == 0)
        error = write_atomic(s, "reagents.csv", reagents);
    if (error == 0)
        error = write_atomic(s, "library.md", library_md);
    if (error == 0 && library_json)
        error = write_atomic(s, "library.json", library_json);
    free(reagents);
    free(library_md);
    free(library_json);
    return error;
}

int batch_sink_finish(batch_sink *s, const dzp_report_index_totals *totals)
{
    char *tail = NULL;
    int error;

    if (s->dirfd < 0 || !s->index)
        return 0;
    if ((error = write_campaign(s)) < 0)
        return error;
    if ((error = dzp_report_index_tail(&tail, s->o->format, totals)) < 0)
        return error;
    index_put(s, tail);
    error = tmp_commit(s, TMP_INDEX, s->index, index_name(s->o));
    s->index = NULL;
    if (error == 0)
        fsync(s->dirfd);
    return error;
}

void batch_sink_close(batch_sink *s)
{
    if (!s)
        return;
    if (s->index) {
        fclose(s->index);
        unlinkat(s->dirfd, signal_cleanup.tmp[TMP_INDEX], 0);
        signal_cleanup.tmp_set[TMP_INDEX] = 0;
    }
    if (s->dirfd >= 0) {
        cleanup_on_signals(s, false);
        close(s->dirfd);
    }
    batch_names_free(s->names);
    campaign_free(s->campaign);
    free(s);
}
