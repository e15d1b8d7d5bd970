/*
 * plan_search.c - the depth-first walk over step sequences.
 *
 * From the substrate, every step that brings a nitrogen nearer its goal is
 * tried: install the target's group on a free nitrogen (on both at once
 * when they get the same group), remove a protecting group (the
 * substrate's, or a temporary one once the other nitrogen has been worked
 * on), or put a temporary protecting group on a free nitrogen while the
 * other still has work to do; a protect or install step only on a nitrogen
 * whose n type its rule applies to.  A group installed with a masked
 * side-chain group (plan_mask.c) is finished by its unmask step.  Each step is judged (plan_judge.c); a
 * rejected step ends its route with the reason, and a route that scores
 * too far behind the best complete one is not followed.  Complete and
 * rejected routes are both kept, to choose from and to explain.
 *
 * Molecules along the way ("states") are cached by which group sits on
 * each nitrogen (state_key), so a state reached by several orders of steps
 * is built once.  With a batch's store (plan_store.c), a state is also
 * looked up there, under a key that says what the molecule is (substrate,
 * and per nitrogen what sits there), and a state built is left there for
 * the plans that follow.
 */
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "plan_internal.h"
#include "strbuf.h"

/* ---- states ------------------------------------------------------------------------------ */

/* A free N-H: freed during the search, or one the target keeps. */
bool plan_nitrogen_free(const search *s, nitrogen_progress progress, site_index site)
{
    return progress == NITROGEN_FREE || (progress == NITROGEN_DONE && s->need[site].final_nh);
}

bool plan_same_key(const state_key *a, const state_key *b)
{
    return a->progress[SITE_N1] == b->progress[SITE_N1] &&
           a->progress[SITE_N4] == b->progress[SITE_N4] &&
           a->temp_pg[SITE_N1] == b->temp_pg[SITE_N1] && a->temp_pg[SITE_N4] == b->temp_pg[SITE_N4] &&
           a->mask[SITE_N1] == b->mask[SITE_N1] && a->mask[SITE_N4] == b->mask[SITE_N4];
}

/* The key of the state that step leads to from the state with key. */
state_key plan_next_key(const search *s, const state_key *key, const route_step *step)
{
    state_key next = *key;
    for (site_index site = SITE_N1; site <= SITE_N4; site++) {
        if (!acts_on(step->sites, site))
            continue;
        switch (step->rule->tkind) {
        case DZP_TK_DEPROTECT:
            next.progress[site] = s->need[site].final_nh ? NITROGEN_DONE : NITROGEN_FREE;
            next.temp_pg[site] = NULL;
            break;
        case DZP_TK_PROTECT: /* a temporary group, else the target's own group */
            next.progress[site] = step->temporary ? NITROGEN_TEMP_PG : NITROGEN_DONE;
            next.temp_pg[site] = step->temporary ? step->pg : NULL;
            break;
        case DZP_TK_INSTALL: /* with a masked side-chain group, one step short of done */
            next.progress[site] = step->mask ? NITROGEN_MASKED : NITROGEN_DONE;
            next.mask[site] = step->mask;
            break;
        case DZP_TK_UNMASK:
            next.progress[site] = NITROGEN_DONE;
            next.mask[site] = NULL;
            break;
        }
    }
    return next;
}

/* Room to note which functional groups have been matched (none yet).
 * Returns 0, or DZP_ENOMEM. */
int plan_state_prepare(search_state *state, const dzp_rules *rules)
{
    state->fgroup_known = calloc(rules->n_fgroups ? rules->n_fgroups : 1, 1);
    return state->fgroup_known ? 0 : plan_oom("for a search state");
}

/* Free what the state holds (not the state itself) and zero it. */
void plan_state_clear(search_state *state)
{
    dzp_mol_free(state->mol);
    for (int i = 0; i < state->n_hits; i++)
        free(state->hits[i].atoms);
    free(state->hits);
    free(state->fgroup_known);
    free(state->smiles);
    free(state->info.smiles);
    free(state->info.formula);
    memset(state, 0, sizeof(*state));
}

