/*
 * test_rules.c - the rule loader: a valid fixture set loads with the values
 * written in it (ranges, lists, severities, the resolved pg, canonical
 * reagent SMILES, planner defaults), and each kind of broken file is refused
 * with the right code and a "file:line:column:" that points at the problem.
 *
 * Broken sets are made by copying tests/fixtures/rules_ok to a temporary
 * directory and overwriting (or deleting) one file.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "dzp/error.h"
#include "dzp/mol.h"
#include "dzp/rules.h"

#define OK_DIR DZP_TEST_FIXTURES_DIR "/rules_ok"

static const char *const rule_files[] = {
    "vocabulary.yaml",      "scaffold.yaml",          "side_reactions.yaml", "protecting_groups.yaml",
    "reagents.yaml",        "transformations.yaml",   "functional_groups.yaml", "planner.yaml",
    "reagent_validity.yaml", "masks.yaml",     "sources.yaml",
};
#define N_RULE_FILES (sizeof(rule_files) / sizeof(rule_files[0]))

/* --- temporary rule sets ------------------------------------------------ */

static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot write %s: %s", path, strerror(errno));
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void copy_file(const char *dir, const char *name)
{
    char path[512], buf[16384];
    size_t n;
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", OK_DIR, name);
    f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read fixture %s: %s", path, strerror(errno));
    n = fread(buf, 1, sizeof(buf), f);
    assert_true(feof(f));
    fclose(f);
    write_file(dir, name, buf, n);
}

/* A copy of rules_ok with `name` replaced by text (deleted when NULL). */
static char *broken_set(const char *name, const char *text)
{
    char *dir = strdup("/tmp/dzp_test_rules_XXXXXX");
    size_t i;

    assert_non_null(dir);
    assert_non_null(mkdtemp(dir));
    for (i = 0; i < N_RULE_FILES; i++)
        copy_file(dir, rule_files[i]);
    if (text) {
        write_file(dir, name, text, strlen(text));
    } else {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        assert_int_equal(unlink(path), 0);
    }
    return dir;
}

static void remove_set(char *dir)
{
    char path[512];
    size_t i;

    for (i = 0; i < N_RULE_FILES; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, rule_files[i]);
        unlink(path);
    }
    assert_int_equal(rmdir(dir), 0);
    free(dir);
}

/* Load a set with `name` replaced by text; expect code and a message that
 * contains each of the (up to two) needles; *out must stay untouched. */
static void expect_error(const char *name, const char *text, int code, const char *needle,
                         const char *needle2)
{
    char *dir = broken_set(name, text);
    dzp_rules *sentinel = (dzp_rules *)&sentinel, *r = sentinel;
    int rc = dzp_rules_load(&r, dir);
    const char *msg = dzp_error_last();

    bool ok = rc == code && strstr(msg, needle) && (!needle2 || strstr(msg, needle2));

    remove_set(dir);
    if (!ok)
        fail_msg("%s: expected %d with '%s'%s%s, got %d: %s", name, code, needle,
                 needle2 ? " and " : "", needle2 ? needle2 : "", rc, msg);
    assert_ptr_equal(r, sentinel);
}

/* --- the valid set -------------------------------------------------------- */

static char *canonical_of(const char *smiles)
{
    dzp_mol *m = NULL;
    char *s = NULL;

    assert_int_equal(dzp_mol_from_smiles(&m, smiles, false), 0);
    assert_int_equal(dzp_mol_smiles(&s, m, DZP_SMILES_CANONICAL), 0);
    dzp_mol_free(m);
    return s;
}

static const dzp_transformation *find_t(const dzp_rules *r, const char *id)
{
    size_t i;

    for (i = 0; i < r->n_transformations; i++)
        if (strcmp(r->transformations[i].id, id) == 0)
            return &r->transformations[i];
    fail_msg("no transformation %s", id);
    return NULL;
}

