/*
 * plan.c - the route planner.
 *
 * 1. Map the substrate's diazepane onto the target's: both are stripped of
 *    their N-substituents ("cores"); the cores must be the same molecule
 *    (ring carbons, their substituents and stereo), and their canonical
 *    labels pair the nitrogens.  When N1 and N4 are equivalent in the core,
 *    both pairings are tried.
 * 2. For each nitrogen, derive what must happen: keep, remove a protecting
 *    group, install the target's group.  Each group to install is
 *    disconnected to its reagent by every rule whose `installs` SMARTS
 *    matches it (the '*' becomes the rule's leaving atom).
 * 3. Search: a depth-first walk over step sequences (required steps, and a
 *    temporary protecting group on one nitrogen while the other is worked
 *    on; both nitrogens at once when they get the same group).  Each step is
 *    applied to the molecule by graph edits; its product is matched against
 *    the functional groups of the rules, and conditions that would destroy
 *    one reject the step (critical) or flag it.  Selectivity between two
 *    free nitrogens is judged from graph symmetry and ring-carbon
 *    hindrance.  Routes are scored; the best is rebuilt from scratch and
 *    verified against the target by canonical SMILES.
 *
 * Molecules along the search are cached by which group sits on each
 * nitrogen, so a state reached by several orders is built once.
 */
#include "dzp/plan.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"

#define MAX_OPTS 12
#define MAX_PATH 8
#define MAX_STEP_FLAGS 16
#define MAX_CACHE 128
#define MAX_RESULTS 512
#define MAX_NBRS 8
/* Partial routes scoring more than this above the best complete one are not
 * followed: they could only be listed as far-behind alternatives. */
#define BOUND_MARGIN 2.0

/* ---- small helpers ------------------------------------------------------- */

static char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static char *xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (p) {
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return p;
}

const char *dzp_status_name(dzp_status status)
{
    static const char *const names[] = {"ok", "no_route", "invalid_input"};
    return names[status];
}

static bool has_class(const dzp_transformation *t, const char *cls)
{
    if (strcmp(cls, "any") == 0)
        return true;
    for (size_t i = 0; i < t->n_condition_classes; i++)
        if (strcmp(t->condition_classes[i], cls) == 0)
            return true;
    return false;
}

/* ---- install options: a rule plus the reagent it uses ---------------------- */

typedef struct {
    const dzp_transformation *rule;
    dzp_mol *reagent;        /* owned */
    int r0, r1;              /* reagent atom bonding to N; leaving atom */
    char *smiles;            /* canonical reagent SMILES */
    const char *name;        /* borrowed display name, or NULL (use SMILES) */
} option;

static void option_clear(option *o)
{
    dzp_mol_free(o->reagent);
    free(o->smiles);
    memset(o, 0, sizeof(*o));
}

/* Find the reactive pair (r0, r1) in reagent; with want0 >= 0 the match
 * must start at want0 and go to want1. */
static bool find_reactive(const dzp_smarts *p, const dzp_mol *reagent, int want0, int want1,
                          int *r0, int *r1)
{
    int *hits = NULL;
    int n = dzp_smarts_find(&hits, p, reagent, false);
    int w = dzp_smarts_atom_count(p);
    bool ok = false;
    for (int i = 0; i < n && !ok; i++) {
        const int *m = hits + i * w;
        if (want0 >= 0 && (m[0] != want0 || m[1] != want1))
            continue;
        *r0 = m[0];
        *r1 = m[1];
        ok = true;
    }
    free(hits);
    return ok;
}

static int option_finish(option *o, const dzp_rules *rules)
{
    if (o->rule->key.canonical && o->rule->key.mol)
        o->smiles = xstrdup(o->rule->key.canonical); /* a fixed reagent, canonical at load */
    else if (dzp_mol_smiles(&o->smiles, o->reagent, DZP_SMILES_CANONICAL) != 0)
        o->smiles = NULL;
    if (!o->smiles)
        return DZP_ENOMEM;
    o->name = o->rule->key.name ? o->rule->key.name : dzp_rules_reagent_name(rules, o->smiles);
    return 0;
}

/* Find the reagent's reacting bond (want0-want1, or the first match when
 * -1) and name it.  Returns 1, 0 when the reagent does not fit the rule
 * (o cleared), or DZP_ENOMEM. */
static int option_bind(option *o, int want0, int want1, const dzp_rules *rules)
{
    if (!find_reactive(o->rule->key.reactive, o->reagent, want0, want1, &o->r0, &o->r1)) {
        option_clear(o);
        return 0;
    }
    if (option_finish(o, rules) != 0) {
        option_clear(o);
        return DZP_ENOMEM;
    }
    return 1;
}

/* Derive the reagent that installs substituent `sub` ('*' at dummy) by an
 * install rule: the '*' becomes the rule's leaving atom.  Returns 1 when the
 * rule applies, 0 when not, <0 on error. */
static int derive_option(option *o, const dzp_transformation *t, const dzp_mol *sub, int dummy,
                         const dzp_rules *rules)
{
    int *hits = NULL;
    int n = dzp_smarts_find(&hits, t->installs, sub, false);
    int w = dzp_smarts_atom_count(t->installs), attach = -1;
    for (int i = 0; i < n; i++)
        if (hits[i * w] == dummy)
            attach = hits[i * w + 1];
    free(hits);
    if (attach < 0)
        return 0;
    memset(o, 0, sizeof(*o));
    o->rule = t;
    if (dzp_mol_clone(&o->reagent, sub) != 0)
        return DZP_ENOMEM;
    if (dzp_mol_set_terminal_atom(o->reagent, dummy, t->disconnect_element,
                                  t->disconnect_order) != 0) {
        option_clear(o);
        return 0;
    }
    return option_bind(o, attach, dummy, rules);
}

/* A protect rule's fixed reagent. Returns 1 when usable. */
static int protect_option(option *o, const dzp_transformation *t, const dzp_rules *rules)
{
    memset(o, 0, sizeof(*o));
    o->rule = t;
    if (!t->key.mol || dzp_mol_clone(&o->reagent, t->key.mol) != 0)
        return t->key.mol ? DZP_ENOMEM : 0;
    return option_bind(o, -1, -1, rules);
}

/* ---- graph edits of one step ------------------------------------------------- */

/* Where the atoms the planner tracks sit in a molecule. */
typedef struct {
    int ring[7]; /* N1 C2 C3 N4 C5 C6 C7; ring[0] and ring[3] are the nitrogens */
} track;

static int site_atom(const track *tr, int k)
{
    return tr->ring[k == 0 ? 0 : 3];
}

/* Install: bond reagent atom r0 (leaving group r1 cut off) to nitrogen k. */
static int apply_option(dzp_mol **out, const dzp_mol *in, const track *tr, int k, const option *o)
{
    dzp_mol *piece = NULL;
    int *map = NULL;
    int rc = dzp_mol_fragment(&piece, &map, NULL, o->reagent, o->r0, o->r1, DZP_CAP_HYDROGEN);
    if (rc == 0)
        rc = dzp_mol_join(out, in, site_atom(tr, k), piece, map[o->r0], 1);
    free(map);
    dzp_mol_free(piece);
    return rc;
}

