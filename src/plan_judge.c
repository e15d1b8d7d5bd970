/*
 * plan_judge.c - whether a step is acceptable, and what it costs.
 *
 * A step's cost is its rule's cost, plus a temporary group's preference,
 * plus a penalty when it must pick one of two free nitrogens, plus a
 * little per flag.  Two free nitrogens: one of an n type the rule does not
 * act on does not compete, unless the rule names it as competing; equivalent ones react
 * statistically; otherwise a reagent bulky enough to feel ring hindrance
 * (the rule's bulky_reagent) reacts at the less hindered first, and a step
 * on the more hindered one is rejected, while a small one (formaldehyde, an
 * alkyl iodide) is rejected until the other nitrogen is protected.  Then the product's functional groups
 * are matched (lazily, only those the step's conditions can hurt): a
 * critical lability rejects the step, a milder one flags it.  A group on
 * the very bond the step made is the product, not collateral damage.
 * The walk meets the same step from the same state along several orders of
 * steps; plan_judge_known remembers its cost and reason for the search.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "plan_internal.h"

/* ---- flags ------------------------------------------------------------------------------- */

/* Free the verdict's flags and reject sentence and zero it; never fails. */
void plan_verdict_clear(verdict *v)
{
    free(v->flags);
    free(v->reject);
    memset(v, 0, sizeof(*v));
}

/* Raise flag on the step; raised twice, it keeps the higher severity.
 * Returns 0, or DZP_ENOMEM. */
int plan_raise_flag(verdict *v, step_flag flag)
{
    for (int i = 0; i < v->n_flags; i++)
        if (strcmp(v->flags[i].id, flag.id) == 0) {
            if (flag.severity > v->flags[i].severity)
                v->flags[i].severity = flag.severity;
            return 0;
        }
    step_flag *grown = plan_grow(v->flags, &v->cap_flags, v->n_flags + 1, sizeof(step_flag),
                                 "for a step's flags");
    if (!grown)
        return DZP_ENOMEM;
    v->flags = grown;
    v->flags[v->n_flags++] = flag;
    return 0;
}

/* The key reagent a step uses: its option's (derived or protecting)
 * reagent, else the rule's own; NULL for a deprotection. */
static const dzp_mol *step_reagent(const route_step *step)
{
    if (step->option && step->option->reagent)
        return step->option->reagent;
    return step->rule->key.mol;
}

/* Whether pattern matches the reagent, matched once per search for each
 * pair (a memo; when it cannot grow, the answer is just not remembered). */
static bool reagent_matches(search *s, const dzp_smarts *pattern, const dzp_mol *reagent)
{
    for (int i = 0; i < s->n_reagent_matches; i++)
        if (s->reagent_matches[i].pattern == pattern && s->reagent_matches[i].reagent == reagent)
            return s->reagent_matches[i].matches;
    bool matches = dzp_smarts_matches(pattern, reagent);
    reagent_match *grown = plan_grow(s->reagent_matches, &s->cap_reagent_matches,
                                     s->n_reagent_matches + 1, sizeof(reagent_match),
                                     "for the reagent matches");
    if (grown) {
        s->reagent_matches = grown;
        s->reagent_matches[s->n_reagent_matches++] =
            (reagent_match){.pattern = pattern, .reagent = reagent, .matches = matches};
    } else {
        dzp_error_clear();
    }
    return matches;
}

/* Raise the flags of a rule's list, each with its side_reactions.yaml
 * severity; a flag whose unless_reagent matches the step's key reagent is
 * left out (an alpha-halo ketone gives a product too poor a nucleophile to
 * quaternize). */
static int raise_listed_flags(search *s, verdict *v, const route_step *step, const char **ids,
                              size_t n)
{
    const dzp_mol *reagent = step_reagent(step);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const dzp_side_reaction *sr = dzp_rules_side_reaction(s->rules, ids[i]);
        if (sr && sr->unless_reagent && reagent && reagent_matches(s, sr->unless_reagent, reagent))
            continue;
        rc = plan_raise_flag(v, (step_flag){.id = ids[i],
                                            .severity = sr ? sr->severity : DZP_SEV_WARNING,
                                            .fgroup = NO_FGROUP,
                                            .regio_site = NO_SITE});
    }
    return rc;
}

