/*
 * test_order.c - order and selectivity as rules (issue 8 item 5), and the
 * medicinal-chemist review defects D2, D8, D11-D16 that live in the same
 * rules.
 *
 * Three principles are checked as a chemist reads the route: a group that
 * must come late (Fmoc goes on after every long step with a free ring N-H),
 * a small electrophile (formaldehyde, acetyl chloride, acrylonitrile) that
 * needs the other nitrogen protected on an unsymmetric diamine, and
 * hindrance-driven selectivity only for reagents bulky enough to feel it
 * (Boc2O, sulfonyl chlorides, aryl electrophiles), at mono_equiv with the
 * regioselectivity flag and the acid-base mono_workup.  The realism.tsv rows
 * are quoted by name above their test.  Every route must verify: its last
 * product is the target by canonical SMILES.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dzp/plan.h"
#include "dzp/rules.h"
#include "plan_checks.h"

#define HOMOPIPERAZINE "C1CNCCNC1"
#define METHYL_2_DIAZEPANE "CC1CNCCCN1"
#define BOC_HOMOPIPERAZINE "CC(C)(C)OC(=O)N1CCCNCC1"
#define FMOC "O=C(OCC1c2ccccc2-c2ccccc12)"

/* ---- what a chemist checks -------------------------------------------------- */

/* The index of the first step made by rule id (any rule when NULL) of this
 * kind at these sites (any when NULL), or -1. */
static int step_index(const dzp_plan *p, const char *kind, const char *rule_id,
                      const char *sites)
{
    for (size_t i = 0; i < p->n_steps; i++) {
        const dzp_step *s = &p->steps[i];
        if (kind && strcmp(s->rule->kind, kind) != 0)
            continue;
        if (rule_id && strcmp(s->rule->id, rule_id) != 0)
            continue;
        if (sites && strcmp(s->site, sites) != 0)
            continue;
        return (int)i;
    }
    return -1;
}

static int require_step_index(const dzp_plan *p, const char *kind, const char *rule_id,
                              const char *sites)
{
    int i = step_index(p, kind, rule_id, sites);
    if (i < 0)
        fail_msg("no %s step (%s) at %s", kind ? kind : "any", rule_id ? rule_id : "any rule",
                 sites ? sites : "any site");
    return i;
}

/* The step whose product first carries an Fmoc carbamate. */
static int fmoc_step(const dzp_plan *p)
{
    for (size_t i = 0; i < p->n_steps; i++)
        if (product_matches(&p->steps[i], "[#7]C(=O)OC[CH]1c2ccccc2-c2ccccc12"))
            return (int)i;
    fail_msg("no step puts the Fmoc group on");
    return -1;
}

static bool contains(const char *text, const char *part)
{
    return text && strstr(text, part) != NULL;
}

/* ---- a group that must come late ---------------------------------------------- */

/* fmoc_last_quinoxalinyl: C1CNCCNC1 -> Fmoc at N1, 2-quinoxalinyl at N4.
 * SNAr with 2-chloroquinoxaline first, the Fmoc group last. */
static void test_fmoc_last_quinoxalinyl(void **state)
{
    (void)state;
    const char *target = FMOC "N1CCCN(CC1)c1cnc2ccccc2n1";
    planned p = plan_route(HOMOPIPERAZINE, target);
    assert_plan_verified(p.plan, target);
    int snar = require_step_index(p.plan, "snar", NULL, NULL);
    assert_reagent_is(&p.plan->steps[snar], "electrophile", "Clc1cnc2ccccc2n1");
    assert_int_equal(fmoc_step(p.plan), (int)p.plan->n_steps - 1);
    assert_true(snar < fmoc_step(p.plan));
    planned_free(&p);
}

/* Given mono-Fmoc homopiperazine, the hot SNAr does not run with the Fmoc
 * group on and the ring N-H free: the Fmoc comes off first and goes back on
 * last. */
static void test_fmoc_off_before_hot_snar(void **state)
{
    (void)state;
    const char *target = FMOC "N1CCCN(CC1)c1cnc2ccccc2n1";
    planned p = plan_route(FMOC "N1CCCNCC1", target);
    assert_plan_verified(p.plan, target);
    assert_int_equal(require_step_index(p.plan, "deprotect", "fmoc_deprotect", NULL), 0);
    assert_int_equal(fmoc_step(p.plan), (int)p.plan->n_steps - 1);
    planned_free(&p);
}

