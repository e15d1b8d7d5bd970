/*
 * mol_smarts_filter.cpp - a necessary condition for a SMARTS match, checked
 * before Open Babel's search (mol_smarts.cpp): when it fails there is no
 * match, so the answer is Open Babel's without the search.
 *
 * The planner matches many patterns that are not there (a phenol pattern on
 * a molecule without O-H, an aryl install pattern on a benzyl group), and
 * Open Babel's search costs about as much for a miss as for a hit.  Here
 * each pattern atom's expression (Open Babel's parsed AtomExpr tree) is
 * compiled once into the set of values it allows for a few atom properties
 * (element, aromatic or not, total H count, charge, connections, explicit
 * degree, implicit H count): a conjunction intersects the sets, a
 * disjunction unites them, the negation of one property's value takes its
 * complement, and anything else (recursive SMARTS, ring sizes, valence,
 * chirality, ...) allows everything.  An atom that fails its pattern
 * atom's sets fails the expression, by Open Babel's own evaluation rules
 * (OBSmartsMatcher::EvalAtomExpr, which these sets follow leaf by leaf);
 * bonds likewise (order and aromaticity).
 *
 * Per molecule, the distinct atom property records and the distinct
 * (record, record, bond kind) triples are gathered once (cached on the
 * dzp_mol; an edit in place or a copy forgets them).  Every pattern is
 * connected (dzp_smarts_compile refuses "(C).(N)"), so Open Babel maps each
 * of its atoms to a distinct atom, and a pattern can then
 * match only if every pattern atom has an atom to go to, no set of pattern
 * atoms needs more atoms than the molecule has in their records (a match
 * uses distinct atoms), and every pattern bond has a molecule bond whose
 * ends and kind fit.  A pattern with an [H] atom (matched by Open Babel on a
 * copy with hydrogens added), a molecule with more than 64 distinct
 * records, or an Open Babel whose parsed trees do not look as expected (a
 * self-check at first use) get no filter: then every pattern is searched.
 */
#include "mol_internal.hpp"

#include <openbabel/atom.h>
#include <openbabel/bond.h>
#include <openbabel/mol.h>
#include <openbabel/obiter.h>
#include <openbabel/parsmart.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>

using namespace OpenBabel;

