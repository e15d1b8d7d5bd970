/*
 * rules.h - the chemistry, loaded from the YAML files in rules/.
 *
 * Only src/rules.c knows YAML exists.  A rule set is read from a directory
 * holding these files (each a mapping with one top-level key):
 *
 *   scaffold.yaml            scaffold:            the ring SMARTS and look-alikes
 *   protecting_groups.yaml   protecting_groups:   N-protecting groups
 *   transformations.yaml     transformations:     protect, deprotect and N-functionalization steps
 *   functional_groups.yaml   functional_groups:   groups and the conditions that destroy them
 *   side_reactions.yaml      side_reactions:      flag texts (id, severity, message, mitigation, source)
 *   reagents.yaml            reagents:            names for common reagents, keyed by SMILES
 *   planner.yaml             planner:             scoring weights
 *   reagent_validity.yaml    reagent_validity:    reagents that do not exist or do not survive
 *
 * Every mapping has a table of known keys; an unknown key, a missing
 * required key or a value of the wrong type is an error reported as
 * "file:line:column: message" (1-based), and nothing is loaded.  SMILES and
 * SMARTS in the files are compiled at load time, so a typo is caught there
 * with its line, not at planning time.  Every word with a meaning (a
 * condition class, a step kind, a reagent role, a severity, a flag id, a
 * protecting group or functional group name) must be declared where
 * vocabulary.yaml or the file it refers to declares it, and every SMARTS
 * must keep the shape contract of its key (how many atoms, which atom is the
 * nitrogen or the attachment, which atoms are bonded), so the planner never
 * indexes a match past what the contract guarantees.
 *
 * All strings and arrays belong to the dzp_rules and live until
 * dzp_rules_free().  A loaded rule set is read-only and may be shared by
 * threads.
 */
#ifndef DZP_RULES_H
#define DZP_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dzp/mol.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A [lo, hi] range; hi == lo for a single value.  `set` is false when the
 * YAML gave null or nothing. */
typedef struct {
    double lo, hi;
    bool set;
} dzp_range;

typedef enum { DZP_SEV_INFO = 0, DZP_SEV_WARNING = 1, DZP_SEV_CRITICAL = 2 } dzp_severity;

/* "info" / "warning" / "critical" */
const char *dzp_severity_name(dzp_severity s);

/* What a transformation does to the ring nitrogen (the planner's three
 * kinds of step); each step kind of vocabulary.yaml has one. */
typedef enum {
    DZP_TK_PROTECT,      /* shape: protect     - installs `pg` */
    DZP_TK_DEPROTECT,    /* shape: deprotect   - removes `pg` */
    DZP_TK_INSTALL,      /* shape: install     - installs a group matched by `installs` */
    DZP_TK_UNMASK        /* shape: unmask      - reveals a masked group on a side chain (masks.yaml) */
} dzp_tkind;

/* What an install step does to a configuration at the carbon that bonds to
 * the nitrogen (a transformation's `stereo`). */
typedef enum {
    DZP_STEREO_NONE = 0,  /* no `stereo`: the step cannot set a configuration there */
    DZP_STEREO_INVERTS    /* SN2: the reagent's carbon is inverted (Walden inversion) */
} dzp_stereo_mode;

/* A set of condition classes: bit i is the i-th class of vocabulary.yaml. */
typedef uint64_t dzp_class_set;
#define DZP_MAX_CONDITION_CLASSES 64

/* vocabulary.yaml
 *
 * vocabulary:
 *   condition_classes:                  # what a step's conditions are (at most 64)
 *     - {name: acid, means: "..."}
 *   step_kinds:                         # route-json.md's step kinds
 *     - {name: reductive_amination, shape: install, means: "..."}
 *   reagent_roles:
 *     - {name: reductant, scales_with_both: true, means: "..."}
 *   severities:                         # exactly info, warning, critical, in that order
 *     - {name: critical, means: "..."}
 *   planner_flags:                      # flag ids the planner raises by itself
 *     regioselectivity: regioselectivity
 *   n_types:                            # what a nitrogen is (scaffold.yaml perceives it;
 *     - {name: amide, means: "..."}     #   transformations' applies_to name them); amine
 *                                       #   is required: it is applies_to's default
 */