/* A 2-12 h reductive amination does not run with Fmoc on and the ring N-H
 * free (the seeds: "Fmoc cleavage by the remaining free secondary amine
 * during prolonged reaction times"). */
static void test_fmoc_after_reductive_amination(void **state)
{
    (void)state;
    const char *target = FMOC "N1CCCN(Cc2ccccc2)CC1";
    planned p = plan_route(HOMOPIPERAZINE, target);
    assert_plan_verified(p.plan, target);
    int ra = require_step_index(p.plan, "reductive_amination", NULL, NULL);
    assert_reagent_is(&p.plan->steps[ra], "electrophile", "O=Cc1ccccc1");
    assert_true(ra < fmoc_step(p.plan));
    assert_int_equal(fmoc_step(p.plan), (int)p.plan->n_steps - 1);
    planned_free(&p);
}

/* A short acylation at 0 °C on mono-Fmoc homopiperazine is allowed, with
 * the fmoc_self_cleavage warning under it. */
static void test_fmoc_survives_a_short_acylation(void **state)
{
    (void)state;
    const char *target = FMOC "N1CCCN(CC1)C(=O)c1ccccc1";
    planned p = plan_route(FMOC "N1CCCNCC1", target);
    assert_plan_verified(p.plan, target);
    const dzp_step *s = require_only_step(p.plan, "acylation", "acylation_acid_chloride");
    assert_true(step_has_flag(s, "fmoc_self_cleavage"));
    planned_free(&p);
}

/* ---- small electrophiles need the other N protected ------------------------------ */

/* gem_dimethyl_hindered_n_methyl: CC1(C)CNCCCN1 -> CC1(C)CNCCCN1C.
 * Boc2O (mono_equiv, 0.95) at the unhindered N4 with the regioselectivity
 * flag and the pH-switch workup, formaldehyde at N1, then acid. */
static void test_gem_dimethyl_hindered_n_methyl(void **state)
{
    (void)state;
    const char *target = "CC1(C)CNCCCN1C";
    planned p = plan_route("CC1(C)CNCCCN1", target);
    assert_plan_verified(p.plan, target);
    assert_int_equal(p.plan->n_steps, 3);
    const dzp_step *boc = &p.plan->steps[0];
    assert_string_equal(boc->rule->id, "boc_protect");
    assert_string_equal(boc->site, "N4");
    assert_reagent_equiv(boc, "electrophile", "CC(C)(C)OC(=O)OC(=O)OC(C)(C)C", 0.95);
    assert_true(step_has_flag(boc, "regioselectivity"));
    assert_true(step_has_flag(boc, "di_protection"));
    assert_true(contains(boc->workup, "pH"));
    const dzp_step *methyl = &p.plan->steps[1];
    assert_string_equal(methyl->site, "N1");
    assert_reagent_is(methyl, "electrophile", "C=O");
    assert_false(step_has_flag(methyl, "regioselectivity"));
    assert_string_equal(p.plan->steps[2].rule->kind, "deprotect");
    planned_free(&p);
}

/* 2-methyl diazepane -> N4-methyl: formaldehyde never meets the free
 * unsymmetric diamine.  Boc2O can only block N4, so N1 takes Cbz, Boc
 * comes off, formaldehyde methylates N4, and H2/Pd takes the Cbz off. */
static void test_formaldehyde_needs_the_other_n_protected(void **state)
{
    (void)state;
    const char *target = "CC1CN(C)CCCN1";
    planned p = plan_route(METHYL_2_DIAZEPANE, target);
    assert_plan_verified(p.plan, target);
    int methyl = require_step_index(p.plan, "reductive_amination", "reductive_methylation", "N4");
    assert_reagent_is(&p.plan->steps[methyl], "electrophile", "C=O");
    int block = require_step_index(p.plan, "protect", NULL, "N1");
    assert_true(block < methyl);
    assert_false(step_has_flag(&p.plan->steps[methyl], "regioselectivity"));
    assert_true(step_index(p.plan, "deprotect", NULL, "N1") > methyl);
    planned_free(&p);
}

/* The refusal names the reason: formaldehyde is too small for the ring
 * hindrance to steer it. */