/* Deprotect: cut protecting group pg off nitrogen k. Updates tr. */
static int apply_removal(dzp_mol **out, const dzp_mol *in, track *tr, int k, const dzp_pg *pg)
{
    int *hits = NULL, n_atom = site_atom(tr, k), x = -1;
    int n = dzp_smarts_find(&hits, pg->smarts, in, false);
    int w = dzp_smarts_atom_count(pg->smarts);
    for (int i = 0; i < n && x < 0; i++)
        if (hits[i * w] == n_atom)
            x = hits[i * w + 1];
    free(hits);
    if (x < 0)
        return dzp_error_set(DZP_EINTERNAL, "the %s group is not on %s", pg->name,
                             k == 0 ? "N1" : "N4");
    int *map = NULL;
    int rc = dzp_mol_fragment(out, &map, NULL, in, n_atom, x, DZP_CAP_HYDROGEN);
    if (rc == 0)
        for (int i = 0; i < 7; i++)
            tr->ring[i] = map[tr->ring[i]];
    free(map);
    return rc;
}

/* ---- search state -------------------------------------------------------------- */

typedef enum { G_SUB, G_NH, G_TEMP, G_FINAL } gstate;

typedef struct {
    gstate st[2];
    const dzp_pg *temp[2];
} skey;

typedef struct {
    int fg;          /* index into rules->fgroups */
    int *atoms;      /* matched atoms */
    int n_atoms;
} fg_hit;

typedef struct {
    skey key;
    dzp_mol *mol;
    track tr;
    fg_hit *hits;
    int n_hits;
    char *fg_done;   /* per functional group: matched already */
} cache_entry;

/* What one nitrogen needs. */
typedef struct {
    bool keep;                /* already as in the target */
    bool final_nh;            /* target is a free N-H */
    const dzp_pg *sub_pg;     /* substrate protecting group to remove, or NULL */
    const char *group;        /* target group canonical SMILES, or NULL */
    option opts[MAX_OPTS];    /* ways to install the target group */
    int n_opts;
    char *why_not;            /* why this nitrogen cannot reach its goal, or NULL */
} site_need;

/* One step of a candidate route. */
typedef struct {
    const dzp_transformation *rule;
    int mask;                 /* 1 = N1, 2 = N4, 3 = both */
    const option *opt;        /* install or protect, else NULL */
    const dzp_pg *pg;         /* protect/deprotect */
    bool temp;                /* a temporary protecting group, taken off later */
} pstep;

typedef struct {
    pstep steps[MAX_PATH];
    int n;
    double score;
    char *rejected;           /* NULL for a complete route */
    int mapping;
} result;

typedef struct {
    const dzp_rules *rules;
    const dzp_scaffold *sub;
    const dzp_scaffold *tgt;
    int mapping;              /* 0: N1->target N1 as labelled; 1: swapped */
    site_need need[2];
    option temp_opts[MAX_OPTS]; /* one protect option per protecting group */
    int n_temp;
    cache_entry cache[MAX_CACHE];
    int n_cache;
    result *results;
    int n_results;
    double best;
    pstep path[MAX_PATH];
    int depth;
    double path_score;
    int error;
} search;

static bool key_eq(const skey *a, const skey *b)
{
    return a->st[0] == b->st[0] && a->st[1] == b->st[1] && a->temp[0] == b->temp[0] &&
           a->temp[1] == b->temp[1];
}

/* Match functional group f on the entry's molecule once, on first need:
 * a step only asks for the groups its conditions can hurt. */
static int ensure_fg(cache_entry *e, size_t f, const dzp_rules *rules)
{
    if (e->fg_done[f])
        return 0;
    e->fg_done[f] = 1;
    const dzp_fgroup *g = &rules->fgroups[f];
    int *m = NULL;
    int n = dzp_smarts_find(&m, g->smarts, e->mol, true);
    int w = dzp_smarts_atom_count(g->smarts);
    if (n > 0 && g->requires && !dzp_smarts_matches(g->requires, e->mol))
        n = 0; /* the specific pattern first: `requires` is usually broad */
    if (n <= 0) {
        free(m);
        return n;
    }
    fg_hit *bigger = realloc(e->hits, sizeof(fg_hit) * (size_t)(e->n_hits + n));
    if (!bigger) {
        free(m);
        return dzp_error_set(DZP_ENOMEM, "out of memory matching functional groups");
    }
    e->hits = bigger;
    for (int i = 0; i < n; i++) {
        fg_hit *h = &e->hits[e->n_hits];
        h->atoms = malloc(sizeof(int) * (size_t)w);
        if (!h->atoms) {
            free(m);
            return DZP_ENOMEM;
        }
        memcpy(h->atoms, m + i * w, sizeof(int) * (size_t)w);
        h->n_atoms = w;
        h->fg = (int)f;
        e->n_hits++;
    }
    free(m);
    return 0;
}

static int entry_finish(cache_entry *e, const dzp_rules *rules)
{
    e->fg_done = calloc(rules->n_fgroups ? rules->n_fgroups : 1, 1);
    return e->fg_done ? 0 : DZP_ENOMEM;
}

static void entry_clear(cache_entry *e)
{
    dzp_mol_free(e->mol);
    for (int i = 0; i < e->n_hits; i++)
        free(e->hits[i].atoms);
    free(e->hits);
    free(e->fg_done);
    memset(e, 0, sizeof(*e));
}

/* ---- the state after a step ------------------------------------------------ */

static skey next_key(const search *s, const skey *k, const pstep *p)
{
    skey n = *k;
    for (int i = 0; i < 2; i++) {
        if (!(p->mask & (1 << i)))
            continue;
        switch (p->rule->tkind) {
        case DZP_TK_DEPROTECT:
            n.st[i] = s->need[i].final_nh ? G_FINAL : G_NH;
            n.temp[i] = NULL;
            break;
        case DZP_TK_PROTECT:
            n.st[i] = p->temp ? G_TEMP : G_FINAL; /* else the target's own group */
            n.temp[i] = p->temp ? p->pg : NULL;
            break;
        case DZP_TK_INSTALL:
            n.st[i] = G_FINAL;
            break;
        }
    }
    return n;
}

/* Apply p to the molecule of state k (entry parent), giving a new entry. */
static int build_entry(cache_entry *e, const cache_entry *parent, const pstep *p,
                       const dzp_rules *rules)
{
    dzp_mol *cur = NULL;
    int rc = dzp_mol_clone(&cur, parent->mol);
    track tr = parent->tr;
    for (int i = 0; i < 2 && rc == 0; i++) {
        if (!(p->mask & (1 << i)))
            continue;
        dzp_mol *next = NULL;
        if (p->rule->tkind == DZP_TK_DEPROTECT)
            rc = apply_removal(&next, cur, &tr, i, p->pg);
        else
            rc = apply_option(&next, cur, &tr, i, p->opt);
        dzp_mol_free(cur);
        cur = next;
    }
    if (rc != 0) {
        dzp_mol_free(cur);
        return rc;
    }
    e->mol = cur;
    e->tr = tr;
    return entry_finish(e, rules);
}