namespace {

/* Open Babel's expression node types (parsmart.cpp defines them, the
 * header does not); check_filter() checks them on parsed examples. */
enum {
    AE_ANDHI = 1, AE_ANDLO = 2, AE_OR = 3, AE_RECUR = 4, AE_NOT = 5, AE_AROMATIC = 8,
    AE_ALIPHATIC = 9, AE_ELEM = 13, AE_AROMELEM = 14, AE_ALIPHELEM = 15, AE_HCOUNT = 16,
    AE_CHARGE = 17, AE_CONNECT = 18, AE_DEGREE = 19, AE_IMPLICIT = 20
};
enum {
    BE_ANDHI = 1, BE_ANDLO = 2, BE_OR = 3, BE_NOT = 4, BE_ANY = 5, BE_DEFAULT = 6,
    BE_SINGLE = 7, BE_DOUBLE = 8, BE_TRIPLE = 9, BE_QUAD = 10, BE_AROM = 11
};

using dzp_internal::atom_need;
using dzp_internal::mol_facts;
using dzp_internal::prop_set;

const prop_set ALL = 0xFFFF;
const uint16_t ALL_KINDS = (1u << dzp_internal::BOND_KINDS) - 1;

/* A count (H, connections, degree) as a set member: 0..14, 15 for 15 or
 * more (or a negative value, which no atom has). */
int count_slot(int v)
{
    return v >= 0 && v < 15 ? v : 15;
}

/* A charge as a set member: -7..7 as 0..14, 15 for anything else. */
int charge_slot(int v)
{
    return v >= -7 && v <= 7 ? v + 7 : 15;
}

/* A bond kind: order 1..4 (0 for any other), plus 5 when aromatic. */
int bond_kind(int order, bool aromatic)
{
    return (order >= 1 && order <= 4 ? order : 0) + (aromatic ? 5 : 0);
}

atom_need need_all()
{
    atom_need n;
    n.z[0] = n.z[1] = ~0ULL;
    n.arom = n.h = n.charge = n.connect = n.degree = n.implicit = ALL;
    return n;
}

/* What both a and b allow (both: a conjunction, each set intersected), or
 * what either allows (a disjunction, each set united). */
atom_need need_combine(const atom_need &a, const atom_need &b, bool both)
{
    auto join = [both](uint64_t x, uint64_t y) { return both ? x & y : x | y; };
    atom_need n;
    n.z[0] = join(a.z[0], b.z[0]);
    n.z[1] = join(a.z[1], b.z[1]);
    n.arom = (prop_set)join(a.arom, b.arom);
    n.h = (prop_set)join(a.h, b.h);
    n.charge = (prop_set)join(a.charge, b.charge);
    n.connect = (prop_set)join(a.connect, b.connect);
    n.degree = (prop_set)join(a.degree, b.degree);
    n.implicit = (prop_set)join(a.implicit, b.implicit);
    return n;
}

/* The element set {z} (everything for an element number out of range). */
void only_element(atom_need &n, int z)
{
    if (z < 0 || z >= 128)
        return;
    n.z[0] = z < 64 ? 1ULL << z : 0;
    n.z[1] = z >= 64 ? 1ULL << (z - 64) : 0;
}

/* The count or charge set one leaf constrains, and the slot it allows
 * (NULL: the leaf is not one of these). */
prop_set *leaf_field(atom_need &n, const AtomExpr *e, int *slot)
{
    switch (e->type) {
    case AE_HCOUNT: *slot = count_slot(e->leaf.value); return &n.h;
    case AE_CHARGE: *slot = charge_slot(e->leaf.value); return &n.charge;
    case AE_CONNECT: *slot = count_slot(e->leaf.value); return &n.connect;
    case AE_DEGREE: *slot = count_slot(e->leaf.value); return &n.degree;
    case AE_IMPLICIT: *slot = count_slot(e->leaf.value); return &n.implicit;
    default: return nullptr;
    }
}

/* What the negation of leaf a allows: the complement of one property's
 * value; everything when a is no such leaf, or its slot 15 also holds
 * other values. */
atom_need compile_not(const AtomExpr *a)
{
    atom_need n = need_all();
    int slot = 0;
    if (!a)
        return n;
    if (a->type == AE_ELEM && a->leaf.value >= 0 && a->leaf.value < 128) {
        only_element(n, a->leaf.value);
        n.z[0] = ~n.z[0];
        n.z[1] = ~n.z[1];
    } else if (a->type == AE_AROMATIC) {
        n.arom = 1; /* aliphatic only */
    } else if (a->type == AE_ALIPHATIC) {
        n.arom = 2;
    } else if (prop_set *f = leaf_field(n, a, &slot)) {
        if (slot != 15)
            *f = (prop_set)(ALL & ~(1u << slot));
    }
    return n;
}

/* What expression e allows; depth bounds the walk (deeper: everything). */
atom_need compile_atom(const AtomExpr *e, int depth)
{
    atom_need n = need_all();
    if (!e || depth > 64)
        return n;
    int slot = 0;
    switch (e->type) {
    case AE_ANDHI:
    case AE_ANDLO:
    case AE_OR:
        return need_combine(compile_atom(e->bin.lft, depth + 1),
                            compile_atom(e->bin.rgt, depth + 1), e->type != AE_OR);
    case AE_NOT:
        return compile_not(e->mon.arg);
    case AE_ELEM:
        only_element(n, e->leaf.value);
        return n;
    case AE_AROMELEM:
    case AE_ALIPHELEM:
        only_element(n, e->leaf.value);
        n.arom = e->type == AE_AROMELEM ? 2 : 1;
        return n;
    case AE_AROMATIC:
        n.arom = 2;
        return n;
    case AE_ALIPHATIC:
        n.arom = 1;
        return n;
    default:
        if (prop_set *f = leaf_field(n, e, &slot))
            *f = (prop_set)(1u << slot);
        return n; /* recursive SMARTS, ring sizes, valence, ...: anything */
    }
}

/* The bond kinds expression e allows. */
uint16_t compile_bond(const BondExpr *e, int depth)
{
    if (!e || depth > 64)
        return ALL_KINDS;
    const uint16_t aromatic = 0x3E0; /* kinds 5..9 */
    switch (e->type) {
    case BE_ANDHI:
    case BE_ANDLO:
        return compile_bond(e->bin.lft, depth + 1) & compile_bond(e->bin.rgt, depth + 1);
    case BE_OR:
        return compile_bond(e->bin.lft, depth + 1) | compile_bond(e->bin.rgt, depth + 1);
    case BE_NOT: {
        const BondExpr *a = e->mon.arg;
        bool exact = a && (a->type == BE_ANY || a->type == BE_DEFAULT || a->type == BE_SINGLE ||
                           a->type == BE_DOUBLE || a->type == BE_TRIPLE || a->type == BE_QUAD ||
                           a->type == BE_AROM);
        return exact ? (uint16_t)(ALL_KINDS & ~compile_bond(a, depth + 1)) : ALL_KINDS;
    }
    case BE_ANY: return ALL_KINDS;
    case BE_DEFAULT: return (uint16_t)((1u << 1) | aromatic);
    case BE_SINGLE: return 1u << 1;
    case BE_DOUBLE: return 1u << 2;
    case BE_TRIPLE: return (1u << 3) | (1u << 8);
    case BE_QUAD: return (1u << 4) | (1u << 9);
    case BE_AROM: return aromatic;
    default: return ALL_KINDS; /* ring bonds, directions: any */
    }
}

/* Does the parsed tree of `smarts` have root type `type` (and, for a leaf,
 * value `value`; -1: not checked)? */
bool parses_as(const char *smarts, int type, int value, bool bond)
{
    dzp_internal::smarts_pattern p;
    if (!p.Init(smarts) || !p.raw())
        return false;
    const Pattern *pat = p.raw();
    if (bond)
        return pat->bcount == 1 && pat->bond[0].expr && pat->bond[0].expr->type == type;
    const AtomExpr *e = pat->acount >= 1 ? pat->atom[0].expr : nullptr;
    return e && e->type == type && (value < 0 || e->leaf.value == value);
}

bool g_filter_works = false;
std::atomic<bool> g_use_filter{true}; /* dzp_smarts_use_prefilter() */
std::once_flag g_filter_once;

/* The self-check: Open Babel parses these as the constants above say. */
void check_filter()
{
    g_filter_works =
        parses_as("[#7]", AE_ELEM, 7, false) && parses_as("c", AE_AROMELEM, 6, false) &&
        parses_as("C", AE_ALIPHELEM, 6, false) && parses_as("[a]", AE_AROMATIC, -1, false) &&
        parses_as("[A]", AE_ALIPHATIC, -1, false) && parses_as("[H2;#6]", AE_ANDLO, -1, false) &&
        parses_as("[C,N]", AE_OR, -1, false) && parses_as("[!#6]", AE_NOT, -1, false) &&
        parses_as("[+2]", AE_CHARGE, 2, false) && parses_as("[X3]", AE_CONNECT, 3, false) &&
        parses_as("[D2]", AE_DEGREE, 2, false) && parses_as("[h1]", AE_IMPLICIT, 1, false) &&
        parses_as("[$(CO)]", AE_RECUR, -1, false) && parses_as("[#6H2]", AE_ANDHI, -1, false) &&
        parses_as("C-C", BE_SINGLE, -1, true) && parses_as("C=C", BE_DOUBLE, -1, true) &&
        parses_as("C#C", BE_TRIPLE, -1, true) && parses_as("C:C", BE_AROM, -1, true) &&
        parses_as("C~C", BE_ANY, -1, true) && parses_as("CC", BE_DEFAULT, -1, true) &&
        parses_as("C!=C", BE_NOT, -1, true) && parses_as("C-,=C", BE_OR, -1, true) &&
        parses_as("C-;!:C", BE_ANDLO, -1, true);
    /* [H2;#6] must be H count 2 and carbon: check the leaf type too */
    dzp_internal::smarts_pattern p;
    if (g_filter_works && p.Init("[H2;#6]")) {
        const AtomExpr *e = p.raw()->atom[0].expr;
        g_filter_works = e->bin.lft->type == AE_HCOUNT && e->bin.lft->leaf.value == 2;
    }
}

bool record_fits(const atom_need &n, const dzp_internal::atom_record &r)
{
    return (n.z[r.z >> 6] >> (r.z & 63) & 1) && (n.arom >> r.aromatic & 1) && (n.h >> r.h & 1) &&
           (n.charge >> r.charge & 1) && (n.connect >> r.connect & 1) &&
           (n.degree >> r.degree & 1) && (n.implicit >> r.implicit & 1);
}

/* Gather mol's distinct atom records and bond triples into f. */
void gather_facts(mol_facts &f, const OBMol &mol)
{
    OBMol &m = const_cast<OBMol &>(mol);
    f.known = true;
    f.usable = false;
    f.records.clear();
    f.counts.clear();
    f.bonds.clear();
    std::vector<int> record_of(m.NumAtoms() + 1, 0);
    FOR_ATOMS_OF_MOL (a, m) {
        dzp_internal::atom_record r;
        unsigned z = a->GetAtomicNum();
        if (z >= 127)
            return; /* no slot of its own: no filter for this molecule */
        r.z = (uint8_t)z;
        r.aromatic = a->IsAromatic() ? 1 : 0;
        r.h = (uint8_t)count_slot((int)a->ExplicitHydrogenCount() + (int)a->GetImplicitHCount());
        r.charge = (uint8_t)charge_slot(a->GetFormalCharge());
        r.connect = (uint8_t)count_slot((int)a->GetTotalDegree());
        r.degree = (uint8_t)count_slot((int)a->GetExplicitDegree());
        r.implicit = (uint8_t)count_slot((int)a->GetImplicitHCount());
        size_t i = 0;
        while (i < f.records.size() && !(f.records[i] == r))
            i++;
        if (i == f.records.size()) {
            if (i == 64)
                return; /* too varied for the 64-bit sets: no filter */
            f.records.push_back(r);
            f.counts.push_back(0);
        }
        f.counts[i]++;
        record_of[a->GetIdx()] = (int)i;
    }
    FOR_BONDS_OF_MOL (b, m) {
        int ra = record_of[b->GetBeginAtomIdx()], rb = record_of[b->GetEndAtomIdx()];
        if (ra > rb)
            std::swap(ra, rb);
        uint32_t triple = (uint32_t)ra | (uint32_t)rb << 8 |
                          (uint32_t)bond_kind((int)b->GetBondOrder(), b->IsAromatic()) << 16;
        f.bonds.push_back(triple);
    }
    std::sort(f.bonds.begin(), f.bonds.end());
    f.bonds.erase(std::unique(f.bonds.begin(), f.bonds.end()), f.bonds.end());
    f.usable = true;
}

} // namespace

