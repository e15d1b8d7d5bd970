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
 *
 * dzp_mol_isomorphism asks the same of two molecules in any atom order:
 * is there a one-to-one map of atoms keeping every atom's element,
 * isotope, charge, hydrogens, spin and aromaticity, and every bond (by its
 * aromaticity, else its order)?  That is what two canonical SMILES without
 * stereo marks compare, so the verification of a route's last product
 * uses it in place of a second canonicalization (plan_rebuild.c).  Where
 * Open Babel's canonical SMILES is not canonical (an isotope, or a
 * hydrogen count, on one of several otherwise equivalent atoms: its
 * symmetry classes ignore both, and the text follows the atom order) this
 * is the better judge: the SMILES comparison called such a product another
 * molecule than the target (review finding).  Atoms are first sorted into
 * classes by those properties refined by their neighbours' classes (as in
 * Morgan's algorithm); the map is then searched class by class, each atom
 * next to one already mapped, and every atom's properties (the atom_key
 * dzp_mol_same_graph compares, not a hash) and every bond are checked both
 * ways, so a map it returns is an isomorphism whatever the classes were.
 * Molecules with a specified configuration, and searches that run long
 * (highly symmetric graphs), get no answer: the caller falls back on
 * canonical SMILES.
 */
#include "dzp/mol.h"
#include "mol_internal.hpp"

#include <openbabel/atom.h>
#include <openbabel/bond.h>
#include <openbabel/generic.h>
#include <openbabel/mol.h>
#include <openbabel/stereo/stereo.h>

#include <algorithm>
#include <cstdint>
#include <vector>

using namespace OpenBabel;

