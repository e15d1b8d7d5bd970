/*
 * test_prefilter.c - the SMARTS prefilter (src/mol_smarts_filter.cpp)
 * changes no answer: every worked example and realism case, and the first
 * rows of the benchmark series, planned with the prefilter and again with
 * Open Babel's search alone (dzp_smarts_use_prefilter(false)), give the
 * same JSON report byte for byte.  The planner matches every kind of
 * pattern the rules hold (functional groups, install rules on building
 * blocks with a '*', n types, protecting groups, reagent validity) on
 * every kind of molecule it builds, so a filter that wrongly said "no"
 * would change a flag, a reagent or a route here.  (That it saves time is
 * measured by bench/callgrind.sh, not here.)
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
#include "planning_cases.h"

#define MAX_CASES 400
#define SERIES_ROWS 200 /* of molecules/bench_1k.smi */

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
    n_cases = planning_cases_read_series(cases, n_cases, MAX_CASES,
                                         DZP_TEST_RULES_DIR "/../molecules/bench_1k.smi",
                                         "C1CNCCNC1", SERIES_ROWS);
    return n_cases > SERIES_ROWS ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    dzp_rules_free(rules);
    dzp_smarts_use_prefilter(true);
    return 0;
}

/* Every case's report, planned in one run with a batch's store as a batch
 * plans, two routes in full. */
static void plan_all(char **reports)
{
    dzp_state_store *store = NULL;
    assert_int_equal(dzp_state_store_new(&store, DZP_STATE_STORE_DEFAULT_MAX), 0);
    dzp_plan_options options = DZP_PLAN_OPTIONS_INIT;
    options.states = store;
    options.routes = 2; /* the alternatives given in full are re-applied too */
    for (int i = 0; i < n_cases; i++)
        reports[i] = planning_case_report(&cases[i], rules, &options);
    dzp_state_store_free(store);
}

static void test_same_reports_without_prefilter(void **state)
{
    (void)state;
    static char *with[MAX_CASES], *without[MAX_CASES];
    assert_true(dzp_smarts_use_prefilter(true));
    plan_all(with);
    dzp_smarts_use_prefilter(false);
    plan_all(without);
    dzp_smarts_use_prefilter(true);
    int planned = 0;
    for (int i = 0; i < n_cases; i++) {
        if ((with[i] == NULL) != (without[i] == NULL) ||
            (with[i] && strcmp(with[i], without[i]) != 0))
            fail_msg("%s -> %s: the report differs without the SMARTS prefilter", cases[i].from,
                     cases[i].to);
        planned += with[i] != NULL;
        free(with[i]);
        free(without[i]);
    }
    assert_true(planned > SERIES_ROWS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_reports_without_prefilter),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
