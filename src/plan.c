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
 *
 * The private types and the words used for them are in plan_internal.h.
 */
#include "dzp/plan.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "plan_internal.h"


/* ==== ranking ==== */

/* A route with the search it came from, and its place in the first listing. */
typedef struct {
    search *s;
    route *r;
    int order;
} ranked_route;

/* "Boc protection at N1; ... at N4", or "no steps".  NULL when out of memory. */
static char *summarize_route(const route *r)
{
    char *out = plan_strdup(r->n_steps ? "" : "no steps");
    for (int i = 0; i < r->n_steps && out; i++) {
        char *next = plan_printf("%s%s%s at %s", out, i ? "; " : "", r->steps[i].rule->name,
                                 plan_sites_name(r->steps[i].sites));
        free(out);
        out = next;
    }
    return out;
}

/* By score alone: how alternatives are listed, so a route rejected as
 * unsafe that would otherwise have won is explained first. */
static int compare_by_score(const void *pa, const void *pb)
{
    const ranked_route *a = pa, *b = pb;
    if (fabs(a->r->score - b->r->score) > PLAN_SCORE_TIE)
        return a->r->score < b->r->score ? -1 : 1;
    if (a->r->n_steps != b->r->n_steps)
        return a->r->n_steps - b->r->n_steps;
    return a->order - b->order;
}

/* Complete routes before rejected ones, then by score: how the winner is
 * chosen. */
static int compare_complete_first(const void *pa, const void *pb)
{
    const ranked_route *a = pa, *b = pb;
    if ((a->r->rejected != NULL) != (b->r->rejected != NULL))
        return a->r->rejected ? 1 : -1;
    return compare_by_score(pa, pb);
}

/* What makes two routes the same chemistry: with equivalent nitrogens
 * (mirror_free), whichever one is called N1.  NULL when out of memory. */
static char *route_key(const route *r, bool mirror_free)
{
    if (!mirror_free)
        return summarize_route(r);
    size_t len = 1;
    for (int i = 0; i < r->n_steps; i++)
        len += strlen(r->steps[i].rule->id) + 3;
    char *key = calloc(1, len);
    for (int i = 0; key && i < r->n_steps; i++) {
        strcat(key, r->steps[i].rule->id);
        strcat(key, r->steps[i].sites == SITES_BOTH ? "*2," : ",");
    }
    return key;
}

/* Why route r lost to best, one phrase.  NULL when out of memory. */
static char *why_lost(const route *r, const route *best)
{
    if (r->rejected)
        return plan_strdup(r->rejected);
    if (fabs(r->score - best->score) < PLAN_SCORE_TIE)
        return plan_printf("as good (score %.2f); the chosen route comes first by "
                           "protecting-group preference and rule order",
                           r->score);
    const char *why = r->n_steps > best->n_steps   ? "more steps"
                      : r->n_steps < best->n_steps ? "fewer steps, but a statistical or "
                                                     "unselective step"
                                                   : "riskier selectivity or more "
                                                     "side-reaction flags";
    return plan_printf("%s (score %.2f against %.2f)", why, r->score, best->score);
}

/* Is key among the n keys seen? */
static bool seen_before(char *const *seen, int n, const char *key)
{
    for (int j = 0; j < n; j++)
        if (strcmp(seen[j], key) == 0)
            return true;
    return false;
}

static int add_alternative(dzp_plan *plan, const ranked_route *alt, const ranked_route *winner)
{
    dzp_alternative *a = &plan->alts[plan->n_alts++];
    a->summary = summarize_route(alt->r);
    a->steps = alt->r->n_steps;
    a->score = alt->r->score;
    a->rejected = winner ? why_lost(alt->r, winner->r) : plan_strdup(alt->r->rejected);
    return a->summary && a->rejected ? 0 : plan_oom("listing the alternatives");
}

/* The plan's alternatives: up to max_alts routes in ranked order, the
 * chosen one (index chosen, or -1) and repeats of one chemistry left out. */
