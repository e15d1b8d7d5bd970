/*
 * plan_internal.h - the route planner's private vocabulary, shared by the
 * src/plan*.c files only (never installed, never included elsewhere).
 *
 * How a route is found, and where each part lives:
 *
 *   plan.c            the public entry points: map the substrate's ring onto
 *                     the target's, run one search per pairing of nitrogens
 *   plan_disconnect.c what each nitrogen needs (keep, deprotect, install a
 *                     group) and the reagents that can install each group
 *   plan_search.c     the depth-first walk over step sequences, and the cache
 *                     of molecules (search states) met on the way
 *   plan_store.c      the batch's store of search states, shared across plans
 *   plan_mask.c       masked building blocks: a side-chain group masked for
 *                     planning, and revealed by an unmask step
 *   plan_edit.c       one step applied to a molecule by graph edits
 *   plan_stereo.c     a configuration at the carbon bonded to the nitrogen:
 *                     which rules set it, and the reagent that gives it
 *   plan_judge.c      whether a step is acceptable, and what it costs:
 *                     selectivity between the nitrogens, lability of the
 *                     product's functional groups, side-reaction flags
 *   plan_rebuild.c    the chosen route re-applied from the substrate,
 *                     verified, and written into the plan's steps
 *   plan_rank.c       the winner among all routes found, the alternatives
 *                     and why each lost
 *   plan_policy.c     the planner's policy as the rules state it (flags, hints)
 *   plan_scale.c      reagent amounts for a chosen scale
 *   plan_util.c       strings, status and out-of-memory messages, site names
 *
 * Words used throughout: a "site" is one of the ring nitrogens N1 / N4; the
 * "substrate" is the molecule we start from; a "group" or "substituent" is
 * what sits on a nitrogen; an "option" is one rule together with the reagent
 * it would use; a "state" is a molecule along the search, known by which
 * group sits on each nitrogen.
 */
#ifndef DZP_PLAN_INTERNAL_H
#define DZP_PLAN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "dzp/plan.h"

/* ---- planner constants -------------------------------------------------------- */

/* The "best score so far" before any route is complete (partial routes
 * more than planner.bound_margin above the best are not followed). */
#define PLAN_NO_BEST_SCORE 1e9
/* The source of a flag the rules give none for. */
#define PLAN_GENERAL_SOURCE "general organic chemistry (textbook knowledge, no single source)"

/* Scores closer than this are a tie. */
#define PLAN_SCORE_TIE 1e-9

/* ---- the two nitrogens ------------------------------------------------------------ */

/* A ring nitrogen, as an index into dzp_scaffold.site[] and the goal/need arrays. */
typedef enum { SITE_N1 = 0, SITE_N4 = 1 } site_index;
#define N_SITES 2

/* Which nitrogens one step acts on. */
typedef enum {
    SITES_N1 = 1,
    SITES_N4 = 2,
    SITES_BOTH = SITES_N1 | SITES_N4
} site_mask;

static inline site_index other_site(site_index site)
{
    return site == SITE_N1 ? SITE_N4 : SITE_N1;
}

static inline site_mask site_bit(site_index site)
{
    return site == SITE_N1 ? SITES_N1 : SITES_N4;
}

static inline bool acts_on(site_mask sites, site_index site)
{
    return (sites & site_bit(site)) != 0;
}

/* Positions round the ring, in dzp_scaffold.ring order. */
enum { RING_N1, RING_C2, RING_C3, RING_N4, RING_C5, RING_C6, RING_C7, RING_SIZE };

/* Where the ring atoms sit in one molecule of the search (atom indices
 * change with every edit, so each state carries its own copy). */
typedef struct {
    int atom[RING_SIZE];
} ring_atoms;

/* ---- options: a rule plus the reagent it uses ------------------------------------ */

