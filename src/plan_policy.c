/*
 * plan_policy.c - the planner's policy, as the rule files state it.
 *
 * The decisions that once were written in C now come from the rules, and
 * this file only reads them: whether a step's conditions meet a lability
 * (condition classes as bit sets, vocabulary.yaml), the hint given when no
 * rule makes a bond (planner.yaml install_hints), the flag a one-nitrogen
 * step raises when it leans on N1/N4 selectivity (vocabulary.yaml
 * planner_flags), the route-level flags (planner.yaml route_flags), and
 * which nitrogens a rule acts on (its applies_to against scaffold.yaml's
 * n types).
 * No flag id, reaction name or SMARTS is written here.
 */
#include <string.h>

#include "plan_internal.h"

/* Whether rule t runs under any of the condition classes in `classes`
 * (a lability written for "any" has every bit set).  Never fails. */
bool policy_has_class(const dzp_transformation *t, dzp_class_set classes)
{
    return (t->condition_set & classes) != 0;
}

/* What a step on nitrogen `site` meets: its n type as a free N-H in the
 * ring core (the substrate's and the target's cores are the same). */
const char *policy_site_n_type(const search *s, site_index site)
{
    return s->substrate->site[site].core_n_type;
}

/* Whether protect or install rule t may act on nitrogen `site`: its n type
 * is in t's applies_to.  Never fails. */
bool policy_rule_acts_on(const search *s, const dzp_transformation *t, site_index site)
{
    return dzp_transformation_applies_to(t, policy_site_n_type(s, site));
}

/* Why no rule makes the bond from a nitrogen to the target's group: the
 * first install hint whose pattern matches the group, else the default
 * hint.  Never NULL, never fails. */
const char *policy_bond_hint(const dzp_rules *rules, const dzp_site *target_site)
{
    const dzp_planner_rules *planner = &rules->planner;
    for (size_t i = 0; i < planner->n_install_hints; i++)
        if (dzp_smarts_matches(planner->install_hints[i].smarts, target_site->substituent))
            return planner->install_hints[i].hint;
    return planner->install_hint_default;
}

/* A one-nitrogen step with the other nitrogen free and not equivalent
 * raises the vocabulary's regioselectivity flag: info when the reacting
 * nitrogen is the less hindered one, a warning when both are equally
 * hindered.  Returns 0 or DZP_ENOMEM with a message. */
int policy_flag_regioselectivity(verdict *v, const dzp_rules *rules, site_index site,
                                 bool selective)
{
    return plan_raise_flag(v, (step_flag){.id = rules->vocabulary.planner_flags.regioselectivity,
                                          .severity = selective ? DZP_SEV_INFO : DZP_SEV_WARNING,
                                          .fgroup = NO_FGROUP,
                                          .regio_site = site});
}

static bool step_has_flag(const dzp_step *step, const char *id)
{
    for (size_t j = 0; j < step->n_flags; j++)
        if (strcmp(step->flags[j].id, id) == 0)
            return true;
    return false;
}

static bool route_has_step_flag(const dzp_plan *plan, const char *id)
{
    for (size_t i = 0; i < plan->n_steps; i++)
        if (step_has_flag(&plan->steps[i], id))
            return true;
    return false;
}

static bool target_keeps_free_nh(const search *s)
{
    for (site_index site = SITE_N1; site <= SITE_N4; site++)
        if (s->target->site[site].state == DZP_SITE_NH)
            return true;
    return false;
}

/* A ring carbon of the target that is a stereocentre with no configuration
 * given, where the substrate's carbon is none: the route desymmetrised the
 * ring and makes the racemate. */
static bool ring_stereocentre_formed(const search *s)
{
    const dzp_scaffold *target = s->target, *substrate = s->substrate;
    for (int i = 0; i < 5; i++) {
        const dzp_ring_carbon *c = &target->carbon[i];
        if (c->n_substituents == 0 || c->stereo_specified ||
            !dzp_mol_atom_is_stereocentre(target->mol, c->atom))
            continue;
        bool before = false;
        for (int j = 0; j < 5; j++)
            if (substrate->carbon[j].n_substituents > 0 &&
                dzp_mol_atom_is_stereocentre(substrate->mol, substrate->carbon[j].atom))
                before = true;
        if (!before)
            return true;
    }
    return false;
}

/* The route-level flags of planner.yaml, in their order, each raised when
 * its trigger holds for the chosen route; a flag about the target that the
 * route's last step already carries is not repeated.  Returns 0 or
 * DZP_ENOMEM. */
int policy_route_flags(dzp_plan *plan, const search *s)
{
    const dzp_planner_rules *planner = &s->rules->planner;
    int rc = 0;
    for (size_t i = 0; i < planner->n_route_flags && rc == 0; i++) {
        const dzp_route_flag_rule *rule = &planner->route_flags[i];
        bool raise = false;
        switch (rule->trigger) {
        case DZP_WHEN_STEP_FLAG:
            raise = route_has_step_flag(plan, rule->flag);
            break;
        case DZP_WHEN_TARGET_FREE_NH:
            /* about the target: said once, not again when its last step says it */
            raise = plan->n_steps > 0 && target_keeps_free_nh(s) &&
                    !step_has_flag(&plan->steps[plan->n_steps - 1], rule->flag);
            break;
        case DZP_WHEN_RING_STEREOCENTRE_FORMED:
            raise = plan->n_steps > 0 && ring_stereocentre_formed(s);
            break;
        }
        if (raise)
            rc = plan_add_route_flag(plan, s->rules, rule->flag, rule->detail);
    }
    return rc;
}
