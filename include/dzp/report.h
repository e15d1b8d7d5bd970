/*
 * report.h - a plan as the JSON contract and as a Markdown report.
 *
 * The JSON document follows the contract in route-json.md key for key (schema
 * "dzp-plan.route/1"), with a few extra keys the contract allows:
 * "ring_carbons" and "scale_mmol" at the top level, "hindrance" and
 * "substrate_substituent" per site, "score" per alternative, and, once
 * dzp_plan_scale() has run, "mmol", "mass_mg" and "volume_ml" per reagent
 * (with an Amount column in the Markdown reagent tables).  The Markdown
 * report is for a chemist: the title names the target, then the molecules,
 * the site table, the route step by step (reagents, conditions, workup,
 * the intermediate, the flagged side reactions with their mitigation and
 * source), route-level flags, the other routes given in full when the plan
 * was asked for more than one (dzp_plan_options.routes: "Route k of N",
 * each with the same step sections) and the alternatives that lost.  It is written
 * to pass markdownlint's default rules apart from line length (MD013):
 * prose is wrapped at 80 columns where a break is safe, headings and table
 * rows are not wrapped, prose in a table cell is cut at 180 bytes, and a
 * SMILES is never broken.
 *
 * Both are pure functions of the plan: the same plan gives the same bytes.
 * The report never changes the plan and keeps no pointer into it.
 *
 * The report also writes the index of a batch (index.md / index.json), one
 * row at a time, so that a batch of any length is streamed: the report
 * module is the only writer of JSON and Markdown in dzp.
 */
#ifndef DZP_REPORT_H
#define DZP_REPORT_H

#include "dzp/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The two formats of every report. */
typedef enum { DZP_REPORT_MARKDOWN = 0, DZP_REPORT_JSON = 1, DZP_REPORT_HTML = 2 } dzp_report_format;

/* --- structure pictures (report_pictures.c) -------------------------------- */

typedef enum {
    DZP_PICTURE_SUBSTRATE,  /* ring nitrogens tagged N1 and N4 */
    DZP_PICTURE_TARGET,     /* tagged with the substrate's labels */
    DZP_PICTURE_THUMBNAIL,  /* the target, small, for a batch index */
    DZP_PICTURE_PRODUCT,    /* one step's product, tagged, the atoms it changed highlighted */
    DZP_PICTURE_SCHEME      /* the whole route left to right, arrows with reagents */
} dzp_picture_kind;

/* One picture of a report. */
typedef struct {
    dzp_picture_kind kind;
    int step;               /* DZP_PICTURE_PRODUCT: its step (1-based); else 0 */
    char *file;             /* file name under --out: "<stem>-<what>.svg" */
    char *caption;          /* what it shows, e.g. "Product of step 2: Boc protection" */
    char *svg;              /* one standalone <svg> element (xmlns, size, title), no XML
                               declaration; ends with a newline */
    double width, height;   /* its size in pixels */
} dzp_picture;

typedef struct {
    dzp_picture *items;
    size_t n;
} dzp_pictures;

/* The pictures of a plan: substrate, target and its thumbnail when the plan
 * has them; with a route of one or more steps, the product of each step and
 * the route scheme.  File names start with stem (a safe file name).  A
 * molecule Open Babel cannot lay out is left without a picture.  Returns 0
 * with *out filled (free it with dzp_report_pictures_clear()); DZP_EINVAL
 * (a NULL argument) or DZP_ENOMEM with a message, *out untouched. */
int dzp_report_pictures(dzp_pictures *out, const dzp_plan *plan, const char *stem);

/* The picture of that kind (and step, for products; else 0), or NULL. */
const dzp_picture *dzp_report_picture(const dzp_pictures *pictures, dzp_picture_kind kind,
                                      int step);

/* Free what dzp_report_pictures() made; the struct is empty afterwards. */
void dzp_report_pictures_clear(dzp_pictures *pictures);

/* --- provenance (report_generator.c) ---------------------------------------- */

/* What made the reports of this process. */
typedef struct {
    const char *version;       /* the tool's version, e.g. "0.1.0" */
    const char *rules_sha256;  /* dzp_rules.sha256 */
    const char *date;          /* ISO 8601 UTC, e.g. "2026-11-22T12:00:00Z" */
    const char *command;       /* the command line as a shell would take it */
} dzp_report_generator;

/* Every report and index written after this call carries g (copied): the
 * JSON "generator" object, a Provenance block in Markdown, a footer in
 * HTML.  Process-wide: call it before threads or workers write reports.
 * Returns 0; DZP_EINVAL (a NULL field) or DZP_ENOMEM, nothing changed. */
int dzp_report_set_generator(const dzp_report_generator *g);

/* Forget the provenance (reports carry none again).  Never fails. */
void dzp_report_clear_generator(void);

/* The plan as one compact JSON document (one line, no trailing newline)
 * in a malloc'd string the caller frees with free().  Text that is not
 * valid UTF-8 is written with U+FFFD in place of the bad bytes.  Returns 0;
 * on error returns DZP_EINVAL (plan NULL, an unknown status, a step with
 * no rule) or DZP_ENOMEM with a message, and *out is untouched. */
