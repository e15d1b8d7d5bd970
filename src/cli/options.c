/*
 * options.c - the command line of dzp-plan: getopt_long over a table of
 * long options, one case per option, the checks of which options go
 * together, and the --help and --version texts.  A bad usage is a
 * DZP_EINVAL with one sentence that names the option and what it takes.
 */
#define _GNU_SOURCE
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "dzp/plan.h"
#include "exit_status.h"

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
    "  --batch FILE      targets: .smi (SMILES [name]), CSV with a header naming\n"
    "                    smiles and optionally name and from (',' ';' or tab between\n"
    "                    columns), or an SD file (names from the title lines); '-'\n"
    "                    reads stdin; a salt is planned as its parent\n"
    "  --smiles-column NAME  the batch CSV's SMILES column, if not 'smiles'\n"
    "  --name-column NAME    its name column (SD file: a data item), if not 'name'\n"
    "  --format md|json|html\n"
    "                    Markdown report (default), the JSON route document, or a\n"
    "                    self-contained HTML page with structure pictures\n"
    "  --out DIR         write the report and its structure pictures (SVG) into DIR\n"
    "                    instead of stdout; a batch adds index.md/.json/.html and the\n"
    "                    campaign files reagents.csv (shopping list) and library.md\n"
    "                    (shared intermediates, route groups; library.json with json)\n"
    "  --name NAME       name of a single target: report title, file name under --out\n"
    "  --stock FILE      building blocks at hand (.smi, CSV with a smiles column, or\n"
    "                    SDF): reagents are marked in or out of stock, stock forms are\n"
    "                    preferred, and a route may start from a stock diazepane\n"
    "  --rules DIR       rule files to use instead of the installed rules/\n"
    "  --routes N        print the N best complete routes in full (default 1)\n"
    "  --scale AMOUNT    e.g. 5mmol or 2g of substrate (or of the stock compound a\n"
    "                    route starts from): print reagent amounts\n"
    "  --jobs N          batch: plan on N worker processes (output stays in order)\n"
    "  --shard K/N       batch: plan only the rows of shard K of N\n"
    "  --quiet           only errors and the final summary on stderr\n"
    "  --verbose         also say which rules are used and each batch row's outcome\n"
    "  -h, --help        this text\n"
    "  -V, --version     the version\n"
    "\n"
    "Examples:\n"
    "  dzp-plan --from C1CNCCNC1 --to 'Clc1cc(F)ccc1CN1CCCNCC1'\n"
    "  dzp-plan --from C1CNCCNC1 --to 'Clc1cc(F)ccc1CN1CCCNCC1' --scale 5mmol \\\n"
    "           --format html > route.html\n"
    "  dzp-plan --from C1CNCCNC1 --batch molecules/series.smi \\\n"
    "           --stock molecules/stock.csv --scale 0.5mmol --out campaign/\n"
    "\n"
    "Exit status: 0 a route for every target, 1 some target has no route,\n"
    "2 bad usage or invalid input.\n";

/* A bad usage: DZP_EINVAL with the sentence fmt makes of arg. */
static int bad_usage(const char *fmt, const char *arg)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 0)))
#endif
    ;

static int bad_usage(const char *fmt, const char *arg)
{
    return dzp_error_set(DZP_EINVAL, fmt, arg);
}

/* The units --scale takes: an amount of substance (to mmol) or a mass (to
 * g), converted as amount * times / per. */
static const struct {
    const char *unit;
    double times, per;
    bool mass;
} scale_units[] = {
    {"mmol", 1, 1, false}, {"mol", 1000, 1, false}, {"g", 1, 1, true}, {"mg", 1, 1000, true},
};

/* "5mmol", "0.5 mmol", "2g", "250mg" into scale_mmol or scale_g; false
 * when it is not one of these. */
static bool parse_scale(dzp_cli_opts *o)
{
    char *end = NULL;
    /* a plain decimal number: no hex ("0x10"), no inf/nan, no exponent */
    size_t digits = strspn(o->scale, "0123456789.");
    if (digits == 0 || strchr(o->scale, 'x') || strchr(o->scale, 'X'))
        return false;
    errno = 0;
    double v = strtod(o->scale, &end);
    if (end != o->scale + digits)
        return false;
    while (end && *end == ' ')
        end++;
    if (errno || end == o->scale || !(v > 0) || v > 1e6)
        return false;
    for (size_t i = 0; i < sizeof(scale_units) / sizeof(scale_units[0]); i++) {
        if (strcmp(end, scale_units[i].unit) != 0)
            continue;
        double amount = v * scale_units[i].times / scale_units[i].per;
        /* below 1 µmol (or 0.1 mg) every amount would print as zero */
        if (amount < (scale_units[i].mass ? 1e-4 : 1e-3))
            return false;
        if (scale_units[i].mass)
            o->scale_g = amount;
        else
            o->scale_mmol = amount;
        return true;
    }
    return false;
}

/* A whole number in [lo, hi] into *out; false when s is not one. */
static bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

