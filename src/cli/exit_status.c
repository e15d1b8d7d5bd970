/*
 * exit_status.c - the exit statuses of the dzp-plan command and its
 * messages on stderr (see exit_status.h).
 */
#define _GNU_SOURCE
#include "exit_status.h"

#include <stdarg.h>
#include <stdio.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "utf8.h"

/* Set once stdout's reader has gone: the run then ends without a word. */
static bool stdout_gone;

int dzp_cli_stdout_failed(const char *what, int err)
{
    if (err == EPIPE)
        stdout_gone = true;
    return dzp_error_set(DZP_EIO, "cannot write the %s to standard output: %s", what,
                         strerror(err ? err : EIO));
}

int dzp_cli_exit_status(int error)
{
    if (stdout_gone)
        return DZP_CLI_EXIT_PIPE_CLOSED;
    switch (error) {
    case 0: return DZP_CLI_EXIT_OK;
    case DZP_ENOROUTE: return DZP_CLI_EXIT_NO_ROUTE;
    default: return DZP_CLI_EXIT_BAD_INPUT;
    }
}

int dzp_cli_plan_outcome(const dzp_plan *plan)
{
    const char *why = plan->message ? plan->message : dzp_status_name(plan->status);

    switch (plan->status) {
    case DZP_STATUS_OK: return 0;
    case DZP_STATUS_NO_ROUTE: return dzp_error_set(DZP_ENOROUTE, "%s", why);
    default: return dzp_error_set(DZP_EINVAL, "%s", why);
    }
}

void dzp_cli_error(const char *fmt, ...)
{
    va_list ap;
    char *text = NULL;

    if (stdout_gone) /* `| head` took what it wanted: nothing more to say */
        return;
    va_start(ap, fmt);
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    fputs("dzp-plan: ", stderr);
    if (n < 0)
        fputs("(out of memory formatting a message)", stderr);
    else
        dzp_cli_put_safe(stderr, text);
    fputc('\n', stderr);
    free(text);
}

void dzp_cli_put_safe(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t seq = *p >= 0x80 ? dzp_utf8_seq(p) : 1;
        if (*p < 0x20 || *p == 0x7f || seq == 0) {
            fprintf(f, "\\x%02X", *p);
            p++;
        } else {
            fwrite(p, 1, seq, f);
            p += seq;
        }
    }
}

int dzp_cli_error_wrap(int code, const char *fmt, ...)
{
    char cause[1024], prefix[1024];
    va_list ap;

    snprintf(cause, sizeof(cause), "%s", dzp_error_last()); /* not an argument of its own rewrite */
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    return dzp_error_set(code, "%s: %s", prefix, cause);
}
