/*
 * rules_scratch.h - scratch copies of the real rule set, for the tests that
 * change rules/ and load the result (test_rule_language, test_rules_readme).
 *
 * Each function returns an error value rather than asserting, so it can be
 * used from cmocka setup functions as well as from tests.
 */
#ifndef DZP_TEST_RULES_SCRATCH_H
#define DZP_TEST_RULES_SCRATCH_H

/* The whole file at path, NUL-terminated, malloc'd; NULL when it cannot be
 * read. */
char *scratch_read(const char *path);
/* Write text to path.  Returns 0, or -1 when it cannot be written. */
int scratch_write(const char *path, const char *text);
/* A new temporary directory holding a copy of every .yaml file of from;
 * malloc'd path, or NULL on any failure (nothing is left behind). */
char *scratch_copy_rules(const char *from);
/* Remove the directory and every file in it, and free dir. Accepts NULL. */
void scratch_remove(char *dir);

#endif
