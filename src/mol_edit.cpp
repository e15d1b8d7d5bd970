/*
 * mol_edit.cpp - graph edits of the molecule layer: cut a bond (capping with
 * hydrogen or a '*'), join two molecules, turn a '*' into an atom or a
 * leaving group, raise a bond and add an N-H across a multiple bond.  Each
 * edit repairs what Open Babel leaves to the caller (implicit hydrogen
 * counts, stereo that no longer holds; see OPENBABEL_NOTES "Editing the
 * graph"), and each exported function runs inside DZP_TRY / DZP_CATCH like
 * the rest of the layer (mol_internal.hpp).
 */
#include "dzp/mol.h"
#include "dzp/error.h"
#include "mol_internal.hpp"

#include <openbabel/atom.h>
#include <openbabel/bond.h>
#include <openbabel/mol.h>
#include <openbabel/elements.h>
#include <openbabel/obfunctions.h>
#include <openbabel/obiter.h>
#include <openbabel/stereo/cistrans.h>
#include <openbabel/stereo/stereo.h>
#include <openbabel/stereo/tetrahedral.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

using namespace OpenBabel;
using namespace dzp_internal;

extern "C" {

int dzp_mol_fragment(dzp_mol **out, int **map_out, int *cap_atom, const dzp_mol *mol, int keep,
                     int cut, dzp_cap cap)
{
    DZP_TRY
    OBBond *bond = bond_between(mol, keep, cut);
    if (!out || !bond)
        return dzp_error_set(DZP_EINVAL, "atoms %d and %d are not bonded, so nothing can be cut",
                             keep + 1, cut + 1);
    if (bond->IsInRing())
        return dzp_error_set(DZP_EINVAL,
                             "the bond between atoms %d and %d is in a ring: cutting it leaves "
                             "one piece",
                             keep + 1, cut + 1);
    int order = (int)bond->GetBondOrder();
    const int n = (int)mol->ob.NumAtoms();
    const bool keeps_aromaticity = cut_keeps_aromaticity(mol->ob, keep, cut);
    /* Atoms reachable from keep without crossing the cut bond. */
    std::vector<char> in(n, 0);
    std::vector<int> stack{keep};
    in[keep] = 1;
    while (!stack.empty()) {
        int i = stack.back();
        stack.pop_back();
        FOR_NBORS_OF_ATOM (nb, atom_at(mol, i)) {
            int j = (int)nb->GetIdx() - 1;
            if (in[j] || (i == keep && j == cut))
                continue;
            in[j] = 1;
            stack.push_back(j);
        }
    }
    /* Copy, then delete what is not in the piece.  The cut partner stays,
     * re-made in place as the cap, so stereo that refers to it survives. */
    dzp_mol *m = new dzp_mol();
    m->ob = mol->ob;
    OBMol &ob = m->ob;
    OBAtom *partner = ob.GetAtom(cut + 1);
    std::vector<OBAtom *> doomed;
    for (int i = 0; i < n; i++)
        if (!in[i] && i != cut)
            doomed.push_back(ob.GetAtom(i + 1));
    ob.BeginModify();
    for (OBAtom *a : doomed)
        ob.DeleteAtom(a);
    ob.EndModify(false);
    partner->SetFormalCharge(0);
    partner->SetIsotope(0);
    partner->SetAromatic(false);
    OBAtom *kept = nullptr;
    FOR_NBORS_OF_ATOM (nb, partner)
        kept = &*nb;
    if (cap == DZP_CAP_DUMMY) {
        partner->SetAtomicNum(0);
        partner->SetImplicitHCount(0);
        if (cap_atom)
            *cap_atom = (int)partner->GetIdx() - 1;
    } else {
        if (cap_atom)
            *cap_atom = -1;
        if (order == 1) {
            partner->SetAtomicNum(1);
            partner->SetImplicitHCount(0);
            ob.DeleteHydrogen(partner); /* stereo refs become implicit H */
        } else {
            ob.DeleteAtom(partner);
        }
        kept->SetImplicitHCount(kept->GetImplicitHCount() + order);
        if (order > 1)
            drop_stale_stereo(ob, kept);
    }
    ob.SetAromaticPerceived(keeps_aromaticity);
    if (map_out) {
        /* Deleting atoms keeps the relative order of the rest. */
        int *map = static_cast<int *>(std::malloc(sizeof(int) * n));
        if (!map) {
            delete m;
            throw std::bad_alloc();
        }
        int next = 0;
        for (int i = 0; i < n; i++) {
            bool present = in[i] || (i == cut && cap == DZP_CAP_DUMMY);
            map[i] = present ? next++ : -1;
        }
        *map_out = map;
    }
    *out = m;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

int dzp_mol_join(dzp_mol **out, const dzp_mol *a, int a_atom, const dzp_mol *b, int b_atom,
                 int order)
{
    DZP_TRY
    if (!out || !valid_index(a, a_atom) || !valid_index(b, b_atom) || order < 1 || order > 3)
        return dzp_error_set(DZP_EINVAL, "a join needs two atoms and a bond order of 1 to 3");
    OBAtom *x = atom_at(a, a_atom), *y = atom_at(b, b_atom);
    if ((int)x->GetImplicitHCount() < order || (int)y->GetImplicitHCount() < order)
        return dzp_error_set(DZP_EINVAL,
                             "atom %d (%s) has no hydrogen left to replace by the new bond",
                             (int)x->GetImplicitHCount() < order ? a_atom + 1 : b_atom + 1,
                             OBElements::GetSymbol(((int)x->GetImplicitHCount() < order ? x : y)
                                                       ->GetAtomicNum()));
    const bool keeps_aromaticity = join_keeps_aromaticity(a->ob, a_atom, b->ob, b_atom, order);
    dzp_mol *m = new dzp_mol();
    m->ob = a->ob;
    unsigned offset = m->ob.NumAtoms();
    m->ob += b->ob;
    OBAtom *p = m->ob.GetAtom(a_atom + 1), *q = m->ob.GetAtom(offset + b_atom + 1);
    p->SetImplicitHCount(p->GetImplicitHCount() - order);
    q->SetImplicitHCount(q->GetImplicitHCount() - order);
    m->ob.AddBond(p->GetIdx(), q->GetIdx(), order);
    m->ob.SetAromaticPerceived(keeps_aromaticity);
    *out = m;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

int dzp_mol_set_terminal_atom(dzp_mol *mol, int atom, int element, int order)
{
    DZP_TRY
    if (!valid_index(mol, atom) || order < 1 || order > 3 || element < 1 || element > 118)
        return dzp_error_set(DZP_EINVAL, "no such atom, element or bond order to set");
    OBAtom *x = atom_at(mol, atom);
    if (x->GetExplicitDegree() != 1)
        return dzp_error_set(DZP_EINVAL, "atom %d is not a terminal atom", atom + 1);
    OBBond *bond = nullptr;
    FOR_BONDS_OF_ATOM (bd, x)
        bond = &*bd;
    OBAtom *nb = bond->GetNbrAtom(x);
    int delta = order - (int)bond->GetBondOrder();
    if ((int)nb->GetImplicitHCount() < delta)
        return dzp_error_set(DZP_EINVAL,
                             "atom %d has too few hydrogens for a bond of order %d",
                             (int)nb->GetIdx(), order);
    const bool keeps_aromaticity = terminal_edit_keeps_aromaticity(
        mol->ob, x, nb, (int)bond->GetBondOrder(), order);
    forget_facts(mol); /* the SMARTS prefilter's view of it */
    nb->SetImplicitHCount(nb->GetImplicitHCount() - delta);
    bond->SetBondOrder(order);
    x->SetAtomicNum(element);
    x->SetFormalCharge(0);
    x->SetAromatic(false);
    OBAtomAssignTypicalImplicitHydrogens(x);
    drop_stale_stereo(mol->ob, nb);
    mol->ob.SetAromaticPerceived(keeps_aromaticity);
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}


/* The one neighbour of a '*' atom, or nullptr when it is not one. */
static OBAtom *dummy_partner(OBAtom *dummy)
{
    if (!dummy || dummy->GetAtomicNum() != 0 || dummy->GetExplicitDegree() != 1)
        return nullptr;
    OBAtom *partner = nullptr;
    FOR_NBORS_OF_ATOM (nb, dummy)
        partner = &*nb;
    return partner;
}

int dzp_mol_replace_dummy(dzp_mol **out, const dzp_mol *mol, int dummy, const dzp_mol *group,
                          int group_dummy)
{
    DZP_TRY
    if (!out || !valid_index(mol, dummy) || !valid_index(group, group_dummy))
        return dzp_error_set(DZP_EINVAL, "a replacement needs a '*' atom in each molecule");
    OBAtom *star = atom_at(group, group_dummy), *head = dummy_partner(star);
    OBAtom *site = atom_at(mol, dummy), *anchor = dummy_partner(site);
    if (!head || !anchor)
        return dzp_error_set(DZP_EINVAL, "atom %d is not a '*' with one neighbour",
                             head ? dummy + 1 : group_dummy + 1);
    int order = (int)group->ob.GetBond(star, head)->GetBondOrder();
    int delta = order - (int)mol->ob.GetBond(site, anchor)->GetBondOrder();
    if ((int)anchor->GetImplicitHCount() < delta)
        return dzp_error_set(DZP_EINVAL, "atom %d has too few hydrogens for a bond of order %d",
                             (int)anchor->GetIdx(), order);
    const bool keeps_aromaticity =
        replace_keeps_aromaticity(mol->ob, anchor, order - delta, group->ob, head, order);
    dzp_mol *m = new dzp_mol();
    m->ob = mol->ob;
    OBMol &ob = m->ob;
    OBAtom *x = ob.GetAtom(dummy + 1), *nb = dummy_partner(x);
    nb->SetImplicitHCount(nb->GetImplicitHCount() - delta);
    ob.GetBond(x, nb)->SetBondOrder(order);
    x->SetAtomicNum(head->GetAtomicNum());
    x->SetFormalCharge(head->GetFormalCharge());
    x->SetIsotope(head->GetIsotope());
    x->SetImplicitHCount(head->GetImplicitHCount());
    x->SetAromatic(keeps_aromaticity && head->IsAromatic());
    /* the group's other atoms, then its bonds, its head standing at x */
    std::vector<unsigned> index_of(group->ob.NumAtoms() + 1, 0);
    index_of[head->GetIdx()] = x->GetIdx();
    FOR_ATOMS_OF_MOL (a, const_cast<OBMol &>(group->ob)) {
        if (&*a == star || &*a == head)
            continue;
        OBAtom *copy = ob.NewAtom();
        copy->SetAtomicNum(a->GetAtomicNum());
        copy->SetFormalCharge(a->GetFormalCharge());
        copy->SetIsotope(a->GetIsotope());
        copy->SetImplicitHCount(a->GetImplicitHCount());
        copy->SetAromatic(keeps_aromaticity && a->IsAromatic());
        index_of[a->GetIdx()] = copy->GetIdx();
    }
    FOR_BONDS_OF_MOL (b, const_cast<OBMol &>(group->ob)) {
        if (b->GetBeginAtom() == star || b->GetEndAtom() == star)
            continue;
        ob.AddBond(index_of[b->GetBeginAtomIdx()], index_of[b->GetEndAtomIdx()],
                   (int)b->GetBondOrder());
        if (keeps_aromaticity && b->IsAromatic())
            ob.GetBond(index_of[b->GetBeginAtomIdx()], index_of[b->GetEndAtomIdx()])
                ->SetAromatic();
    }
    drop_stale_stereo(ob, nb);
    ob.SetAromaticPerceived(keeps_aromaticity);
    *out = m;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

} /* extern "C" */

/* ---- Additions across a multiple bond ------------------------------------ */

namespace {

/* Forget the cis/trans configuration of any double bond at atom a or b: the
 * bond between them changes order, so what the stereo refers to is gone. */
void drop_cis_trans_at(OBMol &mol, OBAtom *a, OBAtom *b)
{
    std::vector<OBGenericData *> data = mol.GetAllData(OBGenericDataType::StereoData);
    for (OBGenericData *d : data) {
        OBStereoBase *sb = static_cast<OBStereoBase *>(d);
        if (sb->GetType() != OBStereo::CisTrans)
            continue;
        OBCisTransStereo::Config c = static_cast<OBCisTransStereo *>(sb)->GetConfig();
        if (c.begin == a->GetId() || c.end == a->GetId() || c.begin == b->GetId() ||
            c.end == b->GetId())
            mol.DeleteData(sb);
    }
}

} /* namespace */

extern "C" {

int dzp_mol_raise_bond(dzp_mol *mol, int a, int b)
{
    DZP_TRY
    OBBond *bond = bond_between(mol, a, b);
    if (!bond)
        return dzp_error_set(DZP_EINVAL, "atoms %d and %d are not bonded, so no bond can be "
                             "raised", a + 1, b + 1);
    if (bond->IsAromatic() || bond->GetBondOrder() >= 3)
        return dzp_error_set(DZP_EINVAL, "the bond between atoms %d and %d is %s: it cannot "
                             "take a higher order", a + 1, b + 1,
                             bond->IsAromatic() ? "aromatic" : "already triple");
    OBAtom *x = atom_at(mol, a), *y = atom_at(mol, b);
    if (x->GetImplicitHCount() < 1 || y->GetImplicitHCount() < 1)
        return dzp_error_set(DZP_EINVAL, "atom %d has no hydrogen to give up for a higher bond "
                             "order", x->GetImplicitHCount() < 1 ? a + 1 : b + 1);
    forget_facts(mol); /* the SMARTS prefilter's view of it */
    x->SetImplicitHCount(x->GetImplicitHCount() - 1);
    y->SetImplicitHCount(y->GetImplicitHCount() - 1);
    bond->SetBondOrder((int)bond->GetBondOrder() + 1);
    drop_stale_stereo(mol->ob, x);
    drop_stale_stereo(mol->ob, y);
    drop_cis_trans_at(mol->ob, x, y);
    mol->ob.SetAromaticPerceived(false);
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

int dzp_mol_add_across(dzp_mol **out, const dzp_mol *a, int a_atom, const dzp_mol *b,
                       int b_atom, int b_next)
{
    DZP_TRY
    OBBond *bond = bond_between(b, b_atom, b_next);
    if (!out || !valid_index(a, a_atom) || !bond)
        return dzp_error_set(DZP_EINVAL, "an addition needs an atom and a bond to add across");
    if (bond->IsAromatic() || bond->GetBondOrder() < 2)
        return dzp_error_set(DZP_EINVAL, "the bond between atoms %d and %d is %s: nothing can "
                             "add across it", b_atom + 1, b_next + 1,
                             bond->IsAromatic() ? "aromatic" : "single");
    if (atom_at(a, a_atom)->GetImplicitHCount() < 1)
        return dzp_error_set(DZP_EINVAL, "atom %d has no hydrogen to move in an addition",
                             a_atom + 1);
    dzp_mol *m = new dzp_mol();
    m->ob = a->ob;
    unsigned offset = m->ob.NumAtoms();
    m->ob += b->ob;
    OBAtom *n = m->ob.GetAtom(a_atom + 1), *c = m->ob.GetAtom(offset + b_atom + 1);
    OBAtom *h_taker = m->ob.GetAtom(offset + b_next + 1);
    OBBond *across = m->ob.GetBond(c, h_taker);
    across->SetBondOrder((int)across->GetBondOrder() - 1);
    n->SetImplicitHCount(n->GetImplicitHCount() - 1);
    h_taker->SetImplicitHCount(h_taker->GetImplicitHCount() + 1);
    m->ob.AddBond(n->GetIdx(), c->GetIdx(), 1);
    drop_cis_trans_at(m->ob, c, h_taker);
    m->ob.SetAromaticPerceived(false);
    *out = m;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

} /* extern "C" */

/* ---- Three-membered rings: close one, open one --------------------------- */

namespace {

/* The ring perception Open Babel cached no longer holds once a ring bond is
 * made or broken: forget it (and aromaticity) so it is perceived again. */
void forget_rings(OBMol &mol)
{
    mol.UnsetFlag(OB_SSSR_MOL | OB_LSSR_MOL | OB_RINGFLAGS_MOL | OB_RINGTYPES_MOL |
                  OB_CLOSURE_MOL);
    mol.SetAromaticPerceived(false);
}

/* Forget the tetrahedral configuration stored for atom centre, whatever it
 * was: an SN2 opening inverts it, which the edit does not model. */
void forget_centre(OBMol &mol, OBAtom *centre)
{
    std::vector<OBGenericData *> data = mol.GetAllData(OBGenericDataType::StereoData);
    for (OBGenericData *d : data) {
        OBStereoBase *sb = static_cast<OBStereoBase *>(d);
        if (sb->GetType() == OBStereo::Tetrahedral &&
            static_cast<OBTetrahedralStereo *>(sb)->GetConfig().center == centre->GetId())
            mol.DeleteData(sb);
    }
}

} /* namespace */

extern "C" {

int dzp_mol_bond_atoms(dzp_mol *mol, int a, int b)
{
    DZP_TRY
    if (!valid_index(mol, a) || !valid_index(mol, b) || a == b)
        return dzp_error_set(DZP_EINVAL, "a new bond needs two different atoms");
    if (bond_between(mol, a, b))
        return dzp_error_set(DZP_EINVAL, "atoms %d and %d are already bonded", a + 1, b + 1);
    OBAtom *x = atom_at(mol, a), *y = atom_at(mol, b);
    if (x->GetImplicitHCount() < 1 || y->GetImplicitHCount() < 1)
        return dzp_error_set(DZP_EINVAL, "atom %d has no hydrogen to give up for a new bond",
                             x->GetImplicitHCount() < 1 ? a + 1 : b + 1);
    forget_facts(mol); /* the SMARTS prefilter's view of it */
    x->SetImplicitHCount(x->GetImplicitHCount() - 1);
    y->SetImplicitHCount(y->GetImplicitHCount() - 1);
    mol->ob.AddBond(x->GetIdx(), y->GetIdx(), 1);
    drop_stale_stereo(mol->ob, x);
    drop_stale_stereo(mol->ob, y);
    forget_rings(mol->ob);
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

int dzp_mol_add_opening(dzp_mol **out, const dzp_mol *a, int a_atom, const dzp_mol *b,
                        int b_atom, int b_next)
{
    DZP_TRY
    OBBond *bond = bond_between(b, b_atom, b_next);
    if (!out || !valid_index(a, a_atom) || !bond)
        return dzp_error_set(DZP_EINVAL, "a ring opening needs an atom and a ring bond to open");
    if (bond->IsAromatic() || bond->GetBondOrder() != 1 || !bond->IsInRing())
        return dzp_error_set(DZP_EINVAL, "the bond between atoms %d and %d is not a single ring "
                             "bond: no ring opens there", b_atom + 1, b_next + 1);
    if (atom_at(a, a_atom)->GetImplicitHCount() < 1)
        return dzp_error_set(DZP_EINVAL, "atom %d has no hydrogen to move in a ring opening",
                             a_atom + 1);
    dzp_mol *m = new dzp_mol();
    m->ob = a->ob;
    unsigned offset = m->ob.NumAtoms();
    m->ob += b->ob;
    OBAtom *n = m->ob.GetAtom(a_atom + 1), *c = m->ob.GetAtom(offset + b_atom + 1);
    OBAtom *h_taker = m->ob.GetAtom(offset + b_next + 1);
    m->ob.DeleteBond(m->ob.GetBond(c, h_taker));
    n->SetImplicitHCount(n->GetImplicitHCount() - 1);
    h_taker->SetImplicitHCount(h_taker->GetImplicitHCount() + 1);
    m->ob.AddBond(n->GetIdx(), c->GetIdx(), 1);
    forget_centre(m->ob, c);
    forget_rings(m->ob);
    *out = m;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

} /* extern "C" */
