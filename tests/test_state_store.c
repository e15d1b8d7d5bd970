/*
 * test_state_store.c - a batch's store of search states (plan_store.c)
 * changes nothing a chemist reads: every worked example and realism case,
 * planned in one run with a store (twice, so the second pass takes states
 * from the first), gives the same JSON report, byte for byte, as when each
 * is planned on its own; a store of three states (evicting at every plan)
 * does too; the store is really used (states taken from it), and stays
 * within its cap between plans.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dzp/error.h"
#include "dzp/mol.h"
#include "dzp/plan.h"
#include "dzp/report.h"
#include "dzp/rules.h"
#include "dzp/stock.h"
#include "planning_cases.h"

#define MAX_CASES 128

static dzp_rules *rules;
static planning_case cases[MAX_CASES];
static int n_cases;

static int setup(void **state)
{
    (void)state;
    if (dzp_rules_load(&rules, DZP_TEST_RULES_DIR) != 0)
        return -1;
    n_cases = planning_cases_read(cases, n_cases, MAX_CASES, DZP_TEST_CASES_FILE);
    n_cases = planning_cases_read(cases, n_cases, MAX_CASES, DZP_TEST_FIXTURES_DIR "/realism.tsv");
    return n_cases > 20 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    dzp_rules_free(rules);
    return 0;
}

static const dzp_stock *stock; /* the stock the reports are planned with, or NULL */

/* The JSON report of case i planned with store (NULL: none), malloc'd;
 * NULL when the case's substrate is not one (a case about a bad substrate). */
static char *report_of(int i, dzp_state_store *store)
{
    dzp_plan_options options = DZP_PLAN_OPTIONS_INIT;
    options.states = store;
    options.stock = stock;
    return planning_case_report(&cases[i], rules, &options);
}

/* Every case, twice over, with a store of max_states gives the reports
 * planned without one.  Returns the states the store gave back. */
static unsigned long same_reports_with_store(size_t max_states)
{
    char *alone[MAX_CASES];
    for (int i = 0; i < n_cases; i++)
        alone[i] = report_of(i, NULL);
    dzp_state_store *store = NULL;
    assert_int_equal(dzp_state_store_new(&store, max_states), 0);
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n_cases; i++) {
            char *shared = report_of(i, store);
            if ((shared == NULL) != (alone[i] == NULL) ||
                (shared && strcmp(shared, alone[i]) != 0))
                fail_msg("%s -> %s: the report differs with a store of %zu states (pass %d)",
                         cases[i].from, cases[i].to, max_states, pass + 1);
            free(shared);
        }
    size_t held = 0;
    unsigned long reused = 0;
    dzp_state_store_stats(store, &held, &reused);
    dzp_state_store_free(store);
    for (int i = 0; i < n_cases; i++)
        free(alone[i]);
    return reused;
}

static void test_store_changes_no_report(void **state)
{
    (void)state;
    unsigned long reused = same_reports_with_store(DZP_STATE_STORE_DEFAULT_MAX);
    /* every plan of the second pass finds at least its substrate */
    assert_true(reused >= (unsigned long)n_cases);
}

static void test_small_store_evicts_and_changes_no_report(void **state)
{
    (void)state;
    same_reports_with_store(3);
}

/* With a stock that holds the substrates, some targets and the usual
 * protected building blocks, the reports are those planned without a
 * store too: a substrate in stock is never a stock start (its cycle of
 * protecting and deprotecting comes back to it). */
/* Put smiles (any spelling) in the stock under its canonical SMILES. */
static void shelve(dzp_stock *shelf, const char *smiles)
{
    dzp_mol *mol = NULL;
    char *canonical = NULL;
    if (dzp_mol_from_smiles(&mol, smiles, 0) != 0)
        return; /* a case about bad input */
    assert_int_equal(dzp_mol_smiles(&canonical, mol, DZP_SMILES_CANONICAL), 0);
    assert_true(dzp_stock_add(shelf, canonical, NULL, NULL, NULL, 0) >= 0);
    free(canonical);
    dzp_mol_free(mol);
}

