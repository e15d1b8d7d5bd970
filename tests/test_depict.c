/*
 * test_depict.c - structure pictures: what a chemist sees in a report.
 *
 * The mol layer draws a molecule (Open Babel's 2D layout and depiction)
 * with its ring nitrogens tagged and the changed atoms highlighted, the
 * same bytes every time and safely from two threads; canonical SMILES tell
 * where each atom went, so an intermediate is tagged with the substrate's
 * labels.  For a real planned route (Boc on N1, then SNAr at N4) the report
 * draws the substrate, the target, each product with what its step put on
 * highlighted, and the scheme with one arrow per step carrying its
 * reagents; the Markdown report links those files and the HTML page
 * carries them inline and escapes every name.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dzp/error.h"
#include "dzp/plan.h"
#include "dzp/report.h"

#define HIGHLIGHT "rgb(199,0,121)" /* #c8007a as Open Babel's painter writes it */

static dzp_mol *parse(const char *smiles)
{
    dzp_mol *m = NULL;
    if (dzp_mol_from_smiles(&m, smiles, DZP_PARSE_STRICT) != 0)
        fail_msg("parse of %s failed: %s", smiles, dzp_error_last());
    return m;
}

/* How often needle occurs in haystack.  (Not inlined: GCC 12 at -O3 then
 * mistakes the search pointer for one into a caller's local.) */
