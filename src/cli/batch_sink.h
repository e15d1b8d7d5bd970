/*
 * batch_sink.h - where reports are written: stdout, or with --out one file
 * per compound with its structure pictures beside it, plus, for a batch,
 * index.md / index.json / index.html.  The single-target mode writes its
 * --out report through the same sink, without an index.
 */
#ifndef DZP_CLI_BATCH_SINK_H
#define DZP_CLI_BATCH_SINK_H

#include "batch_row.h"
#include "dzp/report.h"
#include "options.h"

typedef struct batch_sink batch_sink;

/* The sink for o: stdout, or o->out_dir (created if missing) with, for a
 * batch (o->batch), the index started under a temporary name; SIGINT,
 * SIGTERM and SIGHUP are set to remove the temporary files.  Returns 0,
 * or a negative dzp_error with the sentence. */
int batch_sink_open(batch_sink **out, const dzp_cli_opts *o);

/* With --out: the unique file-name stem for a compound called name, into
 * stem (claimed in the order of the calls, so call it in input order).
 * Returns 0, or DZP_ENOMEM. */
int batch_sink_claim(batch_sink *s, const char *name, char stem[BATCH_STEM_MAX + 1]);

/* Write one row's report (res->doc): to stdout, or to its own file
 * res->stem + .md/.json/.html, after its pictures (each file through a
 * temporary name, fsync'd and renamed), with its row in the index.
 * Returns 0, or a negative dzp_error with the sentence. */
int batch_sink_emit(batch_sink *s, const batch_result *res);

/* Close the index with the totals, fsync it, rename it into place and
 * fsync the directory (nothing to do on stdout).  Returns 0, or a negative
 * dzp_error with the sentence. */
int batch_sink_finish(batch_sink *s, const dzp_report_index_totals *totals);

/* Remove what was not finished, put the signal actions back, free.
 * Accepts NULL.  Never fails. */
void batch_sink_close(batch_sink *s);

#endif
