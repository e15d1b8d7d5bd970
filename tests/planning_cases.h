/*
 * planning_cases.h - target lists the tests plan in several ways and
 * compare report for report (test_state_store: with and without a batch's
 * store; test_prefilter: with and without the SMARTS prefilter): the from
 * and to columns of a cases file, the first rows of a .smi series, and the
 * JSON report of one case planned with given options.
 *
 * Everything that can go wrong fails the running cmocka test, so these are
 * for test bodies and group setups only.
 */
#ifndef DZP_TEST_PLANNING_CASES_H
#define DZP_TEST_PLANNING_CASES_H

#include "dzp/plan.h"
#include "dzp/rules.h"

typedef struct {
    char from[512];
    char to[512];
} planning_case;

/* Append the from and to columns of a cases file ("name from to ...",
 * '#' lines and blank lines skipped) to cases[n..max); returns the new n. */
int planning_cases_read(planning_case *cases, int n, int max, const char *path);

/* Append the first `rows` targets of a .smi series ("SMILES name"), each
 * from substrate `from`, to cases[n..max); returns the new n. */
int planning_cases_read_series(planning_case *cases, int n, int max, const char *path,
                               const char *from, int rows);

/* The JSON report (malloc'd) of case c planned with rules and options;
 * NULL when c's substrate is no substrate (a case about bad input). */
char *planning_case_report(const planning_case *c, const dzp_rules *rules,
                           const dzp_plan_options *options);

#endif
