/*
 * mol.h - the molecule layer: Open Babel behind a small C API.
 *
 * Only src/mol.cpp knows Open Babel exists.  Molecules are opaque handles;
 * atoms are addressed by 0-based index, valid until the next edit of that
 * molecule.  Hydrogens are always implicit (explicit [H] in input are folded
 * in), so every atom index names a heavy atom or a '*' attachment point
 * (element 0).
 *
 * Editing functions never touch SMILES text: they copy the graph, change
 * atoms and bonds, and repair hydrogen counts and stereo on the atoms they
 * touched.  Functions returning int give 0 or a negative dzp_error and leave
 * a sentence in dzp_error_last(); on error the outputs are untouched.
 */
#ifndef DZP_MOL_H
#define DZP_MOL_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dzp_mol dzp_mol;
typedef struct dzp_smarts dzp_smarts;

/* Largest molecule accepted, in heavy atoms.  Canonical SMILES recurse once
 * per atom, so this also bounds stack use far below an 8 MB stack. */
#define DZP_MOL_MAX_ATOMS 300
/* Longest SMILES string accepted, in bytes. */
#define DZP_MOL_MAX_SMILES 4000

/* One-time process setup: silences Open Babel's global log and loads the
 * format plugins.  Call before starting threads; safe to call again. */
void dzp_mol_global_init(void);

/* Parse one SMILES string.  Rejects, with a sentence naming the problem:
 * empty input, internal whitespace or several lines, over-long input,
 * unbalanced parentheses, what Open Babel cannot parse, more than one
 * disconnected component, aromatic rings that do not kekulize (radicals),
 * atoms with impossible valence, and molecules over DZP_MOL_MAX_ATOMS.
 * Leading and trailing whitespace is ignored.  flags relax two checks:
 * DZP_PARSE_DUMMY allows '*' atoms, DZP_PARSE_COMPONENTS allows several
 * components (a salt reagent such as "[Na+].OC([O-])=O"). */
enum { DZP_PARSE_STRICT = 0, DZP_PARSE_DUMMY = 1, DZP_PARSE_COMPONENTS = 2, DZP_PARSE_TERSE = 4 };
/* DZP_PARSE_TERSE: on a string Open Babel cannot read, do not ask it why
 * (that turns its global error log on for a moment, which is not safe
 * while other threads parse): the sentence then says only that it could
 * not be read.  Threads that parse use it, and ask again, without it, on
 * one thread. */
int dzp_mol_from_smiles(dzp_mol **out, const char *smiles, unsigned flags);

/* Read one MDL molfile record (V2000 or V3000; the text of one SD-file
 * record, up to and without its "$$$$"), explicit hydrogens folded in,
 * with the structure checks of dzp_mol_from_smiles() under the same
 * flags.  *title (when title is not NULL) becomes the record's title line,
 * malloc'd, or NULL when blank.  On failure returns DZP_EINVAL with a
 * sentence ("the molfile record ..."), DZP_ENOMEM or DZP_EINTERNAL, and
 * *out and *title are left unset / NULL. */
int dzp_mol_from_molfile(dzp_mol **out, char **title, const char *record, unsigned flags);

int dzp_mol_clone(dzp_mol **out, const dzp_mol *mol);

/* The number of separate components (1 for an ordinary molecule, 2 for a
 * hydrochloride written "Cl.CN1CCCNCC1"); 0 for NULL. */
int dzp_mol_component_count(const dzp_mol *mol);

/* The parent of a salt or solvate: a copy of mol's largest component (by
 * heavy atoms; the first of equals), the counter-ions and solvent left
 * out, charges and stereo as written.  On failure returns DZP_EINVAL (no
 * molecule) or DZP_ENOMEM and *out is unset. */
int dzp_mol_largest_component(dzp_mol **out, const dzp_mol *mol);

/* The separate components of mol, each a new molecule, largest (by heavy
 * atoms) first: *parts (malloc'd array; free each with dzp_mol_free and
 * the array with free) and *n.  On failure returns DZP_EINVAL or
 * DZP_ENOMEM with nothing allocated. */
int dzp_mol_components(dzp_mol ***parts, int *n, const dzp_mol *mol);

/* Undo a salt's protonation or deprotonation, as a free base or acid is
 * drawn: an N+ that carries H (an ammonium, not a quaternary or an
 * N-oxide) loses one H and its charge; an O- or S- on carbon whose
 * neighbours carry no positive charge (a carboxylate, a phenolate, not a
 * nitro group) takes one H.  Returns how many atoms changed (0 when
 * none), or DZP_EINVAL for NULL. */
