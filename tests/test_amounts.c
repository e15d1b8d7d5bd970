/*
 * test_amounts.c - --scale amounts a chemist can weigh and pipette.
 *
 * Real routes are planned with the real rules and scaled; every expected
 * number is computed here from first principles (molar masses from the
 * formula, densities and concentrations of the commercial forms written
 * out below, the rules' yield ranges) and compared with what the planner
 * says: formalin by the volume of 37 wt% solution, TFA by its neat volume
 * and true % v/v in DCM, 10% Pd/C by the mass of catalyst with its carbon,
 * RuPhos Pd G3 by its own molar mass, and a four-step route whose every
 * step starts from what the step before is expected to make.  The report
 * prints three significant figures with units for the bench.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dzp/error.h"
#include "dzp/plan.h"
#include "dzp/report.h"

/* The commercial forms, from supplier data sheets. */
#define TFA_DENSITY 1.489          /* g/mL, neat */
#define FORMALIN_WT 0.37           /* 37 wt% formaldehyde in water */
#define FORMALIN_DENSITY 1.09      /* g/mL */
#define PD_C_LOADING 0.10          /* 10 wt% Pd on carbon */
#define RUPHOS_PD_G3_MW 836.4      /* g/mol (C45H59NO3PPdS) */

typedef struct {
    dzp_rules *rules;
    dzp_scaffold *substrate;
    dzp_plan *plan;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (!f || dzp_rules_load(&f->rules, DZP_TEST_RULES_DIR) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    dzp_plan_free(f->plan);
    dzp_scaffold_free(f->substrate);
    dzp_rules_free(f->rules);
    free(f);
    return 0;
}

static void plan_scaled(fixture *f, const char *from, const char *to, double mmol)
{
    assert_int_equal(dzp_substrate_load(&f->substrate, from, f->rules), 0);
    assert_int_equal(dzp_plan_route(&f->plan, f->substrate, to, f->rules), 0);
    assert_int_equal(f->plan->status, DZP_STATUS_OK);
    assert_int_equal(dzp_plan_scale(f->plan, mmol), 0);
}

static double mw_of(const char *smiles)
{
    dzp_mol *m = NULL;
    assert_int_equal(dzp_mol_from_smiles(&m, smiles, DZP_PARSE_COMPONENTS), 0);
    double mw = dzp_mol_weight(m);
    dzp_mol_free(m);
    return mw;
}

static const dzp_step_reagent *reagent(const dzp_step *s, const char *role, const char *name_part)
{
    for (size_t i = 0; i < s->n_reagents; i++)
        if (strcmp(s->reagents[i].role, role) == 0 && strstr(s->reagents[i].name, name_part))
            return &s->reagents[i];
    fail_msg("step %d has no %s named like '%s'", s->n, role, name_part);
    return NULL;
}

static void near(double got, double want)
{
    if (!(got > want * 0.999 - 1e-9 && got < want * 1.001 + 1e-9))
        fail_msg("got %.6g, want %.6g", got, want);
}

/* Boc on, aryl by Buchwald, Boc off, methyl by formalin: each step from
 * what the one before makes, each reagent from its own step's input. */
static void test_four_step_route_follows_the_material(void **state)
{
    fixture *f = *state;
    plan_scaled(f, "C1CNCCNC1", "CN1CCCN(CC1)c1ccc(C)cc1", 5.0);
    assert_int_equal(f->plan->n_steps, 4);
    const dzp_step *s = f->plan->steps;
    static const char *const rules[] = {"boc_protect", "buchwald_hartwig_bromide",
                                        "boc_deprotect", "reductive_methylation"};
    double input = 5.0;
    for (int i = 0; i < 4; i++) {
        assert_string_equal(s[i].rule->id, rules[i]);
        const dzp_range *y = &s[i].rule->yield;
        double limiting = i == 0 ? s[0].reagents[0].equiv : 1.0; /* Boc2O below 1 equiv */
        near(s[i].amounts.input_mmol, input);
        near(s[i].amounts.product_mmol, input * limiting * (y->lo + y->hi) / 2);
        input = input * limiting * (y->lo + y->hi) / 2;
    }
    near(s[0].reagents[0].equiv, 0.95);
    /* step 2 charges the aryl bromide on step 1's product, not on 5 mmol */
    const dzp_step_reagent *arbr = reagent(&s[1], "electrophile", "bromotoluene");
    near(arbr->mmol, 1.1 * s[1].amounts.input_mmol);
    near(arbr->mass_mg, arbr->mmol * mw_of("Cc1ccc(Br)cc1"));
    assert_true(s[1].amounts.input_mmol < 4.0);
    /* the precatalyst by its own molar mass */
    const dzp_step_reagent *pre = reagent(&s[1], "catalyst", "RuPhos Pd G3");
    near(pre->mass_mg, pre->equiv * s[1].amounts.input_mmol * RUPHOS_PD_G3_MW);
    /* TFA: neat volume and its share of the liquid with DCM at the step's concentration */
    const dzp_step_reagent *tfa = reagent(&s[2], "acid", "trifluoroacetic acid");
    double tfa_ml = tfa->equiv * s[2].amounts.input_mmol * mw_of("OC(=O)C(F)(F)F") / 1000 /
                    TFA_DENSITY;
    double dcm_ml = s[2].amounts.input_mmol / s[2].rule->conditions.concentration_m;
    near(tfa->volume_ml, tfa_ml);
    near(tfa->percent_v_v, 100 * tfa_ml / (tfa_ml + dcm_ml));
    assert_true(tfa->percent_v_v > 15 && tfa->percent_v_v < 25); /* about 1:4 TFA/DCM */
    /* formalin: the volume of 37 wt% solution, no mass of neat CH2O */
    const dzp_step_reagent *ch2o = reagent(&s[3], "electrophile", "formaldehyde");
    double ch2o_mg = ch2o->equiv * s[3].amounts.input_mmol * mw_of("C=O");
    near(ch2o->volume_ml, ch2o_mg / FORMALIN_WT / FORMALIN_DENSITY / 1000);
    assert_false(ch2o->has_mass);
    assert_string_equal(ch2o->form->state, "solution");
}

/* 10% Pd/C: the mass of catalyst with its carbon, ten times the palladium. */
static void test_supported_catalyst_by_its_loading(void **state)
{
    fixture *f = *state;
    plan_scaled(f, "O=C(OCc1ccccc1)N1CCCNCC1", "CC(=O)N1CCNCCC1", 2.0);
    const dzp_step *last = &f->plan->steps[f->plan->n_steps - 1];
    assert_string_equal(last->rule->id, "cbz_deprotect");
    const dzp_step_reagent *pd = reagent(last, "catalyst", "palladium on carbon");
    double pd_mg = pd->equiv * last->amounts.input_mmol * mw_of("[Pd]");
    near(pd->mass_mg, pd_mg / PD_C_LOADING);
    const dzp_step_reagent *h2 = reagent(last, "reductant", "hydrogen");
    assert_false(h2->has_mass || h2->has_volume);
}

/* The report: three significant figures, mg below 1 g, uL below 1 mL, the
 * input row first, the expected product and the route's outcome. */
static void test_report_amounts_for_the_bench(void **state)
{
    fixture *f = *state;
    char *md = NULL;
    plan_scaled(f, "C1CNCCNC1", "CN1CCCN(CC1)c1ccc(C)cc1", 5.0);
    assert_int_equal(dzp_report_markdown(&md, f->plan), 0);
    assert_non_null(strstr(md, "| substrate | substrate | `C1CNCCNC1` | 1 | 5.00 mmol, 501 mg |"));
    assert_non_null(strstr(md, "| 0.95 | 4.75 mmol, 1.04 g |"));
    assert_non_null(strstr(md, "| intermediate | product of step 1 |"));
    assert_non_null(strstr(md, "µL of 37 wt% in water"));
    assert_non_null(strstr(md, "% v/v with the solvent)"));
    assert_non_null(strstr(md, "Expected: 75–85% yield on the limiting electrophile (0.95 equiv)"));
    assert_non_null(strstr(md, "Expected overall: "));
    assert_null(strstr(md, "19.968"));
    free(md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_four_step_route_follows_the_material, setup, teardown),
        cmocka_unit_test_setup_teardown(test_supported_catalyst_by_its_loading, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_amounts_for_the_bench, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
