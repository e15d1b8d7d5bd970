/*
 * campaign.c - a batch planned as one campaign (see campaign.h).
 *
 * A row's record is plain text, one item per line, tab-separated:
 *   R <tab> smiles <tab> name <tab> role <tab> mmol <tab> mass_mg <tab> volume_ml <tab> stock
 *   I <tab> smiles <tab> mmol <tab> mass_mg       an intermediate (a step's product, not the last)
 *   S <tab> shape                                  the route's rules, " > "-separated
 * with empty fields for what does not apply (amounts without --scale,
 * stock without --stock: "1" / "0").  Names are the reports' own, with
 * tabs and line ends made spaces.  The parent adds the records up in
 * input order: reagents by SMILES (by name when they have none),
 * intermediates by SMILES, groups by shape, each kept in order of first
 * use, so the files are the same whatever --jobs is.
 */
#define _GNU_SOURCE
#include "campaign.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "dzp/report.h"
#include "strbuf.h"

/* ---- the record of one row ----------------------------------------------------------------- */

/* s onto b with tabs and line ends as spaces. */
static void put_field(dzp_strbuf *b, const char *s)
{
    for (; s && *s; s++)
        dzp_strbuf_putn(b, (*s == '\t' || *s == '\n' || *s == '\r') ? " " : s, 1);
}

static void put_amount(dzp_strbuf *b, bool has, double x)
{
    dzp_strbuf_puts(b, "\t");
    if (has)
        dzp_strbuf_printf(b, "%.17g", x);
}

/* What the route starts from, as the first thing to have at hand: the
 * substrate or the stock compound, at the --scale amount. */
static void put_start(dzp_strbuf *b, const dzp_plan *plan)
{
    const dzp_molecule_info *m = &plan->start.mol;
    const char *smiles = m->smiles ? m->smiles : plan->substrate ? plan->substrate->smiles : NULL;
    double mw = m->smiles ? m->mw : plan->substrate ? plan->substrate->mw : 0;
    dzp_stock_entry entry = {0};
    bool in_stock = dzp_stock_find(plan->stock, smiles, &entry);
    if (!smiles)
        return;
    dzp_strbuf_puts(b, "R\t");
    put_field(b, smiles);
    dzp_strbuf_puts(b, "\t");
    put_field(b, plan->start.stock_name ? plan->start.stock_name
                 : entry.name           ? entry.name
                 : plan->start.from_stock ? "stock compound" : "substrate");
    dzp_strbuf_puts(b, "\tstarting material");
    bool scaled = plan->scale_mmol > 0;
    put_amount(b, scaled, plan->scale_mmol);
    put_amount(b, scaled && mw > 0, plan->scale_mmol * mw);
    put_amount(b, false, 0);
    dzp_strbuf_puts(b, plan->stock ? (in_stock ? "\t1\n" : "\t0\n") : "\t\n");
}

int campaign_record(char **out, const dzp_plan *plan)
{
    *out = NULL;
    if (!plan->has_route || plan->status != DZP_STATUS_OK)
        return 0;
    dzp_strbuf b = DZP_STRBUF_INIT;
    put_start(&b, plan);
    for (size_t i = 0; i < plan->n_steps; i++) {
        const dzp_step *step = &plan->steps[i];
        for (size_t j = 0; j < step->n_reagents; j++) {
            const dzp_step_reagent *r = &step->reagents[j];
            dzp_strbuf_puts(&b, "R\t");
            put_field(&b, r->smiles);
            dzp_strbuf_puts(&b, "\t");
            put_field(&b, r->name);
            dzp_strbuf_puts(&b, "\t");
            put_field(&b, r->role);
            put_amount(&b, r->has_mmol, r->mmol);
            put_amount(&b, r->has_mass, r->mass_mg);
            put_amount(&b, r->has_volume, r->volume_ml);
            dzp_strbuf_puts(&b, r->stock_known ? (r->in_stock ? "\t1\n" : "\t0\n") : "\t\n");
        }
        if (i + 1 < plan->n_steps) {
            dzp_strbuf_puts(&b, "I\t");
            put_field(&b, step->product.smiles);
            put_amount(&b, step->amounts.set, step->amounts.product_mmol);
            put_amount(&b, step->amounts.set, step->amounts.product_mass_mg);
            dzp_strbuf_puts(&b, "\n");
        }
    }
    dzp_strbuf_puts(&b, "S\t");
    if (plan->start.from_stock)
        dzp_strbuf_puts(&b, plan->n_steps ? "stock > " : "stock");
    for (size_t i = 0; i < plan->n_steps; i++)
        dzp_strbuf_printf(&b, "%s%s", i ? " > " : "", plan->steps[i].rule->id);
    dzp_strbuf_puts(&b, "\n");
    if (b.failed) {
        dzp_strbuf_free(&b);
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    }
    *out = dzp_strbuf_take(&b);
    return 0;
}