static int add_alternatives(dzp_plan *plan, ranked_route *ranked, int n, int chosen,
                            bool mirror_free, int max_alts)
{
    plan->alts = calloc((size_t)(max_alts > 0 ? max_alts : 1), sizeof(dzp_alternative));
    char **seen = calloc((size_t)n + 1, sizeof(char *));
    int n_seen = 0, rc = plan->alts && seen ? 0 : plan_oom("listing the alternatives");
    if (rc == 0 && chosen >= 0) {
        seen[n_seen] = route_key(ranked[chosen].r, mirror_free);
        rc = seen[n_seen++] ? 0 : plan_oom("listing the alternatives");
    }
    for (int i = 0; i < n && rc == 0 && (int)plan->n_alts < max_alts; i++) {
        if (i == chosen)
            continue;
        char *key = route_key(ranked[i].r, mirror_free);
        if (!key) {
            rc = plan_oom("listing the alternatives");
        } else if (seen_before(seen, n_seen, key)) {
            free(key);
        } else {
            seen[n_seen++] = key;
            rc = add_alternative(plan, &ranked[i], chosen >= 0 ? &ranked[chosen] : NULL);
        }
    }
    for (int j = 0; j < n_seen; j++)
        free(seen[j]);
    free(seen);
    return rc;
}

/* Add the side reaction `id` (with `detail` appended to its message, when
 * not NULL) to the plan's route-level flags; an id missing from
 * side_reactions.yaml is skipped.  Returns 0, or DZP_ENOMEM. */
int plan_add_route_flag(dzp_plan *plan, const dzp_rules *rules, const char *id,
                        const char *detail)
{
    const dzp_side_reaction *sr = dzp_rules_side_reaction(rules, id);
    if (!sr)
        return 0;
    dzp_flag *bigger = realloc(plan->flags, sizeof(dzp_flag) * (plan->n_flags + 1));
    if (!bigger)
        return plan_oom("for the route's flags");
    plan->flags = bigger;
    dzp_flag *f = &plan->flags[plan->n_flags++];
    f->id = sr->id;
    f->severity = sr->severity;
    f->message = detail ? plan_printf("%s %s", sr->message, detail) : plan_strdup(sr->message);
    f->mitigation = sr->mitigation;
    f->source = sr->source;
    return f->message ? 0 : plan_oom("for the route's flags");
}

/* Every route of every search, in one array for sorting. */
static int gather_routes(ranked_route **out, int *n_out, search *searches, int n_searches)
{
    int total = 0, n = 0;
    for (int i = 0; i < n_searches; i++)
        total += searches[i].n_routes;
    ranked_route *ranked = calloc((size_t)(total ? total : 1), sizeof(ranked_route));
    if (!ranked)
        return plan_oom("ranking the routes");
    for (int i = 0; i < n_searches; i++)
        for (int j = 0; j < searches[i].n_routes; j++, n++)
            ranked[n] = (ranked_route){&searches[i], &searches[i].routes[j], n};
    *out = ranked;
    *n_out = n;
    return 0;
}

/* The first complete route, in ranked order, that verifies: its index in
 * *chosen (-1 when none), with the plan's steps filled from it.  Routes that
 * do not verify are marked rejected. */
static int first_verified(dzp_plan *plan, ranked_route *ranked, int n, int *chosen)
{
    int rc = 0;
    *chosen = -1;
    for (int i = 0; i < n && rc == 0 && *chosen < 0 && !ranked[i].r->rejected; i++) {
        rc = plan_rebuild(ranked[i].s, ranked[i].r, plan);
        if (rc == 0 && plan->verified) {
            *chosen = i;
        } else if (rc == 0) {
            plan_clear_route(plan);
            ranked[i].r->rejected = plan_strdup("re-applying its steps did not give the target");
            if (!ranked[i].r->rejected)
                rc = plan_oom("noting why a route failed");
        }
    }
    return rc;
}

