/*
 * report.c - write a plan as the route-json.md document or as Markdown.
 *
 * The JSON side builds a jansson tree with one small function per contract
 * type (Molecule, Site, Step, Flag, ...) and dumps it compact, so escaping
 * is jansson's.  Text that is not valid UTF-8 (a batch row's name, a
 * message quoting bad input) gets U+FFFD in place of the bad bytes, so
 * even a refusal is a valid document.
 *
 * The Markdown side composes each block (paragraph, list item, table row,
 * heading) as one logical line, then writes it out: prose is wrapped at
 * MD_WRAP columns, but only before a word that cannot open a block (see
 * safe_break()), so a wrapped line never begins a list, a heading or a
 * quote; headings and table rows are never wrapped, and a prose table cell
 * is cut at MD_CELL_MAX bytes.  Text from the plan is
 * escaped (whitespace collapsed, Markdown punctuation backslashed, bare
 * URLs made autolinks); SMILES go in code spans.  Blocks are separated by
 * one blank line, and the document ends with one newline.
 *
 * The report owns its wording of the plan's enums (status, severity via
 * rules.c, site states via scaffold.c) and never names a molecule.
 */
#include "dzp/report.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dzp/error.h"

#define SCHEMA "dzp-plan.route/1"
#define JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))
#define MD_WRAP 80        /* soft width of a prose line, in characters */
#define MD_CELL_MAX 180   /* bytes of escaped prose in one table cell */
#define NUM_LIMIT 1e15    /* numbers beyond this (or NaN) are written as null / "n/a" */
#define N_CARBONS (sizeof(((dzp_scaffold *)0)->carbon) / sizeof(((dzp_scaffold *)0)->carbon[0]))

static const char *const status_names[] = {
    [DZP_STATUS_OK] = "ok",
    [DZP_STATUS_NO_ROUTE] = "no_route",
    [DZP_STATUS_INVALID_INPUT] = "invalid_input",
};
#define N_STATUS (sizeof(status_names) / sizeof(status_names[0]))

static const char *const site_labels[2] = {"N1", "N4"};

/* --- shared: strings, UTF-8, numbers, plan facts ------------------------ */

typedef struct {
    char *data;
    size_t len, cap;
    bool failed;   /* an allocation failed: everything after is dropped */
} strbuf;

static bool sb_reserve(strbuf *sb, size_t extra)
{
    size_t cap = sb->cap ? sb->cap : 256;
    char *p;

    if (sb->failed)
        return false;
    if (sb->len + extra + 1 <= sb->cap)
        return true;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    if (!(p = realloc(sb->data, cap))) {
        sb->failed = true;
        return false;
    }
    sb->data = p;
    sb->cap = cap;
    return true;
}