/* ---- gathering ------------------------------------------------------------------------------ */

/* A string key to an item number, open addressing. */
typedef struct {
    char **keys;
    size_t *items;
    size_t n, cap;
} key_map;

static uint64_t hash_key(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The slot of key, or the free one where it goes. */
static size_t map_slot(const key_map *m, const char *key)
{
    size_t i = (size_t)hash_key(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static bool map_grow(key_map *m)
{
    key_map bigger = {calloc(m->cap ? m->cap * 2 : 64, sizeof(char *)),
                      calloc(m->cap ? m->cap * 2 : 64, sizeof(size_t)), m->n,
                      m->cap ? m->cap * 2 : 64};
    if (!bigger.keys || !bigger.items) {
        free(bigger.keys);
        free(bigger.items);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t j = map_slot(&bigger, m->keys[i]);
            bigger.keys[j] = m->keys[i];
            bigger.items[j] = m->items[i];
        }
    free(m->keys);
    free(m->items);
    *m = bigger;
    return true;
}

/* The item number of key, adding it as item `next` when new (*added then
 * true).  false when out of memory. */
static bool map_get(key_map *m, const char *key, size_t next, size_t *item, bool *added)
{
    if ((m->n + 1) * 2 > m->cap && !map_grow(m))
        return false;
    size_t i = map_slot(m, key);
    *added = !m->keys[i];
    if (*added) {
        if (!(m->keys[i] = strdup(key)))
            return false;
        m->items[i] = next;
        m->n++;
    }
    *item = m->items[i];
    return true;
}

static void map_free(key_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->items);
}

/* What the series needs of one reagent, one intermediate or one shape. */
typedef struct {
    char *smiles, *name, *role;
    double mmol, mass_mg, volume_ml;
    bool has_mmol, has_mass, has_volume;
    int in_stock;               /* 1, 0, or -1 without a stock */
    dzp_strbuf used_by;         /* "; "-separated compound names */
    long n_compounds;
    long last_row;              /* the row that last used it, not to list a compound twice */
} tally;

typedef struct {
    tally *items;
    size_t n, cap;
    key_map map;
} tally_set;

struct campaign {
    long n_compounds, n_planned;
    tally_set reagents, intermediates, shapes;
};

int campaign_new(campaign **out)
{
    *out = calloc(1, sizeof(campaign));
    return *out ? 0 : dzp_error_set(DZP_ENOMEM, "out of memory");
}

static void tally_set_free(tally_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->items[i].smiles);
        free(set->items[i].name);
        free(set->items[i].role);
        dzp_strbuf_free(&set->items[i].used_by);
    }
    free(set->items);
    map_free(&set->map);
}

void campaign_free(campaign *c)
{
    if (!c)
        return;
    tally_set_free(&c->reagents);
    tally_set_free(&c->intermediates);
    tally_set_free(&c->shapes);
    free(c);
}

/* The tally for key, new and zeroed when not met before; NULL when out of
 * memory. */
