/*
 * test_arylation.c - N-aryl bonds made as a medicinal chemist makes them.
 *
 * The rows of shared/cases/realism.tsv that put an aryl on a ring nitrogen,
 * copied here with what a chemist checks in the route: SNAr where the ring
 * is activated (with the heteroaryl chloride that is bought, or the aryl
 * fluoride of a nitro/cyano/acyl benzene), never SNAr on a pi-excessive
 * five-membered ring or an unactivated benzene; Buchwald-Hartwig at the
 * most reactive halide, with the other halide kept and flagged under the
 * Pd step; and the base picked from the functional groups (Cs2CO3 where
 * NaOtBu would attack an ester, an enolisable ketone, ArCH2CN or a nitro
 * group).  Each row's assertions name the rule, the reagent's canonical
 * SMILES, the base and the flags of the step.
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

/* ---- the rows (name, from, to), as in realism.tsv ------------------------------------------ */

typedef struct {
    const char *name, *from, *to;
} row;

static const row rows[] = {
    {"boc_chloroquinazolin4yl", "CC(C)(C)OC(=O)N1CCCNCC1",
     "CC(C)(C)OC(=O)N1CCCN(CC1)c1nc(Cl)nc2ccccc12"},
    {"benzyl_nitropyridyl", "c1ccc(CN2CCCNCC2)cc1",
     "O=[N+]([O-])c1ccc(nc1)N1CCCN(Cc2ccccc2)CC1"},
    {"hydroxyethyl_fluoronitrophenyl", "OCCN1CCCNCC1",
     "OCCN1CCCN(CC1)c1ccc(cc1F)[N+](=O)[O-]"},
    {"methyl_chloroquinolin4yl", "CN1CCCNCC1", "CN1CCCN(CC1)c1ccnc2cc(Cl)ccc12"},
    {"homo_levofloxacin", "CN1CCCNCC1",
     "C[C@H]1COC2=C3N1C=C(C(=O)C3=CC(=C2N2CCCN(C)CC2)F)C(=O)O"},
    {"boc_methylpyrazol4yl_no_snar", "CC(C)(C)OC(=O)N1CCCNCC1",
     "CC(C)(C)OC(=O)N1CCCN(CC1)c1cnn(C)c1"},
    {"benzyl_benzodioxolyl_no_snar", "c1ccc(CN2CCCNCC2)cc1",
     "c1ccc(CN2CCCN(CC2)c2ccc3OCOc3c2)cc1"},
    {"methyl_chloromethoxyphenyl_br", "CN1CCCNCC1", "COc1ccc(Cl)cc1N1CCCN(C)CC1"},
    {"benzyl_bromopyridin3yl_i", "c1ccc(CN2CCCNCC2)cc1",
     "Brc1cncc(c1)N1CCCN(Cc2ccccc2)CC1"},
    {"boc_methoxycarbonylphenyl_cs2co3", "CC(C)(C)OC(=O)N1CCCNCC1",
     "COC(=O)c1cccc(c1)N1CCCN(CC1)C(=O)OC(C)(C)C"},
    {"methyl_cyanomethylphenyl_base", "CN1CCCNCC1", "N#CCc1ccc(cc1)N1CCCN(C)CC1"},
    {"boc_tetralon7yl_base", "CC(C)(C)OC(=O)N1CCCNCC1",
     "CC(C)(C)OC(=O)N1CCCN(CC1)c1ccc2CCCC(=O)c2c1"},
    {"fmoc_last_quinoxalinyl", "C1CNCCNC1",
     "O=C(OCC1c2ccccc2-c2ccccc12)N1CCCN(CC1)c1cnc2ccccc2n1"},
};

static const char *const base_dipea = "CCN(C(C)C)C(C)C";
static const char *const base_naotbu = "CC(C)(C)[O-].[Na+]";
static const char *const base_cs2co3 = "[Cs+].[Cs+].[O-]C([O-])=O";

static const row *row_named(const char *name)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        if (strcmp(rows[i].name, name) == 0)
            return &rows[i];
    fail_msg("no row %s", name);
    return NULL;
}

/* The row planned: a verified route whose last product is the row's target. */
static planned plan_row(const char *name)
{
    const row *r = row_named(name);
    planned p = plan_route(r->from, r->to);
    assert_plan_verified_by_steps(p.plan, r->to);
    return p;
}

