/*
 * plan_checks.c - the shared checks of the planner tests (see
 * plan_checks.h): one copy of the rules loading, planning, canonical SMILES
 * and plan-reading helpers that test_plan, test_additions,
 * test_reagent_forms, test_n_types and test_arylation each used to carry.
 * Everything that can go wrong fails the running cmocka test with a message
 * naming the molecule, step or role concerned.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dzp/error.h"
#include "plan_checks.h"

static dzp_rules *loaded_rules;

int plan_rules_load(void **state)
{
    (void)state;
    if (dzp_rules_load(&loaded_rules, DZP_TEST_RULES_DIR) != 0) {
        fprintf(stderr, "rules: %s\n", dzp_error_last());
        return -1;
    }
    return 0;
}

int plan_rules_free(void **state)
{
    (void)state;
    dzp_rules_free(loaded_rules);
    loaded_rules = NULL;
    return 0;
}

dzp_rules *plan_rules(void)
{
    return loaded_rules;
}

/* ---- planning ------------------------------------------------------------------ */

planned plan_route_with(const dzp_rules *rules, const char *from, const char *to)
{
    planned p = {0};
    if (dzp_substrate_load(&p.substrate, from, rules) != 0)
        fail_msg("substrate %s: %s", from, dzp_error_last());
    if (dzp_plan_route(&p.plan, p.substrate, to, rules) != 0)
        fail_msg("planning %s -> %s: %s", from, to, dzp_error_last());
    return p;
}

planned plan_route(const char *from, const char *to)
{
    return plan_route_with(loaded_rules, from, to);
}

void planned_free(planned *p)
{
    dzp_plan_free(p->plan);
    dzp_scaffold_free(p->substrate);
}

static char *canonical_parsed(const char *smiles, int parse_flags)
{
    dzp_mol *m = NULL;
    char *c = NULL;
    if (dzp_mol_from_smiles(&m, smiles, parse_flags) != 0)
        fail_msg("SMILES %s: %s", smiles, dzp_error_last());
    assert_int_equal(dzp_mol_smiles(&c, m, DZP_SMILES_CANONICAL), 0);
    dzp_mol_free(m);
    return c;
}

char *canonical_smiles(const char *smiles)
{
    return canonical_parsed(smiles, DZP_PARSE_STRICT);
}

char *canonical_components(const char *smiles)
{
    return canonical_parsed(smiles, DZP_PARSE_COMPONENTS);
}

/* ---- reading a plan --------------------------------------------------------------- */

const dzp_step *find_step_of_kind(const dzp_plan *plan, const char *kind)
{
    for (size_t i = 0; i < plan->n_steps; i++)
        if (strcmp(plan->steps[i].rule->kind, kind) == 0)
            return &plan->steps[i];
    return NULL;
}

const dzp_step *require_step_of_kind(const dzp_plan *plan, const char *kind)
{
    const dzp_step *step = find_step_of_kind(plan, kind);
    if (!step)
        fail_msg("no %s step", kind);
    return step;
}

const dzp_step *require_only_step(const dzp_plan *plan, const char *kind, const char *rule_id)
{
    assert_int_equal(plan->n_steps, 1);
    assert_string_equal(plan->steps[0].rule->kind, kind);
    assert_string_equal(plan->steps[0].rule->id, rule_id);
    return &plan->steps[0];
}

const dzp_step_reagent *find_reagent(const dzp_step *step, const char *role)
{
    for (size_t i = 0; i < step->n_reagents; i++)
        if (strcmp(step->reagents[i].role, role) == 0)
            return &step->reagents[i];
    return NULL;
}

const dzp_step_reagent *require_reagent(const dzp_step *step, const char *role)
{
    const dzp_step_reagent *r = find_reagent(step, role);
    if (!r)
        fail_msg("step %d (%s) has no %s", step->n, step->rule->id, role);
    return r;
}

const dzp_flag *find_flag(const dzp_step *step, const char *id)
{
    for (size_t i = 0; i < step->n_flags; i++)
        if (strcmp(step->flags[i].id, id) == 0)
            return &step->flags[i];
    return NULL;
}

bool step_has_flag(const dzp_step *step, const char *id)
{
    return find_flag(step, id) != NULL;
}

bool product_matches(const dzp_step *step, const char *smarts)
{
    dzp_mol *m = NULL;
    dzp_smarts *q = NULL;
    assert_int_equal(dzp_mol_from_smiles(&m, step->product.smiles, DZP_PARSE_STRICT), 0);
    assert_int_equal(dzp_smarts_compile(&q, smarts), 0);
    bool hit = dzp_smarts_matches(q, m);
    dzp_smarts_free(q);
    dzp_mol_free(m);
    return hit;
}

bool alternative_refused(const dzp_plan *plan, const char *summary_part,
                         const char *reason_part)
{
    for (size_t i = 0; i < plan->n_alts; i++)
        if (plan->alts[i].rejected && strstr(plan->alts[i].summary, summary_part) &&
            strstr(plan->alts[i].rejected, reason_part))
            return true;
    return false;
}

/* ---- assertions ---------------------------------------------------------------------- */

void assert_plan_verified(const dzp_plan *plan, const char *target)
{
    if (plan->status != DZP_STATUS_OK)
        fail_msg("no route to %s: %s", target, plan->message ? plan->message : "");
    assert_true(plan->has_route);
    assert_true(plan->verified);
    char *want = canonical_smiles(target);
    const char *last =
        plan->n_steps ? plan->steps[plan->n_steps - 1].product.smiles : plan->target->smiles;
    assert_string_equal(last, want);
    free(want);
}

void assert_plan_verified_by_steps(const dzp_plan *plan, const char *target)
{
    assert_plan_verified(plan, target);
    assert_true(plan->n_steps > 0);
}

void assert_reagent_is(const dzp_step *step, const char *role, const char *smiles)
{
    const dzp_step_reagent *r = require_reagent(step, role);
    char *want = canonical_components(smiles);
    assert_non_null(r->smiles);
    assert_string_equal(r->smiles, want);
    free(want);
}

void assert_reagent_equiv(const dzp_step *step, const char *role, const char *smiles,
                          double equiv)
{
    assert_reagent_is(step, role, smiles);
    const dzp_step_reagent *r = require_reagent(step, role);
    assert_true(r->has_equiv);
    assert_float_equal(r->equiv, equiv, 1e-9);
}

void assert_no_step_uses(const dzp_plan *plan, const char *role, const char *smiles)
{
    char *bad = canonical_smiles(smiles);
    for (size_t i = 0; i < plan->n_steps; i++)
        for (size_t j = 0; j < plan->steps[i].n_reagents; j++) {
            const dzp_step_reagent *r = &plan->steps[i].reagents[j];
            if (role && strcmp(r->role, role) != 0)
                continue;
            if (r->smiles && strcmp(r->smiles, bad) == 0)
                fail_msg("step %zu uses %s", i + 1, bad);
        }
    free(bad);
}

void assert_alternative_refused(const dzp_plan *plan, const char *summary_part,
                                const char *reason_part)
{
    if (alternative_refused(plan, summary_part, reason_part))
        return;
    for (size_t i = 0; i < plan->n_alts; i++)
        print_error("  alternative: %s | %s\n", plan->alts[i].summary,
                    plan->alts[i].rejected ? plan->alts[i].rejected : "(chosen)");
    fail_msg("no alternative '%s' refused with '%s'", summary_part, reason_part);
}
