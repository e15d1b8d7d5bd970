/*
 * mol_smarts.cpp - SMARTS patterns: compiling, matching, and the shape of a
 * compiled pattern for the rule loader's checks.
 *
 * Matching is Open Babel's OBSmartsPattern.  Before it runs, a necessary
 * condition is checked that costs one pass over the atoms: every top-level
 * pattern atom tied to one element (OBSmartsPattern::GetAtomicNum, which is
 * 0 for "*", "[C,N]", "[!#6]" and recursive atoms) needs its own atom of that
 * element in the molecule, because a match maps pattern atoms to distinct
 * atoms (hydrogen is left out: Open Babel matches a pattern with an [H]
 * atom against the molecule with its hydrogens added).  A molecule with too few atoms of some required element cannot
 * match, so the answer is the same as Open Babel's, without the search (the
 * planner matches functional groups that mostly are not there: a bromide
 * pattern on a molecule without bromine).  Likewise a pattern bond that
 * must be double or triple (Open Babel's "=" and "#") needs a bond of that
 * order between atoms of those elements.
 */
#include "dzp/mol.h"
#include "dzp/error.h"
#include "mol_internal.hpp"

#include <openbabel/atom.h>
#include <openbabel/bond.h>
#include <openbabel/mol.h>
#include <openbabel/obiter.h>
#include <openbabel/parsmart.h>

#include <cstdlib>
#include <new>
#include <vector>

using namespace OpenBabel;

namespace {

/* Note, for each element some pattern atom is tied to, how many atoms of
 * it a match needs. */
void count_required_elements(dzp_smarts *p)
{
    int count[DZP_SMARTS_MAX_ELEMENT + 1] = {0};
    for (unsigned i = 0; i < p->pat.NumAtoms(); i++) {
        int z = p->pat.GetAtomicNum((int)i);
        /* hydrogen never: a pattern with [H] is matched by Open Babel on a
         * copy with its hydrogens made explicit, which this count cannot see */
        if (z > 1 && z <= DZP_SMARTS_MAX_ELEMENT)
            count[z]++;
    }
    for (int z = 1; z <= DZP_SMARTS_MAX_ELEMENT; z++)
        if (count[z] > 0)
            p->required.push_back({z, count[z]});
}

/* Note each pattern bond that must be double or triple
 * (OBSmartsPattern::GetBond gives its order: 2 or 3 only when every match
 * needs exactly that), with the elements its ends are tied to (0: any;
 * hydrogen counts as any, as above). */
void note_required_bonds(dzp_smarts *p)
{
    for (unsigned i = 0; i < p->pat.NumBonds(); i++) {
        int src, dst, order;
        p->pat.GetBond(src, dst, order, (int)i);
        if (order != 2 && order != 3)
            continue;
        int a = p->pat.GetAtomicNum(src), b = p->pat.GetAtomicNum(dst);
        a = a > 1 ? a : 0;
        b = b > 1 ? b : 0;
        p->required_bonds.push_back({a < b ? a : b, a < b ? b : a, order});
    }
}

/* Whether element x is what end z asks for (0: anything). */
bool fits(int z, int x)
{
    return z == 0 || z == x;
}

/* Whether mol has a bond of the required order between atoms of those
 * elements (0: any), in either direction. */
bool has_bond(OBMol &m, const dzp_smarts::bond_need &need)
{
    FOR_BONDS_OF_MOL (bond, m) {
        if ((int)bond->GetBondOrder() != need.order)
            continue;
        int a = (int)bond->GetBeginAtom()->GetAtomicNum();
        int b = (int)bond->GetEndAtom()->GetAtomicNum();
        if ((fits(need.low, a) && fits(need.high, b)) || (fits(need.low, b) && fits(need.high, a)))
            return true;
    }
    return false;
}

/* False when mol has fewer atoms of some element than the pattern ties
 * atoms to it, or lacks a double or triple bond the pattern needs: then
 * there is no match.  True means "maybe". */
bool may_match(const dzp_smarts *p, const OBMol &mol)
{
    OBMol &m = const_cast<OBMol &>(mol);
    if (!p->required.empty()) {
        int count[DZP_SMARTS_MAX_ELEMENT + 1] = {0};
        FOR_ATOMS_OF_MOL (a, m) {
            unsigned z = a->GetAtomicNum();
            if (z <= DZP_SMARTS_MAX_ELEMENT)
                count[z]++;
        }
        for (const auto &need : p->required)
            if (count[need.first] < need.second)
                return false;
    }
    for (const auto &need : p->required_bonds)
        if (!has_bond(m, need))
            return false;
    return true;
}

} // namespace

