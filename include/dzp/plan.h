/*
 * plan.h - the route planner: substrate + target -> a verified route.
 *
 * The substrate's diazepane is found in the target (same ring carbons, same
 * ring-carbon substituents and stereo); for each ring nitrogen the change is
 * derived (keep, remove a protecting group, install a group); each new group
 * is disconnected to the reagent that installs it, by the rules; candidate
 * routes (direct or protected, each protecting group, each order) are
 * searched; every step is checked against the functional groups of its
 * product for conditions that would destroy them; the survivors are scored
 * and the best is re-applied step by step and verified against the target
 * by canonical SMILES.  A route that does not verify is never returned.
 * The others are kept as alternatives, complete routes first; the best
 * complete ones can be asked for in full (dzp_plan_route_with()).
 *
 * Everything chemical comes from dzp_rules; nothing here names a molecule.
 * The implementation is split along these stages in src/plan*.c; the
 * private src/plan_internal.h says which file does what.
 */
#ifndef DZP_PLAN_H
#define DZP_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "dzp/mol.h"
#include "dzp/rules.h"
#include "dzp/scaffold.h"
#include "dzp/stock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    DZP_STATUS_OK = 0,
    DZP_STATUS_NO_ROUTE = 1,
    DZP_STATUS_INVALID_INPUT = 2
} dzp_status;

/* "ok", "no_route", "invalid_input" */
const char *dzp_status_name(dzp_status status);

typedef struct {
    char *smiles;   /* canonical, stereo kept */
    char *formula;
    double mw;
} dzp_molecule_info;

typedef struct {
    const char *id;          /* flag id (side_reactions.yaml) */
    dzp_severity severity;
    char *message;
    const char *mitigation;
    const char *source;      /* as the rules write it (ids of sources.yaml), for JSON */
    char *citation;          /* the same with each source id replaced by its title, for the
                                human reports; NULL when the flag has no source */
} dzp_flag;

typedef struct {
    const char *role;
    char *name;
    char *smiles;            /* canonical, or NULL */
    double equiv;
    bool has_equiv;
    const dzp_form *form;    /* how it is sold (borrowed from the rules), or NULL: weighed */
    bool cosolvent;          /* part of the solvent: its amounts give a % v/v */
    /* Filled by dzp_plan_scale(): amounts for the chosen scale. */
    double mmol;             /* equiv x the step's input_mmol */
    double mass_mg;          /* what to weigh: the compound, a diluted solid as sold, or a
                                supported catalyst with its support */
    double volume_ml;        /* a neat liquid's or a solution's volume; a solvent's from the
                                step's concentration */
    double percent_v_v;      /* a cosolvent: its share of the liquid volume, in % */
    bool has_mmol;
    bool has_mass;
    bool has_volume;
    bool has_percent;
    /* With a stock (dzp_plan_options.stock): whether the stock holds it,
     * by canonical SMILES; a reagent without a SMILES is never in stock. */
    bool stock_known;        /* false without a stock: in_stock means nothing */
    bool in_stock;
} dzp_step_reagent;

/* What a step takes and makes at the chosen scale (dzp_plan_scale()). */
typedef struct {
    bool set;
    double input_mmol;       /* of this step's input molecule */
    double input_mass_mg;
    double limiting;         /* fraction of the input that can become product: the key
                                reagent's equiv when below 1 (the diamine in excess), else 1 */
    double product_mmol;     /* input_mmol x limiting x the mean expected yield */
    double product_mass_mg;
} dzp_step_amounts;

typedef struct {
    int n;                   /* 1-based */
    const dzp_transformation *rule;
    char site[8];            /* "N1", "N4" or "N1,N4" */
    const char *pg;          /* protect/deprotect: the group's name, else NULL */
    const char *workup;      /* the rule's workup, or its mono_workup when one of two free N
                                reacted; borrowed from the rules, or NULL */
    dzp_step_reagent *reagents;
    size_t n_reagents;
    dzp_molecule_info product;
    int product_ring[7];     /* the diazepane's atoms N1 C2 C3 N4 C5 C6 C7 (the substrate's
                                labels) in the molecule read from product.smiles */
    dzp_flag *flags;
    size_t n_flags;
    const dzp_mask *masked;  /* the group this step installs carries this mask, or NULL */
    int unmasked_in_step;    /* with masked: the step (1-based) that reveals it */
    dzp_step_amounts amounts;
} dzp_step;

/* What a route starts from: the substrate, or a diazepane from the stock
 * that lies on the way to the target (the steps that would make it are
 * then left out: bought_steps of them). */
typedef struct {
    dzp_molecule_info mol;   /* smiles NULL until a route is written */
    int ring[7];             /* as dzp_step.product_ring, in the molecule mol.smiles reads as */
    bool from_stock;
    const char *stock_name;  /* the stock's name for it (borrowed from the stock), or NULL */
    int bought_steps;        /* steps from the substrate it saves */
} dzp_route_start;

/* A route in full, as the chosen one is written: its steps re-applied
 * from its start, verified when the last product is the target. */
typedef struct {
    dzp_route_start start;
    dzp_step *steps;
    size_t n_steps;
    double score;
    bool verified;
} dzp_route;

typedef struct {
    char *summary;
    int steps;
    char *rejected;
    double score;
    bool complete;           /* reaches the target; false: abandoned at a rejected step */
    dzp_route *route;        /* owned: the route in full, for the --routes N best complete
                                ones (always verified); NULL for the others */
} dzp_alternative;

