/*
 * fuzz_common.h - what every harness shares: the input as a C string, and
 * the rule set loaded once per process from the source tree's rules/.
 */
#ifndef DZP_FUZZ_COMMON_H
#define DZP_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "dzp/rules.h"

/* The input as a malloc'd NUL-terminated string (a NUL inside ends it, as
 * it would for any caller passing a C string). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* The rules in dir (the source tree's: DZP_FUZZ_RULES_DIR); a failure to
 * load them is a broken set-up, not a finding: stop at once. */
static inline dzp_rules *fuzz_load_rules(const char *dir)
{
    dzp_rules *rules = NULL;
    if (dzp_rules_load(&rules, dir) != 0) {
        fprintf(stderr, "fuzz: cannot load %s: %s\n", dir, dzp_error_last());
        exit(2);
    }
    return rules;
}

#endif
