/*
 * plan.c - the route planner's public entry points (dzp/plan.h).
 *
 * dzp_plan_route maps the substrate's diazepane onto the target's: both are
 * stripped of their N-substituents ("cores"); the cores must be the same
 * molecule (ring carbons, their substituents and stereo), and their
 * canonical labels pair the nitrogens.  When N1 and N4 are equivalent in
 * the core but not in the substrate, both pairings are searched
 * (plan_search.c), and the best verified route of either is chosen
 * (plan_rank.c).  The rest of the planner, and the words it uses, are
 * described in plan_internal.h.
 */
#include "dzp/plan.h"

#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "plan_internal.h"

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
        if (rc == 0 && (rc = dzp_scaffold_core_symmetry(*out)) != 0) {
            dzp_scaffold_free(*out);
            *out = NULL;
        }
    }
done:
    free(canonical);
    dzp_mol_free(mol);
    return rc;
}

static dzp_plan *plan_new(const dzp_scaffold *substrate)
{
    dzp_plan *plan = calloc(1, sizeof(*plan));
    if (plan) {
        plan->substrate = substrate;
        plan->routes_wanted = 1;
    }
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

/* Ring locant `locant` seen from the other nitrogen (N1 and N4 swapped:
 * C2 <-> C3, C5 <-> C7, C6 stays). */
static int mirrored_locant(int locant)
{
    static const int mirror[8] = {0, 0, 3, 2, 0, 7, 6, 5};
    return locant >= 2 && locant <= 7 ? mirror[locant] : locant;
}

static bool substrate_has_stereo_at(const dzp_scaffold *substrate, int locant)
{
    for (int i = 0; i < 5; i++)
        if (substrate->carbon[i].stereo_specified &&
            (substrate->carbon[i].locant == locant ||
             substrate->carbon[i].locant == mirrored_locant(locant)))
            return true;
    return false;
}

/* A ring carbon whose configuration the target gives but the substrate's
 * does not have: it becomes a stereocentre only when N1 and N4 are made
 * different, which gives both enantiomers, and no rule separates them.
 * Sets status no_route naming that carbon; returns 0 or DZP_ENOMEM. */
static int refuse_new_ring_stereocentre(dzp_plan *plan)
{
    for (int i = 0; i < 5; i++) {
        const dzp_ring_carbon *c = &plan->target->carbon[i];
        if (!c->stereo_specified || substrate_has_stereo_at(plan->substrate, c->locant))
            continue;
        return plan_set_status(plan, DZP_STATUS_NO_ROUTE,
                               "C%d of the target is a single configuration of a ring "
                               "stereocentre the substrate does not have: it appears only when "
                               "N1 and N4 are made different, which gives both enantiomers "
                               "(a racemate), and no rule resolves them; plan the racemate by "
                               "leaving C%d unspecified, or start from an enantiopure substrate",
                               c->locant, c->locant);
    }
    return 0;
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
    for (int m = 0; m < n_searches && searches; m++)
        plan_search_clear(&searches[m]);
    free(searches);
}

/* Why no pairing of the nitrogens reaches the target: the reason of the
 * first pairing that keeps the substrate's permanent groups where they are,
 * so a symmetric ring paired the wrong way round does not blame an N-methyl
 * it never needed to move.  NULL when every nitrogen can reach its goal. */
static const char *refusal_reason(const search *searches, int n_searches, int *pairing)
{
    const search *pick = &searches[0];
    for (int m = 0; m < n_searches; m++)
        if (!searches[m].need[SITE_N1].permanent_mismatch &&
            !searches[m].need[SITE_N4].permanent_mismatch) {
            pick = &searches[m];
            break;
        }
    *pairing = pick->pairing;
    const site_need *need = pick->need;
    return need[SITE_N1].why_not ? need[SITE_N1].why_not : need[SITE_N4].why_not;
}

static int plan_searches(dzp_plan *plan, const dzp_rules *rules, dzp_state_store *states)
{
    const dzp_scaffold *substrate = plan->substrate, *target = plan->target;
    static const int as_labelled[N_SITES] = {SITE_N1, SITE_N4};
    static const int swapped[N_SITES] = {SITE_N4, SITE_N1};
    const int *target_site_of[2] = {as_labelled, swapped};
    if (!substrate->core_symmetry_known)
        return dzp_error_set(DZP_EINVAL, "the substrate's core symmetry is unknown: load it "
                                         "with dzp_substrate_load");
    /* Equivalent nitrogens: try N1 -> N1 first, so a single new group lands
     * on N1 as in the product's name; otherwise canonical labels pair them
     * (the target's core is the substrate's, so only then are its labels
     * needed). */
    int rc = substrate->core_equivalent ? 0 : dzp_scaffold_core_symmetry(plan->target);
    if (rc != 0)
        return rc;
    if (!substrate->core_equivalent && substrate->core_label[0] != target->core_label[0]) {
        target_site_of[0] = swapped;
        target_site_of[1] = as_labelled;
    }
    /* The swapped pairing is a different problem only when the substrate's
     * own nitrogens differ; for a symmetric substrate it is the mirror image. */
    int n_searches = substrate->core_equivalent && !substrate->equivalent ? 2 : 1;
    search *searches = calloc((size_t)n_searches, sizeof(search));
    if (!searches)
        return plan_oom("for the route search");
    for (int m = 0; m < n_searches && rc == 0; m++) {
        searches[m] = (search){.rules = rules, .substrate = substrate, .target = target,
                               .stock = plan->stock, .store = states, .pairing = m,
                               .best = PLAN_NO_BEST_SCORE};
        rc = plan_search_run(&searches[m], target_site_of[m]);
    }
    /* The site table follows the pairing the report speaks of: the chosen
     * route's, or the one whose refusal reason is printed. */
    int pairing = 0;
    const char *why = refusal_reason(searches, n_searches, &pairing);
    if (rc == 0 && why && complete_routes(searches, n_searches) == 0)
        rc = plan_set_status(plan, DZP_STATUS_NO_ROUTE, "%s", why);
    else if (rc == 0)
        rc = plan_choose(plan, searches, n_searches, &pairing);
    if (rc == 0)
        rc = fill_goals(plan, target_site_of[pairing]);
    free_searches(searches, n_searches);
    return rc;
}

/* A target given as a salt or solvate: *mol becomes its parent, the
 * component that holds a 1,4-diazepane (the largest such; else the
 * largest), drawn as the free base (dzp_mol_neutralize()); *given is the
 * canonical SMILES as given.  Returns 0 or a negative dzp_error. */
static int take_parent(dzp_mol **mol, char **given, const dzp_rules *rules)
{
    dzp_mol **parts = NULL, *parent = NULL;
    int n = 0, rc = dzp_mol_smiles(given, *mol, DZP_SMILES_CANONICAL);
    if (rc == 0)
        rc = dzp_mol_components(&parts, &n, *mol);
    int pick = 0;
    for (int i = 0; rc == 0 && i < n; i++)
        if (dzp_scaffold_count(parts[i], rules) > 0) {
            pick = i; /* largest first: the first that holds the ring */
            break;
        }
    for (int i = 0; i < n; i++) {
        if (rc == 0 && i == pick)
            parent = parts[i];
        else
            dzp_mol_free(parts[i]);
    }
    free(parts);
    if (rc != 0)
        return rc;
    rc = dzp_mol_neutralize(parent);
    if (rc < 0) {
        dzp_mol_free(parent);
        return rc;
    }
    dzp_mol_free(*mol);
    *mol = parent;
    return 0;
}

int dzp_plan_route(dzp_plan **out, const dzp_scaffold *substrate, const char *target_smiles,
                   const dzp_rules *rules)
{
    return dzp_plan_route_with(out, substrate, target_smiles, rules, NULL);
}

int dzp_plan_route_with(dzp_plan **out, const dzp_scaffold *substrate, const char *target_smiles,
                        const dzp_rules *rules, const dzp_plan_options *options)
{
    static const dzp_plan_options defaults = DZP_PLAN_OPTIONS_INIT;
    if (!options)
        options = &defaults;
    if (!out || !substrate || !rules)
        return dzp_error_set(DZP_EINVAL, "planning needs a substrate, a target and rules");
    if (options->routes < 1 || options->routes > DZP_PLAN_MAX_ROUTES)
        return dzp_error_set(DZP_EINVAL, "the number of routes to give in full must be from 1 "
                                         "to %d, not %d", DZP_PLAN_MAX_ROUTES, options->routes);
    plan_store_next_plan(options->states, rules, options->stock);
    dzp_mol *target = NULL;
    dzp_plan *plan = plan_new(substrate);
    if (plan) {
        plan->routes_wanted = options->routes;
        plan->stock = options->stock;
    }
    char *salt = NULL;
    int rc = plan ? dzp_mol_from_smiles(&target, target_smiles, DZP_PARSE_COMPONENTS)
                  : plan_oom("for a plan");
    if (rc == DZP_EINVAL)
        rc = plan_set_status(plan, DZP_STATUS_INVALID_INPUT, "target: %s", dzp_error_last());
    else if (rc == 0 && dzp_mol_component_count(target) > 1)
        rc = take_parent(&target, &salt, rules); /* a salt or solvate: plan its parent */
    if (rc == 0 && !plan->message)
        rc = find_target(plan, target, rules);
    if (rc == 0 && plan->target && !plan->message)
        rc = refuse_new_ring_stereocentre(plan);
    if (rc == 0 && plan->target && !plan->message)
        rc = plan_searches(plan, rules, options->states);
    if (rc == 0 && salt && plan->status == DZP_STATUS_OK) {
        char *detail = plan_printf("Given: %s; planned: %s.", salt, plan->target->smiles);
        rc = detail ? plan_add_route_flag(plan, rules, "salt_form", detail)
                    : plan_oom("for the route's flags");
        free(detail);
    }
    free(salt);
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
        plan_route_free(plan->alts[i].route);
    }
    free(plan->alts);
    for (size_t i = 0; i < plan->n_flags; i++) {
        free(plan->flags[i].message);
        free(plan->flags[i].citation);
    }
    free(plan->flags);
    for (site_index site = SITE_N1; site <= SITE_N4; site++)
        free(plan->goal[site].substituent);
    dzp_scaffold_free(plan->target);
    free(plan->message);
    free(plan->name);
    free(plan);
}