/* Apply step to parent's molecule, into state (whose key is set already).
 * Returns 0, or a negative dzp_error with state partly filled (clear it). */
int plan_state_build(search_state *state, const search_state *parent, const route_step *step,
                     const dzp_rules *rules)
{
    ring_atoms ring = parent->ring;
    int rc = plan_apply_step(&state->mol, &ring, parent->mol, step);
    if (rc != 0)
        return rc;
    state->ring = ring;
    return plan_state_prepare(state, rules);
}

/* Add state (malloc'd, filled) under key to the search's cache; owned: the
 * search frees it, else the store holds it.  An owned state is taken over
 * even on failure.  Returns 0, or DZP_ENOMEM. */
static int cache_state(search *s, const state_key *key, search_state *state, bool owned)
{
    state_ref *grown = plan_grow(s->states, &s->cap_states, s->n_states + 1, sizeof(state_ref),
                                 "for the planner's state cache");
    if (!grown) {
        if (owned) {
            plan_state_clear(state);
            free(state);
        }
        return DZP_ENOMEM;
    }
    s->states = grown;
    s->states[s->n_states++] = (state_ref){.key = *key, .state = state, .owned = owned};
    return 0;
}

/* What sits on nitrogen site in a state with this progress, as the store's
 * key writes it (the molecule is the substrate with these changes): a
 * kind, and the name and group it needs, NULL when none. */
static const char *describe_site(const char **name, const char **group, const search *s,
                                 const state_key *key, site_index site)
{
    const site_need *need = &s->need[site];
    *name = *group = NULL;
    switch (key->progress[site]) {
    case NITROGEN_SUBSTRATE_PG:
        return "substrate";
    case NITROGEN_FREE:
        return "H";
    case NITROGEN_TEMP_PG:
        *name = key->temp_pg[site]->name;
        return "pg";
    case NITROGEN_MASKED:
        *name = key->mask[site]->id;
        *group = need->group;
        return "mask";
    case NITROGEN_DONE:
        if (need->keep || need->final_nh)
            return need->keep ? "substrate" : "H";
        *group = need->group;
        return "group";
    }
    return "?";
}

/* The store's key of the state with key: what makes its molecule, each
 * text written with its length first so no two keys read alike (the stock
 * is not in it: a store is emptied when the stock changes).  NULL when out
 * of memory. */
static char *store_key(const search *s, const state_key *key)
{
    const char *kind[N_SITES], *name[N_SITES], *group[N_SITES];
    for (site_index k = SITE_N1; k <= SITE_N4; k++) {
        kind[k] = describe_site(&name[k], &group[k], s, key, k);
        name[k] = name[k] ? name[k] : "";
        group[k] = group[k] ? group[k] : "";
    }
    dzp_strbuf sb = DZP_STRBUF_INIT;
    dzp_strbuf_put_counted(&sb, s->substrate->smiles);
    for (site_index k = SITE_N1; k <= SITE_N4; k++) {
        dzp_strbuf_putn(&sb, "|", 1);
        dzp_strbuf_puts(&sb, kind[k]);
        dzp_strbuf_putn(&sb, " ", 1);
        dzp_strbuf_put_counted(&sb, name[k]);
        dzp_strbuf_putn(&sb, " ", 1);
        dzp_strbuf_put_counted(&sb, group[k]);
    }
    return dzp_strbuf_take(&sb);
}

/* Note whether the stock holds the state's molecule.  Returns 0, or a
 * negative dzp_error (state left for the caller to free). */
static int mark_in_stock(const search *s, search_state *state)
{
    char *smiles = NULL;
    int rc = dzp_mol_smiles(&smiles, state->mol, DZP_SMILES_CANONICAL);
    state->in_stock = rc == 0 && dzp_stock_find(s->stock, smiles, NULL);
    if (state->in_stock)
        state->smiles = smiles;
    else
        free(smiles);
    return rc;
}

/* Cache state, just built (or NULL after a failure rc), under key: in the
 * store too when there is one (skey, taken over; NULL without a store).
 * The stock is asked about it unless it is the substrate.  Returns state,
 * or NULL with s->error set. */
