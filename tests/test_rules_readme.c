/*
 * test_rules_readme.c - rules/README.md's worked examples work as written.
 *
 * The README teaches a chemist to add a protecting group (Alloc) and a
 * reaction (SNAr on a 2-chloroazine) by editing YAML.  This test takes the
 * README itself: every ```yaml block that starts with
 * "# add to FILE, under KEY:" is inserted, as written, right after the line
 * "KEY:" of FILE in a copy of rules/.  The edited rules must load, and the
 * planner must then use what was added: a substrate carrying Alloc is
 * perceived as PG:Alloc and comes off with the README's Pd(0)/phenylsilane
 * step (never with a Buchwald coupling still to come), and a 2-pyrimidinyl
 * target is made by the new SNAr from 2-chloropyrimidine.  If the README
 * drifts from what the loader accepts, this test fails.
 */
#define _POSIX_C_SOURCE 200809L

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
#include "plan_checks.h"
#include "rules_scratch.h"

static dzp_rules *rules;
static char *rules_dir;

/* ---- applying the README to a scratch copy of rules/ ----------------------------------- */

/* Insert block after the first line of dir/file that is "<spaces>KEY:". */
static int insert_under(const char *dir, const char *file, const char *key, const char *block)
{
    char path[1024], want[160];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    snprintf(want, sizeof(want), "%s:\n", key);
    char *text = scratch_read(path);
    if (!text)
        return -1;
    char *line = text, *at = NULL;
    while (*line && !at) {
        char *p = line + strspn(line, " ");
        if (strncmp(p, want, strlen(want)) == 0)
            at = p + strlen(want);
        char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : line + strlen(line);
    }
    int rc = -1;
    if (at) {
        size_t head = (size_t)(at - text);
        char *out = malloc(strlen(text) + strlen(block) + 1);
        if (out) {
            memcpy(out, text, head);
            strcpy(out + head, block);
            strcat(out, at);
            rc = scratch_write(path, out);
            free(out);
        }
    }
    free(text);
    return rc;
}

/* Apply every "# add to FILE, under KEY:" block of the README; the count. */
static int apply_readme(const char *dir)
{
    char *readme = scratch_read(DZP_TEST_RULES_DIR "/README.md");
    const char *p = readme;
    int applied = 0;

    if (!readme)
        return -1;
    while ((p = strstr(p, "```yaml\n# add to ")) != NULL) {
        char file[128], key[128];
        p += strlen("```yaml\n");
        if (sscanf(p, "# add to %127[^,], under %127[^:]:", file, key) != 2)
            break;
        const char *body = strchr(p, '\n') + 1, *end = strstr(body, "```");
        if (!end)
            break;
        char *block = strndup(body, (size_t)(end - body));
        int rc = block ? insert_under(dir, file, key, block) : -1;
        free(block);
        if (rc != 0) {
            applied = -1;
            break;
        }
        applied++;
        p = end;
    }
    free(readme);
    return applied;
}