namespace {

bool has_stereo(OBMol &m)
{
    return !m.GetAllData(OBGenericDataType::StereoData).empty();
}

/* What both comparisons hold alike in two atoms: element, isotope, charge,
 * hydrogens, spin, aromaticity and degree. */
struct atom_key {
    unsigned z, isotope, hydrogens, degree;
    int charge, spin;
    bool aromatic;
    bool operator==(const atom_key &o) const
    {
        return z == o.z && isotope == o.isotope && hydrogens == o.hydrogens &&
               degree == o.degree && charge == o.charge && spin == o.spin &&
               aromatic == o.aromatic;
    }
    bool operator!=(const atom_key &o) const { return !(*this == o); }
};

atom_key key_of(OBAtom *a)
{
    return {a->GetAtomicNum(),      a->GetIsotope(),       a->GetImplicitHCount(),
            a->GetExplicitDegree(), a->GetFormalCharge(),  a->GetSpinMultiplicity(),
            a->IsAromatic()};
}

bool same_atom(OBAtom *a, OBAtom *b)
{
    return key_of(a) == key_of(b);
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

namespace {

/* A molecule as plain arrays: each atom's invariant and its neighbours
 * (compressed rows: nbr[start[i]] .. nbr[start[i + 1] - 1], each with the
 * kind of bond to it: 0 aromatic, else the order). */
struct flat_graph {
    std::vector<atom_key> atom;  /* each atom's properties (compared exactly) */
    std::vector<uint64_t> cls;   /* its class: the properties hashed, refined by neighbours */
    std::vector<int> start, nbr, kind;
};

/* Rounds of neighbour refinement before the search for a map. */
const int REFINE_ROUNDS = 3;

uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

/* The atoms' keys (atom_key) and first classes, and the neighbour rows. */
void flatten(flat_graph &g, OBMol &m)
{
    unsigned n = m.NumAtoms();
    g.atom.resize(n);
    g.cls.resize(n);
    g.start.assign(n + 1, 0);
    for (unsigned i = 0; i < n; i++) {
        const atom_key k = key_of(m.GetAtom((int)i + 1));
        g.atom[i] = k;
        uint64_t h = k.z;
        for (uint64_t v : {(uint64_t)k.isotope, (uint64_t)k.hydrogens, (uint64_t)k.degree,
                           (uint64_t)(int64_t)k.charge, (uint64_t)(int64_t)k.spin,
                           (uint64_t)k.aromatic})
            h = mix(h, v);
        g.cls[i] = h;
        g.start[i + 1] = g.start[i] + (int)k.degree;
    }
    g.nbr.assign(g.start[n], 0);
    g.kind.assign(g.start[n], 0);
    std::vector<int> fill(g.start.begin(), g.start.end() - 1);
    for (unsigned b = 0; b < m.NumBonds(); b++) {
        OBBond *bond = m.GetBond((int)b);
        int x = (int)bond->GetBeginAtomIdx() - 1, y = (int)bond->GetEndAtomIdx() - 1;
        int kind = bond->IsAromatic() ? 0 : (int)bond->GetBondOrder();
        g.nbr[fill[x]] = y;
        g.kind[fill[x]++] = kind;
        g.nbr[fill[y]] = x;
        g.kind[fill[y]++] = kind;
    }
}

/* One refinement round: each atom's class mixed with its neighbours'
 * (by bond kind), in an order that does not depend on atom numbering. */
void refine(flat_graph &g)
{
    size_t n = g.cls.size();
    std::vector<uint64_t> next(n), around;
    for (size_t i = 0; i < n; i++) {
        around.clear();
        for (int k = g.start[i]; k < g.start[i + 1]; k++)
            around.push_back(mix(g.cls[(size_t)g.nbr[k]], (uint64_t)g.kind[k]));
        std::sort(around.begin(), around.end());
        uint64_t h = g.cls[i];
        for (uint64_t v : around)
            h = mix(h, v);
        next[i] = h;
    }
    g.cls.swap(next);
}

/* Whether atom p of a may map to q of b given the atoms mapped so far:
 * the same class, and each mapped neighbour of p maps to a neighbour of q
 * by the same kind of bond, with no other mapped neighbour at q. */
bool may_map(const flat_graph &a, const flat_graph &b, int p, int q, const std::vector<int> &map,
             const std::vector<char> &used)
{
    if (a.atom[(size_t)p] != b.atom[(size_t)q] || a.cls[(size_t)p] != b.cls[(size_t)q] ||
        used[(size_t)q])
        return false;
    int mapped = 0;
    for (int k = a.start[p]; k < a.start[p + 1]; k++) {
        int image = map[(size_t)a.nbr[k]];
        if (image < 0)
            continue;
        mapped++;
        bool found = false;
        for (int j = b.start[q]; j < b.start[q + 1] && !found; j++)
            found = b.nbr[j] == image && b.kind[j] == a.kind[k];
        if (!found)
            return false;
    }
    for (int j = b.start[q]; j < b.start[q + 1]; j++)
        mapped -= used[(size_t)b.nbr[j]] ? 1 : 0;
    return mapped == 0;
}

/* The order atoms of a are mapped in: breadth first from the preferred
 * atoms, then from each atom not reached yet, so that every atom but a
 * component's first has a mapped neighbour when its turn comes. */
std::vector<int> mapping_order(const flat_graph &a, const int *prefer_a, int n_prefer)
{
    int n = (int)a.cls.size();
    std::vector<int> order;
    std::vector<char> seen((size_t)n, 0);
    order.reserve((size_t)n);
    auto visit_from = [&](int root) {
        if (root < 0 || root >= n || seen[(size_t)root])
            return;
        size_t head = order.size();
        seen[(size_t)root] = 1;
        order.push_back(root);
        for (; head < order.size(); head++)
            for (int k = a.start[order[head]]; k < a.start[order[head] + 1]; k++)
                if (!seen[(size_t)a.nbr[k]]) {
                    seen[(size_t)a.nbr[k]] = 1;
                    order.push_back(a.nbr[k]);
                }
    };
    for (int i = 0; i < n_prefer; i++)
        visit_from(prefer_a[i]);
    for (int i = 0; i < n; i++)
        visit_from(i);
    return order;
}

} // namespace

extern "C" int dzp_mol_isomorphism(int *map, const dzp_mol *a, const dzp_mol *b,
                                   const int *prefer_a, const int *prefer_b, int n_prefer)
{
    try {
        if (!map || !a || !b || (n_prefer > 0 && (!prefer_a || !prefer_b)))
            return 0;
        OBMol &x = const_cast<OBMol &>(a->ob), &y = const_cast<OBMol &>(b->ob);
        int n = (int)x.NumAtoms();
        if (n == 0 || (unsigned)n != y.NumAtoms() || x.NumBonds() != y.NumBonds() ||
            dzp_internal::has_specified_stereo(x) || dzp_internal::has_specified_stereo(y))
            return 0;
        flat_graph ga, gb;
        flatten(ga, x);
        flatten(gb, y);
        /* A few rounds of refinement, alike on both: enough to tell most
         * atoms apart, so the search below rarely tries a wrong candidate
         * (it checks every bond, so the classes only speed it up). */
        for (int round = 0; round < REFINE_ROUNDS; round++) {
            refine(ga);
            refine(gb);
        }
        std::vector<uint64_t> sa(ga.cls), sb(gb.cls);
        std::sort(sa.begin(), sa.end());
        std::sort(sb.begin(), sb.end());
        if (sa != sb)
            return 0; /* different class counts: not the same molecule */

        std::vector<int> order = mapping_order(ga, prefer_a, n_prefer);
        std::vector<int> image((size_t)n, -1), preferred((size_t)n, -1);
        std::vector<char> used((size_t)n, 0);
        for (int i = 0; i < n_prefer; i++)
            if (prefer_a[i] >= 0 && prefer_a[i] < n && prefer_b[i] >= 0 && prefer_b[i] < n)
                preferred[(size_t)prefer_a[i]] = prefer_b[i];
        /* candidates of the atom at each depth, and the next one to try */
        std::vector<std::vector<int>> candidates((size_t)n);
        std::vector<size_t> next((size_t)n, 0);
        long budget = 64L * n + 4096; /* candidate tries before giving up */
        int depth = 0;
        bool entering = true;
        while (depth >= 0 && depth < n) {
            int p = order[(size_t)depth];
            std::vector<int> &c = candidates[(size_t)depth];
            if (entering) {
                /* next to a mapped atom: only the neighbours of its image */
                c.clear();
                if (preferred[(size_t)p] >= 0)
                    c.push_back(preferred[(size_t)p]);
                int anchor = -1;
                for (int k = ga.start[p]; k < ga.start[p + 1] && anchor < 0; k++)
                    anchor = image[(size_t)ga.nbr[k]];
                if (anchor >= 0) {
                    for (int j = gb.start[anchor]; j < gb.start[anchor + 1]; j++)
                        if (gb.nbr[j] != preferred[(size_t)p])
                            c.push_back(gb.nbr[j]);
                } else {
                    for (int q = 0; q < n; q++)
                        if (q != preferred[(size_t)p])
                            c.push_back(q);
                }
                next[(size_t)depth] = 0;
                entering = false;
            }
            bool placed = false;
            while (next[(size_t)depth] < c.size()) {
                int q = c[next[(size_t)depth]++];
                if (--budget < 0)
                    return 0;
                if (may_map(ga, gb, p, q, image, used)) {
                    image[(size_t)p] = q;
                    used[(size_t)q] = 1;
                    placed = true;
                    break;
                }
            }
            if (placed) {
                depth++;
                entering = true;
                continue;
            }
            /* no image for p: undo the atom before it and try its next */
            if (--depth >= 0) {
                int back = order[(size_t)depth];
                used[(size_t)image[(size_t)back]] = 0;
                image[(size_t)back] = -1;
            }
        }
        if (depth < 0)
            return 0;
        std::copy(image.begin(), image.end(), map);
        return 1;
    } catch (...) {
        return 0;
    }
}
