/*
 * rules_scratch.c - scratch copies of the real rule set for tests; see
 * rules_scratch.h.
 */
#define _POSIX_C_SOURCE 200809L

#include "rules_scratch.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *scratch_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (text = malloc((size_t)n + 1)) != NULL) {
        if (fread(text, 1, (size_t)n, f) == (size_t)n) {
            text[n] = '\0';
        } else {
            free(text);
            text = NULL;
        }
    }
    fclose(f);
    return text;
}

int scratch_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static int copy_one(const char *from_dir, const char *to_dir, const char *name)
{
    char from[1024], to[1024];
    snprintf(from, sizeof(from), "%s/%s", from_dir, name);
    snprintf(to, sizeof(to), "%s/%s", to_dir, name);
    char *text = scratch_read(from);
    int rc = text ? scratch_write(to, text) : -1;
    free(text);
    return rc;
}

char *scratch_copy_rules(const char *from)
{
    char *dir = strdup("/tmp/dzp_rules_scratch_XXXXXX");
    DIR *d = NULL;
    struct dirent *e;
    int rc = -1;

    if (!dir || !mkdtemp(dir) || !(d = opendir(from)))
        goto done;
    rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0)
            rc = copy_one(from, dir, e->d_name);
    }
done:
    if (d)
        closedir(d);
    if (rc != 0 && dir) {
        scratch_remove(dir);
        return NULL;
    }
    return dir;
}

void scratch_remove(char *dir)
{
    DIR *d = dir ? opendir(dir) : NULL;
    struct dirent *e;

    while (d && (e = readdir(d)) != NULL) {
        char path[1024];
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    if (dir)
        rmdir(dir);
    free(dir);
}