static void sb_putn(strbuf *sb, const char *s, size_t n)
{
    if (!sb_reserve(sb, n))
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

static void sb_puts(strbuf *sb, const char *s)
{
    sb_putn(sb, s, strlen(s));
}

static void sb_vprintf(strbuf *sb, const char *fmt, va_list ap)
{
    va_list copy;
    int n;

    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) {
        sb->failed = true;
        return;
    }
    if (!sb_reserve(sb, (size_t)n))
        return;
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

/* Length of the valid UTF-8 sequence at s (1 to 4), or 0 when the bytes
 * there are not one (stray continuation, overlong, surrogate, too big). */
static size_t utf8_seq(const unsigned char *s)
{
    unsigned c = s[0], cp;
    size_t n;

    if (c < 0x80)
        return 1;
    n = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (n == 0)
        return 0;
    cp = c & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* s with every invalid UTF-8 byte replaced by U+FFFD, appended to sb.
 * Returns whether s was valid already. */
static bool utf8_clean(strbuf *sb, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    bool valid = true;

    while (*p) {
        size_t n = utf8_seq(p);
        if (n == 0) {
            sb_puts(sb, REPLACEMENT);
            valid = false;
            p++;
        } else {
            sb_putn(sb, (const char *)p, n);
            p += n;
        }
    }
    return valid;
}

static bool num_ok(double x)
{
    return x > -NUM_LIMIT && x < NUM_LIMIT; /* false for NaN and infinities */
}

/* x rounded to `places` decimals exactly as printf prints it. */
static double round_to(double x, int places)
{
    char buf[64];

    if (!num_ok(x))
        return x;
    snprintf(buf, sizeof(buf), "%.*f", places, x);
    return strtod(buf, NULL);
}

/* x with at most `places` decimals, trailing zeros dropped ("1.5", "10"). */
static const char *fmt_num(char *buf, size_t n, double x, int places)
{
    char *end;

    if (!num_ok(x)) {
        snprintf(buf, n, "n/a");
        return buf;
    }
    snprintf(buf, n, "%.*f", places, x);
    if (strchr(buf, '.')) {
        end = buf + strlen(buf);
        while (end[-1] == '0')
            *--end = '\0';
        if (end[-1] == '.')
            end[-1] = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, n, "0");
    return buf;
}

/* x with two decimals ("242.70"), as MW and scores are printed. */
static const char *fmt_fixed(char *buf, size_t n, double x)
{
    if (num_ok(x))
        snprintf(buf, n, "%.2f", x);
    else
        snprintf(buf, n, "n/a");
    return buf;
}

static bool route_shown(const dzp_plan *p)
{
    return p->status == DZP_STATUS_OK && p->has_route;
}

static const char *site_label(const dzp_scaffold *s, int k)
{
    return s->site[k].label ? s->site[k].label : site_labels[k];
}

/* The other nitrogen's label when N1 and N4 are equivalent, else NULL. */
static const char *equivalent_label(const dzp_scaffold *s, int k)
{
    return s->equivalent ? site_label(s, 1 - k) : NULL;
}

/* "NH", "PG:<name>" or "R" for what site k must become, or NULL. */
static const char *goal_text(const dzp_plan *p, int k, char *buf, size_t n)
{
    dzp_site view;

    if (!p->have_goals)
        return NULL;
    memset(&view, 0, sizeof(view));
    view.state = p->goal[k].state;
    view.pg = p->goal[k].pg;
    return dzp_site_state_text(&view, buf, n);
}

static const char *rule_name(const dzp_transformation *rule)
{
    return rule->name ? rule->name : rule->id;
}

/* The checks both reports share; what names the report for the message. */
static int check_plan(char **out, const dzp_plan *plan, const char *what)
{
    if (!out || !plan)
        return dzp_error_set(DZP_EINVAL, "%s report: no plan or no output given", what);
    if ((unsigned)plan->status >= N_STATUS)
        return dzp_error_set(DZP_EINVAL, "%s report: the plan has an unknown status (%d)", what,
                             (int)plan->status);
    if (!route_shown(plan))
        return 0;
    if (plan->n_steps && !plan->steps)
        return dzp_error_set(DZP_EINVAL, "%s report: the route has %zu steps but no step array",
                             what, plan->n_steps);
    for (size_t i = 0; i < plan->n_steps; i++)
        if (!plan->steps[i].rule)
            return dzp_error_set(DZP_EINVAL, "%s report: step %zu of the route has no rule", what,
                                 i + 1);
    return 0;
}

/* --- JSON ---------------------------------------------------------------- */

/* obj[key] = value, stealing value.  Once anything fails (obj or value
 * NULL, or the insertion) both are released and NULL comes back, so a
 * whole object is built as a chain of put()s with one check at the end. */
static json_t *put(json_t *obj, const char *key, json_t *value)
{
    if (!obj || !value || json_object_set_new(obj, key, value) < 0) {
        json_decref(obj);
        json_decref(value);
        return NULL;
    }
    return obj;
}

/* arr += value, stealing value; NULL on failure as put(). */
static json_t *push(json_t *arr, json_t *value)
{
    if (!arr || !value || json_array_append_new(arr, value) < 0) {
        json_decref(arr);
        json_decref(value);
        return NULL;
    }
    return arr;
}

static json_t *j_str(const char *s)
{
    strbuf sb = {0};
    json_t *j;

    if (!s)
        return json_null();
    if (utf8_clean(&sb, s) || sb.failed)
        j = json_string(s);
    else
        j = json_string(sb.data);
    free(sb.data);
    return j;
}

/* A number: an integer when x is integral ("10", not "10.0"), null when
 * not finite. */
static json_t *j_num(double x)
{
    if (!num_ok(x))
        return json_null();
    if (x == (double)(json_int_t)x)
        return json_integer((json_int_t)x);
    return json_real(x);
}

static json_t *j_molecule(const char *smiles, const char *formula, double mw)
{
    json_t *o = json_object();

    o = put(o, "smiles", j_str(smiles));
    o = put(o, "formula", j_str(formula));
    return put(o, "mw", j_num(round_to(mw, 2)));
}

static json_t *j_range(const dzp_range *r)
{
    if (!r->set)
        return json_null();
    return push(push(json_array(), j_num(r->lo)), j_num(r->hi));
}

/* Makes the JSON of one item of a plan's array. */
typedef json_t *(*j_item_fn)(const void *item, const dzp_plan *plan);

/* A JSON array of n items of `size` bytes, each made by one(). */
static json_t *j_array(const void *items, size_t n, size_t size, j_item_fn one,
                       const dzp_plan *plan)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < n && arr; i++)
        arr = push(arr, one((const char *)items + i * size, plan));
    return arr;
}

