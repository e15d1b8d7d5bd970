/*
 * provenance.c - the provenance of a run (see provenance.h): the command
 * line quoted as a shell would need it to run it again, and the date in
 * ISO 8601 UTC from SOURCE_DATE_EPOCH (a whole number of seconds since
 * 1970) when it is set and valid, else from the clock.  --jobs and --quiet
 * are left out of the command: they change no byte of a report.
 */
#define _POSIX_C_SOURCE 200809L
#include "provenance.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dzp/error.h"
#include "dzp/report.h"
#include "strbuf.h"

/* arg as one shell word: as it is when it holds only safe characters,
 * else in single quotes (a quote inside as '\''). */
static void shell_word(dzp_strbuf *sb, const char *arg)
{
    static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                               "-_./=:@%+,";
    if (*arg && strspn(arg, safe) == strlen(arg)) {
        dzp_strbuf_puts(sb, arg);
        return;
    }
    dzp_strbuf_puts(sb, "'");
    for (const char *p = arg; *p; p++)
        dzp_strbuf_puts(sb, *p == '\'' ? "'\\''" : (char[]){*p, '\0'});
    dzp_strbuf_puts(sb, "'");
}

/* How many words from arg on change no byte of any report (--jobs N,
 * --quiet, --verbose), and are left out of the recorded command so that --jobs 2
 * writes the bytes of --jobs 1; 0 for any other word. */
static int report_neutral(const char *arg)
{
    if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "--verbose") == 0 ||
        strncmp(arg, "--jobs=", 7) == 0)
        return 1;
    return strcmp(arg, "--jobs") == 0 ? 2 : 0;
}

static time_t run_time(void)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    if (epoch && *epoch) {
        errno = 0;
        long long t = strtoll(epoch, &end, 10);
        if (!errno && *end == '\0' && t >= 0)
            return (time_t)t;
    }
    return time(NULL);
}

int dzp_cli_provenance(int argc, char **argv, const dzp_rules *rules)
{
    dzp_strbuf command = DZP_STRBUF_INIT;
    char date[32];
    time_t t = run_time();
    struct tm utc;
    if (!gmtime_r(&t, &utc) || !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &utc))
        snprintf(date, sizeof(date), "unknown");
    dzp_strbuf_puts(&command, "dzp-plan");
    for (int i = 1; i < argc; i++) {
        int skip = report_neutral(argv[i]);
        if (skip) {
            i += skip - 1;
            continue;
        }
        dzp_strbuf_puts(&command, " ");
        shell_word(&command, argv[i]);
    }
    if (command.failed) {
        dzp_strbuf_free(&command);
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    }
    dzp_report_generator g = {DZP_VERSION, rules->sha256, date, command.data};
    int error = dzp_report_set_generator(&g);
    dzp_strbuf_free(&command);
    return error;
}
