/*
 * test_sha256.c - the rules fingerprint's SHA-256 against the test vectors
 * of FIPS 180-4 / NIST (empty, "abc", the 448-bit message, a million 'a'
 * fed in uneven pieces), and the rule set's fingerprint: 64 hex digits,
 * stable for the same files, different when one byte of a rule file changes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dzp/rules.h"
#include "rules_scratch.h"
#include "sha256.h"

static void hex_of(const char *text, char hex[65])
{
    dzp_sha256 h;
    dzp_sha256_init(&h);
    dzp_sha256_update(&h, text, strlen(text));
    dzp_sha256_hex(&h, hex);
}

static void test_vectors(void **state)
{
    char hex[65];
    (void)state;
    hex_of("", hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    hex_of("abc", hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    dzp_sha256 h;
    char chunk[997];
    memset(chunk, 'a', sizeof(chunk));
    dzp_sha256_init(&h);
    for (size_t left = 1000000; left > 0;) {
        size_t n = left < sizeof(chunk) ? left : sizeof(chunk);
        dzp_sha256_update(&h, chunk, n);
        left -= n;
    }
    dzp_sha256_hex(&h, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_rules_fingerprint(void **state)
{
    dzp_rules *a = NULL, *b = NULL, *c = NULL;
    char *dir = scratch_copy_rules(DZP_TEST_RULES_DIR), path[4096];
    (void)state;
    assert_non_null(dir);
    assert_int_equal(dzp_rules_load(&a, DZP_TEST_RULES_DIR), 0);
    assert_int_equal(dzp_rules_load(&b, dir), 0);
    assert_int_equal((int)strlen(a->sha256), 64);
    assert_string_equal(a->sha256, b->sha256);
    snprintf(path, sizeof(path), "%s/planner.yaml", dir);
    char *text = scratch_read(path), *more = malloc(strlen(text) + 32);
    strcpy(more, text);
    strcat(more, "# one more comment line\n");
    assert_int_equal(scratch_write(path, more), 0);
    free(text);
    free(more);
    assert_int_equal(dzp_rules_load(&c, dir), 0);
    assert_string_not_equal(a->sha256, c->sha256);
    dzp_rules_free(a);
    dzp_rules_free(b);
    dzp_rules_free(c);
    scratch_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_rules_fingerprint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
