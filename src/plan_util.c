/*
 * plan_util.c - small helpers every planner file uses: malloc'd strings
 * (plan_strdup, plan_printf), the out-of-memory message (plan_oom: every
 * allocation failure in the planner says what was being allocated), the
 * plan's status sentence, and the names "N1", "N4", "N1,N4".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "plan_internal.h"

/* A malloc'd copy of s; NULL for NULL, or when out of memory (no message:
 * the caller says what it was for through plan_oom). */
char *plan_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* A malloc'd printf; NULL when out of memory (no message, as plan_strdup). */
char *plan_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (p) {
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return p;
}

/* Leave "out of memory <what>" for dzp_error_last(); returns DZP_ENOMEM. */
int plan_oom(const char *what)
{
    return dzp_error_set(DZP_ENOMEM, "out of memory %s", what);
}

/* Room for at least `need` items of `size` bytes in the array `items` of
 * capacity *cap, which grows by doubling.  Returns the (possibly moved)
 * array with *cap updated, or NULL with "out of memory <what>" set and
 * items untouched. */
void *plan_grow(void *items, int *cap, int need, size_t size, const char *what)
{
    if (need <= *cap)
        return items;
    int new_cap = *cap > 0 ? *cap : 8;
    while (new_cap < need)
        new_cap *= 2;
    void *bigger = realloc(items, (size_t)new_cap * size);
    if (!bigger) {
        plan_oom(what);
        return NULL;
    }
    *cap = new_cap;
    return bigger;
}

/* "N1" or "N4"; static strings. */
const char *plan_site_name(site_index site)
{
    return site == SITE_N1 ? "N1" : "N4";
}

/* "N1", "N4" or "N1,N4"; static strings. */
const char *plan_sites_name(site_mask sites)
{
    return sites == SITES_BOTH ? "N1,N4" : plan_site_name(sites == SITES_N1 ? SITE_N1 : SITE_N4);
}

/* Set the plan's status and its one-sentence message (at most 1023 bytes).
 * Returns 0, or DZP_ENOMEM leaving the plan with no message. */
int plan_set_status(dzp_plan *plan, dzp_status status, const char *fmt, ...)
{
    plan->status = status;
    free(plan->message);
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    plan->message = plan_strdup(buf);
    return plan->message ? 0 : plan_oom("for the plan's status message");
}