static dzp_rules *load_ok(void)
{
    dzp_rules *r = NULL;

    if (dzp_rules_load(&r, OK_DIR) != 0)
        fail_msg("rules_ok did not load: %s", dzp_error_last());
    return r;
}

static void test_valid_set_counts(void **state)
{
    dzp_rules *r = load_ok();

    assert_string_equal(r->dir, OK_DIR);
    assert_int_equal(r->n_pgs, 2);
    assert_int_equal(r->n_transformations, 4);
    assert_int_equal(r->n_fgroups, 4);
    assert_int_equal(r->n_side_reactions, 3);
    assert_int_equal(r->n_named_reagents, 2);
    assert_int_equal(r->scaffold.n_lookalikes, 1);
    assert_non_null(r->scaffold.ring);
    assert_int_equal(dzp_smarts_atom_count(r->scaffold.ring), 7);
    assert_string_equal(r->scaffold.lookalikes[0].name, "piperazine");
    assert_non_null(r->scaffold.lookalikes[0].smarts);
    dzp_rules_free(r);
}

static void test_valid_set_transformations(void **state)
{
    dzp_rules *r = load_ok();
    const dzp_transformation *p = find_t(r, "boc_protection");
    const dzp_transformation *d = find_t(r, "boc_deprotection");
    const dzp_transformation *ra = find_t(r, "reductive_amination_aldehyde");

    assert_int_equal(p->tkind, DZP_TK_PROTECT);
    assert_int_equal(d->tkind, DZP_TK_DEPROTECT);
    assert_int_equal(ra->tkind, DZP_TK_INSTALL);
    assert_string_equal(ra->kind, "reductive_amination");
    /* the resolved pg pointer */
    assert_ptr_equal(p->pg, dzp_rules_pg(r, "Boc"));
    assert_ptr_equal(d->pg, &r->pgs[0]);
    assert_null(ra->pg);
    assert_null(ra->pg_name);
    /* ranges: a pair, a single number, and absent */
    assert_true(p->conditions.temperature_c.set);
    assert_true(p->conditions.temperature_c.lo == 0.0 && p->conditions.temperature_c.hi == 25.0);
    assert_true(p->conditions.time_h.lo == 2.0 && p->conditions.time_h.hi == 2.0);
    assert_true(d->conditions.time_h.lo == 1.0 && d->conditions.time_h.hi == 2.0);
    assert_false(d->conditions.has_concentration);
    assert_null(d->conditions.atmosphere);
    assert_true(ra->conditions.has_concentration && ra->conditions.concentration_m == 0.1);
    assert_string_equal(ra->conditions.atmosphere, "N2");
    /* lists, flow and block style, and empty */
    assert_int_equal(d->n_condition_classes, 2);
    assert_string_equal(d->condition_classes[1], "strong_acid");
    assert_int_equal(p->n_flags, 0);
    assert_int_equal(p->n_mono_flags, 1);
    assert_string_equal(p->mono_flags[0], "over_alkylation");
    assert_int_equal(ra->n_flags, 1);
    assert_string_equal(ra->flags[0], "silica_tailing");
    /* numbers and booleans */
    assert_true(p->cost == 1.0 && p->mono_penalty == 2.0 && p->both);
    assert_false(ra->both);
    assert_int_equal(ra->disconnect_element, 8);
    assert_int_equal(ra->disconnect_order, 2);
    assert_int_equal(dzp_smarts_atom_count(ra->installs), 3);
    dzp_rules_free(r);
}