extern "C" {

int dzp_smarts_compile(dzp_smarts **out, const char *pattern)
{
    DZP_TRY
    dzp_mol_global_init();
    if (!out || !pattern || !*pattern)
        return dzp_error_set(DZP_EINVAL, "an empty SMARTS pattern was given");
    dzp_smarts *p = new dzp_smarts();
    p->text = pattern;
    if (!p->pat.Init(pattern)) {
        delete p;
        return dzp_error_set(DZP_EINVAL, "the SMARTS pattern '%.120s' is malformed", pattern);
    }
    count_required_elements(p);
    note_required_bonds(p);
    *out = p;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

void dzp_smarts_free(dzp_smarts *pattern)
{
    try {
        delete pattern;
    } catch (...) {
    }
}

int dzp_smarts_atom_count(const dzp_smarts *pattern)
{
    return pattern ? (int)pattern->pat.NumAtoms() : 0;
}

int dzp_smarts_find(int **out, const dzp_smarts *pattern, const dzp_mol *mol, bool unique)
{
    DZP_TRY
    if (!out || !pattern || !mol)
        return dzp_error_set(DZP_EINVAL, "no pattern or molecule to match");
    *out = nullptr;
    if (!may_match(pattern, mol->ob))
        return 0;
    std::vector<std::vector<int>> ml;
    pattern->pat.Match(const_cast<OBMol &>(mol->ob), ml,
                       unique ? OBSmartsPattern::AllUnique : OBSmartsPattern::All);
    if (ml.empty())
        return 0;
    size_t width = pattern->pat.NumAtoms();
    int *arr = static_cast<int *>(std::malloc(sizeof(int) * width * ml.size()));
    if (!arr)
        throw std::bad_alloc();
    for (size_t i = 0; i < ml.size(); i++)
        for (size_t j = 0; j < width; j++)
            arr[i * width + j] = ml[i][j] - 1;
    *out = arr;
    return (int)ml.size();
    DZP_CATCH(DZP_EINTERNAL)
}

bool dzp_smarts_matches(const dzp_smarts *pattern, const dzp_mol *mol)
{
    try {
        if (!pattern || !mol || !may_match(pattern, mol->ob))
            return false;
        std::vector<std::vector<int>> ml;
        return pattern->pat.Match(const_cast<OBMol &>(mol->ob), ml, OBSmartsPattern::Single);
    } catch (...) {
        return false;
    }
}

int dzp_smarts_atom_element(const dzp_smarts *pattern, int atom)
{
    try {
        if (!pattern || atom < 0 || atom >= (int)pattern->pat.NumAtoms())
            return 0;
        return const_cast<OBSmartsPattern &>(pattern->pat).GetAtomicNum(atom);
    } catch (...) {
        return 0;
    }
}

bool dzp_smarts_bonded(const dzp_smarts *pattern, int a, int b)
{
    try {
        if (!pattern)
            return false;
        OBSmartsPattern &pat = const_cast<OBSmartsPattern &>(pattern->pat);
        for (unsigned i = 0; i < pat.NumBonds(); i++) {
            int src, dst, order;
            pat.GetBond(src, dst, order, (int)i);
            if ((src == a && dst == b) || (src == b && dst == a))
                return true;
        }
        return false;
    } catch (...) {
        return false;
    }
}

int dzp_smarts_degree(const dzp_smarts *pattern, int atom)
{
    try {
        if (!pattern)
            return 0;
        OBSmartsPattern &pat = const_cast<OBSmartsPattern &>(pattern->pat);
        int degree = 0;
        for (unsigned i = 0; i < pat.NumBonds(); i++) {
            int src, dst, order;
            pat.GetBond(src, dst, order, (int)i);
            degree += (src == atom) + (dst == atom);
        }
        return degree;
    } catch (...) {
        return 0;
    }
}

} /* extern "C" */
