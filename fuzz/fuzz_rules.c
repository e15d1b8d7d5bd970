/*
 * fuzz_rules.c - the rule loader on one hostile rule file.
 *
 * The input's first byte picks one of the eleven rule files (its value
 * modulo 11, in the order below, which is the loader's); the rest of the
 * input is that file's new text.  It is written into a private copy of a
 * rule set made once per process, over that file, and the whole set is
 * loaded with dzp_rules_load.  The set copied is the small complete one
 * the rule tests start from (tests/fixtures/rules_ok): the shipped rules
 * take the better part of a second to load under the sanitizers, which
 * would leave the fuzzer a run or two a second.  The file is put back before
 * the next input only when another file is picked, so most runs write one
 * file and load.  A rule set that loads is used a little (look-ups and a
 * citation), as the planner would.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"

static const char *const files[] = {
    "sources.yaml", "side_reactions.yaml", "vocabulary.yaml", "scaffold.yaml",
    "functional_groups.yaml", "protecting_groups.yaml", "reagents.yaml",
    "transformations.yaml", "masks.yaml", "planner.yaml", "reagent_validity.yaml",
};
enum { N_FILES = sizeof(files) / sizeof(files[0]) };

static char g_dir[256];
static char *g_orig[N_FILES];
static size_t g_orig_len[N_FILES];
static int g_dirty = -1;     /* the file that holds a fuzz input, or -1 */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 4096 > cap) {
            cap = 2 * cap + 4096;
            if (!(buf = realloc(buf, cap)))
                abort();
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return buf;
}

static void put(int i, const void *text, size_t len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", g_dir, files[i]);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "fuzz: cannot write %s\n", path);
        exit(2);
    }
}

static void cleanup(void)
{
    char path[512];
    for (int i = 0; i < N_FILES; i++) {
        snprintf(path, sizeof(path), "%s/%s", g_dir, files[i]);
        unlink(path);
        free(g_orig[i]);
    }
    rmdir(g_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    dzp_mol_global_init();
    const char *tmp = getenv("TMPDIR");
    snprintf(g_dir, sizeof(g_dir), "%s/dzp-fuzz-rules-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g_dir)) {
        perror("fuzz: mkdtemp");
        exit(2);
    }
    for (int i = 0; i < N_FILES; i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", DZP_FUZZ_RULES_OK_DIR, files[i]);
        if (!(g_orig[i] = slurp(path, &g_orig_len[i]))) {
            fprintf(stderr, "fuzz: cannot read %s\n", path);
            exit(2);
        }
        put(i, g_orig[i], g_orig_len[i]);
    }
    atexit(cleanup);
    /* The copy as made must load: else every input would fail the same way. */
    dzp_rules_free(fuzz_load_rules(g_dir));
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int pick = data[0] % N_FILES;
    if (g_dirty >= 0 && g_dirty != pick)
        put(g_dirty, g_orig[g_dirty], g_orig_len[g_dirty]);
    put(pick, data + 1, size - 1);
    g_dirty = pick;

    dzp_rules *rules = NULL;
    if (dzp_rules_load(&rules, g_dir) == 0) {
        (void)dzp_rules_pg(rules, "Boc");
        (void)dzp_rules_side_reaction(rules, "over_alkylation");
        (void)dzp_rules_fgroup(rules, "ester");
        (void)dzp_rules_role(rules, "base");
        (void)dzp_rules_class_set(rules, "acid");
        (void)dzp_rules_reagent_name(rules, "O=Cc1ccccc1");
        char *cited = dzp_rules_cite(rules, "general; 001_4f58cb2ccb78ed93.txt");
        free(cited);
        dzp_rules_free(rules);
    }
    return 0;
}