namespace dzp_internal {

void compile_filter(dzp_smarts *p)
{
    std::call_once(g_filter_once, check_filter);
    p->filtered = false;
    const Pattern *pat = p->pat.raw();
    if (!g_filter_works || !pat || pat->hasExplicitH || pat->acount > 64)
        return;
    p->atom_needs.clear();
    p->need_atoms.clear();
    p->need_of.clear();
    p->bond_needs.clear();
    for (int i = 0; i < pat->acount; i++) {
        atom_need n = compile_atom(pat->atom[i].expr, 0);
        size_t k = 0;
        while (k < p->atom_needs.size() && !(p->atom_needs[k] == n))
            k++;
        if (k == p->atom_needs.size()) {
            p->atom_needs.push_back(n);
            p->need_atoms.push_back(0);
        }
        p->need_atoms[k]++;
        p->need_of.push_back((int)k);
    }
    for (int i = 0; i < pat->bcount; i++)
        p->bond_needs.push_back({pat->bond[i].src, pat->bond[i].dst,
                                 compile_bond(pat->bond[i].expr, 0)});
    p->filtered = true;
}

void forget_facts(const dzp_mol *mol)
{
    mol->facts.known = false;
}

bool may_match(const dzp_smarts *p, const dzp_mol *mol)
{
    if (!p->filtered || !g_use_filter.load(std::memory_order_relaxed))
        return true;
    mol_facts &f = mol->facts;
    if (!f.known)
        gather_facts(f, mol->ob);
    if (!f.usable)
        return true;
    size_t n_needs = p->atom_needs.size(), n_rec = f.records.size();
    uint64_t fits[64]; /* per distinct need: the records that can be its atoms */
    for (size_t k = 0; k < n_needs; k++) {
        uint64_t s = 0;
        for (size_t r = 0; r < n_rec; r++)
            if (record_fits(p->atom_needs[k], f.records[r]))
                s |= 1ULL << r;
        if (!s)
            return false; /* a pattern atom has nowhere to go */
        fits[k] = s;
    }
    /* The pattern atoms that fit only where need k fits need as many
     * distinct atoms there. */
    for (size_t k = 0; k < n_needs; k++) {
        int needed = 0;
        for (size_t j = 0; j < n_needs; j++)
            if ((fits[j] & ~fits[k]) == 0)
                needed += p->need_atoms[j];
        if (needed < 2)
            continue;
        int have = 0;
        for (size_t r = 0; r < n_rec && have < needed; r++)
            if (fits[k] >> r & 1)
                have += f.counts[r];
        if (have < needed)
            return false;
    }
    for (const auto &b : p->bond_needs) {
        uint64_t s = fits[p->need_of[(size_t)b.src]], d = fits[p->need_of[(size_t)b.dst]];
        bool found = false;
        for (uint32_t t : f.bonds) {
            unsigned ra = t & 0xFF, rb = t >> 8 & 0xFF, kind = t >> 16;
            if ((b.kinds >> kind & 1) &&
                (((s >> ra & 1) && (d >> rb & 1)) || ((s >> rb & 1) && (d >> ra & 1)))) {
                found = true;
                break;
            }
        }
        if (!found)
            return false; /* no bond of the molecule can be this pattern bond */
    }
    return true;
}

} // namespace dzp_internal

extern "C" bool dzp_smarts_use_prefilter(bool on)
{
    return g_use_filter.exchange(on);
}