/* ---- what a chemist checks ----------------------------------------------------------------- */

static bool uses_class(const dzp_step *s, const char *cls)
{
    for (size_t i = 0; i < s->rule->n_condition_classes; i++)
        if (strcmp(s->rule->condition_classes[i], cls) == 0)
            return true;
    return false;
}

static bool route_uses_class(const dzp_plan *p, const char *cls)
{
    for (size_t i = 0; i < p->n_steps; i++)
        if (uses_class(&p->steps[i], cls))
            return true;
    return false;
}

static void assert_flag(const dzp_step *s, const char *id, dzp_severity severity)
{
    const dzp_flag *f = find_flag(s, id);
    if (!f)
        fail_msg("step %d (%s) does not flag %s", s->n, s->rule->id, id);
    assert_int_equal(f->severity, severity);
}

/* ---- SNAr ---------------------------------------------------------------------------------- */

/* 2,4-Dichloroquinazoline reacts at C4 first, cold: the 2-Cl survives, the
 * C4 selectivity is flagged under the step, no Pd, no heating, Boc stays. */
static void test_boc_chloroquinazolin4yl(void **state)
{
    (void)state;
    planned p = plan_row("boc_chloroquinazolin4yl");
    const dzp_step *s = require_only_step(p.plan, "snar", "snar_dichloroazine_c4");
    assert_reagent_is(s, "electrophile", "Clc1nc(Cl)c2ccccc2n1");
    assert_string_equal(require_reagent(s, "electrophile")->name, "2,4-dichloroquinazoline");
    assert_reagent_is(s, "base", base_dipea);
    assert_true(s->rule->conditions.temperature_c.hi <= 25);
    assert_false(uses_class(s, "heat"));
    assert_false(uses_class(s, "pd"));
    assert_flag(s, "dichloroazine_c4_selectivity", DZP_SEV_WARNING);
    planned_free(&p);
}

/* 2-Chloro-5-nitropyridine, not a fluoride and not Pd; the benzyl and the
 * nitro group never meet H2/Pd-C. */
static void test_benzyl_nitropyridyl(void **state)
{
    (void)state;
    planned p = plan_row("benzyl_nitropyridyl");
    const dzp_step *s = require_only_step(p.plan, "snar", "snar_azine_chloride");
    assert_reagent_is(s, "electrophile", "O=[N+]([O-])c1ccc(Cl)nc1");
    assert_reagent_is(s, "base", base_dipea);
    assert_false(route_uses_class(p.plan, "pd"));
    assert_false(route_uses_class(p.plan, "hydrogenolysis"));
    planned_free(&p);
}

/* 3,4-Difluoronitrobenzene loses the F para to NO2 (the 2-fluoro-4-
 * nitrophenyl); a tertiary amine base, so the free OH does not compete. */
static void test_hydroxyethyl_fluoronitrophenyl(void **state)
{
    (void)state;
    planned p = plan_row("hydroxyethyl_fluoronitrophenyl");
    const dzp_step *s = require_only_step(p.plan, "snar", "snar_fluoroarene");
    assert_reagent_is(s, "electrophile", "O=[N+]([O-])c1ccc(F)c(F)c1");
    assert_reagent_is(s, "base", base_dipea);
    assert_false(uses_class(s, "base_alkoxide"));
    assert_false(uses_class(s, "pd"));
    planned_free(&p);
}

/* 4,7-Dichloroquinoline: only the 4-Cl (para to the ring N) is displaced,
 * hot; no Buchwald (Pd would also engage the 7-Cl). */
static void test_methyl_chloroquinolin4yl(void **state)
{
    (void)state;
    planned p = plan_row("methyl_chloroquinolin4yl");
    const dzp_step *s = require_only_step(p.plan, "snar", "snar_pyridine_chloride");
    assert_reagent_is(s, "electrophile", "Clc1ccnc2cc(Cl)ccc12");
    assert_string_equal(require_reagent(s, "electrophile")->name, "4,7-dichloroquinoline");
    assert_true(s->rule->conditions.temperature_c.hi >= 120);
    assert_false(uses_class(s, "pd"));
    planned_free(&p);
}

/* The levofloxacin Q-acid: the C10-F para to the ring C=O is displaced,
 * C9-F stays, the (S) centre is kept; no Pd and no protection of the acid. */
