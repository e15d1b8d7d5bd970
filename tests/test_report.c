/*
 * test_report.c - the report module: a plan built by hand becomes the JSON
 * document of route-json.md (every key, its type, the null rules of a
 * refusal, step fields, flags, alternatives, N1/N4 symmetry) and a Markdown
 * report a chemist can read and a linter accepts (title, site table, steps
 * in order, flags with their mitigation, alternatives; blank lines round
 * blocks, no trailing spaces or tabs, one final newline).
 *
 * The plans need no Open Babel: scaffolds are filled in field by field and
 * the rules (protecting group, transformations) are static structs here.
 * Each test gets a fresh "Boc-protect, benzylate, deprotect" plan from the
 * setup and changes what it needs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "dzp/error.h"
#include "dzp/plan.h"
#include "dzp/report.h"
#include "report_internal.h"
#include "strbuf.h"
#include "utf8.h"

#define HOMOPIPERAZINE "C1CNCCNC1"
#define BENZYL_TARGET "C1CN(Cc2ccccc2)CCNC1"
#define MAX_LINES 1024

/* --- static rules -------------------------------------------------------- */

static const dzp_pg boc = {
    .name = "Boc", .long_name = "tert-butoxycarbonyl", .cleavage = "acid",
    .source = "001_4f58cb2ccb78ed93.txt",
};

static const dzp_transformation t_protect = {
    .id = "boc_protect", .kind = "protect", .tkind = DZP_TK_PROTECT, .name = "Boc protection",
    .pg_name = "Boc", .pg = &boc,
    .conditions = {.solvent = "DCM", .temperature_c = {0, 25, true}, .time_h = {2, 4, true},
                   .concentration_m = 0.2, .has_concentration = true, .atmosphere = "air"},
    .workup = "Wash with water and brine, dry over Na2SO4 and concentrate.",
};

static const dzp_transformation t_redam = {
    .id = "reductive_amination_aldehyde", .kind = "reductive_amination",
    .tkind = DZP_TK_INSTALL, .name = "Reductive amination (aldehyde)",
    .conditions = {.solvent = "DCE", .temperature_c = {20, 25, true}, .time_h = {2, 12, true},
                   .concentration_m = 0.1, .has_concentration = true, .atmosphere = "N2"},
    .workup = "Quench with saturated NaHCO3, extract with DCM (3x), dry and concentrate.",
};

static const dzp_transformation t_deprotect = {
    .id = "boc_deprotect_tfa", .kind = "deprotect", .tkind = DZP_TK_DEPROTECT,
    .name = "Boc removal (TFA)", .pg_name = "Boc", .pg = &boc,
    .conditions = {.solvent = "DCM/TFA 4:1", .temperature_c = {25, 25, true},
                   .atmosphere = "air"},
    .workup = "Concentrate, then free-base with NaHCO3 | or an SCX cartridge.",
};

/* --- the fixture ----------------------------------------------------------- */

typedef struct {
    dzp_scaffold substrate, target;
    dzp_plan plan;
    dzp_site_goal goal_n4;
    dzp_step steps[3];
    dzp_step_reagent reagents[3][3];
    dzp_flag step_flags[3][2];
    dzp_flag route_flags[1];
    dzp_alternative alts[2];
    char *json;
    json_t *doc;
    char *md;
} fixture;

static void fill_substrate(dzp_scaffold *s)
{
    s->smiles = (char *)HOMOPIPERAZINE;
    s->formula = (char *)"C5H12N2";
    s->mw = 100.1622;
    s->site[0] = (dzp_site){.label = "N1", .state = DZP_SITE_NH, .sub_atom = -1,
                            .n_type = "amine", .core_n_type = "amine"};
    s->site[1] = (dzp_site){.label = "N4", .state = DZP_SITE_NH, .sub_atom = -1,
                            .n_type = "amine", .core_n_type = "amine"};
    s->equivalent = true;
    for (int i = 0; i < 5; i++)
        s->carbon[i].locant = (int[]){2, 3, 5, 6, 7}[i];
}

static void fill_target(dzp_scaffold *t)
{
    t->smiles = (char *)BENZYL_TARGET;
    t->formula = (char *)"C12H18N2";
    t->mw = 190.2854;
    t->site[0] = (dzp_site){.label = "N1", .state = DZP_SITE_R, .sub_atom = 3};
    t->site[1] = (dzp_site){.label = "N4", .state = DZP_SITE_NH, .sub_atom = -1};
}

static dzp_flag flag(const char *id, dzp_severity sev, const char *message, const char *source)
{
    return (dzp_flag){.id = id, .severity = sev, .message = (char *)message,
                      .mitigation = "Use 0.95 equiv and add it slowly at 0 °C.", .source = source};
}

static dzp_step_reagent reagent(const char *role, const char *name, const char *smiles,
                                double equiv)
{
    return (dzp_step_reagent){.role = role, .name = (char *)name, .smiles = (char *)smiles,
                              .equiv = equiv, .has_equiv = equiv > 0};
}

