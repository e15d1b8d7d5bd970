/*
 * main.c - the dzp-plan command: parse options, pick the mode from a
 * table, load the rules once for the modes that plan, dispatch, and map
 * the mode's result to the exit statuses of cli.md (0 route found, 1 no
 * route, 2 bad usage or input) in one place, dzp_cli_exit_status().  Thin
 * by design, after libgit2's CLI: each mode lives in its own file.
 */
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "batch.h"
#include "dzp/error.h"
#include "dzp/mol.h"
#include "dzp/report.h"
#include "exit_status.h"
#include "options.h"
#include "provenance.h"
#include "route.h"
#include "signals.h"
#include "stock_file.h"

static int help(const dzp_cli_opts *o, const dzp_rules *rules)
{
    (void)rules;
    int error = dzp_cli_help(o);
    if (error < 0)
        dzp_cli_error("%s", dzp_error_last());
    return error;
}

static int version(const dzp_cli_opts *o, const dzp_rules *rules)
{
    (void)rules;
    int error = dzp_cli_version(o);
    if (error < 0)
        dzp_cli_error("%s", dzp_error_last());
    return error;
}

/* Threads to read a stock with: one per processor online (the stock is
 * read before any planning starts, so they compete with nothing). */
static int stock_threads(const dzp_cli_opts *o)
{
    (void)o;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* The modes, by dzp_cli_mode. */
static const struct {
    int (*run)(const dzp_cli_opts *o, const dzp_rules *rules);
    bool plans;            /* needs Open Babel and the rules */
} modes[] = {
    [DZP_CLI_MODE_HELP] = {help, false},
    [DZP_CLI_MODE_VERSION] = {version, false},
    [DZP_CLI_MODE_SINGLE] = {dzp_cli_single, true},
    [DZP_CLI_MODE_BATCH] = {dzp_cli_batch, true},
};

int main(int argc, char **argv)
{
    dzp_cli_opts o;
    dzp_rules *rules = NULL;
    dzp_stock *stock = NULL;
    dzp_state_store *states = NULL;
    cli_signals_record();
    int error = dzp_cli_options_parse(&o, argc, argv);

    if (error < 0) {
        dzp_cli_error("%s", dzp_error_last());
        fputs("Try 'dzp-plan --help' for the options.\n", stderr);
        goto done;
    }
    if (modes[o.mode].plans) {
        dzp_mol_global_init();
        if ((error = dzp_rules_load(&rules, o.rules_dir)) < 0) {
            dzp_cli_error("cannot load the rules: %s", dzp_error_last());
            goto done;
        }
        if (o.verbose) {
            const char *dir = o.rules_dir ? o.rules_dir : dzp_rules_default_dir();
            fprintf(stderr, "dzp-plan: rules from %s (sha256 %s)\n", dir ? dir : "?",
                    rules->sha256);
        }
        if ((error = dzp_cli_provenance(argc, argv, rules)) < 0) {
            dzp_cli_error("%s", dzp_error_last());
            goto done;
        }
        if (o.stock_file &&
            (error = stock_file_load(&stock, o.stock_file, stock_threads(&o), o.quiet)) < 0) {
            dzp_cli_error("%s", dzp_error_last());
            goto done;
        }
        o.stock = stock;
        if ((error = dzp_state_store_new(&states, DZP_STATE_STORE_DEFAULT_MAX)) < 0) {
            dzp_cli_error("%s", dzp_error_last());
            goto done;
        }
        o.states = states;
    }
    error = modes[o.mode].run(&o, rules);
done:
    dzp_report_clear_generator();
    dzp_rules_free(rules);
    dzp_state_store_free(states);
    dzp_stock_free(stock);
    return dzp_cli_exit_status(error);
}
