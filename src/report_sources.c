/*
 * report_sources.c - the sources of one report, listed once: each flag
 * cites its sources by number, and the report ends with the numbered list.
 * A flag's citation (dzp_flag.citation: the rules' source text with each
 * declared document named by its title) is split at "; " into pieces; a
 * piece seen before keeps its number.
 */
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

/* The number of piece (1-based), adding it when new; 0 when out of memory. */
static size_t number_of(report_citations *c, const char *piece, size_t len)
{
    for (size_t i = 0; i < c->n; i++)
        if (strlen(c->items[i]) == len && strncmp(c->items[i], piece, len) == 0)
            return i + 1;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        char **items = realloc(c->items, cap * sizeof(*items));
        if (!items)
            return 0;
        c->items = items;
        c->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return 0;
    memcpy(copy, piece, len);
    copy[len] = '\0';
    c->items[c->n++] = copy;
    return c->n;
}

void report_cite(report_citations *c, const char *citation, dzp_strbuf *out)
{
    const char *p = citation ? citation : "";
    bool first = true;
    while (*p) {
        size_t len = strcspn(p, ";");
        size_t start = 0;
        while (start < len && p[start] == ' ')
            start++;
        size_t end = len;
        while (end > start && p[end - 1] == ' ')
            end--;
        if (end > start) {
            size_t k = number_of(c, p + start, end - start);
            if (k == 0)
                out->failed = true;
            dzp_strbuf_printf(out, "%s%zu", first ? "" : ", ", k);
            first = false;
        }
        p += len + (p[len] == ';');
    }
}

void report_citations_free(report_citations *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->items[i]);
    free(c->items);
    memset(c, 0, sizeof(*c));
}
