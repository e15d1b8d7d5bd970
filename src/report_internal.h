/*
 * report_internal.h - what the files of the report module share, internal
 * to dzp (not installed): the wording of a plan's status, number
 * formatting, the facts about a plan both documents print (the site
 * labels, the goals, whether a route is shown), the checks every public
 * report function makes first, and the Markdown writer (report_md_writer.c)
 * that report_markdown.c and report_index.c compose their text with.
 *
 * The module's files: report.c (these shared helpers), report_json.c (the
 * route-json.md document), report_md_writer.c (Markdown escaping, wrapping
 * and blocks), report_markdown.c (the sections of the Markdown report) and
 * report_index.c (the rows of a batch's index.md / index.json).
 */
#ifndef DZP_REPORT_INTERNAL_H
#define DZP_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "dzp/report.h"
#include "strbuf.h"
#include "utf8.h"

#define REPORT_MD_WRAP 80        /* soft width of a prose line, in characters */
#define REPORT_MD_CELL_MAX 180   /* bytes of escaped prose in one table cell */
#define REPORT_N_CARBONS \
    (sizeof(((dzp_scaffold *)0)->carbon) / sizeof(((dzp_scaffold *)0)->carbon[0]))

/* --- shared helpers (report.c) -------------------------------------------- */

/* "ok", "no_route", "invalid_input"; the caller checked the status with
 * report_check_plan() or report_status_known(). */
const char *report_status_name(dzp_status status);

bool report_status_known(dzp_status status);

/* Whether x is finite and within the range the reports print. */
bool report_num_ok(double x);

/* x rounded to `places` decimals exactly as printf prints it. */
double report_round_to(double x, int places);

/* x with at most `places` decimals, trailing zeros dropped ("1.5", "10"),
 * or "n/a" when not report_num_ok(); written into buf, which is returned. */
const char *report_fmt_num(char *buf, size_t n, double x, int places);

/* x rounded to three significant figures (19.968 -> 20.0, 0.55834 -> 0.558);
 * 0 and non-finite values as they are. */
double report_sig3(double x);

/* x with three significant figures ("20.0", "200", "0.558"), or "n/a". */
const char *report_fmt_sig3(char *buf, size_t n, double x);

/* A mass for the bench: "608 mg", "1.02 g" (grams from 1 g up). */
const char *report_fmt_mass(char *buf, size_t n, double mg);

/* A volume for the bench: "558 µL", "3.83 mL" (mL from 1 mL up). */
const char *report_fmt_volume(char *buf, size_t n, double ml);

/* What to measure out of a scaled reagent ("7.50 mmol, 225 mg", "5.70
 * mmol, 424 µL of 37 wt% in water", "25.0 mL"), into buf; NULL when
 * nothing applies. */
const char *report_fmt_amount(char *buf, size_t n, const dzp_step_reagent *r);

/* x with two decimals ("242.70"), as MW and scores are printed, or "n/a". */
const char *report_fmt_fixed(char *buf, size_t n, double x);

/* The title phrase of a report ("Route to", "No route to", "Site analysis
 * of", "Invalid input", ...), capitalised; *mol is the molecule whose
 * SMILES follows it, or NULL. */
const char *report_title(const dzp_plan *p, const dzp_scaffold **mol);

/* A range as the reports print it: "20–25 °C", "-78 to 0 °C", "25 °C"
 * (unit after a space; `places` decimals at most), into buf. */
const char *report_fmt_range(char *buf, size_t n, const dzp_range *r, const char *unit,
                             int places);

/* What a scaled route is expected to give: the overall yield range from
 * the substrate (each step's limiting fraction times its yield range,
 * multiplied) and the expected amount of target. */
typedef struct {
    double yield_lo, yield_hi;
    double target_mmol, target_mass_mg;
} report_outcome;

/* Fills *out and returns true when the route has steps and was scaled. */
bool report_route_outcome(const dzp_route *r, report_outcome *out);

/* The SMILES a route starts from: its start (the substrate or a stock
 * compound), else the plan's substrate; NULL when neither is known. */
const char *report_start_smiles(const dzp_route *r, const dzp_plan *p);

/* A reagent's name as the tables print it: with a stock, "(in stock)" or
 * "(to order)" after it (a solvent the stock does not list is taken to be
 * at hand: no mark); buf is used and returned when a mark is added. */
const char *report_reagent_label(char *buf, size_t n, const dzp_step_reagent *r);

/* What to call a route's start in its first reagent table: the stock's
 * name for it, "in stock", or NULL when the route starts from the substrate. */
const char *report_stock_label(const dzp_route_start *start);

/* Whether the plan's route is part of the report (status ok with a route). */
bool report_route_shown(const dzp_plan *p);

/* How many routes the report gives in full: the chosen one and the
 * alternatives that carry theirs (--routes). */
int report_routes_in_full(const dzp_plan *p);

/* The label of site k (0 or 1) of s: its own, or "N1" / "N4". */
const char *report_site_label(const dzp_scaffold *s, int k);

/* The other nitrogen's label when N1 and N4 are equivalent, else NULL. */
const char *report_equivalent_label(const dzp_scaffold *s, int k);

/* "NH", "PG:<name>" or "R" for what site k must become (into buf), or NULL
 * when the plan has no goals. */
const char *report_goal_text(const dzp_plan *p, int k, char *buf, size_t n);

/* A transformation's display name, or its id when it has none. */
const char *report_rule_name(const dzp_transformation *rule);

/* The checks every report of a plan makes first; `what` names the report
 * in the message.  Returns 0, or DZP_EINVAL with a message (out or plan
 * NULL, an unknown status, a route step without a rule). */
