/*
 * batch.h - the batch mode of dzp-plan: a route for every row of a
 * compound list (--batch).
 */
#ifndef DZP_CLI_BATCH_H
#define DZP_CLI_BATCH_H

#include "dzp/rules.h"
#include "options.h"

/* Plan every row of o->batch (of shard K/N with --shard) on o->jobs
 * processes and write the reports in input order, one line per refused
 * row and a summary on stderr.  Returns 0 when every row has a route,
 * DZP_EINVAL when some row is invalid input, else DZP_ENOROUTE when some
 * row has none; or, when the batch stops (an unreadable list, an unusable
 * --from, a failed write, a dead worker), a negative dzp_error whose
 * sentence has been printed. */
int dzp_cli_batch(const dzp_cli_opts *o, const dzp_rules *rules);

#endif
