/*
 * plan_checks.h - what the planner tests check in a route, shared by
 * test_plan, test_additions, test_reagent_forms, test_n_types and
 * test_arylation: the real rules loaded once per cmocka group, a
 * substrate/target pair planned and freed, canonical SMILES, and the reads
 * a chemist makes of a plan (a step by kind or rule, a step's reagent by
 * role, its flags, what its product contains, that the route is verified
 * and ends at the target).
 *
 * Functions named find_* return NULL when there is nothing to find;
 * require_* and assert_* fail the running cmocka test instead (with a
 * message that names what was missing), so they are for test bodies only.
 */
#ifndef DZP_TEST_PLAN_CHECKS_H
#define DZP_TEST_PLAN_CHECKS_H

#include <stdbool.h>

#include "dzp/plan.h"

/* ---- the rules --------------------------------------------------------------- */

/* cmocka group setup: load rules/ (DZP_TEST_RULES_DIR) for plan_rules().
 * Returns 0, or -1 with the loader's message on stderr when it fails. */
int plan_rules_load(void **state);
/* cmocka group teardown: free what plan_rules_load loaded.  Always 0. */
int plan_rules_free(void **state);
/* The rules of plan_rules_load; NULL before it or after it failed.  Tests
 * may change them (e.g. planner.max_steps) if they put them back. */
dzp_rules *plan_rules(void);

/* ---- planning ------------------------------------------------------------------ */

/* A substrate and the plan made from it; free with planned_free. */
typedef struct {
    dzp_scaffold *substrate;
    dzp_plan *plan;
} planned;

/* Plan from -> to with plan_rules().  Fails the test (naming the SMILES and
 * the library's error) when the substrate cannot be loaded or planning
 * itself errors; a plan with no route is returned, not failed. */
planned plan_route(const char *from, const char *to);
/* The same with the given rules (e.g. a patched copy). */
planned plan_route_with(const dzp_rules *rules, const char *from, const char *to);
/* Free the plan and the substrate.  Accepts a zeroed planned. */
void planned_free(planned *p);

/* Canonical SMILES of one molecule, malloc'd; fails the test when smiles
 * does not parse strictly (one component, no dummy atoms). */
char *canonical_smiles(const char *smiles);
/* The same, allowing several components (salts such as "[Cs+].[Cs+]..."). */
char *canonical_components(const char *smiles);

/* ---- reading a plan --------------------------------------------------------------- */

/* The first step of this rule kind, or NULL. */
const dzp_step *find_step_of_kind(const dzp_plan *plan, const char *kind);
/* The first step of this rule kind; fails the test when there is none. */
const dzp_step *require_step_of_kind(const dzp_plan *plan, const char *kind);
/* The only step of the plan: fails the test unless the plan has exactly one
 * step and it is of this kind and rule id. */
const dzp_step *require_only_step(const dzp_plan *plan, const char *kind, const char *rule_id);

/* The step's reagent with this role, or NULL. */
const dzp_step_reagent *find_reagent(const dzp_step *step, const char *role);
/* The step's reagent with this role; fails the test when it has none. */
const dzp_step_reagent *require_reagent(const dzp_step *step, const char *role);

/* The step's flag with this id, or NULL. */
const dzp_flag *find_flag(const dzp_step *step, const char *id);
/* Whether the step carries the flag id. */
bool step_has_flag(const dzp_step *step, const char *id);

/* Whether the step's product matches smarts; fails the test when the
 * product does not parse or the SMARTS does not compile. */
bool product_matches(const dzp_step *step, const char *smarts);

/* Whether an alternative whose summary contains summary_part was rejected
 * with a reason containing reason_part. */
bool alternative_refused(const dzp_plan *plan, const char *summary_part,
                         const char *reason_part);

/* ---- assertions ---------------------------------------------------------------------- */

/* The plan has a verified route (status OK, has_route, verified) and its
 * last product -- or the target itself when there are no steps -- is the
 * canonical target.  Fails the test otherwise, with the planner's message. */
void assert_plan_verified(const dzp_plan *plan, const char *target);
/* assert_plan_verified, and the route has at least one step. */
void assert_plan_verified_by_steps(const dzp_plan *plan, const char *target);

/* The step has a reagent of this role whose SMILES (non-NULL) is the
 * canonical form of smiles (several components allowed). */
void assert_reagent_is(const dzp_step *step, const char *role, const char *smiles);
/* assert_reagent_is, and the reagent states its equivalents, equal to equiv. */
void assert_reagent_equiv(const dzp_step *step, const char *role, const char *smiles,
                          double equiv);
/* No step of the plan has a reagent of this role (any role when role is
 * NULL) whose SMILES is the canonical form of smiles. */
void assert_no_step_uses(const dzp_plan *plan, const char *role, const char *smiles);
/* An alternative as alternative_refused says; fails the test printing every
 * alternative when there is none. */
void assert_alternative_refused(const dzp_plan *plan, const char *summary_part,
                                const char *reason_part);

#endif
