/*
 * mol_replace.cpp - one graph edit of the molecule layer: replace a set of
 * atoms by a fragment.  This is how a side-chain group is masked and
 * unmasked (an amine N by N-Boc, a ketone C=O by its ethylene ketal, a
 * nitro group by NH2): the set's first atom (the carrier) is the only one
 * bonded to the rest of the molecule, and the fragment's atom 0 takes over
 * those bonds.  The carrier's OBAtom is re-made in place, so stereo on its
 * neighbours that refers to it survives (as in dzp_mol_fragment); stereo
 * centred on the replaced atoms is dropped.  Like the other edits it runs
 * inside DZP_TRY / DZP_CATCH (mol_internal.hpp).
 */
#include "dzp/mol.h"
#include "dzp/error.h"
#include "mol_internal.hpp"

#include <openbabel/atom.h>
#include <openbabel/bond.h>
#include <openbabel/mol.h>
#include <openbabel/obiter.h>
#include <openbabel/stereo/cistrans.h>
#include <openbabel/stereo/stereo.h>
#include <openbabel/stereo/tetrahedral.h>

#include <cstdlib>
#include <new>
#include <vector>

using namespace OpenBabel;
using namespace dzp_internal;

namespace {

/* Drop every stereo unit that refers to an atom whose id is in `gone` (its
 * centre, an end of its double bond, or a reference atom). */
void drop_stereo_of(OBMol &mol, const std::vector<unsigned long> &gone)
{
    auto in_gone = [&gone](unsigned long id) {
        for (unsigned long g : gone)
            if (g == id)
                return true;
        return false;
    };
    std::vector<OBGenericData *> data = mol.GetAllData(OBGenericDataType::StereoData);
    for (OBGenericData *d : data) {
        OBStereoBase *sb = static_cast<OBStereoBase *>(d);
        bool stale = false;
        if (sb->GetType() == OBStereo::Tetrahedral) {
            OBTetrahedralStereo::Config c = static_cast<OBTetrahedralStereo *>(sb)->GetConfig();
            stale = in_gone(c.center) || in_gone(c.from);
            for (unsigned long ref : c.refs)
                stale = stale || in_gone(ref);
        } else if (sb->GetType() == OBStereo::CisTrans) {
            OBCisTransStereo::Config c = static_cast<OBCisTransStereo *>(sb)->GetConfig();
            stale = in_gone(c.begin) || in_gone(c.end);
            for (unsigned long ref : c.refs)
                stale = stale || in_gone(ref);
        }
        if (stale)
            mol.DeleteData(sb);
    }
}

/* The sum of the orders of atom's bonds to atoms outside the set, or -1
 * when an atom of the set other than the carrier has such a bond. */
int outside_order(const dzp_mol *mol, const std::vector<char> &in_set, const int *atoms,
                  int n_atoms)
{
    int sum = 0;
    for (int k = 0; k < n_atoms; k++)
        FOR_BONDS_OF_ATOM (b, atom_at(mol, atoms[k])) {
            OBAtom *nb = b->GetNbrAtom(atom_at(mol, atoms[k]));
            if (in_set[nb->GetIdx() - 1])
                continue;
            if (k != 0)
                return -1;
            sum += (int)b->GetBondOrder();
        }
    return sum;
}

void copy_atom_kind(OBAtom *to, const OBAtom *from)
{
    to->SetAtomicNum(from->GetAtomicNum());
    to->SetFormalCharge(from->GetFormalCharge());
    to->SetIsotope(from->GetIsotope());
    to->SetAromatic(false);
}

} /* namespace */