int dzp_mol_neutralize(dzp_mol *mol);
void dzp_mol_free(dzp_mol *mol);

enum {
    DZP_SMILES_CANONICAL = 0, /* canonical, stereo kept */
    DZP_SMILES_NO_STEREO = 1  /* canonical, stereo dropped */
};

/* Canonical SMILES into a malloc'd string the caller frees with free(). */
int dzp_mol_smiles(char **out, const dzp_mol *mol, int flags);
/* dzp_mol_smiles(), also telling where each atom went: positions[i] (an
 * array of dzp_mol_atom_count(mol) ints the caller provides) is atom i's
 * index in the molecule read back from *out, or -1 for an atom the SMILES
 * does not write.  Fails as dzp_mol_smiles() does, *out and positions
 * untouched. */
int dzp_mol_smiles_positions(char **out, int *positions, const dzp_mol *mol, int flags);
/* Hill formula ("C12H16ClFN2"), malloc'd. */
int dzp_mol_formula(char **out, const dzp_mol *mol);
/* Average molecular weight in g/mol. */
double dzp_mol_weight(const dzp_mol *mol);

/* Atom and bond queries.  Out-of-range indices give 0 / false. */
int dzp_mol_atom_count(const dzp_mol *mol);
int dzp_mol_atom_element(const dzp_mol *mol, int atom);   /* 0 for '*' */
int dzp_mol_atom_hcount(const dzp_mol *mol, int atom);    /* implicit H */
int dzp_mol_atom_charge(const dzp_mol *mol, int atom);
bool dzp_mol_atom_aromatic(const dzp_mol *mol, int atom);
bool dzp_mol_atom_in_ring(const dzp_mol *mol, int atom);
/* True when the atom is a tetrahedral centre with its configuration given. */
bool dzp_mol_atom_stereo_specified(const dzp_mol *mol, int atom);
/* True when atom is a tetrahedral stereocentre by graph symmetry (four
 * different branches), whether or not its configuration is given; false
 * for an index out of range or on any failure. */
bool dzp_mol_atom_is_stereocentre(const dzp_mol *mol, int atom);
/* Fill nbrs (capacity max) with neighbour indices; returns the degree. */
int dzp_mol_atom_neighbors(const dzp_mol *mol, int atom, int *nbrs, int max);
/* Bond order between a and b (1, 2, 3; Kekulé orders for aromatic bonds),
 * 0 when not bonded. */
int dzp_mol_bond_order(const dzp_mol *mol, int a, int b);
bool dzp_mol_bond_aromatic(const dzp_mol *mol, int a, int b);
bool dzp_mol_bond_in_ring(const dzp_mol *mol, int a, int b);

/* Graph-symmetry classes (Open Babel's OBGraphSym), one per atom, into
 * classes[atom_count].  Two atoms are equivalent iff their classes are
 * equal; numbers compare only within one molecule. */
int dzp_mol_symmetry_classes(const dzp_mol *mol, unsigned *classes);
/* Canonical labels (one distinct number per atom), into labels[atom_count].
 * Identical molecules give corresponding atoms equal labels, up to symmetry.
 * When classes is not NULL it also gets the symmetry classes, from the same
 * graph-symmetry pass (so a caller needing both pays for one). */
int dzp_mol_canonical_labels(const dzp_mol *mol, unsigned *labels, unsigned *classes);
/* Canonical labels as dzp_mol_canonical_labels() gives them, from the
 * symmetry classes dzp_mol_symmetry_classes() gave for this molecule as it
 * is now (the labelling starts from them: this spares the second pass).
 * Returns 0, or DZP_EINVAL without a molecule, classes or labels. */
int dzp_mol_canonical_labels_from(const dzp_mol *mol, const unsigned *classes, unsigned *labels);

/* --- SMARTS --------------------------------------------------------------- */

/* True when a and b are the same molecule atom for atom in the same order
 * (element, isotope, charge, hydrogens, spin, aromaticity, and the same
 * bonds with the same orders), and neither carries stereo data; false
 * otherwise, for NULL, or on any failure.  What Open Babel derives from
 * the graph (canonical SMILES, its atom order, formula) is then the same. */