static search_state *keep_state(search *s, const state_key *key, search_state *state, int rc,
                                char *skey, bool substrate)
{
    if (rc == 0 && s->stock && !substrate) /* the substrate is never "bought" */
        rc = mark_in_stock(s, state);
    if (rc != 0 && state) {
        plan_state_clear(state);
        free(state);
    }
    bool owned = true;
    if (rc == 0 && skey) {
        owned = plan_store_add(s->store, skey, state) != 0;
        if (owned)
            dzp_error_clear(); /* not kept for later plans: this plan is not hurt */
    } else {
        free(skey);
    }
    if (rc == 0)
        rc = cache_state(s, key, state, owned);
    if (rc != 0) {
        s->error = rc;
        return NULL;
    }
    return state;
}

/* The state the store holds under the key of the state with key (NULL
 * when none or no store); *skey becomes that key (NULL without a store). */
static search_state *stored_state(search *s, const state_key *key, char **skey)
{
    *skey = NULL;
    if (!s->store)
        return NULL;
    *skey = store_key(s, key);
    if (!*skey) { /* out of memory: go on without the store */
        dzp_error_clear();
        return NULL;
    }
    search_state *state = plan_store_find(s->store, *skey);
    if (state) {
        free(*skey);
        *skey = NULL;
    }
    return state;
}

search_state *plan_search_state(const search *s, const state_key *key)
{
    for (int i = 0; i < s->n_states; i++)
        if (plan_same_key(&s->states[i].key, key))
            return s->states[i].state;
    return NULL;
}

/* The state with key, built from parent by step if not met before.  NULL
 * with s->error set on failure. */
static search_state *find_or_build_state(search *s, const state_key *key,
                                         const search_state *parent, const route_step *step)
{
    search_state *state = plan_search_state(s, key);
    if (state)
        return state;
    char *skey = NULL;
    state = stored_state(s, key, &skey);
    if (state) {
        int rc = cache_state(s, key, state, false);
        if (rc != 0)
            s->error = rc;
        return rc == 0 ? state : NULL;
    }
    state = calloc(1, sizeof(*state));
    int rc = state ? plan_state_build(state, parent, step, s->rules)
                   : plan_oom("for a search state");
    return keep_state(s, key, state, rc, skey, false);
}

/* ---- recording routes ------------------------------------------------------------------- */

/* Note the current path as a route: complete (rejected NULL) or cut short
 * by a step rejected for the reason `rejected` (taken over).  Sets
 * s->error when out of memory. */
static void record_route(search *s, double score, char *rejected)
{
    route *grown = plan_grow(s->routes, &s->cap_routes, s->n_routes + 1, sizeof(route),
                             "for the routes found");
    int n = s->depth - s->path_start; /* the steps bought with a stock start are left out */
    route_step *steps = malloc(sizeof(route_step) * (size_t)(n ? n : 1));
    if (grown)
        s->routes = grown;
    if (!grown || !steps) {
        s->error = steps ? DZP_ENOMEM : plan_oom("for the routes found");
        free(steps);
        free(rejected);
        return;
    }
    route *r = &s->routes[s->n_routes++];
    if (n > 0) /* a route of no steps has no path yet */
        memcpy(steps, s->path + s->path_start, sizeof(route_step) * (size_t)n);
    r->steps = steps;
    r->n_steps = n;
    r->start = s->start;
    r->start_key = s->start_key;
    r->bought = s->path_start;
    r->score = score;
    r->rejected = rejected;
    r->pairing = s->pairing;
    if (!rejected && score < s->best)
        s->best = score;
}

/* ---- the walk ---------------------------------------------------------------------------- */

static void walk(search *s, const state_key *key, const search_state *at);

/* Walk on from out (with key), a state the stock holds: the steps so far
 * are bought (whether or not the last was acceptable), so the route starts
 * there with nothing spent. */
