/* rules_locate.c -- where the rules are when no --rules DIR is given.
 *
 * The binary holds no absolute path: an install tree can be copied or moved
 * anywhere (cmake --install --prefix A, then mv A B) and still find its own
 * rules.  The places, in order:
 *
 *   1. $DZP_RULES, when set and not empty (taken as it is, even when it is
 *      not a directory: the load then says so, naming it);
 *   2. the build tree's record: a build directory that holds a program
 *      linked with this library also holds a one-line file DZP_RULES_RECORD
 *      ("dzp-plan.source-rules", written by CMake at configure time) next to
 *      it, naming the source tree's rules/.  So build/dzp-plan plans with
 *      the rules being edited, and says so honestly: it is the build tree
 *      that points at its sources, not a compiled-in path that happens to
 *      exist.  `cmake --install` does not copy the record, so an installed
 *      binary never reaches back into the source tree;
 *   3. the installed rules, at DZP_RULES_FROM_BIN (the path from the
 *      installed bin/ to the installed rules, "../share/dzp-plan/rules" for
 *      the GNU layout) relative to the directory of the running program,
 *      found with /proc/self/exe (symbolic links to the program resolved, so
 *      a link in ~/.local/bin to an install tree elsewhere works too).
 *
 * The record is tried before the relative path so that a build tree in
 * which something was also installed (cmake --install build --prefix .)
 * still plans with the source rules a developer edits.  When none of them
 * is there, the error names every place looked in.
 */
#define _POSIX_C_SOURCE 200809L

#include "dzp/rules.h"

#include "dzp/error.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DZP_RULES_RECORD
#error "DZP_RULES_RECORD must be defined by the build (see src/CMakeLists.txt)"
#endif
#ifndef DZP_RULES_FROM_BIN
#error "DZP_RULES_FROM_BIN must be defined by the build (see src/CMakeLists.txt)"
#endif

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory of the running program into dir (no trailing slash);
 * false when /proc/self/exe cannot be read (not Linux, or no /proc). */
static bool exe_dir(char *dir, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", dir, size - 1);
    if (n <= 0 || (size_t)n >= size - 1)
        return false;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash)
        return false;
    *slash = '\0';
    if (!*dir)
        strcpy(dir, "/");
    return true;
}

/* a/b into buf; false when it does not fit. */
static bool join(char *buf, size_t size, const char *a, const char *b)
{
    int n = snprintf(buf, size, "%s/%s", a, b);
    return n >= 0 && (size_t)n < size;
}

/* rel relative to dir into buf, each leading "../" of rel taken off dir
 * (dir comes from /proc/self/exe, so it holds no symbolic link and this is
 * exact): bin/ and ../share/dzp-plan/rules give share/dzp-plan/rules. */
static bool beside(char *buf, size_t size, const char *dir, const char *rel)
{
    char base[PATH_MAX];
    if (!join(base, sizeof(base), dir, "."))
        return false;
    base[strlen(base) - 2] = '\0'; /* dir again, now writable */
    while (strncmp(rel, "../", 3) == 0 && strcmp(base, "/") != 0) {
        char *slash = strrchr(base, '/');
        slash[slash == base] = '\0';
        rel += 3;
    }
    return strcmp(base, "/") == 0 ? snprintf(buf, size, "/%s", rel) < (int)size
                                  : join(buf, size, base, rel);
}

/* The first line of the build tree's record file into out; false when the
 * file is missing or empty. */
static bool read_record(const char *file, char *out, size_t size)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return false;
    bool ok = fgets(out, (int)size, f) != NULL;
    fclose(f);
    if (!ok)
        return false;
    out[strcspn(out, "\r\n")] = '\0';
    return *out != '\0';
}

const char *dzp_rules_default_dir(void)
{
    static _Thread_local char found[PATH_MAX];
    char dir[PATH_MAX], record[PATH_MAX], source[PATH_MAX], installed[PATH_MAX];
    const char *env = getenv("DZP_RULES");

    if (env && *env)
        return env;
    if (!exe_dir(dir, sizeof(dir))) {
        dzp_error_set(DZP_EIO, "DZP_RULES is not set and the program's own "
                      "location cannot be read from /proc/self/exe; give --rules DIR (or set "
                      "DZP_RULES) naming the folder that holds vocabulary.yaml and the other "
                      "rule files");
        return NULL;
    }

    bool have_record = join(record, sizeof(record), dir, DZP_RULES_RECORD) &&
                       read_record(record, source, sizeof(source));
    if (have_record && is_dir(source)) {
        memcpy(found, source, sizeof(found));
        return found;
    }

    if (!beside(installed, sizeof(installed), dir, DZP_RULES_FROM_BIN))
        installed[0] = '\0';
    if (*installed && is_dir(installed)) {
        memcpy(found, installed, sizeof(found));
        return found;
    }

    if (have_record)
        dzp_error_set(DZP_EIO, "DZP_RULES is not set, there is no directory %s (the source "
                      "rules this build tree's %s names) and no %s (the installed rules, "
                      DZP_RULES_FROM_BIN " from the program); give --rules DIR (or set "
                      "DZP_RULES) naming the folder that holds vocabulary.yaml and the other "
                      "rule files", source, record, installed);
    else
        dzp_error_set(DZP_EIO, "DZP_RULES is not set and there is no directory %s (the "
                      "installed rules, " DZP_RULES_FROM_BIN " from the program); give --rules "
                      "DIR (or set DZP_RULES) naming the folder that holds vocabulary.yaml and "
                      "the other rule files", installed);
    return NULL;
}
