/*
 * mol_aromatic.cpp - when a graph edit leaves aromaticity as it was, so it
 * is carried over instead of perceived again.
 *
 * Every graph edit used to leave Open Babel's "aromaticity perceived" flag
 * off, so the next SMARTS match or SMILES ran the ring search (SSSR) and
 * the aromaticity model over the whole molecule again: about a quarter of
 * the planner's work, for molecules that differ from their source by a
 * substituent.  An edit keeps the flags (copied with the atoms and bonds)
 * and the product is marked perceived when it cannot change any atom's or
 * bond's aromaticity (with the one exception below).  The argument rests
 * on what Open Babel's model reads (typer.cpp, AssignOBAromaticityModel):
 * only ring atoms can be aromatic, and of a ring atom it reads its element,
 * charge, degree and valence (explicit neighbours plus implicit hydrogens)
 * and its exocyclic bonds: a double bond (to oxygen, to another heteroatom,
 * to carbon) or a single bond to a negatively charged oxygen.  The aromatic
 * cycles are then searched within ring systems, which an edit of a bond
 * outside every ring leaves as they were.  So:
 *   - a cut (keep one side of a bond outside any ring, the bond capped
 *     with a hydrogen or a '*') keeps aromaticity when no charged oxygen
 *     sits at either end, and the bond is single or the kept end is in no
 *     ring: a single bond traded for a hydrogen or a '*' leaves the kept
 *     end's degree and valence as the model counts them, and an atom in no
 *     ring is not read at all (its ring neighbours keep their bond to it);
 *   - a join (a new bond between two molecules, so in no ring) keeps it on
 *     the same terms: a single bond for a hydrogen at each end, or ends in
 *     no ring;
 *   - setting a terminal atom (element and bond order) keeps it when its
 *     one neighbour is in no ring, or the bond stays single and the old
 *     terminal atom was no charged oxygen (the new one never is charged);
 *   - replacing a '*' by a group (the group's own '*' marks its head) is a
 *     join in all but name: the '*' on each side stood where the other's
 *     atom now stands, so it keeps aromaticity when both bonds are single
 *     and neither new neighbour is a charged oxygen, or when neither the
 *     '*''s neighbour nor the head is in a ring; the group's atoms and
 *     bonds then bring their own flags.
 * A substitution is a cut then a join.  When any condition fails nothing
 * is carried and Open Babel perceives afresh when asked.  The tests in
 * test_mol.c compare carried products with fresh reads of their SMILES.
 *
 * One more condition: the model is local, but Open Babel's walk of the
 * rings is not quite.  It starts from "root" atoms (an end of each ring
 * closure of a search from atom 1, moved off atoms with three ring
 * neighbours) and drops a root that sits in a three-membered ring of two
 * potentially aromatic neighbours, so in a ring system fused to a
 * three-membered ring (a benzazirine) what it finds can depend on atom
 * order and on atoms far away.  A review found differences between carried
 * and fresh flags there, and only there (thousands of random fused
 * systems of five to eight rings without one gave none; a monocycle is
 * found from any of its atoms).  So nothing is carried from or into a
 * molecule with a three-membered ring that shares an atom with another
 * ring.
 */
#include "mol_internal.hpp"

#include <openbabel/atom.h>
#include <openbabel/bond.h>
#include <openbabel/mol.h>
#include <openbabel/obiter.h>

using namespace OpenBabel;

namespace {

bool charged_oxygen(OBAtom *atom)
{
    return atom->GetAtomicNum() == 8 && atom->GetFormalCharge() != 0;
}

/* Whether atom t of a three-membered ring (with u and v) is also in another
 * ring: one of its other bonds is a ring bond. */
bool in_another_ring(OBAtom *t, OBAtom *u, OBAtom *v)
{
    FOR_BONDS_OF_ATOM (b, t) {
        OBAtom *other = b->GetNbrAtom(t);
        if (other != u && other != v && b->IsInRing())
            return true;
    }
    return false;
}

/* Whether mol has a three-membered ring sharing an atom with another ring.
 * Three atoms bonded to each other are looked for bond by bond (no ring
 * search); only when there are some is ring membership asked. */
bool fused_three_ring(OBMol &mol)
{
    FOR_BONDS_OF_MOL (b, mol) {
        OBAtom *u = b->GetBeginAtom(), *v = b->GetEndAtom();
        if (u->GetExplicitDegree() < 2 || v->GetExplicitDegree() < 2)
            continue;
        FOR_NBORS_OF_ATOM (t, u) {
            if (&*t == v || !t->IsConnected(v))
                continue;
            if (in_another_ring(&*t, u, v) || in_another_ring(u, &*t, v) ||
                in_another_ring(v, u, &*t))
                return true;
        }
    }
    return false;
}

/* Perceive mol's aromaticity now if it was not, so that a copy of it
 * carries the right flags. */
void perceive(OBMol &mol)
{
    if (mol.NumAtoms() > 0)
        (void)mol.GetAtom(1)->IsAromatic();
}

} // namespace

namespace dzp_internal {

bool cut_keeps_aromaticity(const OBMol &source, int keep, int cut)
{
    OBMol &mol = const_cast<OBMol &>(source);
    OBAtom *kept = mol.GetAtom(keep + 1), *partner = mol.GetAtom(cut + 1);
    OBBond *bond = kept && partner ? mol.GetBond(kept, partner) : nullptr;
    if (!bond || bond->IsInRing() || charged_oxygen(kept) || charged_oxygen(partner) ||
        (bond->GetBondOrder() != 1 && kept->IsInRing()) || fused_three_ring(mol))
        return false;
    perceive(mol);
    return true;
}

bool join_keeps_aromaticity(const OBMol &a, int a_atom, const OBMol &b, int b_atom, int order)
{
    OBMol &x = const_cast<OBMol &>(a), &y = const_cast<OBMol &>(b);
    OBAtom *p = x.GetAtom(a_atom + 1), *q = y.GetAtom(b_atom + 1);
    if (!p || !q || charged_oxygen(p) || charged_oxygen(q) ||
        (order != 1 && (p->IsInRing() || q->IsInRing())) || fused_three_ring(x) ||
        fused_three_ring(y))
        return false;
    perceive(x);
    perceive(y);
    return true;
}

bool terminal_edit_keeps_aromaticity(OBMol &mol, OBAtom *terminal, OBAtom *neighbour,
                                     int old_order, int new_order)
{
    if (!mol.HasAromaticPerceived() || fused_three_ring(mol))
        return false;
    return !neighbour->IsInRing() ||
           (old_order == 1 && new_order == 1 && !charged_oxygen(terminal));
}

bool replace_keeps_aromaticity(const OBMol &mol, OBAtom *anchor, int mol_order,
                               const OBMol &group, OBAtom *head, int group_order)
{
    bool single = mol_order == 1 && group_order == 1 && !charged_oxygen(anchor) &&
                  !charged_oxygen(head);
    if ((!single && (anchor->IsInRing() || head->IsInRing())) ||
        fused_three_ring(const_cast<OBMol &>(mol)) || fused_three_ring(const_cast<OBMol &>(group)))
        return false;
    perceive(const_cast<OBMol &>(mol));
    perceive(const_cast<OBMol &>(group));
    return true;
}

} // namespace dzp_internal