typedef struct reagent_option_s {
    const dzp_transformation *rule;
    dzp_mol *reagent;        /* owned */
    int bonding_atom;        /* reagent atom that bonds to the nitrogen */
    int leaving_atom;        /* its neighbour that leaves with the rest of its side; in
                                an addition, the neighbour that takes the N's hydrogen */
    int geminal_atom;        /* with a rule's geminal_group: its atom on the bonding
                                atom, cut off by the step (the bonding atom takes an H) */
    char *smiles;            /* canonical reagent SMILES, once named (plan_option_named) */
    const char *name;        /* borrowed display name, or NULL (use the SMILES) */
    bool named;              /* smiles and name are filled: only a reagent a route or a
                                message shows is canonicalized */
    const dzp_mask *mask;    /* the group it installs carries this mask, or NULL */
    bool in_stock;           /* the search's stock holds the reagent */
    dzp_substitution *prepared; /* the reagent's side of its substitution, prepared on
                                   first use (plan_option_substitution); owned like reagent */
    bool borrowed;           /* reagent and smiles belong to the batch's store... */
    struct reagent_option_s *origin; /* ...whose own copy this is (named through it) */
} reagent_option;

/* What deriving one install rule's reagent for one group gave, as the
 * batch's store keeps it: the same group recurs across a series. */
typedef struct {
    int applies;                          /* 1: the rule makes the group; 0: it does not */
    reagent_option option;                /* with applies: the option (owns its reagent) */
    const dzp_reagent_validity *refused;  /* with applies: why its reagent cannot be used,
                                             or NULL */
} derived_option;

/* ---- what each nitrogen needs ----------------------------------------------------- */

/* A reagent an install rule derived and reagent_validity.yaml refused. */
typedef struct {
    const dzp_transformation *rule;
    char *smiles;                        /* canonical reagent SMILES (owned) */
    const char *name;                    /* borrowed display name, or NULL */
    const dzp_reagent_validity *why;     /* the entry that refused it */
} refused_form;

typedef struct {
    bool keep;                   /* already as in the target */
    bool final_nh;               /* the target has a free N-H here */
    const dzp_pg *substrate_pg;  /* the substrate's protecting group to remove, or NULL */
    const char *group;           /* the target's group, canonical SMILES, or NULL */
    reagent_option *options;     /* ways to install the target's group (grown; */
    int n_options, cap_options;  /*  complete before the walk, so steps may point in) */
    refused_form *refused;       /* derived reagents that cannot be used (grown) */
    int n_refused, cap_refused;
    char *why_not;               /* why this nitrogen cannot reach its goal, or NULL */
    bool permanent_mismatch;     /* why_not: a permanent substituent is in the way (a sign
                                    the nitrogens were paired the wrong way round) */
} site_need;

/* ---- search states ------------------------------------------------------------------ */

/* How far one nitrogen has come, in a search state. */
typedef enum {
    NITROGEN_SUBSTRATE_PG,   /* still carries the substrate's protecting group */
    NITROGEN_FREE,           /* a free N-H that still needs a group */
    NITROGEN_TEMP_PG,        /* carries a temporary protecting group */
    NITROGEN_MASKED,         /* carries the target's group with a masked side-chain group */
    NITROGEN_DONE            /* as in the target */
} nitrogen_progress;

/* What identifies a state: two states with equal keys hold the same molecule. */
typedef struct {
    nitrogen_progress progress[N_SITES];
    const dzp_pg *temp_pg[N_SITES];      /* NITROGEN_TEMP_PG: which group */
    const dzp_mask *mask[N_SITES];       /* NITROGEN_MASKED: which mask */
} state_key;

/* One match of a functional group in a state's molecule. */
typedef struct {
    int fgroup;      /* index into rules->fgroups */
    int *atoms;      /* matched atoms */
    int n_atoms;
} fgroup_hit;

/* A molecule met by the search.  What it is in one search (its state_key)
 * is kept beside it (state_ref), because a state kept in the batch's store
 * serves searches for other targets, where the same molecule may have
 * another key. */