static void test_homo_levofloxacin(void **state)
{
    (void)state;
    planned p = plan_row("homo_levofloxacin");
    const dzp_step *s = require_only_step(p.plan, "snar", "snar_fluoroarene");
    assert_reagent_is(s, "electrophile", "C[C@H]1COC2=C3N1C=C(C(=O)C3=CC(F)=C2F)C(=O)O");
    assert_false(uses_class(s, "pd"));
    planned_free(&p);
}

/* Fmoc goes on last: the quinoxaline is made by SNAr with
 * 2-chloroquinoxaline (no Pd), and no Fmoc is on while it runs. */
static void test_fmoc_last_quinoxalinyl(void **state)
{
    (void)state;
    planned p = plan_row("fmoc_last_quinoxalinyl");
    const dzp_step *s = find_step_of_kind(p.plan, "snar");
    assert_non_null(s);
    assert_string_equal(s->rule->id, "snar_azine_chloride");
    assert_reagent_is(s, "electrophile", "Clc1cnc2ccccc2n1");
    assert_false(route_uses_class(p.plan, "pd"));
    for (const dzp_step *before = p.plan->steps; before < s; before++)
        assert_false(product_matches(before, "[#7]C(=O)OCC1c2ccccc2-c2ccccc12"));
    planned_free(&p);
}

/* ---- no SNAr where the ring is not activated ------------------------------------------------ */

static bool any_snar_considered(const dzp_plan *p)
{
    for (size_t i = 0; i < p->n_alts; i++)
        if (strstr(p->alts[i].summary, "SNAr"))
            return true;
    return find_step_of_kind(p, "snar") != NULL;
}

/* 4-Bromo-1-methylpyrazole by Buchwald-Hartwig; a five-membered
 * pi-excessive azole is never an SNAr partner. */
static void test_boc_methylpyrazol4yl_no_snar(void **state)
{
    (void)state;
    planned p = plan_row("boc_methylpyrazol4yl_no_snar");
    const dzp_step *s =
        require_only_step(p.plan, "buchwald_hartwig", "buchwald_hartwig_five_ring_bromide");
    assert_reagent_is(s, "electrophile", "Cn1cc(Br)cn1");
    assert_non_null(strstr(require_reagent(s, "ligand")->name, "tBuBrettPhos"));
    assert_flag(s, "pd_catalyst_poisoning", DZP_SEV_WARNING);
    assert_false(any_snar_considered(p.plan));
    planned_free(&p);
}

/* The 3-fluoro-1-methylpyrazole: no SNAr on pyrazole C3 either. */
static void test_no_snar_on_pyrazol3yl(void **state)
{
    (void)state;
    planned p = plan_route("CC(C)(C)OC(=O)N1CCCNCC1", "CC(C)(C)OC(=O)N1CCCN(CC1)c1ccn(C)n1");
    assert_int_equal(p.plan->status, DZP_STATUS_OK);
    assert_non_null(find_step_of_kind(p.plan, "buchwald_hartwig"));
    assert_false(any_snar_considered(p.plan));
    planned_free(&p);
}

/* 5-Bromo-1,3-benzodioxole, NaOtBu: an electron-rich arene has no
 * activating group. */
static void test_benzyl_benzodioxolyl_no_snar(void **state)
{
    (void)state;
    planned p = plan_row("benzyl_benzodioxolyl_no_snar");
    const dzp_step *s = require_only_step(p.plan, "buchwald_hartwig", "buchwald_hartwig_bromide");
    assert_reagent_is(s, "electrophile", "Brc1ccc2OCOc2c1");
    assert_reagent_is(s, "base", base_naotbu);
    assert_flag(s, "pd_catalyst_poisoning", DZP_SEV_WARNING);
    assert_false(any_snar_considered(p.plan));
    planned_free(&p);
}

/* ---- Buchwald-Hartwig: which halide ---------------------------------------------------------- */

/* At the C-Br of 2-bromo-4-chloroanisole, keeping the C-Cl (flagged under
 * the Pd step); never 2,4-dichloroanisole, never SNAr. */