static void test_valid_set_reagents(void **state)
{
    dzp_rules *r = load_ok();
    const dzp_transformation *p = find_t(r, "boc_protection");
    const dzp_transformation *d = find_t(r, "boc_deprotection");
    const dzp_transformation *ra = find_t(r, "reductive_amination_aldehyde");
    char *benzaldehyde = canonical_of("c1ccccc1C=O");
    char *tea = canonical_of("N(CC)(CC)CC");

    /* key reagents: fixed (protect, parsed and kept), derived, none */
    assert_true(p->has_key);
    assert_non_null(p->key.mol);
    assert_string_equal(p->key.role, "electrophile");
    assert_null(p->key.name);
    assert_true(p->key.equiv == 1.1 && p->key.mono_equiv == 0.9 && p->key.both_equiv == 2.2);
    assert_string_equal(dzp_rules_reagent_name(r, p->key.canonical),
                        "di-tert-butyl dicarbonate (Boc2O)");
    assert_true(ra->has_key);
    assert_null(ra->key.mol);
    assert_null(ra->key.smiles);
    assert_non_null(ra->key.reactive);
    assert_false(d->has_key);
    assert_null(d->key.role);
    /* reagent lines: canonical SMILES, equiv and null equiv */
    assert_int_equal(p->n_reagents, 2);
    assert_string_equal(p->reagents[0].smiles, "CCN(CC)CC");
    assert_string_equal(p->reagents[0].canonical, tea);
    assert_true(p->reagents[0].has_equiv && p->reagents[0].equiv == 1.5);
    assert_false(p->reagents[1].has_equiv);
    assert_int_equal(ra->n_reagents, 1);
    assert_null(ra->reagents[0].smiles);
    assert_null(ra->reagents[0].canonical);
    /* reagents.yaml, looked up by canonical SMILES */
    assert_string_equal(r->named_reagents[0].canonical, benzaldehyde);
    assert_string_equal(dzp_rules_reagent_name(r, benzaldehyde), "benzaldehyde");
    assert_null(dzp_rules_reagent_name(r, tea));
    assert_string_not_equal(benzaldehyde, "c1ccccc1C=O"); /* lookups take canonical text */
    assert_null(dzp_rules_reagent_name(r, "c1ccccc1C=O"));
    free(benzaldehyde);
    free(tea);
    dzp_rules_free(r);
}

static void test_valid_set_groups_and_planner(void **state)
{
    dzp_rules *r = load_ok();
    const dzp_side_reaction *sr = dzp_rules_side_reaction(r, "silica_tailing");
    const dzp_fgroup *acetal = &r->fgroups[0];

    assert_non_null(sr);
    assert_int_equal(sr->severity, DZP_SEV_INFO);
    assert_null(sr->mitigation);
    assert_int_equal(dzp_rules_side_reaction(r, "over_alkylation")->severity, DZP_SEV_WARNING);
    assert_null(dzp_rules_side_reaction(r, "nope"));
    assert_string_equal(acetal->name, "dimethyl acetal");
    assert_null(acetal->requires);
    assert_int_equal(acetal->n_labile_to, 1);
    assert_string_equal(acetal->labile_to[0].flag, "acid_labile_collateral");
    assert_int_equal(acetal->labile_to[0].severity, DZP_SEV_CRITICAL);
    assert_non_null(r->fgroups[1].requires);
    assert_int_equal(r->fgroups[1].n_labile_to, 0);
    assert_true(r->pgs[1].preference == 1.5);
    assert_string_equal(r->pgs[1].cleavage, "hydrogenolysis");
    assert_null(dzp_rules_pg(r, "Fmoc"));
    /* planner: every key given (there are no defaults in C) */
    assert_true(r->planner.warning_cost == 0.25);
    assert_true(r->planner.info_cost == 0.0);
    assert_true(r->planner.regio_selective_penalty == 0.3);
    assert_true(r->planner.regio_unselective_penalty == 3.0);
    assert_int_equal(r->planner.max_steps, 4);
    assert_int_equal(r->planner.max_alternatives, 5);
    assert_true(r->planner.bound_margin == 1.5);
    assert_int_equal(r->planner.n_route_flags, 1);
    assert_int_equal(r->planner.route_flags[0].trigger, DZP_WHEN_TARGET_FREE_NH);
    assert_string_equal(r->planner.route_flags[0].flag, "silica_tailing");
    assert_int_equal(r->planner.n_install_hints, 0);
    assert_string_equal(r->planner.install_hint_default, "add a rule");
    /* the vocabulary: condition classes as bits, roles with their scaling */
    assert_int_equal(r->vocabulary.n_condition_classes, 6);
    assert_true(dzp_rules_class_set(r, "acid") == 1);
    assert_true(dzp_rules_class_set(r, "hydrogenolysis") == 32);
    assert_true(dzp_rules_class_set(r, "any") == ~(dzp_class_set)0);
    assert_true(dzp_rules_class_set(r, "acdi") == 0);
    assert_true(find_t(r, "boc_deprotection")->condition_set == 3);
    assert_true(r->pgs[0].cleavage_class == 1);
    assert_true(dzp_rules_role(r, "reductant")->scales_with_both);
    assert_false(dzp_rules_role(r, "electrophile")->scales_with_both);
    assert_null(dzp_rules_role(r, "reductnat"));
    assert_ptr_equal(find_t(r, "boc_protection")->reagents[0].role_word,
                     dzp_rules_role(r, "base"));
    assert_string_equal(r->vocabulary.planner_flags.regioselectivity, "over_alkylation");
    assert_int_equal(r->pgs[1].n_labile_as, 1);
    assert_ptr_equal(dzp_rules_fgroup(r, r->pgs[1].labile_as[0]), &r->fgroups[3]);
    assert_string_equal(dzp_severity_name(DZP_SEV_INFO), "info");
    assert_string_equal(dzp_severity_name(DZP_SEV_WARNING), "warning");
    assert_string_equal(dzp_severity_name(DZP_SEV_CRITICAL), "critical");
    dzp_rules_free(r);
    dzp_rules_free(NULL);
}

