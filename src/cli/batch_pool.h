/*
 * batch_pool.h - --jobs N: rows planned on N forked worker processes, their
 * results received in input order.
 */
#ifndef DZP_CLI_BATCH_POOL_H
#define DZP_CLI_BATCH_POOL_H

#include <stdbool.h>

#include "batch_input.h"
#include "batch_row.h"

typedef struct batch_pool batch_pool;

/* Fork n workers planning with p (everything shared must be loaded
 * already).  Returns 0, or a negative dzp_error with the sentence, and no
 * worker is left. */
int batch_pool_start(batch_pool **out, int n, batch_planner *p);

/* Whether the next batch_pool_send() must wait: every worker's queue is
 * full, so the oldest result has to be received first. */
bool batch_pool_full(const batch_pool *pl);

/* Hand row to the next worker (row i goes to worker i % N).  Returns 0, or
 * a negative dzp_error with the sentence (out of memory, a dead worker). */
int batch_pool_send(batch_pool *pl, const batch_row *row);

/* The result of the oldest row sent and not yet received, into res.
 * Returns 1, 0 when no row is outstanding, or a negative dzp_error with the
 * sentence (a dead worker, a malformed message), res then empty. */
int batch_pool_receive(batch_pool *pl, batch_result *res);

/* Close the pipes and wait for every worker; with abort, SIGTERM them
 * first.  Accepts NULL.  Never fails. */
void batch_pool_stop(batch_pool *pl, bool abort);

#endif