static cache_entry *lookup_or_build(search *s, const skey *key, const cache_entry *parent,
                                    const pstep *p)
{
    for (int i = 0; i < s->n_cache; i++)
        if (key_eq(&s->cache[i].key, key))
            return &s->cache[i];
    if (s->n_cache == MAX_CACHE) {
        s->error = dzp_error_set(DZP_EINTERNAL, "the planner's state cache overflowed");
        return NULL;
    }
    cache_entry *e = &s->cache[s->n_cache];
    memset(e, 0, sizeof(*e));
    e->key = *key;
    int rc = build_entry(e, parent, p, s->rules);
    if (rc != 0) {
        entry_clear(e);
        s->error = rc;
        return NULL;
    }
    s->n_cache++;
    return e;
}

/* ---- judging a step --------------------------------------------------------- */

typedef struct {
    const char *id;
    dzp_severity sev;
    int fg;                   /* functional group behind it, or -1 */
    int regio_site;           /* regioselectivity: the nitrogen that reacts, or -1 */
} sflag;

typedef struct {
    sflag flags[MAX_STEP_FLAGS];
    int n_flags;
    double cost;
    int equiv_mode;           /* 0 one N, 1 one of two equivalent, 2 both */
    char *reject;             /* malloc'd reason when the step is not acceptable */
} verdict;

static void add_flag(verdict *v, const dzp_rules *rules, const char *id, int sev, int fg,
                     int regio)
{
    const dzp_side_reaction *sr = dzp_rules_side_reaction(rules, id);
    dzp_severity severity = sev >= 0 ? (dzp_severity)sev : sr ? sr->severity : DZP_SEV_WARNING;
    for (int i = 0; i < v->n_flags; i++)
        if (strcmp(v->flags[i].id, id) == 0) {
            if (severity > v->flags[i].sev)
                v->flags[i].sev = severity;
            return;
        }
    if (v->n_flags < MAX_STEP_FLAGS)
        v->flags[v->n_flags++] = (sflag){id, severity, fg, regio};
}

static void add_flag_list(verdict *v, const dzp_rules *rules, const char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        add_flag(v, rules, ids[i], -1, -1, -1);
}

static bool free_nh(const search *s, gstate st, int k)
{
    return st == G_NH || (st == G_FINAL && s->need[k].final_nh);
}

static const char *site_name(int k)
{
    return k == 0 ? "N1" : "N4";
}

/* The nitrogens a step acts on: "N1", "N4" or "N1,N4". */
static const char *mask_name(int mask)
{
    return mask == 3 ? "N1,N4" : site_name(mask == 1 ? 0 : 1);
}

/* Selectivity of a one-nitrogen step on k with the other nitrogen free. */
static void judge_selectivity(search *s, verdict *v, const cache_entry *in, const pstep *p,
                              int k)
{
    const dzp_transformation *t = p->rule;
    const dzp_planner_rules *pl = &s->rules->planner;
    int j = 1 - k;
    /* Both nitrogens are free here, so the molecule is the core: they are
     * equivalent exactly when they are in the core. */
    if (s->sub->core_equivalent) {
        v->equiv_mode = 1;
        v->cost += t->mono_penalty;
        add_flag_list(v, s->rules, t->mono_flags, t->n_mono_flags);
        return;
    }
    int hk = s->sub->site[k].hindrance, hj = s->sub->site[j].hindrance;
    if (hk > hj) {
        v->reject = xprintf("%s at %s: %s is more hindered than %s (%d against %d substituents "
                            "on the ring carbons next to it), so %s would react first",
                            t->name, site_name(k), site_name(k), site_name(j), hk, hj,
                            site_name(j));
        return;
    }
    v->cost += hk < hj ? pl->regio_selective_penalty : pl->regio_unselective_penalty;
    v->equiv_mode = hk < hj ? 0 : 1;
    add_flag(v, s->rules, "regioselectivity", hk < hj ? DZP_SEV_INFO : DZP_SEV_WARNING, -1, k);
    add_flag_list(v, s->rules, t->mono_flags, t->n_mono_flags);
}

/* Is a functional-group hit on a bond this step formed? */
static bool hit_on_new_bond(const fg_hit *h, const cache_entry *out, int mask,
                            const dzp_transformation *t)
{
    if (t->tkind == DZP_TK_DEPROTECT)
        return false;
    for (int k = 0; k < 2; k++) {
        if (!(mask & (1 << k)))
            continue;
        int n = site_atom(&out->tr, k), has_n = 0, has_x = 0;
        int nb[MAX_NBRS];
        int deg = dzp_mol_atom_neighbors(out->mol, n, nb, MAX_NBRS);
        for (int a = 0; a < h->n_atoms; a++) {
            if (h->atoms[a] == n)
                has_n = 1;
            for (int b = 0; b < deg && b < MAX_NBRS; b++)
                if (h->atoms[a] == nb[b] && nb[b] != out->tr.ring[k == 0 ? 1 : 2] &&
                    nb[b] != out->tr.ring[k == 0 ? 6 : 4])
                    has_x = 1;
        }
        if (has_n && has_x)
            return true;
    }
    return false;
}

/* Does any lability of group g apply under the step's conditions? */
static bool fg_relevant(const dzp_fgroup *g, const dzp_transformation *t)
{
    for (size_t l = 0; l < g->n_labile_to; l++)
        if (has_class(t, g->labile_to[l].conditions))
            return true;
    return false;
}

static void judge_group(search *s, verdict *v, const cache_entry *out, const pstep *p, int f)
{
    const dzp_fgroup *g = &s->rules->fgroups[f];
    for (int i = 0; i < out->n_hits && !v->reject; i++) {
        const fg_hit *h = &out->hits[i];
        if (h->fg != f || hit_on_new_bond(h, out, p->mask, p->rule))
            continue;
        for (size_t l = 0; l < g->n_labile_to && !v->reject; l++) {
            const dzp_lability *lb = &g->labile_to[l];
            if (!has_class(p->rule, lb->conditions))
                continue;
            if (lb->severity == DZP_SEV_CRITICAL)
                v->reject = xprintf("%s at %s would also attack the %s (%s)", p->rule->name,
                                    mask_name(p->mask), g->name, lb->flag);
            else
                add_flag(v, s->rules, lb->flag, (int)lb->severity, f, -1);
        }
    }
}

static void judge_lability(search *s, verdict *v, cache_entry *out, const pstep *p)
{
    for (size_t f = 0; f < s->rules->n_fgroups && !v->reject; f++) {
        if (!fg_relevant(&s->rules->fgroups[f], p->rule))
            continue;
        int rc = ensure_fg(out, f, s->rules);
        if (rc != 0) {
            s->error = rc;
            return;
        }
        judge_group(s, v, out, p, (int)f);
    }
}

static void judge_step(search *s, verdict *v, const cache_entry *in, cache_entry *out,
                       const pstep *p)
{
    memset(v, 0, sizeof(*v));
    const dzp_transformation *t = p->rule;
    v->cost = t->cost;
    if (p->temp)
        v->cost += p->pg->preference;
    add_flag_list(v, s->rules, t->flags, t->n_flags);
    if (p->mask == 3) {
        v->equiv_mode = 2;
        add_flag_list(v, s->rules, t->both_flags, t->n_both_flags);
    } else if (t->tkind != DZP_TK_DEPROTECT) {
        int k = p->mask == 1 ? 0 : 1;
        if (free_nh(s, in->key.st[1 - k], 1 - k))
            judge_selectivity(s, v, in, p, k);
    }
    if (!v->reject)
        judge_lability(s, v, out, p);
    for (int i = 0; i < v->n_flags; i++)
        v->cost += v->flags[i].sev == DZP_SEV_WARNING ? s->rules->planner.warning_cost
                   : v->flags[i].sev == DZP_SEV_INFO  ? s->rules->planner.info_cost
                                                      : 0.0;
}