static void test_small_electrophile_refusal_says_why(void **state)
{
    (void)state;
    planned p = plan_route(METHYL_2_DIAZEPANE, "CC1CN(C)CCCN1");
    assert_alternative_refused(p.plan, "Reductive methylation with formaldehyde at N4",
                               "too small to feel the ring hindrance");
    planned_free(&p);
}

/* Acetyl chloride and acrylonitrile are small too: N1 is blocked first. */
static void test_small_acyl_and_michael_acceptor(void **state)
{
    (void)state;
    static const struct {
        const char *target, *kind, *reagent;
    } cases[] = {
        {"CC1CN(C(C)=O)CCCN1", "acylation", "CC(=O)Cl"},
        {"CC1CN(CCC#N)CCCN1", "aza_michael", "C=CC#N"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        planned p = plan_route(METHYL_2_DIAZEPANE, cases[i].target);
        assert_plan_verified(p.plan, cases[i].target);
        int install = require_step_index(p.plan, cases[i].kind, NULL, "N4");
        assert_reagent_is(&p.plan->steps[install], "electrophile", cases[i].reagent);
        assert_true(require_step_index(p.plan, "protect", NULL, "N1") < install);
        planned_free(&p);
    }
}

/* ---- hindrance-driven selectivity for bulky reagents ------------------------------- */

/* A bulky arenesulfonyl chloride relies on hindrance: one step at N4, at
 * mono_equiv, flagged, with the acid-base mono workup. */
static void test_bulky_sulfonyl_chloride_is_selective(void **state)
{
    (void)state;
    const char *target = "CC1CN(S(=O)(=O)c2ccccc2)CCCN1";
    planned p = plan_route(METHYL_2_DIAZEPANE, target);
    assert_plan_verified(p.plan, target);
    const dzp_step *s = require_only_step(p.plan, "sulfonylation", "sulfonylation_sulfonyl_chloride");
    assert_string_equal(s->site, "N4");
    /* the bulky reagent picks N4: about one equivalent, no excess of either partner */
    assert_reagent_equiv(s, "electrophile", "ClS(=O)(=O)c1ccccc1",
                         plan_rules()->planner.selective_equiv);
    assert_true(plan_rules()->planner.selective_equiv > 0.9);
    assert_true(step_has_flag(s, "regioselectivity"));
    assert_true(contains(s->workup, "1 M HCl"));
    planned_free(&p);
}

/* SNAr with an aryl fluoride relies on hindrance too; the hindered N1 is
 * never the one arylated first. */
static void test_snar_is_selective_for_the_unhindered_n(void **state)
{
    (void)state;
    const char *target = "CC1CN(c2ccc(C#N)cc2)CCCN1";
    planned p = plan_route(METHYL_2_DIAZEPANE, target);
    assert_plan_verified(p.plan, target);
    const dzp_step *s = require_only_step(p.plan, "snar", "snar_fluoroarene");
    assert_string_equal(s->site, "N4");
    assert_true(step_has_flag(s, "regioselectivity"));
    planned_free(&p);
}

/* D12 (t13): 6-ring position aside, Boc2O on 5-methyl diazepane goes to the
 * unhindered N at mono_equiv (0.95), not 1.1. */
static void test_selective_boc_uses_mono_equiv(void **state)
{
    (void)state;
    const char *target = "CC1CCN(CCN1)C(=O)OC(C)(C)C";
    planned p = plan_route("CC1CCNCCN1", target);
    assert_plan_verified(p.plan, target);
    const dzp_step *s = require_only_step(p.plan, "protect", "boc_protect");
    assert_reagent_equiv(s, "electrophile", "CC(C)(C)OC(=O)OC(=O)OC(C)(C)C", 0.95);
    assert_true(step_has_flag(s, "regioselectivity"));
    planned_free(&p);
}

/* ---- order of acylation and the other N ------------------------------------------- */

/* thenoyl_then_methyl_order: acylate first, methylate last. */
static void test_thenoyl_then_methyl_order(void **state)
{
    (void)state;
    const char *target = "CN1CCCN(CC1)C(=O)c1cccs1";
    planned p = plan_route(HOMOPIPERAZINE, target);
    assert_plan_verified(p.plan, target);
    int acyl = require_step_index(p.plan, "acylation", NULL, NULL);
    int methyl = require_step_index(p.plan, "reductive_amination", "reductive_methylation", NULL);
    assert_reagent_is(&p.plan->steps[acyl], "electrophile", "O=C(Cl)c1cccs1");
    assert_reagent_is(&p.plan->steps[methyl], "electrophile", "C=O");
    assert_true(acyl < methyl);
    assert_int_equal(methyl, (int)p.plan->n_steps - 1);
    planned_free(&p);
}

/* acyl_then_hydroxybenzyl_order: the acid chloride never meets the free
 * phenol; from the phenol-bearing amine the acid is coupled with HATU. */
static void test_acyl_then_hydroxybenzyl_order(void **state)
{
    (void)state;
    const char *target = "O=C(C1CC1)N1CCCN(Cc2cccc(O)c2)CC1";
    planned p = plan_route(HOMOPIPERAZINE, target);
    assert_plan_verified(p.plan, target);
    int acyl = require_step_index(p.plan, "acylation", NULL, NULL);
    int ra = require_step_index(p.plan, "reductive_amination", NULL, NULL);
    assert_reagent_is(&p.plan->steps[acyl], "electrophile", "O=C(Cl)C1CC1");
    assert_reagent_is(&p.plan->steps[ra], "electrophile", "O=Cc1cccc(O)c1");
    assert_true(acyl < ra);
    planned_free(&p);

    p = plan_route("Oc1cccc(CN2CCCNCC2)c1", target);
    assert_plan_verified(p.plan, target);
    assert_no_step_uses(p.plan, "electrophile", "O=C(Cl)C1CC1");
    require_only_step(p.plan, "acylation", "acylation_acid_hatu");
    planned_free(&p);
}

/* ---- review defects ----------------------------------------------------------------- */

/* D2 (t05): the other N is methylated, so the plain workup, not the
 * acid-base extraction meant for the free diamine. */
static void test_workup_without_a_free_diamine(void **state)
{
    (void)state;
    const char *target = "CN1CCCN(CC1)C(=O)c1ccc(Cl)cc1";
    planned p = plan_route("CN1CCCNCC1", target);
    assert_plan_verified(p.plan, target);
    const dzp_step *s = require_only_step(p.plan, "acylation", "acylation_acid_chloride");
    assert_reagent_equiv(s, "electrophile", "O=C(Cl)c1ccc(Cl)cc1", s->rule->key.equiv);
    assert_string_equal(s->workup, s->rule->workup);
    assert_false(contains(s->workup, "1 M HCl"));
    planned_free(&p);

    /* on the free symmetric diamine: mono_equiv and the acid-base extraction */
    p = plan_route(HOMOPIPERAZINE, "O=C(c1ccc(Cl)cc1)N1CCCNCC1");
    s = require_only_step(p.plan, "acylation", "acylation_acid_chloride");
    assert_reagent_equiv(s, "electrophile", "O=C(Cl)c1ccc(Cl)cc1", s->rule->key.mono_equiv);
    assert_string_equal(s->workup, s->rule->mono_workup);
    assert_true(step_has_flag(s, "bis_functionalization"));
    planned_free(&p);
}

/* D11 (t04): bromoacetonitrile's product is too poor a nucleophile to
 * quaternize; (E)-cinnamyl bromide's is not (D8: its geometry is kept). */
static void test_quaternization_only_where_it_happens(void **state)
{
    (void)state;
    const char *target = "N#CCN1CCCN(CC1)C(=O)OC(C)(C)C";
    planned p = plan_route(BOC_HOMOPIPERAZINE, target);
    assert_plan_verified(p.plan, target);
    const dzp_step *s = require_step_of_kind(p.plan, "n_alkylation");
    assert_reagent_is(s, "electrophile", "BrCC#N");
    assert_false(step_has_flag(s, "quaternization"));
    planned_free(&p);

    target = "CN1CCCN(CC1)C/C=C/c1ccccc1";
    p = plan_route("CN1CCCNCC1", target);
    assert_plan_verified(p.plan, target);
    s = require_step_of_kind(p.plan, "n_alkylation");
    assert_reagent_is(s, "electrophile", "BrC/C=C/c1ccccc1");
    assert_true(step_has_flag(s, "quaternization"));
    planned_free(&p);
}

/* D13 (t23): Pd amination beside the lactam N-H: the amide_n_arylation
 * flag, and the Cs2CO3/dioxane conditions win over NaOtBu/toluene. */
static void test_lactam_nh_under_buchwald(void **state)
{
    (void)state;
    const char *target = "O=C1CCN(CCN1)c1ccc(OC)cc1";
    planned p = plan_route("O=C1CCNCCN1", target);
    assert_plan_verified(p.plan, target);
    const dzp_step *s = require_step_of_kind(p.plan, "buchwald_hartwig");
    assert_true(step_has_flag(s, "amide_n_arylation"));
    assert_reagent_is(s, "base", "[Cs+].[Cs+].[O-]C([O-])=O");
    planned_free(&p);
}

/* D14 (t29): benzoyl chloride beside a free secondary alcohol is flagged. */
static void test_o_acylation_of_a_free_alcohol(void **state)
{
    (void)state;
    const char *target = "OC1CN(CCN(C1)C(=O)c1ccccc1)C(=O)c1ccccc1";
    planned p = plan_route("OC1CNCCNC1", target);
    assert_plan_verified(p.plan, target);
    const dzp_step *s = require_only_step(p.plan, "acylation", "acylation_acid_chloride");
    assert_true(step_has_flag(s, "competing_nucleophile"));
    planned_free(&p);
}

/* D15 (t10): 5-bromo-2-fluoropyridine in DMSO, not the 2-chloropyridine at
 * 140 °C (and no Pd beside the ArBr). */
static void test_fluoropyridine_over_chloropyridine(void **state)
{
    (void)state;
    const char *target = "Brc1ccc(nc1)N1CCCN(CC1)C(=O)OC(C)(C)C";
    planned p = plan_route(BOC_HOMOPIPERAZINE, target);
    assert_plan_verified(p.plan, target);
    const dzp_step *s = require_only_step(p.plan, "snar", "snar_fluoroarene");
    assert_reagent_is(s, "electrophile", "Fc1ccc(Br)cn1");
    planned_free(&p);
}

/* D16 (t02): a heteroaryl sulfonyl chloride is sold as the hydrochloride,
 * so the base covers it (2.5 equiv Et3N). */
static void test_sulfonylation_base_covers_the_hydrochloride(void **state)
{
    (void)state;
    const char *target = "O=S(=O)(c1cccc2cnccc12)N1CCCNCC1";
    planned p = plan_route(HOMOPIPERAZINE, target);
    assert_plan_verified(p.plan, target);
    const dzp_step *s = require_only_step(p.plan, "sulfonylation", "sulfonylation_sulfonyl_chloride");
    /* 2.5 equiv per sulfonyl chloride hydrochloride, the limiting partner
     * (0.33 equiv against the diamine in excess) */
    const dzp_step_reagent *key = require_reagent(s, "electrophile");
    assert_float_equal(key->equiv, 0.33, 1e-9);
    assert_reagent_equiv(s, "base", "CCN(CC)CC", 2.5 * 0.33);
    planned_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmoc_last_quinoxalinyl),
        cmocka_unit_test(test_fmoc_off_before_hot_snar),
        cmocka_unit_test(test_fmoc_after_reductive_amination),
        cmocka_unit_test(test_fmoc_survives_a_short_acylation),
        cmocka_unit_test(test_gem_dimethyl_hindered_n_methyl),
        cmocka_unit_test(test_formaldehyde_needs_the_other_n_protected),
        cmocka_unit_test(test_small_electrophile_refusal_says_why),
        cmocka_unit_test(test_small_acyl_and_michael_acceptor),
        cmocka_unit_test(test_bulky_sulfonyl_chloride_is_selective),
        cmocka_unit_test(test_snar_is_selective_for_the_unhindered_n),
        cmocka_unit_test(test_selective_boc_uses_mono_equiv),
        cmocka_unit_test(test_thenoyl_then_methyl_order),
        cmocka_unit_test(test_acyl_then_hydroxybenzyl_order),
        cmocka_unit_test(test_workup_without_a_free_diamine),
        cmocka_unit_test(test_quaternization_only_where_it_happens),
        cmocka_unit_test(test_lactam_nh_under_buchwald),
        cmocka_unit_test(test_o_acylation_of_a_free_alcohol),
        cmocka_unit_test(test_fluoropyridine_over_chloropyridine),
        cmocka_unit_test(test_sulfonylation_base_covers_the_hydrochloride),
    };
    return cmocka_run_group_tests(tests, plan_rules_load, plan_rules_free);
}
