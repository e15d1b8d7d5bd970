/*
 * mol.cpp - the one C++ file: Open Babel 3 wrapped behind include/dzp/mol.h.
 *
 * Every exported function body runs inside DZP_TRY / DZP_CATCH (after EPAM
 * Indigo's begin/end macros), so no C++ exception crosses extern "C": it is
 * turned into a dzp error with a message.  Open Babel's global error log is
 * switched off once (it is not thread-safe and would spray stderr); when a
 * parse fails, the failing string is read again with the log captured into a
 * string, under a mutex, so the user gets Open Babel's own words.
 *
 * Open Babel accepts some strings a chemist would call invalid (unbalanced
 * parentheses, un-kekulizable aromatic rings that come out as radicals, a
 * second line silently ignored), so dzp_mol_from_smiles checks those itself.
 * The graph edits (cutting, joining, replacing and adding across bonds) are
 * in mol_edit.cpp; what both files share is in mol_internal.hpp.
 */
#include "dzp/mol.h"
#include "dzp/error.h"
#include "mol_internal.hpp"

#include <openbabel/atom.h>
#include <openbabel/bond.h>
#include <openbabel/canon.h>
#include <openbabel/elements.h>
#include <openbabel/graphsym.h>
#include <openbabel/mol.h>
#include <openbabel/obconversion.h>
#include <openbabel/oberror.h>
#include <openbabel/obfunctions.h>
#include <openbabel/obiter.h>
#include <openbabel/parsmart.h>
#include <openbabel/stereo/cistrans.h>
#include <openbabel/stereo/stereo.h>
#include <openbabel/stereo/tetrahedral.h>

#include <cstdlib>
#include <cstring>
#include <cctype>
#include <cstring>
#include <condition_variable>
#include <mutex>
#include <new>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

using namespace OpenBabel;
using namespace dzp_internal;

