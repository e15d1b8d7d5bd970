/*
 * plan_mask.c - masked building blocks: a side-chain group carried through
 * the route in a masked form, and the step that reveals it.
 *
 * Some groups of a target's substituent would destroy their own reagent or
 * another step: a free amine in an aldehyde or an acid chloride, an aniline
 * on an aryl halide under Pd, a carboxylic acid beside a Michael acceptor,
 * a ketone beside a hydride.  masks.yaml says how each is masked (N-Boc,
 * N-Cbz, phthalimide, nitro, ester, ketal) and which transformation
 * unmasks it.  Planning masks the target's group (every match of the
 * mask's `free` pattern, replaced by its `masked` fragment) and derives the
 * reagents for that masked group; the route installs it, and a later
 * unmask step replaces every `masked_smarts` match on that nitrogen's side
 * chain by the `unmasked` fragment.  Both are graph edits through
 * dzp_mol_replace_atoms; the route is verified like any other.
 */
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "plan_internal.h"

/* A match of `pattern` in mol, as the first `take` atoms of some match
 * that passes keep(), or false.  atoms must hold `take` entries. */
static bool first_match(const dzp_smarts *pattern, const dzp_mol *mol, int take,
                        bool (*keep)(const int *match, int take, const void *ctx),
                        const void *ctx, int *atoms)
{
    int *hits = NULL;
    int n = dzp_smarts_find(&hits, pattern, mol, true);
    int width = dzp_smarts_atom_count(pattern);
    bool found = false;
    for (int i = 0; i < n && !found; i++)
        if (keep(hits + i * width, take, ctx)) {
            memcpy(atoms, hits + i * width, sizeof(int) * (size_t)take);
            found = true;
        }
    free(hits);
    return found;
}

/* ---- masking the target's group ---------------------------------------------------------- */

typedef struct {
    const dzp_mol *group;
    int dummy;
} group_at;

/* A free group to mask must keep clear of the attachment: neither its
 * replaced atoms nor their neighbours are the '*' (the atom bonded to the
 * nitrogen belongs to the install rule). */
static bool clear_of_attachment(const int *match, int take, const void *ctx)
{
    const group_at *g = ctx;
    for (int k = 0; k < take; k++) {
        if (match[k] == g->dummy || dzp_mol_bond_order(g->group, match[k], g->dummy) != 0)
            return false;
    }
    return true;
}

/* The target's group with every match of mask's free pattern replaced by
 * its masked fragment, into *out with its '*' at *out_dummy.  Returns 1
 * when something was masked, 0 when the mask does not apply (no free
 * match, or the masked form is in the group already, so an unmask step
 * could not tell them apart), or a negative dzp_error. */
int plan_mask_group(dzp_mol **out, int *out_dummy, const dzp_mol *group, int dummy,
                    const dzp_mask *mask)
{
    if (dzp_smarts_matches(mask->masked_smarts, group))
        return 0;
    /* each replacement makes a new molecule, so the group itself is read
     * first and nothing is copied when the mask has no match */
    const dzp_mol *reading = group;
    dzp_mol *current = NULL;
    int rc = 0, atoms_bound = dzp_mol_atom_count(group), masked = 0;
    int *atoms = malloc(sizeof(int) * (size_t)mask->replaces);
    if (!atoms)
        rc = plan_oom("masking a group");
    while (rc == 0 && masked <= atoms_bound) {
        group_at g = {reading, dummy};
        if (!first_match(mask->free, reading, mask->replaces, clear_of_attachment, &g, atoms))
            break;
        dzp_mol *next = NULL;
        int *map = NULL;
        rc = dzp_mol_replace_atoms(&next, &map, reading, atoms, mask->replaces, mask->masked);
        if (rc == 0) {
            dummy = map[dummy];
            dzp_mol_free(current);
            reading = current = next;
            masked++;
        }
        free(map);
    }
    free(atoms);
    if (rc != 0 || masked == 0) {
        dzp_mol_free(current);
        return rc == DZP_EINVAL ? 0 : rc; /* a fragment that does not fit: not this mask */
    }
    *out = current;
    *out_dummy = dummy;
    return 1;
}

/* ---- unmasking on a route's molecule ------------------------------------------------------- */

typedef struct {
    const char *side_chain; /* per atom: on the nitrogen's side chain */
} side_chain_at;

static bool on_side_chain(const int *match, int take, const void *ctx)
{
    (void)take;
    return ((const side_chain_at *)ctx)->side_chain[match[0]] != 0;
}

/* The atoms of nitrogen site's side chain: reachable from the nitrogen
 * without passing through the ring.  A malloc'd flag per atom, or NULL. */
static char *side_chain_atoms(const dzp_mol *mol, const ring_atoms *ring, site_index site)
{
    int n = dzp_mol_atom_count(mol), nitrogen = plan_nitrogen_atom(ring, site);
    char *in = calloc((size_t)(n ? n : 1), 1);
    int *stack = malloc(sizeof(int) * (size_t)(n ? n : 1));
    if (!in || !stack) {
        free(in);
        free(stack);
        return NULL;
    }
    for (int i = 0; i < RING_SIZE; i++)
        in[ring->atom[i]] = 2; /* the ring: never crossed, never on the side chain */
    int top = 0;
    stack[top++] = nitrogen;
    while (top > 0) {
        int at = stack[--top], nbrs[8];
        int k = dzp_mol_atom_neighbors(mol, at, nbrs, 8);
        for (int j = 0; j < k; j++)
            if (!in[nbrs[j]]) {
                in[nbrs[j]] = 1;
                stack[top++] = nbrs[j];
            }
    }
    for (int i = 0; i < RING_SIZE; i++)
        in[ring->atom[i]] = 0;
    free(stack);
    return in;
}

/* Reveal the group mask hides on nitrogen site's side chain: every match
 * of its masked_smarts there becomes its unmasked fragment, into *out;
 * *ring is renumbered.  Returns 0, or a negative dzp_error (DZP_EINTERNAL
 * when nothing on that side chain is masked) with *out untouched. */
int plan_unmask(dzp_mol **out, ring_atoms *ring, const dzp_mol *in, site_index site,
                const dzp_mask *mask)
{
    int width = dzp_smarts_atom_count(mask->masked_smarts), bound = dzp_mol_atom_count(in);
    int *atoms = malloc(sizeof(int) * (size_t)width), done = 0, rc = 0;
    dzp_mol *current = NULL;
    if (!atoms)
        return plan_oom("unmasking a group");
    rc = dzp_mol_clone(&current, in);
    while (rc == 0 && done <= bound) {
        side_chain_at chain = {side_chain_atoms(current, ring, site)};
        if (!chain.side_chain) {
            rc = plan_oom("unmasking a group");
            break;
        }
        bool found = first_match(mask->masked_smarts, current, width, on_side_chain, &chain,
                                 atoms);
        free((void *)chain.side_chain);
        if (!found)
            break;
        dzp_mol *next = NULL;
        int *map = NULL;
        rc = dzp_mol_replace_atoms(&next, &map, current, atoms, width, mask->unmasked);
        if (rc == 0) {
            for (int i = 0; i < RING_SIZE; i++)
                ring->atom[i] = map[ring->atom[i]];
            dzp_mol_free(current);
            current = next;
            done++;
        }
        free(map);
    }
    free(atoms);
    if (rc == 0 && done == 0)
        rc = dzp_error_set(DZP_EINTERNAL, "no %s on the side chain of %s to unmask", mask->as,
                           plan_site_name(site));
    if (rc != 0) {
        dzp_mol_free(current);
        return rc;
    }
    *out = current;
    return 0;
}
