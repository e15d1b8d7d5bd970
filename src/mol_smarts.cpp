/*
 * mol_smarts.cpp - SMARTS patterns: compiling, matching, and the shape of a
 * compiled pattern for the rule loader's checks.
 *
 * Matching is Open Babel's OBSmartsPattern.  Before it runs, a necessary
 * condition for a match is checked (mol_smarts_filter.cpp: every pattern
 * atom and bond needs an atom and bond of the molecule that can be it), so
 * the many patterns the planner tries that are not there (a bromide
 * pattern on a molecule without bromine, a phenol pattern without an O-H)
 * cost no search; the answer is Open Babel's either way.
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

/* Whether every atom of pattern p is bonded, through its pattern bonds, to
 * atom 0.  Open Babel reads "(C).(N)" (its only way to write parts), but
 * its matcher maps only atoms that pattern bonds reach from atom 0 (a
 * one-atom later part comes back unmapped) and crashes on a later part of
 * several atoms (review of the prefilter, 2026-12-06). */
bool connected(dzp_internal::smarts_pattern &p)
{
    unsigned n = p.NumAtoms();
    if (n == 0)
        return false;
    std::vector<char> reached(n, 0);
    reached[0] = 1;
    for (bool grew = true; grew;) {
        grew = false;
        for (unsigned b = 0; b < p.NumBonds(); b++) {
            int src, dst, order;
            p.GetBond(src, dst, order, (int)b);
            if (src < 0 || dst < 0 || (unsigned)src >= n || (unsigned)dst >= n ||
                reached[src] == reached[dst])
                continue;
            reached[src] = reached[dst] = 1;
            grew = true;
        }
    }
    for (unsigned i = 0; i < n; i++)
        if (!reached[i])
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
    if (!connected(p->pat)) {
        delete p;
        return dzp_error_set(DZP_EINVAL,
                             "the SMARTS pattern '%.120s' has parts not bonded to its first "
                             "atom ('(...).(...)'), which Open Babel does not match (a later "
                             "part of several atoms crashes it): write one connected pattern",
                             pattern);
    }
    dzp_internal::compile_filter(p);
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
    if (!dzp_internal::may_match(pattern, mol))
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
        if (!pattern || !mol || !dzp_internal::may_match(pattern, mol))
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
        return const_cast<dzp_internal::smarts_pattern &>(pattern->pat).GetAtomicNum(atom);
    } catch (...) {
        return 0;
    }
}

bool dzp_smarts_bonded(const dzp_smarts *pattern, int a, int b)
{
    try {
        if (!pattern)
            return false;
        OBSmartsPattern &pat = const_cast<dzp_internal::smarts_pattern &>(pattern->pat);
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
        OBSmartsPattern &pat = const_cast<dzp_internal::smarts_pattern &>(pattern->pat);
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