static void test_store_with_a_stock_changes_no_report(void **state)
{
    (void)state;
    dzp_stock *shelf = NULL;
    assert_int_equal(dzp_stock_new(&shelf), 0);
    for (int i = 0; i < n_cases; i += 3) {
        shelve(shelf, cases[i].from);
        shelve(shelf, cases[i].to);
    }
    shelve(shelf, "CC(C)(C)OC(=O)N1CCCNCC1");
    shelve(shelf, "CC1CNCCCN1");
    stock = shelf;
    same_reports_with_store(DZP_STATE_STORE_DEFAULT_MAX);
    same_reports_with_store(3);
    stock = NULL;
    dzp_stock_free(shelf);
}

/* The summaries of a plan's alternatives, joined by newlines (malloc'd). */
static char *alternatives_of(const char *from, const char *to, const dzp_stock *shelf,
                             dzp_state_store *store)
{
    dzp_scaffold *substrate = NULL;
    assert_int_equal(dzp_substrate_load(&substrate, from, rules), 0);
    dzp_plan_options options = DZP_PLAN_OPTIONS_INIT;
    options.stock = shelf;
    options.states = store;
    dzp_plan *plan = NULL;
    assert_int_equal(dzp_plan_route_with(&plan, substrate, to, rules, &options), 0);
    assert_false(plan->start.from_stock);
    size_t len = 1;
    for (size_t i = 0; i < plan->n_alts; i++)
        len += strlen(plan->alts[i].summary) + 1;
    char *all = calloc(1, len);
    assert_non_null(all);
    for (size_t i = 0; i < plan->n_alts; i++) {
        strcat(all, plan->alts[i].summary);
        strcat(all, "\n");
    }
    dzp_plan_free(plan);
    dzp_scaffold_free(substrate);
    return all;
}

/* A stock that holds only the substrate changes nothing: the substrate is
 * never a stock start, not even when a protect/deprotect cycle comes back
 * to it (N1 and N4 not equivalent), with or without a store. */
static void test_substrate_in_stock_is_not_a_start(void **state)
{
    (void)state;
    const char *from = "CC1CNCCCN1", *to = "CC1CNCCCN1C(=O)c1ccccc1";
    dzp_stock *shelf = NULL;
    assert_int_equal(dzp_stock_new(&shelf), 0);
    shelve(shelf, from);
    dzp_state_store *store = NULL;
    assert_int_equal(dzp_state_store_new(&store, DZP_STATE_STORE_DEFAULT_MAX), 0);
    char *without = alternatives_of(from, to, NULL, NULL);
    char *with = alternatives_of(from, to, shelf, NULL);
    char *stored = alternatives_of(from, to, shelf, store);
    assert_string_equal(with, without);
    assert_string_equal(stored, without);
    free(without);
    free(with);
    free(stored);
    dzp_state_store_free(store);
    dzp_stock_free(shelf);
}

static void test_store_stays_within_its_cap(void **state)
{
    (void)state;
    dzp_state_store *store = NULL;
    assert_int_equal(dzp_state_store_new(&store, 4), 0);
    size_t most = 0;
    for (int i = 0; i < n_cases; i++) {
        free(report_of(i, store));
        size_t held = 0;
        dzp_state_store_stats(store, &held, NULL);
        most = held > most ? held : most;
        /* a plan adds what it builds; the next plan first trims what is over
         * the cap to half the cap */
        dzp_plan_options options = DZP_PLAN_OPTIONS_INIT;
        options.states = store;
        dzp_scaffold *substrate = NULL;
        assert_int_equal(dzp_substrate_load(&substrate, "C1CNCCNC1", rules), 0);
        dzp_plan *plan = NULL;
        assert_int_equal(dzp_plan_route_with(&plan, substrate, "not a smiles", rules, &options), 0);
        dzp_state_store_stats(store, &held, NULL);
        assert_true(held <= 4);
        dzp_plan_free(plan);
        dzp_scaffold_free(substrate);
    }
    assert_true(most > 4); /* it did grow past the cap during a plan */
    dzp_state_store_free(store);
    dzp_state_store *none = NULL;
    assert_int_equal(dzp_state_store_new(&none, 0), DZP_EINVAL);
    assert_null(none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_changes_no_report),
        cmocka_unit_test(test_small_store_evicts_and_changes_no_report),
        cmocka_unit_test(test_store_with_a_stock_changes_no_report),
        cmocka_unit_test(test_substrate_in_stock_is_not_a_start),
        cmocka_unit_test(test_store_stays_within_its_cap),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