/* What a substrate nitrogen must become in the target. */
typedef struct {
    dzp_site_state state;    /* in the target */
    const dzp_pg *pg;        /* target state PG */
    char *substituent;       /* target's group on this N, '*' at attachment, or NULL */
    int target_atom;         /* the corresponding nitrogen in the target, -1 if unknown */
} dzp_site_goal;

typedef struct dzp_plan {
    dzp_status status;
    char *message;                   /* why not ok, one sentence; NULL when ok */
    char *name;                      /* compound name (batch), or NULL */
    const dzp_scaffold *substrate;   /* borrowed; NULL when the substrate is unusable */
    dzp_scaffold *target;            /* owned; NULL when unusable or not given */
    dzp_site_goal goal[2];           /* per substrate site; valid when target != NULL */
    bool have_goals;
    bool has_route;
    dzp_route_start start;           /* the chosen route's start */
    dzp_step *steps;
    size_t n_steps;
    double score;
    bool verified;
    dzp_alternative *alts;
    size_t n_alts;
    dzp_flag *flags;                 /* route-level flags */
    size_t n_flags;
    double scale_mmol;               /* > 0 once dzp_plan_scale() ran */
    int routes_wanted;               /* complete routes asked for in full, the chosen one
                                        included (dzp_plan_options.routes); 1 by default */
    const dzp_stock *stock;          /* borrowed (dzp_plan_options.stock), or NULL */
} dzp_plan;

/* A batch's memory of the molecules the planner builds on the way (search
 * states), shared from one plan to the next: the substrate and its
 * protected forms, and the substrate with one target group, recur across a
 * series and are then built and matched once.  What is kept is bounded
 * (max_states between plans; the least recently used go first), and plans
 * come out the same with or without a store.  A plan with other rules or
 * another stock than the last empties it (free the store before the stock
 * or rules it was used with, or plan with the new ones only).  One store
 * serves one thread.
 * dzp_state_store_new: DZP_EINVAL for max_states 0, DZP_ENOMEM; *out is
 * untouched on failure.  dzp_state_store_free: NULL is fine. */
typedef struct dzp_state_store dzp_state_store;
int dzp_state_store_new(dzp_state_store **out, size_t max_states);
void dzp_state_store_free(dzp_state_store *store);
/* How many states the store holds now, and how many times a plan took one
 * from it instead of building it (for tests and benchmarks; never fails). */
void dzp_state_store_stats(const dzp_state_store *store, size_t *held, unsigned long *reused);
#define DZP_STATE_STORE_DEFAULT_MAX 8192 /* entries kept between plans, by default (about 55 MB
                                          when full: states, derived options) */

/* What a caller may ask of dzp_plan_route_with() beyond the one best route. */
typedef struct {
    int routes;   /* complete routes to give in full, the chosen one included: the
                     alternatives then start with the routes-1 next best complete ones,
                     each re-applied and verified (dzp_alternative.route); 1 or more */
    const dzp_stock *stock; /* building blocks at hand, or NULL: reagents are then marked
                               in or out of stock, a key reagent in stock costs less than one
                               that is not (planner.stock_preference), and a route may start
                               from a diazepane in stock on the way to the target (borrowed:
                               it must outlive the plan) */
    dzp_state_store *states; /* states kept from earlier plans, or NULL: every plan builds
                                its own (borrowed; it must outlive the plan, and is
                                changed by it) */
} dzp_plan_options;

#define DZP_PLAN_OPTIONS_INIT {1, NULL, NULL}
#define DZP_PLAN_MAX_ROUTES 20   /* the most routes one plan gives in full */

/* Read and perceive a substrate, its core's symmetry included (planning
 * refuses a substrate perceived otherwise).  On a bad SMILES or a
 * non-diazepane, returns DZP_EINVAL / DZP_ENOTFOUND with a sentence (no
 * "--from" prefix), *out untouched. */
int dzp_substrate_load(dzp_scaffold **out, const char *smiles, const dzp_rules *rules);

/* A plan holding only the substrate's site analysis (no target). */
int dzp_plan_sites(dzp_plan **out, const dzp_scaffold *substrate);

/* Plan the route from substrate to the target SMILES.  Returns 0 with a
 * plan whose status says ok / no_route / invalid_input (bad target SMILES,
 * not a diazepane); a negative dzp_error only for an internal failure (out
 * of memory).  The plan borrows substrate: free the plan first. */
int dzp_plan_route(dzp_plan **out, const dzp_scaffold *substrate, const char *target_smiles,
                   const dzp_rules *rules);

/* dzp_plan_route() with options (NULL: DZP_PLAN_OPTIONS_INIT).  Returns as
 * dzp_plan_route(), and DZP_EINVAL when options->routes is not from 1 to
 * DZP_PLAN_MAX_ROUTES. */
int dzp_plan_route_with(dzp_plan **out, const dzp_scaffold *substrate, const char *target_smiles,
                        const dzp_rules *rules, const dzp_plan_options *options);

/* A plan with status invalid_input and this message, for rows whose input
 * could not even be read (used by batch mode).  substrate may be NULL. */
int dzp_plan_invalid(dzp_plan **out, const dzp_scaffold *substrate, const char *message);

/* Work out reagent amounts for `mmol` of substrate: the mass of every
 * reagent with equivalents and a SMILES (salts by their whole formula), and
 * the solvent volume from the step's concentration, for the chosen route
 * and every alternative given in full.  No-op without a route. */
int dzp_plan_scale(dzp_plan *plan, double mmol);

/* Set the plan's compound name (copied). */
int dzp_plan_set_name(dzp_plan *plan, const char *name);

void dzp_plan_free(dzp_plan *plan);

#ifdef __cplusplus
}
#endif
#endif