static void walk_from_stock(search *s, const state_key *key, const search_state *out)
{
    double saved_score = s->path_score;
    int saved_start = s->path_start;
    const search_state *saved_state = s->start;
    state_key saved_key = s->start_key;
    s->path_score = 0;
    s->path_start = s->depth;
    s->start = out;
    s->start_key = *key;
    walk(s, key, out);
    s->path_score = saved_score;
    s->path_start = saved_start;
    s->start = saved_state;
    s->start_key = saved_key;
}

/* Take step from state at: judge it, record it when rejected, else walk on
 * from its product unless the route can no longer come near the best.  A
 * product in stock starts the route afresh (walk_from_stock). */
static void try_step(search *s, const state_key *key, const search_state *at, route_step step)
{
    if (s->error || s->depth >= s->rules->planner.max_steps)
        return;
    route_step *path = plan_grow(s->path, &s->cap_path, s->depth + 1, sizeof(route_step),
                                 "for the route being searched");
    if (!path) {
        s->error = DZP_ENOMEM;
        return;
    }
    s->path = path;
    state_key next_key = plan_next_key(s, key, &step);
    search_state *out = find_or_build_state(s, &next_key, at, &step);
    if (!out)
        return;
    double cost = 0;
    char *reject = NULL;
    int rc = plan_judge_known(s, key, at, out, &step, &cost, &reject);
    if (rc != 0) {
        s->error = rc;
        return;
    }
    s->path[s->depth++] = step;
    if (out->in_stock) {
        walk_from_stock(s, &next_key, out);
    } else if (reject) {
        record_route(s, s->path_score + cost, reject);
        reject = NULL; /* the route has it now */
    } else if (s->path_score + cost <= s->best + s->rules->planner.bound_margin) {
        double saved = s->path_score;
        s->path_score += cost;
        walk(s, &next_key, out);
        s->path_score = saved;
    }
    s->depth--;
    free(reject);
}

static route_step install_step(const reagent_option *option, site_mask sites)
{
    return (route_step){.rule = option->rule, .sites = sites, .option = option,
                        .pg = option->rule->pg, .temporary = false, .mask = option->mask};
}

/* Install the target's group: on both free nitrogens at once when they get
 * the same group, or on one free nitrogen. */
static void walk_installs(search *s, const state_key *key, const search_state *at)
{
    const site_need *need = s->need;
    bool same = need[SITE_N1].group && need[SITE_N4].group &&
                strcmp(need[SITE_N1].group, need[SITE_N4].group) == 0;
    if (key->progress[SITE_N1] == NITROGEN_FREE && key->progress[SITE_N4] == NITROGEN_FREE && same)
        for (int o = 0; o < need[SITE_N1].n_options; o++)
            if (need[SITE_N1].options[o].rule->both &&
                policy_rule_acts_on(s, need[SITE_N1].options[o].rule, SITE_N4))
                try_step(s, key, at, install_step(&need[SITE_N1].options[o], SITES_BOTH));
    for (site_index site = SITE_N1; site <= SITE_N4; site++)
        if (key->progress[site] == NITROGEN_FREE && need[site].group)
            for (int o = 0; o < need[site].n_options; o++)
                try_step(s, key, at, install_step(&need[site].options[o], site_bit(site)));
}

/* A temporary group on nitrogen site is worth taking off only once a step
 * has acted on the other nitrogen while it was on. */
static bool worked_since_temp(const search *s, site_index site)
{
    for (int d = s->depth - 1; d >= 0; d--) {
        if (s->path[d].temporary && acts_on(s->path[d].sites, site))
            return false;
        if (acts_on(s->path[d].sites, other_site(site)))
            return true;
    }
    return false;
}

/* The protecting group that could come off nitrogen site, or NULL. */
static const dzp_pg *removable_pg(const search *s, const state_key *key, site_index site)
{
    switch (key->progress[site]) {
    case NITROGEN_SUBSTRATE_PG:
        return s->need[site].substrate_pg;
    case NITROGEN_TEMP_PG:
        return key->temp_pg[site];
    default:
        return NULL;
    }
}

/* Remove a protecting group: from both nitrogens at once when they carry
 * the same one, or from one. */
