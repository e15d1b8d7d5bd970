/*
 * test_more_reactions.c - the reactions issue 8 item 3 added, checked as a
 * chemist would check them.
 *
 * N-cyclopropyl from (1-ethoxycyclopropoxy)trimethylsilane and NaBH3CN
 * (realism row pyridyl_cyclopropyl), with Chan-Lam on cyclopropylboronic
 * acid as the alternative and never cyclopropanone; Chan-Lam N-arylation
 * where every Pd form would also couple at an aryl iodide, and as the
 * alternative behind Buchwald-Hartwig otherwise; 2-hydroxyalkyl groups from
 * terminal epoxides with the carbinol configuration kept, never from an
 * alpha-hydroxy aldehyde; a 1-arylethyl from the aryl ketone with
 * Ti(OiPr)4/NaBH4 rather than STAB; EDC/HOBt beside HATU, with the
 * racemization flag on an alpha-chiral acid; and the aryl triflate form of
 * Buchwald-Hartwig, ranked behind the bromide and verified when it is the
 * form planned (a rules copy that makes it the cheapest, as for the
 * sulfonates of test_reagent_forms).  Each test checks the step's kind and
 * rule, the bought reagent by canonical SMILES, key conditions, and the
 * flags under the step.
 */
#define _POSIX_C_SOURCE 200809L

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
#include "rules_scratch.h"

#define METHYL_HOMOPIPERAZINE "CN1CCCNCC1"
#define BOC_HOMOPIPERAZINE "CC(C)(C)OC(=O)N1CCCNCC1"

/* The plan is one verified step of this kind and rule whose electrophile is
 * `smiles` (canonicalised by the helper). */
static const dzp_step *one_step(const planned *p, const char *target, const char *kind,
                                const char *rule, const char *smiles)
{
    assert_plan_verified_by_steps(p->plan, target);
    const dzp_step *step = require_only_step(p->plan, kind, rule);
    assert_reagent_is(step, "electrophile", smiles);
    return step;
}

/* The flag id is raised on step with this severity. */
static void assert_flag(const dzp_step *step, const char *id, dzp_severity severity)
{
    const dzp_flag *flag = find_flag(step, id);
    if (!flag)
        fail_msg("step %d (%s) has no %s flag", step->n, step->rule->id, id);
    assert_int_equal(flag->severity, severity);
}

/* ---- N-cyclopropyl ------------------------------------------------------------------ */

/* realism.tsv pyridyl_cyclopropyl: one step, the silyl ketal with NaBH3CN
 * and AcOH in refluxing MeOH (cyanide flag under that step); Chan-Lam with
 * cyclopropylboronic acid is the alternative; cyclopropanone is refused. */
static void test_pyridyl_cyclopropyl_by_silyl_ketal(void **state)
{
    (void)state;
    const char *target = "C1CC1N1CCCN(CC1)c1ccccn1";
    planned p = plan_route("c1ccc(nc1)N1CCCNCC1", target);
    const dzp_step *s = one_step(&p, target, "reductive_amination",
                                 "reductive_cyclopropylation_silyl_ketal",
                                 "CCOC1(CC1)O[Si](C)(C)C");
    assert_string_equal(require_reagent(s, "electrophile")->name,
                        "(1-ethoxycyclopropoxy)trimethylsilane");
    assert_reagent_is(s, "reductant", "[Na+].[BH3-]C#N");
    assert_reagent_is(s, "acid", "CC(=O)O");
    assert_string_equal(s->rule->conditions.solvent, "MeOH");
    assert_true(s->rule->conditions.temperature_c.hi >= 60);
    assert_flag(s, "cyanide_byproduct", DZP_SEV_WARNING);
    assert_no_step_uses(p.plan, NULL, "O=C1CC1");
    assert_alternative_refused(p.plan, "cyclopropanone", "not isolable");
    assert_alternative_refused(p.plan, "Chan-Lam N-cyclopropylation", "less preferred");
    planned_free(&p);
}