namespace {

std::mutex g_conv_mutex;   /* OBConversion construction and log capture */
std::once_flag g_init_once;
OBFormat *g_smi = nullptr;  /* "smi" format plugin */
OBFormat *g_can = nullptr;  /* "can" format plugin */

void global_init_once()
{
    obErrorLog.StopLogging();
    obErrorLog.SetOutputLevel(obError);
    g_smi = OBConversion::FindFormat("smi");
    g_can = OBConversion::FindFormat("can");
}

/* One OBConversion per thread, made and destroyed under the mutex because
 * the constructor is not thread-safe in 3.1.1. */
struct ConvHolder {
    OBConversion *conv = nullptr;
    ~ConvHolder()
    {
        std::lock_guard<std::mutex> lock(g_conv_mutex);
        delete conv;
    }
    OBConversion &get()
    {
        if (!conv) {
            std::lock_guard<std::mutex> lock(g_conv_mutex);
            conv = new OBConversion();
        }
        return *conv;
    }
};
thread_local ConvHolder t_conv;


/* Parse with the format object directly (not OBConversion::Read, which
 * switches the global locale). */
bool parse_smiles(OBMol &mol, const std::string &text)
{
    LogReader shared;
    OBConversion &conv = t_conv.get();
    std::istringstream in(text);
    conv.SetInFormat(g_smi);
    conv.SetInStream(&in, false);
    bool ok = g_smi->ReadMolecule(&mol, &conv);
    conv.SetInStream(nullptr, false);
    return ok;
}

/* Read the string again with the log on, to get Open Babel's own message. */
std::string ob_message_for(const std::string &text)
{
    LogWriter alone;
    std::lock_guard<std::mutex> lock(g_conv_mutex);
    std::stringstream log;
    obErrorLog.SetOutputStream(&log);
    obErrorLog.StartLogging();
    obErrorLog.SetOutputLevel(obWarning);
    {
        OBMol tmp;
        OBConversion conv;
        std::istringstream in(text);
        conv.SetInFormat(g_smi);
        conv.SetInStream(&in, false);
        g_smi->ReadMolecule(&tmp, &conv);
    }
    obErrorLog.StopLogging();
    obErrorLog.SetOutputLevel(obError);
    obErrorLog.SetOutputStream(&std::clog);
    /* Keep the most telling line: the first one that is not the banner. */
    std::string line, best;
    while (std::getline(log, line)) {
        size_t a = line.find_first_not_of(" \t=*");
        if (a == std::string::npos)
            continue;
        line = line.substr(a);
        if (line.rfind("Open Babel", 0) == 0)
            continue;
        if (best.empty())
            best = line;
    }
    while (!best.empty() && (best.back() == '.' || best.back() == ' '))
        best.pop_back();
    return best;
}

/* What Open Babel's SMILES reader lets through but the grammar forbids:
 * a bond symbol not followed by an atom or a ring closure (a dangling
 * "C1=", a doubled "C==C", a bond before ')' or '('), an empty branch
 * "()", and a '.' that separates nothing (leading, trailing, doubled, or
 * next to a parenthesis).  Bracket atoms are skipped whole (their charges
 * are not bonds).  This only checks the text; the molecule is still made
 * by Open Babel.  Returns "" when fine, else the problem with its 1-based
 * position. */
std::string grammar_problem(const std::string &s)
{
    enum { START, ATOM, BOND, OPEN, DOT } prev = START;
    size_t prev_at = 0;
    auto at = [](size_t i) { return " at position " + std::to_string(i + 1); };
    for (size_t i = 0; i < s.size(); i++) {
        char c = s[i];
        if (c == '[') {
            size_t close = s.find(']', i);
            if (close == std::string::npos)
                return "has a '[' with no closing ']'" + at(i);
            i = close;
            prev = ATOM;
        } else if (std::strchr("-=#$:/\\", c)) {
            if (prev == BOND)
                return std::string("has two bond symbols in a row ('") + s[prev_at] + c + "')" +
                       at(prev_at);
            if (prev == START || prev == DOT)
                return std::string("starts a chain with the bond symbol '") + c + "'" + at(i);
            prev = BOND;
            prev_at = i;
        } else if (c == '(') {
            if (prev == BOND)
                return std::string("has the bond symbol '") + s[prev_at] +
                       "' before a branch instead of an atom" + at(prev_at);
            if (prev == START || prev == DOT || prev == OPEN)
                return "opens a branch with no atom before it" + at(i);
            prev = OPEN;
            prev_at = i;
        } else if (c == ')') {
            if (prev == OPEN)
                return "has an empty branch '()'" + at(prev_at);
            if (prev == BOND)
                return std::string("ends a branch with the bond symbol '") + s[prev_at] + "'" +
                       at(prev_at);
            if (prev == DOT)
                return "ends a branch with '.'" + at(prev_at);
            prev = ATOM;
        } else if (c == '.') {
            if (prev == START)
                return "starts with '.', which separates nothing" + at(i);
            if (prev == DOT)
                return "has two '.' in a row" + at(i);
            if (prev == BOND)
                return std::string("has the bond symbol '") + s[prev_at] + "' before '.'" +
                       at(prev_at);
            if (prev == OPEN)
                return "has '.' just inside a branch" + at(i);
            prev = DOT;
            prev_at = i;
        } else if (c == ']') {
            return "has a ']' with no opening '['" + at(i);
        } else if (std::isdigit((unsigned char)c) || c == '%') {
            if (c == '%')
                i += 2; /* %nn: a two-digit ring closure */
            if (prev == START || prev == DOT || prev == OPEN)
                return "has a ring-closure digit with no atom before it" + at(i);
            prev = ATOM; /* a ring bond completes a pending bond symbol */
        } else {
            prev = ATOM; /* an atom symbol (or a letter of one) */
        }
    }
    if (prev == BOND)
        return std::string("ends with the bond symbol '") + s[prev_at] +
               "': a bond needs an atom after it" + at(prev_at);
    if (prev == DOT)
        return "ends with '.', which separates nothing" + at(prev_at);
    return "";
}

/* Checks Open Babel leaves to us, on the raw text. Returns "" when fine. */
std::string text_problem(const std::string &s)
{
    if (s.empty())
        return "is empty: give a SMILES string such as C1CNCCNC1";
    if (s.size() > DZP_MOL_MAX_SMILES)
        return "is longer than " + std::to_string(DZP_MOL_MAX_SMILES) +
               " characters: dzp-plan handles drug-sized molecules";
    for (size_t i = 0; i < s.size(); i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == '\r')
            return "spans more than one line: give one SMILES per argument or batch row";
        if (c == ' ' || c == '\t')
            return "has whitespace at position " + std::to_string(i + 1) +
                   ": a SMILES string has none (put a name in a batch row's second column)";
        if (c < 0x20 || c >= 0x7f)
            return "has a non-ASCII or control character at position " + std::to_string(i + 1);
    }
    std::string grammar = grammar_problem(s);
    if (!grammar.empty())
        return grammar;
    int depth = 0;
    for (size_t i = 0; i < s.size(); i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && --depth < 0)
            return "has an unmatched ')' at position " + std::to_string(i + 1);
    }
    if (depth > 0)
        return "has " + std::to_string(depth) + " unclosed '(': check the branches";
    return "";
}