typedef struct {
    const char *name;
    const char *means;
} dzp_condition_class;

typedef struct {
    const char *name;
    const char *shape_name;
    dzp_tkind shape;
    const char *means;
} dzp_step_kind;

typedef struct {
    const char *name;
    bool scales_with_both;     /* its equivalents double when both N react in one step */
    const char *means;
} dzp_reagent_role;

typedef struct {
    const char *name;
    const char *means;
} dzp_severity_word;

/* A kind of nitrogen: amine, amide, carbamate, ... */
typedef struct {
    const char *name;
    const char *means;
} dzp_n_type_word;

/* The n type a protect or install step acts on when its rule has no
 * applies_to; vocabulary.yaml must declare it. */
#define DZP_DEFAULT_N_TYPE "amine"

typedef struct {
    const char *regioselectivity;  /* raised on a step that relies on N1/N4 selectivity */
} dzp_planner_flags;

typedef struct {
    dzp_condition_class *condition_classes;
    size_t n_condition_classes;
    dzp_step_kind *step_kinds;
    size_t n_step_kinds;
    dzp_reagent_role *reagent_roles;
    size_t n_reagent_roles;
    dzp_severity_word *severities;
    size_t n_severities;
    dzp_planner_flags planner_flags;
    dzp_n_type_word *n_types;
    size_t n_n_types;
} dzp_vocabulary;

/* scaffold.yaml
 *
 * scaffold:
 *   ring: "<SMARTS, 7 atoms in ring order N1 C2 C3 N4 C5 C6 C7>"
 *   lookalikes:                        # tried, in order, when no ring matches
 *     - name: piperazine
 *       smarts: "..."
 *       message: "a piperazine (six-membered 1,4-diamine ring)"
 *   n_types:                           # what each ring N is: the first match with atom 0 on
 *     - {type: sulfonamide, smarts: "[#7][SX4](=O)=O"}   # that N wins; the last entry is
 *     - {type: amine, smarts: "[#7]"}  #   the catch-all amine (one atom)
 */
typedef struct {
    const char *name;
    const char *smarts_text;
    dzp_smarts *smarts;
    const char *message;
} dzp_lookalike;

typedef struct {
    const char *type;          /* a vocabulary n type (borrowed from the vocabulary) */
    const char *smarts_text;
    dzp_smarts *smarts;        /* atom 0 is the nitrogen */
} dzp_n_type_rule;

typedef struct {
    const char *ring_text;
    dzp_smarts *ring;
    dzp_lookalike *lookalikes;
    size_t n_lookalikes;
    dzp_n_type_rule *n_types;  /* in order: the first match wins, the last is the catch-all */
    size_t n_n_types;
} dzp_scaffold_rules;

/* protecting_groups.yaml
 *
 * protecting_groups:
 *   - name: Boc
 *     long_name: tert-butoxycarbonyl
 *     smarts: "[#7]C(=O)OC([CH3])([CH3])[CH3]"  # atom 0: the protected N; atom 1: the atom bonded to it
 *     cleavage: acid                           # condition class of its removal
 *     labile_as: [Boc carbamate]               # functional groups that carry its lability
 *     preference: 0                            # lower wins when routes tie
 *     source: 001_4f58cb2ccb78ed93.txt
 *
 * A nitrogen carries the group when the SMARTS matches with atom 0 on that
 * N and the matched atoms are exactly that N's whole substituent.
 */
typedef struct {
    const char *name;
    const char *long_name;
    const char *smarts_text;
    dzp_smarts *smarts;
    const char *cleavage;
    dzp_class_set cleavage_class;   /* the one bit of `cleavage` */
    const char **labile_as;         /* functional_groups.yaml names */
    size_t n_labile_as;
    double preference;
    const char *source;
} dzp_pg;

