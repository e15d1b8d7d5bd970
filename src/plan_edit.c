/*
 * plan_edit.c - one route step applied to a molecule.
 *
 * An install or protect step cuts the reagent at its reacting bond and
 * joins the kept piece to the nitrogen (a geminal group the rule put beside
 * the leaving one is cut off too; with `stereo: inverts` the bonding carbon
 * is inverted), or, for an addition rule, adds the nitrogen's N-H across
 * that bond, or, for a ring opening, opens that ring bond with it; a
 * deprotect step cuts the protecting group off the nitrogen; an unmask step
 * reveals a side-chain group (plan_mask.c).  All are graph edits through the mol
 * layer, never SMILES text.  Atom indices change with each edit, so the
 * ring's atoms (ring_atoms) are carried along and renumbered.
 */
#include <stdlib.h>

#include "dzp/error.h"
#include "plan_internal.h"

/* The atom index of the nitrogen of site in the molecule ring belongs to. */
int plan_nitrogen_atom(const ring_atoms *ring, site_index site)
{
    return ring->atom[site == SITE_N1 ? RING_N1 : RING_N4];
}

/* N1 sits between C2 and C7, N4 between C3 and C5. */
bool plan_is_ring_neighbour(const ring_atoms *ring, site_index site, int atom)
{
    if (site == SITE_N1)
        return atom == ring->atom[RING_C2] || atom == ring->atom[RING_C7];
    return atom == ring->atom[RING_C3] || atom == ring->atom[RING_C5];
}

/* The option's rule puts a geminal group on the bonding atom: cut it off
 * *piece (the reagent with its leaving side gone, atoms renumbered by
 * map), the bonding atom taking a hydrogen in its place (the reductant's
 * hydride).  map is updated to the new piece. */
static int cut_geminal_group(dzp_mol **piece, int *map, const reagent_option *option)
{
    dzp_mol *rest = NULL;
    int *again = NULL, n = dzp_mol_atom_count(option->reagent);
    int rc = dzp_mol_fragment(&rest, &again, NULL, *piece, map[option->bonding_atom],
                              map[option->geminal_atom], DZP_CAP_HYDROGEN);
    if (rc != 0)
        return rc;
    for (int i = 0; i < n; i++)
        map[i] = map[i] < 0 ? -1 : again[map[i]];
    free(again);
    dzp_mol_free(*piece);
    *piece = rest;
    return 0;
}

/* Install: bond the option's bonding atom (its leaving side cut off) to the
 * nitrogen of site, the nitrogen standing where the leaving atom stood; a
 * rule with `stereo: inverts` inverts the bonding carbon (SN2).  The
 * molecule's atoms keep their indices. */
static int install_on_nitrogen(dzp_mol **out, const dzp_mol *in, const ring_atoms *ring,
                               site_index site, const reagent_option *option)
{
    if (!option->rule->geminal_group) {
        const dzp_substitution *prepared = NULL;
        int rc = plan_option_substitution(&prepared, option);
        if (rc != 0)
            return rc;
        return dzp_mol_substitute_prepared(out, in, plan_nitrogen_atom(ring, site), prepared,
                                           option->rule->stereo == DZP_STEREO_INVERTS);
    }
    dzp_mol *piece = NULL; /* a geminal group: no configuration at a carbon that carries two */
    int *map = NULL;
    int rc = dzp_mol_fragment(&piece, &map, NULL, option->reagent, option->bonding_atom,
                              option->leaving_atom, DZP_CAP_HYDROGEN);
    if (rc == 0)
        rc = cut_geminal_group(&piece, map, option);
    if (rc == 0)
        rc = dzp_mol_join(out, in, plan_nitrogen_atom(ring, site), piece,
                          map[option->bonding_atom], 1);
    free(map);
    dzp_mol_free(piece);
    return rc;
}

