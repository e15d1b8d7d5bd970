/*
 * fuzz_batch.c - the batch reader (src/cli/batch_input.c, compiled in).
 *
 * The input is a whole compound list.  It is read through fmemopen twice,
 * as a file named list.csv (CSV by name) and as standard input (the first
 * line decides .smi or CSV), row by row to the end or the first error, as
 * batch mode does.  Every row's strings are touched (ASan sees a read past
 * a field), and each name is turned into a unique file-name stem, as --out
 * does, checking the stem's promises: only [A-Za-z0-9._-], no leading or
 * trailing dot, never "..", at most BATCH_STEM_MAX bytes.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_input.h"
#include "fuzz_common.h"

static size_t touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static void check_stem(const char *stem)
{
    size_t n = strlen(stem);
    if (n == 0 || n > BATCH_STEM_MAX || stem[0] == '.' || stem[n - 1] == '.' ||
        strstr(stem, "..") || strspn(stem, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                           "0123456789._-") != n) {
        fprintf(stderr, "fuzz: unsafe file-name stem '%s'\n", stem);
        abort();
    }
}

static void read_all(const uint8_t *data, size_t size, const char *path)
{
    /* fmemopen wants a writable buffer it may not change in "r" mode;
     * a copy keeps libFuzzer's input const. */
    char *copy = malloc(size ? size : 1);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    FILE *f = fmemopen(copy, size ? size : 1, "r");
    if (!f) {
        free(copy);
        return;
    }
    if (size == 0)
        (void)fgetc(f);  /* an empty input: leave the stream at its end */

    batch_reader *r = NULL;
    batch_names *names = NULL;
    if (batch_reader_open(&r, f, path, path ? "the batch file 'list.csv'" : "standard input") ==
            0 &&
        batch_names_new(&names) == 0) {
        batch_row row;
        long last_line = 0;
        for (int i = 0; i < 100000; i++) {
            memset(&row, 0, sizeof(row));
            if (batch_reader_next(r, &row) != 1)
                break;
            if (row.line <= last_line) {
                fprintf(stderr, "fuzz: line numbers went back (%ld after %ld)\n", row.line,
                        last_line);
                abort();
            }
            last_line = row.line;
            size_t n = touch(row.smiles) + touch(row.from) + touch(row.price) +
                       touch(row.amount) + touch(row.error);
            (void)n;
            if (row.name && *row.name) {
                char stem[BATCH_STEM_MAX + 1];
                batch_safe_stem(stem, row.name);
                check_stem(stem);
                if (batch_names_claim(names, stem) == 0)
                    check_stem(stem);
            }
        }
    }
    batch_names_free(names);
    batch_reader_free(r);
    fclose(f);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_all(data, size, "list.csv");
    read_all(data, size, NULL);
    return 0;
}