/* How a reagent is sold and measured out (a `form` block; see
 * src/rules_amounts.c).  state is NULL when the rules say nothing: the
 * reagent is then weighed as a solid by the mass of its SMILES. */
typedef struct {
    const char *state;       /* solid, liquid, solution, gas, supported_catalyst */
    double density;          /* g/mL of a neat liquid, or of a solution given by wt% */
    double molarity;         /* mol/L of a solution given by molarity; 0 when not */
    double wt_percent;       /* of a solution, or the metal loading of a supported catalyst */
    const char *solution;    /* as sold, e.g. "37 wt% in water"; NULL when not a solution */
    double mw;               /* g/mol for a reagent without a usable SMILES (a precatalyst) */
} dzp_form;

/* A reagent line of a transformation.
 *
 *   - role: reductant            # electrophile nucleophile reductant catalyst ligand base acid additive solvent
 *     name: sodium triacetoxyborohydride (STAB)
 *     smiles: "..."              # optional (null for e.g. a precatalyst without a clean SMILES)
 *     equiv: 1.5                 # optional; null for solvents
 */
typedef struct {
    const char *role;
    const dzp_reagent_role *role_word;  /* its vocabulary entry */
    const char *name;
    const char *smiles;        /* as written; NULL when absent */
    char *canonical;           /* canonical SMILES, NULL when no smiles */
    double equiv;
    bool has_equiv;
    dzp_form form;             /* as this step uses it; state NULL: reagents.yaml's, if any */
    bool cosolvent;            /* used in such excess that it is part of the solvent: the
                                  amounts give its % v/v */
} dzp_reagent_rule;

/* The conditions block of a transformation (route-json.md's "conditions"). */
typedef struct {
    const char *solvent;
    dzp_range temperature_c;
    dzp_range time_h;
    double concentration_m;
    bool has_concentration;
    const char *atmosphere; /* air, N2 or Ar */
} dzp_conditions;

/* transformations.yaml
 *
 * transformations:
 *   - id: reductive_amination_aldehyde
 *     kind: reductive_amination           # a step kind of route-json.md
 *     name: Reductive amination (aldehyde)
 *     pg: null                            # protect/deprotect: the protecting group's name
 *     installs: "[*][CH2][#6]"            # install kinds: SMARTS on the new N-substituent written
 *                                         #   with '*' at the attachment; atom 0 = '*', atom 1 bonds to N
 *     disconnect: {element: O, order: 2}  # install kinds: the key reagent is the substituent with its
 *                                         #   '*' turned into this atom, bonded with this order;
 *                                         #   or {addition: true}: the substituent without its '*',
 *                                         #   with the bond installs atoms 1-2 raised one order
 *                                         #   (isocyanate, Michael acceptor); the N then adds across
 *                                         #   reactive atoms 0=1 and atom 1 takes the N's H
 *                                         #   or {leaving_group: "*OS(C)(=O)=O"}: the '*' becomes that
 *                                         #   group (SMILES with one '*'), its atom bonded to '*' leaving
 *                                         #   with geminal_group: "*OCC" beside an element or
 *                                         #   leaving_group: installs atom 1 also carries that group
 *                                         #   in place of one H; the step cuts it off and gives the H back
 *                                         #   or {ring_opening: true}: installs atom 3 (bonded to atom 2)
 *                                         #   closes a ring onto atom 1; the N opens that bond and
 *                                         #   reactive atom 1 takes the N's H (an epoxide)
 *     key_reagent:                        # protect: a fixed reagent; install kinds: the derived one
 *       role: electrophile
 *       name: null                        # fixed name, or null to look the SMILES up in reagents.yaml
 *       smiles: null                      # protect: the reagent's SMILES; install kinds: null (derived)
 *       reactive: "[CX3]=[OX1]"           # atom 0 bonds to N; the bond 0-1 breaks and atom 1's side leaves
 *       equiv: 1.1                        # one free N, the other blocked
 *       mono_equiv: 0.9                   # one of two equivalent free N (statistical)
 *       both_equiv: 2.5                   # both N at once
 *     reagents: [<reagent lines>]         # everything else: reductant, catalyst, base, solvent...
 *     conditions: {solvent: DCE, temperature_c: [20, 25], time_h: [2, 12], concentration_m: 0.1, atmosphere: N2}
 *     workup: "Quench with saturated NaHCO3, ..."
 *     condition_classes: [hydride, mild_acid]   # what these conditions are, for lability checks
 *     cost: 1.0                           # base score of the step
 *     mono_penalty: 2.0                   # added when it must pick one of two equivalent free N
 *     both: true                          # may act on both equivalent free N in one step
 *     flags: [silica_tailing]             # side reactions always raised on this step
 *     mono_flags: [over_alkylation]       # raised when one of two equivalent free N must react
 *     both_flags: []                      # raised when acting on both N at once
 *     applies_to: [amine]                 # protect/install: the n types of the free N it acts
 *                                         #   on (default [amine]); deprotect: not allowed
 *     competing: []                       # n types of the other free ring N that react with the
 *                                         #   reagent too, though the rule does not act on them
 *     stereo: inverts                     # optional, install kinds with a leaving atom: the step
 *                                         #   inverts the reagent's carbon bonded to N (SN2), so it
 *                                         #   can make a configuration the target gives there
 *     bulky_reagent: "*"                  # key reagents bulky enough to tell a hindered N from an
 *                                         #   unhindered one; absent: the reagent does not, and
 *                                         #   a free unsymmetric diamine needs the other N blocked
 *     mono_workup: "..."                  # the workup when one of two free N reacts (acid-base)
 *     source: 004_1f04d0c6e2edd4ce.txt
 */
