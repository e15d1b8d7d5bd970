/*
 * plan_rank.c - choosing among the routes found.
 *
 * Complete routes come before rejected ones, then lower scores, fewer
 * steps, and the order found.  The first complete route that verifies
 * (plan_rebuild.c) wins.  The others are listed as alternatives in the
 * same order: complete routes first, best first, then the routes abandoned
 * at a rejected step, each with why it lost.  Left out are repeats of the
 * same chemistry (with equivalent nitrogens, the route on N4 is the route
 * on N1; a route that only swaps one valid reagent form for a costlier one
 * repeats the first) and detours that come back to a molecule already made
 * (a group put on and taken off again with nothing done in between, or
 * moved to the equivalent nitrogen).  Of planner.max_alternatives places,
 * the abandoned routes that score better than the winner keep theirs (each
 * says why the obvious route was not taken), leaving the complete routes
 * at least one.  When more than one route is wanted
 * in full (--routes N), the N-1 best complete alternatives are re-applied
 * and verified as the winner is, and carry their steps; one that does not
 * verify is listed as rejected.  After the routes come the reagent forms
 * reagent_validity.yaml refused for the chosen route's search, each as a
 * one-step alternative that says why.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan_internal.h"
#include "strbuf.h"

/* A route with the search it came from, its place in the first listing,
 * and, once given in full, its steps re-applied (owned until listed). */
typedef struct {
    search *s;
    route *r;
    int order;
    dzp_route *full;
} ranked_route;

/* "Boc protection at N1; ... at N4", or "no steps".  NULL when out of memory. */
static char *summarize_route(const route *r)
{
    char *out = plan_strdup(r->start ? (r->n_steps ? "from stock: " : "in stock, no steps")
                            : (r->n_steps ? "" : "no steps"));
    for (int i = 0; i < r->n_steps && out; i++) {
        char *next = plan_printf("%s%s%s at %s", out, i ? "; " : "", r->steps[i].rule->name,
                                 plan_sites_name(r->steps[i].sites));
        free(out);
        out = next;
    }
    return out;
}

/* By score alone, then fewer steps, then the order found. */
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
 * chosen and the alternatives are listed. */
static int compare_complete_first(const void *pa, const void *pb)
{
    const ranked_route *a = pa, *b = pb;
    if ((a->r->rejected != NULL) != (b->r->rejected != NULL))
        return a->r->rejected ? 1 : -1;
    return compare_by_score(pa, pb);
}

/* What a step does, for route_key: its kind with the protecting group it
 * moves or the `installs` pattern of its rule, appended to sb.  Rules that
 * differ only in the reagent form (bromide, chloride, mesylate; acid
 * chloride or acid) share both. */
static void put_step_key(dzp_strbuf *sb, const route_step *step)
{
    const char *what = step->pg     ? step->pg->name
                       : step->mask ? step->mask->id
                                    : step->rule->installs_text;
    dzp_strbuf_puts(sb, step->rule->kind);
    dzp_strbuf_putn(sb, "/", 1);
    dzp_strbuf_puts(sb, what ? what : "");
}

/* What makes two routes the same chemistry: the same kinds of step making
 * the same kind of bond (or moving the same protecting groups) on the same
 * nitrogens, complete or not.  Routes that differ only in the reagent form
 * of a step (the alkyl chloride instead of the bromide) are one strategy,
 * listed once, at its best.  With equivalent nitrogens (mirror_free),
 * whichever one is called N1.  NULL when out of memory. */
