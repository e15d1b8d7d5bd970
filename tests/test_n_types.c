/*
 * test_n_types.c - knowing what each nitrogen is (issue 8, item 1).
 *
 * First the perception: scaffold.yaml's n_types say what each ring N is as
 * it stands (N-Boc a carbamate, N-aryl an aryl_amine, a lactam N-H an
 * amide) and as a free N-H in the ring core, which is what a step meets.
 * Then the planning, checked the way a chemist reads the route, on rows of
 * shared/cases/realism.tsv: an amine beside a lactam reacts alone at about
 * one equivalent with no protecting group and no selectivity flag; a lactam
 * N-H is alkylated with NaH and an alkyl bromide, never reductively
 * aminated and never Boc-protected; a free amine beside a lactam is
 * protected before the NaH step; a side-chain sulfonamide N-H stays a
 * spectator of a reductive amination.
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
#include "plan_checks.h"

/* ---- perception -------------------------------------------------------------- */

static dzp_scaffold *perceive(const char *smiles)
{
    dzp_scaffold *s = NULL;
    if (dzp_substrate_load(&s, smiles, plan_rules()) != 0)
        fail_msg("%s: %s", smiles, dzp_error_last());
    return s;
}

/* The site whose n type (as it stands) is `type`, or fail. */
static const dzp_site *site_of_type(const dzp_scaffold *s, const char *type)
{
    for (int k = 0; k < 2; k++)
        if (strcmp(s->site[k].n_type, type) == 0)
            return &s->site[k];
    fail_msg("%s has no %s nitrogen (N1 %s, N4 %s)", s->smiles, type, s->site[0].n_type,
             s->site[1].n_type);
    return NULL;
}

static void test_lactam_is_amide_beside_amine(void **state)
{
    (void)state;
    dzp_scaffold *s = perceive("O=C1CCNCCN1"); /* 1,4-diazepan-5-one */
    const dzp_site *amide = site_of_type(s, "amide"), *amine = site_of_type(s, "amine");
    assert_ptr_not_equal(amide, amine);
    assert_int_equal(amide->state, DZP_SITE_NH);
    assert_int_equal(amine->state, DZP_SITE_NH);
    assert_string_equal(amide->core_n_type, "amide");
    assert_string_equal(amine->core_n_type, "amine");
    dzp_scaffold_free(s);
}

static void test_boc_lactam(void **state)
{
    (void)state;
    dzp_scaffold *s = perceive("CC(C)(C)OC(=O)N1CCNC(=O)CC1");
    const dzp_site *boc = site_of_type(s, "carbamate"), *lactam = site_of_type(s, "amide");
    assert_int_equal(boc->state, DZP_SITE_PG);
    assert_string_equal(boc->pg->name, "Boc");
    /* after deprotection a step meets an amine there; the lactam stays an amide */
    assert_string_equal(boc->core_n_type, "amine");
    assert_string_equal(lactam->core_n_type, "amide");
    dzp_scaffold_free(s);
}

/* One substituent on N1 of the plain ring: its n type, and an amine core. */
static void check_substituted(const char *smiles, const char *type)
{
    dzp_scaffold *s = perceive(smiles);
    const dzp_site *typed = site_of_type(s, type);
    const dzp_site *free_nh = typed == &s->site[0] ? &s->site[1] : &s->site[0];
    assert_string_equal(free_nh->n_type, "amine");
    assert_string_equal(typed->core_n_type, "amine");
    assert_string_equal(free_nh->core_n_type, "amine");
    dzp_scaffold_free(s);
}

static void test_substituted_nitrogens(void **state)
{
    (void)state;
    check_substituted("c1ccc(cc1)N1CCCNCC1", "aryl_amine");
    check_substituted("c1ccc(nc1)N1CCCNCC1", "aryl_amine");
    check_substituted("CS(=O)(=O)N1CCCNCC1", "sulfonamide");
    check_substituted("CC(=O)N1CCCNCC1", "amide");
    check_substituted("CN(C)C(=O)N1CCCNCC1", "urea");
    check_substituted("COC(=O)N1CCCNCC1", "carbamate");
    check_substituted("CCN1CCCNCC1", "amine");
}

