/*
 * mol_internal.hpp - what the C++ files of the molecule layer share
 * (mol.cpp: parsing, writing, properties; mol_smarts.cpp: SMARTS;
 * mol_edit.cpp and friends: graph edits): the opaque types' definitions,
 * the exception boundary macros and a few helpers.  Nothing outside
 * src/mol*.cpp includes it.
 */
#ifndef DZP_MOL_INTERNAL_HPP
#define DZP_MOL_INTERNAL_HPP

#include "dzp/error.h"
#include "dzp/mol.h"

#include <openbabel/atom.h>
#include <openbabel/bond.h>
#include <openbabel/mol.h>
#include <openbabel/obconversion.h>
#include <openbabel/parsmart.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dzp_internal {
/* One atom as mol_smarts_filter.cpp sees it: element, aromatic (0/1), and
 * total H, charge, connections, explicit degree, implicit H as slots 0..15. */
struct atom_record {
    uint8_t z, aromatic, h, charge, connect, degree, implicit;
    bool operator==(const atom_record &o) const
    {
        return z == o.z && aromatic == o.aromatic && h == o.h && charge == o.charge &&
               connect == o.connect && degree == o.degree && implicit == o.implicit;
    }
};
/* A molecule's distinct atom records (with how many atoms each) and its
 * distinct (record, record, bond kind) triples: gathered on a molecule's
 * first SMARTS match and kept.  A copy starts without them (it may be
 * edited), and every edit in place calls forget_facts(). */
struct mol_facts {
    bool known = false;
    bool usable = false;              /* false: no filter for this molecule */
    std::vector<atom_record> records; /* at most 64 */
    std::vector<int> counts;
    std::vector<uint32_t> bonds;      /* record | record << 8 | kind << 16, sorted */
    mol_facts() = default;
    mol_facts(const mol_facts &) {}
    mol_facts &operator=(const mol_facts &)
    {
        known = false;
        return *this;
    }
};
} // namespace dzp_internal

struct dzp_mol {
    OpenBabel::OBMol ob;
    mutable dzp_internal::mol_facts facts; /* mol_smarts_filter.cpp's */
};

namespace dzp_internal {
/* Open Babel's pattern with its parsed tree readable (mol_smarts_filter.cpp). */
class smarts_pattern : public OpenBabel::OBSmartsPattern {
public:
    const OpenBabel::Pattern *raw() const { return _pat; }
};
/* A set of slots 0..15 of one atom property, as bits. */
typedef uint16_t prop_set;
/* What one pattern atom allows: elements (bits of z[0] for 0..63, z[1]
 * for 64..127), aromatic (bit 0: aliphatic, bit 1: aromatic), and slot
 * sets of the counts (mol_smarts_filter.cpp). */
struct atom_need {
    uint64_t z[2];
    prop_set arom, h, charge, connect, degree, implicit;
    bool operator==(const atom_need &o) const
    {
        return z[0] == o.z[0] && z[1] == o.z[1] && arom == o.arom && h == o.h &&
               charge == o.charge && connect == o.connect && degree == o.degree &&
               implicit == o.implicit;
    }
};
/* Bond kinds: order 1..4 (0: any other), plus 5 when aromatic. */
enum { BOND_KINDS = 10 };
struct bond_need {
    int src, dst;   /* pattern atoms */
    uint16_t kinds; /* bit k: kind k allowed */
};
} // namespace dzp_internal

struct dzp_smarts {
    dzp_internal::smarts_pattern pat;
    std::string text;
    /* the prefilter's data (mol_smarts_filter.cpp); filtered false: none */
    bool filtered = false;
    std::vector<dzp_internal::atom_need> atom_needs; /* distinct ones (Fmoc's twelve "c": one) */
    std::vector<int> need_atoms;  /* how many pattern atoms have atom_needs[k] */
    std::vector<int> need_of;     /* pattern atom -> index into atom_needs */
    std::vector<dzp_internal::bond_need> bond_needs;
};

#define DZP_TRY try {
#define DZP_CATCH(retval)                                                             \
    }                                                                                 \
    catch (const std::bad_alloc &) {                                                  \
        dzp_error_set(DZP_ENOMEM, "out of memory in the molecule layer");            \
        return (retval);                                                              \
    }                                                                                 \
    catch (const std::exception &e) {                                                 \
        dzp_error_set(DZP_EINTERNAL, "Open Babel failed: %s", e.what());             \
        return (retval);                                                              \
    }                                                                                 \
    catch (...) {                                                                     \
        dzp_error_set(DZP_EINTERNAL, "Open Babel failed with an unknown exception"); \
        return (retval);                                                              \
    }