typedef struct {
    const char *role;
    const dzp_reagent_role *role_word;
    const char *name;
    const char *class_name;    /* what a derived reagent is ("aryl bromide"): with its
                                  formula, the name of a reagent reagents.yaml does not name */
    const char *smiles;
    char *canonical;
    const char *reactive_text;
    dzp_smarts *reactive;
    dzp_mol *mol;              /* parsed smiles (protect), NULL for derived reagents */
    double equiv, mono_equiv, both_equiv;
} dzp_key_reagent;

typedef struct {
    const char *id;
    const char *kind;          /* step kind string as in route-json.md */
    dzp_tkind tkind;           /* the shape vocabulary.yaml gives the kind */
    const char *name;
    const char *pg_name;       /* protect/deprotect */
    const dzp_pg *pg;          /* resolved at load time */
    const char *installs_text; /* install kinds */
    dzp_smarts *installs;
    int disconnect_element;    /* atomic number; 0 when none */
    int disconnect_order;
    bool disconnect_addition;  /* the N adds across the reagent: no leaving atom (see below) */
    const char *leaving_group_text; /* disconnect.leaving_group as written, or NULL */
    dzp_mol *leaving_group;    /* parsed, one '*' (atom leaving_group_dummy) */
    int leaving_group_dummy;
    bool disconnect_ring_opening; /* the N opens a 3-ring: installs atom 3 closes it onto atom 1 */
    const char *geminal_group_text; /* disconnect.geminal_group as written, or NULL */
    dzp_mol *geminal_group;    /* that group with its '*' made a hydrogen */
    int geminal_group_head;    /* its atom that bonds to installs atom 1 */
    dzp_key_reagent key;       /* role NULL for deprotect, which has none */
    bool has_key;
    dzp_reagent_rule *reagents;
    size_t n_reagents;
    dzp_conditions conditions;
    const char *workup;
    const char *mono_workup;   /* the workup when one of two free N reacts, or NULL */
    const char **condition_classes;
    size_t n_condition_classes;
    dzp_class_set condition_set; /* the same, as bits */
    dzp_range yield;           /* expected yield, fractions of the theoretical amount */
    double cost;
    double mono_penalty;
    bool both;
    const char **flags;
    size_t n_flags;
    const char **mono_flags;
    size_t n_mono_flags;
    const char **both_flags;
    size_t n_both_flags;
    const char **applies_to;   /* n types (vocabulary's strings) it acts on; deprotect: none */
    size_t n_applies_to;
    const char **competing;    /* n types of the other free N that compete for its reagent */
    size_t n_competing;
    const char *stereo_text;   /* `stereo` as written, or NULL */
    dzp_stereo_mode stereo;    /* what the step does to a configuration at the bonding carbon */
    const char *bulky_reagent_text;
    dzp_smarts *bulky_reagent; /* key reagents that feel ring hindrance, or NULL: none does */
    const char *source;
} dzp_transformation;