/* ---- recording results -------------------------------------------------------- */

static void record(search *s, double score, char *rejected)
{
    if (s->n_results == MAX_RESULTS) {
        free(rejected);
        return;
    }
    result *r = &s->results[s->n_results++];
    memcpy(r->steps, s->path, sizeof(pstep) * (size_t)s->depth);
    r->n = s->depth;
    r->score = score;
    r->rejected = rejected;
    r->mapping = s->mapping;
    if (!rejected && score < s->best)
        s->best = score;
}

/* ---- the walk ------------------------------------------------------------------ */

static void walk(search *s, const cache_entry *at);

static void try_step(search *s, const cache_entry *at, pstep p)
{
    if (s->error || s->depth >= s->rules->planner.max_steps || s->depth >= MAX_PATH)
        return;
    skey nk = next_key(s, &at->key, &p);
    cache_entry *out = lookup_or_build(s, &nk, at, &p);
    if (!out)
        return;
    verdict v;
    judge_step(s, &v, at, out, &p);
    s->path[s->depth++] = p;
    if (v.reject) {
        record(s, s->path_score + v.cost, v.reject);
    } else if (s->path_score + v.cost <= s->best + BOUND_MARGIN) {
        double saved = s->path_score;
        s->path_score += v.cost;
        walk(s, out);
        s->path_score = saved;
    }
    s->depth--;
}

static const dzp_transformation *removal_rule(const dzp_rules *rules, const dzp_pg *pg)
{
    for (size_t i = 0; i < rules->n_transformations; i++)
        if (rules->transformations[i].tkind == DZP_TK_DEPROTECT &&
            rules->transformations[i].pg == pg)
            return &rules->transformations[i];
    return NULL;
}

static void walk_installs(search *s, const cache_entry *at)
{
    const skey *k = &at->key;
    bool same = s->need[0].group && s->need[1].group &&
                strcmp(s->need[0].group, s->need[1].group) == 0;
    if (k->st[0] == G_NH && k->st[1] == G_NH && same)
        for (int o = 0; o < s->need[0].n_opts; o++)
            if (s->need[0].opts[o].rule->both)
                try_step(s, at, (pstep){s->need[0].opts[o].rule, 3, &s->need[0].opts[o],
                                        s->need[0].opts[o].rule->pg, false});
    for (int i = 0; i < 2; i++)
        if (k->st[i] == G_NH && s->need[i].group)
            for (int o = 0; o < s->need[i].n_opts; o++)
                try_step(s, at, (pstep){s->need[i].opts[o].rule, 1 << i, &s->need[i].opts[o],
                                        s->need[i].opts[o].rule->pg, false});
}

/* A temporary group on nitrogen i is worth taking off only once a step has
 * acted on the other nitrogen while it was on. */
static bool worked_since_temp(const search *s, int i)
{
    for (int d = s->depth - 1; d >= 0; d--) {
        if (s->path[d].temp && (s->path[d].mask & (1 << i)))
            return false;
        if (s->path[d].mask & (1 << (1 - i)))
            return true;
    }
    return false;
}

static void walk_removals(search *s, const cache_entry *at)
{
    const skey *k = &at->key;
    const dzp_pg *pg[2] = {k->st[0] == G_SUB   ? s->need[0].sub_pg
                           : k->st[0] == G_TEMP ? k->temp[0]
                                                : NULL,
                           k->st[1] == G_SUB   ? s->need[1].sub_pg
                           : k->st[1] == G_TEMP ? k->temp[1]
                                                : NULL};
    if (pg[0] && pg[0] == pg[1]) {
        const dzp_transformation *t = removal_rule(s->rules, pg[0]);
        if (t && t->both)
            try_step(s, at, (pstep){t, 3, NULL, pg[0], false});
    }
    for (int i = 0; i < 2; i++) {
        const dzp_transformation *t = pg[i] ? removal_rule(s->rules, pg[i]) : NULL;
        if (t && !(k->st[i] == G_TEMP && !worked_since_temp(s, i)))
            try_step(s, at, (pstep){t, 1 << i, NULL, pg[i], false});
    }
}

/* A temporary protecting group on a free nitrogen while the other one
 * still has work to do; once per nitrogen per route. */
static void walk_temp(search *s, const cache_entry *at)
{
    const skey *k = &at->key;
    for (int i = 0; i < 2; i++) {
        int j = 1 - i;
        if (!free_nh(s, k->st[i], i) || k->st[j] == G_FINAL || k->st[j] == G_TEMP)
            continue;
        bool used = false;
        for (int d = 0; d < s->depth; d++)
            if (s->path[d].temp && (s->path[d].mask & (1 << i)))
                used = true;
        if (used)
            continue;
        for (int p = 0; p < s->n_temp; p++)
            try_step(s, at, (pstep){s->temp_opts[p].rule, 1 << i, &s->temp_opts[p],
                                    s->temp_opts[p].rule->pg, true});
    }
}

static void walk(search *s, const cache_entry *at)
{
    if (s->error)
        return;
    if (at->key.st[0] == G_FINAL && at->key.st[1] == G_FINAL) {
        record(s, s->path_score, NULL);
        return;
    }
    walk_installs(s, at);
    walk_removals(s, at);
    walk_temp(s, at);
}

/* ---- what each nitrogen needs ------------------------------------------------ */

static const char *bond_hint(const dzp_site *ts)
{
    int nb[MAX_NBRS];
    if (dzp_mol_atom_neighbors(ts->substituent, ts->sub_dummy, nb, MAX_NBRS) != 1)
        return "";
    int a = nb[0];
    if (dzp_mol_atom_element(ts->substituent, a) == 6 && !dzp_mol_atom_aromatic(ts->substituent, a) &&
        dzp_mol_atom_hcount(ts->substituent, a) == 0)
        return ": the nitrogen is bonded to a carbon that carries no hydrogen (a tertiary "
               "carbon), which neither reductive amination nor SN2 alkylation can make";
    return ": add a transformation to rules/transformations.yaml whose `installs` pattern "
           "matches it";
}

/* Ways to install the target's group: install rules first, so that on a
 * tie a benzyl made by reductive amination is called that, not a
 * "protection"; then the protect rule when the group is a protecting group. */
static int add_options(site_need *n, const dzp_site *ts, const dzp_rules *rules)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < rules->n_transformations && n->n_opts < MAX_OPTS; i++) {
            const dzp_transformation *t = &rules->transformations[i];
            int ok = 0;
            if (pass == 0 && t->tkind == DZP_TK_INSTALL)
                ok = derive_option(&n->opts[n->n_opts], t, ts->substituent, ts->sub_dummy,
                                   rules);
            else if (pass == 1 && t->tkind == DZP_TK_PROTECT && ts->state == DZP_SITE_PG &&
                     t->pg == ts->pg)
                ok = protect_option(&n->opts[n->n_opts], t, rules);
            if (ok < 0)
                return ok;
            n->n_opts += ok;
        }
    return 0;
}

