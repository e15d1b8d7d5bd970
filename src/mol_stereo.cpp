/*
 * mol_stereo.cpp - edits of tetrahedral stereo in the molecule layer: turn
 * a centre into its mirror image, and make a bond by displacing a leaving
 * atom at a stereocentre so that the configuration is kept or inverted.
 *
 * Open Babel stores a centre's configuration as an OBTetrahedralStereo: the
 * centre's atom id, one neighbour to look from, the other three (an implicit
 * hydrogen is OBStereo::ImplicitRef) and their winding.  Swapping the
 * winding mirrors the centre: the spatial arrangement inverts, whatever the
 * CIP label then says (it flips only when the new group ranks as the old
 * one did).  Cutting a bond at a centre caps it with a hydrogen, which
 * leaves two implicit hydrogens and no configuration, so dzp_mol_substitute
 * reads the configuration first, as seen from the leaving atom, and writes
 * it back seen from the atom that took its place.  Like the rest of the
 * layer, every exported function runs inside DZP_TRY / DZP_CATCH.
 */
#include "dzp/mol.h"
#include "dzp/error.h"
#include "mol_internal.hpp"

#include <openbabel/atom.h>
#include <openbabel/mol.h>
#include <openbabel/stereo/stereo.h>
#include <openbabel/stereo/tetrahedral.h>

#include <cstdlib>
#include <vector>

using namespace OpenBabel;
using namespace dzp_internal;

namespace {

/* The specified tetrahedral stereo unit centred on atom, or nullptr. */
OBTetrahedralStereo *specified_centre(const dzp_mol *mol, OBAtom *atom)
{
    std::vector<OBGenericData *> data =
        const_cast<OBMol &>(mol->ob).GetAllData(OBGenericDataType::StereoData);
    for (OBGenericData *d : data) {
        OBStereoBase *sb = static_cast<OBStereoBase *>(d);
        if (sb->GetType() != OBStereo::Tetrahedral)
            continue;
        OBTetrahedralStereo *ts = static_cast<OBTetrahedralStereo *>(sb);
        OBTetrahedralStereo::Config c = ts->GetConfig();
        if (c.center == atom->GetId())
            return c.specified ? ts : nullptr;
    }
    return nullptr;
}

/* Remove every tetrahedral stereo unit centred on atom. */
void forget_centre(OBMol &mol, OBAtom *atom)
{
    std::vector<OBGenericData *> data = mol.GetAllData(OBGenericDataType::StereoData);
    for (OBGenericData *d : data) {
        OBStereoBase *sb = static_cast<OBStereoBase *>(d);
        if (sb->GetType() == OBStereo::Tetrahedral &&
            static_cast<OBTetrahedralStereo *>(sb)->GetConfig().center == atom->GetId())
            mol.DeleteData(sb);
    }
}

/* A configuration read by atom index: seen from `from`, the atoms `refs`
 * wind clockwise; -1 stands for an implicit hydrogen. */
struct centre_view {
    int refs[3];
};

/* centre's configuration in mol seen from its neighbour `from`; false when
 * the centre has none (or `from` is not one of its references). */
bool read_view(centre_view *out, const dzp_mol *mol, int centre, int from)
{
    OBTetrahedralStereo *ts = specified_centre(mol, atom_at(mol, centre));
    if (!ts)
        return false;
    OBStereo::Refs all = ts->GetConfig().refs;
    all.push_back(ts->GetConfig().from);
    unsigned long from_id = atom_at(mol, from)->GetId();
    bool present = false;
    for (unsigned long id : all)
        present = present || id == from_id;
    if (!present)
        return false;
    OBTetrahedralStereo::Config c = ts->GetConfig(from_id, OBStereo::Clockwise);
    for (int i = 0; i < 3; i++) {
        OBAtom *a = c.refs[i] == OBStereo::ImplicitRef
                        ? nullptr
                        : const_cast<OBMol &>(mol->ob).GetAtomById(c.refs[i]);
        out->refs[i] = a ? (int)a->GetIdx() - 1 : -1;
    }
    return true;
}

/* Give centre of mol the configuration `view`, seen from atom `from`, with
 * the winding reversed when `mirror`. */
void write_view(dzp_mol *mol, int centre, int from, const centre_view &view, bool mirror)
{
    OBMol &ob = mol->ob;
    OBStereo::Refs refs;
    for (int i = 0; i < 3; i++)
        refs.push_back(view.refs[i] < 0 ? (unsigned long)OBStereo::ImplicitRef
                                        : ob.GetAtom(view.refs[i] + 1)->GetId());
    OBTetrahedralStereo::Config c(ob.GetAtom(centre + 1)->GetId(), ob.GetAtom(from + 1)->GetId(),
                                  refs, mirror ? OBStereo::AntiClockwise : OBStereo::Clockwise);
    forget_centre(ob, ob.GetAtom(centre + 1));
    OBTetrahedralStereo *ts = new OBTetrahedralStereo(&ob);
    ts->SetConfig(c);
    ob.SetData(ts);
}

} /* namespace */