static json_t *j_flag(const void *item, const dzp_plan *plan)
{
    const dzp_flag *f = item;
    json_t *o = json_object();

    o = put(o, "id", j_str(f->id));
    o = put(o, "severity", j_str(dzp_severity_name(f->severity)));
    o = put(o, "message", j_str(f->message));
    o = put(o, "mitigation", j_str(f->mitigation));
    return put(o, "source", j_str(f->source));
}

/* A reagent; once the plan is scaled (--scale) every reagent also has
 * "mmol", "mass_mg" and "volume_ml", each null when it does not apply. */
static json_t *j_reagent(const void *item, const dzp_plan *plan)
{
    const dzp_step_reagent *r = item;
    json_t *o = json_object();

    o = put(o, "role", j_str(r->role));
    o = put(o, "name", j_str(r->name));
    o = put(o, "smiles", j_str(r->smiles));
    o = put(o, "equiv", r->has_equiv ? j_num(r->equiv) : json_null());
    if (!(plan->scale_mmol > 0))
        return o;
    o = put(o, "mmol", r->has_mass ? j_num(round_to(r->mmol, 3)) : json_null());
    o = put(o, "mass_mg", r->has_mass ? j_num(round_to(r->mass_mg, 1)) : json_null());
    return put(o, "volume_ml", r->has_volume ? j_num(round_to(r->volume_ml, 2)) : json_null());
}

static json_t *j_conditions(const dzp_conditions *c)
{
    json_t *o = json_object();

    o = put(o, "solvent", j_str(c->solvent));
    o = put(o, "temperature_c", j_range(&c->temperature_c));
    o = put(o, "time_h", j_range(&c->time_h));
    o = put(o, "concentration_m", c->has_concentration ? j_num(c->concentration_m) : json_null());
    return put(o, "atmosphere", j_str(c->atmosphere));
}

static json_t *j_step(const void *item, const dzp_plan *plan)
{
    const dzp_step *s = item;
    const dzp_molecule_info *m = &s->product;
    json_t *o = json_object();

    o = put(o, "n", json_integer(s->n));
    o = put(o, "kind", j_str(s->rule->kind));
    o = put(o, "rule", j_str(s->rule->id));
    o = put(o, "site", j_str(s->site));
    o = put(o, "pg", j_str(s->pg));
    o = put(o, "reagents", j_array(s->reagents, s->n_reagents, sizeof(*s->reagents), j_reagent,
                                         plan));
    o = put(o, "conditions", j_conditions(&s->rule->conditions));
    o = put(o, "workup", j_str(s->rule->workup));
    o = put(o, "product", j_molecule(m->smiles, m->formula, m->mw));
    return put(o, "flags", j_array(s->flags, s->n_flags, sizeof(*s->flags), j_flag, plan));
}

static json_t *j_route(const dzp_plan *p)
{
    json_t *o;

    if (!route_shown(p))
        return json_null();
    o = json_object();
    o = put(o, "steps", j_array(p->steps, p->n_steps, sizeof(*p->steps), j_step, p));
    o = put(o, "score", j_num(round_to(p->score, 2)));
    return put(o, "verified", json_boolean(p->verified));
}

static json_t *j_site(const dzp_plan *p, int k)
{
    const dzp_scaffold *s = p->substrate;
    char state[128], goal[128];
    json_t *o = json_object();

    o = put(o, "label", j_str(site_label(s, k)));
    o = put(o, "substrate", j_str(dzp_site_state_text(&s->site[k], state, sizeof(state))));
    o = put(o, "target", j_str(goal_text(p, k, goal, sizeof(goal))));
    o = put(o, "substituent", j_str(p->have_goals ? p->goal[k].substituent : NULL));
    o = put(o, "equivalent_to", j_str(equivalent_label(s, k)));
    o = put(o, "hindrance", json_integer(s->site[k].hindrance));
    return put(o, "substrate_substituent", j_str(s->site[k].substituent_smiles));
}

static json_t *j_sites(const dzp_plan *p)
{
    json_t *arr = json_array();

    for (int k = 0; p->substrate && k < 2; k++)
        arr = push(arr, j_site(p, k));
    return arr;
}

static json_t *j_ring_carbons(const dzp_plan *p)
{
    json_t *arr = json_array();

    for (size_t i = 0; p->substrate && i < N_CARBONS; i++) {
        const dzp_ring_carbon *c = &p->substrate->carbon[i];
        char locant[16];
        json_t *o;

        if (c->n_substituents <= 0)
            continue;
        snprintf(locant, sizeof(locant), "C%d", c->locant);
        o = put(json_object(), "locant", json_string(locant));
        o = put(o, "substituents", json_integer(c->n_substituents));
        o = put(o, "stereo", json_string(c->stereo_specified ? "specified" : "unspecified"));
        arr = push(arr, o);
    }
    return arr;
}