static bool same_group(const dzp_site *a, const dzp_site *b)
{
    if (a->state == DZP_SITE_NH || b->state == DZP_SITE_NH)
        return a->state == b->state;
    if (!a->detachable || !b->detachable)
        return !a->detachable && !b->detachable; /* both in the (identical) core */
    return strcmp(a->substituent_smiles, b->substituent_smiles) == 0;
}

static int derive_need(search *s, int k, const dzp_site *ss, const dzp_site *ts)
{
    site_need *n = &s->need[k];
    n->final_nh = ts->state == DZP_SITE_NH;
    if (same_group(ss, ts)) {
        n->keep = true;
        return 0;
    }
    const char *have = ss->substituent_smiles ? ss->substituent_smiles : "a fused ring";
    const char *want = ts->substituent_smiles ? ts->substituent_smiles : "N-H";
    if (ss->state == DZP_SITE_R) {
        n->why_not = xprintf("%s of the substrate carries %s, which is not a protecting group, "
                             "and the target has %s there: a permanent substituent cannot be "
                             "removed",
                             site_name(k), have, want);
        return n->why_not ? 0 : DZP_ENOMEM;
    }
    if (ss->state == DZP_SITE_PG)
        n->sub_pg = ss->pg;
    if (n->final_nh)
        return 0;
    if (!ts->detachable) {
        n->why_not = xprintf("the target's nitrogen at %s is part of a fused ring or carries "
                             "two groups: that is not an N-functionalization",
                             site_name(k));
        return n->why_not ? 0 : DZP_ENOMEM;
    }
    n->group = ts->substituent_smiles;
    int rc = add_options(n, ts, s->rules);
    if (rc == 0 && n->n_opts == 0)
        n->why_not = xprintf("no rule makes the bond from %s to the target's group %s%s",
                             site_name(k), ts->substituent_smiles, bond_hint(ts));
    return rc;
}

static int prepare_temp_options(search *s)
{
    for (size_t i = 0; i < s->rules->n_transformations && s->n_temp < MAX_OPTS; i++) {
        const dzp_transformation *t = &s->rules->transformations[i];
        if (t->tkind != DZP_TK_PROTECT || !removal_rule(s->rules, t->pg))
            continue;
        bool dup = false;
        for (int j = 0; j < s->n_temp; j++)
            dup = dup || s->temp_opts[j].rule->pg == t->pg;
        if (dup)
            continue;
        int ok = protect_option(&s->temp_opts[s->n_temp], t, s->rules);
        if (ok < 0)
            return ok;
        s->n_temp += ok;
    }
    return 0;
}

static void search_clear(search *s)
{
    for (int k = 0; k < 2; k++) {
        for (int o = 0; o < s->need[k].n_opts; o++)
            option_clear(&s->need[k].opts[o]);
        free(s->need[k].why_not);
    }
    for (int o = 0; o < s->n_temp; o++)
        option_clear(&s->temp_opts[o]);
    for (int i = 0; i < s->n_cache; i++)
        entry_clear(&s->cache[i]);
    s->n_cache = 0;
}

/* The substrate as the search's first state. */
static int initial_entry(search *s)
{
    cache_entry *e = &s->cache[0];
    memset(e, 0, sizeof(*e));
    for (int k = 0; k < 2; k++) {
        const site_need *n = &s->need[k];
        e->key.st[k] = n->keep ? G_FINAL : n->sub_pg ? G_SUB : G_NH;
    }
    memcpy(e->tr.ring, s->sub->ring, sizeof(e->tr.ring));
    int rc = dzp_mol_clone(&e->mol, s->sub->mol);
    if (rc == 0)
        rc = entry_finish(e, s->rules);
    if (rc != 0) {
        entry_clear(e);
        return rc;
    }
    s->n_cache = 1;
    return 0;
}

/* Run the search for one pairing of substrate and target nitrogens. */
static int run_search(search *s, const int *t_of)
{
    int rc = 0;
    for (int k = 0; k < 2 && rc == 0; k++)
        rc = derive_need(s, k, &s->sub->site[k], &s->tgt->site[t_of[k]]);
    if (rc == 0)
        rc = prepare_temp_options(s);
    if (rc != 0 || s->need[0].why_not || s->need[1].why_not)
        return rc;
    rc = initial_entry(s);
    if (rc == 0) {
        walk(s, &s->cache[0]);
        rc = s->error;
    }
    return rc;
}

/* ---- turning a result into the plan's route ----------------------------------- */

static char *flag_message(const search *s, const sflag *f, const dzp_side_reaction *sr)
{
    const char *base = sr ? sr->message : f->id;
    if (f->fg >= 0)
        return xprintf("%s: %s", s->rules->fgroups[f->fg].name, base);
    if (f->regio_site >= 0) {
        int k = f->regio_site, j = 1 - k;
        int hk = s->sub->site[k].hindrance, hj = s->sub->site[j].hindrance;
        if (hk < hj)
            return xprintf("%s %s reacts first: it has %d substituent(s) on the ring carbons "
                           "next to it, %s has %d.",
                           base, site_name(k), hk, site_name(j), hj);
        return xprintf("%s %s and %s are equally hindered (%d substituent(s) next to each): "
                       "expect a mixture of regioisomers.",
                       base, site_name(k), site_name(j), hk);
    }
    return xstrdup(base);
}

static int fill_flags(dzp_flag **out, size_t *n_out, const search *s, const verdict *v)
{
    *out = v->n_flags ? calloc((size_t)v->n_flags, sizeof(dzp_flag)) : NULL;
    if (v->n_flags && !*out)
        return DZP_ENOMEM;
    for (int i = 0; i < v->n_flags; i++) {
        const sflag *f = &v->flags[i];
        const dzp_side_reaction *sr = dzp_rules_side_reaction(s->rules, f->id);
        dzp_flag *d = &(*out)[i];
        d->id = f->id;
        d->severity = f->sev;
        d->message = flag_message(s, f, sr);
        d->mitigation = sr ? sr->mitigation : "";
        d->source = f->fg >= 0 ? s->rules->fgroups[f->fg].source : sr ? sr->source : "general";
        if (!d->message)
            return DZP_ENOMEM;
    }
    *n_out = (size_t)v->n_flags;
    return 0;
}

static bool scales_with_both(const char *role)
{
    static const char *const scaled[] = {"reductant", "base", "acid", "additive", "nucleophile"};
    for (size_t i = 0; i < sizeof(scaled) / sizeof(*scaled); i++)
        if (strcmp(role, scaled[i]) == 0)
            return true;
    return false;
}