extern "C" {

int dzp_mol_replace_atoms(dzp_mol **out, int **map_out, const dzp_mol *mol, const int *atoms,
                          int n_atoms, const dzp_mol *fragment)
{
    DZP_TRY
    if (!out || !atoms || n_atoms < 1 || !fragment || fragment->ob.NumAtoms() < 1)
        return dzp_error_set(DZP_EINVAL, "a replacement needs atoms to replace and a fragment");
    const int n = (int)mol->ob.NumAtoms();
    std::vector<char> in_set(n, 0);
    for (int k = 0; k < n_atoms; k++) {
        if (!valid_index(mol, atoms[k]) || in_set[atoms[k]])
            return dzp_error_set(DZP_EINVAL, "atom %d cannot be replaced: no such atom, or "
                                 "named twice", atoms[k] + 1);
        in_set[atoms[k]] = 1;
    }
    int order = outside_order(mol, in_set, atoms, n_atoms);
    if (order < 0)
        return dzp_error_set(DZP_EINVAL, "only the first atom of a replaced group may be bonded "
                             "to the rest of the molecule");
    const OBAtom *head = const_cast<OBMol &>(fragment->ob).GetAtom(1);
    int head_h = (int)head->GetImplicitHCount() - order;
    if (head_h < 0)
        return dzp_error_set(DZP_EINVAL, "the fragment's first atom has %u hydrogen(s), too few "
                             "for %d bond(s) to the rest of the molecule",
                             head->GetImplicitHCount(), order);
    dzp_mol *m = new dzp_mol();
    m->ob = mol->ob;
    OBMol &ob = m->ob;
    OBAtom *carrier = ob.GetAtom(atoms[0] + 1);
    std::vector<OBAtom *> doomed;
    std::vector<unsigned long> gone{carrier->GetId()};
    for (int k = 1; k < n_atoms; k++) {
        doomed.push_back(ob.GetAtom(atoms[k] + 1));
        gone.push_back(doomed.back()->GetId());
    }
    /* the carrier's own stereo no longer holds; its neighbours' stays */
    std::vector<OBGenericData *> data = ob.GetAllData(OBGenericDataType::StereoData);
    for (OBGenericData *d : data) {
        OBStereoBase *sb = static_cast<OBStereoBase *>(d);
        if (sb->GetType() == OBStereo::Tetrahedral &&
            static_cast<OBTetrahedralStereo *>(sb)->GetConfig().center == carrier->GetId())
            ob.DeleteData(sb);
    }
    drop_stereo_of(ob, std::vector<unsigned long>(gone.begin() + 1, gone.end()));
    ob.BeginModify();
    for (OBAtom *a : doomed)
        ob.DeleteAtom(a);
    ob.EndModify(false);
    copy_atom_kind(carrier, head);
    carrier->SetImplicitHCount((unsigned)head_h);
    /* the fragment's other atoms, then its bonds, its head standing at the carrier */
    std::vector<unsigned> index_of(fragment->ob.NumAtoms() + 1, 0);
    index_of[head->GetIdx()] = carrier->GetIdx();
    FOR_ATOMS_OF_MOL (a, const_cast<OBMol &>(fragment->ob)) {
        if (&*a == head)
            continue;
        OBAtom *copy = ob.NewAtom();
        copy_atom_kind(copy, &*a);
        copy->SetImplicitHCount(a->GetImplicitHCount());
        index_of[a->GetIdx()] = copy->GetIdx();
    }
    FOR_BONDS_OF_MOL (b, const_cast<OBMol &>(fragment->ob))
        ob.AddBond(index_of[b->GetBeginAtomIdx()], index_of[b->GetEndAtomIdx()],
                   (int)b->GetBondOrder());
    ob.SetAromaticPerceived(false);
    if (map_out) {
        /* Deleting atoms keeps the relative order of the rest. */
        int *map = static_cast<int *>(std::malloc(sizeof(int) * (size_t)(n ? n : 1)));
        if (!map) {
            delete m;
            throw std::bad_alloc();
        }
        int next = 0;
        for (int i = 0; i < n; i++)
            map[i] = in_set[i] && i != atoms[0] ? -1 : next++;
        *map_out = map;
    }
    *out = m;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

} /* extern "C" */