static tally *tally_for(tally_set *set, const char *key, bool *added)
{
    size_t item;
    if (!map_get(&set->map, key, set->n, &item, added))
        return NULL;
    if (!*added)
        return &set->items[item];
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 32;
        tally *grown = realloc(set->items, cap * sizeof(tally));
        if (!grown)
            return NULL;
        set->items = grown;
        set->cap = cap;
    }
    tally *t = &set->items[set->n++];
    memset(t, 0, sizeof(*t));
    t->in_stock = -1;
    t->last_row = -1;
    return t;
}

static void note_compound(tally *t, const char *compound, long row)
{
    if (t->last_row == row)
        return;
    if (t->used_by.len)
        dzp_strbuf_puts(&t->used_by, "; ");
    dzp_strbuf_puts(&t->used_by, compound);
    t->last_row = row;
    t->n_compounds++;
}

static void add_amount(double *sum, bool *has, const char *field)
{
    if (!*field)
        return;
    *sum += strtod(field, NULL);
    *has = true;
}

static char *dup_field(const char *s)
{
    return strdup(s ? s : "");
}

/* Split line (changed in place) at tabs into at most max fields; the count. */
static int split(char *line, char **field, int max)
{
    int n = 0;
    for (char *p = line; n < max; n++) {
        field[n] = p;
        char *tab = strchr(p, '\t');
        if (!tab) {
            n++;
            break;
        }
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static int add_line(campaign *c, char *line, const char *compound, long row)
{
    char *f[8];
    int n = split(line, f, 8);
    bool added = false;
    tally *t = NULL;
    if (f[0][0] == 'R' && n == 8) {
        t = tally_for(&c->reagents, *f[1] ? f[1] : f[2], &added);
        if (t && added && (!(t->smiles = dup_field(f[1])) || !(t->name = dup_field(f[2])) ||
                           !(t->role = dup_field(f[3]))))
            t = NULL;
        if (t) {
            add_amount(&t->mmol, &t->has_mmol, f[4]);
            add_amount(&t->mass_mg, &t->has_mass, f[5]);
            add_amount(&t->volume_ml, &t->has_volume, f[6]);
            if (*f[7])
                t->in_stock = f[7][0] == '1';
        }
    } else if (f[0][0] == 'I' && n == 4) {
        t = tally_for(&c->intermediates, f[1], &added);
        if (t && added && !(t->smiles = dup_field(f[1])))
            t = NULL;
        if (t) {
            add_amount(&t->mmol, &t->has_mmol, f[2]);
            add_amount(&t->mass_mg, &t->has_mass, f[3]);
        }
    } else if (f[0][0] == 'S' && n == 2) {
        t = tally_for(&c->shapes, f[1], &added);
        if (t && added && !(t->name = dup_field(f[1])))
            t = NULL;
    } else {
        return dzp_error_set(DZP_EINVAL, "a malformed campaign record for %s", compound);
    }
    if (!t)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    note_compound(t, compound, row);
    return t->used_by.failed ? dzp_error_set(DZP_ENOMEM, "out of memory") : 0;
}

int campaign_add(campaign *c, const char *compound, const char *record)
{
    c->n_compounds++;
    if (!record)
        return 0;
    c->n_planned++;
    char *copy = strdup(record), *line = copy, *end;
    int rc = copy ? 0 : dzp_error_set(DZP_ENOMEM, "out of memory");
    for (; rc == 0 && line && *line; line = end ? end + 1 : NULL) {
        if ((end = strchr(line, '\n')))
            *end = '\0';
        rc = add_line(c, line, compound, c->n_compounds);
    }
    free(copy);
    return rc;
}

/* ---- the files ------------------------------------------------------------------------------ */

/* A CSV field, quoted when it holds a comma, a quote or a line end. */
static void csv_field(dzp_strbuf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        dzp_strbuf_puts(b, s);
        return;
    }
    dzp_strbuf_puts(b, "\"");
    for (; *s; s++)
        dzp_strbuf_puts(b, *s == '"' ? "\"\"" : (char[2]){*s, 0});
    dzp_strbuf_puts(b, "\"");
}

/* x to three significant figures, in plain notation ("1910", "0.0852"),
 * as the reports print amounts. */
static void csv_amount(dzp_strbuf *b, bool has, double x)
{
    dzp_strbuf_puts(b, ",");
    if (!has || !isfinite(x))
        return;
    if (x == 0) {
        dzp_strbuf_puts(b, "0");
        return;
    }
    int magnitude = (int)floor(log10(fabs(x)));
    double unit = pow(10.0, magnitude - 2);
    double rounded = round(x / unit) * unit;
    int places = magnitude >= 2 ? 0 : 2 - magnitude;
    dzp_strbuf_printf(b, "%.*f", places, rounded);
}

static char *reagents_csv(const campaign *c)
{
    dzp_strbuf b = DZP_STRBUF_INIT;
    dzp_strbuf_puts(&b, "smiles,name,role,total_mmol,total_mass_mg,total_volume_ml,used_by,"
                        "in_stock\n");
    for (size_t i = 0; i < c->reagents.n; i++) {
        const tally *t = &c->reagents.items[i];
        csv_field(&b, t->smiles);
        dzp_strbuf_puts(&b, ",");
        csv_field(&b, t->name);
        dzp_strbuf_puts(&b, ",");
        csv_field(&b, t->role);
        csv_amount(&b, t->has_mmol, t->mmol);
        csv_amount(&b, t->has_mass, t->mass_mg);
        csv_amount(&b, t->has_volume, t->volume_ml);
        dzp_strbuf_puts(&b, ",");
        csv_field(&b, t->used_by.data ? t->used_by.data : "");
        dzp_strbuf_puts(&b, t->in_stock < 0 ? ",\n" : t->in_stock ? ",true\n" : ",false\n");
    }
    if (b.failed) {
        dzp_strbuf_free(&b);
        return NULL;
    }
    return dzp_strbuf_take(&b);
}

/* Groups, largest first, the first met first among equals (a stable
 * insertion sort: a series has few route shapes). */
static void sort_groups(dzp_library_group *g, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        dzp_library_group x = g[i];
        size_t j = i;
        for (; j > 0 && g[j - 1].n_compounds < x.n_compounds; j--)
            g[j] = g[j - 1];
        g[j] = x;
    }
}