static json_t *j_alternative(const void *item, const dzp_plan *plan)
{
    const dzp_alternative *a = item;
    json_t *o = json_object();

    o = put(o, "summary", j_str(a->summary));
    o = put(o, "steps", json_integer(a->steps));
    o = put(o, "rejected", j_str(a->rejected));
    return put(o, "score", j_num(round_to(a->score, 2)));
}

static json_t *j_plan(const dzp_plan *p)
{
    const dzp_scaffold *s = p->substrate, *t = p->target;
    json_t *o = json_object();

    o = put(o, "schema", json_string(SCHEMA));
    o = put(o, "name", j_str(p->name));
    o = put(o, "status", json_string(status_names[p->status]));
    o = put(o, "message", j_str(p->status == DZP_STATUS_OK ? NULL : p->message));
    o = put(o, "substrate", s ? j_molecule(s->smiles, s->formula, s->mw) : json_null());
    o = put(o, "target", t ? j_molecule(t->smiles, t->formula, t->mw) : json_null());
    o = put(o, "sites", j_sites(p));
    o = put(o, "ring_carbons", j_ring_carbons(p));
    o = put(o, "scale_mmol", p->scale_mmol > 0 ? j_num(round_to(p->scale_mmol, 3)) : json_null());
    o = put(o, "route", j_route(p));
    o = put(o, "alternatives", j_array(p->alts, p->n_alts, sizeof(*p->alts), j_alternative, p));
    return put(o, "flags", j_array(p->flags, p->n_flags, sizeof(*p->flags), j_flag, p));
}

int dzp_report_json(char **out, const dzp_plan *plan)
{
    json_t *doc = NULL;
    char *text = NULL;
    int error;

    if ((error = check_plan(out, plan, "JSON")) < 0)
        return error;
    doc = j_plan(plan);
    if (!doc || !(text = json_dumps(doc, JSON_FLAGS))) {
        error = dzp_error_set(DZP_ENOMEM, "JSON report: out of memory");
        goto done;
    }
    *out = text;
    error = 0;
done:
    json_decref(doc);
    return error;
}

/* --- Markdown: the writer -------------------------------------------------- */

typedef struct {
    strbuf doc;    /* the document so far */
    strbuf line;   /* the logical line of the block being composed */
} md_writer;

