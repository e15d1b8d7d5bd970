/*
 * plan_scale.c - amounts for a chosen scale (dzp_plan_scale): quantities
 * that follow the material.
 *
 * Step 1 starts from the --scale amount of substrate; every later step
 * starts from what the step before it is expected to make: its input
 * times the limiting fraction (a key reagent below 1 equiv, with the
 * diamine in excess, caps what can form) times the mean of the rule's
 * expected yield range.  Each reagent's mmol is its equiv times its own
 * step's input, and what a chemist measures out follows its form in the
 * rules: a solid by mass (a diluted solid such as NaH in oil by the mass
 * of the mixture), a neat liquid by mass and volume (its density), a
 * solution by the volume of that solution (molarity, or weight percent
 * and density), a supported catalyst by the mass of catalyst with its
 * support (its metal loading), a gas not at all; a reagent used as a
 * cosolvent also gets its share of the liquid volume (% v/v).  A solvent
 * gets its volume from the step's concentration.  The same applies to
 * every alternative route given in full.
 */
#include <string.h>

#include "dzp/error.h"
#include "plan_internal.h"

/* Molar mass of a reagent: its form's own (a precatalyst, a hydrate), else
 * that of its SMILES (a salt by its whole formula); 0 when unknown. */
static double reagent_mw(const dzp_step_reagent *r)
{
    if (r->form && r->form->mw > 0)
        return r->form->mw;
    dzp_mol *mol = NULL;
    if (!r->smiles || dzp_mol_from_smiles(&mol, r->smiles, DZP_PARSE_COMPONENTS) != 0)
        return 0;
    double mw = dzp_mol_weight(mol);
    dzp_mol_free(mol);
    return mw;
}

static bool form_is(const dzp_form *form, const char *state)
{
    return form && form->state && strcmp(form->state, state) == 0;
}

/* What to measure out for mmol of a reagent of molar mass mw. */
static void measure(dzp_step_reagent *r, double mw)
{
    const dzp_form *f = r->form;
    double mass = r->mmol * mw; /* mg of the compound itself */
    if (form_is(f, "gas"))
        return;
    if (form_is(f, "solution")) {
        r->volume_ml = f->molarity > 0 ? r->mmol / f->molarity
                                       : mass / (f->wt_percent / 100.0) / f->density / 1000.0;
        r->has_volume = f->molarity > 0 || mw > 0;
        return;
    }
    if (mw <= 0)
        return;
    r->has_mass = true;
    r->mass_mg = mass;
    if (form_is(f, "supported_catalyst") || (form_is(f, "solid") && f->wt_percent > 0))
        r->mass_mg = mass / (f->wt_percent / 100.0);
    if (form_is(f, "liquid")) {
        r->volume_ml = mass / f->density / 1000.0;
        r->has_volume = true;
    }
}

/* The solvent volume of a step for input mmol: from its concentration. */
static bool solvent_volume(const dzp_transformation *t, double input, double *ml)
{
    if (!t->conditions.has_concentration || !(t->conditions.concentration_m > 0))
        return false;
    *ml = input / t->conditions.concentration_m;
    return true;
}

static void scale_reagent(dzp_step_reagent *r, const dzp_transformation *t, double input)
{
    double solvent_ml = 0;
    bool have_solvent = solvent_volume(t, input, &solvent_ml);
    if (strcmp(r->role, "solvent") == 0) {
        r->volume_ml = solvent_ml;
        r->has_volume = have_solvent;
        return;
    }
    if (!r->has_equiv)
        return;
    r->mmol = r->equiv * input;
    r->has_mmol = true;
    measure(r, reagent_mw(r));
    if (r->cosolvent && r->has_volume && have_solvent) {
        r->percent_v_v = 100.0 * r->volume_ml / (r->volume_ml + solvent_ml);
        r->has_percent = true;
    }
}

/* The fraction of a step's input that can become product: a key reagent
 * (the first reagent of an install or protect step) below 1 equiv limits it. */
static double limiting_fraction(const dzp_step *step)
{
    bool keyed = step->rule->has_key && step->n_reagents > 0 && step->reagents[0].has_equiv;
    double equiv = keyed ? step->reagents[0].equiv : 1.0;
    return equiv < 1.0 ? equiv : 1.0;
}

static double molar_mass_of(const char *smiles)
{
    dzp_mol *mol = NULL;
    if (!smiles || dzp_mol_from_smiles(&mol, smiles, DZP_PARSE_COMPONENTS) != 0)
        return 0;
    double mw = dzp_mol_weight(mol);
    dzp_mol_free(mol);
    return mw;
}

static void scale_steps(dzp_step *steps, size_t n_steps, double mmol, double substrate_mw)
{
    double input = mmol, input_mw = substrate_mw;
    for (size_t i = 0; i < n_steps; i++) {
        dzp_step *step = &steps[i];
        const dzp_range *y = &step->rule->yield;
        dzp_step_amounts *a = &step->amounts;
        for (size_t j = 0; j < step->n_reagents; j++)
            scale_reagent(&step->reagents[j], step->rule, input);
        a->set = true;
        a->input_mmol = input;
        a->input_mass_mg = input * input_mw;
        a->limiting = limiting_fraction(step);
        a->product_mmol = input * a->limiting * (y->lo + y->hi) / 2.0;
        input_mw = step->product.mw > 0 ? step->product.mw : molar_mass_of(step->product.smiles);
        a->product_mass_mg = a->product_mmol * input_mw;
        input = a->product_mmol;
    }
}

int dzp_plan_scale(dzp_plan *plan, double mmol)
{
    if (!plan || !(mmol > 0))
        return dzp_error_set(DZP_EINVAL, "the scale must be a positive amount");
    double substrate_mw = plan->substrate ? plan->substrate->mw : 0;
    plan->scale_mmol = mmol;
    scale_steps(plan->steps, plan->n_steps, mmol,
                plan->start.mol.mw > 0 ? plan->start.mol.mw : substrate_mw);
    for (size_t i = 0; i < plan->n_alts; i++) {
        const dzp_route *r = plan->alts[i].route;
        if (r)
            scale_steps(r->steps, r->n_steps, mmol,
                        r->start.mol.mw > 0 ? r->start.mol.mw : substrate_mw);
    }
    return 0;
}