static void test_methyl_chloromethoxyphenyl_br(void **state)
{
    (void)state;
    planned p = plan_row("methyl_chloromethoxyphenyl_br");
    const dzp_step *s = require_only_step(p.plan, "buchwald_hartwig", "buchwald_hartwig_bromide");
    assert_reagent_is(s, "electrophile", "COc1ccc(Cl)cc1Br");
    assert_reagent_is(s, "base", base_naotbu);
    assert_flag(s, "competing_aryl_halide", DZP_SEV_WARNING);
    assert_flag(s, "pd_catalyst_poisoning", DZP_SEV_WARNING);
    /* the aryl chloride form would couple at either C-Cl */
    assert_true(alternative_refused(p.plan, "aryl chloride", "competing_aryl_halide"));
    planned_free(&p);
}

/* At the C-I of 3-bromo-5-iodopyridine, keeping the C-Br (flagged); never
 * 3,5-dibromopyridine. */
static void test_benzyl_bromopyridin3yl_i(void **state)
{
    (void)state;
    planned p = plan_row("benzyl_bromopyridin3yl_i");
    const dzp_step *s = require_only_step(p.plan, "buchwald_hartwig", "buchwald_hartwig_iodide");
    assert_reagent_is(s, "electrophile", "Brc1cncc(I)c1");
    assert_true(s->rule->conditions.temperature_c.hi <= 80);
    assert_flag(s, "competing_aryl_halide", DZP_SEV_WARNING);
    assert_flag(s, "pd_catalyst_poisoning", DZP_SEV_WARNING);
    assert_true(product_matches(s, "c[Br]"));
    assert_true(alternative_refused(p.plan, "aryl bromide", "aryl bromide (competing_aryl_halide)"));
    planned_free(&p);
}

/* A bromoaryl is no longer refused: 1-bromo-4-iodobenzene couples at C-I. */
static void test_bromophenyl_by_iodide(void **state)
{
    (void)state;
    planned p = plan_route("CC(C)(C)OC(=O)N1CCCNCC1", "CC(C)(C)OC(=O)N1CCCN(CC1)c1ccc(Br)cc1");
    assert_int_equal(p.plan->status, DZP_STATUS_OK);
    const dzp_step *s = require_only_step(p.plan, "buchwald_hartwig", "buchwald_hartwig_iodide");
    assert_reagent_is(s, "electrophile", "Brc1ccc(I)cc1");
    assert_string_equal(require_reagent(s, "electrophile")->name, "1-bromo-4-iodobenzene");
    assert_flag(s, "competing_aryl_halide", DZP_SEV_WARNING);
    planned_free(&p);
}

/* Two C-I on the aryl: whatever halide the reagent couples at, the Pd
 * step would also couple at a C-I, so no Buchwald step is used; Chan-Lam
 * with 3,5-diiodophenylboronic acid (Cu(OAc)2, air, rt) leaves the C-I
 * alone and makes the bond. */
static void test_diiodophenyl_by_chan_lam(void **state)
{
    (void)state;
    planned p = plan_route("C1CNCCNC1", "Ic1cc(I)cc(c1)N1CCCNCC1");
    assert_plan_verified_by_steps(p.plan, "Ic1cc(I)cc(c1)N1CCCNCC1");
    assert_null(find_step_of_kind(p.plan, "buchwald_hartwig"));
    assert_reagent_is(require_step_of_kind(p.plan, "chan_lam"), "electrophile",
                      "OB(O)c1cc(I)cc(I)c1");
    assert_true(alternative_refused(p.plan, "Buchwald", "competing_aryl_halide"));
    planned_free(&p);
}

/* A 4-iodothiophen-2-yl: no SNAr on a five-membered ring, every Pd form
 * also couples at the C-I, and the Chan-Lam partner, a 2-thienylboronic
 * acid, protodeboronates.  Refused, naming the Pd hazard. */
static void test_iodothienyl_refused(void **state)
{
    (void)state;
    planned p = plan_route("C1CNCCNC1", "Ic1csc(c1)N1CCCNCC1");
    assert_int_equal(p.plan->status, DZP_STATUS_NO_ROUTE);
    assert_non_null(strstr(p.plan->message, "aryl iodide (competing_aryl_halide)"));
    assert_true(alternative_refused(p.plan, "Chan-Lam", "protodeboronates"));
    planned_free(&p);
}

/* A free ArNH2 on the coupling partner (4-bromoaniline) would couple with
 * itself: no Buchwald step may use it. */