static void walk_removals(search *s, const state_key *key, const search_state *at)
{
    const dzp_pg *pg[N_SITES] = {removable_pg(s, key, SITE_N1), removable_pg(s, key, SITE_N4)};
    if (pg[SITE_N1] && pg[SITE_N1] == pg[SITE_N4]) {
        const dzp_transformation *t = plan_removal_rule(s->rules, pg[SITE_N1]);
        if (t && t->both)
            try_step(s, key, at, (route_step){.rule = t, .sites = SITES_BOTH, .pg = pg[SITE_N1]});
    }
    for (site_index site = SITE_N1; site <= SITE_N4; site++) {
        const dzp_transformation *t = pg[site] ? plan_removal_rule(s->rules, pg[site]) : NULL;
        if (t && !(key->progress[site] == NITROGEN_TEMP_PG && !worked_since_temp(s, site)))
            try_step(s, key, at, (route_step){.rule = t, .sites = site_bit(site), .pg = pg[site]});
    }
}

/* Reveal a masked side-chain group.  Its conditions reach every nitrogen
 * that carries the same mask, so the step acts on all of them at once. */
static void walk_unmasks(search *s, const state_key *key, const search_state *at)
{
    for (site_index site = SITE_N1; site <= SITE_N4; site++) {
        if (key->progress[site] != NITROGEN_MASKED)
            continue;
        site_index other = other_site(site);
        bool shared = key->progress[other] == NITROGEN_MASKED && key->mask[other] == key->mask[site];
        if (shared && site == SITE_N4)
            continue; /* already taken from N1, on both */
        const dzp_mask *mask = key->mask[site];
        try_step(s, key, at, (route_step){.rule = mask->unmask_rule,
                                     .sites = shared ? SITES_BOTH : site_bit(site),
                                     .mask = mask});
    }
}

static bool temp_used_on(const search *s, site_index site)
{
    for (int d = 0; d < s->depth; d++)
        if (s->path[d].temporary && acts_on(s->path[d].sites, site))
            return true;
    return false;
}

/* A temporary protecting group on a free nitrogen while the other one
 * still has work to do, or stays a free N-H that may need blocking; once
 * per nitrogen per route.  The other may carry
 * a temporary group of its own, of another kind: an orthogonal pair lets a
 * small reagent (formaldehyde) reach the nitrogen that a bulky one
 * (Boc2O) had to block first. */
static void walk_temp(search *s, const state_key *key, const search_state *at)
{
    for (site_index site = SITE_N1; site <= SITE_N4; site++) {
        nitrogen_progress other = key->progress[other_site(site)];
        /* Blocking a nitrogen that stays free, or pairing two temporary
         * groups, only helps when the nitrogens differ: of two equivalent
         * ones the other can be blocked directly. */
        bool differ = !s->substrate->core_equivalent;
        bool other_settled =
            other == NITROGEN_DONE && !(differ && s->need[other_site(site)].final_nh);
        if (!plan_nitrogen_free(s, key->progress[site], site) || other_settled ||
            temp_used_on(s, site))
            continue;
        for (int p = 0; p < s->n_temp_options; p++) {
            if (!policy_rule_acts_on(s, s->temp_options[p].rule, site))
                continue; /* e.g. no Boc on a lactam N-H */
            if (other == NITROGEN_TEMP_PG &&
                (!differ || key->temp_pg[other_site(site)] == s->temp_options[p].rule->pg))
                continue; /* the same group twice comes off together */
            route_step step = install_step(&s->temp_options[p], site_bit(site));
            step.temporary = true;
            try_step(s, key, at, step);
        }
    }
}

static void walk(search *s, const state_key *key, const search_state *at)
{
    if (s->error)
        return;
    if (key->progress[SITE_N1] == NITROGEN_DONE && key->progress[SITE_N4] == NITROGEN_DONE) {
        record_route(s, s->path_score, NULL);
        return;
    }
    walk_installs(s, key, at);
    walk_removals(s, key, at);
    walk_unmasks(s, key, at);
    walk_temp(s, key, at);
}

/* ---- one search -------------------------------------------------------------------------- */