/* Pick the best verified route among all searches' routes: the plan gets
 * its steps, alternatives and flags, or status no_route with the reason.
 * Returns 0, or a negative dzp_error. */
int plan_choose(dzp_plan *plan, search *searches, int n_searches)
{
    ranked_route *ranked = NULL;
    int n = 0, chosen = -1;
    int rc = gather_routes(&ranked, &n, searches, n_searches);
    if (rc != 0)
        return rc;
    qsort(ranked, (size_t)n, sizeof(ranked_route), compare_complete_first);
    rc = first_verified(plan, ranked, n, &chosen);
    if (chosen >= 0) { /* the winner first, then the rest by score */
        ranked_route winner = ranked[chosen];
        ranked[chosen] = ranked[0];
        ranked[0] = winner;
        qsort(ranked + 1, (size_t)(n - 1), sizeof(ranked_route), compare_by_score);
        chosen = 0;
    } else {
        qsort(ranked, (size_t)n, sizeof(ranked_route), compare_by_score);
    }
    bool mirror_free = plan->substrate->core_equivalent;
    if (rc == 0)
        rc = add_alternatives(plan, ranked, n, chosen, mirror_free,
                              searches[0].rules->planner.max_alternatives);
    if (rc == 0 && chosen >= 0) {
        plan->has_route = true;
        plan->status = DZP_STATUS_OK;
        rc = policy_route_flags(plan, ranked[chosen].s);
    } else if (rc == 0) {
        const char *why = n > 0 ? ranked[0].r->rejected : NULL;
        rc = plan_set_status(plan, DZP_STATUS_NO_ROUTE, "no safe route was found: %s",
                             why ? why : "no sequence of the known steps reaches the target");
    }
    free(ranked);
    return rc;
}

/* ==== public entry points ==== */

const char *dzp_status_name(dzp_status status)
{
    static const char *const names[] = {
        [DZP_STATUS_OK] = "ok",
        [DZP_STATUS_NO_ROUTE] = "no_route",
        [DZP_STATUS_INVALID_INPUT] = "invalid_input",
    };
    return names[status];
}

int dzp_substrate_load(dzp_scaffold **out, const char *smiles, const dzp_rules *rules)
{
    dzp_mol *mol = NULL;
    char *canonical = NULL;
    int n = 0, rc = dzp_mol_from_smiles(&mol, smiles, DZP_PARSE_STRICT);
    if (rc != 0)
        goto done;
    n = dzp_scaffold_count(mol, rules);
    if (n > 1) {
        dzp_mol_smiles(&canonical, mol, DZP_SMILES_CANONICAL);
        rc = dzp_error_set(DZP_EINVAL,
                           "%s has %d 1,4-diazepane rings: give a substrate with exactly one",
                           canonical ? canonical : smiles, n);
    } else {
        rc = n < 0 ? n : dzp_scaffold_perceive(out, mol, rules, 0);
    }
done:
    free(canonical);
    dzp_mol_free(mol);
    return rc;
}

static dzp_plan *plan_new(const dzp_scaffold *substrate)
{
    dzp_plan *plan = calloc(1, sizeof(*plan));
    if (plan)
        plan->substrate = substrate;
    return plan;
}

int dzp_plan_sites(dzp_plan **out, const dzp_scaffold *substrate)
{
    dzp_plan *plan = plan_new(substrate);
    if (!plan)
        return plan_oom("for a plan");
    *out = plan;
    return 0;
}

int dzp_plan_invalid(dzp_plan **out, const dzp_scaffold *substrate, const char *message)
{
    dzp_plan *plan = plan_new(substrate);
    int rc = plan ? plan_set_status(plan, DZP_STATUS_INVALID_INPUT, "%s", message)
                  : plan_oom("for a plan");
    if (rc != 0)
        goto done;
    *out = plan;
    plan = NULL;
done:
    dzp_plan_free(plan);
    return rc;
}