/* Markdown syntax (no escaping) onto the line. */
static void md_raw(md_writer *w, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void md_raw(md_writer *w, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    sb_vprintf(&w->line, fmt, ap);
    va_end(ap);
}

static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(int c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

/* Length of the http(s) URL starting at s (without trailing punctuation),
 * or 0 when s does not start one. */
static size_t url_len(const char *s)
{
    size_t n = 0;

    if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
        return 0;
    while (s[n] > ' ' && s[n] < 0x7F && s[n] != '<' && s[n] != '>')
        n++;
    while (n > 0 && strchr(".,;:)", s[n - 1]))
        n--;
    return n;
}

/* At the start of a line, text that would open a list ("- x", "+ x",
 * "1. x", "1) x") is escaped; returns the bytes taken, 0 when none.  (A
 * wrapped line never starts with these: see safe_break().) */
static size_t md_block_start(strbuf *buf, const char *p)
{
    size_t digits = strspn(p, "0123456789");
    size_t mark = digits > 0 && digits < 10 && (p[digits] == '.' || p[digits] == ')') ? digits
                  : (p[0] == '-' || p[0] == '+')                                      ? 0
                                                                                       : SIZE_MAX;

    if (mark == SIZE_MAX || (p[mark + 1] != ' ' && p[mark + 1] != '\0'))
        return 0;
    sb_putn(buf, p, mark);
    sb_puts(buf, "\\");
    sb_putn(buf, p + mark, 1);
    return mark + 1;
}

/* The escaped form of the character (or bare URL) at p onto buf; returns
 * how many input bytes it took.  prev is the input byte before p. */
static size_t md_piece(strbuf *buf, const char *p, int prev, bool line_start)
{
    size_t n = utf8_seq((const unsigned char *)p), url = prev == ' ' ? url_len(p) : 0;
    size_t taken = line_start ? md_block_start(buf, p) : 0;

    if (taken)
        return taken;
    if (url) {
        sb_puts(buf, "<");
        sb_putn(buf, p, url);
        sb_puts(buf, ">");
        return url;
    }
    if (n == 0) {
        sb_puts(buf, REPLACEMENT);
        return 1;
    }
    if (n == 1 && (strchr("\\`*[]<|~#", *p) || (*p == '>' && line_start)))
        sb_puts(buf, "\\");    /* '>' opens a quote only at a line start */
    else if (n == 1 && *p == '_' && !(is_alnum(prev) && is_alnum(p[1])))
        sb_puts(buf, "\\");    /* intraword '_' is literal already */
    sb_putn(buf, p, n);
    return n;
}

/* Prose onto the line: whitespace and control characters collapse to one
 * space (none at the ends), Markdown punctuation is escaped, bad UTF-8 is
 * replaced.  Output beyond max bytes is cut and ends with an ellipsis. */
static void md_text(md_writer *w, const char *s, size_t max)
{
    strbuf piece = {0};
    size_t used = 0;
    int prev = ' ';
    bool space = false;

    for (const char *p = s ? s : ""; *p;) {
        if ((unsigned char)*p <= ' ' || *p == 0x7F) {
            space = used > 0;
            prev = ' ';
            p++;
            continue;
        }
        piece.len = 0;
        if (space)
            sb_puts(&piece, " ");
        p += md_piece(&piece, p, prev, w->line.len == 0);
        prev = (unsigned char)p[-1];
        if (used + piece.len > max) {
            sb_puts(&w->line, "…");
            break;
        }
        sb_putn(&w->line, piece.data, piece.len);
        used += piece.len;
        space = false;
    }
    w->line.failed |= piece.failed;
    free(piece.data);
}

/* A SMILES or an id as a code span; "—" when absent.  A table cell needs
 * '|' escaped even inside code; text holding '`' goes out as prose. */
static void md_code(md_writer *w, const char *s, bool in_table)
{
    if (!s || !*s) {
        md_raw(w, "—");
        return;
    }
    if (strchr(s, '`') || strpbrk(s, " \t\n")) {
        md_text(w, s, in_table ? MD_CELL_MAX : SIZE_MAX);
        return;
    }
    md_raw(w, "`");
    for (; *s; s++)
        md_raw(w, "%s%c", in_table && *s == '|' ? "\\" : "", *s);
    md_raw(w, "`");
}

/* Characters (not bytes) in s[0..n). */
static size_t width_of(const char *s, size_t n)
{
    size_t w = 0;

    for (size_t i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

/* Wrapping a line before this word cannot start a block construct: it
 * starts with a letter, "(", an em dash, "*" + letter (emphasis, not a
 * list marker) or a single backtick (a code span, not a fence). */
static bool safe_break(const char *word)
{
    return is_alpha(word[0]) || word[0] == '(' || strncmp(word, "—", strlen("—")) == 0 ||
           (word[0] == '*' && is_alpha(word[1])) || (word[0] == '`' && word[1] != '`');
}

/* Width of the words from s up to the next word a line may break before:
 * what has to fit on the line if it does not break before s. */
static size_t run_width(const char *s)
{
    size_t width = 0;

    for (bool first = true; *s; first = false) {
        size_t n = strcspn(s, " ");
        if (!first && n > 0 && safe_break(s))
            break;
        width += !first + width_of(s, n);
        s += n + (s[n] == ' ');
    }
    return width;
}

/* The composed line into the document: first prefix, then the words,
 * wrapped (when wrap) with cont at the start of each further line. */
static void md_flush(md_writer *w, const char *first, const char *cont, bool wrap)
{
    const char *s = w->line.data ? w->line.data : "";
    size_t col = width_of(first, strlen(first));
    bool start = true;

    sb_puts(&w->doc, first);
    while (*s) {
        size_t n = strcspn(s, " ");
        size_t width = width_of(s, n);
        if (n > 0 && !start) {
            if (wrap && safe_break(s) && col + 1 + run_width(s) > MD_WRAP) {
                sb_puts(&w->doc, "\n");
                sb_puts(&w->doc, cont);
                col = width_of(cont, strlen(cont));
            } else {
                sb_puts(&w->doc, " ");
                col++;
            }
        }
        sb_putn(&w->doc, s, n);
        col += width;
        start = start && n == 0;
        s += n + (s[n] == ' ');
    }
    sb_puts(&w->doc, "\n");
    w->doc.failed |= w->line.failed;
    w->line.len = 0;
    w->line.failed = false;
    if (w->line.data)
        w->line.data[0] = '\0';
}

static void md_blank(md_writer *w)
{
    sb_puts(&w->doc, "\n");
}

static void md_para(md_writer *w)
{
    md_flush(w, "", "", true);
    md_blank(w);
}

static void md_item(md_writer *w)
{
    md_flush(w, "- ", "  ", true);
}

static void md_numbered(md_writer *w, size_t n)
{
    char first[32], cont[32];
    int len = snprintf(first, sizeof(first), "%zu. ", n);

    memset(cont, ' ', (size_t)len);
    cont[len] = '\0';
    md_flush(w, first, cont, true);
}

static void md_heading(md_writer *w, const char *text)
{
    md_raw(w, "%s", text);
    md_flush(w, "", "", false);
    md_blank(w);
}

static void md_table_head(md_writer *w, const char *const *head, size_t n)
{
    for (size_t i = 0; i < n; i++)
        md_raw(w, "| %s ", head[i]);
    md_raw(w, "|");
    md_flush(w, "", "", false);
    for (size_t i = 0; i < n; i++)
        md_raw(w, "| --- ");
    md_raw(w, "|");
    md_flush(w, "", "", false);
}

static void md_cell_text(md_writer *w, const char *s)
{
    md_raw(w, "| ");
    if (s && *s)
        md_text(w, s, MD_CELL_MAX);
    else
        md_raw(w, "—");
    md_raw(w, " ");
}

static void md_cell_code(md_writer *w, const char *s)
{
    md_raw(w, "| ");
    md_code(w, s, true);
    md_raw(w, " ");
}

static void md_row_end(md_writer *w)
{
    md_raw(w, "|");
    md_flush(w, "", "", false);
}

/* --- Markdown: the sections ---------------------------------------------- */

/* "`SMILES` (C5H12N2, MW 100.16)" */
static void md_molecule(md_writer *w, const char *smiles, const char *formula, double mw)
{
    char num[32];

    md_code(w, smiles, false);
    md_raw(w, " (");
    if (formula && *formula) {
        md_text(w, formula, SIZE_MAX);
        md_raw(w, ", ");
    }
    md_raw(w, "MW %s)", fmt_fixed(num, sizeof(num), mw));
}

enum title_mol { MOL_NONE, MOL_TARGET, MOL_SUBSTRATE };
enum title_kind { T_ROUTE, T_SITES, T_NO_ROUTE_TO, T_NO_ROUTE, T_INVALID, T_BARE_ROUTE };

static const struct title_form {
    const char *phrase;   /* capitalised; lower-cased after a name */
    enum title_mol mol;   /* whose SMILES follows the phrase */
} md_titles[] = {
    [T_ROUTE] = {"Route to", MOL_TARGET},
    [T_SITES] = {"Site analysis of", MOL_SUBSTRATE},
    [T_NO_ROUTE_TO] = {"No route to", MOL_TARGET},
    [T_NO_ROUTE] = {"No route", MOL_NONE},
    [T_INVALID] = {"Invalid input", MOL_NONE},
    [T_BARE_ROUTE] = {"Route", MOL_NONE},
};

static enum title_kind title_of(const dzp_plan *p)
{
    if (p->status == DZP_STATUS_INVALID_INPUT)
        return T_INVALID;
    if (p->status == DZP_STATUS_NO_ROUTE)
        return p->target ? T_NO_ROUTE_TO : T_NO_ROUTE;
    if (p->target)
        return T_ROUTE;
    return p->substrate ? T_SITES : T_BARE_ROUTE;
}

static void md_title(md_writer *w, const dzp_plan *p)
{
    const struct title_form *t = &md_titles[title_of(p)];
    const dzp_scaffold *mol = t->mol == MOL_TARGET ? p->target
                              : t->mol == MOL_SUBSTRATE ? p->substrate : NULL;

    md_raw(w, "# ");
    if (p->name && *p->name) {
        md_text(w, p->name, SIZE_MAX);
        md_raw(w, ": %c%s", t->phrase[0] - 'A' + 'a', t->phrase + 1);
    } else {
        md_raw(w, "%s", t->phrase);
    }
    if (mol) {
        md_raw(w, " ");
        md_code(w, mol->smiles, false);
    }
    md_flush(w, "", "", false);
    md_blank(w);
}

static void md_status(md_writer *w, const dzp_plan *p)
{
    md_raw(w, "Status: `%s`.", status_names[p->status]);
    md_para(w);
    if (p->status == DZP_STATUS_OK || !p->message || !*p->message)
        return;
    md_text(w, p->message, SIZE_MAX);
    md_flush(w, "> ", "> ", true);
    md_blank(w);
}

static void md_molecules(md_writer *w, const dzp_plan *p)
{
    const dzp_scaffold *s = p->substrate, *t = p->target;

    if (!s && !t)
        return;
    md_heading(w, "## Molecules");
    if (s) {
        md_raw(w, "Substrate: ");
        md_molecule(w, s->smiles, s->formula, s->mw);
        md_item(w);
    }
    if (t) {
        md_raw(w, "Target: ");
        md_molecule(w, t->smiles, t->formula, t->mw);
        md_item(w);
    }
    md_blank(w);
}

static void md_ring_carbons(md_writer *w, const dzp_scaffold *s)
{
    bool any = false;

    for (size_t i = 0; i < N_CARBONS; i++) {
        const dzp_ring_carbon *c = &s->carbon[i];
        if (c->n_substituents <= 0)
            continue;
        md_raw(w, "%sC%d (%d substituent%s, stereo %s)",
               any ? ", " : "Substituted ring carbons: ", c->locant, c->n_substituents,
               c->n_substituents == 1 ? "" : "s", c->stereo_specified ? "specified" : "unspecified");
        any = true;
    }
    if (any) {
        md_raw(w, ".");
        md_para(w);
    }
}

static void md_sites(md_writer *w, const dzp_plan *p)
{
    static const char *const head[] = {"Site",         "Substrate",  "Target",
                                       "Target group", "Equivalent to", "Hindrance"};
    const dzp_scaffold *s = p->substrate;
    char state[128], goal[128];

    if (!s)
        return;
    md_heading(w, "## Sites");
    md_table_head(w, head, sizeof(head) / sizeof(head[0]));
    for (int k = 0; k < 2; k++) {
        md_cell_text(w, site_label(s, k));
        md_cell_text(w, dzp_site_state_text(&s->site[k], state, sizeof(state)));
        md_cell_text(w, goal_text(p, k, goal, sizeof(goal)));
        md_cell_code(w, p->have_goals ? p->goal[k].substituent : NULL);
        md_cell_text(w, equivalent_label(s, k));
        md_raw(w, "| %d ", s->site[k].hindrance);
        md_row_end(w);
    }
    md_blank(w);
    md_ring_carbons(w, s);
}

/* "4.75 mmol, 1.04 g", "250.0 mg", "25 mL" for a scaled reagent, or NULL. */
static const char *fmt_amount(char *buf, size_t n, const dzp_step_reagent *r)
{
    char a[32], b[32];

    if (r->has_mass && r->mass_mg >= 1000)
        snprintf(buf, n, "%s mmol, %s g", fmt_num(a, sizeof(a), r->mmol, 3),
                 fmt_num(b, sizeof(b), r->mass_mg / 1000, 2));
    else if (r->has_mass)
        snprintf(buf, n, "%s mmol, %s mg", fmt_num(a, sizeof(a), r->mmol, 3),
                 fmt_num(b, sizeof(b), r->mass_mg, 1));
    else if (r->has_volume)
        snprintf(buf, n, "%s mL", fmt_num(a, sizeof(a), r->volume_ml, 2));
    else
        return NULL;
    return buf;
}

/* The reagent table; a scaled plan adds an Amount column. */
static void md_reagents(md_writer *w, const dzp_step *s, bool scaled)
{
    static const char *const head[] = {"Role", "Reagent", "SMILES", "Equiv", "Amount"};
    char equiv[32], amount[96];

    if (s->n_reagents == 0) {
        md_raw(w, "Reagents: none.");
        md_para(w);
        return;
    }
    md_table_head(w, head, scaled ? 5 : 4);
    for (size_t i = 0; i < s->n_reagents; i++) {
        const dzp_step_reagent *r = &s->reagents[i];
        md_cell_text(w, r->role);
        md_cell_text(w, r->name);
        md_cell_code(w, r->smiles);
        md_cell_text(w, r->has_equiv ? fmt_num(equiv, sizeof(equiv), r->equiv, 3) : NULL);
        if (scaled)
            md_cell_text(w, fmt_amount(amount, sizeof(amount), r));
        md_row_end(w);
    }
    md_blank(w);
}

/* "20–25 °C", "-78 to 0 °C", "25 °C" */
static void md_range(md_writer *w, const dzp_range *r, const char *unit)
{
    char lo[32], hi[32];

    fmt_num(lo, sizeof(lo), r->lo, 3);
    fmt_num(hi, sizeof(hi), r->hi, 3);
    if (strcmp(lo, hi) == 0)
        md_raw(w, "%s %s", lo, unit);
    else
        md_raw(w, "%s%s%s %s", lo, r->lo < 0 ? " to " : "–", hi, unit);
}

static void md_conditions(md_writer *w, const dzp_conditions *c)
{
    size_t mark;
    char num[32];

    md_raw(w, "Conditions: ");
    mark = w->line.len;
    if (c->solvent && *c->solvent)
        md_text(w, c->solvent, SIZE_MAX);
    if (c->temperature_c.set) {
        md_raw(w, "%s", w->line.len > mark ? ", " : "");
        md_range(w, &c->temperature_c, "°C");
    }
    if (c->time_h.set) {
        md_raw(w, "%s", w->line.len > mark ? ", " : "");
        md_range(w, &c->time_h, "h");
    }
    if (c->has_concentration)
        md_raw(w, "%s%s M", w->line.len > mark ? ", " : "",
               fmt_num(num, sizeof(num), c->concentration_m, 3));
    if (c->atmosphere && *c->atmosphere) {
        md_raw(w, "%sunder ", w->line.len > mark ? ", " : "");
        md_text(w, c->atmosphere, SIZE_MAX);
    }
    md_raw(w, "%s.", w->line.len > mark ? "" : "not given");
    md_para(w);
}

/* "- **warning** `id`: message — *Mitigation:* ... (source: ...)" */
static void md_flag_list(md_writer *w, const dzp_flag *flags, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const dzp_flag *f = &flags[i];
        md_raw(w, "**%s** ", dzp_severity_name(f->severity));
        md_code(w, f->id, false);
        md_raw(w, ": ");
        md_text(w, f->message, SIZE_MAX);
        if (f->mitigation && *f->mitigation) {
            md_raw(w, " — *Mitigation:* ");
            md_text(w, f->mitigation, SIZE_MAX);
        }
        if (f->source && *f->source) {
            md_raw(w, " (source: ");
            md_text(w, f->source, SIZE_MAX);
            md_raw(w, ")");
        }
        md_item(w);
    }
    md_blank(w);
}

static void md_step(md_writer *w, const dzp_step *s, bool scaled)
{
    md_raw(w, "### Step %d: ", s->n);
    md_text(w, rule_name(s->rule), SIZE_MAX);
    md_raw(w, " (");
    md_text(w, s->rule->kind, SIZE_MAX);
    md_raw(w, ") at ");
    md_text(w, s->site, SIZE_MAX);
    md_flush(w, "", "", false);
    md_blank(w);
    md_reagents(w, s, scaled);
    md_conditions(w, &s->rule->conditions);
    if (s->rule->workup && *s->rule->workup) {
        md_raw(w, "Workup: ");
        md_text(w, s->rule->workup, SIZE_MAX);
        md_para(w);
    }
    md_raw(w, "Product: ");
    md_molecule(w, s->product.smiles, s->product.formula, s->product.mw);
    md_raw(w, ".");
    md_para(w);
    md_raw(w, s->n_flags ? "Flags:" : "Flags: none.");
    md_para(w);
    if (s->n_flags)
        md_flag_list(w, s->flags, s->n_flags);
}

static void md_route(md_writer *w, const dzp_plan *p)
{
    char num[32];

    if (!route_shown(p))
        return;
    md_heading(w, "## Route");
    if (p->n_steps == 0) {
        md_raw(w, "Nothing to do: the substrate already is the target.");
        md_para(w);
        return;
    }
    md_raw(w, "%zu step%s, score %s, verified %s.", p->n_steps, p->n_steps == 1 ? "" : "s",
           fmt_fixed(num, sizeof(num), p->score), p->verified ? "✓" : "✗");
    if (p->scale_mmol > 0)
        md_raw(w, " Amounts are for %s mmol of substrate.",
               fmt_num(num, sizeof(num), p->scale_mmol, 3));
    md_para(w);
    for (size_t i = 0; i < p->n_steps; i++) {   /* the route at a glance */
        md_text(w, rule_name(p->steps[i].rule), SIZE_MAX);
        md_raw(w, " at ");
        md_text(w, p->steps[i].site, SIZE_MAX);
        md_raw(w, " → ");
        md_code(w, p->steps[i].product.smiles, false);
        md_numbered(w, i + 1);
    }
    md_blank(w);
    for (size_t i = 0; i < p->n_steps; i++)
        md_step(w, &p->steps[i], p->scale_mmol > 0);
}

static void md_route_flags(md_writer *w, const dzp_plan *p)
{
    if (p->n_flags == 0)
        return;
    md_heading(w, "## Route-level flags");
    md_flag_list(w, p->flags, p->n_flags);
}

static void md_alternatives(md_writer *w, const dzp_plan *p)
{
    static const char *const head[] = {"Route", "Steps", "Why not chosen"};

    if (p->n_alts == 0)
        return;
    md_heading(w, "## Alternatives considered");
    md_table_head(w, head, sizeof(head) / sizeof(head[0]));
    for (size_t i = 0; i < p->n_alts; i++) {
        md_cell_text(w, p->alts[i].summary);
        md_raw(w, "| %d ", p->alts[i].steps);
        md_cell_text(w, p->alts[i].rejected);
        md_row_end(w);
    }
    md_blank(w);
}

static void (*const md_sections[])(md_writer *, const dzp_plan *) = {
    md_title, md_status, md_molecules, md_sites, md_route, md_route_flags, md_alternatives,
};

int dzp_report_markdown(char **out, const dzp_plan *plan)
{
    md_writer w = {{0}, {0}};
    int error;

    if ((error = check_plan(out, plan, "Markdown")) < 0)
        return error;
    for (size_t i = 0; i < sizeof(md_sections) / sizeof(md_sections[0]); i++)
        md_sections[i](&w, plan);
    while (w.doc.len > 0 && w.doc.data[w.doc.len - 1] == '\n')
        w.doc.len--;   /* every block left a blank line: keep one newline */
    sb_puts(&w.doc, "\n");
    if (w.doc.failed) {
        error = dzp_error_set(DZP_ENOMEM, "Markdown report: out of memory");
        goto done;
    }
    *out = w.doc.data;
    w.doc.data = NULL;
    error = 0;
done:
    free(w.doc.data);
    free(w.line.data);
    return error;
}
