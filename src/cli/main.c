/*
 * main.c - the dzp-plan command: parse options, pick the mode, load the
 * rules once, dispatch, and map errors to the exit statuses of cli.md
 * (0 route found, 1 no route, 2 bad usage or input).  Thin by design, after
 * libgit2's CLI: each mode lives in its own file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dzp/error.h"
#include "dzp/mol.h"

static const char usage[] =
    "Usage:\n"
    "  dzp-plan --from SMILES --to SMILES [options]     plan one route\n"
    "  dzp-plan --from SMILES --batch FILE|- [options]  plan a compound list\n"
    "  dzp-plan --from SMILES                           analyse the substrate's sites\n"
    "  dzp-plan --help | --version\n"
    "\n"
    "dzp-plan plans the N-functionalization of a 1,4-diazepane (homopiperazine):\n"
    "protecting groups, reductive amination, Buchwald-Hartwig and more, in an\n"
    "orthogonal order, with the side reactions to expect and how to avoid them.\n"
    "\n"
    "Options:\n"
    "  --from SMILES     the 1,4-diazepane substrate (free, protected or substituted)\n"
    "  --to SMILES       the target; same ring carbons and ring substituents\n"
    "  --batch FILE      targets: .smi (SMILES [name]) or CSV with a header naming\n"
    "                    smiles and optionally name and from; '-' reads stdin\n"
    "  --format md|json  Markdown report (default) or the JSON route document\n"
    "  --out DIR         batch: one report per compound plus index.md/index.json\n"
    "  --rules DIR       rule files to use instead of the installed rules/\n"
    "  --scale AMOUNT    e.g. 5mmol or 2g of substrate: print reagent amounts\n"
    "  --jobs N          batch: plan on N worker processes (output stays in order)\n"
    "  --shard K/N       batch: plan only the rows of shard K of N\n"
    "  --quiet           no progress line on stderr\n"
    "  -h, --help        this text\n"
    "  -V, --version     the version\n"
    "\n"
    "Exit status: 0 a route for every target, 1 some target has no route,\n"
    "2 bad usage or invalid input.\n";

void dzp_cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("dzp-plan: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int bad_usage(const char *fmt, const char *arg)
{
    fputs("dzp-plan: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'dzp-plan --help' for the options.\n", stderr);
    return EXIT_BAD_INPUT;
}

/* "5mmol", "0.5 mmol", "2g", "250mg" */
static int parse_scale(dzp_cli_opts *o)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(o->scale, &end);
    while (end && *end == ' ')
        end++;
    if (errno || end == o->scale || !(v > 0) || v > 1e6)
        return -1;
    if (strcmp(end, "mmol") == 0)
        o->scale_mmol = v;
    else if (strcmp(end, "mol") == 0)
        o->scale_mmol = v * 1000;
    else if (strcmp(end, "g") == 0)
        o->scale_g = v;
    else if (strcmp(end, "mg") == 0)
        o->scale_g = v / 1000;
    else
        return -1;
    return 0;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

enum { OPT_FROM = 256, OPT_TO, OPT_BATCH, OPT_FORMAT, OPT_OUT, OPT_RULES, OPT_SCALE, OPT_JOBS,
       OPT_SHARD, OPT_QUIET };

static const struct option long_opts[] = {
    {"from", required_argument, NULL, OPT_FROM},   {"to", required_argument, NULL, OPT_TO},
    {"batch", required_argument, NULL, OPT_BATCH}, {"format", required_argument, NULL, OPT_FORMAT},
    {"out", required_argument, NULL, OPT_OUT},     {"rules", required_argument, NULL, OPT_RULES},
    {"scale", required_argument, NULL, OPT_SCALE}, {"jobs", required_argument, NULL, OPT_JOBS},
    {"shard", required_argument, NULL, OPT_SHARD}, {"quiet", no_argument, NULL, OPT_QUIET},
    {"help", no_argument, NULL, 'h'},              {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

/* Returns -1 to go on, else an exit status. */
static int parse_one(int c, dzp_cli_opts *o)
{
    switch (c) {
    case OPT_FROM: o->from = optarg; return -1;
    case OPT_TO: o->to = optarg; return -1;
    case OPT_BATCH: o->batch = optarg; return -1;
    case OPT_OUT: o->out_dir = optarg; return -1;
    case OPT_RULES: o->rules_dir = optarg; return -1;
    case OPT_QUIET: o->quiet = true; return -1;
    case OPT_FORMAT:
        if (strcmp(optarg, "md") == 0 || strcmp(optarg, "markdown") == 0)
            o->format = FORMAT_MD;
        else if (strcmp(optarg, "json") == 0)
            o->format = FORMAT_JSON;
        else
            return bad_usage("--format takes md or json, not '%s'", optarg);
        return -1;
    case OPT_SCALE:
        o->scale = optarg;
        return parse_scale(o) == 0
                   ? -1
                   : bad_usage("--scale takes an amount such as 5mmol, 0.5mol, 2g or 250mg, "
                               "not '%s'", optarg);
    case OPT_JOBS:
        return parse_int(optarg, 1, 256, &o->jobs) == 0
                   ? -1
                   : bad_usage("--jobs takes a whole number from 1 to 256, not '%s'", optarg);
    case OPT_SHARD:
        o->shard = optarg;
        if (sscanf(optarg, "%d/%d", &o->shard_k, &o->shard_n) != 2 || o->shard_n < 1 ||
            o->shard_k < 1 || o->shard_k > o->shard_n || strchr(optarg, ' '))
            return bad_usage("--shard takes K/N with 1 <= K <= N, such as 2/8, not '%s'", optarg);
        return -1;
    case 'h': fputs(usage, stdout); return EXIT_ROUTE_OK;
    case 'V': printf("dzp-plan %s\n", DZP_VERSION); return EXIT_ROUTE_OK;
    default: return bad_usage("%s", "unknown option or missing argument (see above)");
    }
}

static int check_combination(const dzp_cli_opts *o)
{
    if (!o->from)
        return bad_usage("%s", "--from SMILES is required: give the 1,4-diazepane substrate");
    if (o->to && o->batch)
        return bad_usage("%s", "give either --to (one target) or --batch (a list), not both");
    if (!o->batch && (o->out_dir || o->jobs > 1 || o->shard))
        return bad_usage("%s", "--out, --jobs and --shard apply to --batch only");
    return -1;
}

int main(int argc, char **argv)
{
    dzp_cli_opts o = {.format = FORMAT_MD, .jobs = 1};
    int c, rc;
    opterr = 1;
    while ((c = getopt_long(argc, argv, "hV", long_opts, NULL)) != -1)
        if ((rc = parse_one(c, &o)) >= 0)
            return rc;
    if (optind < argc)
        return bad_usage("unexpected argument '%s': SMILES go after --from or --to", argv[optind]);
    if ((rc = check_combination(&o)) >= 0)
        return rc;
    dzp_mol_global_init();
    dzp_rules *rules = NULL;
    if (dzp_rules_load(&rules, o.rules_dir) != 0) {
        dzp_cli_error("cannot load the rules: %s", dzp_error_last());
        return EXIT_BAD_INPUT;
    }
    rc = o.batch ? dzp_cli_batch(&o, rules) : dzp_cli_single(&o, rules);
    dzp_rules_free(rules);
    return rc;
}