/* functional_groups.yaml
 *
 * functional_groups:
 *   - name: dimethyl acetal
 *     smarts: "[CX4]([OX2][#6])[OX2][#6]"
 *     requires: null                 # optional SMARTS that must also match the molecule
 *     requires_before: null          # optional SMARTS that must match the step's starting material
 *     labile_to:
 *       - conditions: acid           # a condition class, or "any"
 *         flag: acid_labile_collateral
 *         severity: critical         # critical rejects the step; warning/info flag it
 *     source: general
 */
typedef struct {
    const char *conditions;
    dzp_class_set condition_set;  /* its bit; every bit for "any" */
    const char *flag;
    dzp_severity severity;
} dzp_lability;

typedef struct {
    const char *name;
    const char *smarts_text;
    dzp_smarts *smarts;
    const char *requires_text;
    dzp_smarts *requires;      /* NULL when absent */
    const char *requires_before_text;
    dzp_smarts *requires_before; /* must match the step's starting material, or NULL */
    dzp_lability *labile_to;
    size_t n_labile_to;
    dzp_class_set labile_classes; /* every labile_to's condition classes together (at load) */
    const char *source;
} dzp_fgroup;

/* side_reactions.yaml
 *
 * side_reactions:
 *   - id: over_alkylation
 *     severity: warning
 *     message: "..."
 *     mitigation: "..."
 *     unless_reagent: null       # optional SMARTS: rules' flag lists skip it for matching reagents
 *     source: 004_1f04d0c6e2edd4ce.txt
 */
typedef struct {
    const char *id;
    dzp_severity severity;
    const char *message;
    const char *mitigation;
    const char *unless_reagent_text;
    dzp_smarts *unless_reagent; /* a rule's flag lists skip it for key reagents matching this */
    const char *source;
} dzp_side_reaction;

/* reagents.yaml
 *
 * reagents:
 *   - name: benzaldehyde
 *     smiles: "O=Cc1ccccc1"
 */
typedef struct {
    const char *name;
    const char *smiles;
    char *canonical;
    dzp_form form;             /* as usually bought; state NULL when not given */
} dzp_named_reagent;

/* planner.yaml (every key is required: the planner has no defaults of its own)
 *
 * planner:
 *   warning_cost: 0.2        # added per warning flag
 *   info_cost: 0.0
 *   regio_selective_penalty: 0.3    # the less hindered of two free N reacts
 *   regio_unselective_penalty: 3.0  # two free N, not equivalent, equally hindered
 *   max_steps: 6
 *   max_alternatives: 5
 *   bound_margin: 2.0        # partial routes this far above the best are dropped
 *   selective_equiv: 0.95    # key reagent equivalents when a bulky reagent picks the less
 *                            #   hindered of two free N (no excess of either partner)
 *   stock_preference: 0.5    # with --stock: taken off the cost of a step whose key
 *                            #   reagent is in stock, so a stock form wins
 *   excess_substrates: [C1CNCCNC1]  # diamines cheap enough to use in excess for a statistical
 *                            #   mono step; on any other, the mono step takes selective_equiv
 *   route_flags:             # flags raised on the whole route
 *     - {flag: silica_tailing, when: target_has_free_nh, detail: null}
 *   install_hints:           # why no rule installs a group: first match wins
 *     - {smarts: "[#0][C;H0]", hint: "..."}
 *   install_hint_default: "..."
 */
