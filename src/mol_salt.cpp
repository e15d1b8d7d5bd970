/*
 * mol_salt.cpp - a molecule of several components (a salt, a solvate, a
 * mixture): how many there are, each as a molecule of its own, the parent
 * (the largest), and the parent drawn as the neutral free base or acid.
 * Planning a salt as its parent, and a stock salt standing for its parent,
 * both rest on these.
 */
#include "mol_internal.hpp"

#include <openbabel/obiter.h>

#include <algorithm>
#include <cstdlib>
#include <new>
#include <vector>

using namespace OpenBabel;

extern "C" int dzp_mol_component_count(const dzp_mol *mol)
{
    if (!mol)
        return 0;
    try {
        std::vector<std::vector<int>> parts;
        const_cast<OBMol &>(mol->ob).ContigFragList(parts);
        return (int)parts.size();
    } catch (...) {
        return 0;
    }
}

extern "C" int dzp_mol_largest_component(dzp_mol **out, const dzp_mol *mol)
{
    DZP_TRY
    if (!out || !mol)
        return dzp_error_set(DZP_EINVAL, "no molecule to take the parent of");
    dzp_mol *m = new dzp_mol();
    m->ob = mol->ob;
    m->ob.StripSalts(0); /* keeps the largest fragment, deletes the rest */
    *out = m;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

extern "C" int dzp_mol_components(dzp_mol ***parts, int *n, const dzp_mol *mol)
{
    DZP_TRY
    if (!parts || !n || !mol)
        return dzp_error_set(DZP_EINVAL, "no molecule to separate");
    std::vector<OBMol> pieces = const_cast<OBMol &>(mol->ob).Separate();
    std::stable_sort(pieces.begin(), pieces.end(), [](const OBMol &a, const OBMol &b) {
        return const_cast<OBMol &>(a).NumHvyAtoms() > const_cast<OBMol &>(b).NumHvyAtoms();
    });
    dzp_mol **out = static_cast<dzp_mol **>(std::calloc(pieces.size() + 1, sizeof(dzp_mol *)));
    if (!out)
        throw std::bad_alloc();
    try {
        for (size_t i = 0; i < pieces.size(); i++) {
            out[i] = new dzp_mol();
            out[i]->ob = pieces[i];
        }
    } catch (...) {
        for (size_t i = 0; i < pieces.size(); i++)
            delete out[i];
        std::free(out);
        throw;
    }
    *parts = out;
    *n = (int)pieces.size();
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

extern "C" int dzp_mol_neutralize(dzp_mol *mol)
{
    DZP_TRY
    if (!mol)
        return dzp_error_set(DZP_EINVAL, "no molecule to neutralize");
    dzp_internal::forget_facts(mol); /* the SMARTS prefilter's view of it */
    int changed = 0;
    FOR_ATOMS_OF_MOL (a, mol->ob) {
        int q = a->GetFormalCharge();
        unsigned z = a->GetAtomicNum();
        if (q == 1 && z == 7 && a->GetImplicitHCount() > 0) {
            a->SetFormalCharge(0);
            a->SetImplicitHCount(a->GetImplicitHCount() - 1);
            changed++;
        } else if (q == -1 && (z == 8 || z == 16) && a->GetExplicitDegree() == 1) {
            bool beside_plus = false, on_carbon = false;
            FOR_NBORS_OF_ATOM (nb, &*a) {
                on_carbon = on_carbon || nb->GetAtomicNum() == 6;
                beside_plus = beside_plus || nb->GetFormalCharge() > 0;
            }
            if (on_carbon && !beside_plus) {
                a->SetFormalCharge(0);
                a->SetImplicitHCount(a->GetImplicitHCount() + 1);
                changed++;
            }
        }
    }
    return changed;
    DZP_CATCH(DZP_EINTERNAL)
}
