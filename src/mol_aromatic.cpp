/*
 * mol_aromatic.cpp - aromaticity carried through a substitution instead of
 * perceived again.
 *
 * Every graph edit leaves Open Babel's "aromaticity perceived" flag off,
 * so the next SMARTS match or SMILES runs the ring search (SSSR) and the
 * aromaticity model over the whole molecule again: about a quarter of the
 * planner's work, for the molecules it builds by substitution (a state's
 * nitrogen takes the reagent's bonding atom in place of its leaving atom).
 * Such an edit cannot change any atom's aromaticity, and this file carries
 * the flags over, when all of these hold:
 *   - the cut bond (bonding atom - leaving atom) and the new bond
 *     (nitrogen - bonding atom) are single and outside any ring, so no ring
 *     is made or broken and no ring atom's set of ring bonds changes;
 *   - the bonding atom keeps its degree and valence (one single bond for
 *     another) and the nitrogen keeps its own (a single bond for an H);
 *   - Open Babel's model (aromatic.cpp, AssignOBAromaticityModel) reads of
 *     a ring atom only its element, charge, degree, valence and exocyclic
 *     bonds: a double bond to a heteroatom or oxygen, or a single bond to a
 *     negatively charged oxygen.  So neither the leaving atom nor either
 *     new partner may be a charged oxygen (the other exocyclic bonds are
 *     unchanged).
 * Then each atom and bond of the product is aromatic exactly when it was in
 * the molecule it came from, and the product is marked perceived.  When
 * any condition fails nothing is carried and Open Babel perceives afresh.
 *
 * A cut (dzp_mol_fragment: one piece kept, the bond capped with a hydrogen
 * or a '*') is the same argument with one side only: when the cut bond is
 * single, outside any ring and has no charged oxygen at either end, the
 * kept atoms lose no ring bond and the kept end keeps its degree and
 * valence as the model counts them (explicit neighbours plus implicit
 * hydrogens: the cap stands where the partner stood), so the flags copied
 * with the molecule still hold.
 */
#include "mol_internal.hpp"

#include <openbabel/atom.h>
#include <openbabel/bond.h>
#include <openbabel/mol.h>
#include <openbabel/obiter.h>

#include <vector>

using namespace OpenBabel;

namespace {

bool charged_oxygen(OBAtom *atom)
{
    return atom->GetAtomicNum() == 8 && atom->GetFormalCharge() != 0;
}

/* The aromatic flag of source atom i (0-based), perceiving the source once
 * if it was not. */
bool atom_aromatic(OBMol &source, int i)
{
    return source.GetAtom(i + 1)->IsAromatic();
}

} // namespace

namespace dzp_internal {

void carry_substitution_aromaticity(OBMol &product, const OBMol &a, int a_atom, const OBMol &b,
                                    int b_atom, int b_leaving, const int *b_to_piece)
{
    OBMol &x = const_cast<OBMol &>(a), &y = const_cast<OBMol &>(b);
    OBAtom *nitrogen = x.GetAtom(a_atom + 1), *bonding = y.GetAtom(b_atom + 1);
    OBAtom *leaving = y.GetAtom(b_leaving + 1);
    OBBond *cut = y.GetBond(bonding, leaving);
    if (!nitrogen || !bonding || !leaving || !cut || cut->GetBondOrder() != 1 ||
        cut->IsInRing() || charged_oxygen(leaving) || charged_oxygen(bonding) ||
        charged_oxygen(nitrogen))
        return;
    const int na = (int)x.NumAtoms(), nb = (int)y.NumAtoms();
    /* product atom -> (source, index): a's atoms first, then the piece of b */
    std::vector<int> from_b((size_t)product.NumAtoms(), -1);
    for (int i = 0; i < nb; i++)
        if (b_to_piece[i] >= 0 && na + b_to_piece[i] < (int)product.NumAtoms())
            from_b[(size_t)(na + b_to_piece[i])] = i;
    for (int k = na; k < (int)product.NumAtoms(); k++)
        if (from_b[(size_t)k] < 0)
            return; /* an atom of unknown origin: leave it to Open Babel */
    for (int k = 0; k < (int)product.NumAtoms(); k++)
        product.GetAtom(k + 1)->SetAromatic(k < na ? atom_aromatic(x, k)
                                                   : atom_aromatic(y, from_b[(size_t)k]));
    FOR_BONDS_OF_MOL (bond, product) {
        int u = (int)bond->GetBeginAtomIdx() - 1, v = (int)bond->GetEndAtomIdx() - 1;
        OBBond *source = nullptr;
        if (u < na && v < na)
            source = x.GetBond(u + 1, v + 1);
        else if (u >= na && v >= na)
            source = y.GetBond(from_b[(size_t)u] + 1, from_b[(size_t)v] + 1);
        /* the new bond joins the two: never aromatic */
        bond->SetAromatic(source && source->IsAromatic());
    }
    product.SetAromaticPerceived();
}

bool cut_keeps_aromaticity(const OBMol &source, int keep, int cut)
{
    OBMol &mol = const_cast<OBMol &>(source);
    OBAtom *kept = mol.GetAtom(keep + 1), *partner = mol.GetAtom(cut + 1);
    OBBond *bond = kept && partner ? mol.GetBond(kept, partner) : nullptr;
    if (!bond || bond->GetBondOrder() != 1 || bond->IsInRing() || charged_oxygen(kept) ||
        charged_oxygen(partner))
        return false;
    (void)kept->IsAromatic(); /* perceive the source once, so its copy holds the flags */
    return true;
}

} // namespace dzp_internal