static int fill_reagents(dzp_step *st, const pstep *p, int mode)
{
    const dzp_transformation *t = p->rule;
    size_t n = t->n_reagents + (p->opt ? 1 : 0), i = 0;
    st->reagents = calloc(n ? n : 1, sizeof(dzp_step_reagent));
    if (!st->reagents)
        return DZP_ENOMEM;
    if (p->opt) {
        dzp_step_reagent *r = &st->reagents[i++];
        r->role = t->key.role;
        r->name = xstrdup(p->opt->name ? p->opt->name : p->opt->smiles);
        r->smiles = xstrdup(p->opt->smiles);
        r->equiv = mode == 2 ? t->key.both_equiv : mode == 1 ? t->key.mono_equiv : t->key.equiv;
        r->has_equiv = true;
        if (!r->name || !r->smiles)
            return DZP_ENOMEM;
    }
    for (size_t j = 0; j < t->n_reagents; j++, i++) {
        const dzp_reagent_rule *rr = &t->reagents[j];
        dzp_step_reagent *r = &st->reagents[i];
        r->role = rr->role;
        r->name = xstrdup(rr->name);
        r->smiles = rr->canonical ? xstrdup(rr->canonical) : NULL;
        r->has_equiv = rr->has_equiv;
        r->equiv = rr->equiv * (mode == 2 && scales_with_both(rr->role) ? 2.0 : 1.0);
        if (!r->name || (rr->canonical && !r->smiles))
            return DZP_ENOMEM;
    }
    st->n_reagents = n;
    return 0;
}

static int molecule_info(dzp_molecule_info *mi, const dzp_mol *m)
{
    int rc = dzp_mol_smiles(&mi->smiles, m, DZP_SMILES_CANONICAL);
    if (rc == 0)
        rc = dzp_mol_formula(&mi->formula, m);
    mi->mw = dzp_mol_weight(m);
    return rc;
}

/* Re-apply every step of r to its input molecule, judging it again, and
 * fill the plan's steps.  Sets plan->verified. */
static int rebuild(search *s, const result *r, dzp_plan *plan)
{
    cache_entry cur = {0}, next = {0};
    cur.key = s->cache[0].key;
    cur.tr = s->cache[0].tr;
    int rc = dzp_mol_clone(&cur.mol, s->cache[0].mol);
    if (rc == 0)
        rc = entry_finish(&cur, s->rules);
    plan->steps = calloc((size_t)(r->n ? r->n : 1), sizeof(dzp_step));
    if (!plan->steps)
        rc = DZP_ENOMEM;
    for (int i = 0; i < r->n && rc == 0; i++) {
        const pstep *p = &r->steps[i];
        memset(&next, 0, sizeof(next));
        next.key = next_key(s, &cur.key, p);
        rc = build_entry(&next, &cur, p, s->rules);
        verdict v;
        if (rc == 0)
            judge_step(s, &v, &cur, &next, p);
        if (rc == 0 && v.reject) {
            free(v.reject);
            rc = dzp_error_set(DZP_EINTERNAL, "step %d no longer passes its checks", i + 1);
        }
        dzp_step *st = &plan->steps[plan->n_steps++];
        st->n = i + 1;
        st->rule = p->rule;
        st->pg = (p->rule->tkind == DZP_TK_INSTALL) ? NULL : p->pg->name;
        snprintf(st->site, sizeof(st->site), "%s", mask_name(p->mask));
        if (rc == 0)
            rc = fill_reagents(st, p, v.equiv_mode);
        if (rc == 0)
            rc = molecule_info(&st->product, next.mol);
        if (rc == 0)
            rc = fill_flags(&st->flags, &st->n_flags, s, &v);
        entry_clear(&cur);
        cur = next;
    }
    if (rc == 0) {
        char *final = NULL;
        if (plan->n_steps == 0)
            rc = dzp_mol_smiles(&final, cur.mol, DZP_SMILES_CANONICAL);
        const char *last = plan->n_steps ? plan->steps[plan->n_steps - 1].product.smiles : final;
        plan->verified = rc == 0 && strcmp(last, s->tgt->smiles) == 0;
        free(final);
    }
    entry_clear(&cur);
    plan->score = r->score;
    return rc;
}

/* "Boc protection at N1; ... at N4", or "no steps". */
static char *summarize(const result *r)
{
    char *out = xstrdup(r->n ? "" : "no steps");
    for (int i = 0; i < r->n && out; i++) {
        char *next = xprintf("%s%s%s at %s", out, i ? "; " : "", r->steps[i].rule->name,
                             mask_name(r->steps[i].mask));
        free(out);
        out = next;
    }
    return out;
}

/* ---- choosing among results ---------------------------------------------------- */

typedef struct {
    search *s;
    result *r;
    int order;
} ranked;

/* By score alone: how alternatives are listed, so a route rejected as
 * unsafe that would otherwise have won is explained first. */
static int cmp_by_score(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (fabs(a->r->score - b->r->score) > 1e-9)
        return a->r->score < b->r->score ? -1 : 1;
    if (a->r->n != b->r->n)
        return a->r->n - b->r->n;
    return a->order - b->order;
}

/* Complete routes before rejected ones, then by score: how the winner is
 * chosen. */
static int cmp_ranked(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if ((a->r->rejected != NULL) != (b->r->rejected != NULL))
        return a->r->rejected ? 1 : -1;
    return cmp_by_score(pa, pb);
}

/* The same chemistry, whichever equivalent nitrogen is called N1. */
static char *route_key(const result *r, bool mirror_free)
{
    if (!mirror_free)
        return summarize(r);
    size_t len = 1;
    for (int i = 0; i < r->n; i++)
        len += strlen(r->steps[i].rule->id) + 3;
    char *k = calloc(1, len);
    for (int i = 0; k && i < r->n; i++) {
        strcat(k, r->steps[i].rule->id);
        strcat(k, r->steps[i].mask == 3 ? "*2," : ",");
    }
    return k;
}

static char *why_lost(const result *r, const result *best)
{
    if (r->rejected)
        return xstrdup(r->rejected);
    if (fabs(r->score - best->score) < 1e-9)
        return xprintf("as good (score %.2f); the chosen route comes first by protecting-group "
                       "preference and rule order",
                       r->score);
    const char *why = r->n > best->n   ? "more steps"
                      : r->n < best->n ? "fewer steps, but a statistical or unselective step"
                                       : "riskier selectivity or more side-reaction flags";
    return xprintf("%s (score %.2f against %.2f)", why, r->score, best->score);
}

static int add_alternatives(dzp_plan *plan, ranked *rk, int n, int chosen, bool mirror_free,
                            int max_alts)
{
    plan->alts = calloc((size_t)(max_alts > 0 ? max_alts : 1), sizeof(dzp_alternative));
    if (!plan->alts)
        return DZP_ENOMEM;
    char **seen = calloc((size_t)n + 1, sizeof(char *));
    int n_seen = 0, rc = seen ? 0 : DZP_ENOMEM;
    if (rc == 0 && chosen >= 0)
        seen[n_seen++] = route_key(rk[chosen].r, mirror_free);
    for (int i = 0; i < n && rc == 0 && (int)plan->n_alts < max_alts; i++) {
        if (i == chosen)
            continue;
        char *key = route_key(rk[i].r, mirror_free);
        bool dup = !key;
        for (int j = 0; j < n_seen && key; j++)
            dup = dup || (seen[j] && strcmp(seen[j], key) == 0);
        if (dup) {
            free(key);
            continue;
        }
        seen[n_seen++] = key;
        dzp_alternative *a = &plan->alts[plan->n_alts++];
        a->summary = summarize(rk[i].r);
        a->steps = rk[i].r->n;
        a->score = rk[i].r->score;
        a->rejected = chosen >= 0 ? why_lost(rk[i].r, rk[chosen].r) : xstrdup(rk[i].r->rejected);
        if (!a->summary || !a->rejected)
            rc = DZP_ENOMEM;
    }
    for (int j = 0; j < n_seen; j++)
        free(seen[j]);
    free(seen);
    return rc;
}