/* ---- selectivity between the two nitrogens ------------------------------------------------- */

/* Whether the step's key reagent is bulky enough to tell a hindered
 * nitrogen from an unhindered one: it matches the rule's bulky_reagent. */
static bool reagent_feels_hindrance(search *s, const route_step *step)
{
    const dzp_mol *reagent = step_reagent(step);
    return step->rule->bulky_reagent && reagent &&
           reagent_matches(s, step->rule->bulky_reagent, reagent);
}

/* Two free nitrogens that are not equivalent.  A reagent too small to feel
 * the hindrance reacts at both, so the step is rejected: the other must be
 * protected first.  Otherwise the less hindered reacts first (the step on
 * the more hindered one is rejected) at the deficit of one of two free N
 * (mono_equiv), and equally hindered ones react statistically. */
static int judge_hindrance(search *s, verdict *v, const route_step *step, site_index site)
{
    const dzp_transformation *t = step->rule;
    site_index other = other_site(site);
    const char *here_name = plan_site_name(site), *there_name = plan_site_name(other);
    if (!reagent_feels_hindrance(s, step)) {
        if (step->option && plan_option_named((reagent_option *)step->option, s->rules) != 0)
            return plan_oom("naming a reagent"); /* the search's own option */
        const char *reagent = step->option && step->option->name     ? step->option->name
                              : step->option && step->option->smiles ? step->option->smiles
                                                                     : t->key.smiles;
        v->reject = plan_printf("%s at %s: %s is too small to feel the ring hindrance that "
                                "tells %s from %s, so it would react at both; protect %s first",
                                t->name, here_name, reagent ? reagent : "the reagent", here_name,
                                there_name, there_name);
        return v->reject ? 0 : plan_oom("explaining a rejected step");
    }
    int here = s->substrate->site[site].hindrance, there = s->substrate->site[other].hindrance;
    if (here > there) {
        v->reject = plan_printf("%s at %s: %s is more hindered than %s (%d against %d "
                                "substituents on the ring carbons next to it), so %s would "
                                "react first",
                                t->name, here_name, here_name, there_name, here, there, there_name);
        return v->reject ? 0 : plan_oom("explaining a rejected step");
    }
    const dzp_planner_rules *planner = &s->rules->planner;
    bool selective = here < there;
    v->cost += selective ? planner->regio_selective_penalty : planner->regio_unselective_penalty;
    v->equiv = selective ? EQUIV_SELECTIVE : EQUIV_STATISTICAL;
    int rc = policy_flag_regioselectivity(v, s->rules, site, selective);
    if (rc == 0)
        rc = raise_listed_flags(s, v, step, t->mono_flags, t->n_mono_flags);
    return rc;
}

/* A one-nitrogen step on site with the other nitrogen free.  An other
 * nitrogen of an n type the rule does not act on does not compete (one
 * equivalent, no penalty, no flag), unless the rule names its type as
 * competing (then the step is rejected: protect it first).  Otherwise
 * equivalent nitrogens react statistically, and two others are told apart
 * by hindrance (judge_hindrance).  Returns 0 (v filled, v->reject set when
 * rejected) or DZP_ENOMEM. */
static int judge_selectivity(search *s, verdict *v, const route_step *step, site_index site)
{
    const dzp_transformation *t = step->rule;
    site_index other = other_site(site);
    const char *other_type = policy_site_n_type(s, other);
    if (dzp_transformation_competing(t, other_type) &&
        !dzp_transformation_applies_to(t, other_type)) {
        v->reject = plan_printf("%s at %s: the free %s N-H at %s would react with the reagent "
                                "first; protect %s before this step",
                                t->name, plan_site_name(site), other_type,
                                plan_site_name(other), plan_site_name(other));
        return v->reject ? 0 : plan_oom("explaining a rejected step");
    }
    if (!dzp_transformation_applies_to(t, other_type)) {
        v->equiv = EQUIV_SINGLE; /* e.g. an amide N-H beside an amine: it does not compete */
        return 0;
    }
    /* Both nitrogens are free here, so the molecule is the core: they are
     * equivalent exactly when they are in the core. */
    if (s->substrate->core_equivalent) {
        v->equiv = EQUIV_STATISTICAL;
        v->cost += t->mono_penalty;
        return raise_listed_flags(s, v, step, t->mono_flags, t->n_mono_flags);
    }
    return judge_hindrance(s, v, step, site);
}

