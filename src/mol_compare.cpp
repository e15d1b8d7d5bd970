/*
 * mol_compare.cpp - whether two molecules are the same atom for atom, in
 * the same order (dzp_mol_same_graph).
 *
 * The planner builds one molecule by the same graph edits twice: once
 * while searching, once when it re-applies the chosen route to verify it.
 * When the two come out identical under the identity map of atom indices,
 * everything Open Babel derives from the graph (canonical SMILES and the
 * order it writes the atoms in, formula, weight) is the same for both, so
 * what was computed for the first serves the second.  The check is exact
 * and conservative: the same number of atoms and bonds; each atom the same
 * element, isotope, formal charge, hydrogen count, spin and aromaticity;
 * each bond between the same two atoms with the same order; and neither
 * molecule carrying stereo data (a stereo unit is named by atom ids, which
 * edits renumber apart from indices, so a molecule with any is reported
 * as not the same and gets computed afresh).  It costs one pass over the
 * atoms and bonds, against a canonical labelling for a SMILES.
 */
#include "dzp/mol.h"
#include "mol_internal.hpp"

#include <openbabel/atom.h>
#include <openbabel/bond.h>
#include <openbabel/generic.h>
#include <openbabel/mol.h>
#include <openbabel/stereo/stereo.h>

using namespace OpenBabel;

namespace {

bool has_stereo(OBMol &m)
{
    return !m.GetAllData(OBGenericDataType::StereoData).empty();
}

bool same_atom(OBAtom *a, OBAtom *b)
{
    return a->GetAtomicNum() == b->GetAtomicNum() && a->GetIsotope() == b->GetIsotope() &&
           a->GetFormalCharge() == b->GetFormalCharge() &&
           a->GetImplicitHCount() == b->GetImplicitHCount() &&
           a->GetSpinMultiplicity() == b->GetSpinMultiplicity() &&
           a->IsAromatic() == b->IsAromatic() && a->GetExplicitDegree() == b->GetExplicitDegree();
}

} // namespace

extern "C" bool dzp_mol_same_graph(const dzp_mol *a, const dzp_mol *b)
{
    try {
        if (!a || !b)
            return false;
        OBMol &x = const_cast<OBMol &>(a->ob), &y = const_cast<OBMol &>(b->ob);
        if (x.NumAtoms() != y.NumAtoms() || x.NumBonds() != y.NumBonds() || has_stereo(x) ||
            has_stereo(y))
            return false;
        for (unsigned i = 1; i <= x.NumAtoms(); i++)
            if (!same_atom(x.GetAtom((int)i), y.GetAtom((int)i)))
                return false;
        /* the same bonds: each bond of x joins the atoms with the same
         * indices in y, with the same order */
        for (unsigned i = 0; i < x.NumBonds(); i++) {
            OBBond *bx = x.GetBond((int)i);
            OBBond *by = y.GetBond((int)bx->GetBeginAtomIdx(), (int)bx->GetEndAtomIdx());
            if (!by || by->GetBondOrder() != bx->GetBondOrder())
                return false;
        }
        return true;
    } catch (...) {
        return false;
    }
}