/* $DZP_RULES wins; without it, a program in the build tree finds the
 * source rules through the record CMake writes beside it (the installed
 * case, rules relative to the program, is tests/test_install.sh). */
static void test_default_dir(void **state)
{
    const char *old = getenv("DZP_RULES");
    char *saved = old ? strdup(old) : NULL;
    struct stat found, source;
    dzp_rules *r = NULL;

    assert_int_equal(setenv("DZP_RULES", OK_DIR, 1), 0);
    assert_string_equal(dzp_rules_default_dir(), OK_DIR);
    assert_int_equal(dzp_rules_load(&r, NULL), 0);
    assert_int_equal(r->n_pgs, 2);
    dzp_rules_free(r);
    assert_int_equal(setenv("DZP_RULES", "", 1), 0);
    const char *dir = dzp_rules_default_dir();
    assert_non_null(dir);
    assert_int_equal(stat(dir, &found), 0);
    assert_int_equal(stat(DZP_TEST_RULES_DIR, &source), 0);
    assert_true(found.st_dev == source.st_dev && found.st_ino == source.st_ino);
    if (saved)
        setenv("DZP_RULES", saved, 1);
    else
        unsetenv("DZP_RULES");
    free(saved);
}

/* --- broken sets ----------------------------------------------------------- */

/* A one-entry transformations.yaml; lines 1-6. */
#define T_HEAD                                                                                  \
    "transformations:\n"                                                                        \
    "  - id: boc_deprotection\n"                                                                \
    "    kind: deprotect\n"                                                                     \
    "    name: Boc removal\n"                                                                   \
    "    pg: Boc\n"                                                                             \
    "    cost: 1.0\n    yield: [0.5, 0.9]\n"