static int add_route_flag(dzp_plan *plan, const dzp_rules *rules, const char *id,
                          const char *detail)
{
    const dzp_side_reaction *sr = dzp_rules_side_reaction(rules, id);
    if (!sr)
        return 0;
    dzp_flag *bigger = realloc(plan->flags, sizeof(dzp_flag) * (plan->n_flags + 1));
    if (!bigger)
        return DZP_ENOMEM;
    plan->flags = bigger;
    dzp_flag *f = &plan->flags[plan->n_flags++];
    f->id = sr->id;
    f->severity = sr->severity;
    f->message = detail ? xprintf("%s %s", sr->message, detail) : xstrdup(sr->message);
    f->mitigation = sr->mitigation;
    f->source = sr->source;
    return f->message ? 0 : DZP_ENOMEM;
}

/* Route-level flags: regioselectivity when the route leans on it, and the
 * purification notes for a basic, polar product. */
static int route_flags(dzp_plan *plan, const search *s)
{
    int rc = 0;
    bool regio = false;
    for (size_t i = 0; i < plan->n_steps; i++)
        for (size_t j = 0; j < plan->steps[i].n_flags; j++)
            regio = regio || strcmp(plan->steps[i].flags[j].id, "regioselectivity") == 0;
    if (regio)
        rc = add_route_flag(plan, s->rules, "regioselectivity",
                            "N1 and N4 of the substrate differ; check which nitrogen reacted "
                            "before going on.");
    bool basic = false;
    for (int k = 0; k < 2; k++)
        basic = basic || s->tgt->site[k].state == DZP_SITE_NH;
    if (rc == 0 && basic && plan->n_steps > 0)
        rc = add_route_flag(plan, s->rules, "silica_tailing", NULL);
    if (rc == 0 && basic && plan->n_steps > 0)
        rc = add_route_flag(plan, s->rules, "aqueous_loss", NULL);
    return rc;
}

static int set_status(dzp_plan *plan, dzp_status st, const char *fmt, ...)
{
    plan->status = st;
    free(plan->message);
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    plan->message = xstrdup(buf);
    return plan->message ? 0 : DZP_ENOMEM;
}

static void clear_route(dzp_plan *plan)
{
    for (size_t i = 0; i < plan->n_steps; i++) {
        dzp_step *st = &plan->steps[i];
        for (size_t j = 0; j < st->n_reagents; j++) {
            free(st->reagents[j].name);
            free(st->reagents[j].smiles);
        }
        free(st->reagents);
        free(st->product.smiles);
        free(st->product.formula);
        for (size_t j = 0; j < st->n_flags; j++)
            free(st->flags[j].message);
        free(st->flags);
    }
    free(plan->steps);
    plan->steps = NULL;
    plan->n_steps = 0;
    plan->verified = false;
}

/* Pick the best verified route among all searches' results. */
static int choose(dzp_plan *plan, search *ss, int n_search)
{
    int total = 0;
    for (int i = 0; i < n_search; i++)
        total += ss[i].n_results;
    ranked *rk = calloc((size_t)(total ? total : 1), sizeof(ranked));
    if (!rk)
        return DZP_ENOMEM;
    int n = 0;
    for (int i = 0; i < n_search; i++)
        for (int j = 0; j < ss[i].n_results; j++)
            rk[n] = (ranked){&ss[i], &ss[i].results[j], n}, n++;
    qsort(rk, (size_t)n, sizeof(ranked), cmp_ranked);
    int rc = 0, chosen = -1;
    for (int i = 0; i < n && rc == 0 && chosen < 0 && !rk[i].r->rejected; i++) {
        rc = rebuild(rk[i].s, rk[i].r, plan);
        if (rc == 0 && plan->verified) {
            chosen = i;
        } else if (rc == 0) {
            clear_route(plan);
            rk[i].r->rejected = xstrdup("re-applying its steps did not give the target");
            if (!rk[i].r->rejected)
                rc = DZP_ENOMEM;
        }
    }
    bool mirror = plan->substrate->core_equivalent;
    if (chosen >= 0) { /* keep the winner's place known after re-sorting */
        ranked win = rk[chosen];
        rk[chosen] = rk[0];
        rk[0] = win;
        qsort(rk + 1, (size_t)(n - 1), sizeof(ranked), cmp_by_score);
        chosen = 0;
    } else {
        qsort(rk, (size_t)n, sizeof(ranked), cmp_by_score);
    }
    if (rc == 0)
        rc = add_alternatives(plan, rk, n, chosen, mirror, ss[0].rules->planner.max_alternatives);
    if (rc == 0 && chosen >= 0) {
        plan->has_route = true;
        plan->status = DZP_STATUS_OK;
        rc = route_flags(plan, rk[chosen].s);
    } else if (rc == 0) {
        const char *why = n > 0 ? rk[0].r->rejected : NULL;
        rc = set_status(plan, DZP_STATUS_NO_ROUTE, "no safe route was found: %s",
                        why ? why : "no sequence of the known steps reaches the target");
    }
    free(rk);
    return rc;
}

/* ---- public entry points ------------------------------------------------------- */

int dzp_substrate_load(dzp_scaffold **out, const char *smiles, const dzp_rules *rules)
{
    dzp_mol *mol = NULL;
    int rc = dzp_mol_from_smiles(&mol, smiles, DZP_PARSE_STRICT);
    if (rc != 0)
        return rc;
    int n = dzp_scaffold_count(mol, rules);
    if (n > 1) {
        char *smi = NULL;
        dzp_mol_smiles(&smi, mol, DZP_SMILES_CANONICAL);
        rc = dzp_error_set(DZP_EINVAL,
                           "%s has %d 1,4-diazepane rings: give a substrate with exactly one",
                           smi ? smi : smiles, n);
        free(smi);
    } else {
        rc = n < 0 ? n : dzp_scaffold_perceive(out, mol, rules, 0);
    }
    dzp_mol_free(mol);
    return rc;
}

static dzp_plan *plan_new(const dzp_scaffold *substrate)
{
    dzp_plan *p = calloc(1, sizeof(*p));
    if (p)
        p->substrate = substrate;
    return p;
}

int dzp_plan_sites(dzp_plan **out, const dzp_scaffold *substrate)
{
    dzp_plan *p = plan_new(substrate);
    if (!p)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    *out = p;
    return 0;
}

int dzp_plan_invalid(dzp_plan **out, const dzp_scaffold *substrate, const char *message)
{
    dzp_plan *p = plan_new(substrate);
    if (!p || set_status(p, DZP_STATUS_INVALID_INPUT, "%s", message) != 0) {
        dzp_plan_free(p);
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    }
    *out = p;
    return 0;
}

int dzp_plan_set_name(dzp_plan *plan, const char *name)
{
    free(plan->name);
    plan->name = name ? xstrdup(name) : NULL;
    return (name && !plan->name) ? DZP_ENOMEM : 0;
}