/* ---- lability of the product's functional groups ------------------------------------------ */

/* Match functional group f on the state's molecule once, on first need: a
 * step only asks for the groups its conditions can hurt.  Returns 0 or a
 * negative dzp_error. */
static int match_fgroup(search_state *state, size_t f, const dzp_rules *rules)
{
    if (state->fgroup_known[f] & FGROUP_MATCHED)
        return 0;
    state->fgroup_known[f] |= FGROUP_MATCHED;
    const dzp_fgroup *g = &rules->fgroups[f];
    int *matches = NULL;
    int n = dzp_smarts_find(&matches, g->smarts, state->mol, true);
    int width = dzp_smarts_atom_count(g->smarts);
    if (n > 0 && g->requires && !dzp_smarts_matches(g->requires, state->mol))
        n = 0; /* the specific pattern first: `requires` is usually broad */
    if (n <= 0) {
        free(matches);
        return n;
    }
    int rc = 0;
    fgroup_hit *bigger = realloc(state->hits, sizeof(fgroup_hit) * (size_t)(state->n_hits + n));
    if (!bigger)
        rc = plan_oom("matching functional groups");
    else
        state->hits = bigger;
    for (int i = 0; i < n && rc == 0; i++) {
        fgroup_hit *hit = &state->hits[state->n_hits];
        hit->atoms = malloc(sizeof(int) * (size_t)width);
        if (!hit->atoms) {
            rc = plan_oom("matching functional groups");
            break;
        }
        memcpy(hit->atoms, matches + i * width, sizeof(int) * (size_t)width);
        hit->n_atoms = width;
        hit->fgroup = (int)f;
        state->n_hits++;
    }
    free(matches);
    return rc;
}

/* Whether group f's requires_before matches the molecule of state:
 * matched once per state and remembered with it (a property of the
 * molecule alone, so a state the store keeps answers for later plans). */
static bool before_matches(const search_state *state, size_t f, const dzp_fgroup *g)
{
    char *known = &state->fgroup_known[f]; /* the memo: nothing else of the state changes */
    if (!(*known & FGROUP_BEFORE_KNOWN))
        *known |= (char)(FGROUP_BEFORE_KNOWN |
                         (dzp_smarts_matches(g->requires_before, state->mol) ? FGROUP_BEFORE_MATCHES
                                                                             : 0));
    return (*known & FGROUP_BEFORE_MATCHES) != 0;
}

/* Does the hit lie on a bond this step formed (nitrogen and the atom now
 * bonded to it)?  A group the step itself made is not collateral damage. */
static bool hit_on_new_bond(const fgroup_hit *hit, const search_state *out,
                            const route_step *step)
{
    if (step->rule->tkind == DZP_TK_DEPROTECT || step->rule->tkind == DZP_TK_UNMASK)
        return false;
    for (site_index site = SITE_N1; site <= SITE_N4; site++) {
        if (!acts_on(step->sites, site))
            continue;
        int nitrogen = plan_nitrogen_atom(&out->ring, site);
        bool has_nitrogen = false, has_partner = false;
        for (int a = 0; a < hit->n_atoms; a++) {
            int atom = hit->atoms[a];
            if (atom == nitrogen)
                has_nitrogen = true;
            else if (dzp_mol_bond_order(out->mol, nitrogen, atom) != 0 &&
                     !plan_is_ring_neighbour(&out->ring, site, atom))
                has_partner = true;
        }
        if (has_nitrogen && has_partner)
            return true;
    }
    return false;
}

/* Does any lability of group g apply under the step's conditions? */
static bool lability_applies(const dzp_fgroup *g, const dzp_transformation *t)
{
    return policy_has_class(t, g->labile_classes);
}