bool dzp_mol_same_graph(const dzp_mol *a, const dzp_mol *b);
/* Whether a and b are the same molecule in any atom order, as their
 * canonical SMILES without stereo marks would tell: 1 with map[i] (an
 * array of dzp_mol_atom_count(a) ints the caller provides) the atom of b
 * that atom i of a is, every atom's element, isotope, charge, hydrogens,
 * spin and aromaticity and every bond (aromatic, else its order) kept.
 * prefer_a[k] -> prefer_b[k] (n_prefer pairs, may be 0) are tried first,
 * so among symmetric answers the one a caller expects wins.  Returns 0 when
 * they differ, and also when it cannot tell cheaply: either carries a
 * specified configuration, the search runs long (a highly symmetric
 * graph), NULL, or any failure; the caller then compares canonical SMILES.
 * map is untouched unless 1 is returned. */
int dzp_mol_isomorphism(int *map, const dzp_mol *a, const dzp_mol *b, const int *prefer_a,
                        const int *prefer_b, int n_prefer);

/* Compile a SMARTS pattern; a malformed one, or one whose atoms are not all
 * bonded together ("(C).(N)": Open Babel cannot match such parts), is an
 * error naming it (DZP_EINVAL, *out untouched). */
int dzp_smarts_compile(dzp_smarts **out, const char *pattern);
void dzp_smarts_free(dzp_smarts *pattern);
int dzp_smarts_atom_count(const dzp_smarts *pattern);
/* All matches of pattern in mol.  On success *out is a malloc'd array of
 * n * dzp_smarts_atom_count() atom indices (pattern order), or NULL when
 * n == 0; returns n >= 0.  With unique, matches covering the same atom set
 * are reported once.  Safe to call from several threads on one pattern. */
int dzp_smarts_find(int **out, const dzp_smarts *pattern, const dzp_mol *mol, bool unique);
/* True when pattern matches mol at least once. */
bool dzp_smarts_matches(const dzp_smarts *pattern, const dzp_mol *mol);
/* Matching one molecule from several threads at once is not safe (Open
 * Babel perceives aromaticity, and the prefilter below gathers the
 * molecule's atom properties, on first use). */

/* Whether dzp_smarts_find and dzp_smarts_matches first check a necessary
 * condition for a match (src/mol_smarts_filter.cpp: every pattern atom and
 * bond needs an atom and bond of the molecule that can be it), which spares
 * Open Babel's search for most patterns that are not there.  On by
 * default; the answers are the same either way, and tests turn it off to
 * compare.  Process-wide: set it before threads start.  Returns the
 * previous setting; cannot fail. */
bool dzp_smarts_use_prefilter(bool on);

/* The shape of a compiled pattern, for the rule loader's contracts.
 * dzp_smarts_atom_element: the atomic number every match of pattern atom
 * `atom` must have (7 for "[#7;R]"), or 0 when the atom is not tied to one
 * element ("*", "[#0]", "[C,N]") or out of range.
 * dzp_smarts_bonded: true when the pattern writes a bond between atoms a and
 * b (in either direction); false for atoms out of range.
 * dzp_smarts_degree: how many pattern bonds atom `atom` has (0 out of range).
 * None of them fails. */
int dzp_smarts_atom_element(const dzp_smarts *pattern, int atom);
bool dzp_smarts_bonded(const dzp_smarts *pattern, int a, int b);
int dzp_smarts_degree(const dzp_smarts *pattern, int atom);

/* The atomic number of an element symbol ("Br" -> 35), or 0 when the text is
 * not an element symbol. Never fails. */
int dzp_element_number(const char *symbol);
/* The symbol of atomic number z ("Br" for 35), or "?" out of range. Never
 * fails; the string is static. */
const char *dzp_element_symbol(int z);

/* --- Graph edits ------------------------------------------------------------ */

/* How an atom that lost a bond in dzp_mol_fragment is capped. */
typedef enum {
    DZP_CAP_HYDROGEN, /* the lost bond order is given back as hydrogens */
    DZP_CAP_DUMMY     /* a '*' atom stands where the partner was */
} dzp_cap;

/* The connected piece of mol that holds atom `keep` once the bond
 * keep-cut is broken, with `keep` capped as asked.  Stereo on atoms of the
 * piece is kept.  *map_out (optional, malloc'd, atom_count(mol) entries)
 * gives each original atom's index in the piece, or -1.  *cap_atom
 * (optional) gets the index of the '*' atom (DZP_CAP_DUMMY) or -1.  Fails
 * when keep-cut is not a bond or is a ring bond. */
int dzp_mol_fragment(dzp_mol **out, int **map_out, int *cap_atom, const dzp_mol *mol,
                     int keep, int cut, dzp_cap cap);

