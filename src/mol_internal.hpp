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

#include <string>
#include <utility>
#include <vector>

struct dzp_mol {
    OpenBabel::OBMol ob;
};

/* The heaviest element a pattern's element prefilter counts (mol_smarts.cpp). */
#define DZP_SMARTS_MAX_ELEMENT 118

struct dzp_smarts {
    OpenBabel::OBSmartsPattern pat;
    std::string text;
    /* (element, atoms) a match needs at least: the prefilter's data */
    std::vector<std::pair<int, int>> required;
    /* double or triple bonds a match needs, by the elements of their ends */
    struct bond_need {
        int low, high;  /* the ends' elements, low <= high; 0: any */
        int order;      /* 2 or 3 */
    };
    std::vector<bond_need> required_bonds;
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
