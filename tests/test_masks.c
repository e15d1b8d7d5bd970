/*
 * test_masks.c - masked building blocks (rules/masks.yaml): a side chain
 * whose free amine, aniline, acid or ketone would destroy its own reagent
 * or another step is installed masked, and a later unmask step reveals it.
 *
 * The first five tests are rows of shared/cases/realism.tsv (name, from, to
 * quoted), read as a chemist reads the route: the building block actually
 * bought (canonical SMILES), the unmask step and its reagents, the order,
 * which step says what it masks, and the forms that must never appear (a
 * side-chain Boc beside a ring Boc that stays; H2/Pd-C beside an N-benzyl
 * that stays; the free amino aldehyde).  The rest try the principle on
 * other targets: both nitrogens of a symmetric diamine given the same
 * masked group, a target that already carries the masked form (the mask is
 * then not used), and the JSON-facing fields of the plan.
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

/* ---- what a chemist checks -------------------------------------------------- */

/* Step n (1-based) of the plan; fails the test when the route is shorter. */
static const dzp_step *step_n(const dzp_plan *p, size_t n)
{
    if (p->n_steps < n)
        fail_msg("the route has %zu steps, step %zu was expected", p->n_steps, n);
    return &p->steps[n - 1];
}

/* A two-step route: install (kind, masked as `as`) then the unmask rule. */
static void assert_masked_then_unmasked(const dzp_plan *p, const char *install_kind,
                                        const char *as, const char *unmask_rule)
{
    assert_int_equal(p->n_steps, 2);
    const dzp_step *install = step_n(p, 1), *unmask = step_n(p, 2);
    assert_string_equal(install->rule->kind, install_kind);
    assert_non_null(install->masked);
    assert_string_equal(install->masked->as, as);
    assert_int_equal(install->unmasked_in_step, 2);
    assert_string_equal(unmask->rule->kind, "unmask");
    assert_string_equal(unmask->rule->id, unmask_rule);
    assert_null(unmask->masked);
    assert_string_equal(unmask->site, install->site);
}

/* ---- realism.tsv ---------------------------------------------------------------- */

/* boc_aminopropyl_orthogonal_mask: CC(C)(C)OC(=O)N1CCCNCC1 ->
 * CC(C)(C)OC(=O)N1CCCN(CC1)CCCN.  The side-chain amine is masked
 * orthogonally to the ring Boc: Cbz (H2/Pd-C) or phthalimide (hydrazine),
 * never a side-chain Boc (TFA would take the ring Boc too). */
static void test_aminopropyl_beside_ring_boc(void **state)
{
    (void)state;
    const char *target = "CC(C)(C)OC(=O)N1CCCN(CC1)CCCN";
    planned r = plan_route("CC(C)(C)OC(=O)N1CCCNCC1", target);
    assert_plan_verified_by_steps(r.plan, target);
    assert_int_equal(r.plan->n_steps, 2);
    const dzp_step *unmask = step_n(r.plan, 2);
    assert_string_equal(unmask->rule->kind, "unmask");
    assert_true(strcmp(unmask->rule->id, "unmask_cbz_amine") == 0 ||
                strcmp(unmask->rule->id, "unmask_phthalimide") == 0);
    for (size_t i = 0; i < r.plan->n_steps; i++) {
        assert_string_not_equal(r.plan->steps[i].rule->id, "unmask_boc_amine");
        assert_string_not_equal(r.plan->steps[i].rule->kind, "deprotect");
    }
    if (strcmp(unmask->rule->id, "unmask_cbz_amine") == 0)
        assert_reagent_is(step_n(r.plan, 1), "electrophile", "O=CCCNC(=O)OCc1ccccc1");
    assert_no_step_uses(r.plan, "electrophile", "O=CCCNC(=O)OC(C)(C)C");
    assert_no_step_uses(r.plan, "electrophile", "BrCCCN");
    assert_alternative_refused(r.plan, "Boc removal from the side-chain amine",
                               "Boc carbamate");
    planned_free(&r);
}

/* benzyl_carboxyethyl_ester_mask: c1ccc(CN2CCCNCC2)cc1 ->
 * OC(=O)CCN1CCCN(Cc2ccccc2)CC1.  Aza-Michael addition to tert-butyl
 * acrylate, then TFA (or methyl acrylate then LiOH); never acrylic acid,
 * and no hydrogenation (the N-benzyl stays). */
static void test_carboxyethyl_from_acrylate_ester(void **state)
{
    (void)state;
    const char *target = "OC(=O)CCN1CCCN(Cc2ccccc2)CC1";
    planned r = plan_route("c1ccc(CN2CCCNCC2)cc1", target);
    assert_plan_verified_by_steps(r.plan, target);
    assert_masked_then_unmasked(r.plan, "aza_michael", "tert-butyl ester", "unmask_tbu_ester");
    assert_reagent_is(step_n(r.plan, 1), "electrophile", "C=CC(=O)OC(C)(C)C");
    assert_reagent_is(step_n(r.plan, 2), "acid", "OC(=O)C(F)(F)F");
    assert_true(step_has_flag(step_n(r.plan, 2), "aqueous_loss"));
    assert_no_step_uses(r.plan, "electrophile", "C=CC(=O)O");
    assert_no_step_uses(r.plan, NULL, "[H][H]");
    planned_free(&r);
}