int campaign_files(const campaign *c, const dzp_cli_opts *o, char **reagents, char **library_md,
                   char **library_json)
{
    *reagents = *library_md = *library_json = NULL;
    dzp_library_intermediate *shared = calloc(c->intermediates.n + 1, sizeof(*shared));
    dzp_library_group *groups = calloc(c->shapes.n + 1, sizeof(*groups));
    int rc = shared && groups ? 0 : dzp_error_set(DZP_ENOMEM, "out of memory");
    dzp_library lib = {.substrate = o->from, .scale_mmol = o->scale_mmol,
                       .n_compounds = c->n_compounds, .n_planned = c->n_planned,
                       .shared = shared, .groups = groups};
    for (size_t i = 0; rc == 0 && i < c->intermediates.n; i++) {
        const tally *t = &c->intermediates.items[i];
        if (t->n_compounds >= 2)
            shared[lib.n_shared++] = (dzp_library_intermediate){
                t->smiles, t->used_by.data, t->n_compounds, t->mmol, t->mass_mg, t->has_mmol};
    }
    for (size_t i = 0; rc == 0 && i < c->shapes.n; i++) {
        const tally *t = &c->shapes.items[i];
        groups[lib.n_groups++] = (dzp_library_group){t->name, t->used_by.data, t->n_compounds};
    }
    if (rc == 0)
        sort_groups(groups, lib.n_groups);
    if (rc == 0 && !(*reagents = reagents_csv(c)))
        rc = dzp_error_set(DZP_ENOMEM, "out of memory");
    if (rc == 0)
        rc = dzp_report_library(library_md, &lib, DZP_REPORT_MARKDOWN);
    if (rc == 0 && o->format == DZP_REPORT_JSON)
        rc = dzp_report_library(library_json, &lib, DZP_REPORT_JSON);
    if (rc != 0) {
        free(*reagents);
        free(*library_md);
        *reagents = *library_md = NULL;
    }
    free(shared);
    free(groups);
    return rc;
}