typedef struct {
    dzp_mol *mol;
    ring_atoms ring;
    fgroup_hit *hits;
    int n_hits;
    char *fgroup_known;      /* per functional group, what is known of it here (lazily):
                                FGROUP_MATCHED its hits are in hits; FGROUP_BEFORE_KNOWN
                                its requires_before was matched, FGROUP_BEFORE_MATCHES
                                and it matched */
    bool in_stock;           /* the search's stock holds this molecule (never the substrate) */
    char *smiles;            /* with in_stock: its canonical SMILES, else NULL */
    bool has_info;           /* info and info_ring are filled (plan_rebuild.c, lazily) */
    dzp_molecule_info info;  /* its canonical SMILES, formula and weight */
    int info_ring[RING_SIZE]; /* its ring atoms in the molecule info.smiles reads as */
} search_state;

enum { FGROUP_MATCHED = 1, FGROUP_BEFORE_KNOWN = 2, FGROUP_BEFORE_MATCHES = 4 };

/* A state as one search knows it. */
typedef struct {
    state_key key;
    search_state *state;
    bool owned;              /* freed with the search; else the batch's store holds it */
} state_ref;

/* ---- routes --------------------------------------------------------------------------- */

/* One step of a candidate route. */
typedef struct {
    const dzp_transformation *rule;
    site_mask sites;
    const reagent_option *option; /* install or protect: the reagent, else NULL */
    const dzp_pg *pg;             /* protect/deprotect: the group */
    bool temporary;               /* a temporary protecting group, taken off later */
    const dzp_mask *mask;         /* install: the masked group it puts on; unmask: what it
                                     reveals; else NULL */
} route_step;

/* A route the search finished: complete, or cut short by a rejected step. */
typedef struct {
    route_step *steps;       /* owned */
    int n_steps;
    double score;
    char *rejected;          /* why the last step is unacceptable; NULL when complete */
    int pairing;             /* which pairing of nitrogens it belongs to */
    const search_state *start; /* a stock state the steps start from, or NULL: the substrate */
    state_key start_key;     /* with start: its key */
    int bought;              /* with start: the steps from the substrate that made it */
} route;

/* A reagent pattern's answer on one reagent molecule, remembered for the
 * search (both live as long as it): the same reagent is judged at every
 * state the step is tried from. */
typedef struct {
    const dzp_smarts *pattern;
    const dzp_mol *reagent;
    bool matches;
} reagent_match;

/* What the walk keeps of a step's verdict (plan_judge_known): the same step
 * from the same state is met again along other orders of steps, and its
 * verdict depends on neither path. */
typedef struct {
    state_key in_key;
    const search_state *in;
    route_step step;
    double cost;
    char *reject;            /* owned; NULL when acceptable */
    bool used;               /* the slot holds an entry */
} known_verdict;

/* One search: one pairing of substrate and target nitrogens.
 *
 * Nothing here has a fixed capacity: the arrays grow as needed.  The
 * walk's size is bounded by the rules (planner.max_steps) and by the walk
 * itself: each nitrogen is at most deprotected, temporarily protected,
 * deprotected again and given its group, so no route exceeds eight steps
 * and the states are the few combinations of what sits on each nitrogen. */
typedef struct {
    const dzp_rules *rules;
    const dzp_scaffold *substrate;
    const dzp_scaffold *target;
    const dzp_stock *stock;       /* building blocks at hand, or NULL */
    dzp_state_store *store;       /* states shared with other plans, or NULL */
    int pairing;                  /* which of the two pairings plan.c tried: 0 first */
    bool n1_becomes_n4;           /* this pairing takes substrate N1 to target N4 */
    site_need need[N_SITES];
    reagent_option *temp_options; /* one protect option per protecting group */
    int n_temp_options, cap_temp_options;
    state_ref *states;            /* each state malloc'd, so pointers stay valid; [0] is the
                                     substrate */
    int n_states, cap_states;
    route *routes;
    int n_routes, cap_routes;
    double best;                  /* best complete score so far */
    route_step *path;             /* the steps from the substrate to the current state */
    int depth, cap_path;
    double path_score;            /* of the steps since path_start */
    int path_start;               /* path steps before it are bought (a stock state) */
    const search_state *start;    /* that stock state, or NULL */
    state_key start_key;          /* with start: its key */
    int error;                    /* first error met; stops the walk */
    reagent_match *reagent_matches; /* plan_judge.c's memo (grown) */
    int n_reagent_matches, cap_reagent_matches;
    known_verdict *verdicts;      /* plan_judge.c's verdicts met (a hash table) */
    int n_verdicts, cap_verdicts; /* cap a power of two, or 0 */
} search;