/* methyl_piperidin4yl_boc_mask: CN1CCCNCC1 -> CN1CCCN(CC1)C1CCNCC1.
 * Reductive amination with 1-Boc-4-piperidone, then TFA; never the free
 * 4-piperidone, which is refused with its reason. */
static void test_piperidinyl_from_boc_piperidone(void **state)
{
    (void)state;
    const char *target = "CN1CCCN(CC1)C1CCNCC1";
    planned r = plan_route("CN1CCCNCC1", target);
    assert_plan_verified_by_steps(r.plan, target);
    assert_masked_then_unmasked(r.plan, "reductive_amination", "N-Boc carbamate",
                                "unmask_boc_amine");
    assert_reagent_is(step_n(r.plan, 1), "electrophile", "CC(C)(C)OC(=O)N1CCC(=O)CC1");
    assert_string_equal(step_n(r.plan, 1)->masked->group, "free primary or secondary amine");
    assert_no_step_uses(r.plan, "electrophile", "O=C1CCNCC1");
    assert_alternative_refused(r.plan, "O=C1CCNCC1", "condenses with itself");
    planned_free(&r);
}

/* benzyl_aminobenzoyl_nitro_mask: c1ccc(CN2CCCNCC2)cc1 ->
 * Nc1cccc(c1)C(=O)N1CCCN(Cc2ccccc2)CC1.  3-Nitrobenzoyl chloride then a
 * non-hydrogenolytic nitro reduction (Fe/NH4Cl), or 3-(Boc-amino)benzoic
 * acid with HATU then TFA; never 3-aminobenzoyl chloride, never H2/Pd-C
 * (the N-benzyl stays), never a Boc-amino acid chloride. */
static void test_aminobenzoyl_from_nitrobenzoyl_chloride(void **state)
{
    (void)state;
    const char *target = "Nc1cccc(c1)C(=O)N1CCCN(Cc2ccccc2)CC1";
    planned r = plan_route("c1ccc(CN2CCCNCC2)cc1", target);
    assert_plan_verified_by_steps(r.plan, target);
    assert_masked_then_unmasked(r.plan, "acylation", "nitro group", "unmask_nitro_iron");
    assert_reagent_is(step_n(r.plan, 1), "electrophile", "O=C(Cl)c1cccc(c1)[N+](=O)[O-]");
    assert_reagent_is(step_n(r.plan, 2), "reductant", "[Fe]");
    assert_no_step_uses(r.plan, NULL, "[H][H]");
    assert_no_step_uses(r.plan, "electrophile", "Nc1cccc(c1)C(=O)Cl");
    assert_no_step_uses(r.plan, "electrophile", "CC(C)(C)OC(=O)Nc1cccc(c1)C(=O)Cl");
    assert_alternative_refused(r.plan, "HATU", "less preferred");
    planned_free(&r);
}

/* benzyl_oxocyclohexylmethyl_ketal: c1ccc(CN2CCCNCC2)cc1 ->
 * O=C1CCC(CN2CCCN(Cc3ccccc3)CC2)CC1.  The ketone comes as its ethylene
 * ketal: 1,4-dioxaspiro[4.5]decane-8-carbaldehyde with STAB, then aqueous
 * acid; never 4-oxocyclohexanecarbaldehyde, never the bromomethyl ketone. */
static void test_oxocyclohexylmethyl_from_ketal_aldehyde(void **state)
{
    (void)state;
    const char *target = "O=C1CCC(CN2CCCN(Cc3ccccc3)CC2)CC1";
    planned r = plan_route("c1ccc(CN2CCCNCC2)cc1", target);
    assert_plan_verified_by_steps(r.plan, target);
    assert_masked_then_unmasked(r.plan, "reductive_amination", "ethylene ketal", "unmask_ketal");
    assert_reagent_is(step_n(r.plan, 1), "electrophile", "O=CC1CCC2(CC1)OCCO2");
    assert_reagent_is(step_n(r.plan, 2), "acid", "Cl");
    assert_no_step_uses(r.plan, "electrophile", "O=CC1CCC(=O)CC1");
    assert_no_step_uses(r.plan, "electrophile", "BrCC1CCC(=O)CC1");
    planned_free(&r);
}

/* ---- the principle on other targets ------------------------------------------------ */

/* Both nitrogens of homopiperazine get a 2-aminoethyl: one install on both
 * (the same masked reagent) and one unmask on both. */