/* ---- Chan-Lam N-arylation -------------------------------------------------------------- */

/* N-(4-iodophenyl): every Pd form would also couple at the C-I; Chan-Lam
 * with 4-iodophenylboronic acid (Cu(OAc)2, air, rt) leaves it alone. */
static void test_iodophenyl_by_chan_lam(void **state)
{
    (void)state;
    const char *target = "CN1CCCN(CC1)c1ccc(I)cc1";
    planned p = plan_route(METHYL_HOMOPIPERAZINE, target);
    const dzp_step *s = one_step(&p, target, "chan_lam", "chan_lam_aryl_boronic_acid",
                                 "OB(O)c1ccc(I)cc1");
    assert_reagent_is(s, "catalyst", "CC(=O)[O-].CC(=O)[O-].[Cu+2]");
    assert_string_equal(s->rule->conditions.atmosphere, "air");
    assert_true(s->rule->conditions.temperature_c.hi <= 25);
    assert_flag(s, "chan_lam_side_products", DZP_SEV_INFO);
    assert_null(find_step_of_kind(p.plan, "buchwald_hartwig"));
    assert_alternative_refused(p.plan, "Buchwald", "competing_aryl_halide");
    planned_free(&p);
}

/* A plain phenyl: Buchwald-Hartwig with bromobenzene stays the choice and
 * Chan-Lam with phenylboronic acid is a valid alternative behind it. */
static void test_phenyl_chan_lam_is_the_alternative(void **state)
{
    (void)state;
    const char *target = "CN1CCCN(CC1)c1ccccc1";
    planned p = plan_route(METHYL_HOMOPIPERAZINE, target);
    one_step(&p, target, "buchwald_hartwig", "buchwald_hartwig_bromide", "Brc1ccccc1");
    assert_alternative_refused(p.plan, "Chan-Lam N-arylation", "less preferred");
    planned_free(&p);
}

/* ---- epoxide opening ---------------------------------------------------------------------- */

/* (R)- and (S)-2-hydroxypropyl from (R)- and (S)-propylene oxide: the N
 * opens the CH2, the carbinol keeps its configuration; the alpha-hydroxy
 * aldehyde is refused. */
static void test_hydroxypropyl_from_propylene_oxide_keeps_stereo(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"CN1CCCN(CC1)C[C@@H](C)O", "C[C@@H]1CO1"},
        {"CN1CCCN(CC1)C[C@H](C)O", "C[C@H]1CO1"},
    };
    for (size_t i = 0; i < 2; i++) {
        planned p = plan_route(METHYL_HOMOPIPERAZINE, pairs[i][0]);
        const dzp_step *s = one_step(&p, pairs[i][0], "epoxide_opening",
                                     "epoxide_opening_terminal", pairs[i][1]);
        assert_true(strstr(require_reagent(s, "electrophile")->name, i ? "(S)" : "(R)") != NULL);
        assert_string_equal(s->rule->conditions.solvent, "iPrOH");
        assert_true(s->rule->conditions.temperature_c.lo >= 60);
        assert_flag(s, "epoxide_regiochemistry", DZP_SEV_INFO);
        assert_alternative_refused(p.plan, "aldehyde", "alpha-hydroxy aldehyde");
        planned_free(&p);
    }
}

/* Review t07: 2-hydroxy-2-methylpropyl from isobutylene oxide, not from
 * 2-hydroxy-2-methylpropanal (it dimerises). */
static void test_hydroxy_methylpropyl_from_isobutylene_oxide(void **state)
{
    (void)state;
    const char *target = "CC(C)(O)CN1CCCN(CC1)C(=O)OC(C)(C)C";
    planned p = plan_route(BOC_HOMOPIPERAZINE, target);
    one_step(&p, target, "epoxide_opening", "epoxide_opening_terminal", "CC1(C)CO1");
    assert_no_step_uses(p.plan, NULL, "CC(C)(O)C=O");
    planned_free(&p);
}

