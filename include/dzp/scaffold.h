/*
 * scaffold.h - perception of the 1,4-diazepane ring and its two nitrogens.
 *
 * Given a molecule, find its saturated 1,4-diazepane ring, number it
 * N1 C2 C3 N4 C5 C6 C7, and say for each nitrogen whether it is a free N-H,
 * carries a protecting group (rules/protecting_groups.yaml) or another
 * substituent; whether N1 and N4 are equivalent by graph symmetry; which
 * ring carbons carry substituents; what each nitrogen is (amine, amide,
 * carbamate, ...: scaffold.yaml's n_types); and build the "core" (the molecule with
 * both N-substituents replaced by H) that lets a substrate be mapped onto a
 * target atom by atom.
 *
 * Numbering: of the two directions round the ring, the one giving the lower
 * set of locants to all substituents (ring carbons and nitrogens) wins, as
 * in IUPAC naming; on a tie N1 is the nitrogen with a protecting group, then
 * one with any substituent, then the one with the lower canonical label.
 */
#ifndef DZP_SCAFFOLD_H
#define DZP_SCAFFOLD_H

#include <stdbool.h>

#include "dzp/mol.h"
#include "dzp/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    DZP_SITE_NH = 0, /* free N-H */
    DZP_SITE_PG = 1, /* carries a protecting group */
    DZP_SITE_R = 2   /* carries another substituent */
} dzp_site_state;

typedef struct {
    const char *label;         /* "N1" or "N4" */
    int atom;                  /* index of the nitrogen in the molecule */
    dzp_site_state state;
    const dzp_pg *pg;          /* DZP_SITE_PG: the group (borrowed from rules) */
    int sub_atom;              /* first atom of the substituent, -1 when none */
    bool detachable;           /* one substituent joined by a non-ring bond */
    dzp_mol *substituent;      /* the substituent with '*' at the attachment, or NULL */
    int sub_dummy;             /* index of '*' in substituent */
    int *sub_map;              /* molecule atom -> substituent atom (or -1), or NULL */
    char *substituent_smiles;  /* canonical SMILES of substituent, or NULL */
    int hindrance;             /* heavy substituents on the two ring carbons next to N */
    const char *n_type;        /* what the N is as it stands in the molecule, by scaffold.yaml's
                                  n_types: N-Boc "carbamate", N-aryl "aryl_amine", a lactam
                                  N-H "amide" (a vocabulary word, borrowed from rules) */
    const char *core_n_type;   /* what the N is as a free N-H in the core: what a step on it
                                  meets (a lactam N stays "amide" after deprotection); rules'
                                  applies_to are checked against it */
} dzp_site;

typedef struct {
    int locant;                /* 2, 3, 5, 6 or 7 */
    int atom;
    int n_substituents;        /* heavy neighbours outside the diazepane ring */
    bool stereo_specified;     /* a tetrahedral centre with its configuration given */
} dzp_ring_carbon;

typedef struct dzp_scaffold {
    dzp_mol *mol;              /* owned copy of the molecule */
    char *smiles;              /* canonical SMILES (stereo kept) */
    int *smiles_positions;     /* atom i of mol is atom smiles_positions[i] of smiles read back */
    bool positions_reproducible; /* smiles_positions owe nothing to memory addresses (no
                                    ring atom has a symmetry twin, or an atom map placed them) */
    char *formula;
    double mw;
    int ring[7];               /* atom indices of N1 C2 C3 N4 C5 C6 C7 */
    dzp_site site[2];          /* [0] = N1, [1] = N4 */
    bool equivalent;           /* N1 and N4 share a graph-symmetry class */
    dzp_ring_carbon carbon[5]; /* C2 C3 C5 C6 C7 */
    int n_substituted_carbons;
    dzp_mol *core;             /* N-substituents replaced by H */
    int core_ring[7];          /* ring atoms' indices in core */
    char *core_smiles;         /* canonical SMILES of core (stereo kept) */
    /* The core's symmetry: only once dzp_scaffold_core_symmetry() has run
     * (dzp_substrate_load runs it; a target's is needed only against a
     * substrate whose core nitrogens differ, so it is not paid for per row). */
    bool core_symmetry_known;
    unsigned core_label[7];    /* canonical labels of the ring atoms in core */
    bool core_equivalent;      /* N1 and N4 are equivalent in the core */
} dzp_scaffold;

/* Number of saturated 1,4-diazepane rings in mol (0 or more), or a
 * negative dzp_error. */
int dzp_scaffold_count(const dzp_mol *mol, const dzp_rules *rules);

/* Perceive ring number `which` (0-based, in a fixed order) of mol.  When
 * mol has no saturated 1,4-diazepane, returns DZP_ENOTFOUND with a sentence
 * saying what the molecule is instead ("... is a piperazine (...), not the
 * seven-membered 1,4-diazepane").  *out is the caller's; free it with
 * dzp_scaffold_free(). */
int dzp_scaffold_perceive(dzp_scaffold **out, const dzp_mol *mol, const dzp_rules *rules,
                          int which);
void dzp_scaffold_free(dzp_scaffold *scaffold);

/* Fill scaffold's core_label and core_equivalent (the canonical labels and
 * symmetry classes of its core) unless core_symmetry_known says they are
 * there already.  Returns 0, or a negative dzp_error (out of memory, or
 * Open Babel failed) with the scaffold unchanged. */
int dzp_scaffold_core_symmetry(dzp_scaffold *scaffold);

/* "NH", "PG" or "R". */
const char *dzp_site_state_name(dzp_site_state state);

/* The site state as route-json.md writes it: "NH", "PG:<name>" or "R",
 * into buf (size n).  Returns buf. */
const char *dzp_site_state_text(const dzp_site *site, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
