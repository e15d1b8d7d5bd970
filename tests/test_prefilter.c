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

#define MAX_CASES 400
#define SERIES_ROWS 200 /* of molecules/bench_1k.smi */

typedef struct {
    char from[512];
    char to[512];
} planning_case;

static dzp_rules *rules;
static planning_case cases[MAX_CASES];
static int n_cases;

/* The from and to columns of a cases file ("name from to ..."). */
static void read_cases(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[8192];
    while (fgets(line, sizeof line, f) && n_cases < MAX_CASES) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *name = strtok(line, "\t"), *from = strtok(NULL, "\t"), *to = strtok(NULL, "\t");
        if (!name || !from || !to)
            continue;
        snprintf(cases[n_cases].from, sizeof cases[n_cases].from, "%s", from);
        snprintf(cases[n_cases].to, sizeof cases[n_cases].to, "%s", to);
        n_cases++;
    }
    fclose(f);
}

/* The first rows of a .smi series ("SMILES name"), from homopiperazine. */
static void read_series(const char *path, int rows)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[8192];
    for (int r = 0; r < rows && n_cases < MAX_CASES && fgets(line, sizeof line, f);) {
        char *smiles = strtok(line, " \t\r\n");
        if (!smiles)
            continue;
        snprintf(cases[n_cases].from, sizeof cases[n_cases].from, "C1CNCCNC1");
        snprintf(cases[n_cases].to, sizeof cases[n_cases].to, "%s", smiles);
        n_cases++;
        r++;
    }
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    if (dzp_rules_load(&rules, DZP_TEST_RULES_DIR) != 0)
        return -1;
    read_cases(DZP_TEST_CASES_FILE);
    read_cases(DZP_TEST_FIXTURES_DIR "/realism.tsv");
    read_series(DZP_TEST_RULES_DIR "/../molecules/bench_1k.smi", SERIES_ROWS);
    return n_cases > SERIES_ROWS ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    dzp_rules_free(rules);
    dzp_smarts_use_prefilter(true);
    return 0;
}

/* The JSON report of case i planned with store (as a batch plans), two
 * routes in full; NULL when the case's substrate is not one. */
static char *report_of(int i, dzp_state_store *store)
{
    dzp_scaffold *substrate = NULL;
    if (dzp_substrate_load(&substrate, cases[i].from, rules) != 0)
        return NULL;
    dzp_plan_options options = DZP_PLAN_OPTIONS_INIT;
    options.states = store;
    options.routes = 2;
    dzp_plan *plan = NULL;
    assert_int_equal(dzp_plan_route_with(&plan, substrate, cases[i].to, rules, &options), 0);
    char *json = NULL;
    assert_int_equal(dzp_report_json(&json, plan), 0);
    dzp_plan_free(plan);
    dzp_scaffold_free(substrate);
    return json;
}

/* Every case's report, planned in one run with a batch's store. */
static void plan_all(char **reports)
{
    dzp_state_store *store = NULL;
    assert_int_equal(dzp_state_store_new(&store, 4096), 0);
    for (int i = 0; i < n_cases; i++)
        reports[i] = report_of(i, store);
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