/* ---- Ti(OiPr)4 reductive amination ------------------------------------------------------- */

/* Racemic 1-phenylethyl: acetophenone with Ti(OiPr)4 then NaBH4, ahead of
 * STAB/AcOH, which barely converts an aryl ketone with a secondary amine. */
static void test_phenylethyl_by_titanium_reductive_amination(void **state)
{
    (void)state;
    const char *target = "CN1CCCN(CC1)C(C)c1ccccc1";
    planned p = plan_route(METHYL_HOMOPIPERAZINE, target);
    const dzp_step *s = one_step(&p, target, "reductive_amination",
                                 "reductive_amination_aryl_ketone_titanium", "CC(=O)c1ccccc1");
    assert_reagent_is(s, "additive", "CC(C)O[Ti](OC(C)C)(OC(C)C)OC(C)C");
    assert_reagent_is(s, "reductant", "[Na+].[BH4-]");
    assert_true(step_has_flag(s, "carbonyl_reduction"));
    assert_alternative_refused(p.plan, "Reductive amination with a ketone", "less preferred");
    planned_free(&p);
}

/* ---- rules copies that make one form the cheapest ----------------------------------------- */

/* The cost of the rule `id` in the real rules; fails when there is none. */
static double cost_of(const char *id)
{
    const dzp_rules *rules = plan_rules();
    for (size_t i = 0; i < rules->n_transformations; i++)
        if (strcmp(rules->transformations[i].id, id) == 0)
            return rules->transformations[i].cost;
    fail_msg("no rule %s", id);
    return 0;
}

/* A scratch copy of rules/ where the rule `id` costs 0.1 (its cost's first
 * three characters overwritten); the caller removes it with scratch_remove(). */
static char *cheap_rule_copy(const char *id)
{
    char *dir = scratch_copy_rules(DZP_TEST_RULES_DIR);
    assert_non_null(dir);
    char path[1024];
    snprintf(path, sizeof(path), "%s/transformations.yaml", dir);
    char *text = scratch_read(path);
    assert_non_null(text);
    char needle[128];
    snprintf(needle, sizeof(needle), "id: %s\n", id);
    char *rule = strstr(text, needle);
    char *cost = rule ? strstr(rule, "    cost: ") : NULL;
    assert_non_null(cost);
    memcpy(cost + strlen("    cost: "), "0.1", 3);
    assert_int_equal(scratch_write(path, text), 0);
    free(text);
    return dir;
}

/* Plan from -> to with the rule `id` made the cheapest; the one step must be
 * that rule with `reagent`, and the route verified by re-applying it. */
static const dzp_step *plan_with_cheap(planned *p, dzp_rules **cheap, char **dir,
                                       const char *id, const char *kind, const char *from,
                                       const char *to, const char *reagent)
{
    *dir = cheap_rule_copy(id);
    if (dzp_rules_load(cheap, *dir) != 0)
        fail_msg("patched rules: %s", dzp_error_last());
    *p = plan_route_with(*cheap, from, to);
    return one_step(p, to, kind, id, reagent);
}

/* Buchwald-Hartwig with an aryl triflate: behind the bromide with the real
 * rules; planned on its own, phenyl triflate with Pd(OAc)2/BINAP and
 * Cs2CO3 (NaOtBu cleaves triflates), the triflate_cleavage flag under the
 * step, and the step re-applied to the target. */
static void test_aryl_triflate_form(void **state)
{
    (void)state;
    const char *target = "CN1CCCN(CC1)c1ccccc1";
    assert_true(cost_of("buchwald_hartwig_triflate") > cost_of("buchwald_hartwig_bromide"));
    assert_true(cost_of("buchwald_hartwig_triflate") > cost_of("buchwald_hartwig_iodide"));
    planned p = plan_route(METHYL_HOMOPIPERAZINE, target);
    one_step(&p, target, "buchwald_hartwig", "buchwald_hartwig_bromide", "Brc1ccccc1");
    planned_free(&p);

    dzp_rules *cheap = NULL;
    char *dir = NULL;
    const dzp_step *s = plan_with_cheap(&p, &cheap, &dir, "buchwald_hartwig_triflate",
                                        "buchwald_hartwig", METHYL_HOMOPIPERAZINE, target,
                                        "O=S(=O)(Oc1ccccc1)C(F)(F)F");
    assert_reagent_is(s, "base", "[Cs+].[Cs+].[O-]C([O-])=O");
    assert_flag(s, "triflate_cleavage", DZP_SEV_INFO);
    planned_free(&p);
    dzp_rules_free(cheap);
    scratch_remove(dir);
}