/* "K/N", both whole numbers from 1, nothing before or after ("1/2x" is
 * not 1/2); false otherwise. */
static bool parse_shard(const char *s, int *k, int *n)
{
    const char *slash = strchr(s, '/');
    char left[16];
    if (!slash || (size_t)(slash - s) >= sizeof(left))
        return false;
    memcpy(left, s, (size_t)(slash - s));
    left[slash - s] = '\0';
    return strspn(left, "0123456789") == strlen(left) && strspn(slash + 1, "0123456789") ==
           strlen(slash + 1) && parse_int(left, 1, 1000000, k) && parse_int(slash + 1, 1, 1000000, n);
}

enum { OPT_FROM = 256, OPT_TO, OPT_BATCH, OPT_FORMAT, OPT_OUT, OPT_RULES, OPT_SCALE, OPT_JOBS,
       OPT_SHARD, OPT_QUIET, OPT_ROUTES, OPT_NAME, OPT_STOCK, OPT_VERBOSE,
       OPT_SMILES_COLUMN, OPT_NAME_COLUMN };

static const struct option long_opts[] = {
    {"from", required_argument, NULL, OPT_FROM},   {"to", required_argument, NULL, OPT_TO},
    {"batch", required_argument, NULL, OPT_BATCH}, {"format", required_argument, NULL, OPT_FORMAT},
    {"out", required_argument, NULL, OPT_OUT},     {"rules", required_argument, NULL, OPT_RULES},
    {"scale", required_argument, NULL, OPT_SCALE}, {"jobs", required_argument, NULL, OPT_JOBS},
    {"shard", required_argument, NULL, OPT_SHARD}, {"quiet", no_argument, NULL, OPT_QUIET},
    {"routes", required_argument, NULL, OPT_ROUTES}, {"name", required_argument, NULL, OPT_NAME},
    {"stock", required_argument, NULL, OPT_STOCK}, {"verbose", no_argument, NULL, OPT_VERBOSE},
    {"smiles-column", required_argument, NULL, OPT_SMILES_COLUMN},
    {"name-column", required_argument, NULL, OPT_NAME_COLUMN},
    {"help", no_argument, NULL, 'h'},              {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

/* Take option c.  Returns 0, or DZP_EINVAL with the sentence. */
static int parse_one(int c, dzp_cli_opts *o)
{
    switch (c) {
    case OPT_FROM: o->from = optarg; return 0;
    case OPT_TO: o->to = optarg; return 0;
    case OPT_BATCH: o->batch = optarg; return 0;
    case OPT_OUT: o->out_dir = optarg; return 0;
    case OPT_NAME:
        o->name = optarg;
        return *optarg ? 0 : bad_usage("%s", "--name takes a non-empty name");
    case OPT_RULES: o->rules_dir = optarg; return 0;
    case OPT_STOCK:
        o->stock_file = optarg;
        return *optarg ? 0 : bad_usage("%s", "--stock takes a file of building blocks");
    case OPT_QUIET: o->quiet = true; return 0;
    case OPT_VERBOSE: o->verbose = true; return 0;
    case OPT_SMILES_COLUMN:
        o->smiles_column = optarg;
        return *optarg ? 0 : bad_usage("%s", "--smiles-column takes a column name");
    case OPT_NAME_COLUMN:
        o->name_column = optarg;
        return *optarg ? 0 : bad_usage("%s", "--name-column takes a column or property name");
    case OPT_FORMAT:
        if (strcmp(optarg, "md") == 0 || strcmp(optarg, "markdown") == 0)
            o->format = DZP_REPORT_MARKDOWN;
        else if (strcmp(optarg, "json") == 0)
            o->format = DZP_REPORT_JSON;
        else if (strcmp(optarg, "html") == 0)
            o->format = DZP_REPORT_HTML;
        else
            return bad_usage("--format takes md, json or html, not '%s'", optarg);
        return 0;
    case OPT_SCALE:
        o->scale = optarg;
        return parse_scale(o)
                   ? 0
                   : bad_usage("--scale takes a plain decimal amount such as 5mmol, 0.5mol, "
                               "2g or 250mg, at least 0.001 mmol or 0.1 mg, not '%s'", optarg);
    case OPT_JOBS:
        return parse_int(optarg, 1, 256, &o->jobs)
                   ? 0
                   : bad_usage("--jobs takes a whole number from 1 to 256, not '%s'", optarg);
    case OPT_ROUTES:
        return parse_int(optarg, 1, DZP_PLAN_MAX_ROUTES, &o->routes)
                   ? 0
                   : dzp_error_set(DZP_EINVAL, "--routes takes a whole number from 1 to %d, "
                                   "not '%s'", DZP_PLAN_MAX_ROUTES, optarg);
    case OPT_SHARD:
        o->shard = optarg;
        if (!parse_shard(optarg, &o->shard_k, &o->shard_n) || o->shard_k > o->shard_n)
            return bad_usage("--shard takes K/N with 1 <= K <= N, such as 2/8, not '%s'", optarg);
        return 0;
    case 'h': o->mode = DZP_CLI_MODE_HELP; return 0;
    case 'V': o->mode = DZP_CLI_MODE_VERSION; return 0;
    default: return bad_usage("%s", "unknown option");
    }
}

/* An option getopt could not take (c is '?' for an unknown one, ':' for a
 * missing value), as one sentence.  Returns DZP_EINVAL. */
static int bad_option(int c, const char *arg)
{
    char name[64];
    snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg, "="), arg);
    if (c == ':')
        return bad_usage("option '%s' needs a value", name);
    return bad_usage("unknown option '%s'", name);
}