int dzp_plan_set_name(dzp_plan *plan, const char *name)
{
    free(plan->name);
    plan->name = name ? plan_strdup(name) : NULL;
    return (name && !plan->name) ? plan_oom("for the compound's name") : 0;
}

/* ---- the target, mapped onto the substrate ----------------------------------------------- */

/* The target has no diazepane ring matching the substrate's core (first:
 * the first ring found): say how they differ. */
static int cores_differ(dzp_plan *plan, dzp_scaffold *first)
{
    plan->target = first;
    const char *why = first->n_substituted_carbons != plan->substrate->n_substituted_carbons
                          ? "the ring carbons carry different substituents"
                          : "the ring carbons differ (substituents or stereochemistry)";
    return plan_set_status(plan, DZP_STATUS_NO_ROUTE,
                           "the target's diazepane (stripped of N-groups: %s) is not the "
                           "substrate's (%s): %s, which is not an N-functionalization",
                           first->core_smiles, plan->substrate->core_smiles, why);
}

/* Find the target ring whose core is the substrate's, into plan->target;
 * a target without one gets status invalid_input or no_route. */
static int find_target(dzp_plan *plan, const dzp_mol *target, const dzp_rules *rules)
{
    int n = dzp_scaffold_count(target, rules);
    if (n < 0)
        return n;
    if (n == 0) {
        dzp_scaffold *none = NULL; /* fails, leaving the sentence saying what it is */
        dzp_scaffold_perceive(&none, target, rules, 0);
        return plan_set_status(plan, DZP_STATUS_INVALID_INPUT, "target: %s", dzp_error_last());
    }
    dzp_scaffold *first = NULL;
    for (int ring = 0; ring < n; ring++) {
        dzp_scaffold *candidate = NULL;
        int rc = dzp_scaffold_perceive(&candidate, target, rules, ring);
        if (rc != 0) {
            dzp_scaffold_free(first);
            return rc;
        }
        if (strcmp(candidate->core_smiles, plan->substrate->core_smiles) == 0) {
            dzp_scaffold_free(first);
            plan->target = candidate;
            return 0;
        }
        if (!first)
            first = candidate;
        else
            dzp_scaffold_free(candidate);
    }
    return cores_differ(plan, first);
}

/* What each substrate nitrogen must become, for the report. */
static int fill_goals(dzp_plan *plan, const int *target_site_of)
{
    for (site_index site = SITE_N1; site <= SITE_N4; site++) {
        const dzp_site *want = &plan->target->site[target_site_of[site]];
        dzp_site_goal *goal = &plan->goal[site];
        goal->state = want->state;
        goal->pg = want->pg;
        goal->target_atom = want->atom;
        free(goal->substituent);
        goal->substituent = plan_strdup(want->substituent_smiles);
        if (want->substituent_smiles && !goal->substituent)
            return plan_oom("for the target's groups");
    }
    plan->have_goals = true;
    return 0;
}

/* ---- searching every pairing of nitrogens ------------------------------------------------ */

static int complete_routes(const search *searches, int n_searches)
{
    int complete = 0;
    for (int m = 0; m < n_searches; m++)
        for (int i = 0; i < searches[m].n_routes; i++)
            complete += searches[m].routes[i].rejected == NULL;
    return complete;
}

static void free_searches(search *searches, int n_searches)
{
    for (int m = 0; m < n_searches && searches; m++) {
        for (int i = 0; i < searches[m].n_routes; i++)
            free(searches[m].routes[i].rejected);
        free(searches[m].routes);
        plan_search_clear(&searches[m]);
    }
    free(searches);
}

