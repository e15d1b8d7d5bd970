/*
 * plan_rank.c - choosing among the routes found.
 *
 * Complete routes come before rejected ones, then lower scores, fewer
 * steps, and the order found.  The first complete route that verifies
 * (plan_rebuild.c) wins.  The others are listed as alternatives by score,
 * each with why it lost, with repeats of the same chemistry left out (with
 * equivalent nitrogens, the route on N4 is the route on N1; a route that
 * only swaps one valid reagent form for a costlier one repeats the first).  After them
 * come the reagent forms reagent_validity.yaml refused for the chosen
 * route's search, each as a one-step alternative that says why.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan_internal.h"

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

/* What a step does, for route_key: its kind with the protecting group it
 * moves or the `installs` pattern of its rule.  Rules that differ only in
 * the reagent form (bromide, chloride, mesylate; acid chloride or acid)
 * share both.  NULL when out of memory. */
static char *step_key(const route_step *step)
{
    const char *what = step->pg     ? step->pg->name
                       : step->mask ? step->mask->id
                                    : step->rule->installs_text;
    return plan_printf("%s/%s", step->rule->kind, what ? what : "");
}

/* What makes two routes the same chemistry: the same kinds of step making
 * the same kind of bond (or moving the same protecting groups) on the same
 * nitrogens, complete or not.  Routes that differ only in the reagent form
 * of a step (the alkyl chloride instead of the bromide) are one strategy,
 * listed once, at its best.  With equivalent nitrogens (mirror_free),
 * whichever one is called N1.  NULL when out of memory. */
static char *route_key(const route *r, bool mirror_free)
{
    char *key = plan_strdup(r->rejected ? "rejected:" : "complete:");
    for (int i = 0; i < r->n_steps && key; i++) {
        const route_step *step = &r->steps[i];
        const char *where = mirror_free ? (step->sites == SITES_BOTH ? "*2" : "")
                                        : plan_sites_name(step->sites);
        char *what = step_key(step);
        char *next = what ? plan_printf("%s%s@%s,", key, what, where) : NULL;
        free(what);
        free(key);
        key = next;
    }
    return key;
}

/* The sum of the route's rules' base costs: how much the rules prefer
 * its reactions and reagent forms, before penalties and flags. */
static double rule_costs(const route *r)
{
    double sum = 0;
    for (int i = 0; i < r->n_steps; i++)
        sum += r->steps[i].rule->cost;
    return sum;
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
                      : rule_costs(r) > rule_costs(best) + PLAN_SCORE_TIE
                          ? "a less preferred reagent form or reaction"
                          : "riskier selectivity or more side-reaction flags";
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

/* One alternative per refused reagent form of search s ("Reductive
 * amination with an aldehyde at N1 (propynal)"), after the routes, with
 * the validity entry's reason as why it was not used.  Returns 0, or
 * DZP_ENOMEM. */
static int add_refused_forms(dzp_plan *plan, const search *s)
{
    int extra = s->need[SITE_N1].n_refused + s->need[SITE_N4].n_refused;
    if (extra == 0)
        return 0;
    dzp_alternative *grown = realloc(plan->alts, sizeof(dzp_alternative) *
                                                     (plan->n_alts + (size_t)extra));
    if (!grown)
        return plan_oom("listing the refused reagents");
    plan->alts = grown;
    for (site_index site = SITE_N1; site <= SITE_N4; site++)
        for (int i = 0; i < s->need[site].n_refused; i++) {
            const refused_form *r = &s->need[site].refused[i];
            dzp_alternative *a = &plan->alts[plan->n_alts++];
            a->summary = plan_printf("%s at %s (%s)", r->rule->name, plan_site_name(site),
                                     r->name ? r->name : r->smiles);
            a->steps = 1;
            a->score = r->rule->cost;
            a->rejected = plan_strdup(r->why->reason);
            if (!a->summary || !a->rejected)
                return plan_oom("listing the refused reagents");
        }
    return 0;
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
    if (rc == 0)
        rc = add_refused_forms(plan, chosen >= 0 ? ranked[chosen].s : &searches[0]);
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