/* A new molecule made of a and b with a bond of `order` between atom
 * a_atom of a and atom b_atom of b.  Each end gives up `order` hydrogens
 * (an error if it has fewer).  Atoms of a keep their indices; atom i of b
 * becomes atom_count(a) + i.  Stereo of both is kept. */
int dzp_mol_join(dzp_mol **out, const dzp_mol *a, int a_atom, const dzp_mol *b, int b_atom,
                 int order);

/* Turn atom `atom` (usually a '*' with one neighbour) into element `element`
 * bonded to that neighbour with `order`; the neighbour's hydrogens change by
 * the difference in bond order, the atom gets its typical hydrogens, and a
 * stereo centre on the neighbour is dropped when it can no longer be one. */
int dzp_mol_set_terminal_atom(dzp_mol *mol, int atom, int element, int order);

/* --- Additions across a multiple bond ---------------------------------------- */

/* Raise the bond between atoms a and b by one order (C-N to C=N, C-C to
 * C=C); each end gives up one hydrogen, and a stereo centre or double-bond
 * configuration at either end that no longer holds is dropped.  Used to
 * derive an addition reagent (an isocyanate, a Michael acceptor) from the
 * group it installs.  Fails, leaving mol unaltered, when a and b are not
 * bonded, the bond is aromatic or already triple, or an end has no
 * hydrogen. */
int dzp_mol_raise_bond(dzp_mol *mol, int a, int b);

/* A new molecule made of a and b in which atom a_atom of a (an N-H) has
 * added across the multiple bond b_atom=b_next of b: a_atom bonds to b_atom
 * with a single bond, the bond b_atom-b_next drops one order, and a_atom's
 * hydrogen moves to b_next.  Atoms of a keep their indices; atom i of b
 * becomes atom_count(a) + i.  Fails, with *out untouched, when b_atom and
 * b_next are not bonded by a non-aromatic double or triple bond or a_atom
 * has no hydrogen. */
int dzp_mol_add_across(dzp_mol **out, const dzp_mol *a, int a_atom, const dzp_mol *b,
                       int b_atom, int b_next);

/* A new molecule: mol with its '*' atom `dummy` (one neighbour) replaced
 * by `group`, a molecule with one '*' atom `group_dummy` (one neighbour):
 * the group's atom bonded to its '*' takes the index `dummy` and bonds to
 * the dummy's old neighbour with the order of the group's '*' bond; the
 * group's other atoms follow mol's atoms, in their order.  Stereo of mol is
 * kept (the new atom stands where the '*' stood); stereo inside the group
 * is not copied.  Fails (DZP_EINVAL) when an atom is not a '*' with one
 * neighbour, or the neighbour has too few hydrogens for the new order. */
int dzp_mol_replace_dummy(dzp_mol **out, const dzp_mol *mol, int dummy, const dzp_mol *group,
                          int group_dummy);

/* A new molecule: mol with atoms[0..n_atoms-1] replaced by `fragment`.
 * atoms[0] (the carrier) is the only one of them that may be bonded to the
 * rest of mol; it takes the kind of the fragment's atom 0, keeps its bonds
 * to the rest and its index, and gets the fragment's atom-0 hydrogens less
 * the orders of those bonds (so write the fragment with a hydrogen on atom
 * 0 for each bond to the rest).  The other replaced atoms go; the
 * fragment's other atoms follow.  *map_out (optional, malloc'd,
 * atom_count(mol) entries) gives each old atom's new index, or -1.  Stereo
 * centred on a replaced atom is dropped; stereo on the rest is kept.
 * Fails (DZP_EINVAL), *out untouched, when an index is bad or repeated,
 * another replaced atom is bonded to the rest, or the fragment's atom 0
 * has too few hydrogens. */
int dzp_mol_replace_atoms(dzp_mol **out, int **map_out, const dzp_mol *mol, const int *atoms,
                          int n_atoms, const dzp_mol *fragment);
/* --- Tetrahedral stereo -------------------------------------------------------- */

/* Mirror the configuration of tetrahedral centre `atom`: its spatial
 * arrangement inverts (the CIP label need not change).  A centre with no
 * configuration given is left as it is.  Fails (DZP_EINVAL) only for an
 * atom that is not in mol. */
int dzp_mol_invert_stereo(dzp_mol *mol, int atom);