static void test_aniline_partner_refused(void **state)
{
    (void)state;
    planned p = plan_route("CC(C)(C)OC(=O)N1CCCNCC1", "CC(C)(C)OC(=O)N1CCCN(CC1)c1ccc(N)cc1");
    for (size_t i = 0; p.plan->status == DZP_STATUS_OK && i < p.plan->n_steps; i++)
        if (strcmp(p.plan->steps[i].rule->kind, "buchwald_hartwig") == 0)
            assert_false(product_matches(&p.plan->steps[i], "c[NX3;H2]"));
    /* refused either by reagent_validity.yaml (the partner couples with
     * itself) or by the product's aryl amine lability under Pd */
    if (p.plan->status != DZP_STATUS_OK)
        assert_true(strstr(p.plan->message, "couples with itself") ||
                    strstr(p.plan->message, "competing_nucleophile"));
    planned_free(&p);
}

/* ---- Buchwald-Hartwig: which base ------------------------------------------------------------ */

/* A base-sensitive group: the Cs2CO3 form wins, and the NaOtBu form lost
 * with that reason. */
static void assert_carbonate_coupling(const char *name, const char *aryl_bromide,
                                      const char *why)
{
    planned p = plan_row(name);
    const dzp_step *s =
        require_only_step(p.plan, "buchwald_hartwig", "buchwald_hartwig_bromide_carbonate");
    assert_reagent_is(s, "electrophile", aryl_bromide);
    assert_reagent_is(s, "base", base_cs2co3);
    assert_false(route_uses_class(p.plan, "base_alkoxide"));
    assert_flag(s, "pd_catalyst_poisoning", DZP_SEV_WARNING);
    assert_true(alternative_refused(p.plan, "aryl bromide at", why));
    planned_free(&p);
}

/* Methyl 3-bromobenzoate: NaOtBu would transesterify and aminolyse the
 * ester; the meta ester does not activate SNAr. */
static void test_boc_methoxycarbonylphenyl_cs2co3(void **state)
{
    (void)state;
    assert_carbonate_coupling("boc_methoxycarbonylphenyl_cs2co3", "COC(=O)c1cccc(Br)c1",
                              "ester (base_labile_collateral)");
}

/* 4-Bromophenylacetonitrile: NaOtBu deprotonates the benzylic CH2CN. */
static void test_methyl_cyanomethylphenyl_base(void **state)
{
    (void)state;
    assert_carbonate_coupling("methyl_cyanomethylphenyl_base", "N#CCc1ccc(Br)cc1",
                              "nitrile (base_labile_collateral)");
}

/* 7-Bromo-1-tetralone: the enolisable ketone rules out NaOtBu; C7 is meta
 * to the C=O, so no SNAr. */
static void test_boc_tetralon7yl_base(void **state)
{
    (void)state;
    assert_carbonate_coupling("boc_tetralon7yl_base", "O=C1CCCc2ccc(Br)cc21",
                              "enolisable ketone (base_labile_collateral)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boc_chloroquinazolin4yl),
        cmocka_unit_test(test_benzyl_nitropyridyl),
        cmocka_unit_test(test_hydroxyethyl_fluoronitrophenyl),
        cmocka_unit_test(test_methyl_chloroquinolin4yl),
        cmocka_unit_test(test_homo_levofloxacin),
        cmocka_unit_test(test_fmoc_last_quinoxalinyl),
        cmocka_unit_test(test_boc_methylpyrazol4yl_no_snar),
        cmocka_unit_test(test_no_snar_on_pyrazol3yl),
        cmocka_unit_test(test_benzyl_benzodioxolyl_no_snar),
        cmocka_unit_test(test_methyl_chloromethoxyphenyl_br),
        cmocka_unit_test(test_benzyl_bromopyridin3yl_i),
        cmocka_unit_test(test_bromophenyl_by_iodide),
        cmocka_unit_test(test_diiodophenyl_by_chan_lam),
        cmocka_unit_test(test_iodothienyl_refused),
        cmocka_unit_test(test_aniline_partner_refused),
        cmocka_unit_test(test_boc_methoxycarbonylphenyl_cs2co3),
        cmocka_unit_test(test_methyl_cyanomethylphenyl_base),
        cmocka_unit_test(test_boc_tetralon7yl_base),
    };
    return cmocka_run_group_tests(tests, plan_rules_load, plan_rules_free);
}
