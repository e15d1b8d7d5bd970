/*
 * plan_scale.c - reagent amounts for a chosen scale (dzp_plan_scale).
 *
 * For `mmol` of substrate: each reagent with equivalents and a SMILES gets
 * its mmol and mass (a salt weighed by its whole formula), and the solvent
 * its volume from the step's concentration; in the chosen route and in
 * every alternative route given in full.
 */
#include <string.h>

#include "dzp/error.h"
#include "plan_internal.h"

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

static void scale_steps(dzp_step *steps, size_t n_steps, double mmol)
{
    for (size_t i = 0; i < n_steps; i++)
        for (size_t j = 0; j < steps[i].n_reagents; j++)
            scale_reagent(&steps[i].reagents[j], steps[i].rule, mmol);
}

int dzp_plan_scale(dzp_plan *plan, double mmol)
{
    if (!plan || !(mmol > 0))
        return dzp_error_set(DZP_EINVAL, "the scale must be a positive amount");
    plan->scale_mmol = mmol;
    scale_steps(plan->steps, plan->n_steps, mmol);
    for (size_t i = 0; i < plan->n_alts; i++)
        if (plan->alts[i].route)
            scale_steps(plan->alts[i].route->steps, plan->alts[i].route->n_steps, mmol);
    return 0;
}