static void test_unknown_key(void **state)
{
    expect_error("transformations.yaml", T_HEAD "    equivs: 2\n", DZP_EINVAL,
                 "transformations.yaml:8:5: unknown key 'equivs' in a transformation",
                 "(known: id, kind, name, pg,");
    expect_error("planner.yaml", "planner:\n  max_step: 3\n", DZP_EINVAL,
                 "planner.yaml:2:3: unknown key 'max_step'", "max_steps");
    expect_error("scaffold.yaml", "scafold:\n  ring: C\n", DZP_EINVAL,
                 "scaffold.yaml:1:1: unknown key 'scafold'", "(known: scaffold)");
    expect_error("transformations.yaml",
                 T_HEAD "    reagents:\n      - {role: solvent, name: 1,4-dioxane, smiles: null}\n",
                 DZP_EINVAL, "transformations.yaml:9:33: unknown key '4-dioxane' in a reagent line",
                 "put that value in quotes");
    expect_error("transformations.yaml", T_HEAD "    cost: 2.0\n    yield: [0.5, 0.9]\n", DZP_EINVAL,
                 "transformations.yaml:8:5: key 'cost' appears twice", NULL);
}

static void test_wrong_type(void **state)
{
    expect_error("transformations.yaml", T_HEAD "    flags: silica_tailing\n", DZP_EINVAL,
                 "transformations.yaml:8:12: 'flags' in a transformation must be a list",
                 "not a single value");
    expect_error("transformations.yaml", T_HEAD "    both: maybe\n", DZP_EINVAL,
                 "transformations.yaml:8:11: 'both' in a transformation must be true or false",
                 NULL);
    expect_error("planner.yaml", "planner:\n  warning_cost: \"0.2\"\n", DZP_EINVAL,
                 "planner.yaml:2:17: 'warning_cost' in the planner block must be a number", NULL);
    expect_error("planner.yaml", "planner:\n  max_steps: 2.5\n", DZP_EINVAL,
                 "planner.yaml:2:14: 'max_steps' in the planner block must be a whole number",
                 NULL);
    expect_error("side_reactions.yaml",
                 "side_reactions:\n  - id: x\n    severity: fatal\n    message: m\n", DZP_EINVAL,
                 "side_reactions.yaml:3:15: 'severity' in a side reaction must be info, warning "
                 "or critical, not 'fatal'", NULL);
    expect_error("transformations.yaml",
                 T_HEAD "    conditions: {temperature_c: [25, 0]}\n", DZP_EINVAL,
                 "transformations.yaml:8:33: 'temperature_c' in a conditions block", "[low, high]");
    expect_error("transformations.yaml", T_HEAD "    conditions: {time_h: [1, 2, 3]}\n",
                 DZP_EINVAL, "transformations.yaml:8:26: 'time_h'", "a number or a [low, high]");
    expect_error("protecting_groups.yaml", "protecting_groups:\n  - Boc\n", DZP_EINVAL,
                 "protecting_groups.yaml:2:5: each entry of 'protecting_groups' must be a "
                 "protecting group", NULL);
    expect_error("functional_groups.yaml", "functional_groups: {}\n", DZP_EINVAL,
                 "functional_groups.yaml:1:20: 'functional_groups' in functional_groups.yaml "
                 "must be a list", NULL);
    expect_error("reagents.yaml", "- name: x\n", DZP_EINVAL,
                 "reagents.yaml:1:1: the file must hold a mapping with the key 'reagents'", NULL);
    expect_error("reagents.yaml", "# nothing\n", DZP_EINVAL, "reagents.yaml: the file is empty",
                 NULL);
}

static void test_missing_required_key(void **state)
{
    expect_error("protecting_groups.yaml", "protecting_groups:\n  - name: Boc\n    cleavage: acid\n",
                 DZP_EINVAL,
                 "protecting_groups.yaml:2:5: missing required key 'smarts' in a protecting group",
                 NULL);
    expect_error("side_reactions.yaml",
                 "side_reactions:\n  - id: x\n    severity: info\n    message: null\n",
                 DZP_EINVAL, "side_reactions.yaml:4:14: 'message' in a side reaction must not be "
                 "null", NULL);
    expect_error("scaffold.yaml", "scaffold:\n  lookalikes: []\n", DZP_EINVAL,
                 "scaffold.yaml:2:3: missing required key 'ring' in the scaffold", NULL);
}