int report_check_plan(char **out, const dzp_plan *plan, const char *what);

/* --- sources (report_sources.c) -------------------------------------------- */

/* The sources one report cites, numbered in order of first citation. */
typedef struct {
    char **items;
    size_t n, cap;
} report_citations;

/* Number the "; "-separated pieces of a flag's citation (new ones are
 * added) and write their numbers onto out ("1, 3").  Out of memory marks
 * out failed. */
void report_cite(report_citations *c, const char *citation, dzp_strbuf *out);

void report_citations_free(report_citations *c);

/* --- provenance (report_generator.c) ------------------------------------- */

/* The provenance set by dzp_report_set_generator(): true with the strings
 * borrowed, false when none was set. */
bool report_generator(const char **version, const char **rules, const char **date,
                      const char **command);

/* The provenance as four plain lines ("dzp-plan 0.1.0", "rules sha256
 * ...", "date ...", "command ...") onto sb; nothing when none was set. */
void report_provenance_text(dzp_strbuf *sb);

/* --- XML text (report_xml.c) ---------------------------------------------- */

/* s as XML / HTML text onto sb: & < > " ' as entities, control characters
 * other than newline and tab as spaces, bad UTF-8 as U+FFFD.  On out of memory sb is marked failed. */
void report_xml_text(dzp_strbuf *sb, const char *s);

/* --- JSON (report_json_write.c) ---------------------------------------------- */

typedef struct json_t json_t; /* jansson's */

/* doc written as compact JSON, byte for byte what json_dumps gives with
 * JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(precision)
 * (precision 0: jansson's default, 17), malloc'd; NULL for a NULL doc or
 * when out of memory (report_json_write.c). */
char *report_json_text(const json_t *doc, int precision);

/* Compact JSON written as it is made, in json_dumps' bytes (as
 * report_json_text), with no tree: open an object or array, write keys and
 * values in document order, close it, take the text.  Commas are the
 * writer's business.  Nothing fails on the spot: out of memory, too deep a
 * nesting or an unclosed container makes rj_take return NULL. */
#define REPORT_JSON_MAX_DEPTH 16
typedef struct {
    dzp_strbuf sb;
    int precision;                      /* significant digits of a real */
    int depth;
    bool written[REPORT_JSON_MAX_DEPTH]; /* a member was written at this depth */
    bool after_key;                     /* a key waits for its value */
} report_json_out;
#define REPORT_JSON_OUT_INIT(precision) {DZP_STRBUF_INIT, (precision), 0, {false}, false}

void rj_object(report_json_out *w);
void rj_end_object(report_json_out *w);
void rj_array(report_json_out *w);
void rj_end_array(report_json_out *w);
void rj_key(report_json_out *w, const char *key);
void rj_null(report_json_out *w);
void rj_bool(report_json_out *w, bool b);
void rj_integer(report_json_out *w, long long x);
/* a real always written as one ("2.0"), as jansson writes a json_real */
void rj_real(report_json_out *w, double x);
/* s as a JSON string with every byte that is not valid UTF-8 replaced by
 * U+FFFD; null for NULL */
void rj_string(report_json_out *w, const char *s);
/* The text, malloc'd, the writer left empty; NULL on any failure above. */
char *rj_take(report_json_out *w);

/* --- the Markdown writer (report_md_writer.c) ----------------------------- */

/* None of the writer's functions fails: when memory runs out the buffer
 * is marked failed (see strbuf.h) and the document's owner checks
 * w->doc.failed once, at the end. */

typedef struct {
    dzp_strbuf doc;    /* the document so far */
    dzp_strbuf line;   /* the logical line of the block being composed */
    const dzp_pictures *pictures;  /* pictures to link (files beside the report), or NULL */
    report_citations sources;      /* cited so far, listed at the end */
} md_writer;

/* Markdown syntax (no escaping) onto the line. */
void md_raw(md_writer *w, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Prose onto the line: whitespace and control characters collapse to one
 * space (none at the ends), Markdown punctuation is escaped, bare URLs
 * become autolinks, bad UTF-8 is replaced.  Output beyond max bytes is cut
 * and ends with an ellipsis. */
void md_text(md_writer *w, const char *s, size_t max);

/* A name as it is, onto buf, for a table cell: bad UTF-8 replaced and every
 * Markdown punctuation character (and the cell bar) backslashed, nothing
 * else changed.  What the batch index writes a compound's name with. */
void md_literal(dzp_strbuf *buf, const char *s);

/* A SMILES or an id as a code span; "—" when absent.  A table cell needs
 * '|' escaped even inside code; text holding '`' or a space goes out as
 * prose. */
void md_code(md_writer *w, const char *s, bool in_table);

/* The composed line into the document: first prefix, then the words,
 * wrapped (when wrap) with cont at the start of each further line. */
void md_flush(md_writer *w, const char *first, const char *cont, bool wrap);

/* The blocks: a blank line, a paragraph, a bullet item, a numbered item, a
 * heading (the text is Markdown already), a table head, table cells (prose
 * or code, "—" when empty) and the end of a table row. */
void md_blank(md_writer *w);
void md_para(md_writer *w);
void md_item(md_writer *w);
void md_numbered(md_writer *w, size_t n);
void md_heading(md_writer *w, const char *text);
void md_table_head(md_writer *w, const char *const *head, size_t n);
void md_cell_text(md_writer *w, const char *s);
void md_cell_code(md_writer *w, const char *s);
void md_row_end(md_writer *w);

#endif