/* ---- planning ------------------------------------------------------------------- */

/* The step's electrophile is smiles, at equiv equivalents. */
static void assert_key_reagent(const dzp_step *step, const char *smiles, double equiv)
{
    assert_reagent_equiv(step, "electrophile", smiles, equiv);
}

/* None of the flags that mean "the other ring N competes". */
static void assert_no_competition_flags(const dzp_step *step)
{
    static const char *const ids[] = {"regioselectivity", "bis_functionalization",
                                      "di_protection", "over_alkylation"};
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
        if (step_has_flag(step, ids[i]))
            fail_msg("step %d (%s) carries the flag %s", step->n, step->rule->id, ids[i]);
}

/* lactam5_thienylsulfonyl: the amine N of diazepan-5-one is sulfonylated
 * alone, at ~1 equiv, with no protecting group and no bis flag. */
static void test_amine_beside_lactam_reacts_alone(void **state)
{
    (void)state;
    static const char to[] = "O=C1CCN(CCN1)S(=O)(=O)c1cccs1";
    planned p = plan_route("O=C1CCNCCN1", to);
    assert_int_equal(p.plan->status, DZP_STATUS_OK);
    assert_int_equal(p.plan->n_steps, 1);
    const dzp_step *step = &p.plan->steps[0];
    assert_string_equal(step->rule->kind, "sulfonylation");
    assert_null(step->pg);
    const dzp_site *amine = site_of_type(p.substrate, "amine");
    assert_string_equal(step->site, amine->label);
    assert_key_reagent(step, "O=S(=O)(Cl)c1cccs1", step->rule->key.equiv);
    assert_true(step->rule->key.equiv >= 1.0 && step->rule->key.equiv <= 1.1);
    assert_no_competition_flags(step);
    assert_plan_verified_by_steps(p.plan, to);
    planned_free(&p);
}

/* boc_diazepanone_amide_alkylation: one NaH step on the lactam N-H with
 * (bromomethyl)cyclopropane; the Boc stays; no reductive amination. */
static void test_lactam_alkylated_with_nah(void **state)
{
    (void)state;
    static const char to[] = "CC(C)(C)OC(=O)N1CCN(CC2CC2)C(=O)CC1";
    planned p = plan_route("CC(C)(C)OC(=O)N1CCNC(=O)CC1", to);
    assert_int_equal(p.plan->status, DZP_STATUS_OK);
    assert_int_equal(p.plan->n_steps, 1);
    const dzp_step *step = &p.plan->steps[0];
    assert_string_equal(step->rule->id, "lactam_n_alkylation");
    assert_string_equal(step->rule->kind, "n_alkylation");
    assert_string_equal(step->site, site_of_type(p.substrate, "amide")->label);
    assert_key_reagent(step, "BrCC1CC1", 1.1);
    assert_string_equal(require_reagent(step, "base")->smiles, "[H-].[Na+]");
    assert_float_equal(require_reagent(step, "base")->equiv, 1.2, 1e-9);
    assert_true(step->rule->conditions.temperature_c.lo <= 0);
    assert_no_competition_flags(step);
    assert_int_equal(step->n_flags, 0);
    for (size_t i = 0; i < p.plan->n_alts; i++)
        if (strstr(p.plan->alts[i].summary, "eductive amination"))
            fail_msg("a reductive amination of the amide N was considered: %s",
                     p.plan->alts[i].summary);
    assert_plan_verified_by_steps(p.plan, to);
    planned_free(&p);
}

/* diazepan2one_lactam_n_benzylation: Boc on the amine only, NaH and
 * 3-methoxybenzyl bromide on the lactam, then acid takes the Boc off. */