/* Every hit of functional group f in the product: a critical lability
 * rejects the step, a milder one flags it.  A group with requires_before
 * counts only when that pattern matches the step's starting material. */
static int judge_fgroup(search *s, verdict *v, const search_state *in, const search_state *out,
                        const route_step *step, int f)
{
    const dzp_fgroup *g = &s->rules->fgroups[f];
    int rc = 0;
    bool before_checked = false;
    for (int i = 0; i < out->n_hits && !v->reject && rc == 0; i++) {
        const fgroup_hit *hit = &out->hits[i];
        if (hit->fgroup != f || hit_on_new_bond(hit, out, step))
            continue;
        /* the starting-material condition only once there is a hit to judge */
        if (!before_checked && g->requires_before && !before_matches(in, (size_t)f, g))
            return 0; /* e.g. no free amine N-H while the step ran */
        before_checked = true;
        for (size_t l = 0; l < g->n_labile_to && !v->reject && rc == 0; l++) {
            const dzp_lability *lb = &g->labile_to[l];
            if (!policy_has_class(step->rule, lb->condition_set))
                continue;
            if (lb->severity == DZP_SEV_CRITICAL) {
                v->reject = plan_printf("%s at %s would also attack the %s (%s)",
                                        step->rule->name, plan_sites_name(step->sites), g->name,
                                        lb->flag);
                if (!v->reject)
                    rc = plan_oom("explaining a rejected step");
            } else {
                rc = plan_raise_flag(v, (step_flag){.id = lb->flag, .severity = lb->severity,
                                                    .fgroup = f, .regio_site = NO_SITE});
            }
        }
    }
    return rc;
}

static int judge_lability(search *s, verdict *v, const search_state *in, search_state *out,
                          const route_step *step)
{
    int rc = 0;
    for (size_t f = 0; f < s->rules->n_fgroups && !v->reject && rc == 0; f++) {
        if (!lability_applies(&s->rules->fgroups[f], step->rule))
            continue;
        rc = match_fgroup(out, f, s->rules);
        if (rc == 0)
            rc = judge_fgroup(s, v, in, out, step, (int)f);
    }
    return rc;
}

/* ---- the whole step ----------------------------------------------------------------------- */

static double flag_cost(const dzp_planner_rules *planner, dzp_severity severity)
{
    return severity == DZP_SEV_WARNING ? planner->warning_cost
           : severity == DZP_SEV_INFO  ? planner->info_cost
                                       : 0.0;
}

/* Judge step, taken from state `in` (with in_key) to its product `out`: its cost, its
 * flags, the equivalents it uses, and v->reject when it is unacceptable.
 * Returns 0, or a negative dzp_error with v cleared. */
int plan_judge_step(search *s, verdict *v, const state_key *in_key, const search_state *in,
                    search_state *out, const route_step *step)
{
    memset(v, 0, sizeof(*v));
    const dzp_transformation *t = step->rule;
    v->cost = t->cost;
    if (step->temporary)
        v->cost += step->pg->preference;
    int rc = raise_listed_flags(s, v, step, t->flags, t->n_flags);
    if (rc == 0 && step->sites == SITES_BOTH) {
        v->equiv = EQUIV_BOTH;
        rc = raise_listed_flags(s, v, step, t->both_flags, t->n_both_flags);
    } else if (rc == 0 && (t->tkind == DZP_TK_INSTALL || t->tkind == DZP_TK_PROTECT)) {
        site_index site = step->sites == SITES_N1 ? SITE_N1 : SITE_N4;
        site_index other = other_site(site);
        if (plan_nitrogen_free(s, in_key->progress[other], other))
            rc = judge_selectivity(s, v, step, site);
    }
    if (rc == 0 && !v->reject)
        rc = judge_lability(s, v, in, out, step);
    if (rc != 0) {
        plan_verdict_clear(v);
        return rc;
    }
    for (int i = 0; i < v->n_flags; i++)
        v->cost += flag_cost(&s->rules->planner, v->flags[i].severity);
    if (step->option && step->option->in_stock) /* a reagent at hand beats one to order */
        v->cost = fmax(0.0, v->cost - s->rules->planner.stock_preference);
    return 0;
}

/* ---- verdicts met again ------------------------------------------------------------------- */