/* EDC/HOBt beside HATU: the alpha-chiral acid (Boc-L-phenylalanine) is
 * coupled with its configuration stated and the racemization flag under
 * the step; EDC and HOBt are the reagents, the acid chloride never. */
static void test_edc_hobt_coupling_flags_racemization(void **state)
{
    (void)state;
    const char *target = "CN1CCCN(CC1)C(=O)[C@H](Cc1ccccc1)NC(=O)OC(C)(C)C";
    const char *acid = "CC(C)(C)OC(=O)N[C@@H](Cc1ccccc1)C(=O)O";
    assert_true(cost_of("acylation_acid_edc_hobt") >= cost_of("acylation_acid_hatu"));
    planned p = plan_route(METHYL_HOMOPIPERAZINE, target);
    one_step(&p, target, "acylation", "acylation_acid_hatu", acid);
    planned_free(&p);

    dzp_rules *cheap = NULL;
    char *dir = NULL;
    const dzp_step *s = plan_with_cheap(&p, &cheap, &dir, "acylation_acid_edc_hobt",
                                        "acylation", METHYL_HOMOPIPERAZINE, target, acid);
    assert_reagent_is(s, "additive", "CCN=C=NCCCN(C)C.Cl");
    assert_flag(s, "racemization", DZP_SEV_WARNING);
    planned_free(&p);
    dzp_rules_free(cheap);
    scratch_remove(dir);
}

/* Chan-Lam N-cyclopropylation, planned on its own: cyclopropylboronic acid,
 * Cu(OAc)2 with 2,2'-bipyridine and Na2CO3 in DCE at 70 °C under air. */
static void test_cyclopropyl_by_chan_lam_verifies(void **state)
{
    (void)state;
    dzp_rules *cheap = NULL;
    char *dir = NULL;
    planned p;
    const dzp_step *s = plan_with_cheap(&p, &cheap, &dir, "chan_lam_cyclopropyl", "chan_lam",
                                        "c1ccc(nc1)N1CCCNCC1", "C1CC1N1CCCN(CC1)c1ccccn1",
                                        "OB(O)C1CC1");
    assert_reagent_is(s, "ligand", "c1ccc(nc1)-c1ccccn1");
    assert_reagent_is(s, "base", "[Na+].[Na+].[O-]C([O-])=O");
    assert_string_equal(s->rule->conditions.solvent, "DCE");
    assert_string_equal(s->rule->conditions.atmosphere, "air");
    planned_free(&p);
    dzp_rules_free(cheap);
    scratch_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pyridyl_cyclopropyl_by_silyl_ketal),
        cmocka_unit_test(test_cyclopropyl_by_chan_lam_verifies),
        cmocka_unit_test(test_iodophenyl_by_chan_lam),
        cmocka_unit_test(test_phenyl_chan_lam_is_the_alternative),
        cmocka_unit_test(test_hydroxypropyl_from_propylene_oxide_keeps_stereo),
        cmocka_unit_test(test_hydroxy_methylpropyl_from_isobutylene_oxide),
        cmocka_unit_test(test_phenylethyl_by_titanium_reductive_amination),
        cmocka_unit_test(test_aryl_triflate_form),
        cmocka_unit_test(test_edc_hobt_coupling_flags_racemization),
    };
    return cmocka_run_group_tests(tests, plan_rules_load, plan_rules_free);
}
