/*
 * fuzz_plan.c - the planner on a substrate/target pair, and its reports.
 *
 * The input is "SUBSTRATE\nTARGET" (two SMILES split at the first newline;
 * without one, the whole input is the target and the substrate is
 * homopiperazine).  As the CLI does: the substrate is loaded (an unusable
 * one gives an invalid_input plan), the route is planned with two routes in
 * full, scaled to 1 mmol, and written as JSON, Markdown and HTML (no
 * pictures: depiction is Open Babel's layout code, slow and not ours).
 * The rules are loaded once, from the source tree's rules/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/plan.h"
#include "dzp/report.h"
#include "fuzz_common.h"

static dzp_rules *g_rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    dzp_mol_global_init();
    g_rules = fuzz_load_rules(DZP_FUZZ_RULES_DIR);
    return 0;
}

static void render(const dzp_plan *plan)
{
    char *doc = NULL;
    if (dzp_report_json(&doc, plan) == 0)
        free(doc);
    doc = NULL;
    if (dzp_report_json_row(&doc, plan, 7) == 0)
        free(doc);
    doc = NULL;
    if (dzp_report_markdown(&doc, plan) == 0)
        free(doc);
    doc = NULL;
    if (dzp_report_html(&doc, plan, NULL) == 0)
        free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    const char *from = "C1CNCCNC1", *to = text;
    char *nl = strchr(text, '\n');
    if (nl) {
        *nl = '\0';
        from = text;
        to = nl + 1;
    }

    dzp_scaffold *substrate = NULL;
    dzp_plan *plan = NULL;
    if (dzp_substrate_load(&substrate, from, g_rules) != 0) {
        char msg[1200];
        snprintf(msg, sizeof(msg), "substrate (--from): %s", dzp_error_last());
        if (dzp_plan_invalid(&plan, NULL, msg) == 0)
            render(plan);
        dzp_plan_free(plan);
        free(text);
        return 0;
    }
    dzp_plan_options options = DZP_PLAN_OPTIONS_INIT;
    options.routes = 2;
    if (dzp_plan_route_with(&plan, substrate, to, g_rules, &options) == 0) {
        if (dzp_plan_scale(plan, 1.0) == 0 && dzp_plan_set_name(plan, to) == 0)
            render(plan);
        dzp_plan_free(plan);
    }
    dzp_scaffold_free(substrate);
    free(text);
    return 0;
}