static uint64_t mix(uint64_t h, uint64_t x)
{
    return (h ^ x) * 1099511628211ULL;
}

static uint64_t verdict_hash(const state_key *k, const search_state *in, const route_step *st)
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < N_SITES; i++) {
        h = mix(h, (uint64_t)k->progress[i]);
        h = mix(h, (uint64_t)(uintptr_t)k->temp_pg[i]);
        h = mix(h, (uint64_t)(uintptr_t)k->mask[i]);
    }
    h = mix(h, (uint64_t)(uintptr_t)in);
    h = mix(h, (uint64_t)(uintptr_t)st->rule);
    h = mix(h, (uint64_t)st->sites);
    h = mix(h, (uint64_t)(uintptr_t)st->option);
    h = mix(h, (uint64_t)(uintptr_t)st->pg);
    h = mix(h, (uint64_t)st->temporary);
    return mix(h, (uint64_t)(uintptr_t)st->mask);
}

static bool same_step(const route_step *a, const route_step *b)
{
    return a->rule == b->rule && a->sites == b->sites && a->option == b->option &&
           a->pg == b->pg && a->temporary == b->temporary && a->mask == b->mask;
}

/* The slot for (in_key, in, step): its entry, or the empty slot it goes in. */
static known_verdict *verdict_slot(const search *s, const state_key *in_key,
                                   const search_state *in, const route_step *step)
{
    size_t mask = (size_t)s->cap_verdicts - 1;
    for (size_t i = verdict_hash(in_key, in, step) & mask;; i = (i + 1) & mask) {
        known_verdict *e = &s->verdicts[i];
        if (!e->used || (e->in == in && same_step(&e->step, step) &&
                         plan_same_key(&e->in_key, in_key)))
            return e;
    }
}

/* Room for one more verdict (the table at most half full).  Returns 0, or
 * DZP_ENOMEM with the table unchanged. */
static int verdict_room(search *s)
{
    if (2 * (s->n_verdicts + 1) <= s->cap_verdicts)
        return 0;
    int cap = s->cap_verdicts ? 2 * s->cap_verdicts : 64;
    known_verdict *old = s->verdicts;
    int old_cap = s->cap_verdicts;
    s->verdicts = calloc((size_t)cap, sizeof(known_verdict));
    if (!s->verdicts) {
        s->verdicts = old;
        return plan_oom("for the verdicts met");
    }
    s->cap_verdicts = cap;
    for (int i = 0; i < old_cap; i++)
        if (old[i].used)
            *verdict_slot(s, &old[i].in_key, old[i].in, &old[i].step) = old[i];
    free(old);
    return 0;
}

int plan_judge_known(search *s, const state_key *in_key, const search_state *in,
                     search_state *out, const route_step *step, double *cost, char **reject)
{
    *reject = NULL;
    known_verdict *e = s->cap_verdicts ? verdict_slot(s, in_key, in, step) : NULL;
    if (e && e->used) {
        *cost = e->cost;
        if (e->reject && !(*reject = plan_strdup(e->reject)))
            return plan_oom("explaining a rejected step");
        return 0;
    }
    verdict v;
    int rc = plan_judge_step(s, &v, in_key, in, out, step);
    if (rc != 0)
        return rc;
    *cost = v.cost;
    char *kept = v.reject ? plan_strdup(v.reject) : NULL;
    if ((!v.reject || kept) && verdict_room(s) == 0) {
        e = verdict_slot(s, in_key, in, step);
        *e = (known_verdict){.in_key = *in_key, .in = in, .step = *step, .cost = v.cost,
                             .reject = kept, .used = true};
        s->n_verdicts++;
    } else {
        free(kept);
        dzp_error_clear(); /* not remembered: judged again if met again */
    }
    *reject = v.reject;
    v.reject = NULL;
    plan_verdict_clear(&v);
    return 0;
}

void plan_judge_forget(search *s)
{
    for (int i = 0; i < s->cap_verdicts; i++)
        free(s->verdicts[i].reject);
    free(s->verdicts);
    s->verdicts = NULL;
    s->n_verdicts = s->cap_verdicts = 0;
}