extern "C" {

int dzp_mol_invert_stereo(dzp_mol *mol, int atom)
{
    DZP_TRY
    if (!valid_index(mol, atom))
        return dzp_error_set(DZP_EINVAL, "atom %d is not in the molecule, so its configuration "
                             "cannot be inverted", atom + 1);
    OBTetrahedralStereo *ts = specified_centre(mol, atom_at(mol, atom));
    if (!ts)
        return 0;
    OBTetrahedralStereo::Config c = ts->GetConfig();
    forget_facts(mol); /* the SMARTS prefilter reads no configuration, but an edit is an edit */
    c.winding = c.winding == OBStereo::Clockwise ? OBStereo::AntiClockwise : OBStereo::Clockwise;
    ts->SetConfig(c);
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

int dzp_mol_substitute(dzp_mol **out, const dzp_mol *a, int a_atom, const dzp_mol *b, int b_atom,
                       int b_leaving, bool invert)
{
    if (!out || !valid_index(a, a_atom) || !bond_between(b, b_atom, b_leaving))
        return dzp_error_set(DZP_EINVAL, "a substitution needs an atom and a bond to its "
                             "leaving atom");
    dzp_substitution *prepared = nullptr;
    int rc = dzp_mol_substitution_prepare(&prepared, b, b_atom, b_leaving);
    if (rc == 0)
        rc = dzp_mol_substitute_prepared(out, a, a_atom, prepared, invert);
    dzp_mol_substitution_free(prepared);
    return rc;
}

} /* extern "C" */

/* The reagent's side of a substitution: its kept piece, the bonding atom
 * there, and the bonding atom's configuration (read before the cut, as seen
 * from the leaving atom, in the piece's atom indices). */
struct dzp_substitution {
    dzp_mol *piece = nullptr;
    int bonding = -1;
    bool has_view = false;
    centre_view view{};
    ~dzp_substitution() { delete piece; }
};

extern "C" {

int dzp_mol_substitution_prepare(dzp_substitution **out, const dzp_mol *b, int b_atom,
                                 int b_leaving)
{
    DZP_TRY
    if (!out || !bond_between(b, b_atom, b_leaving))
        return dzp_error_set(DZP_EINVAL, "a substitution needs an atom and a bond to its "
                             "leaving atom");
    dzp_substitution *p = new dzp_substitution();
    p->has_view = read_view(&p->view, b, b_atom, b_leaving);
    int *map = nullptr;
    int rc = dzp_mol_fragment(&p->piece, &map, nullptr, b, b_atom, b_leaving, DZP_CAP_HYDROGEN);
    if (rc != 0) {
        delete p;
        return rc;
    }
    p->bonding = map[b_atom];
    for (int i = 0; p->has_view && i < 3; i++)
        p->view.refs[i] = p->view.refs[i] < 0 ? -1 : map[p->view.refs[i]];
    std::free(map);
    *out = p;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

int dzp_mol_substitute_prepared(dzp_mol **out, const dzp_mol *a, int a_atom,
                                const dzp_substitution *prepared, bool invert)
{
    DZP_TRY
    if (!out || !prepared || !valid_index(a, a_atom))
        return dzp_error_set(DZP_EINVAL, "a substitution needs an atom and a prepared reagent");
    dzp_mol *joined = nullptr;
    int rc = dzp_mol_join(&joined, a, a_atom, prepared->piece, prepared->bonding, 1);
    if (rc != 0)
        return rc;
    if (prepared->has_view) {
        int offset = dzp_mol_atom_count(a);
        centre_view view = prepared->view;
        for (int i = 0; i < 3; i++)
            view.refs[i] = view.refs[i] < 0 ? -1 : offset + view.refs[i];
        try {
            write_view(joined, offset + prepared->bonding, a_atom, view, invert);
        } catch (...) {
            dzp_mol_free(joined);
            throw;
        }
    }
    *out = joined;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

void dzp_mol_substitution_free(dzp_substitution *prepared)
{
    try {
        delete prepared;
    } catch (...) {
    }
}

} /* extern "C" */