static int plan_searches(dzp_plan *plan, const dzp_rules *rules)
{
    const dzp_scaffold *substrate = plan->substrate, *target = plan->target;
    static const int as_labelled[N_SITES] = {SITE_N1, SITE_N4}, swapped[N_SITES] = {SITE_N4, SITE_N1};
    const int *target_site_of[2] = {as_labelled, swapped};
    /* Equivalent nitrogens: try N1 -> N1 first, so a single new group lands
     * on N1 as in the product's name; otherwise canonical labels pair them. */
    if (!substrate->core_equivalent && substrate->core_label[0] != target->core_label[0]) {
        target_site_of[0] = swapped;
        target_site_of[1] = as_labelled;
    }
    /* The swapped pairing is a different problem only when the substrate's
     * own nitrogens differ; for a symmetric substrate it is the mirror image. */
    int n_searches = substrate->core_equivalent && !substrate->equivalent ? 2 : 1, rc = 0;
    search *searches = calloc((size_t)n_searches, sizeof(search));
    if (!searches)
        return plan_oom("for the route search");
    for (int m = 0; m < n_searches && rc == 0; m++) {
        searches[m] = (search){.rules = rules, .substrate = substrate, .target = target,
                               .pairing = m, .best = PLAN_NO_BEST_SCORE};
        searches[m].routes = calloc(MAX_ROUTES, sizeof(route));
        rc = searches[m].routes ? plan_search_run(&searches[m], target_site_of[m])
                                : plan_oom("for the routes found");
    }
    if (rc == 0)
        rc = fill_goals(plan, target_site_of[0]);
    const site_need *need = searches[0].need;
    const char *why = need[SITE_N1].why_not ? need[SITE_N1].why_not : need[SITE_N4].why_not;
    if (rc == 0 && why && complete_routes(searches, n_searches) == 0)
        rc = plan_set_status(plan, DZP_STATUS_NO_ROUTE, "%s", why);
    else if (rc == 0)
        rc = plan_choose(plan, searches, n_searches);
    free_searches(searches, n_searches);
    return rc;
}

int dzp_plan_route(dzp_plan **out, const dzp_scaffold *substrate, const char *target_smiles,
                   const dzp_rules *rules)
{
    if (!out || !substrate || !rules)
        return dzp_error_set(DZP_EINVAL, "planning needs a substrate, a target and rules");
    dzp_mol *target = NULL;
    dzp_plan *plan = plan_new(substrate);
    int rc = plan ? dzp_mol_from_smiles(&target, target_smiles, DZP_PARSE_STRICT)
                  : plan_oom("for a plan");
    if (rc == DZP_EINVAL)
        rc = plan_set_status(plan, DZP_STATUS_INVALID_INPUT, "target: %s", dzp_error_last());
    else if (rc == 0)
        rc = find_target(plan, target, rules);
    if (rc == 0 && plan->target && !plan->message)
        rc = plan_searches(plan, rules);
    if (rc != 0)
        goto done;
    *out = plan;
    plan = NULL;
done:
    dzp_mol_free(target);
    dzp_plan_free(plan);
    return rc;
}

void dzp_plan_free(dzp_plan *plan)
{
    if (!plan)
        return;
    plan_clear_route(plan);
    for (size_t i = 0; i < plan->n_alts; i++) {
        free(plan->alts[i].summary);
        free(plan->alts[i].rejected);
    }
    free(plan->alts);
    for (size_t i = 0; i < plan->n_flags; i++)
        free(plan->flags[i].message);
    free(plan->flags);
    for (site_index site = SITE_N1; site <= SITE_N4; site++)
        free(plan->goal[site].substituent);
    dzp_scaffold_free(plan->target);
    free(plan->message);
    free(plan->name);
    free(plan);
}

/* ==== scaling ==== */

/* Amount of one reagent for mmol of substrate: a solvent's volume from the
 * step's concentration, else the mass of a reagent with equivalents and a
 * SMILES (a salt by its whole formula).  A SMILES that does not parse
 * leaves the reagent without a mass. */
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
    dzp_mol *mol = NULL;
    if (dzp_mol_from_smiles(&mol, r->smiles, DZP_PARSE_COMPONENTS) != 0)
        return;
    r->mmol = r->equiv * mmol;
    r->mass_mg = r->mmol * dzp_mol_weight(mol);
    r->has_mass = true;
    dzp_mol_free(mol);
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