static int setup(void **state)
{
    (void)state;
    if (!(rules_dir = scratch_copy_rules(DZP_TEST_RULES_DIR)))
        return -1;
    int n = apply_readme(rules_dir);
    if (n != 7) {
        fprintf(stderr, "applied %d README blocks, expected 7\n", n);
        return -1;
    }
    if (dzp_rules_load(&rules, rules_dir) != 0) {
        fprintf(stderr, "the README's rules do not load: %s\n", dzp_error_last());
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    dzp_rules_free(rules);
    scratch_remove(rules_dir);
    return 0;
}

/* ---- planning with what the README added ----------------------------------------- */

static const dzp_step *step_by_rule(const dzp_plan *p, const char *id)
{
    for (size_t i = 0; i < p->n_steps; i++)
        if (strcmp(p->steps[i].rule->id, id) == 0)
            return &p->steps[i];
    return NULL;
}

static void test_alloc_is_a_protecting_group(void **state)
{
    const dzp_pg *alloc = dzp_rules_pg(rules, "Alloc");
    dzp_scaffold *sub = NULL;

    assert_non_null(alloc);
    assert_true(alloc->cleavage_class == dzp_rules_class_set(rules, "pd_allyl"));
    assert_int_equal(dzp_substrate_load(&sub, "C=CCOC(=O)N1CCCNCC1", rules), 0);
    int k = sub->site[0].state == DZP_SITE_PG ? 0 : 1;
    assert_int_equal(sub->site[k].state, DZP_SITE_PG);
    assert_ptr_equal(sub->site[k].pg, alloc);
    assert_int_equal(sub->site[1 - k].state, DZP_SITE_NH);
    dzp_scaffold_free(sub);
}

/* Alloc on one N, benzylate the other, take Alloc off with Pd(0)/PhSiH3. */
static void test_alloc_comes_off_with_the_readme_step(void **state)
{
    dzp_scaffold *sub = NULL;
    dzp_plan *p = NULL;

    assert_int_equal(dzp_substrate_load(&sub, "C=CCOC(=O)N1CCCNCC1", rules), 0);
    assert_int_equal(dzp_plan_route(&p, sub, "c1ccccc1CN1CCCNCC1", rules), 0);
    if (p->status != DZP_STATUS_OK)
        fail_msg("no route: %s", p->message);
    assert_true(p->verified);
    const dzp_step *off = step_by_rule(p, "alloc_deprotect");
    assert_non_null(off);
    assert_ptr_equal(off, &p->steps[p->n_steps - 1]);
    assert_string_equal(off->pg, "Alloc");
    assert_string_equal(p->steps[0].rule->kind, "reductive_amination");
    dzp_plan_free(p);
    dzp_scaffold_free(sub);
}

/* An aryl on the free N while the target keeps Alloc: Pd(0) of the
 * Buchwald coupling would take Alloc off, so no Buchwald step may see an
 * allyl carbamate in its input molecule (the route must take Alloc off
 * first and put it back after, couple without Pd (Chan-Lam), or not couple
 * at all). */
static void test_no_buchwald_while_alloc_is_on(void **state)
{
    const char *from = "C=CCOC(=O)N1CCCNCC1";
    dzp_scaffold *sub = NULL;
    dzp_plan *p = NULL;
    dzp_smarts *alloc = NULL;

    assert_int_equal(dzp_smarts_compile(&alloc, "[#7]C(=O)O[CH2][CH]=[CH2]"), 0);
    assert_int_equal(dzp_substrate_load(&sub, from, rules), 0);
    assert_int_equal(dzp_plan_route(&p, sub, "Cc1ccc(cc1)N1CCCN(CC1)C(=O)OCC=C", rules), 0);
    if (p->status != DZP_STATUS_OK)
        fail_msg("no route: %s", p->message);
    int couplings = 0; /* Buchwald-Hartwig, or Pd-free Chan-Lam, which leaves Alloc on */
    for (size_t i = 0; i < p->n_steps; i++) {
        if (strcmp(p->steps[i].rule->kind, "chan_lam") == 0)
            couplings++;
        if (strcmp(p->steps[i].rule->kind, "buchwald_hartwig") != 0)
            continue;
        dzp_mol *input = NULL;
        assert_int_equal(dzp_mol_from_smiles(&input, i ? p->steps[i - 1].product.smiles : from,
                                             false), 0);
        assert_false(dzp_smarts_matches(alloc, input));
        dzp_mol_free(input);
        couplings++;
    }
    assert_int_equal(couplings, 1);
    /* the one-step coupling on the Alloc substrate was considered and refused */
    bool refused = false;
    for (size_t i = 0; i < p->n_alts; i++)
        refused = refused || (p->alts[i].steps == 1 && p->alts[i].rejected &&
                              strstr(p->alts[i].rejected, "alloc_cleavage"));
    assert_true(refused);
    dzp_smarts_free(alloc);
    dzp_plan_free(p);
    dzp_scaffold_free(sub);
}

static void test_snar_with_2_chloropyrimidine(void **state)
{
    dzp_scaffold *sub = NULL;
    dzp_plan *p = NULL;
    char *reagent = canonical_smiles("Clc1ncccn1");

    assert_int_equal(dzp_substrate_load(&sub, "C1CNCCNC1", rules), 0);
    assert_int_equal(dzp_plan_route(&p, sub, "c1cnc(nc1)N1CCCNCC1", rules), 0);
    if (p->status != DZP_STATUS_OK)
        fail_msg("no route: %s", p->message);
    assert_true(p->verified);
    const dzp_step *s = step_by_rule(p, "snar_heteroaryl_chloride");
    assert_non_null(s);
    assert_string_equal(s->reagents[0].role, "electrophile");
    assert_string_equal(s->reagents[0].smiles, reagent);
    assert_string_equal(s->reagents[0].name, "2-chloropyrimidine");
    free(reagent);
    dzp_plan_free(p);
    dzp_scaffold_free(sub);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_is_a_protecting_group),
        cmocka_unit_test(test_alloc_comes_off_with_the_readme_step),
        cmocka_unit_test(test_no_buchwald_while_alloc_is_on),
        cmocka_unit_test(test_snar_with_2_chloropyrimidine),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