namespace dzp_internal {

/* Compile pattern p's prefilter (mol_smarts_filter.cpp): what each pattern
 * atom and bond allows.  Leaves p without one (filtered false) for a
 * pattern with an [H] atom, or when Open Babel's parsed trees are not what
 * the filter reads. */
void compile_filter(dzp_smarts *p);
/* False only when pattern p cannot match mol (then Open Babel's search
 * finds nothing); true means "maybe".  Gathers mol's facts on first use. */
bool may_match(const dzp_smarts *p, const dzp_mol *mol);
/* Drop mol's gathered facts: every edit of a molecule in place calls it. */
void forget_facts(const dzp_mol *mol);

/* True when atom is an index of m (0-based). */
bool valid_index(const dzp_mol *m, int atom);
/* The OBAtom of 0-based index atom (which must be valid). */
OpenBabel::OBAtom *atom_at(const dzp_mol *m, int atom);
/* Drop a tetrahedral stereo unit centred on atom when the atom can no
 * longer be a stereo centre. */
void drop_stale_stereo(OpenBabel::OBMol &mol, OpenBabel::OBAtom *centre);
/* True when mol carries a stereo unit with its configuration given (or a
 * kind of unit other than tetrahedral and cis/trans): what a canonical
 * SMILES writes marks for. */
bool has_specified_stereo(OpenBabel::OBMol &mol);
/* The bond between 0-based atoms a and b, or NULL. */
OpenBabel::OBBond *bond_between(const dzp_mol *mol, int a, int b);
/* Open Babel's error log is one global object without a lock.  dzp keeps
 * it off, except briefly, under the gate's exclusive side, to read Open
 * Babel's own message for a bad SMILES.  Every other read or write through
 * a format object holds the shared side (LogReader), so no thread writes
 * into the log while it is on: two stock-reading threads, one of them
 * explaining a bad row, corrupted the heap before this (new-user trial). */
class LogReader {
public:
    LogReader();
    ~LogReader();
    LogReader(const LogReader &) = delete;
    LogReader &operator=(const LogReader &) = delete;
};
class LogWriter {
public:
    LogWriter();
    ~LogWriter();
    LogWriter(const LogWriter &) = delete;
    LogWriter &operator=(const LogWriter &) = delete;
};

/* This thread's OBConversion (made under the layer's mutex on first use);
 * dzp_mol_global_init() must have run. */
OpenBabel::OBConversion &thread_conversion();
/* What makes a parsed molecule unusable under the DZP_PARSE_* flags (too
 * big, several components, '*' atoms, impossible valences), or "". */
std::string structure_problem(OpenBabel::OBMol &mol, unsigned flags);

/* Whether cutting the bond keep-cut of source (0-based atoms) and keeping
 * keep's side, the cut capped with a hydrogen or a '*', leaves every kept
 * atom's and bond's aromaticity as it was (mol_aromatic.cpp says when).
 * When it does, source is perceived first (if it was not), so a copy of it
 * carries the right flags and the piece may be marked perceived.  On any
 * doubt (no such bond, a ring or multiple bond, a charged oxygen) it
 * returns false and changes nothing. */
bool cut_keeps_aromaticity(const OpenBabel::OBMol &source, int keep, int cut);

/* Whether joining a_atom of a to b_atom of b by a new bond of order
 * (each end giving up that many hydrogens) leaves every atom's and bond's
 * aromaticity as it was in a and b.  When it does, a and b are perceived
 * first, so their copies carry the right flags.  On any doubt it returns
 * false and changes nothing. */
bool join_keeps_aromaticity(const OpenBabel::OBMol &a, int a_atom, const OpenBabel::OBMol &b,
                            int b_atom, int order);

/* Whether giving terminal atom terminal of mol (bonded to neighbour by a
 * bond of old_order) a new element, no charge and a bond of new_order
 * leaves mol's perceived aromaticity standing.  False when mol was not
 * perceived to begin with.  Asked before the edit; changes nothing. */
bool terminal_edit_keeps_aromaticity(OpenBabel::OBMol &mol, OpenBabel::OBAtom *terminal,
                                     OpenBabel::OBAtom *neighbour, int old_order,
                                     int new_order);

/* Whether replacing a '*' of mol (bonded to anchor by mol_order) by the
 * head of group (bonded to group's '*' by group_order) leaves every atom's
 * and bond's aromaticity as it was in mol and group.  When it does, both
 * are perceived first, so their flags may be copied.  On any doubt it
 * returns false and changes nothing. */
bool replace_keeps_aromaticity(const OpenBabel::OBMol &mol, OpenBabel::OBAtom *anchor,
                               int mol_order, const OpenBabel::OBMol &group,
                               OpenBabel::OBAtom *head, int group_order);

} /* namespace dzp_internal */

#endif