__attribute__((noinline)) static int count(const char *haystack, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* How many atom symbols (a <text> element holding symbol) are painted in colour. */
static int symbols_in(const char *svg, const char *colour, const char *symbol)
{
    char needle[96];
    int n = 0;
    snprintf(needle, sizeof(needle), "fill=\"%s\"", colour);
    for (const char *p = strstr(svg, needle); p; p = strstr(p + 1, needle)) {
        const char *close = strchr(p, '>');
        size_t len = strlen(symbol);
        if (close && strncmp(close + 1, symbol, len) == 0 && close[1 + len] == '<')
            n++;
    }
    return n;
}

static char *depict(const dzp_mol *m, const dzp_depiction *how)
{
    char *svg = NULL;
    double w = 0, h = 0;
    assert_int_equal(dzp_mol_depict_svg(&svg, &w, &h, m, how), 0);
    assert_true(w > 50 && h > 50);
    return svg;
}

/* The SMILES written with positions reads back with every atom where the
 * positions say: same element, same neighbours. */
static void test_smiles_positions_follow_the_atoms(void **state)
{
    (void)state;
    dzp_mol *m = parse("O=C(OC(C)(C)C)N1CCCN(c2ccc(C#N)cc2)CC1");
    int n = dzp_mol_atom_count(m), *pos = malloc((size_t)n * sizeof(int));
    char *smiles = NULL, *plain = NULL;
    assert_int_equal(dzp_mol_smiles_positions(&smiles, pos, m, DZP_SMILES_CANONICAL), 0);
    assert_int_equal(dzp_mol_smiles(&plain, m, DZP_SMILES_CANONICAL), 0);
    assert_string_equal(smiles, plain);
    dzp_mol *back = parse(smiles);
    for (int i = 0; i < n; i++) {
        int nb[8], nb_back[8];
        assert_true(pos[i] >= 0 && pos[i] < n);
        assert_int_equal(dzp_mol_atom_element(m, i), dzp_mol_atom_element(back, pos[i]));
        int k = dzp_mol_atom_neighbors(m, i, nb, 8);
        assert_int_equal(k, dzp_mol_atom_neighbors(back, pos[i], nb_back, 8));
        for (int j = 0; j < k; j++)
            assert_true(dzp_mol_bond_order(back, pos[i], pos[nb[j]]) ==
                        dzp_mol_bond_order(m, i, nb[j]));
    }
    free(pos);
    free(smiles);
    free(plain);
    dzp_mol_free(m);
    dzp_mol_free(back);
}

/* Tags are written, highlights colour exactly the atoms asked for, a
 * stereocentre gets its wedge, and the drawing is the same every time. */
static void test_depiction_tags_and_highlights(void **state)
{
    (void)state;
    dzp_mol *m = parse("C[C@H]1CN(CCCN1)C(=O)OC(C)(C)C"); /* N-Boc on the N far from the methyl */
    int tag_atoms[2] = {3, 7}, lit[3] = {3, 8, 9};       /* N, N; the Boc N, C=O carbon, O */
    const char *tags[2] = {"N4", "N1"};
    dzp_depiction how = {tag_atoms, tags, 2, lit, 3, 1.0};
    char *svg = depict(m, &how), *again = depict(m, &how), *plain = depict(m, NULL);
    assert_string_equal(svg, again);
    assert_true(strncmp(svg, "<svg ", 5) == 0 && strstr(svg, "viewBox=\"0 0 "));
    assert_int_equal(count(svg, ">N1<"), 1);
    assert_int_equal(count(svg, ">N4<"), 1);
    assert_int_equal(count(plain, ">N1<") + count(plain, ">N4<"), 0);
    assert_int_equal(symbols_in(svg, HIGHLIGHT, "N"), 1);   /* the Boc nitrogen */
    assert_int_equal(symbols_in(svg, HIGHLIGHT, "O"), 1);   /* the carbonyl O only */
    assert_int_equal(symbols_in(svg, "rgb(255,12,12)", "O"), 1); /* the ester O keeps red */
    assert_int_equal(count(plain, HIGHLIGHT), 0);
    assert_true(count(plain, "<polygon") >= 1);              /* the wedge at C2 */
    free(svg);
    free(again);
    free(plain);
    dzp_mol_free(m);
}

static void test_depiction_refuses_bad_requests(void **state)
{
    (void)state;
    dzp_mol *m = parse("C1CNCCNC1");
    int far = 40;
    const char *tag = "N1";
    char *svg = NULL;
    double w, h;
    dzp_depiction bad_tag = {&far, &tag, 1, NULL, 0, 1.0}, bad_lit = {NULL, NULL, 0, &far, 1, 1.0};
    assert_int_equal(dzp_mol_depict_svg(&svg, &w, &h, m, &bad_tag), DZP_EINVAL);
    assert_int_equal(dzp_mol_depict_svg(&svg, &w, &h, m, &bad_lit), DZP_EINVAL);
    assert_int_equal(dzp_mol_depict_svg(&svg, &w, &h, NULL, NULL), DZP_EINVAL);
    assert_null(svg);
    dzp_mol_free(m);
}

static void *draw_many(void *arg)
{
    const dzp_mol *m = arg;
    for (int i = 0; i < 15; i++) {
        char *svg = NULL;
        double w, h;
        if (dzp_mol_depict_svg(&svg, &w, &h, m, NULL) != 0)
            return (void *)1;
        free(svg);
    }
    return NULL;
}

/* Open Babel's depiction crashes from two threads; ours is serialized. */
static void test_depiction_from_two_threads(void **state)
{
    (void)state;
    dzp_mol *a = parse("Clc1ccc(CN2CCCNCC2)cc1"), *b = parse("O=C(c1ccccc1)N1CCCN(C)CC1");
    pthread_t t1, t2;
    void *r1 = NULL, *r2 = NULL;
    assert_int_equal(pthread_create(&t1, NULL, draw_many, a), 0);
    assert_int_equal(pthread_create(&t2, NULL, draw_many, b), 0);
    pthread_join(t1, &r1);
    pthread_join(t2, &r2);
    assert_null(r1);
    assert_null(r2);
    dzp_mol_free(a);
    dzp_mol_free(b);
}

/* ---- the pictures of a planned route ---------------------------------------------------- */

typedef struct {
    dzp_rules *rules;
    dzp_scaffold *substrate;
    dzp_plan *plan;
    dzp_pictures pictures;
} fixture;

static int setup_route(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (dzp_rules_load(&f->rules, DZP_TEST_RULES_DIR) != 0 ||
        dzp_substrate_load(&f->substrate, "C1CNCCNC1", f->rules) != 0 ||
        dzp_plan_route(&f->plan, f->substrate,
                       "CC(C)(C)OC(=O)N1CCCN(CC1)c1ccc(C#N)cc1", f->rules) != 0 ||
        dzp_plan_set_name(f->plan, "<b>nitrile & co</b>") != 0 ||
        dzp_report_pictures(&f->pictures, f->plan, "cpd") != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown_route(void **state)
{
    fixture *f = *state;
    dzp_report_pictures_clear(&f->pictures);
    dzp_plan_free(f->plan);
    dzp_scaffold_free(f->substrate);
    dzp_rules_free(f->rules);
    free(f);
    return 0;
}

static const dzp_picture *picture(const fixture *f, dzp_picture_kind kind, int step)
{
    const dzp_picture *p = dzp_report_picture(&f->pictures, kind, step);
    if (!p)
        fail_msg("no picture of kind %d step %d", (int)kind, step);
    return p;
}

/* Boc goes on N1 first, then the aryl on N4: every molecule is drawn, each
 * product with its new group lit, the target tagged like the substrate. */
static void test_route_pictures(void **state)
{
    fixture *f = *state;
    assert_int_equal(f->plan->status, DZP_STATUS_OK);
    assert_int_equal(f->plan->n_steps, 2);
    assert_string_equal(f->plan->steps[0].rule->kind, "protect");
    assert_int_equal(f->pictures.n, 6);
    const dzp_picture *sub = picture(f, DZP_PICTURE_SUBSTRATE, 0),
                      *target = picture(f, DZP_PICTURE_TARGET, 0),
                      *boc = picture(f, DZP_PICTURE_PRODUCT, 1),
                      *aryl = picture(f, DZP_PICTURE_PRODUCT, 2);
    assert_string_equal(boc->file, "cpd-step1.svg");
    assert_string_equal(sub->file, "cpd-substrate.svg");
    assert_string_equal(picture(f, DZP_PICTURE_THUMBNAIL, 0)->file, "cpd-thumb.svg");
    for (const dzp_picture *p = sub; p; p = p == sub ? target : p == target ? boc
                                                 : p == boc  ? aryl : NULL) {
        assert_int_equal(count(p->svg, ">N1<"), 1);
        assert_int_equal(count(p->svg, ">N4<"), 1);
        assert_true(strstr(p->svg, "xmlns=\"http://www.w3.org/2000/svg\"") != NULL);
    }
    /* step 1 lit the Boc (its N, both O), step 2 the aryl N and the nitrile N */
    assert_int_equal(symbols_in(boc->svg, HIGHLIGHT, "O"), 2);
    assert_int_equal(symbols_in(boc->svg, HIGHLIGHT, "N"), 1);
    assert_int_equal(symbols_in(aryl->svg, HIGHLIGHT, "N"), 2);
    assert_int_equal(symbols_in(aryl->svg, HIGHLIGHT, "O"), 0);
    assert_int_equal(count(target->svg, HIGHLIGHT) + count(sub->svg, HIGHLIGHT), 0);
    assert_true(strstr(boc->caption, "step 1") != NULL);
}

/* The scheme: substrate and two products, one arrow per step with its
 * number and key reagent above and its solvent below. */
static void test_route_scheme(void **state)
{
    fixture *f = *state;
    const dzp_picture *scheme = picture(f, DZP_PICTURE_SCHEME, 0);
    assert_int_equal(count(scheme->svg, "\"/><polygon points="), 2); /* arrow shaft + head */
    assert_int_equal(count(scheme->svg, "<g transform="), 3);
    assert_int_equal(count(scheme->svg, ">(1)"), 1);
    assert_int_equal(count(scheme->svg, ">(2)"), 1);
    assert_true(strstr(scheme->svg, "dicarbonate") != NULL);
    assert_true(strstr(scheme->svg, f->plan->steps[1].rule->conditions.solvent) != NULL);
}

/* Markdown links every picture by its file; HTML carries them inline,
 * runs no script and escapes the name. */
static void test_reports_with_pictures(void **state)
{
    fixture *f = *state;
    char *md = NULL, *plain = NULL, *html = NULL;
    assert_int_equal(dzp_report_markdown_with(&md, f->plan, &f->pictures), 0);
    assert_int_equal(dzp_report_markdown(&plain, f->plan), 0);
    assert_int_equal(count(plain, "]("), 0);
    for (size_t i = 0; i < f->pictures.n; i++) {
        char link[64];
        snprintf(link, sizeof(link), "](%s)", f->pictures.items[i].file);
        assert_int_equal(count(md, link), f->pictures.items[i].kind == DZP_PICTURE_THUMBNAIL ? 0 : 1);
    }
    assert_true(strstr(md, "![Route scheme](cpd-scheme.svg)") < strstr(md, "### Step 1"));
    assert_int_equal(dzp_report_html(&html, f->plan, &f->pictures), 0);
    assert_int_equal(count(html, "<svg xmlns="), 5 + 3); /* the scheme holds 3 molecules */
    assert_int_equal(count(html, "<script"), 0);
    assert_int_equal(count(html, "<b>nitrile"), 0);
    assert_true(strstr(html, "&lt;b&gt;nitrile &amp; co&lt;/b&gt;") != NULL);
    assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
    free(md);
    free(plain);
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_smiles_positions_follow_the_atoms),
        cmocka_unit_test(test_depiction_tags_and_highlights),
        cmocka_unit_test(test_depiction_refuses_bad_requests),
        cmocka_unit_test(test_depiction_from_two_threads),
        cmocka_unit_test_setup_teardown(test_route_pictures, setup_route, teardown_route),
        cmocka_unit_test_setup_teardown(test_route_scheme, setup_route, teardown_route),
        cmocka_unit_test_setup_teardown(test_reports_with_pictures, setup_route, teardown_route),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