static void test_malformed_smarts(void **state)
{
    expect_error("functional_groups.yaml",
                 "functional_groups:\n  - name: broken\n    smarts: \"C(((\"\n", DZP_EINVAL,
                 "functional_groups.yaml:3:13: ", "'C((('");
    expect_error("transformations.yaml",
                 "transformations:\n"
                 "  - id: ra\n"
                 "    kind: reductive_amination\n"
                 "    name: RA\n"
                 "    installs: \"[*]CC)\"\n"
                 "    disconnect: {element: O, order: 2}\n"
                 "    cost: 1\n    yield: [0.5, 0.9]\n",
                 DZP_EINVAL, "transformations.yaml:5:15: ", "'[*]CC)'");
}

static void test_invalid_smiles(void **state)
{
    expect_error("reagents.yaml",
                 "reagents:\n"
                 "  - name: benzaldehyde\n"
                 "    smiles: \"O=Cc1ccccc1\"\n"
                 "  - name: nonsense\n"
                 "    smiles: \"CC(C\"\n",
                 DZP_EINVAL, "reagents.yaml:5:13: ", "CC(C");
    expect_error("transformations.yaml",
                 T_HEAD "    reagents:\n      - role: acid\n        name: TFA\n"
                        "        smiles: OC(=O)C(F)(F)(F)F\n",
                 DZP_EINVAL, "transformations.yaml:11:17: ", "OC(=O)C(F)(F)(F)F");
    expect_error("transformations.yaml",
                 "transformations:\n"
                 "  - id: p\n"
                 "    kind: protect\n"
                 "    name: P\n"
                 "    pg: Boc\n"
                 "    key_reagent: {role: electrophile, smiles: \"C1CC\"}\n"
                 "    cost: 1\n    yield: [0.5, 0.9]\n",
                 DZP_EINVAL, "transformations.yaml:6:47: ", "C1CC");
}

static void test_unknown_pg(void **state)
{
    expect_error("transformations.yaml",
                 "transformations:\n"
                 "  - id: fmoc_off\n"
                 "    kind: deprotect\n"
                 "    name: Fmoc removal\n"
                 "    pg: Fmoc\n"
                 "    cost: 1.0\n    yield: [0.5, 0.9]\n",
                 DZP_EINVAL, "transformations.yaml:5:9: transformation 'fmoc_off' names the "
                 "protecting group 'Fmoc'", "(known: Boc, Cbz)");
}

static void test_unknown_flag(void **state)
{
    expect_error("transformations.yaml", T_HEAD "    flags: [silica_tailing, no_such_flag]\n",
                 DZP_EINVAL, "transformations.yaml:8:29: transformation 'boc_deprotection' names "
                 "the flag 'no_such_flag'", "side_reactions.yaml");
    expect_error("transformations.yaml", T_HEAD "    both_flags:\n      - di_flag\n",
                 DZP_EINVAL, "transformations.yaml:9:9: ", "'di_flag'");
    expect_error("functional_groups.yaml",
                 "functional_groups:\n"
                 "  - name: acetal\n"
                 "    smarts: \"[CX4]([OX2])[OX2]\"\n"
                 "    labile_to:\n"
                 "      - {conditions: acid, flag: acid_collateral, severity: critical}\n",
                 DZP_EINVAL, "functional_groups.yaml:5:34: a labile_to entry names the flag "
                 "'acid_collateral'", NULL);
}