/* Valences a neutral or charged atom may have (sum of bond orders + H). */
bool valence_ok(OBAtom *a)
{
    unsigned z = a->GetAtomicNum();
    int q = a->GetFormalCharge();
    unsigned v = a->GetExplicitValence() + a->GetImplicitHCount();
    switch (z) {
    case 0: return true;
    case 1: return v == 1 || (v == 0 && q != 0);
    case 5: return v == 3 || (q == -1 && v == 4);
    case 6: return (q == 0 && v == 4) || (q != 0 && v == 3);
    case 7: return (q == 0 && v == 3) || (q == 1 && v == 4) || (q == -1 && v == 2);
    case 8: return (q == 0 && v == 2) || (q == 1 && v == 3) || (q == -1 && v == 1);
    case 9: return (q == 0 && v == 1) || (q == -1 && v == 0);
    case 15: return (q == 0 && (v == 3 || v == 5)) || (q == 1 && v == 4) || (q == -1 && v == 6);
    case 16: return (q == 0 && (v == 2 || v == 4 || v == 6)) || (q == 1 && v == 3) || (q == -1 && v == 1);
    case 17: case 35: case 53:
        return (q == 0 && (v == 1 || (z != 17 && (v == 3 || v == 5)))) || (q == -1 && v == 0);
    default: return true;
    }
}

} /* namespace */

std::string dzp_internal::structure_problem(OBMol &mol, unsigned flags)
{
    if (mol.NumAtoms() == 0)
        return "has no atoms";
    if (mol.NumAtoms() > DZP_MOL_MAX_ATOMS)
        return "has " + std::to_string(mol.NumAtoms()) + " heavy atoms, more than the " +
               std::to_string(DZP_MOL_MAX_ATOMS) + " dzp-plan accepts";
    std::vector<std::vector<int>> parts;
    mol.ContigFragList(parts);
    if (parts.size() > 1 && !(flags & DZP_PARSE_COMPONENTS))
        return "has " + std::to_string(parts.size()) +
               " separate components (a salt or mixture?): give the free base alone";
    FOR_ATOMS_OF_MOL (a, mol) {
        std::string where = " at atom " + std::to_string(a->GetIdx()) + " (" +
                            OBElements::GetSymbol(a->GetAtomicNum()) + ")";
        if (a->GetAtomicNum() == 0 && !(flags & DZP_PARSE_DUMMY))
            return "has a '*' attachment point" + where + ", which is not a real atom";
        if (!valence_ok(&*a))
            return "has an impossible valence" + where + ": check its bonds, hydrogens and charge";
    }
    return "";
}