static void fill_steps(fixture *f)
{
    static const dzp_transformation *const rules[3] = {&t_protect, &t_redam, &t_deprotect};
    static const char *const products[3] = {
        "CC(C)(C)OC(=O)N1CCCNCC1", "CC(C)(C)OC(=O)N1CCCN(Cc2ccccc2)CC1", BENZYL_TARGET};
    static const char *const sites[3] = {"N4", "N1", "N4"};

    f->reagents[0][0] = reagent("electrophile", "di-tert-butyl dicarbonate",
                                "CC(C)(C)OC(=O)OC(=O)OC(C)(C)C", 0.95);
    f->reagents[0][1] = reagent("solvent", "dichloromethane", "ClCCl", 0);
    f->reagents[1][0] = reagent("electrophile", "benzaldehyde", "O=Cc1ccccc1", 1.1);
    f->reagents[1][1] = reagent("reductant", "sodium triacetoxyborohydride (STAB)", NULL, 1.5);
    f->reagents[1][2] = reagent("acid", "acetic acid", "CC(=O)O", 10);
    f->reagents[2][0] = reagent("acid", "trifluoroacetic acid", "OC(=O)C(F)(F)F", 20);
    f->step_flags[0][0] = flag("di_protection", DZP_SEV_WARNING,
                               "Both nitrogens can be protected.", "001_4f58cb2ccb78ed93.txt");
    f->step_flags[1][0] = flag("over_alkylation", DZP_SEV_WARNING,
                               "The product amine can react again.", "004_1f04d0c6e2edd4ce.txt");
    f->step_flags[1][1] = flag("silica_tailing", DZP_SEV_INFO, "Basic amines streak on silica.",
                               "https://doi.org/10.1000/example.");
    f->step_flags[2][0] = flag("tert_butyl_cation", DZP_SEV_CRITICAL,
                               "The t-Bu cation alkylates electron-rich rings.", "general");
    for (int i = 0; i < 3; i++) {
        dzp_step *s = &f->steps[i];
        s->n = i + 1;
        s->rule = rules[i];
        snprintf(s->site, sizeof(s->site), "%s", sites[i]);
        s->pg = rules[i]->pg_name;
        s->workup = rules[i]->workup;
        s->reagents = f->reagents[i];
        s->n_reagents = (size_t[]){2, 3, 1}[i];
        s->product = (dzp_molecule_info){.smiles = (char *)products[i], .formula = (char *)"CxHy",
                                         .mw = 200.2 + i};
        s->flags = f->step_flags[i];
        s->n_flags = (size_t[]){1, 2, 1}[i];
    }
}

static void fill_plan(fixture *f)
{
    dzp_plan *p = &f->plan;

    p->status = DZP_STATUS_OK;
    p->name = (char *)"cpd-7";
    p->substrate = &f->substrate;
    p->target = &f->target;
    p->goal[0] = (dzp_site_goal){.state = DZP_SITE_NH, .target_atom = 3};
    p->goal[1] = (dzp_site_goal){.state = DZP_SITE_R, .substituent = (char *)"[*]Cc1ccccc1",
                                 .target_atom = 6};
    p->have_goals = true;
    p->has_route = true;
    p->steps = f->steps;
    p->n_steps = 3;
    p->score = 2.4049;
    p->verified = true;
    f->alts[0] = (dzp_alternative){.summary = (char *)"Direct mono-benzylation", .steps = 1,
                                   .rejected = (char *)"Statistical: over-alkylation.",
                                   .score = 3.456};
    f->alts[1] = (dzp_alternative){.summary = (char *)"Cbz route: Cbz-protect, reductive "
                                              "amination, H2/Pd-C",
                                   .steps = 3, .rejected = (char *)"H2/Pd-C also cleaves N-benzyl.",
                                   .score = 4.1};
    p->alts = f->alts;
    p->n_alts = 2;
    f->route_flags[0] = flag("regioselectivity", DZP_SEV_INFO, "N1 and N4 are equivalent.", "004");
    p->flags = f->route_flags;
    p->n_flags = 1;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));

    if (!f)
        return -1;
    fill_substrate(&f->substrate);
    fill_target(&f->target);
    fill_steps(f);
    fill_plan(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;

    free(f->json);
    free(f->md);
    json_decref(f->doc);
    free(f);
    return 0;
}

static char *copy_of(const char *s);

/* --- Markdown lint: the markdownlint defaults that a generator can break -- */

static bool is_blank(const char *line)
{
    return line[0] == '\0';
}

static bool is_table(const char *line)
{
    return line[0] == '|';
}

static bool is_item(const char *line)
{
    size_t digits = strspn(line, "0123456789");
    return strncmp(line, "- ", 2) == 0 || (digits > 0 && strncmp(line + digits, ". ", 2) == 0);
}

/* Unescaped pipes in a table row. */
static int pipes(const char *row)
{
    int n = 0;
    for (const char *p = row; *p; p++)
        n += *p == '|' && (p == row || p[-1] != '\\');
    return n;
}

static size_t split_lines(char *copy, char **lines)
{
    size_t n = 0;
    for (char *p = copy; *p && n < MAX_LINES; n++) {
        char *nl = strchr(p, '\n');
        lines[n] = p;
        if (!nl)
            fail_msg("line %zu has no newline", n + 1);
        *nl = '\0';
        p = nl + 1;
    }
    return n;
}

static void check_line(char **lines, size_t n, size_t i, int *h1)
{
    const char *l = lines[i], *prev = i ? lines[i - 1] : "", *next = i + 1 < n ? lines[i + 1] : "";
    size_t len = strlen(l);

    if (strchr(l, '\t') || (len && l[len - 1] == ' ') || len > 400)
        fail_msg("line %zu has a tab, a trailing space or is too long: '%s'", i + 1, l);
    if (is_blank(l) && is_blank(prev) && i > 0)
        fail_msg("two blank lines before line %zu", i + 1);
    if (l[0] == '#') {
        *h1 += strncmp(l, "# ", 2) == 0;
        if (!(strncmp(l, "# ", 2) == 0 || strncmp(l, "## ", 3) == 0 || strncmp(l, "### ", 4) == 0))
            fail_msg("line %zu: bad heading '%s'", i + 1, l);
        if ((i > 0 && !is_blank(prev)) || !is_blank(next))
            fail_msg("heading on line %zu is not surrounded by blank lines", i + 1);
    }
    if (is_table(l) && !is_table(prev)) {
        if (!is_blank(prev) || !next[0] || strncmp(next, "| --- |", 7) != 0)
            fail_msg("table at line %zu: no blank line before or no separator row", i + 1);
    }
    if (is_table(l) && (l[len - 1] != '|' || (is_table(prev) && pipes(l) != pipes(prev))))
        fail_msg("table row %zu: '%s' does not match the row before", i + 1, l);
    if (is_item(l) && !is_item(prev) && strncmp(prev, "  ", 2) != 0 && !is_blank(prev))
        fail_msg("list at line %zu has no blank line before it", i + 1);
    if ((is_table(l) || is_item(l)) && !is_blank(next) && !is_table(next) && !is_item(next) &&
        strncmp(next, "  ", 2) != 0)
        fail_msg("block at line %zu is not followed by a blank line", i + 1);
}