/* ---- judging a step --------------------------------------------------------------------- */

/* How many equivalents of the key reagent a step uses. */
typedef enum {
    EQUIV_SINGLE = 0,        /* one free nitrogen, the other blocked or clearly less reactive */
    EQUIV_STATISTICAL = 1,   /* one of two free nitrogens that react alike */
    EQUIV_BOTH = 2,          /* both nitrogens at once */
    EQUIV_SELECTIVE = 3      /* one of two free nitrogens, the less hindered, by a bulky reagent */
} equiv_mode;

#define NO_FGROUP (-1)
#define NO_SITE (-1)

/* A side-reaction flag raised on a step. */
typedef struct {
    const char *id;
    dzp_severity severity;
    int fgroup;              /* functional group behind it, or NO_FGROUP */
    int regio_site;          /* regioselectivity: the nitrogen that reacts, or NO_SITE */
} step_flag;

typedef struct {
    step_flag *flags;        /* owned; plan_verdict_clear() frees */
    int n_flags, cap_flags;
    double cost;
    equiv_mode equiv;
    char *reject;            /* malloc'd reason when the step is not acceptable */
} verdict;

/* ---- functions shared between the plan files ------------------------------------------- */

/* plan_util.c */
/* NULL for NULL, or when out of memory. */
char *plan_strdup(const char *s);
char *plan_printf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Sets the message "out of memory <what>" and returns DZP_ENOMEM. */
int plan_oom(const char *what);
void *plan_grow(void *items, int *cap, int need, size_t size, const char *what);
const char *plan_site_name(site_index site);  /* "N1" or "N4" */
const char *plan_sites_name(site_mask sites); /* "N1", "N4" or "N1,N4" */
int plan_set_status(dzp_plan *plan, dzp_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* plan_disconnect.c */
void plan_option_clear(reagent_option *option);
/* Fill the option's canonical SMILES and display name if not yet done
 * (through the store's copy when borrowed, so it is done once a batch).
 * Returns 0, or a negative dzp_error (the option stays unnamed). */
int plan_option_named(reagent_option *option, const dzp_rules *rules);
/* The option's reagent prepared for dzp_mol_substitute_prepared (its
 * leaving side cut off once, for every molecule it installs on): made on
 * first use and kept with the option, or with the store's copy when the
 * option borrows it, so a batch prepares each reagent once.  A cache, so it
 * is filled through a const option.  Returns 0 with *out set, or a negative
 * dzp_error (as dzp_mol_substitution_prepare) with *out NULL. */
int plan_option_substitution(const dzp_substitution **out, const reagent_option *o);
void plan_need_clear_refused(site_need *need);
const dzp_transformation *plan_removal_rule(const dzp_rules *rules, const dzp_pg *pg);
int plan_derive_need(search *s, site_index site, const dzp_site *have, const dzp_site *want);
int plan_prepare_temp_options(search *s);

/* plan_mask.c */
int plan_mask_group(dzp_mol **out, int *out_dummy, const dzp_mol *group, int dummy,
                    const dzp_mask *mask);
int plan_unmask(dzp_mol **out, ring_atoms *ring, const dzp_mol *in, site_index site,
                const dzp_mask *mask);
/* plan_stereo.c */
int plan_stereo_derive(reagent_option *o, int bonding);
bool plan_stereo_sets_centre(const reagent_option *o);

char *plan_stereo_refusal(const site_need *need, const dzp_site *want, site_index site);

/* plan_edit.c */
int plan_nitrogen_atom(const ring_atoms *ring, site_index site);
bool plan_is_ring_neighbour(const ring_atoms *ring, site_index site, int atom);
int plan_apply_step(dzp_mol **out, ring_atoms *ring, const dzp_mol *in, const route_step *step);

/* plan_search.c */
bool plan_nitrogen_free(const search *s, nitrogen_progress progress, site_index site);
state_key plan_next_key(const search *s, const state_key *key, const route_step *step);
/* Whether two keys name the same state (of one search). */
bool plan_same_key(const state_key *a, const state_key *b);
int plan_state_prepare(search_state *state, const dzp_rules *rules);
int plan_state_build(search_state *state, const search_state *parent, const route_step *step,
                     const dzp_rules *rules);
void plan_state_clear(search_state *state);
int plan_search_run(search *s, const int *target_site_of);
/* The state the search met under key, or NULL. */
search_state *plan_search_state(const search *s, const state_key *key);
void plan_search_clear(search *s);

/* plan_judge.c */
int plan_judge_step(search *s, verdict *v, const state_key *in_key, const search_state *in,
                    search_state *out, const route_step *step);
int plan_raise_flag(verdict *v, step_flag flag);
/* plan_judge_step's cost and reject reason (*reject malloc'd, or NULL),
 * remembered per state and step for the search: a step met again is not
 * judged again.  Returns 0, or a negative dzp_error. */
int plan_judge_known(search *s, const state_key *in_key, const search_state *in,
                     search_state *out, const route_step *step, double *cost, char **reject);
/* Free the remembered verdicts (plan_search_clear); never fails. */
void plan_judge_forget(search *s);
void plan_verdict_clear(verdict *v);

/* plan_store.c */
/* The stored state with key, or NULL (none, or no store); it stays valid
 * until the next plan starts. */
search_state *plan_store_find(dzp_state_store *store, const char *key);
/* Keep state (malloc'd, filled) under key; the store takes over both.  On
 * failure (DZP_ENOMEM) key is freed and state stays the caller's. */
int plan_store_add(dzp_state_store *store, char *key, search_state *state);
/* The same for a derived option (an entry of its own kind under its own
 * key), and plan_store_add_option takes over the derived option d
 * (malloc'd) on success; on failure key is freed and d stays the caller's. */
const derived_option *plan_store_find_option(dzp_state_store *store, const char *key);
int plan_store_add_option(dzp_state_store *store, char *key, derived_option *d);
/* A plan with rules and stock starts: a store made with other rules or
 * another stock is emptied, and what is over its cap is freed (never
 * fails; NULL is fine). */
void plan_store_next_plan(dzp_state_store *store, const dzp_rules *rules,
                          const dzp_stock *stock);

/* plan_rebuild.c */
int plan_rebuild(search *s, const route *r, dzp_plan *plan);
void plan_clear_route(dzp_plan *plan);
void plan_route_free(dzp_route *full);

/* plan_rank.c */
/* Rank every route, rebuild the best verified one into plan and list the
 * others; *pairing becomes the chosen route's pairing of nitrogens (left
 * as it is when none verifies).  Returns 0 or a negative dzp_error. */
int plan_choose(dzp_plan *plan, search *searches, int n_searches, int *pairing);
int plan_add_route_flag(dzp_plan *plan, const dzp_rules *rules, const char *id,
                        const char *detail);

/* plan_policy.c */
bool policy_has_class(const dzp_transformation *t, dzp_class_set classes);
const char *policy_site_n_type(const search *s, site_index site);
bool policy_rule_acts_on(const search *s, const dzp_transformation *t, site_index site);
const char *policy_bond_hint(const dzp_rules *rules, const dzp_site *target_site);
int policy_flag_regioselectivity(verdict *v, const dzp_rules *rules, site_index site,
                                 bool selective);
int policy_route_flags(dzp_plan *plan, const search *s);

#endif