namespace {

std::string trim(const char *s)
{
    std::string t(s);
    size_t a = t.find_first_not_of(" \t\r\n");
    if (a == std::string::npos)
        return "";
    size_t b = t.find_last_not_of(" \t\r\n");
    return t.substr(a, b - a + 1);
}

char *dup_string(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

} // namespace

/* Whether mol carries a stereo configuration that is specified (a
 * tetrahedral centre or a cis/trans bond with a configuration; any other
 * kind of stereo data counts as specified). */
bool dzp_internal::has_specified_stereo(OBMol &mol)
{
    for (OBGenericData *d : mol.GetAllData(OBGenericDataType::StereoData)) {
        OBStereoBase *sb = static_cast<OBStereoBase *>(d);
        if (sb->GetType() == OBStereo::Tetrahedral) {
            if (static_cast<OBTetrahedralStereo *>(sb)->GetConfig().specified)
                return true;
        } else if (sb->GetType() == OBStereo::CisTrans) {
            if (static_cast<OBCisTransStereo *>(sb)->GetConfig().specified)
                return true;
        } else {
            return true;
        }
    }
    return false;
}

namespace {

/* Canonical SMILES of mol; with order, Open Babel's "SMILES Atom Order"
 * (the 1-based atom indices in the order written) goes into *order and
 * the molecule is left as it was.
 *
 * Writing isomeric SMILES makes Open Babel perceive stereo first when an
 * edit has cleared the "perceived" flag: symmetry classes and stereogenic
 * units, to add unspecified configurations for the units that have none.
 * A molecule with no specified configuration writes no stereo mark and
 * gets the same canonical labels either way (canon.cpp labels without
 * stereo units when none is specified), so for it the perception is
 * skipped: the flag is set for the write only, and the molecule is left
 * as it was. */
std::string write_smiles(const OBMol &mol, bool stereo, std::string *order = nullptr,
                         bool canonical = true)
{
    LogReader shared;
    OBConversion &conv = t_conv.get();
    std::ostringstream os;
    OBMol &writable = const_cast<OBMol &>(mol);
    /* perceived for this write only, even if the write throws */
    struct perceived_for_now {
        OBMol *mol = nullptr;
        ~perceived_for_now()
        {
            if (mol)
                mol->SetChiralityPerceived(false);
        }
    } skip;
    if (stereo && !writable.HasChiralityPerceived() && !has_specified_stereo(writable)) {
        writable.SetChiralityPerceived();
        skip.mol = &writable;
    }
    OBFormat *format = canonical ? g_can : g_smi;
    conv.SetOutFormat(format);
    conv.RemoveOption("c", OBConversion::OUTOPTIONS); /* left by the last canonical write */
    conv.SetOptions("n", OBConversion::OUTOPTIONS);   /* no title */
    if (!stereo)
        conv.AddOption("i", OBConversion::OUTOPTIONS);
    if (order)
        conv.AddOption("O", OBConversion::OUTOPTIONS);
    conv.SetOutStream(&os, false);
    format->WriteMolecule(&writable, &conv);
    conv.SetOutStream(nullptr, false);
    conv.RemoveOption("i", OBConversion::OUTOPTIONS);
    conv.RemoveOption("O", OBConversion::OUTOPTIONS);
    if (order) {
        OBGenericData *data = writable.GetData("SMILES Atom Order");
        *order = data ? data->GetValue() : std::string();
        if (data)
            writable.DeleteData(data);
    }
    std::string s = os.str();
    size_t end = s.find_first_of("\t\r\n");
    if (end != std::string::npos)
        s.resize(end);
    return s;
}

/* Canonical SMILES already written, by the SMILES Open Babel writes in atom
 * order (no symmetry classes, no canonical labelling: a fraction of the
 * cost).  That SMILES states everything the canonical one is made from
 * (elements, charges, isotopes, hydrogens, aromaticity, bonds and the
 * specified stereo; a SMILES reads back as the molecule it was written
 * from), so two molecules that write it alike are one molecule and have
 * one canonical SMILES: the memo is exact.  (Spin multiplicity, which the
 * canonical labelling reads and an atom-order SMILES may not show, is never
 * set: radicals are refused on reading and no edit makes one.)  Only a
 * molecule with no specified configuration is remembered: writing one
 * that has some also changes it (Open Babel's labelling marks a
 * configuration on an atom that is no stereocentre as unspecified, which a
 * later edit that makes it one would otherwise reveal), so that write is
 * always done.  Nor is a molecule with an isotope: Open Babel's symmetry
 * classes ignore isotopes, so with a label on one of several otherwise
 * equivalent atoms (CF2[18F]) its "canonical" SMILES depends on the atom
 * order (review finding), which the atom-order SMILES need not wholly fix,
 * and the memo would be exact no more.
 * Building blocks, cores and reagents recur across a batch; the memo is
 * emptied when it holds CANONICAL_MEMO_MAX entries, which bounds its
 * memory. */
constexpr size_t CANONICAL_MEMO_MAX = 4096;
thread_local std::unordered_map<std::string, std::string> t_canonical_memo;

bool has_isotope(const OBMol &mol)
{
    FOR_ATOMS_OF_MOL (a, const_cast<OBMol &>(mol))
        if (a->GetIsotope() != 0)
            return true;
    return false;
}

std::string canonical_smiles(const OBMol &mol, bool stereo)
{
    if (has_specified_stereo(const_cast<OBMol &>(mol)) || has_isotope(mol))
        return write_smiles(mol, stereo); /* its side effect on the configurations stays */
    std::string key = write_smiles(mol, stereo, nullptr, false);
    key.push_back(stereo ? '+' : '-');
    auto known = t_canonical_memo.find(key);
    if (known != t_canonical_memo.end())
        return known->second;
    std::string smiles = write_smiles(mol, stereo);
    if (t_canonical_memo.size() >= CANONICAL_MEMO_MAX)
        t_canonical_memo.clear();
    t_canonical_memo.emplace(std::move(key), smiles);
    return smiles;
}


} /* namespace */

/* ---- helpers shared with mol_edit.cpp (mol_internal.hpp) ---------------------- */

namespace dzp_internal {

bool valid_index(const dzp_mol *m, int atom)
{
    return m && atom >= 0 && atom < (int)m->ob.NumAtoms();
}

OBAtom *atom_at(const dzp_mol *m, int atom)
{
    return const_cast<OBMol &>(m->ob).GetAtom(atom + 1);
}

/* Drop a tetrahedral stereo unit centred on atom when the atom can no
 * longer be a stereo centre (a double bond, or fewer than three neighbours
 * plus hydrogens). */
void drop_stale_stereo(OBMol &mol, OBAtom *centre)
{
    bool multiple = false;
    FOR_BONDS_OF_ATOM (b, centre)
        if (b->GetBondOrder() > 1)
            multiple = true;
    unsigned subst = centre->GetExplicitDegree() + centre->GetImplicitHCount();
    if (!multiple && subst == 4 && centre->GetImplicitHCount() <= 1)
        return;
    std::vector<OBGenericData *> data = mol.GetAllData(OBGenericDataType::StereoData);
    for (OBGenericData *d : data) {
        OBStereoBase *sb = static_cast<OBStereoBase *>(d);
        if (sb->GetType() != OBStereo::Tetrahedral)
            continue;
        OBTetrahedralStereo *ts = static_cast<OBTetrahedralStereo *>(sb);
        if (ts->GetConfig().center == centre->GetId())
            mol.DeleteData(ts);
    }
}

OBBond *bond_between(const dzp_mol *mol, int a, int b)
{
    if (!valid_index(mol, a) || !valid_index(mol, b))
        return nullptr;
    return const_cast<OBMol &>(mol->ob).GetBond(a + 1, b + 1);
}

OBConversion &thread_conversion()
{
    return t_conv.get();
}

/* The gate of LogReader / LogWriter: many readers, or one writer. */
namespace {
std::mutex g_gate_mutex;
std::condition_variable g_gate_cv;
int g_gate_readers = 0;
bool g_gate_writer = false;
} /* namespace */

LogReader::LogReader()
{
    std::unique_lock<std::mutex> lock(g_gate_mutex);
    g_gate_cv.wait(lock, [] { return !g_gate_writer; });
    g_gate_readers++;
}

LogReader::~LogReader()
{
    std::lock_guard<std::mutex> lock(g_gate_mutex);
    if (--g_gate_readers == 0)
        g_gate_cv.notify_all();
}

LogWriter::LogWriter()
{
    std::unique_lock<std::mutex> lock(g_gate_mutex);
    g_gate_cv.wait(lock, [] { return !g_gate_writer; });
    g_gate_writer = true;
    g_gate_cv.wait(lock, [] { return g_gate_readers == 0; });
}

LogWriter::~LogWriter()
{
    std::lock_guard<std::mutex> lock(g_gate_mutex);
    g_gate_writer = false;
    g_gate_cv.notify_all();
}

} /* namespace dzp_internal */

extern "C" {

void dzp_mol_global_init(void)
{
    try {
        std::call_once(g_init_once, global_init_once);
    } catch (...) {
        /* nothing to report; dzp_mol_from_smiles fails cleanly later */
    }
}

int dzp_mol_from_smiles(dzp_mol **out, const char *smiles, unsigned flags)
{
    DZP_TRY
    dzp_mol_global_init();
    if (!out || !smiles)
        return dzp_error_set(DZP_EINVAL, "no SMILES string was given");
    if (!g_smi || !g_can)
        return dzp_error_set(DZP_EINTERNAL,
                             "Open Babel's SMILES format plugin was not found: "
                             "check the openbabel installation (and unset BABEL_LIBDIR)");
    std::string text = trim(smiles);
    std::string problem = text_problem(text);
    if (!problem.empty())
        return dzp_error_set(DZP_EINVAL, "the SMILES '%.80s' %s", text.c_str(), problem.c_str());
    /* Open Babel's parser leaks the stereo records it has made when a
     * SMILES with '@' then fails (OBSmilesParser::ParseComplex, about 190
     * bytes a row): read such a string first without its '@' marks, to
     * find a failure before any stereo record exists.  That copy only
     * decides whether to go on; the molecule is read from the text as
     * given. */
    std::string checked = text;
    if (text.find('@') != std::string::npos) {
        std::string plain;
        for (char c : text)
            if (c != '@')
                plain += c;
        OBMol probe;
        if (!parse_smiles(probe, plain))
            checked = plain;
    }
    dzp_mol *m = new dzp_mol();
    if (checked != text || !parse_smiles(m->ob, text)) {
        delete m;
        std::string why = (flags & DZP_PARSE_TERSE) ? "" : ob_message_for(checked);
        if (why.empty())
            why = "Open Babel could not read it";
        return dzp_error_set(DZP_EINVAL, "the SMILES '%.80s' is not valid: %s", text.c_str(),
                             why.c_str());
    }
    m->ob.DeleteHydrogens();
    problem = structure_problem(m->ob, flags);
    if (!problem.empty() && !(flags & DZP_PARSE_TERSE) &&
        ob_message_for(text).find("kekulize") != std::string::npos)
        problem = "has an aromatic ring that cannot be kekulized: check the ring size, "
                  "the [nH] atoms and the charges";
    if (!problem.empty()) {
        delete m;
        return dzp_error_set(DZP_EINVAL, "the SMILES '%.80s' %s", text.c_str(), problem.c_str());
    }
    *out = m;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

int dzp_mol_clone(dzp_mol **out, const dzp_mol *mol)
{
    DZP_TRY
    if (!out || !mol)
        return dzp_error_set(DZP_EINVAL, "no molecule to copy");
    dzp_mol *m = new dzp_mol();
    m->ob = mol->ob;
    *out = m;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

void dzp_mol_free(dzp_mol *mol)
{
    try {
        delete mol;
    } catch (...) {
    }
}

int dzp_mol_smiles(char **out, const dzp_mol *mol, int flags)
{
    DZP_TRY
    if (!out || !mol)
        return dzp_error_set(DZP_EINVAL, "no molecule to write");
    dzp_mol_global_init();
    *out = dup_string(canonical_smiles(mol->ob, !(flags & DZP_SMILES_NO_STEREO)));
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

int dzp_mol_smiles_positions(char **out, int *positions, const dzp_mol *mol, int flags)
{
    DZP_TRY
    if (!out || !positions || !mol)
        return dzp_error_set(DZP_EINVAL, "no molecule to write");
    dzp_mol_global_init();
    std::string order;
    std::string smiles = write_smiles(mol->ob, !(flags & DZP_SMILES_NO_STEREO), &order);
    int n = (int)mol->ob.NumAtoms();
    std::vector<int> where(n, -1);
    std::istringstream is(order);
    int atom = 0;
    for (int position = 0; is >> atom; position++)
        if (atom >= 1 && atom <= n)
            where[atom - 1] = position;
    char *text = dup_string(smiles);
    std::copy(where.begin(), where.end(), positions);
    *out = text;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

int dzp_mol_formula(char **out, const dzp_mol *mol)
{
    DZP_TRY
    if (!out || !mol)
        return dzp_error_set(DZP_EINVAL, "no molecule for a formula");
    /* GetFormula caches its answer as "Formula" data, which copies inherit:
     * drop the cache so an edited molecule gets its own formula. */
    OBMol &m = const_cast<OBMol &>(mol->ob);
    if (m.HasData("Formula"))
        m.DeleteData(m.GetData("Formula"));
    std::string f = m.GetFormula();
    *out = dup_string(f);
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

double dzp_mol_weight(const dzp_mol *mol)
{
    try {
        return mol ? const_cast<OBMol &>(mol->ob).GetMolWt() : 0.0;
    } catch (...) {
        return 0.0;
    }
}

int dzp_mol_atom_count(const dzp_mol *mol)
{
    return mol ? (int)mol->ob.NumAtoms() : 0;
}

int dzp_mol_atom_element(const dzp_mol *mol, int atom)
{
    return valid_index(mol, atom) ? (int)atom_at(mol, atom)->GetAtomicNum() : 0;
}

int dzp_mol_atom_hcount(const dzp_mol *mol, int atom)
{
    return valid_index(mol, atom) ? (int)atom_at(mol, atom)->GetImplicitHCount() : 0;
}

int dzp_mol_atom_charge(const dzp_mol *mol, int atom)
{
    return valid_index(mol, atom) ? atom_at(mol, atom)->GetFormalCharge() : 0;
}

bool dzp_mol_atom_aromatic(const dzp_mol *mol, int atom)
{
    try {
        return valid_index(mol, atom) && atom_at(mol, atom)->IsAromatic();
    } catch (...) {
        return false;
    }
}

bool dzp_mol_atom_in_ring(const dzp_mol *mol, int atom)
{
    try {
        return valid_index(mol, atom) && atom_at(mol, atom)->IsInRing();
    } catch (...) {
        return false;
    }
}

bool dzp_mol_atom_stereo_specified(const dzp_mol *mol, int atom)
{
    try {
        if (!valid_index(mol, atom))
            return false;
        OBStereoFacade facade(const_cast<OBMol *>(&mol->ob), false);
        OBTetrahedralStereo *ts = facade.GetTetrahedralStereo(atom_at(mol, atom)->GetId());
        return ts && ts->GetConfig().specified;
    } catch (...) {
        return false;
    }
}

bool dzp_mol_atom_is_stereocentre(const dzp_mol *mol, int atom)
{
    try {
        if (!valid_index(mol, atom))
            return false;
        OBMol copy(mol->ob); /* perception must not touch the caller's molecule */
        OBGraphSym gs(&copy);
        std::vector<unsigned int> sym;
        gs.GetSymmetry(sym);
        OBStereoUnitSet units = FindStereogenicUnits(&copy, sym);
        unsigned long id = copy.GetAtom(atom + 1)->GetId();
        for (const OBStereoUnit &u : units)
            if (u.type == OBStereo::Tetrahedral && u.id == id)
                return true;
        return false;
    } catch (...) {
        return false;
    }
}

int dzp_mol_atom_neighbors(const dzp_mol *mol, int atom, int *nbrs, int max)
{
    if (!valid_index(mol, atom))
        return 0;
    int n = 0;
    FOR_NBORS_OF_ATOM (nb, atom_at(mol, atom)) {
        if (nbrs && n < max)
            nbrs[n] = (int)nb->GetIdx() - 1;
        n++;
    }
    return n;
}


int dzp_mol_bond_order(const dzp_mol *mol, int a, int b)
{
    OBBond *bd = bond_between(mol, a, b);
    return bd ? (int)bd->GetBondOrder() : 0;
}

bool dzp_mol_bond_aromatic(const dzp_mol *mol, int a, int b)
{
    try {
        OBBond *bd = bond_between(mol, a, b);
        return bd && bd->IsAromatic();
    } catch (...) {
        return false;
    }
}

bool dzp_mol_bond_in_ring(const dzp_mol *mol, int a, int b)
{
    try {
        OBBond *bd = bond_between(mol, a, b);
        return bd && bd->IsInRing();
    } catch (...) {
        return false;
    }
}

int dzp_mol_symmetry_classes(const dzp_mol *mol, unsigned *classes)
{
    DZP_TRY
    if (!mol || !classes)
        return dzp_error_set(DZP_EINVAL, "no molecule for symmetry classes");
    OBMol &m = const_cast<OBMol &>(mol->ob);
    OBGraphSym gs(&m);
    std::vector<unsigned int> sym;
    gs.GetSymmetry(sym);
    for (unsigned i = 0; i < m.NumAtoms(); i++)
        classes[i] = i < sym.size() ? sym[i] : i;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

namespace {

/* Open Babel's canonical labels of m from its symmetry classes sym, into
 * labels[atom count]. */
void labels_from(OBMol &m, const std::vector<unsigned int> &sym, unsigned *labels)
{
    std::vector<unsigned int> canon;
    CanonicalLabels(&m, sym, canon);
    for (unsigned i = 0; i < m.NumAtoms(); i++)
        labels[i] = i < canon.size() ? canon[i] : i;
}

} // namespace

int dzp_mol_canonical_labels(const dzp_mol *mol, unsigned *labels, unsigned *classes)
{
    DZP_TRY
    if (!mol || !labels)
        return dzp_error_set(DZP_EINVAL, "no molecule for canonical labels");
    OBMol &m = const_cast<OBMol &>(mol->ob);
    OBGraphSym gs(&m);
    std::vector<unsigned int> sym;
    gs.GetSymmetry(sym);
    labels_from(m, sym, labels);
    for (unsigned i = 0; classes && i < m.NumAtoms(); i++)
        classes[i] = i < sym.size() ? sym[i] : i;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

int dzp_mol_canonical_labels_from(const dzp_mol *mol, const unsigned *classes, unsigned *labels)
{
    DZP_TRY
    if (!mol || !classes || !labels)
        return dzp_error_set(DZP_EINVAL, "no molecule or symmetry classes for canonical labels");
    OBMol &m = const_cast<OBMol &>(mol->ob);
    labels_from(m, std::vector<unsigned int>(classes, classes + m.NumAtoms()), labels);
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}

const char *dzp_element_symbol(int z)
{
    try {
        return z >= 1 && z <= 118 ? OBElements::GetSymbol((unsigned)z) : "?";
    } catch (...) {
        return "?";
    }
}

int dzp_element_number(const char *symbol)
{
    try {
        if (!symbol || !*symbol || std::strlen(symbol) > 3)
            return 0;
        int z = (int)OBElements::GetAtomicNum(symbol);
        /* GetAtomicNum is lenient about case: insist on the symbol as written */
        return z > 0 && std::strcmp(OBElements::GetSymbol((unsigned)z), symbol) == 0 ? z : 0;
    } catch (...) {
        return 0;
    }
}

} /* extern "C" */