typedef enum {
    DZP_WHEN_STEP_FLAG,         /* some step of the route carries the same flag */
    DZP_WHEN_TARGET_FREE_NH,    /* the target keeps a free ring N-H (and there is a step) */
    DZP_WHEN_RING_STEREOCENTRE_FORMED /* a ring carbon becomes a stereocentre (unspecified) */
} dzp_route_trigger;

typedef struct {
    const char *flag;
    const char *when;
    dzp_route_trigger trigger;
    const char *detail;        /* appended to the flag's message, or NULL */
} dzp_route_flag_rule;

typedef struct {
    const char *smarts_text;   /* on the substituent: atom 0 the '*' attachment */
    dzp_smarts *smarts;
    const char *hint;
} dzp_install_hint;

typedef struct {
    double warning_cost;
    double info_cost;
    double regio_selective_penalty;
    double regio_unselective_penalty;
    int max_steps;
    int max_alternatives;
    double bound_margin;
    double selective_equiv;
    double stock_preference;
    const char **excess_substrates; /* canonical SMILES */
    size_t n_excess_substrates;
    dzp_route_flag_rule *route_flags;
    size_t n_route_flags;
    dzp_install_hint *install_hints;
    size_t n_install_hints;
    const char *install_hint_default;
} dzp_planner_rules;

/* reagent_validity.yaml
 *
 * reagent_validity:
 *   - name: cyclopropanone
 *     smarts: "O=[#6;r3]"          # matched on a derived reagent: a match refuses that form
 *     requires: null               # optional SMARTS that must also match the reagent
 *     min_matches: 1               # optional: the smarts must match this many times (distinct atoms)
 *     stereocentre: null           # optional pattern atom that must be a specified stereocentre
 *     kinds: [reductive_amination] # optional step kinds it applies to; every kind when absent
 *     reason: "..."                # one sentence: why the reagent cannot be used
 *     source: general
 */
typedef struct {
    const char *name;
    const char *smarts_text;
    dzp_smarts *smarts;
    const char *requires_text;
    dzp_smarts *requires;      /* NULL when absent */
    int min_matches;           /* 0 when absent (= 1) */
    int stereocentre;          /* pattern atom index + 1; 0 when absent */
    const char **kinds;        /* step kind names; NULL (n_kinds 0) for every kind */
    size_t n_kinds;
    const char *reason;
    const char *source;
} dzp_reagent_validity;

/* masks.yaml: a group of the target's substituent that would destroy its
 * own reagent or another step, installed in a masked form and revealed by
 * a later step.
 *
 *   - id: amine_as_boc
 *     group: "free primary or secondary amine"   # what is masked (JSON masked.group)
 *     as: "N-Boc carbamate"                      # the masked form (JSON masked.as)
 *     free: "[NX3;H2,H1;...]"     # SMARTS on the target's group: atoms 0..replaces-1 are replaced
 *     replaces: 1
 *     masked: "NC(=O)OC(C)(C)C"   # SMILES replacing them; atom 0 takes atom 0's outside bonds
 *     masked_smarts: "..."        # finds the masked form on a molecule: every atom is replaced
 *     unmasked: "N"               # SMILES the masked form becomes; atom 0 takes the bonds
 *     unmask: unmask_boc_amine    # the transformation (kind with shape unmask) that reveals it
 *     source: "..."
 */
typedef struct {
    const char *id;
    const char *group;
    const char *as;
    const char *free_text;
    dzp_smarts *free;
    int replaces;              /* 0 when absent (= 1) */
    const char *masked_text;
    dzp_mol *masked;
    const char *masked_smarts_text;
    dzp_smarts *masked_smarts;
    const char *unmasked_text;
    dzp_mol *unmasked;
    const char *unmask_id;
    const dzp_transformation *unmask_rule; /* resolved at load */
    const char *source;
} dzp_mask;

/* sources.yaml: a document the rules cite, by the id their `source:` texts use. */
typedef struct {
    const char *id;            /* e.g. the seed file "001_4f58cb2ccb78ed93.txt" */
    const char *title;
    const char *publisher;
    double year;
} dzp_source;