static void test_kind_requirements(void **state)
{
    expect_error("transformations.yaml",
                 "transformations:\n"
                 "  - id: ra\n"
                 "    kind: reductive_amination\n"
                 "    name: RA\n"
                 "    installs: \"[*][CH2][#6]\"\n"
                 "    cost: 1\n    yield: [0.5, 0.9]\n",
                 DZP_EINVAL, "transformations.yaml:2:5: transformation 'ra' (kind: "
                 "reductive_amination) needs 'disconnect'", NULL);
    expect_error("transformations.yaml",
                 T_HEAD "    key_reagent: {role: acid, smiles: OC(=O)C(F)(F)F}\n", DZP_EINVAL,
                 "transformations.yaml:8:18: transformation 'boc_deprotection' is a "
                 "deprotection and takes no key_reagent", NULL);
    expect_error("transformations.yaml",
                 "transformations:\n"
                 "  - id: p\n"
                 "    kind: protect\n"
                 "    name: P\n"
                 "    pg: Boc\n"
                 "    key_reagent: {role: electrophile}\n"
                 "    cost: 1\n    yield: [0.5, 0.9]\n",
                 DZP_EINVAL, "transformations.yaml:2:5: ", "needs 'key_reagent.smiles'");
    expect_error("transformations.yaml",
                 "transformations:\n"
                 "  - id: ra\n"
                 "    kind: reductive_amination\n"
                 "    name: RA\n"
                 "    installs: \"[*][CH2][#6]\"\n"
                 "    disconnect: {element: Xx, order: 2}\n"
                 "    cost: 1\n    yield: [0.5, 0.9]\n",
                 DZP_EINVAL, "transformations.yaml:6:27: 'element' in a disconnect block must "
                 "be an element symbol", "'Xx'");
    expect_error("transformations.yaml",
                 T_HEAD "    reagents:\n      - {role: oxidiser, name: x}\n", DZP_EINVAL,
                 "transformations.yaml:9:16: 'role' in a reagent line must be one of "
                 "electrophile,", "'oxidiser'");
}

static void test_duplicates(void **state)
{
    expect_error("transformations.yaml", T_HEAD "  - id: boc_deprotection\n"
                 "    kind: deprotect\n    name: again\n    pg: Boc\n    cost: 2\n    yield: [0.5, 0.9]\n",
                 DZP_EINVAL, "transformations.yaml:8:9: transformation 'boc_deprotection' is "
                 "defined twice", NULL);
    expect_error("protecting_groups.yaml",
                 "protecting_groups:\n"
                 "  - {name: Boc, smarts: \"[#7]C(=O)O\", cleavage: acid, labile_as: [Boc carbamate]}\n"
                 "  - {name: Boc, smarts: \"[#7]C(=O)OC\", cleavage: acid, labile_as: []}\n",
                 DZP_EINVAL, "protecting_groups.yaml:3:12: protecting group 'Boc' is defined "
                 "twice", NULL);
}

static void test_yaml_syntax_error(void **state)
{
    expect_error("transformations.yaml", "transformations:\n  - id: [unclosed\n    kind: x\n",
                 DZP_EINVAL, "transformations.yaml:", "YAML syntax error");
    expect_error("scaffold.yaml", "scaffold:\n  ring: \"C\xff\"\n", DZP_EINVAL,
                 "scaffold.yaml:2:11: ", "UTF-8");
    expect_error("reagents.yaml", "reagents: []\n---\nreagents: []\n", DZP_EINVAL,
                 "reagents.yaml:3:1: a second YAML document", NULL);
}

static void test_missing_file(void **state)
{
    char needle[256];

    snprintf(needle, sizeof(needle), "planner.yaml: %s", strerror(ENOENT));
    expect_error("planner.yaml", NULL, DZP_EIO, needle, NULL);
    expect_error("scaffold.yaml", NULL, DZP_EIO, "scaffold.yaml", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_set_counts),
        cmocka_unit_test(test_valid_set_transformations),
        cmocka_unit_test(test_valid_set_reagents),
        cmocka_unit_test(test_valid_set_groups_and_planner),
        cmocka_unit_test(test_default_dir),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_wrong_type),
        cmocka_unit_test(test_missing_required_key),
        cmocka_unit_test(test_malformed_smarts),
        cmocka_unit_test(test_invalid_smiles),
        cmocka_unit_test(test_unknown_pg),
        cmocka_unit_test(test_unknown_flag),
        cmocka_unit_test(test_kind_requirements),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_yaml_syntax_error),
        cmocka_unit_test(test_missing_file),
    };
    dzp_mol_global_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
