/*
 * rules_sources.c - the documents the rules cite (sources.yaml) and the
 * `source:` texts that cite them.  A source text is free prose ("general
 * (t-Bu esters are cleaved by TFA)", a journal reference) in which a
 * declared source is named by its id, the seed file its facts come from;
 * the loader refuses an id-shaped word (NNN_<16 hex digits>.txt) that
 * sources.yaml does not declare, at its file:line:column, and reports cite
 * the document by its title (dzp_rules_cite), never by the file name.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "rules_internal.h"
#include "strbuf.h"

#define SO(m) offsetof(dzp_source, m)
static const field source_fields[] = {
    {"id", SCALAR, REQ, rules_read_str, SO(id), 0, NULL},
    {"title", SCALAR, REQ, rules_read_str, SO(title), 0, NULL},
    {"publisher", SCALAR, REQ, rules_read_str, SO(publisher), 0, NULL},
    {"year", SCALAR, REQ, rules_read_number, SO(year), 0, NULL},
    END,
};
static const shape source_shape = {"a source", source_fields, sizeof(dzp_source), NULL};

#define RU(m) offsetof(dzp_rules, m)
const field rules_sources_top[] = {
    {"sources", SEQ, REQ, rules_read_list, RU(sources), RU(n_sources), &source_shape}, END};

/* Length of the id-shaped word at p (NNN_ then 16 hex digits then .txt), or 0. */
static size_t id_at(const char *p)
{
    size_t n = 0;
    while (n < 3 && isdigit((unsigned char)p[n]))
        n++;
    if (n != 3 || p[n++] != '_')
        return 0;
    while (n < 20 && isxdigit((unsigned char)p[n]))
        n++;
    return n == 20 && strncmp(p + n, ".txt", 4) == 0 ? n + 4 : 0;
}

static const dzp_source *find_source(const dzp_rules *r, const char *p, size_t n)
{
    for (size_t i = 0; i < r->n_sources; i++)
        if (strlen(r->sources[i].id) == n && strncmp(r->sources[i].id, p, n) == 0)
            return &r->sources[i];
    return NULL;
}

int rules_read_source(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    int error = rules_read_str(ld, node, obj, f);
    const char *text = error == 0 ? *(const char **)rules_field_at(obj, f->off) : NULL;
    for (const char *p = text; p && *p; p++) {
        size_t n = (p == text || !isalnum((unsigned char)p[-1])) ? id_at(p) : 0;
        if (n && !find_source(ld->rules, p, n))
            return rules_fail(ld, node, "'%s' in %s cites '%.*s', which sources.yaml does not "
                              "declare: add it there or fix the id", f->key, ld->what, (int)n, p);
    }
    return error;
}

char *dzp_rules_cite(const dzp_rules *rules, const char *text)
{
    dzp_strbuf out = DZP_STRBUF_INIT;
    if (!rules || !text)
        return NULL;
    for (const char *p = text; *p;) {
        size_t n = (p == text || !isalnum((unsigned char)p[-1])) ? id_at(p) : 0;
        const dzp_source *s = n ? find_source(rules, p, n) : NULL;
        if (s) {
            dzp_strbuf_printf(&out, "%s (%s, %.0f)", s->title, s->publisher, s->year);
            p += n;
        } else {
            dzp_strbuf_putn(&out, p, 1);
            p++;
        }
    }
    if (!out.data)
        dzp_strbuf_puts(&out, "");
    return dzp_strbuf_take(&out);
}