int dzp_report_json(char **out, const dzp_plan *plan);

/* The plan's JSON document for a row of a batch: dzp_report_json() with
 * one more key, "line": line (the row's line in the input), last.  Returns
 * 0, or fails as dzp_report_json() does, with *out untouched. */
int dzp_report_json_row(char **out, const dzp_plan *plan, long line);

/* The plan as a Markdown report in a malloc'd string the caller frees with
 * free(); it ends with exactly one newline.  Returns 0; on error returns
 * DZP_EINVAL or DZP_ENOMEM as dzp_report_json() does, and *out is
 * untouched. */
int dzp_report_markdown(char **out, const dzp_plan *plan);

/* dzp_report_markdown() linking pictures (NULL: none), which are files
 * beside the report: the substrate and target under Molecules, the scheme
 * under the route at a glance, each product under its step.  Returns and
 * fails as dzp_report_markdown(). */
int dzp_report_markdown_with(char **out, const dzp_plan *plan, const dzp_pictures *pictures);

/* The plan as one self-contained HTML page (inline CSS and the pictures as
 * inline SVG, no scripts, nothing fetched): the title, molecules, sites,
 * the route scheme, each step with its picture, reagents, conditions,
 * workup and flags, the other routes, the alternatives.  pictures may be
 * NULL (a page without drawings).  Returns and fails as
 * dzp_report_markdown(). */
int dzp_report_html(char **out, const dzp_plan *plan, const dzp_pictures *pictures);

/* One compound of a batch index. */
typedef struct {
    const char *name;      /* as given; bad UTF-8 is written as U+FFFD */
    const char *file;      /* its report's file name (a safe name: no escaping) */
    long line;             /* its line in the input */
    dzp_status status;
    int steps;             /* steps of the route, -1 without one */
    int flags;             /* route-level plus per-step flags */
    const char *thumbnail; /* file of the target's thumbnail picture, or NULL */
    const char *note;      /* why it is not ok (one sentence), or NULL */
} dzp_report_index_entry;

/* How many compounds of a batch ended in each status. */
typedef struct {
    long planned, no_route, invalid;
} dzp_report_index_totals;

/* The index of a batch is the concatenation of its head, one row per
 * compound in order, and its tail, each a malloc'd string the caller frees
 * with free().  index.md is a title and a table (name, line, status, steps,
 * flags, a link to the report) closed by the totals; index.json is an
 * array of objects with the keys name, line, status, steps (null without a
 * route), flags and file, one object per line.  before is the number of
 * rows already written (JSON separates rows with commas).  Each returns 0;
 * on error DZP_EINVAL (out, entry, its name or file, or totals NULL; an
 * unknown format or status) or DZP_ENOMEM with a message, and *out is
 * untouched. */
int dzp_report_index_head(char **out, dzp_report_format format);
int dzp_report_index_row(char **out, dzp_report_format format,
                         const dzp_report_index_entry *entry, size_t before);
int dzp_report_index_tail(char **out, dzp_report_format format,
                          const dzp_report_index_totals *totals);

/* A series planned as one campaign (--batch with --out): library.md /
 * library.json.  The caller (batch mode) gathers it as rows finish. */
typedef struct {
    const char *smiles;        /* canonical SMILES of the intermediate */
    const char *used_by;       /* compound names, "; "-separated */
    long n_compounds;
    double total_mmol;         /* summed over the compounds, when has_amount */
    double total_mass_mg;
    bool has_amount;
} dzp_library_intermediate;

typedef struct {
    const char *shape;         /* the step rules in order, " > "-separated; a route that
                                  starts from a stock compound begins with "stock" */
    const char *compounds;     /* "; "-separated */
    long n_compounds;
} dzp_library_group;

typedef struct {
    const char *substrate;     /* --from, as given */
    double scale_mmol;         /* > 0 with --scale; 0 otherwise (a --scale in grams: -1) */
    long n_compounds, n_planned;
    const dzp_library_intermediate *shared;  /* in order of first use */
    size_t n_shared;
    const dzp_library_group *groups;         /* largest first */
    size_t n_groups;
} dzp_library;

/* library.md (format DZP_REPORT_MARKDOWN: a title, the shared
 * intermediates as a table with the total to make, and the route groups,
 * largest first, each with its steps and compounds; lint-clean) or
 * library.json (DZP_REPORT_JSON: {"schema": "dzp-plan.library/1",
 * "compounds", "planned", "scale_mmol", "shared_intermediates": [{"smiles",
 * "compounds": [...], "total_mmol", "total_mass_mg"}], "route_groups":
 * [{"steps": [...], "compounds": [...]}]}) into a malloc'd *out.  Returns
 * 0, DZP_EINVAL for another format or a NULL argument, or DZP_ENOMEM; *out
 * is then untouched. */
int dzp_report_library(char **out, const dzp_library *lib, dzp_report_format format);

#ifdef __cplusplus
}
#endif
#endif
