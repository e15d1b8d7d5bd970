/*
 * rules_check_masks.c - masks.yaml checked at load, like code.
 *
 * A mask says how a group of the target's substituent that would destroy
 * its own reagent or another step (a free amine, an aniline, an acid, a
 * ketone) is carried through the route in a masked form, and which step
 * reveals it.  The planner edits molecules with a mask's fragments, so
 * each entry's pieces must fit together before any route uses them:
 * `replaces` no longer than the `free` pattern, `masked_smarts` finding
 * exactly the `masked` fragment (atom 0 on atom 0), fragments that are one
 * molecule with no '*', and `unmask` naming a transformation whose step
 * kind has the unmask shape.  Once the file is read, every unmask
 * transformation must be named by some mask (else nothing could use it).
 * Each refusal names file:line:column and what to change.
 */
#include "rules_internal.h"

#include "dzp/error.h"
#include "dzp/mol.h"

#include <stdlib.h>
#include <string.h>

/* masked / unmasked: the SMILES, its molecule kept for the planner's edits. */
int rules_read_fragment(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    const char *s = NULL;
    char *canonical = NULL;
    int error;

    if ((error = rules_scalar_text(ld, node, f->key, &s)) < 0 ||
        (error = rules_copy_string(ld, rules_field_at(obj, f->off), s)) < 0)
        return error;
    return rules_canonicalize(ld, node, f->key, s, &canonical, rules_field_at(obj, f->aux));
}

/* A fragment is one molecule of real atoms: no '*', no second component. */
static int check_fragment(loader *ld, yaml_node_t *map, const dzp_mask *m, const char *key,
                          const dzp_mol *mol)
{
    int n = dzp_mol_atom_count(mol);
    int seen = 0;

    if (n <= 0)
        return rules_fail(ld, rules_value_of(ld, map, key), "the %s fragment of mask '%s' has no "
                          "atoms", key, m->id);
    for (int a = 0; a < n; a++)
        if (dzp_mol_atom_element(mol, a) == 0)
            return rules_fail(ld, rules_value_of(ld, map, key), "the %s fragment of mask '%s' "
                              "has a '*': write the group alone, with hydrogens where the rest "
                              "of the molecule attaches to its atom 0", key, m->id);
    if (dzp_mol_atom_hcount(mol, 0) < 1)
        return rules_fail(ld, rules_value_of(ld, map, key), "atom 0 of the %s fragment of mask "
                          "'%s' has no hydrogen: write the group with a hydrogen on atom 0 for "
                          "each bond to the rest of the molecule (e.g. [NH+](=O)[O-] for a nitro "
                          "group)", key, m->id);
    /* one component: every atom reachable from atom 0 */
    char *reached = calloc((size_t)n, 1);
    int *stack = malloc(sizeof(int) * (size_t)n);
    if (!reached || !stack) {
        free(reached);
        free(stack);
        return rules_oom(ld);
    }
    int top = 0;
    stack[top++] = 0;
    reached[0] = 1;
    while (top > 0) {
        int at = stack[--top], nbrs[8];
        seen++;
        int k = dzp_mol_atom_neighbors(mol, at, nbrs, 8);
        for (int j = 0; j < k; j++)
            if (!reached[nbrs[j]]) {
                reached[nbrs[j]] = 1;
                stack[top++] = nbrs[j];
            }
    }
    free(reached);
    free(stack);
    if (seen != n)
        return rules_fail(ld, rules_value_of(ld, map, key), "the %s fragment of mask '%s' must be "
                          "one connected group of atoms", key, m->id);
    return 0;
}

/* masked_smarts finds the masked fragment exactly: as many atoms, and a
 * match with its atom 0 on the fragment's atom 0 (the atom that carries
 * the bonds to the rest of the molecule). */
static int check_masked_smarts(loader *ld, yaml_node_t *map, const dzp_mask *m)
{
    int width = dzp_smarts_atom_count(m->masked_smarts);
    int atoms = dzp_mol_atom_count(m->masked);
    bool found = false;

    if (width == atoms) {
        int *hits = NULL;
        int n = dzp_smarts_find(&hits, m->masked_smarts, m->masked, false);
        for (int i = 0; i < n && !found; i++)
            found = hits[i * width] == 0;
        free(hits);
    }
    if (found)
        return 0;
    return rules_fail(ld, rules_value_of(ld, map, "masked_smarts"), "masked_smarts of mask '%s' "
                      "must find the masked fragment '%s' exactly: the same %d atoms, its atom 0 "
                      "on the fragment's atom 0 (every atom it matches is replaced when the group "
                      "is unmasked)", m->id, m->masked_text, atoms);
}

static int resolve_unmask(loader *ld, yaml_node_t *map, dzp_mask *m)
{
    const dzp_rules *r = ld->rules;

    for (size_t i = 0; i < r->n_transformations; i++)
        if (strcmp(r->transformations[i].id, m->unmask_id) == 0) {
            if (r->transformations[i].tkind != DZP_TK_UNMASK)
                return rules_fail(ld, rules_value_of(ld, map, "unmask"), "mask '%s' is unmasked "
                                  "by '%s', whose kind (%s) does not have the unmask shape: name "
                                  "a transformation of an unmask kind", m->id, m->unmask_id,
                                  r->transformations[i].kind);
            m->unmask_rule = &r->transformations[i];
            return 0;
        }
    return rules_fail(ld, rules_value_of(ld, map, "unmask"), "mask '%s' is unmasked by '%s', "
                      "which transformations.yaml does not define: add it there or fix the id",
                      m->id, m->unmask_id);
}

int rules_check_mask(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    dzp_mask *masks = base, *m = &masks[i];
    int error;

    for (size_t j = 0; j < i; j++)
        if (strcmp(masks[j].id, m->id) == 0)
            return rules_fail(ld, rules_value_of(ld, map, "id"), "mask '%s' is defined twice: "
                              "give each mask its own id", m->id);
    if (m->replaces == 0)
        m->replaces = 1;
    if (m->replaces > dzp_smarts_atom_count(m->free))
        return rules_fail(ld, rules_value_of(ld, map, "replaces"), "mask '%s' replaces %d atoms, "
                          "but its free pattern has only %d: count the atoms of the free group "
                          "that the masked fragment stands in for (atom 0 first)", m->id,
                          m->replaces, dzp_smarts_atom_count(m->free));
    if ((error = check_fragment(ld, map, m, "masked", m->masked)) < 0 ||
        (error = check_fragment(ld, map, m, "unmasked", m->unmasked)) < 0 ||
        (error = check_masked_smarts(ld, map, m)) < 0)
        return error;
    return resolve_unmask(ld, map, m);
}

/* Once masks.yaml is read: an unmask transformation no mask names could
 * never be used, which is a mistake (a misspelt id in the mask). */
int rules_check_unmasks_used(loader *ld, yaml_node_t *root)
{
    const dzp_rules *r = ld->rules;

    for (size_t i = 0; i < r->n_transformations; i++) {
        const dzp_transformation *t = &r->transformations[i];
        bool used = false;
        if (t->tkind != DZP_TK_UNMASK)
            continue;
        for (size_t j = 0; j < r->n_masks && !used; j++)
            used = r->masks[j].unmask_rule == t;
        if (!used)
            return rules_fail(ld, root, "transformation '%s' unmasks, but no mask in masks.yaml "
                              "names it as its unmask: name it there, or remove it", t->id);
    }
    return 0;
}