/* Free everything the search holds (options, states, routes); s is zeroed. */
void plan_search_clear(search *s)
{
    for (site_index site = SITE_N1; site <= SITE_N4; site++) {
        for (int o = 0; o < s->need[site].n_options; o++)
            plan_option_clear(&s->need[site].options[o]);
        free(s->need[site].options);
        plan_need_clear_refused(&s->need[site]);
        free(s->need[site].why_not);
    }
    for (int o = 0; o < s->n_temp_options; o++)
        plan_option_clear(&s->temp_options[o]);
    free(s->temp_options);
    for (int i = 0; i < s->n_states; i++) {
        if (!s->states[i].owned)
            continue; /* the store's */
        plan_state_clear(s->states[i].state);
        free(s->states[i].state);
    }
    free(s->states);
    for (int i = 0; i < s->n_routes; i++) {
        free(s->routes[i].steps);
        free(s->routes[i].rejected);
    }
    free(s->routes);
    free(s->path);
    free(s->reagent_matches);
    plan_judge_forget(s);
    memset(s, 0, sizeof(*s));
}

/* The substrate as the search's first state (the store's, when it has it). */
static int initial_state(search *s)
{
    state_key key = {0};
    for (site_index site = SITE_N1; site <= SITE_N4; site++) {
        const site_need *need = &s->need[site];
        key.progress[site] = need->keep           ? NITROGEN_DONE
                             : need->substrate_pg ? NITROGEN_SUBSTRATE_PG
                                                  : NITROGEN_FREE;
    }
    char *skey = NULL;
    search_state *state = stored_state(s, &key, &skey);
    if (state)
        return cache_state(s, &key, state, false);
    state = calloc(1, sizeof(*state));
    int rc = state ? 0 : plan_oom("for a search state");
    if (rc == 0) {
        memcpy(state->ring.atom, s->substrate->ring, sizeof(state->ring.atom));
        rc = dzp_mol_clone(&state->mol, s->substrate->mol);
    }
    if (rc == 0)
        rc = plan_state_prepare(state, s->rules);
    return keep_state(s, &key, state, rc, skey, true) ? 0 : s->error;
}

static void mark_option(const search *s, reagent_option *o)
{
    dzp_stock_entry entry;
    if (plan_option_named(o, s->rules) != 0) {
        dzp_error_clear(); /* unnamed: then not found in the stock */
        return;
    }
    o->in_stock = dzp_stock_find(s->stock, o->smiles, &entry);
    if (o->in_stock && !o->name && entry.name)
        o->name = entry.name; /* the stock's name rather than a formula */
}

/* Note which reagents of the options the stock holds. */
static void mark_options_in_stock(search *s)
{
    if (!s->stock)
        return;
    for (site_index site = SITE_N1; site <= SITE_N4; site++)
        for (int o = 0; o < s->need[site].n_options; o++)
            mark_option(s, &s->need[site].options[o]);
    for (int o = 0; o < s->n_temp_options; o++)
        mark_option(s, &s->temp_options[o]);
}

/* Run the search for one pairing of substrate and target nitrogens:
 * substrate site k becomes target site target_site_of[k].  Routes found go
 * to s->routes; a nitrogen that cannot reach its goal leaves why_not in
 * s->need.  Returns 0, or a negative dzp_error. */
int plan_search_run(search *s, const int *target_site_of)
{
    int rc = 0;
    s->n1_becomes_n4 = target_site_of[SITE_N1] == SITE_N4;
    for (site_index site = SITE_N1; site <= SITE_N4 && rc == 0; site++)
        rc = plan_derive_need(s, site, &s->substrate->site[site],
                              &s->target->site[target_site_of[site]]);
    if (rc == 0)
        rc = plan_prepare_temp_options(s);
    if (rc != 0 || s->need[SITE_N1].why_not || s->need[SITE_N4].why_not)
        return rc;
    mark_options_in_stock(s);
    rc = initial_state(s);
    if (rc == 0) {
        state_key key = s->states[0].key; /* a copy: the array grows under the walk */
        walk(s, &key, s->states[0].state);
        rc = s->error;
    }
    return rc;
}
