/*
 * exit_status.c - the exit statuses of the dzp-plan command and its
 * messages on stderr (see exit_status.h).
 */
#include "exit_status.h"

#include <stdarg.h>
#include <stdio.h>

#include "dzp/error.h"

int dzp_cli_exit_status(int error)
{
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

    fputs("dzp-plan: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
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
