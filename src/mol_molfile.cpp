/*
 * mol_molfile.cpp - one MDL molfile record (a record of an SD file) read
 * into a molecule, through Open Babel's "mdl" format object directly (the
 * thread-safe way, as for SMILES in mol.cpp), with the same structure
 * checks as a SMILES string and its title line kept.
 */
#include "mol_internal.hpp"

#include <openbabel/obconversion.h>

#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>

using namespace OpenBabel;
using namespace dzp_internal;

extern "C" int dzp_mol_from_molfile(dzp_mol **out, char **title, const char *record,
                                    unsigned flags)
{
    DZP_TRY
    dzp_mol_global_init();
    if (!out || !record)
        return dzp_error_set(DZP_EINVAL, "no molfile record was given");
    if (title)
        *title = NULL;
    static OBFormat *mdl = OBConversion::FindFormat("mdl");
    if (!mdl)
        return dzp_error_set(DZP_EINTERNAL,
                             "Open Babel's MDL molfile format plugin was not found: "
                             "check the openbabel installation (and unset BABEL_LIBDIR)");
    LogReader shared;
    OBConversion &conv = thread_conversion();
    std::istringstream in{std::string(record)};
    dzp_mol *m = new dzp_mol();
    conv.SetInFormat(mdl);
    conv.SetInStream(&in, false);
    bool ok = mdl->ReadMolecule(&m->ob, &conv);
    conv.SetInStream(nullptr, false);
    if (!ok || m->ob.NumAtoms() == 0) {
        delete m;
        return dzp_error_set(DZP_EINVAL,
                             "the molfile record is not valid (Open Babel could not read its "
                             "atom and bond blocks)");
    }
    m->ob.DeleteHydrogens();
    std::string problem = structure_problem(m->ob, flags);
    if (!problem.empty()) {
        delete m;
        return dzp_error_set(DZP_EINVAL, "the molfile record %s", problem.c_str());
    }
    if (title) {
        const char *t = m->ob.GetTitle();
        size_t n = t ? std::strlen(t) : 0;
        while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r'))
            n--;
        if (n > 0) {
            *title = static_cast<char *>(std::malloc(n + 1));
            if (!*title) {
                delete m;
                return dzp_error_set(DZP_ENOMEM, "out of memory reading a molfile title");
            }
            std::memcpy(*title, t, n);
            (*title)[n] = '\0';
        }
    }
    *out = m;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}
