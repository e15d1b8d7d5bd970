/* rules_forms.c -- the disconnect forms beyond one leaving atom, checked at load.
 *
 * Most install rules turn the '*' of the group they install into a leaving
 * atom or a leaving group (rules_check.c).  Two reagents need more, and
 * each is a key of the `disconnect` block checked here:
 *
 * - `geminal_group`: the atom bonded to the nitrogen also carries a second
 *   group in place of one of its hydrogens, which the step cuts off and
 *   replaces by a hydrogen (the hydride of the reductant).  The
 *   (1-ethoxycyclopropoxy)trimethylsilane of a reductive cyclopropylation
 *   is the cyclopropyl with its '*' made OTMS (leaving_group) and an OEt
 *   beside it (geminal_group).
 * - `ring_opening: true`: the nitrogen opens a three-membered ring.  The
 *   group's atom 3 (bonded to atom 2) is bonded back to atom 1, closing the
 *   ring; the step breaks that bond, bonds the nitrogen to atom 1 and gives
 *   the nitrogen's hydrogen to atom 3 (an epoxide gives the 2-hydroxyalkyl).
 *
 * Every refusal is "file:line:column: what is wrong: what to do".
 */
#define _POSIX_C_SOURCE 200809L

#include "rules_internal.h"

#include <stdlib.h>

#include "dzp/error.h"

/* disconnect.geminal_group: the group the bonding atom carries beside the
 * leaving one, written as SMILES with one '*' singly bonded to its head. */
int rules_read_geminal_group(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    dzp_transformation *t = obj;
    dzp_mol *m = NULL, *capped = NULL;
    const char *s = NULL;
    int *map = NULL, star, head, error;

    if ((error = rules_scalar_text(ld, node, f->key, &s)) < 0 ||
        (error = rules_copy_string(ld, &t->geminal_group_text, s)) < 0)
        return error;
    if ((error = dzp_mol_from_smiles(&m, s, DZP_PARSE_DUMMY)) < 0)
        return error != DZP_EINVAL ? error
                                   : rules_fail(ld, node, "%s ('%s' in %s): fix the SMILES",
                                                dzp_error_last(), f->key, ld->what);
    star = rules_single_attachment(m);
    if (star < 0 || dzp_mol_atom_neighbors(m, star, &head, 1) != 1) {
        dzp_mol_free(m);
        return rules_fail(ld, node, "'%s' in %s must have exactly one '*', bonded by a single "
                          "bond to the atom that bonds to the reagent's carbon (\"*OCC\" for "
                          "an ethoxy group), not '%s'", f->key, ld->what, s);
    }
    error = dzp_mol_fragment(&capped, &map, NULL, m, head, star, DZP_CAP_HYDROGEN);
    dzp_mol_free(m);
    if (error < 0)
        return error;
    t->geminal_group_head = map[head];
    free(map);
    if ((error = rules_arena_own(ld->arena, rules_free_mol, capped)) < 0)
        return error;
    t->geminal_group = capped;
    return 0;
}

/* The `installs` of a ring-opening rule: atoms 1, 2 and 3 are the chain
 * whose ends 1 and 3 close the ring of the reagent. */
static const smarts_contract ring_opening_pattern = {
    .min_atoms = 4, .bond_0_1 = true, .bond_1_2 = true, .element_of = {{0, 0}, {-1, 0}},
    .contract = "for a ring opening (disconnect: {ring_opening: true}), at least four atoms: "
                "atom 0 the attachment [#0] with one bond, to atom 1, the atom bonded to the "
                "nitrogen; atom 2 bonded to atom 1, and atom 3 bonded to atom 2 but not to atom "
                "1 (the bond 1-3 closes the three-membered ring of the reagent)"};

/* Keys of the block that a ring opening, which has one form, cannot take. */
static const char *const not_with_ring_opening[] = {"element", "order", "leaving_group",
                                                    "addition", "geminal_group"};

static int check_ring_opening(loader *ld, yaml_node_t *map, const dzp_transformation *t)
{
    yaml_node_t *block = rules_value_of(ld, map, "disconnect");
    yaml_node_t *installs = rules_value_of(ld, map, "installs");
    size_t k, n = sizeof(not_with_ring_opening) / sizeof(not_with_ring_opening[0]);
    int error;

    for (k = 0; k < n; k++) {
        yaml_node_t *at = rules_value_of(ld, block, not_with_ring_opening[k]);
        if (at && !(k == 3 && !t->disconnect_addition))
            return rules_fail(ld, at, "transformation '%s' disconnects by ring opening, which "
                              "has no leaving atom, so '%s' does not apply: the reagent is the "
                              "group with installs atom 3 bonded back to atom 1; remove '%s' "
                              "or drop 'ring_opening'", t->id, not_with_ring_opening[k],
                              not_with_ring_opening[k]);
    }
    if ((error = rules_check_smarts_shape(ld, installs, "installs", t->installs,
                                          &ring_opening_pattern)) < 0)
        return error;
    if (!dzp_smarts_bonded(t->installs, 2, 3) || dzp_smarts_bonded(t->installs, 1, 3))
        return rules_fail(ld, installs, "the SMARTS '%s' ('installs' in %s) breaks the contract "
                          "of its key: %s", rules_text(installs), ld->what,
                          ring_opening_pattern.contract);
    return 1;
}

int rules_check_extra_forms(loader *ld, yaml_node_t *map, const dzp_transformation *t)
{
    yaml_node_t *block = rules_value_of(ld, map, "disconnect");
    yaml_node_t *geminal = block ? rules_value_of(ld, block, "geminal_group") : NULL;

    if (t->disconnect_ring_opening)
        return check_ring_opening(ld, map, t);
    if (geminal && t->disconnect_addition)
        return rules_fail(ld, geminal, "transformation '%s' disconnects by addition, which has "
                          "no leaving atom, so 'geminal_group' does not apply: a geminal group "
                          "sits beside an element or leaving_group on the atom bonded to the "
                          "nitrogen; remove 'geminal_group' or drop 'addition'", t->id);
    return 0;
}

int rules_ring_opening_leaving_element(const dzp_transformation *t)
{
    return t->disconnect_ring_opening ? dzp_smarts_atom_element(t->installs, 3) : 0;
}