static void test_same_masked_group_on_both_nitrogens(void **state)
{
    (void)state;
    const char *target = "NCCN1CCCN(CCN)CC1";
    planned r = plan_route("C1CNCCNC1", target);
    assert_plan_verified_by_steps(r.plan, target);
    assert_int_equal(r.plan->n_steps, 2);
    assert_string_equal(step_n(r.plan, 1)->site, "N1,N4");
    assert_non_null(step_n(r.plan, 1)->masked);
    assert_string_equal(step_n(r.plan, 2)->rule->kind, "unmask");
    assert_string_equal(step_n(r.plan, 2)->site, "N1,N4");
    planned_free(&r);
}

/* A free amine on a side chain that also carries a Boc-protected amine:
 * the Boc mask cannot be used (TFA could not tell the two apart), so the
 * route masks the free amine another way, and the Boc of the target stays. */
static void test_mask_not_used_where_target_has_it(void **state)
{
    (void)state;
    const char *target = "CN1CCCN(CC1)CC(CN)CNC(=O)OC(C)(C)C";
    planned r = plan_route("CN1CCCNCC1", target);
    assert_plan_verified_by_steps(r.plan, target);
    for (size_t i = 0; i < r.plan->n_steps; i++) {
        const dzp_step *s = &r.plan->steps[i];
        assert_false(s->masked && strcmp(s->masked->as, "N-Boc carbamate") == 0);
        assert_string_not_equal(s->rule->id, "unmask_boc_amine");
    }
    planned_free(&r);
}

/* An aminoaryl is made from the nitroaryl halide by SNAr, then Fe/NH4Cl:
 * 4-fluoronitrobenzene for 4-aminophenyl, 2-chloro-3-nitropyridine for
 * 3-aminopyridin-2-yl (the amino chloropyridine is too deactivated). */
static void test_aminoaryl_by_snar_on_the_nitro_compound(void **state)
{
    (void)state;
    static const struct {
        const char *target, *reagent;
    } cases[] = {
        {"CN1CCCN(CC1)c1ccc(N)cc1", "Fc1ccc(cc1)[N+](=O)[O-]"},
        {"CN1CCCN(CC1)c1ncccc1N", "[O-][N+](=O)c1cccnc1Cl"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        planned r = plan_route("CN1CCCNCC1", cases[i].target);
        assert_plan_verified_by_steps(r.plan, cases[i].target);
        assert_masked_then_unmasked(r.plan, "snar", "nitro group", "unmask_nitro_iron");
        assert_reagent_is(step_n(r.plan, 1), "electrophile", cases[i].reagent);
        planned_free(&r);
    }
}

/* A free benzoic acid does not go through a Pd coupling: the ester is
 * coupled and the acid revealed afterwards. */
static void test_carboxyaryl_coupled_as_the_ester(void **state)
{
    (void)state;
    const char *target = "CN1CCCN(CC1)c1ccc(cc1)C(=O)O";
    planned r = plan_route("CN1CCCNCC1", target);
    assert_plan_verified_by_steps(r.plan, target);
    assert_int_equal(r.plan->n_steps, 2);
    assert_string_equal(step_n(r.plan, 1)->rule->kind, "buchwald_hartwig");
    assert_string_equal(step_n(r.plan, 1)->masked->group, "carboxylic acid");
    assert_no_step_uses(r.plan, "electrophile", "OC(=O)c1ccc(Br)cc1");
    assert_alternative_refused(r.plan, "Buchwald", "free_acid_in_coupling");
    planned_free(&r);
}

/* A plain group needs no mask: no unmask step, no masked field. */
static void test_plain_group_has_no_mask(void **state)
{
    (void)state;
    const char *target = "CN1CCCN(Cc2ccccc2)CC1";
    planned r = plan_route("CN1CCCNCC1", target);
    assert_plan_verified_by_steps(r.plan, target);
    for (size_t i = 0; i < r.plan->n_steps; i++) {
        assert_null(r.plan->steps[i].masked);
        assert_string_not_equal(r.plan->steps[i].rule->kind, "unmask");
    }
    planned_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aminopropyl_beside_ring_boc),
        cmocka_unit_test(test_carboxyethyl_from_acrylate_ester),
        cmocka_unit_test(test_piperidinyl_from_boc_piperidone),
        cmocka_unit_test(test_aminobenzoyl_from_nitrobenzoyl_chloride),
        cmocka_unit_test(test_oxocyclohexylmethyl_from_ketal_aldehyde),
        cmocka_unit_test(test_same_masked_group_on_both_nitrogens),
        cmocka_unit_test(test_mask_not_used_where_target_has_it),
        cmocka_unit_test(test_aminoaryl_by_snar_on_the_nitro_compound),
        cmocka_unit_test(test_carboxyaryl_coupled_as_the_ester),
        cmocka_unit_test(test_plain_group_has_no_mask),
    };
    return cmocka_run_group_tests(tests, plan_rules_load, plan_rules_free);
}
