/*
 * cli.h - what the modes of the dzp-plan command share: parsed options,
 * the exit statuses of cli.md, and one entry point per mode.
 */
#ifndef DZP_CLI_H
#define DZP_CLI_H

#include <stdbool.h>

#include "dzp/plan.h"
#include "dzp/rules.h"

enum { EXIT_ROUTE_OK = 0, EXIT_NO_ROUTE = 1, EXIT_BAD_INPUT = 2 };

typedef enum { FORMAT_MD = 0, FORMAT_JSON = 1 } dzp_format;

typedef struct {
    const char *from;
    const char *to;
    const char *batch;
    const char *out_dir;
    const char *rules_dir;
    const char *scale;       /* as given, e.g. "5mmol" */
    double scale_mmol;       /* parsed amount in mmol, or 0 */
    double scale_g;          /* parsed amount in g, or 0 (converted once the substrate is known) */
    const char *shard;       /* "K/N" as given */
    int shard_k, shard_n;    /* 1-based K of N; 0/0 when not sharding */
    dzp_format format;
    int jobs;
    bool quiet;
} dzp_cli_opts;

/* Print "dzp-plan: <message>" on stderr. */
void dzp_cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* The report of plan in the chosen format, malloc'd, ending in a newline. */
int dzp_cli_render(char **out, const dzp_plan *plan, dzp_format format);

/* Apply --scale to a plan's reagents (no-op without --scale). */
int dzp_cli_scale(dzp_plan *plan, const dzp_cli_opts *o);

/* Exit status for one plan's status. */
int dzp_cli_exit_status(const dzp_plan *plan);

/* Modes. Each returns the process exit status.  dzp_cli_single loads the
 * substrate and prints its site analysis (no --to) or the route. */
int dzp_cli_single(const dzp_cli_opts *o, const dzp_rules *rules);
int dzp_cli_batch(const dzp_cli_opts *o, const dzp_rules *rules);

#endif