static int check_combination(const dzp_cli_opts *o)
{
    if ((o->smiles_column || o->name_column) && !o->batch)
        return bad_usage("%s", "--smiles-column and --name-column apply to --batch only");
    if (o->quiet && o->verbose)
        return bad_usage("%s", "--quiet and --verbose ask for opposite things: give one");
    if (!o->from)
        return bad_usage("%s", "--from SMILES is required: give the 1,4-diazepane substrate");
    if (o->to && o->batch)
        return bad_usage("%s", "give either --to (one target) or --batch (a list), not both");
    if (!o->batch && (o->jobs > 1 || o->shard))
        return bad_usage("%s", "--jobs and --shard apply to --batch only");
    if (o->batch && o->name)
        return bad_usage("%s", "--name names a single target (--to); a batch takes its names "
                               "from the list");
    if (o->batch && o->format == DZP_REPORT_HTML && !o->out_dir)
        return bad_usage("%s", "--format html with --batch writes one page per compound: add "
                               "--out DIR");
    return 0;
}

/* Edit distance between short words a and b (names of options). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(b), prev[64], cur[64];
    if (n >= 64)
        return n;
    for (size_t j = 0; j <= n; j++)
        prev[j] = j;
    for (size_t i = 1; a[i - 1]; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= n; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof(size_t) * (n + 1));
    }
    return prev[n];
}

/* getopt_long takes any unambiguous prefix of a long option ("--form" for
 * --format), so a typo of one option silently becomes another.  Options
 * are accepted only as written in full: the first one that is not is a
 * usage error naming the nearest option.  Returns 0 or DZP_EINVAL. */
static int check_full_names(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0)
            return 0;
        if (strncmp(arg, "--", 2) != 0)
            continue;
        char name[64];
        snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg + 2, "="), arg + 2);
        const struct option *exact = NULL, *near = NULL;
        size_t best = SIZE_MAX;
        for (const struct option *opt = long_opts; opt->name; opt++) {
            size_t d = edit_distance(name, opt->name);
            if (d == 0)
                exact = opt;
            if (d < best) {
                best = d;
                near = opt;
            }
        }
        if (!exact && near && best <= 2)
            return dzp_error_set(DZP_EINVAL, "unknown option '--%s': did you mean '--%s'?", name,
                                 near->name);
        if (!exact)
            return dzp_error_set(DZP_EINVAL, "unknown option '--%s'", name);
        if (exact->has_arg == required_argument && !strchr(arg, '='))
            i++; /* its value, whatever it looks like */
    }
    return 0;
}

int dzp_cli_options_parse(dzp_cli_opts *o, int argc, char **argv)
{
    int c, error;

    memset(o, 0, sizeof(*o));
    o->mode = DZP_CLI_MODE_SINGLE;
    o->format = DZP_REPORT_MARKDOWN;
    o->jobs = 1;
    o->routes = 1;
    opterr = 0; /* bad_option() says it in one sentence */
    if ((error = check_full_names(argc, argv)) < 0)
        return error;
    while ((c = getopt_long(argc, argv, ":hV", long_opts, NULL)) != -1) {
        if (c == '?' || c == ':')
            return bad_option(c, argv[optind - 1]);
        if ((error = parse_one(c, o)) < 0)
            return error;
        if (o->mode == DZP_CLI_MODE_HELP || o->mode == DZP_CLI_MODE_VERSION)
            return 0;
    }
    if (optind < argc)
        return bad_usage("unexpected argument '%s': SMILES go after --from or --to", argv[optind]);
    if ((error = check_combination(o)) < 0)
        return error;
    o->mode = o->batch ? DZP_CLI_MODE_BATCH : DZP_CLI_MODE_SINGLE;
    return 0;
}

/* stdout flushed, or DZP_EIO naming what could not be written (a full
 * disk, /dev/full, a closed pipe). */
static int stdout_written(const char *what)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    return dzp_cli_stdout_failed(what, errno);
}

int dzp_cli_help(const dzp_cli_opts *o)
{
    (void)o;
    errno = 0;
    fputs(usage, stdout);
    return stdout_written("help text");
}

int dzp_cli_version(const dzp_cli_opts *o)
{
    (void)o;
    errno = 0;
    printf("dzp-plan %s\n", DZP_VERSION);
    return stdout_written("version");
}