static void assert_markdown_lint(const char *md)
{
    size_t len = strlen(md), n;
    char *copy = copy_of(md), *lines[MAX_LINES];
    int h1 = 0;

    assert_true(len >= 2);
    assert_true(md[len - 1] == '\n' && md[len - 2] != '\n');
    assert_true(strncmp(md, "# ", 2) == 0);
    n = split_lines(copy, lines);
    for (size_t i = 0; i < n; i++)
        check_line(lines, n, i, &h1);
    assert_int_equal(h1, 1);
    free(copy);
}

/* --- helpers ------------------------------------------------------------- */

static void render(fixture *f)
{
    json_error_t err;
    char *again = NULL;

    assert_int_equal(dzp_report_json(&f->json, &f->plan), 0);
    f->doc = json_loads(f->json, JSON_REJECT_DUPLICATES, &err);
    if (!f->doc)
        fail_msg("report JSON does not parse: %s: %s", err.text, f->json);
    assert_true(json_is_object(f->doc));
    /* written as made, the text is what jansson writes of the same document */
    char *dumped = json_dumps(f->doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    assert_non_null(dumped);
    assert_string_equal(f->json, dumped);
    free(dumped);
    assert_int_equal(dzp_report_markdown(&f->md, &f->plan), 0);
    assert_markdown_lint(f->md);
    assert_int_equal(dzp_report_markdown(&again, &f->plan), 0);
    assert_string_equal(again, f->md); /* deterministic */
    free(again);
}

static json_t *get(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        fail_msg("key '%s' missing", key);
    return v;
}

static const char *str(const json_t *obj, const char *key)
{
    json_t *v = get(obj, key);
    if (!json_is_string(v))
        fail_msg("'%s' is not a string", key);
    return json_string_value(v);
}

static void assert_null_key(const json_t *obj, const char *key)
{
    if (!json_is_null(get(obj, key)))
        fail_msg("'%s' is not null", key);
}

static double num(const json_t *obj, const char *key)
{
    json_t *v = get(obj, key);
    if (!json_is_number(v))
        fail_msg("'%s' is not a number", key);
    return json_number_value(v);
}

/* The contract's keys appear, in the contract's order (extras anywhere). */
static void assert_keys_in_order(const json_t *obj, const char *const *keys, size_t n)
{
    size_t k = 0;
    for (void *it = json_object_iter((json_t *)obj); it && k < n;
         it = json_object_iter_next((json_t *)obj, it))
        k += strcmp(json_object_iter_key(it), keys[k]) == 0;
    if (k != n)
        fail_msg("key '%s' missing or out of order", keys[k]);
}

static void assert_molecule(const json_t *m, const char *smiles, double mw)
{
    static const char *const keys[] = {"smiles", "formula", "mw"};
    assert_keys_in_order(m, keys, 3);
    assert_string_equal(str(m, "smiles"), smiles);
    assert_true(json_is_string(get(m, "formula")));
    assert_float_equal(num(m, "mw"), mw, 1e-9);
}

static void assert_flag(const json_t *f)
{
    static const char *const keys[] = {"id", "severity", "message", "mitigation", "source"};
    const char *sev;

    assert_keys_in_order(f, keys, 5);
    sev = str(f, "severity");
    assert_true(!strcmp(sev, "info") || !strcmp(sev, "warning") || !strcmp(sev, "critical"));
    for (size_t i = 0; i < 5; i++)
        assert_true(json_is_string(get(f, keys[i])));
}

static const json_t *site(const json_t *doc, size_t k)
{
    const json_t *sites = get(doc, "sites");
    assert_true(json_is_array(sites));
    assert_int_equal(json_array_size(sites), 2);
    return json_array_get(sites, k);
}

static bool contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("'%s' not found in:\n%s", needle, hay);
    return true;
}

/* A malloc'd copy of s. */
static char *copy_of(const char *s)
{
    char *c = malloc(strlen(s) + 1);

    assert_non_null(c);
    return strcpy(c, s);
}

/* The Markdown with list items' wrapped prose joined back: a newline
 * followed by the two-space continuation indent becomes one space. */