static void test_amine_protected_before_lactam_alkylation(void **state)
{
    (void)state;
    static const char to[] = "COc1cccc(CN2CCCNCC2=O)c1";
    planned p = plan_route("O=C1CNCCCN1", to);
    assert_int_equal(p.plan->status, DZP_STATUS_OK);
    assert_int_equal(p.plan->n_steps, 3);
    const dzp_step *s = p.plan->steps;
    const char *amine = site_of_type(p.substrate, "amine")->label;
    const char *lactam = site_of_type(p.substrate, "amide")->label;
    assert_string_equal(s[0].rule->id, "boc_protect");
    assert_string_equal(s[0].site, amine);
    assert_key_reagent(&s[0], "CC(C)(C)OC(=O)OC(=O)OC(C)(C)C", s[0].rule->key.equiv);
    assert_true(s[0].rule->key.equiv <= 1.1);
    assert_no_competition_flags(&s[0]);
    assert_string_equal(s[1].rule->id, "lactam_n_alkylation");
    assert_string_equal(s[1].site, lactam);
    assert_key_reagent(&s[1], "COc1cccc(CBr)c1", 1.1);
    assert_no_competition_flags(&s[1]);
    assert_string_equal(s[2].rule->kind, "deprotect");
    assert_string_equal(s[2].pg, "Boc");
    assert_string_equal(s[2].site, amine);
    /* NaH on the unprotected substrate would benzylate the amine first */
    bool refused = false;
    for (size_t i = 0; i < p.plan->n_alts; i++)
        refused = refused || (p.plan->alts[i].rejected &&
                              strstr(p.plan->alts[i].rejected, "amine N-H") &&
                              strstr(p.plan->alts[i].rejected, "would react with the reagent"));
    assert_true(refused);
    assert_plan_verified_by_steps(p.plan, to);
    planned_free(&p);
}

/* sulfonanilide_nh_spectator: one reductive amination at the ring N-H; the
 * side-chain sulfonamide N-H needs no protection and is not touched. */
static void test_sulfonamide_nh_spectator(void **state)
{
    (void)state;
    static const char to[] = "CS(=O)(=O)Nc1ccc(cc1)N1CCCN(CC2CC2)CC1";
    planned p = plan_route("CS(=O)(=O)Nc1ccc(cc1)N1CCCNCC1", to);
    assert_int_equal(p.plan->status, DZP_STATUS_OK);
    assert_int_equal(p.plan->n_steps, 1);
    const dzp_step *step = &p.plan->steps[0];
    assert_string_equal(step->rule->kind, "reductive_amination");
    assert_string_equal(step->site, site_of_type(p.substrate, "amine")->label);
    assert_string_equal(site_of_type(p.substrate, "aryl_amine")->label,
                        strcmp(step->site, "N1") == 0 ? "N4" : "N1");
    assert_key_reagent(step, "O=CC1CC1", step->rule->key.equiv);
    assert_true(step->rule->key.equiv >= 1.0 && step->rule->key.equiv <= 1.2);
    assert_no_competition_flags(step);
    assert_false(step_has_flag(step, "competing_nh_alkylation"));
    assert_plan_verified_by_steps(p.plan, to);
    planned_free(&p);
}

/* A group only reductive amination makes, wanted on a lactam N: refused,
 * and the refusal says the N is an amide. */
static void test_refusal_names_the_n_type(void **state)
{
    (void)state;
    planned p = plan_route("CC(C)(C)OC(=O)N1CCNC(=O)CC1", "CC(C)(C)OC(=O)N1CCN(C(C)C)C(=O)CC1");
    assert_int_equal(p.plan->status, DZP_STATUS_NO_ROUTE);
    assert_non_null(strstr(p.plan->message, "n type: amide"));
    assert_non_null(strstr(p.plan->message, "amine nitrogens only"));
    planned_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lactam_is_amide_beside_amine),
        cmocka_unit_test(test_boc_lactam),
        cmocka_unit_test(test_substituted_nitrogens),
        cmocka_unit_test(test_amine_beside_lactam_reacts_alone),
        cmocka_unit_test(test_lactam_alkylated_with_nah),
        cmocka_unit_test(test_amine_protected_before_lactam_alkylation),
        cmocka_unit_test(test_sulfonamide_nh_spectator),
        cmocka_unit_test(test_refusal_names_the_n_type),
    };
    return cmocka_run_group_tests(tests, plan_rules_load, plan_rules_free);
}
