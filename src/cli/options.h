/*
 * options.h - the command line of dzp-plan parsed once into one struct
 * that every mode reads, and which mode it asks for.
 */
#ifndef DZP_CLI_OPTIONS_H
#define DZP_CLI_OPTIONS_H

#include <stdbool.h>

#include "dzp/report.h"
#include "dzp/plan.h"
#include "dzp/stock.h"

typedef enum {
    DZP_CLI_MODE_HELP,      /* --help: the usage text */
    DZP_CLI_MODE_VERSION,   /* --version */
    DZP_CLI_MODE_SINGLE,    /* --from, with --to or alone */
    DZP_CLI_MODE_BATCH      /* --from with --batch */
} dzp_cli_mode;

typedef struct {
    dzp_cli_mode mode;
    const char *from;
    const char *to;
    const char *batch;
    const char *out_dir;
    const char *name;        /* --name: a single target's name, or NULL */
    const char *rules_dir;
    const char *stock_file;  /* --stock FILE, or NULL */
    const char *smiles_column; /* --smiles-column NAME: the batch CSV's SMILES column */
    const char *name_column;   /* --name-column NAME: its name column, or an SD property */
    const dzp_stock *stock;  /* loaded by main() from stock_file before the mode runs */
    dzp_state_store *states; /* made by main() before the mode runs: the search states the
                                plans of one process share (each --jobs worker its own) */
    const char *scale;       /* as given, e.g. "5mmol" */
    double scale_mmol;       /* parsed amount in mmol, or 0 */
    double scale_g;          /* parsed amount in g, or 0 (converted once the substrate is known) */
    const char *shard;       /* "K/N" as given */
    int shard_k, shard_n;    /* 1-based K of N; 0/0 when not sharding */
    dzp_report_format format;
    int jobs;
    int routes;              /* --routes N: complete routes printed in full (1 by default) */
    bool quiet;
    bool verbose;            /* --verbose: where the rules came from, a line per batch row */
} dzp_cli_opts;

/* Parse argv into *o (whose strings point into argv).  --help and
 * --version stop the parse where they stand.  Returns 0, or DZP_EINVAL
 * with the sentence for a bad usage (getopt has printed its own line for
 * an unknown option). */
int dzp_cli_options_parse(dzp_cli_opts *o, int argc, char **argv);

/* The --help and --version modes: print on stdout.  Return 0, or DZP_EIO
 * with the sentence when stdout cannot take it (/dev/full). */
int dzp_cli_help(const dzp_cli_opts *o);
int dzp_cli_version(const dzp_cli_opts *o);

#endif
