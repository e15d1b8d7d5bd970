/*
 * fuzz_smiles.c - SMILES parsing and scaffold perception.
 *
 * The input is one SMILES string.  It is read strictly and, when refused,
 * once more allowing '*' atoms and several components (as the rule loader
 * and the planner's fragments do); a molecule that is read is written back
 * as canonical SMILES (with and without stereo, with atom positions),
 * queried atom by atom, and searched for 1,4-diazepanes, each of which is
 * perceived as the planner would; the rules' functional group patterns are
 * matched with and without the SMARTS prefilter, which must agree.
 * Anything the library accepts must come
 * back out without a crash, a leak or undefined behaviour.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "dzp/mol.h"
#include "dzp/scaffold.h"
#include "fuzz_common.h"

static dzp_rules *g_rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    dzp_mol_global_init();
    g_rules = fuzz_load_rules(DZP_FUZZ_RULES_DIR);
    return 0;
}

static void query_atoms(const dzp_mol *mol)
{
    int n = dzp_mol_atom_count(mol);
    if (n <= 0)
        return;
    unsigned *classes = calloc((size_t)n, sizeof(*classes));
    unsigned *labels = calloc((size_t)n, sizeof(*labels));
    int *positions = calloc((size_t)n, sizeof(*positions));
    if (!classes || !labels || !positions)
        abort();
    (void)dzp_mol_symmetry_classes(mol, classes);
    (void)dzp_mol_canonical_labels(mol, labels, classes);
    (void)dzp_mol_canonical_labels_from(mol, classes, labels);
    char *smiles = NULL;
    if (dzp_mol_smiles_positions(&smiles, positions, mol, DZP_SMILES_CANONICAL) == 0)
        free(smiles);
    for (int a = -1; a <= n; a++) {  /* one past each end: out of range must give 0 */
        int nbrs[8];
        (void)dzp_mol_atom_element(mol, a);
        (void)dzp_mol_atom_hcount(mol, a);
        (void)dzp_mol_atom_charge(mol, a);
        (void)dzp_mol_atom_aromatic(mol, a);
        (void)dzp_mol_atom_in_ring(mol, a);
        (void)dzp_mol_atom_stereo_specified(mol, a);
        if (a < 8)  /* a symmetry perception per call: the planner asks for ring carbons only */
            (void)dzp_mol_atom_is_stereocentre(mol, a);
        int degree = dzp_mol_atom_neighbors(mol, a, nbrs, 8);
        for (int i = 0; i < degree && i < 8; i++) {
            (void)dzp_mol_bond_order(mol, a, nbrs[i]);
            (void)dzp_mol_bond_aromatic(mol, a, nbrs[i]);
            (void)dzp_mol_bond_in_ring(mol, a, nbrs[i]);
        }
    }
    free(classes);
    free(labels);
    free(positions);
}

static void perceive(const dzp_mol *mol)
{
    int rings = dzp_scaffold_count(mol, g_rules);
    for (int which = 0; which < rings && which < 4; which++) {
        dzp_scaffold *scaffold = NULL;
        if (dzp_scaffold_perceive(&scaffold, mol, g_rules, which) == 0) {
            (void)dzp_scaffold_core_symmetry(scaffold);
            dzp_scaffold_free(scaffold);
        }
    }
    /* One that is not there must be refused cleanly. */
    dzp_scaffold *none = NULL;
    if (dzp_scaffold_perceive(&none, mol, g_rules, rings) == 0)
        dzp_scaffold_free(none);
}

/* Every functional group pattern of the rules finds the same matches with
 * the SMARTS prefilter as without it (Open Babel's search alone): a
 * prefilter that said "no" to a real match aborts. */
static void prefilter_agrees(const dzp_mol *mol)
{
    for (size_t i = 0; i < g_rules->n_fgroups; i++) {
        int *with = NULL, *without = NULL;
        int n = dzp_smarts_find(&with, g_rules->fgroups[i].smarts, mol, false);
        bool was = dzp_smarts_use_prefilter(false);
        int m = dzp_smarts_find(&without, g_rules->fgroups[i].smarts, mol, false);
        dzp_smarts_use_prefilter(was);
        if (n != m)
            abort();
        free(with);
        free(without);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    dzp_mol *mol = NULL;
    if (dzp_mol_from_smiles(&mol, text, DZP_PARSE_STRICT) != 0 &&
        dzp_mol_from_smiles(&mol, text, DZP_PARSE_DUMMY | DZP_PARSE_COMPONENTS) != 0) {
        free(text);
        return 0;
    }
    char *out = NULL;
    if (dzp_mol_smiles(&out, mol, DZP_SMILES_CANONICAL) == 0) {
        /* What the library writes, it must read back. */
        dzp_mol *again = NULL;
        if (dzp_mol_from_smiles(&again, out, DZP_PARSE_DUMMY | DZP_PARSE_COMPONENTS) == 0)
            dzp_mol_free(again);
        free(out);
    }
    if (dzp_mol_smiles(&out, mol, DZP_SMILES_NO_STEREO) == 0)
        free(out);
    if (dzp_mol_formula(&out, mol) == 0)
        free(out);
    (void)dzp_mol_weight(mol);
    dzp_mol *copy = NULL;
    if (dzp_mol_clone(&copy, mol) == 0)
        dzp_mol_free(copy);
    query_atoms(mol);
    prefilter_agrees(mol);
    perceive(mol);
    dzp_mol_free(mol);
    free(text);
    return 0;
}