/* A new molecule in which atom a_atom of a (it gives up one hydrogen) has
 * displaced atom b_leaving of b from atom b_atom: a_atom bonds to b_atom
 * and b_leaving goes with everything on its side of the bond.  When b_atom
 * is a centre whose configuration b gives, the new molecule keeps it with
 * a_atom standing where b_leaving stood, or mirrors it when `invert` (an
 * SN2 displacement).  Atoms of a keep their indices; b's kept atoms follow
 * in their order.  Fails, with *out untouched, when b_atom-b_leaving is not
 * a bond or is a ring bond, or a_atom has no hydrogen. */
int dzp_mol_substitute(dzp_mol **out, const dzp_mol *a, int a_atom, const dzp_mol *b, int b_atom,
                       int b_leaving, bool invert);

/* The reagent side of dzp_mol_substitute done once, for a reagent that
 * displaces onto many molecules: b with b_leaving's side cut off and b_atom's
 * configuration read.  dzp_mol_substitute_prepared(out, a, a_atom, prepared,
 * invert) then gives exactly what dzp_mol_substitute(out, a, a_atom, b,
 * b_atom, b_leaving, invert) gives.  _prepare fails, with *out untouched,
 * as dzp_mol_substitute does for the reagent; _prepared fails when a_atom
 * is not in a or has no hydrogen; _free takes NULL. */
typedef struct dzp_substitution dzp_substitution;
int dzp_mol_substitution_prepare(dzp_substitution **out, const dzp_mol *b, int b_atom,
                                 int b_leaving);
int dzp_mol_substitute_prepared(dzp_mol **out, const dzp_mol *a, int a_atom,
                                const dzp_substitution *prepared, bool invert);
void dzp_mol_substitution_free(dzp_substitution *prepared);
/* --- Ring openings: an N-H opens a three-membered ring --------------------------- */

/* Bond atoms a and b of mol, not yet bonded, with a single bond; each gives
 * up one hydrogen, and a stereo centre at either that no longer holds is
 * dropped (stereo elsewhere, at a neighbour of either, is kept).  Used to
 * derive an epoxide from the 2-hydroxyalkyl group it installs.  Fails,
 * leaving mol unaltered, when the atoms are the same, already bonded, or
 * one has no hydrogen. */
int dzp_mol_bond_atoms(dzp_mol *mol, int a, int b);

/* A new molecule made of a and b in which atom a_atom of a (an N-H) has
 * opened the ring bond b_atom-b_next of b: a_atom bonds to b_atom, the
 * single ring bond b_atom-b_next breaks, and a_atom's hydrogen moves to
 * b_next (the epoxide O becomes an OH).  Stereo at b_next's side is kept;
 * a configuration stored at b_atom is dropped (SN2 would invert it).
 * Atoms of a keep their indices; atom i of b becomes atom_count(a) + i.
 * Fails, with *out untouched, when b_atom-b_next is not a single,
 * non-aromatic ring bond or a_atom has no hydrogen. */
int dzp_mol_add_opening(dzp_mol **out, const dzp_mol *a, int a_atom, const dzp_mol *b,
                        int b_atom, int b_next);

/* --- Pictures ---------------------------------------------------------------- */

/* How dzp_mol_depict_svg() draws a molecule. */
typedef struct {
    const int *label_atoms;     /* atoms that get a small tag beside them ... */
    const char *const *labels;  /* ... this text (letters and digits, e.g. "N1") */
    int n_labels;
    const int *highlight_atoms; /* drawn in the highlight colour, with the bonds among them */
    int n_highlight;
    double scale;               /* 1.0: Open Babel's 40-unit bonds; 0 means 1.0 */
} dzp_depiction;

/* A structure picture of mol: Open Babel's 2D layout drawn by OBDepict,
 * with the tags and highlights of how (NULL: a plain drawing).  *out is
 * one <svg> element (width and height in pixels at how->scale, a viewBox,
 * no XML declaration and no xmlns: the caller embeds it in a document),
 * malloc'd, the caller frees it; *width and *height receive its size.
 * Byte for byte the same for the same molecule.  Depiction is serialized
 * with a process-wide lock, so threads may call it.  Returns 0; DZP_EINVAL
 * (a NULL argument, a tag or highlight on an atom mol lacks),
 * DZP_EINTERNAL (no 2D layout) or DZP_ENOMEM with a message, *out
 * untouched. */
int dzp_mol_depict_svg(char **out, double *width, double *height, const dzp_mol *mol,
                       const dzp_depiction *how);

#ifdef __cplusplus
}
#endif
#endif
