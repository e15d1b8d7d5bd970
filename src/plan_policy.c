/*
 * plan_policy.c - chemistry policy that is still written in C.
 *
 * Everything else the planner knows comes from the rules; the few
 * decisions here do not yet: which condition class a lability names, which
 * reagent roles double when both nitrogens react, the hint given when no
 * rule makes a bond, the regioselectivity flag of a one-nitrogen step, and
 * the route-level flags.  Each is one small function marked "policy:", so
 * that moving it into the rule files touches this file only.  (The
 * planner's numeric constants are in plan_internal.h, marked the same way.)
 */
#include <string.h>

#include "plan_internal.h"

/* policy: a rule runs under the condition classes it lists; a lability
 * written for "any" applies under every rule.  Returns whether rule t runs
 * under condition_class. */
bool policy_has_class(const dzp_transformation *t, const char *condition_class)
{
    if (strcmp(condition_class, "any") == 0)
        return true;
    for (size_t i = 0; i < t->n_condition_classes; i++)
        if (strcmp(t->condition_classes[i], condition_class) == 0)
            return true;
    return false;
}

/* policy: when one step acts on both nitrogens, the reagents in these roles
 * are used twice over (the key reagent has its own both_equiv). */
bool policy_scales_with_both(const char *role)
{
    static const char *const doubled[] = {"reductant", "base", "acid", "additive", "nucleophile"};
    for (size_t i = 0; i < sizeof(doubled) / sizeof(*doubled); i++)
        if (strcmp(role, doubled[i]) == 0)
            return true;
    return false;
}

/* policy: the end of the sentence saying no rule makes the bond from a
 * nitrogen to the target's group: a tertiary carbon is named as such,
 * otherwise the reader is told how to add a rule.  Never NULL. */
const char *policy_bond_hint(const dzp_site *target_site)
{
    const dzp_mol *group = target_site->substituent;
    int attached;
    if (dzp_mol_atom_neighbors(group, target_site->sub_dummy, &attached, 1) != 1)
        return "";
    if (dzp_mol_atom_element(group, attached) == 6 && !dzp_mol_atom_aromatic(group, attached) &&
        dzp_mol_atom_hcount(group, attached) == 0)
        return ": the nitrogen is bonded to a carbon that carries no hydrogen (a tertiary "
               "carbon), which neither reductive amination nor SN2 alkylation can make";
    return ": add a transformation to rules/transformations.yaml whose `installs` pattern "
           "matches it";
}

/* policy: a one-nitrogen step with the other nitrogen free and not
 * equivalent raises "regioselectivity": info when the reacting nitrogen is
 * the less hindered one, a warning when both are equally hindered.
 * Returns 0 or DZP_ENOMEM. */
int policy_flag_regioselectivity(verdict *v, site_index site, bool selective)
{
    return plan_raise_flag(v, (step_flag){.id = "regioselectivity",
                                          .severity = selective ? DZP_SEV_INFO : DZP_SEV_WARNING,
                                          .fgroup = NO_FGROUP,
                                          .regio_site = site});
}

/* policy: route-level flags.  "regioselectivity" when any step leaned on
 * it; "silica_tailing" and "aqueous_loss" (purification of a basic, polar
 * product) when the route has steps and the target keeps a free N-H.
 * A flag id missing from side_reactions.yaml is skipped.  Returns 0 or
 * DZP_ENOMEM. */
int policy_route_flags(dzp_plan *plan, const search *s)
{
    int rc = 0;
    bool regio = false;
    for (size_t i = 0; i < plan->n_steps; i++)
        for (size_t j = 0; j < plan->steps[i].n_flags; j++)
            regio = regio || strcmp(plan->steps[i].flags[j].id, "regioselectivity") == 0;
    if (regio)
        rc = plan_add_route_flag(plan, s->rules, "regioselectivity",
                                 "N1 and N4 of the substrate differ; check which nitrogen "
                                 "reacted before going on.");
    bool basic = false;
    for (site_index site = SITE_N1; site <= SITE_N4; site++)
        basic = basic || s->target->site[site].state == DZP_SITE_NH;
    if (rc == 0 && basic && plan->n_steps > 0)
        rc = plan_add_route_flag(plan, s->rules, "silica_tailing", NULL);
    if (rc == 0 && basic && plan->n_steps > 0)
        rc = plan_add_route_flag(plan, s->rules, "aqueous_loss", NULL);
    return rc;
}