static char *unwrap(const char *md)
{
    char *flat = copy_of(md), *o = flat;

    for (const char *p = md; *p; p++) {
        if (p[0] == '\n' && strncmp(p + 1, "  ", 2) == 0) {
            *o++ = ' ';
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return flat;
}

/* --- JSON ---------------------------------------------------------------- */

static void test_json_top_level(void **state)
{
    static const char *const keys[] = {"schema", "name",  "status", "message",      "substrate",
                                       "target", "sites", "route",  "alternatives", "flags"};
    fixture *f = *state;

    render(f);
    assert_keys_in_order(f->doc, keys, 10);
    assert_string_equal(str(f->doc, "schema"), "dzp-plan.route/1");
    assert_string_equal(str(f->doc, "name"), "cpd-7");
    assert_string_equal(str(f->doc, "status"), "ok");
    assert_null_key(f->doc, "message");
    assert_molecule(get(f->doc, "substrate"), HOMOPIPERAZINE, 100.16);
    assert_molecule(get(f->doc, "target"), BENZYL_TARGET, 190.29);
    assert_true(json_is_array(get(f->doc, "ring_carbons")));
    assert_int_equal(json_array_size(get(f->doc, "ring_carbons")), 0);
    /* compact: one line, no spaces after separators, no trailing newline */
    assert_null(strchr(f->json, '\n'));
    assert_null(strstr(f->json, "\": "));
    assert_true(f->json[strlen(f->json) - 1] == '}');
}

static void test_json_sites(void **state)
{
    static const char *const keys[] = {"label", "substrate", "target", "substituent",
                                       "equivalent_to"};
    fixture *f = *state;
    const json_t *n1, *n4;

    render(f);
    n1 = site(f->doc, 0);
    n4 = site(f->doc, 1);
    assert_keys_in_order(n1, keys, 5);
    assert_string_equal(str(n1, "label"), "N1");
    assert_string_equal(str(n4, "label"), "N4");
    assert_string_equal(str(n1, "substrate"), "NH");
    assert_string_equal(str(n1, "target"), "NH");
    assert_null_key(n1, "substituent");
    assert_string_equal(str(n4, "target"), "R");
    assert_string_equal(str(n4, "substituent"), "[*]Cc1ccccc1");
    /* equivalence is symmetric */
    assert_string_equal(str(n1, "equivalent_to"), "N4");
    assert_string_equal(str(n4, "equivalent_to"), "N1");
    assert_true(json_is_integer(get(n1, "hindrance")));
    assert_null_key(n1, "substrate_substituent");
}

static void test_json_route_and_steps(void **state)
{
    static const char *const keys[] = {"n",          "kind",     "rule",    "site",
                                       "pg",         "reagents", "conditions", "workup",
                                       "product",    "flags"};
    static const char *const kinds[] = {"protect", "reductive_amination", "deprotect"};
    fixture *f = *state;
    const json_t *route, *steps;

    render(f);
    route = get(f->doc, "route");
    assert_true(json_is_object(route));
    assert_float_equal(num(route, "score"), 2.4, 1e-9);
    assert_true(json_is_true(get(route, "verified")));
    steps = get(route, "steps");
    assert_int_equal(json_array_size(steps), 3);
    for (size_t i = 0; i < 3; i++) {
        const json_t *s = json_array_get(steps, i);
        assert_keys_in_order(s, keys, 10);
        assert_int_equal(json_integer_value(get(s, "n")), (json_int_t)i + 1);
        assert_string_equal(str(s, "kind"), kinds[i]);
        assert_true(json_is_string(get(s, "workup")));
        assert_true(json_is_array(get(s, "flags")) && json_array_size(get(s, "flags")) > 0);
        for (size_t k = 0; k < json_array_size(get(s, "flags")); k++)
            assert_flag(json_array_get(get(s, "flags"), k));
        assert_true(json_is_object(get(s, "product")));
    }
    assert_string_equal(str(json_array_get(steps, 0), "rule"), "boc_protect");
    assert_string_equal(str(json_array_get(steps, 0), "pg"), "Boc");
    assert_string_equal(str(json_array_get(steps, 1), "site"), "N1");
    assert_null_key(json_array_get(steps, 1), "pg");
    assert_molecule(get(json_array_get(steps, 2), "product"), BENZYL_TARGET, 202.2);
}

static void test_json_reagents_and_conditions(void **state)
{
    static const char *const rkeys[] = {"role", "name", "smiles", "equiv"};
    static const char *const ckeys[] = {"solvent", "temperature_c", "time_h", "concentration_m",
                                        "atmosphere"};
    fixture *f = *state;
    const json_t *steps, *r, *c;

    render(f);
    steps = get(get(f->doc, "route"), "steps");
    r = get(json_array_get(steps, 0), "reagents");
    assert_int_equal(json_array_size(r), 2);
    assert_keys_in_order(json_array_get(r, 0), rkeys, 4);
    assert_float_equal(num(json_array_get(r, 0), "equiv"), 0.95, 1e-12);
    assert_null_key(json_array_get(r, 1), "equiv");        /* the solvent */
    r = get(json_array_get(steps, 1), "reagents");
    assert_null_key(json_array_get(r, 1), "smiles");       /* STAB without SMILES */
    assert_float_equal(num(json_array_get(r, 1), "equiv"), 1.5, 1e-12);
    assert_float_equal(num(json_array_get(r, 2), "equiv"), 10, 1e-12);

    c = get(json_array_get(steps, 1), "conditions");
    assert_keys_in_order(c, ckeys, 5);
    assert_string_equal(str(c, "solvent"), "DCE");
    assert_int_equal(json_array_size(get(c, "temperature_c")), 2);
    assert_float_equal(json_number_value(json_array_get(get(c, "time_h"), 1)), 12, 0);
    assert_float_equal(num(c, "concentration_m"), 0.1, 1e-12);
    assert_string_equal(str(c, "atmosphere"), "N2");
    c = get(json_array_get(steps, 2), "conditions"); /* time and concentration not given */
    assert_null_key(c, "time_h");
    assert_null_key(c, "concentration_m");
}

static void test_json_flags_and_alternatives(void **state)
{
    static const char *const akeys[] = {"summary", "steps", "rejected"};
    fixture *f = *state;
    const json_t *alts, *flags, *fl;

    render(f);
    flags = get(f->doc, "flags");
    assert_int_equal(json_array_size(flags), 1);
    assert_flag(json_array_get(flags, 0));
    assert_string_equal(str(json_array_get(flags, 0), "id"), "regioselectivity");
    fl = get(json_array_get(get(get(f->doc, "route"), "steps"), 2), "flags");
    assert_string_equal(str(json_array_get(fl, 0), "severity"), "critical");
    alts = get(f->doc, "alternatives");
    assert_int_equal(json_array_size(alts), 2);
    for (size_t i = 0; i < 2; i++)
        assert_keys_in_order(json_array_get(alts, i), akeys, 3);
    assert_int_equal(json_integer_value(get(json_array_get(alts, 1), "steps")), 3);
    assert_string_equal(str(json_array_get(alts, 0), "rejected"), "Statistical: over-alkylation.");
    assert_float_equal(num(json_array_get(alts, 0), "score"), 3.46, 1e-9);
}

static void test_json_no_route(void **state)
{
    fixture *f = *state;

    f->plan.status = DZP_STATUS_NO_ROUTE;
    f->plan.message = (char *)"Every route destroys the methyl ester.";
    render(f);
    assert_string_equal(str(f->doc, "status"), "no_route");
    assert_string_equal(str(f->doc, "message"), "Every route destroys the methyl ester.");
    assert_null_key(f->doc, "route"); /* even though the plan still holds steps */
    assert_true(json_is_object(get(f->doc, "target")));
    assert_int_equal(json_array_size(get(f->doc, "sites")), 2);
    contains(f->md, "# cpd-7: no route to `" BENZYL_TARGET "`\n");
    contains(f->md, "\n> Every route destroys the methyl ester.\n");
    assert_null(strstr(f->md, "## Route\n"));
}

static void test_json_invalid_without_substrate(void **state)
{
    fixture *f = *state;

    f->plan = (dzp_plan){.status = DZP_STATUS_INVALID_INPUT,
                         .message = (char *)"--from: 'C1CC' is not a 1,4-diazepane."};
    render(f);
    assert_string_equal(str(f->doc, "status"), "invalid_input");
    assert_null_key(f->doc, "name");
    assert_null_key(f->doc, "substrate");
    assert_null_key(f->doc, "target");
    assert_null_key(f->doc, "route");
    assert_int_equal(json_array_size(get(f->doc, "sites")), 0);
    assert_int_equal(json_array_size(get(f->doc, "alternatives")), 0);
    assert_int_equal(json_array_size(get(f->doc, "flags")), 0);
    contains(f->md, "# Invalid input\n");
    contains(f->md, "> --from: 'C1CC' is not a 1,4-diazepane.\n");
    assert_null(strstr(f->md, "## Sites"));
}

/* A site analysis of a substituted, protected, unsymmetric substrate. */
static void test_site_analysis(void **state)
{
    fixture *f = *state;
    dzp_scaffold *s = &f->substrate;

    s->smiles = (char *)"C[C@H]1CN(C(=O)OC(C)(C)C)CCCN1";
    s->site[1].state = DZP_SITE_PG;
    s->site[1].pg = &boc;
    s->site[1].substituent_smiles = (char *)"[*]C(=O)OC(C)(C)C";
    s->site[0].hindrance = 1;
    s->site[0].n_type = "amine";
    s->site[1].n_type = "carbamate";
    s->equivalent = false;
    s->carbon[0].n_substituents = 1;
    s->carbon[0].stereo_specified = true;
    f->plan = (dzp_plan){.status = DZP_STATUS_OK, .substrate = s};
    render(f);
    assert_null_key(f->doc, "target");
    assert_null_key(f->doc, "route");
    assert_null_key(site(f->doc, 0), "target");
    assert_null_key(site(f->doc, 1), "substituent");
    assert_null_key(site(f->doc, 0), "equivalent_to");
    assert_null_key(site(f->doc, 1), "equivalent_to");
    assert_string_equal(str(site(f->doc, 1), "substrate"), "PG:Boc");
    assert_string_equal(str(site(f->doc, 1), "substrate_substituent"), "[*]C(=O)OC(C)(C)C");
    assert_int_equal(json_integer_value(get(site(f->doc, 0), "hindrance")), 1);
    assert_int_equal(json_array_size(get(f->doc, "ring_carbons")), 1);
    assert_string_equal(str(json_array_get(get(f->doc, "ring_carbons"), 0), "locant"), "C2");
    assert_string_equal(str(json_array_get(get(f->doc, "ring_carbons"), 0), "stereo"),
                        "specified");
    contains(f->md, "# Site analysis of `C[C@H]1CN(C(=O)OC(C)(C)C)CCCN1`\n");
    contains(f->md, "| N4 | PG:Boc | — | — | — | 0 | carbamate |\n");
    assert_string_equal(str(site(f->doc, 1), "n_type"), "carbamate");
    contains(f->md, "Substituted ring carbons: C2 (1 substituent, stereo specified).");
}

static void test_zero_steps(void **state)
{
    fixture *f = *state;

    f->plan.n_steps = 0;
    f->plan.n_alts = 0;
    render(f);
    assert_int_equal(json_array_size(get(get(f->doc, "route"), "steps")), 0);
    contains(f->md, "Nothing to do: the substrate already is the target.");
    assert_null(strstr(f->md, "### Step"));
    assert_null(strstr(f->md, "## Alternatives"));
}

static void test_errors(void **state)
{
    fixture *f = *state;
    char *out = (char *)"untouched";

    assert_int_equal(dzp_report_json(&out, NULL), DZP_EINVAL);
    assert_int_equal(dzp_report_markdown(NULL, &f->plan), DZP_EINVAL);
    f->steps[1].rule = NULL;
    assert_int_equal(dzp_report_json(&out, &f->plan), DZP_EINVAL);
    assert_non_null(strstr(dzp_error_last(), "step 2"));
    assert_int_equal(dzp_report_markdown(&out, &f->plan), DZP_EINVAL);
    f->steps[1].rule = &t_redam;
    f->plan.status = (dzp_status)7;
    assert_int_equal(dzp_report_json(&out, &f->plan), DZP_EINVAL);
    assert_string_equal(out, "untouched");
}

/* --scale: amounts appear in both reports only once the plan is scaled. */
static void test_scaled(void **state)
{
    fixture *f = *state;
    const json_t *r;

    render(f);
    assert_null_key(f->doc, "scale_mmol");
    r = json_array_get(get(json_array_get(get(get(f->doc, "route"), "steps"), 0), "reagents"), 0);
    assert_null(json_object_get(r, "mass_mg"));
    assert_null(strstr(f->md, "| Amount |"));
    free(f->json);
    free(f->md);
    json_decref(f->doc);

    f->plan.scale_mmol = 5;
    f->reagents[0][0].mmol = 4.75;
    f->reagents[0][0].has_mmol = true;
    f->reagents[0][0].mass_mg = 1036.6731;
    f->reagents[0][0].has_mass = true;
    f->reagents[0][1].volume_ml = 25;
    f->reagents[0][1].has_volume = true;
    f->reagents[1][0].mmol = 5.5;
    f->reagents[1][0].has_mmol = true;
    f->reagents[1][0].mass_mg = 583.6834;
    f->reagents[1][0].has_mass = true;
    render(f);
    assert_float_equal(num(f->doc, "scale_mmol"), 5, 0);
    r = get(json_array_get(get(get(f->doc, "route"), "steps"), 0), "reagents");
    assert_float_equal(num(json_array_get(r, 0), "mass_mg"), 1040, 1e-9); /* 3 sig. figures */
    assert_float_equal(num(json_array_get(r, 0), "mmol"), 4.75, 1e-9);
    assert_null_key(json_array_get(r, 0), "volume_ml");
    assert_float_equal(num(json_array_get(r, 1), "volume_ml"), 25, 0);
    assert_null_key(json_array_get(r, 1), "mass_mg");
    contains(f->md, "Amounts are for 5.00 mmol of substrate;");
    contains(f->md, "| Role | Reagent | SMILES | Equiv | Amount |\n");
    contains(f->md, "| 0.95 | 4.75 mmol, 1.04 g |\n");
    contains(f->md, "| dichloromethane | `ClCCl` | — | 25.0 mL |\n");
    contains(f->md, "| 1.1 | 5.50 mmol, 584 mg |\n");
    contains(f->md, "| sodium triacetoxyborohydride (STAB) | — | 1.5 | — |\n");
}

/* --- Markdown ------------------------------------------------------------ */

static void test_markdown_route(void **state)
{
    static const char title[] = "# cpd-7: route to `" BENZYL_TARGET "`\n\n";
    fixture *f = *state;
    const char *s1, *s2, *s3;
    char *flat;

    render(f);
    flat = unwrap(f->md);
    assert_memory_equal(f->md, title, sizeof(title) - 1);
    contains(f->md, "- Substrate: `" HOMOPIPERAZINE "` (C5H12N2, MW 100.16)\n");
    contains(f->md, "| Site | Substrate | Target | Target group | Equivalent to | Hindrance | "
                    "N type |\n| --- | --- | --- | --- | --- | --- | --- |\n");
    contains(f->md, "| N4 | NH | R | `[*]Cc1ccccc1` | N1 | 0 | amine |\n");
    contains(f->md, "3 steps, score 2.40, verified ✓.");
    s1 = strstr(f->md, "\n### Step 1 at N4\n\n**Boc protection** (`protect`).\n");
    s2 = strstr(f->md, "\n### Step 2 at N1\n\n**Reductive amination (aldehyde)** "
                       "(`reductive_amination`).\n");
    s3 = strstr(f->md, "\n### Step 3 at N4\n\n**Boc removal (TFA)** (`deprotect`).\n");
    assert_true(s1 && s2 && s3 && s1 < s2 && s2 < s3);
    contains(f->md, "| Role | Reagent | SMILES | Equiv |\n");
    contains(f->md, "| electrophile | benzaldehyde | `O=Cc1ccccc1` | 1.1 |\n");
    contains(f->md, "| reductant | sodium triacetoxyborohydride (STAB) | — | 1.5 |\n");
    contains(f->md, "Conditions: DCE, 20–25 °C, 2–12 h, 0.1 M, under N2.\n");
    contains(f->md, "Conditions: DCM/TFA 4:1, 25 °C, under air.\n");
    contains(f->md, "Product: `" BENZYL_TARGET "` (CxHy, MW 202.20).");
    contains(flat, "- **warning** `over_alkylation`: The product amine can react again. — "
                   "*Mitigation:* Use 0.95 equiv and add it slowly at 0 °C. (sources 2)\n");
    /* each source is listed once, numbered as the flags cite it */
    contains(flat, "## Sources\n\n1. 001_4f58cb2ccb78ed93.txt\n2. 004_1f04d0c6e2edd4ce.txt\n"
                   "3. <https://doi.org/10.1000/example>.\n");
    contains(flat, "## Route-level flags\n\n- **info** `regioselectivity`");
    contains(f->md, "## Alternatives considered\n\n| Route | Steps | Why not chosen |\n");
    contains(f->md, "| Direct mono-benzylation | 1 | Statistical: over-alkylation. |\n");
    /* a '|' from the rules is escaped, so the table keeps its columns */
    contains(flat, "free-base with NaHCO3 \\| or an SCX cartridge.");
    free(flat);
}

/* Hostile text: Markdown syntax, bad UTF-8, a huge paragraph, a huge cell. */
static void test_markdown_hostile_text(void **state)
{
    fixture *f = *state;
    char long_text[1200], *p = long_text;
    json_t *name;

    for (int i = 0; i < 60; i++)
        p += sprintf(p, "word%02d *x* ", i);
    p[-1] = '\0';
    f->plan.name = (char *)"cpd|7 *bold* \xff <b>";
    f->alts[0].summary = (char *)"A | B";
    f->alts[0].rejected = long_text;
    f->step_flags[0][0].message = long_text;
    render(f);
    contains(f->md, "# cpd\\|7 \\*bold\\* \xEF\xBF\xBD \\<b>: route to"); /* no HTML */
    contains(f->md, "| A \\| B | 1 |");
    contains(f->md, "…");
    name = get(f->doc, "name");
    assert_string_equal(json_string_value(name), "cpd|7 *bold* \xEF\xBF\xBD <b>");
}

/* A batch row's JSON is the plain document with "line" as its last key,
 * nothing else changed. */
static void test_json_row_line(void **state)
{
    fixture *f = *state;
    char *row = NULL;
    json_t *doc;
    size_t n;

    render(f);
    assert_int_equal(dzp_report_json_row(&row, &f->plan, 42), 0);
    n = strlen(f->json);
    assert_memory_equal(row, f->json, n - 1);     /* all but the closing brace */
    assert_string_equal(row + n - 1, ",\"line\":42}");
    doc = json_loads(row, 0, NULL);
    assert_non_null(doc);
    assert_int_equal(json_integer_value(json_object_get(doc, "line")), 42);
    json_decref(doc);
    free(row);
    assert_int_equal(dzp_report_json_row(&row, NULL, 1), DZP_EINVAL);
}

/* Concatenate head, rows and tail of an index into one malloc'd text. */
static char *index_text(dzp_report_format format, const dzp_report_index_entry *rows, size_t n,
                        const dzp_report_index_totals *totals)
{
    char *parts[8], *text;
    size_t k = 0, len = 0;

    assert_true(n + 2 <= 8);
    assert_int_equal(dzp_report_index_head(&parts[k++], format), 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(dzp_report_index_row(&parts[k++], format, &rows[i], i), 0);
    assert_int_equal(dzp_report_index_tail(&parts[k++], format, totals), 0);
    for (size_t i = 0; i < k; i++)
        len += strlen(parts[i]);
    text = calloc(1, len + 1);
    assert_non_null(text);
    for (size_t i = 0; i < k; i++) {
        strcat(text, parts[i]);
        free(parts[i]);
    }
    return text;
}

static const dzp_report_index_entry index_rows[] = {
    {.name = "cpd|7 *b* a_b \xff", .file = "cpd_7_b_a_b_.md", .line = 3,
     .status = DZP_STATUS_OK, .steps = 2, .flags = 4},
    {.name = "tab\there \"q\"", .file = "tab_here_q_.md", .line = 5,
     .status = DZP_STATUS_INVALID_INPUT, .steps = -1, .flags = 0},
};

/* index.md: a table a chemist can follow, names escaped so the table
 * keeps its columns, the totals last. */
static void test_index_markdown(void **state)
{
    dzp_report_index_totals totals = {1, 0, 1};
    char *md = index_text(DZP_REPORT_MARKDOWN, index_rows, 2, &totals);

    (void)state;
    assert_string_equal(md, "# dzp-plan batch index\n\n"
                            "| name | target | line | status | steps | flags | report |\n"
                            "| --- | --- | ---: | --- | ---: | ---: | --- |\n"
                            "| cpd\\|7 \\*b\\* a\\_b \xEF\xBF\xBD | — | 3 | ok | 2 | 4 | "
                            "[cpd_7_b_a_b_.md](cpd_7_b_a_b_.md) |\n"
                            "| tab\there \"q\" | — | 5 | invalid_input | - | 0 | "
                            "[tab_here_q_.md](tab_here_q_.md) |\n"
                            "\n1 planned, 0 no route, 1 invalid.\n");
    free(md);
}

/* index.json: valid JSON, one object per compound, null steps without a
 * route; an empty batch is an empty array. */
static void test_index_json(void **state)
{
    dzp_report_index_totals totals = {1, 0, 1}, none = {0, 0, 0};
    char *text = index_text(DZP_REPORT_JSON, index_rows, 2, &totals);
    json_t *doc = json_loads(text, 0, NULL), *row;

    (void)state;
    assert_non_null(doc);
    assert_int_equal(json_array_size(doc), 2);
    row = json_array_get(doc, 0);
    assert_string_equal(json_string_value(json_object_get(row, "name")),
                        "cpd|7 *b* a_b \xEF\xBF\xBD");
    assert_string_equal(json_string_value(json_object_get(row, "status")), "ok");
    assert_int_equal(json_integer_value(json_object_get(row, "steps")), 2);
    row = json_array_get(doc, 1);
    assert_string_equal(json_string_value(json_object_get(row, "name")), "tab\there \"q\"");
    assert_true(json_is_null(json_object_get(row, "steps")));
    assert_string_equal(json_string_value(json_object_get(row, "file")), "tab_here_q_.md");
    assert_non_null(strstr(text, "\n  {\"name\":\"tab\\u0009here \\\"q\\\"\",\"line\":5,"));
    json_decref(doc);
    free(text);
    text = index_text(DZP_REPORT_JSON, NULL, 0, &none);
    assert_string_equal(text, "[]\n");
    free(text);
}

/* Bad arguments give DZP_EINVAL with a message and leave *out alone. */
static void test_index_errors(void **state)
{
    dzp_report_index_entry bad = index_rows[0];
    char *out = NULL;

    (void)state;
    bad.status = (dzp_status)7;
    assert_int_equal(dzp_report_index_row(&out, DZP_REPORT_JSON, &bad, 0), DZP_EINVAL);
    assert_null(out);
    assert_true(strlen(dzp_error_last()) > 0);
    assert_int_equal(dzp_report_index_row(&out, DZP_REPORT_JSON, NULL, 0), DZP_EINVAL);
    assert_int_equal(dzp_report_index_head(&out, (dzp_report_format)9), DZP_EINVAL);
    assert_int_equal(dzp_report_index_tail(&out, DZP_REPORT_MARKDOWN, NULL), DZP_EINVAL);
    assert_null(out);
}

/* report_json_text writes what json_dumps writes (compact, insertion
 * order, a real precision): escapes, control bytes, UTF-8 and '/', reals
 * that print as integers, with exponents either way, and at 15 and 17
 * digits, integers, nesting, empty containers. */
static void test_json_writer_matches_jansson(void **state)
{
    (void)state;
    json_t *doc = json_object();
    json_object_set_new(doc, "text", json_string("a \"quote\", a \\ back\\slash, a / and \xc3\xa9"));
    json_object_set_new(doc, "controls", json_string("\b\f\n\r\t\x01\x1f end"));
    json_object_set_new(doc, "z first", json_true());
    json_object_set_new(doc, "a later", json_false());
    json_object_set_new(doc, "nothing", json_null());
    json_object_set_new(doc, "int", json_integer(-1234567890123LL));
    json_t *reals = json_array();
    const double values[] = {0.0, 1.0, -2.5, 100.0, 1e5, 1e15, 1e16, 1e21, 123456789012345678.0,
                             0.1, 1.0 / 3.0, 2.5e-7, 1e-5, -3e-300, 6.02214076e23, 4.98};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        json_array_append_new(reals, json_real(values[i]));
    json_object_set_new(doc, "reals", reals);
    json_t *nested = json_object();
    json_object_set_new(nested, "empty array", json_array());
    json_object_set_new(nested, "empty object", json_object());
    json_object_set_new(doc, "nested", nested);
    for (int precision = 0; precision <= 17; precision += 15) {
        size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER;
        if (precision)
            flags |= JSON_REAL_PRECISION(precision);
        char *want = json_dumps(doc, flags), *got = report_json_text(doc, precision);
        assert_non_null(want);
        assert_non_null(got);
        assert_string_equal(got, want);
        free(want);
        free(got);
    }
    assert_null(report_json_text(NULL, 15));
    json_decref(doc);
}

/* The writer that makes the route report as it goes (rj_*) writes what
 * json_dumps writes of the same document, at 15 and 17 digits: escapes,
 * control bytes, UTF-8, booleans, null, integers, reals that print as
 * integers and with exponents, nesting and empty containers; bad UTF-8 is
 * replaced; an unclosed object gives no text at all. */
static void test_json_stream_matches_jansson(void **state)
{
    (void)state;
    const double values[] = {0.0, 1.0, -2.5, 100.0, 1e5, 1e15, 1e16, 1e21, 0.1,
                             1.0 / 3.0, 2.5e-7, 1e-5, -3e-300, 6.02214076e23, 4.98};
    json_t *doc = json_object();
    json_object_set_new(doc, "text", json_string("a \"quote\", a \\ and / and \xc3\xa9"));
    json_object_set_new(doc, "controls", json_string("\b\f\n\r\t\x01\x1f end"));
    json_object_set_new(doc, "yes", json_true());
    json_object_set_new(doc, "no", json_false());
    json_object_set_new(doc, "nothing", json_null());
    json_object_set_new(doc, "int", json_integer(-1234567890123LL));
    json_t *reals = json_array(), *nested = json_object();
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        json_array_append_new(reals, json_real(values[i]));
    json_object_set_new(doc, "reals", reals);
    json_object_set_new(nested, "empty array", json_array());
    json_object_set_new(nested, "empty object", json_object());
    json_object_set_new(doc, "nested", nested);
    for (int precision = 15; precision <= 17; precision += 2) {
        report_json_out w = REPORT_JSON_OUT_INIT(precision);
        rj_object(&w);
        rj_key(&w, "text");
        rj_string(&w, "a \"quote\", a \\ and / and \xc3\xa9");
        rj_key(&w, "controls");
        rj_string(&w, "\b\f\n\r\t\x01\x1f end");
        rj_key(&w, "yes");
        rj_bool(&w, true);
        rj_key(&w, "no");
        rj_bool(&w, false);
        rj_key(&w, "nothing");
        rj_string(&w, NULL);
        rj_key(&w, "int");
        rj_integer(&w, -1234567890123LL);
        rj_key(&w, "reals");
        rj_array(&w);
        for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
            rj_real(&w, values[i]);
        rj_end_array(&w);
        rj_key(&w, "nested");
        rj_object(&w);
        rj_key(&w, "empty array");
        rj_array(&w);
        rj_end_array(&w);
        rj_key(&w, "empty object");
        rj_object(&w);
        rj_end_object(&w);
        rj_end_object(&w);
        rj_end_object(&w);
        char *got = rj_take(&w);
        char *want = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER |
                                         JSON_REAL_PRECISION(precision));
        assert_non_null(got);
        assert_string_equal(got, want);
        free(got);
        free(want);
    }
    json_decref(doc);
    report_json_out bad = REPORT_JSON_OUT_INIT(15);
    rj_array(&bad);
    rj_string(&bad, "ok\xff");
    rj_end_array(&bad);
    char *text = rj_take(&bad);
    assert_string_equal(text, "[\"ok\xef\xbf\xbd\"]");
    free(text);
    report_json_out open = REPORT_JSON_OUT_INIT(15);
    rj_object(&open);
    rj_key(&open, "left open");
    rj_integer(&open, 1);
    assert_null(rj_take(&open));
}

/* The text helpers the report and the planner's keys stand on: a counted
 * text reads "<length>:<text>" (so "1:a" + "2:bc" never reads like
 * "3:abc"), and UTF-8 validity is what cleaning finds: ASCII, accented and
 * four-byte text is valid; a stray continuation byte, an overlong form
 * and a cut-short sequence are not. */
static void test_text_helpers(void **state)
{
    (void)state;
    dzp_strbuf sb = DZP_STRBUF_INIT;
    dzp_strbuf_put_counted(&sb, "");
    dzp_strbuf_put_counted(&sb, "a");
    dzp_strbuf_put_counted(&sb, "0123456789ab");
    assert_false(sb.failed);
    assert_string_equal(sb.data, "0:1:a12:0123456789ab");
    dzp_strbuf_free(&sb);
    static const char *const valid[] = {"", "Boc2O, 0 \xC2\xB0" "C", "caf\xC3\xA9",
                                        "\xF0\x9F\xA7\xAA" " flask"};
    static const char *const invalid[] = {"a\x80" "b", "\xC0\xAF", "\xE2\x82", "ok\xFF"};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        dzp_strbuf clean = DZP_STRBUF_INIT;
        assert_true(dzp_utf8_valid(valid[i]));
        assert_true(dzp_utf8_clean(&clean, valid[i]));
        dzp_strbuf_free(&clean);
    }
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        dzp_strbuf clean = DZP_STRBUF_INIT;
        assert_false(dzp_utf8_valid(invalid[i]));
        assert_false(dzp_utf8_clean(&clean, invalid[i]));
        assert_true(dzp_utf8_valid(clean.data));
        dzp_strbuf_free(&clean);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_writer_matches_jansson),
        cmocka_unit_test_setup_teardown(test_json_top_level, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_sites, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_route_and_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_reagents_and_conditions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_flags_and_alternatives, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_no_route, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_invalid_without_substrate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_analysis, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zero_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scaled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_markdown_route, setup, teardown),
        cmocka_unit_test_setup_teardown(test_markdown_hostile_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_row_line, setup, teardown),
        cmocka_unit_test(test_index_markdown),
        cmocka_unit_test(test_index_json),
        cmocka_unit_test(test_index_errors),
        cmocka_unit_test(test_text_helpers),
        cmocka_unit_test(test_json_stream_matches_jansson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