/* Install by addition: the nitrogen of site bonds to the option's bonding
 * atom and its hydrogen goes to the option's leaving atom, across the
 * multiple bond between them.  The molecule's atoms keep their indices. */
static int add_to_nitrogen(dzp_mol **out, const dzp_mol *in, const ring_atoms *ring,
                           site_index site, const reagent_option *option)
{
    return dzp_mol_add_across(out, in, plan_nitrogen_atom(ring, site), option->reagent,
                              option->bonding_atom, option->leaving_atom);
}

/* Install by ring opening: the nitrogen of site bonds to the option's
 * bonding atom, the ring bond to its leaving atom breaks, and the leaving
 * atom takes the nitrogen's hydrogen (an epoxide becomes the 2-hydroxyalkyl).
 * The molecule's atoms keep their indices. */
static int open_onto_nitrogen(dzp_mol **out, const dzp_mol *in, const ring_atoms *ring,
                              site_index site, const reagent_option *option)
{
    return dzp_mol_add_opening(out, in, plan_nitrogen_atom(ring, site), option->reagent,
                               option->bonding_atom, option->leaving_atom);
}

/* Deprotect: cut protecting group pg off the nitrogen of site; the ring's
 * atoms are renumbered in *ring. */
static int remove_from_nitrogen(dzp_mol **out, const dzp_mol *in, ring_atoms *ring,
                                site_index site, const dzp_pg *pg)
{
    int *hits = NULL, nitrogen = plan_nitrogen_atom(ring, site), group_atom = -1;
    int n = dzp_smarts_find(&hits, pg->smarts, in, false);
    int width = dzp_smarts_atom_count(pg->smarts);
    for (int i = 0; i < n && group_atom < 0; i++)
        if (hits[i * width] == nitrogen)
            group_atom = hits[i * width + 1];
    free(hits);
    if (group_atom < 0)
        return dzp_error_set(DZP_EINTERNAL, "the %s group is not on %s", pg->name,
                             plan_site_name(site));
    int *map = NULL;
    int rc = dzp_mol_fragment(out, &map, NULL, in, nitrogen, group_atom, DZP_CAP_HYDROGEN);
    if (rc == 0)
        for (int i = 0; i < RING_SIZE; i++)
            ring->atom[i] = map[ring->atom[i]];
    free(map);
    return rc;
}

/* Apply step to molecule `in` (whose ring atoms are *ring) into a new
 * molecule *out, N1 before N4; *ring is updated to the new molecule.
 * Returns 0, or a negative dzp_error with *out untouched. */
int plan_apply_step(dzp_mol **out, ring_atoms *ring, const dzp_mol *in, const route_step *step)
{
    /* each edit makes a new molecule from its input: in is read, never copied */
    const dzp_mol *current = in;
    dzp_mol *made = NULL;
    int rc = 0;
    for (site_index site = SITE_N1; site <= SITE_N4 && rc == 0; site++) {
        if (!acts_on(step->sites, site))
            continue;
        dzp_mol *next = NULL;
        if (step->rule->tkind == DZP_TK_DEPROTECT)
            rc = remove_from_nitrogen(&next, current, ring, site, step->pg);
        else if (step->rule->tkind == DZP_TK_UNMASK)
            rc = plan_unmask(&next, ring, current, site, step->mask);
        else if (step->rule->disconnect_addition)
            rc = add_to_nitrogen(&next, current, ring, site, step->option);
        else if (step->rule->disconnect_ring_opening)
            rc = open_onto_nitrogen(&next, current, ring, site, step->option);
        else
            rc = install_on_nitrogen(&next, current, ring, site, step->option);
        dzp_mol_free(made);
        made = next;
        current = next;
    }
    if (rc == 0 && !made) /* a step acting on no nitrogen: the molecule as it was */
        rc = dzp_mol_clone(&made, in);
    if (rc != 0) {
        dzp_mol_free(made);
        return rc;
    }
    *out = made;
    return 0;
}