typedef struct dzp_rules {
    char *dir;
    char sha256[65];           /* SHA-256 over the rule files' bytes, in load order (hex) */
    dzp_vocabulary vocabulary;
    dzp_scaffold_rules scaffold;
    dzp_pg *pgs;
    size_t n_pgs;
    dzp_transformation *transformations;
    size_t n_transformations;
    dzp_fgroup *fgroups;
    size_t n_fgroups;
    dzp_side_reaction *side_reactions;
    size_t n_side_reactions;
    dzp_named_reagent *named_reagents;
    size_t n_named_reagents;
    dzp_planner_rules planner;
    dzp_reagent_validity *validity;
    size_t n_validity;
    dzp_mask *masks;
    size_t n_masks;
    dzp_source *sources;
    size_t n_sources;
    void *arena;               /* private: owns every string and array above */
} dzp_rules;

/* Load the rule set in `dir` (NULL: the default, see dzp_rules_default_dir).
 * On error returns DZP_EINVAL (content, with file:line:column) or DZP_EIO
 * (a file missing or unreadable) and *out is untouched. Cross references
 * are checked too: a transformation's pg must name a protecting group, and
 * every flag id named anywhere must exist in side_reactions.yaml. */
int dzp_rules_load(dzp_rules **out, const char *dir);
void dzp_rules_free(dzp_rules *rules);

/* The default rules directory: $DZP_RULES if set and not empty, else the
 * source rules named by the build tree's record next to the running program
 * (a build run in place), else the installed rules relative to the running
 * program (../share/dzp-plan/rules), so a moved install tree finds its own.
 * NULL when there is none, with dzp_error_last() naming where it looked.
 * Borrowed string, valid until the next call on this thread.  See
 * src/rules_locate.c. */
const char *dzp_rules_default_dir(void);

/* Look-ups; NULL when absent.  Borrowed pointers into rules. */
const dzp_pg *dzp_rules_pg(const dzp_rules *rules, const char *name);
const dzp_side_reaction *dzp_rules_side_reaction(const dzp_rules *rules, const char *id);
/* The name reagents.yaml gives a canonical SMILES, or NULL. */
const char *dzp_rules_reagent_name(const dzp_rules *rules, const char *canonical_smiles);

/* A source text with every declared source id replaced by "Title
 * (Publisher, year)", malloc'd (the caller frees it); NULL when out of
 * memory or text is NULL. */
char *dzp_rules_cite(const dzp_rules *rules, const char *text);

/* The form reagents.yaml gives a canonical SMILES (how it is usually
 * bought), or NULL when it gives none. */
const dzp_form *dzp_rules_reagent_form(const dzp_rules *rules, const char *canonical_smiles);
/* The functional group called name, or NULL. */
const dzp_fgroup *dzp_rules_fgroup(const dzp_rules *rules, const char *name);
/* Why `reagent`, derived by install rule `rule`, cannot be used: the
 * first entry of reagent_validity.yaml that applies to the rule's kind and
 * matches it, or NULL when the reagent is usable.  Never fails. */
const dzp_reagent_validity *dzp_rules_reagent_refusal(const dzp_rules *rules,
                                                      const dzp_transformation *rule,
                                                      const dzp_mol *reagent);
/* The vocabulary entry of a reagent role, or NULL. */
const dzp_reagent_role *dzp_rules_role(const dzp_rules *rules, const char *name);
/* Does transformation t act on a free nitrogen of n type `n_type`?  (Its
 * applies_to, which defaults to DZP_DEFAULT_N_TYPE.)  False for NULL. */
bool dzp_transformation_applies_to(const dzp_transformation *t, const char *n_type);
/* Does the other free nitrogen, of n type `n_type`, compete for t's reagent
 * although t does not act on it (t's competing list)?  False for NULL. */
bool dzp_transformation_competing(const dzp_transformation *t, const char *n_type);
/* The set holding condition class `name`; every class for "any"; 0 when
 * the class is not in the vocabulary. */
dzp_class_set dzp_rules_class_set(const dzp_rules *rules, const char *name);

#ifdef __cplusplus
}
#endif
#endif
