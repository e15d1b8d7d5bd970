/*
 * planning_cases.c - target lists planned and compared by several tests
 * (see planning_cases.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dzp/report.h"
#include "planning_cases.h"

int planning_cases_read(planning_case *cases, int n, int max, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot read the cases file %s", path);
    char line[8192];
    while (fgets(line, sizeof line, f) && n < max) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *name = strtok(line, "\t"), *from = strtok(NULL, "\t"), *to = strtok(NULL, "\t");
        if (!name || !from || !to)
            continue;
        snprintf(cases[n].from, sizeof cases[n].from, "%s", from);
        snprintf(cases[n].to, sizeof cases[n].to, "%s", to);
        n++;
    }
    fclose(f);
    return n;
}

int planning_cases_read_series(planning_case *cases, int n, int max, const char *path,
                               const char *from, int rows)
{
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot read the series %s", path);
    char line[8192];
    for (int r = 0; r < rows && n < max && fgets(line, sizeof line, f);) {
        char *smiles = strtok(line, " \t\r\n");
        if (!smiles)
            continue;
        snprintf(cases[n].from, sizeof cases[n].from, "%s", from);
        snprintf(cases[n].to, sizeof cases[n].to, "%s", smiles);
        n++;
        r++;
    }
    fclose(f);
    return n;
}

char *planning_case_report(const planning_case *c, const dzp_rules *rules,
                           const dzp_plan_options *options)
{
    dzp_scaffold *substrate = NULL;
    if (dzp_substrate_load(&substrate, c->from, rules) != 0)
        return NULL;
    dzp_plan *plan = NULL;
    assert_int_equal(dzp_plan_route_with(&plan, substrate, c->to, rules, options), 0);
    char *json = NULL;
    assert_int_equal(dzp_report_json(&json, plan), 0);
    dzp_plan_free(plan);
    dzp_scaffold_free(substrate);
    return json;
}