static char *route_key(const route *r, bool mirror_free)
{
    dzp_strbuf sb = DZP_STRBUF_INIT;
    dzp_strbuf_puts(&sb, r->rejected ? "rejected:" : "complete:");
    dzp_strbuf_puts(&sb, r->start ? r->start->smiles : "");
    dzp_strbuf_putn(&sb, ":", 1);
    for (int i = 0; i < r->n_steps; i++) {
        const route_step *step = &r->steps[i];
        put_step_key(&sb, step);
        dzp_strbuf_putn(&sb, "@", 1);
        dzp_strbuf_puts(&sb, mirror_free ? (step->sites == SITES_BOTH ? "*2" : "")
                                         : plan_sites_name(step->sites));
        dzp_strbuf_putn(&sb, ",", 1);
    }
    return dzp_strbuf_take(&sb);
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

/* ---- detours: a route that comes back to a molecule it made ------------------------------ */

/* The longest route whose molecules are compared for a detour (no route
 * the search finds comes near it: see `search` in plan_internal.h). */
#define DETOUR_MAX_STEPS 32

/* A molecule along a route, told by what sits on each nitrogen: NULL for
 * an N-H, the protecting group, the substrate's own group (its site), or
 * the option (else the rule) that installed a group.  Two routes' states
 * with the same occupants hold the same molecule. */
typedef struct {
    const void *on[N_SITES];
} occupants;

static occupants substrate_occupants(const dzp_scaffold *substrate)
{
    occupants o;
    for (site_index k = SITE_N1; k <= SITE_N4; k++) {
        const dzp_site *site = &substrate->site[k];
        o.on[k] = site->state == DZP_SITE_NH   ? NULL
                  : site->state == DZP_SITE_PG ? (const void *)site->pg
                                               : (const void *)site;
    }
    return o;
}

static occupants after_step(occupants o, const route_step *step)
{
    const dzp_tkind shape = step->rule->tkind;
    const void *now = shape == DZP_TK_DEPROTECT ? NULL
                      : shape == DZP_TK_PROTECT ? (const void *)step->pg
                      : step->option            ? (const void *)step->option
                                                : (const void *)step->rule;
    for (site_index k = SITE_N1; k <= SITE_N4; k++)
        if (acts_on(step->sites, k))
            o.on[k] = now;
    return o;
}

/* The same molecule; with equivalent nitrogens (mirror_free), also with
 * the groups on the other nitrogens. */
static bool same_molecule(const occupants *a, const occupants *b, bool mirror_free)
{
    if (a->on[SITE_N1] == b->on[SITE_N1] && a->on[SITE_N4] == b->on[SITE_N4])
        return true;
    return mirror_free && a->on[SITE_N1] == b->on[SITE_N4] && a->on[SITE_N4] == b->on[SITE_N1];
}

/* Does route r of search s make a molecule it had already made ("Boc
 * protection at N4; Boc removal at N1" on a ring whose nitrogens are
 * equivalent; a group taken off and put back)?  Such a detour only adds
 * steps: no chemist would list it. */
static bool route_is_detour(const search *s, const route *r, bool mirror_free)
{
    occupants made[DETOUR_MAX_STEPS + 1];
    if (r->n_steps > DETOUR_MAX_STEPS || r->start) /* from stock: the start is not the substrate */
        return false;
    made[0] = substrate_occupants(s->substrate);
    for (int i = 0; i < r->n_steps; i++) {
        made[i + 1] = after_step(made[i], &r->steps[i]);
        for (int j = 0; j <= i; j++)
            if (same_molecule(&made[j], &made[i + 1], mirror_free))
                return true;
    }
    return false;
}

/* ---- the alternatives ------------------------------------------------------------------- */

/* The route keys met so far, to list each chemistry once (owned strings). */
typedef struct {
    char **keys;
    int n;
} key_set;

static void key_set_clear(key_set *set)
{
    for (int j = 0; j < set->n; j++)
        free(set->keys[j]);
    free(set->keys);
    *set = (key_set){0};
}

static bool key_set_has(const key_set *set, const char *key)
{
    for (int j = 0; j < set->n; j++)
        if (strcmp(set->keys[j], key) == 0)
            return true;
    return false;
}

/* Add key (taken: freed on failure).  Returns 0, or DZP_ENOMEM. */
static int key_set_take(key_set *set, char *key)
{
    char **bigger = key ? realloc(set->keys, sizeof(char *) * ((size_t)set->n + 1)) : NULL;
    if (!bigger) {
        free(key);
        return plan_oom("listing the alternatives");
    }
    set->keys = bigger;
    set->keys[set->n++] = key;
    return 0;
}

/* Is alt worth listing: not a detour, and its chemistry not in set (then
 * added)?  Returns 0, or DZP_ENOMEM. */
static int worth_listing(key_set *set, const ranked_route *alt, bool mirror_free, bool *worth)
{
    *worth = false;
    if (route_is_detour(alt->s, alt->r, mirror_free))
        return 0;
    char *key = route_key(alt->r, mirror_free);
    if (key && key_set_has(set, key)) {
        free(key);
        return 0;
    }
    *worth = key != NULL;
    return key_set_take(set, key);
}

static int add_alternative(dzp_plan *plan, ranked_route *alt, const ranked_route *winner)
{
    dzp_alternative *a = &plan->alts[plan->n_alts++];
    a->summary = summarize_route(alt->r);
    a->steps = alt->r->n_steps;
    a->score = alt->r->score;
    a->complete = alt->r->rejected == NULL;
    a->route = alt->full;
    alt->full = NULL;
    a->rejected = winner ? why_lost(alt->r, winner->r) : plan_strdup(alt->r->rejected);
    return a->summary && a->rejected ? 0 : plan_oom("listing the alternatives");
}

/* Would alt have won, had it been safe?  (A rejected route that scores
 * better than the winner.) */
static bool would_have_won(const ranked_route *alt, const ranked_route *winner)
{
    return alt->r->rejected && compare_by_score(alt, winner) < 0;
}

/* How many places the listing of ranked[1..n) keeps for the abandoned
 * routes that would have won (ranked[0]): each says why the obvious route
 * was not taken, so complete routes never push one out.  Returns 0, or
 * DZP_ENOMEM. */
static int places_kept(const ranked_route *ranked, int n, bool mirror_free, int *kept)
{
    key_set seen = {0};
    int rc = 0;
    *kept = 0;
    for (int i = 1; i < n && rc == 0; i++) {
        bool worth = false;
        if (would_have_won(&ranked[i], &ranked[0]))
            rc = worth_listing(&seen, &ranked[i], mirror_free, &worth);
        *kept += worth;
    }
    key_set_clear(&seen);
    return rc;
}

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

/* The plan's alternatives from ranked[first..n) in order (the chosen one,
 * ranked[0] when first is 1, left out), detours and repeats of one
 * chemistry left out: up to max_alts, of which the complete routes take
 * what the abandoned ones that would have won leave, but at least one
 * place, and with --routes every one given in full, the abandoned ones
 * that would have won still listed after them. */
static int add_alternatives(dzp_plan *plan, ranked_route *ranked, int n, int first,
                            bool mirror_free, int max_alts)
{
    const ranked_route *winner = first > 0 ? &ranked[0] : NULL;
    key_set seen = {0};
    int kept = 0, in_full = 0, n_complete = 0;
    int rc = winner ? places_kept(ranked, n, mirror_free, &kept) : 0;
    for (int i = first; i < n; i++)
        in_full += ranked[i].full != NULL;
    int complete_cap = max_int(max_int(max_alts - kept, 1), in_full);
    int total_cap = max_int(max_alts, in_full + kept);
    plan->alts = calloc((size_t)max_int(1, max_int(total_cap, complete_cap)),
                        sizeof(dzp_alternative));
    if (rc == 0 && !plan->alts)
        rc = plan_oom("listing the alternatives");
    if (rc == 0 && winner)
        rc = key_set_take(&seen, route_key(winner->r, mirror_free));
    for (int i = first; i < n && rc == 0; i++) {
        bool complete = !ranked[i].r->rejected, worth = false;
        if (complete && n_complete >= complete_cap)
            continue;
        if (!complete && (int)plan->n_alts >= total_cap)
            break;
        rc = worth_listing(&seen, &ranked[i], mirror_free, &worth);
        if (rc == 0 && worth) {
            n_complete += complete;
            rc = add_alternative(plan, &ranked[i], winner);
        }
    }
    key_set_clear(&seen);
    return rc;
}

/* Complete route alt re-applied from the substrate as the winner is: a
 * route in full into alt->full, or alt marked rejected when it does not
 * verify.  Returns 0, or a negative dzp_error. */
static int rebuild_in_full(ranked_route *alt)
{
    dzp_plan scratch = {0};
    int rc = plan_rebuild(alt->s, alt->r, &scratch);
    if (rc == 0 && scratch.verified) {
        alt->full = malloc(sizeof(dzp_route));
        if (!alt->full) {
            rc = plan_oom("for a route in full");
        } else { /* the steps move into the route in full */
            *alt->full = (dzp_route){scratch.start, scratch.steps, scratch.n_steps, scratch.score,
                                     true};
            memset(&scratch.start, 0, sizeof(scratch.start));
            scratch.steps = NULL;
            scratch.n_steps = 0;
        }
    } else if (rc == 0) {
        alt->r->rejected = plan_strdup("re-applying its steps did not give the target");
        rc = alt->r->rejected ? 0 : plan_oom("noting why a route failed");
    }
    plan_clear_route(&scratch);
    return rc;
}

/* Give the `wanted` best complete alternatives of ranked[1..n) (the winner
 * at 0) in full, skipping what the listing leaves out.  Those that do not
 * verify become rejected: re-sort after.  Returns 0, or a negative
 * dzp_error. */
static int give_in_full(ranked_route *ranked, int n, int wanted, bool mirror_free)
{
    key_set seen = {0};
    int given = 0, rc = key_set_take(&seen, route_key(ranked[0].r, mirror_free));
    for (int i = 1; i < n && rc == 0 && given < wanted && !ranked[i].r->rejected; i++) {
        if (route_is_detour(ranked[i].s, ranked[i].r, mirror_free))
            continue;
        char *key = route_key(ranked[i].r, mirror_free);
        if (key && key_set_has(&seen, key)) {
            free(key);
            continue;
        }
        rc = key ? rebuild_in_full(&ranked[i]) : plan_oom("listing the alternatives");
        if (rc == 0 && ranked[i].full) {
            given++;
            rc = key_set_take(&seen, key);
        } else {
            free(key);
        }
    }
    key_set_clear(&seen);
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
            *a = (dzp_alternative){0};
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
    f->citation = sr->source ? dzp_rules_cite(rules, sr->source) : NULL;
    return f->message && (!sr->source || f->citation) ? 0 : plan_oom("for the route's flags");
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
            ranked[n] = (ranked_route){&searches[i], &searches[i].routes[j], n, NULL};
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

/* Put the winner (index chosen) first and the rest in listing order;
 * give the plan's routes_wanted-1 best complete alternatives in full. */
static int order_for_listing(dzp_plan *plan, ranked_route *ranked, int n, int chosen)
{
    bool mirror_free = plan->substrate->core_equivalent;
    ranked_route winner = ranked[chosen];
    ranked[chosen] = ranked[0];
    ranked[0] = winner;
    qsort(ranked + 1, (size_t)(n - 1), sizeof(ranked_route), compare_complete_first);
    if (plan->routes_wanted <= 1)
        return 0;
    int rc = give_in_full(ranked, n, plan->routes_wanted - 1, mirror_free);
    qsort(ranked + 1, (size_t)(n - 1), sizeof(ranked_route), compare_complete_first);
    return rc;
}

static void free_ranked(ranked_route *ranked, int n)
{
    for (int i = 0; i < n && ranked; i++)
        plan_route_free(ranked[i].full);
    free(ranked);
}

/* Pick the best verified route among all searches' routes: the plan gets
 * its steps, alternatives (complete routes first, those wanted in full
 * with their steps) and flags, or status no_route with the reason.
 * Returns 0, or a negative dzp_error. */
int plan_choose(dzp_plan *plan, search *searches, int n_searches, int *pairing)
{
    ranked_route *ranked = NULL;
    int n = 0, chosen = -1;
    int rc = gather_routes(&ranked, &n, searches, n_searches);
    if (rc != 0)
        return rc;
    qsort(ranked, (size_t)n, sizeof(ranked_route), compare_complete_first);
    rc = first_verified(plan, ranked, n, &chosen);
    if (rc == 0 && chosen >= 0)
        rc = order_for_listing(plan, ranked, n, chosen);
    else /* nothing verified: every route is rejected, so this is by score */
        qsort(ranked, (size_t)n, sizeof(ranked_route), compare_complete_first);
    if (rc == 0)
        rc = add_alternatives(plan, ranked, n, chosen >= 0 ? 1 : 0,
                              plan->substrate->core_equivalent,
                              searches[0].rules->planner.max_alternatives);
    if (rc == 0)
        rc = add_refused_forms(plan, chosen >= 0 ? ranked[0].s : &searches[0]);
    if (rc == 0 && chosen >= 0) {
        plan->has_route = true;
        plan->status = DZP_STATUS_OK;
        *pairing = ranked[0].s->pairing;
        rc = policy_route_flags(plan, ranked[0].s);
    } else if (rc == 0) {
        const char *why = n > 0 ? ranked[0].r->rejected : NULL;
        rc = plan_set_status(plan, DZP_STATUS_NO_ROUTE, "no safe route was found: %s",
                             why ? why : "no sequence of the known steps reaches the target");
    }
    free_ranked(ranked, n);
    return rc;
}