/* Find the target ring whose core is the substrate's. */
static int find_target(dzp_plan *plan, const dzp_mol *tmol, const dzp_rules *rules)
{
    int n = dzp_scaffold_count(tmol, rules);
    if (n < 0)
        return n;
    if (n == 0) {
        dzp_scaffold *none = NULL;
        dzp_scaffold_perceive(&none, tmol, rules, 0);
        return set_status(plan, DZP_STATUS_INVALID_INPUT, "target: %s", dzp_error_last());
    }
    dzp_scaffold *first = NULL;
    for (int r = 0; r < n; r++) {
        dzp_scaffold *t = NULL;
        int rc = dzp_scaffold_perceive(&t, tmol, rules, r);
        if (rc != 0) {
            dzp_scaffold_free(first);
            return rc;
        }
        if (strcmp(t->core_smiles, plan->substrate->core_smiles) == 0) {
            dzp_scaffold_free(first);
            plan->target = t;
            return 0;
        }
        if (!first)
            first = t;
        else
            dzp_scaffold_free(t);
    }
    plan->target = first;
    const char *why = first->n_substituted_carbons != plan->substrate->n_substituted_carbons
                          ? "the ring carbons carry different substituents"
                          : "the ring carbons differ (substituents or stereochemistry)";
    return set_status(plan, DZP_STATUS_NO_ROUTE,
                      "the target's diazepane (stripped of N-groups: %s) is not the substrate's "
                      "(%s): %s, which is not an N-functionalization",
                      first->core_smiles, plan->substrate->core_smiles, why);
}

static int fill_goals(dzp_plan *plan, const int *t_of)
{
    for (int k = 0; k < 2; k++) {
        const dzp_site *ts = &plan->target->site[t_of[k]];
        dzp_site_goal *g = &plan->goal[k];
        g->state = ts->state;
        g->pg = ts->pg;
        g->target_atom = ts->atom;
        free(g->substituent);
        g->substituent = ts->substituent_smiles ? xstrdup(ts->substituent_smiles) : NULL;
        if (ts->substituent_smiles && !g->substituent)
            return DZP_ENOMEM;
    }
    plan->have_goals = true;
    return 0;
}

static int plan_searches(dzp_plan *plan, const dzp_rules *rules)
{
    const dzp_scaffold *sub = plan->substrate, *tgt = plan->target;
    int base[2] = {0, 1}, swapped[2] = {1, 0};
    const int *t_of[2] = {base, swapped};
    /* Equivalent nitrogens: try N1 -> N1 first, so a single new group lands
     * on N1 as in the product's name; otherwise canonical labels pair them. */
    if (!sub->core_equivalent && sub->core_label[0] != tgt->core_label[0]) {
        t_of[0] = swapped;
        t_of[1] = base;
    }
    /* The swapped pairing is a different problem only when the substrate's
     * own nitrogens differ; for a symmetric substrate it is the mirror image. */
    int n_search = sub->core_equivalent && !sub->equivalent ? 2 : 1, rc = 0;
    search *ss = calloc((size_t)n_search, sizeof(search));
    if (!ss)
        return DZP_ENOMEM;
    for (int m = 0; m < n_search && rc == 0; m++) {
        ss[m] = (search){.rules = rules, .sub = sub, .tgt = tgt, .mapping = m, .best = 1e9};
        ss[m].results = calloc(MAX_RESULTS, sizeof(result));
        rc = ss[m].results ? run_search(&ss[m], t_of[m]) : DZP_ENOMEM;
    }
    if (rc == 0)
        rc = fill_goals(plan, t_of[0]);
    const char *why = ss[0].need[0].why_not ? ss[0].need[0].why_not : ss[0].need[1].why_not;
    int complete = 0;
    for (int m = 0; m < n_search; m++)
        for (int i = 0; i < ss[m].n_results; i++)
            complete += ss[m].results[i].rejected == NULL;
    if (rc == 0 && why && complete == 0)
        rc = set_status(plan, DZP_STATUS_NO_ROUTE, "%s", why);
    else if (rc == 0)
        rc = choose(plan, ss, n_search);
    for (int m = 0; m < n_search; m++) {
        for (int i = 0; i < ss[m].n_results; i++)
            free(ss[m].results[i].rejected);
        free(ss[m].results);
        search_clear(&ss[m]);
    }
    free(ss);
    return rc;
}

int dzp_plan_route(dzp_plan **out, const dzp_scaffold *substrate, const char *target_smiles,
                   const dzp_rules *rules)
{
    if (!out || !substrate || !rules)
        return dzp_error_set(DZP_EINVAL, "planning needs a substrate, a target and rules");
    dzp_plan *plan = plan_new(substrate);
    if (!plan)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    dzp_mol *tmol = NULL;
    int rc = dzp_mol_from_smiles(&tmol, target_smiles, DZP_PARSE_STRICT);
    if (rc == DZP_EINVAL)
        rc = set_status(plan, DZP_STATUS_INVALID_INPUT, "target: %s", dzp_error_last());
    else if (rc == 0)
        rc = find_target(plan, tmol, rules);
    if (rc == 0 && plan->target && !plan->message)
        rc = plan_searches(plan, rules);
    dzp_mol_free(tmol);
    if (rc != 0) {
        dzp_plan_free(plan);
        return rc;
    }
    *out = plan;
    return 0;
}

void dzp_plan_free(dzp_plan *plan)
{
    if (!plan)
        return;
    clear_route(plan);
    for (size_t i = 0; i < plan->n_alts; i++) {
        free(plan->alts[i].summary);
        free(plan->alts[i].rejected);
    }
    free(plan->alts);
    for (size_t i = 0; i < plan->n_flags; i++)
        free(plan->flags[i].message);
    free(plan->flags);
    for (int k = 0; k < 2; k++)
        free(plan->goal[k].substituent);
    dzp_scaffold_free(plan->target);
    free(plan->message);
    free(plan->name);
    free(plan);
}

static void scale_reagent(dzp_step_reagent *r, const dzp_transformation *t, double mmol)
{
    if (strcmp(r->role, "solvent") == 0 && t->conditions.has_concentration &&
        t->conditions.concentration_m > 0) {
        r->volume_ml = mmol / t->conditions.concentration_m;
        r->has_volume = true;
        return;
    }
    if (!r->has_equiv || !r->smiles)
        return;
    dzp_mol *m = NULL;
    if (dzp_mol_from_smiles(&m, r->smiles, DZP_PARSE_COMPONENTS) != 0)
        return;
    r->mmol = r->equiv * mmol;
    r->mass_mg = r->mmol * dzp_mol_weight(m);
    r->has_mass = true;
    dzp_mol_free(m);
}

int dzp_plan_scale(dzp_plan *plan, double mmol)
{
    if (!plan || !(mmol > 0))
        return dzp_error_set(DZP_EINVAL, "the scale must be a positive amount");
    plan->scale_mmol = mmol;
    for (size_t i = 0; i < plan->n_steps; i++)
        for (size_t j = 0; j < plan->steps[i].n_reagents; j++)
            scale_reagent(&plan->steps[i].reagents[j], plan->steps[i].rule, mmol);
    return 0;
}
