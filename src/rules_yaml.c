/* rules_yaml.c -- the generic half of the rule loader: an arena that owns
 * everything a rule set holds, and a walker that reads any YAML mapping
 * against a table of known keys.
 *
 * Each mapping a rule file may hold has a static table of fields ({key,
 * expected node type, required, handler, where the value goes}, see
 * rules_internal.h), and rules_process_mapping() walks a mapping against
 * it, in the manner of netplan's parse.c.  An unknown key, a key given
 * twice, a missing required key or a value of the wrong type stops the load
 * with "file:line:column: message" (1-based, from the node's start mark).
 * The value handlers here know only YAML types (strings, numbers, ranges,
 * lists, SMILES, SMARTS); what the words mean is checked in rules_check.c.
 *
 * Memory: the arena is bump-allocated blocks plus a list of destructors for
 * the compiled SMARTS and parsed molecules; rules_arena_free() runs them and
 * drops the blocks.
 */
#define _POSIX_C_SOURCE 200809L

#include "rules_internal.h"

#include "dzp/error.h"
#include "dzp/mol.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Arena: bump-allocated blocks plus a list of destructors.                  */
/* ------------------------------------------------------------------------ */

#define ARENA_BLOCK 8192
#define ARENA_ALIGN _Alignof(max_align_t)

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;   /* bytes of data */
    max_align_t data[]; /* aligned for anything */
} arena_block;

typedef struct arena_dtor {
    struct arena_dtor *next;
    void (*fn)(void *);
    void *p;
} arena_dtor;

struct rules_arena {
    arena_block *blocks;
    arena_dtor *dtors;
};

rules_arena *rules_arena_new(void)
{
    return calloc(1, sizeof(rules_arena));
}

/* Zeroed memory for n > 0 bytes, or NULL when out of memory. */
void *rules_arena_alloc(rules_arena *a, size_t n)
{
    arena_block *b = a->blocks;
    size_t need = (n + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
    void *p;

    if (need < n)
        return NULL;
    if (!b || b->cap - b->used < need) {
        size_t cap = need > ARENA_BLOCK ? need : ARENA_BLOCK;
        if (cap > SIZE_MAX - sizeof(*b) || !(b = malloc(sizeof(*b) + cap)))
            return NULL;
        b->next = a->blocks;
        b->used = 0;
        b->cap = cap;
        a->blocks = b;
    }
    p = (unsigned char *)b->data + b->used;
    b->used += need;
    memset(p, 0, n);
    return p;
}

/* n zeroed elements of size `size`, or NULL (n == 0 or out of memory). */
void *rules_arena_array(rules_arena *a, size_t n, size_t size)
{
    if (n == 0 || n > SIZE_MAX / size)
        return NULL;
    return rules_arena_alloc(a, n * size);
}

char *rules_arena_strdup(rules_arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = rules_arena_alloc(a, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* Let the arena destroy p with fn.  On failure p is destroyed at once. */
int rules_arena_own(rules_arena *a, void (*fn)(void *), void *p)
{
    arena_dtor *d = rules_arena_alloc(a, sizeof(*d));
    if (!d) {
        fn(p);
        return dzp_error_set(DZP_ENOMEM, "out of memory loading the rules");
    }
    d->fn = fn;
    d->p = p;
    d->next = a->dtors;
    a->dtors = d;
    return 0;
}

void rules_arena_free(rules_arena *a)
{
    arena_dtor *d;
    arena_block *b, *next;

    if (!a)
        return;
    for (d = a->dtors; d; d = d->next)
        d->fn(d->p);
    for (b = a->blocks; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void rules_free_smarts(void *p)
{
    dzp_smarts_free(p);
}

void rules_free_mol(void *p)
{
    dzp_mol_free(p);
}

/* ------------------------------------------------------------------------ */
/* Report a content error at node: DZP_EINVAL with "path:line:col: ...". */
int rules_fail(const loader *ld, const yaml_node_t *node, const char *fmt, ...)
{
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return dzp_error_set(DZP_EINVAL, "%s:%zu:%zu: %s", ld->path, node->start_mark.line + 1,
                         node->start_mark.column + 1, msg);
}

int rules_oom(const loader *ld)
{
    return dzp_error_set(DZP_ENOMEM, "out of memory loading %s", ld->path);
}

yaml_node_t *rules_node(loader *ld, int id)
{
    return yaml_document_get_node(&ld->doc, id);
}

const char *rules_text(const yaml_node_t *node)
{
    return (const char *)node->data.scalar.value;
}

size_t rules_items(const yaml_node_t *node)
{
    return (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
}

yaml_node_t *rules_item(loader *ld, const yaml_node_t *node, size_t i)
{
    return rules_node(ld, node->data.sequence.items.start[i]);
}

void *rules_field_at(void *obj, size_t off)
{
    return (unsigned char *)obj + off;
}

const char *rules_type_name(yaml_node_type_t type)
{
    static const char *const names[] = {
        [YAML_NO_NODE] = "nothing",
        [YAML_SCALAR_NODE] = "a single value",
        [YAML_SEQUENCE_NODE] = "a list",
        [YAML_MAPPING_NODE] = "a mapping (key: value lines)",
    };
    return (size_t)type < sizeof(names) / sizeof(names[0]) ? names[type] : "something unknown";
}

/* True for null, ~, an empty plain value, or an explicit !!null. */
bool rules_is_null(const yaml_node_t *node)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    size_t i;

    if (node->type != YAML_SCALAR_NODE)
        return false;
    if (node->tag && strcmp((const char *)node->tag, YAML_NULL_TAG) == 0)
        return true;
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
        if (strcmp(rules_text(node), nulls[i]) == 0)
            return true;
    return false;
}

/* The value node of `key` in map, or NULL when the key is absent. */
yaml_node_t *rules_value_of(loader *ld, const yaml_node_t *map, const char *key)
{
    yaml_node_pair_t *pair;

    for (pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top; pair++) {
        yaml_node_t *k = rules_node(ld, pair->key);
        if (k && k->type == YAML_SCALAR_NODE && strcmp(rules_text(k), key) == 0)
            return rules_node(ld, pair->value);
    }
    return NULL;
}

static const field *find_field(const field *fields, const char *key)
{
    for (; fields->key; fields++)
        if (strcmp(fields->key, key) == 0)
            return fields;
    return NULL;
}

/* In {a: 1,4-dioxane}, the comma starts a key "4-dioxane" with no value. */
static int unknown_key(loader *ld, const yaml_node_t *map, const yaml_node_t *key,
                       const yaml_node_t *value, const field *fields)
{
    bool split = map->data.mapping.style == YAML_FLOW_MAPPING_STYLE && rules_is_null(value);
    char known[512] = "";
    size_t len = 0;

    for (; fields->key && len < sizeof(known); fields++)
        len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s", len ? ", " : "",
                                fields->key);
    return rules_fail(ld, key, "unknown key '%s' in %s (known: %s): fix the spelling or remove it%s",
                rules_text(key), ld->what, known,
                split ? " (if it is the end of a value with a comma inside {...}, put that "
                        "value in quotes)" : "");
}

static int process_pair(loader *ld, const yaml_node_t *map, const yaml_node_pair_t *pair,
                        void *obj, const field *fields, uint64_t *seen)
{
    yaml_node_t *key = rules_node(ld, pair->key), *value = rules_node(ld, pair->value);
    const field *f;
    uint64_t bit;

    if (key->type != YAML_SCALAR_NODE)
        return rules_fail(ld, key, "a key in %s must be a plain word, not %s", ld->what,
                    rules_type_name(key->type));
    if (!(f = find_field(fields, rules_text(key))))
        return unknown_key(ld, map, key, value, fields);
    bit = UINT64_C(1) << (f - fields);
    if (*seen & bit)
        return rules_fail(ld, key, "key '%s' appears twice in %s: keep one", f->key, ld->what);
    *seen |= bit;
    if (rules_is_null(value))
        return f->required ? rules_fail(ld, value, "'%s' in %s must not be null: give it a value",
                                  f->key, ld->what)
                           : 0;
    if (f->type != YAML_NO_NODE && value->type != f->type)
        return rules_fail(ld, value, "'%s' in %s must be %s, not %s", f->key, ld->what,
                    rules_type_name(f->type), rules_type_name(value->type));
    return f->handler(ld, value, obj, f);
}

/* Walk mapping node map against fields, filling obj.  Every required key
 * must be there; null counts as absent for optional keys. */
int rules_process_mapping(loader *ld, yaml_node_t *map, void *obj, const shape *s)
{
    const char *outer = ld->what;
    yaml_node_pair_t *pair;
    uint64_t seen = 0;
    const field *f;
    int error = 0;

    ld->what = s->what;
    for (pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top; pair++)
        if ((error = process_pair(ld, map, pair, obj, s->fields, &seen)) < 0)
            goto done;
    for (f = s->fields; f->key; f++)
        if (f->required && !(seen & (UINT64_C(1) << (f - s->fields)))) {
            error = rules_fail(ld, map, "missing required key '%s' in %s: add it", f->key, s->what);
            goto done;
        }
done:
    ld->what = outer;
    return error;
}

/* ------------------------------------------------------------------------ */
/* Value handlers.                                                           */
/* ------------------------------------------------------------------------ */

int rules_scalar_text(loader *ld, yaml_node_t *node, const char *key, const char **out)
{
    if (node->type != YAML_SCALAR_NODE || rules_is_null(node))
        return rules_fail(ld, node, "'%s' in %s must be a single value, not %s", key, ld->what,
                    rules_is_null(node) ? "null" : rules_type_name(node->type));
    if (strlen(rules_text(node)) != node->data.scalar.length)
        return rules_fail(ld, node, "'%s' in %s contains a NUL character: remove it", key, ld->what);
    *out = rules_text(node);
    return 0;
}

int rules_copy_string(loader *ld, const char **out, const char *s)
{
    char *p = rules_arena_strdup(ld->arena, s);
    if (!p)
        return rules_oom(ld);
    *out = p;
    return 0;
}

int rules_read_str(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    const char *s = NULL;
    int error = rules_scalar_text(ld, node, f->key, &s);

    if (error < 0)
        return error;
    if (f->required && !*s)
        return rules_fail(ld, node, "'%s' in %s is empty: give it a value", f->key, ld->what);
    return rules_copy_string(ld, rules_field_at(obj, f->off), s);
}

/* A plain (unquoted) decimal number: ints and floats, no inf, nan or hex. */
int rules_parse_number(loader *ld, yaml_node_t *node, const char *key, double *out)
{
    const char *s = NULL;
    char *end;
    double v = 0;
    int error = rules_scalar_text(ld, node, key, &s);

    if (error < 0)
        return error;
    errno = 0;
    v = strtod(s, &end);
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
        strspn(s, "0123456789+-.eE") != strlen(s) || strpbrk(s, "0123456789") == NULL ||
        *end != '\0' || errno == ERANGE || !isfinite(v))
        return rules_fail(ld, node, "'%s' in %s must be a number like 1.5 or 20 (unquoted), not '%s'",
                    key, ld->what, s);
    *out = v;
    return 0;
}

int rules_read_number(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    return rules_parse_number(ld, node, f->key, rules_field_at(obj, f->off));
}

/* A number with a has_ flag at aux. */
int rules_read_opt_number(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    int error = rules_parse_number(ld, node, f->key, rules_field_at(obj, f->off));
    if (error == 0)
        *(bool *)rules_field_at(obj, f->aux) = true;
    return error;
}

int rules_whole_number(loader *ld, yaml_node_t *node, const char *key, int lo, int hi, int *out)
{
    double v = 0;
    int error = rules_parse_number(ld, node, key, &v);

    if (error < 0)
        return error;
    if (v < lo || v > hi || (double)(int)v != v)
        return rules_fail(ld, node, "'%s' in %s must be a whole number from %d to %d, not %s", key,
                    ld->what, lo, hi, rules_text(node));
    *out = (int)v;
    return 0;
}

int rules_read_count(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    return rules_whole_number(ld, node, f->key, 1, 1000, rules_field_at(obj, f->off));
}

int rules_read_bond_order(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    return rules_whole_number(ld, node, f->key, 1, 3, rules_field_at(obj, f->off));
}

int rules_read_bool(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    static const struct {
        const char *word;
        bool value;
    } words[] = {{"true", true},   {"True", true},   {"TRUE", true},
                 {"false", false}, {"False", false}, {"FALSE", false}};
    size_t i;

    if (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
        for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
            if (strcmp(rules_text(node), words[i].word) == 0) {
                *(bool *)rules_field_at(obj, f->off) = words[i].value;
                return 0;
            }
    return rules_fail(ld, node, "'%s' in %s must be true or false (unquoted), not '%s'", f->key,
                ld->what, rules_text(node));
}

/* A single number (lo == hi) or a [lo, hi] pair. */
int rules_read_range(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    dzp_range *r = rules_field_at(obj, f->off);
    double lo = 0, hi = 0;
    int error;

    if (node->type == YAML_SCALAR_NODE) {
        error = rules_parse_number(ld, node, f->key, &lo);
        hi = lo;
    } else if (node->type == YAML_SEQUENCE_NODE && rules_items(node) == 2) {
        error = rules_parse_number(ld, rules_item(ld, node, 0), f->key, &lo);
        if (error == 0)
            error = rules_parse_number(ld, rules_item(ld, node, 1), f->key, &hi);
    } else {
        return rules_fail(ld, node, "'%s' in %s must be a number or a [low, high] pair, not %s",
                    f->key, ld->what, rules_type_name(node->type));
    }
    if (error < 0)
        return error;
    if (lo > hi)
        return rules_fail(ld, node, "'%s' in %s has its low end %g above its high end %g: write "
                    "[low, high]", f->key, ld->what, lo, hi);
    r->lo = lo;
    r->hi = hi;
    r->set = true;
    return 0;
}

/* A list of strings: array at off, count at aux. */
int rules_read_strlist(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    size_t i, n = rules_items(node);
    const char **list = rules_arena_array(ld->arena, n, sizeof(*list));
    int error;

    if (n && !list)
        return rules_oom(ld);
    for (i = 0; i < n; i++) {
        yaml_node_t *item = rules_item(ld, node, i);
        const char *s;
        if (item->type != YAML_SCALAR_NODE || rules_is_null(item))
            return rules_fail(ld, item, "each entry of '%s' in %s must be a word, not %s", f->key,
                        ld->what, rules_is_null(item) ? "null" : rules_type_name(item->type));
        if ((error = rules_scalar_text(ld, item, f->key, &s)) < 0)
            return error;
        if ((error = rules_copy_string(ld, &list[i], s)) < 0)
            return error;
    }
    *(const char ***)rules_field_at(obj, f->off) = list;
    *(size_t *)rules_field_at(obj, f->aux) = n;
    return 0;
}

/* A list of SMILES, each stored as its canonical SMILES (so the planner
 * compares molecules, not spellings); a SMILES that does not parse is
 * refused at its place. */
int rules_read_canonical_list(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    int error = rules_read_strlist(ld, node, obj, f);
    const char **list = *(const char ***)rules_field_at(obj, f->off);
    size_t n = *(size_t *)rules_field_at(obj, f->aux);

    for (size_t i = 0; i < n && error == 0; i++) {
        char *canonical = NULL;
        error = rules_canonicalize(ld, rules_item(ld, node, i), f->key, list[i], &canonical, NULL);
        if (error == 0)
            list[i] = canonical;
    }
    return error;
}

/* A value that must be one of a NULL-terminated list of words (data). */
int rules_read_choice(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    const char *const *words = f->data, *const *w;
    char known[256] = "";
    size_t len = 0;

    for (w = words; *w; w++)
        if (strcmp(*w, rules_text(node)) == 0)
            return rules_copy_string(ld, rules_field_at(obj, f->off), *w);
    for (w = words; *w && len < sizeof(known); w++)
        len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s", len ? ", " : "", *w);
    return rules_fail(ld, node, "'%s' in %s must be one of %s, not '%s'", f->key, ld->what, known,
                rules_text(node));
}




/* A SMARTS: text at off, compiled pattern at aux (owned by the arena). */
int rules_read_smarts(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    dzp_smarts *pattern = NULL;
    const char *s = NULL;
    int error;

    if ((error = rules_scalar_text(ld, node, f->key, &s)) < 0 ||
        (error = rules_copy_string(ld, rules_field_at(obj, f->off), s)) < 0)
        return error;
    if ((error = dzp_smarts_compile(&pattern, s)) < 0)
        return error != DZP_EINVAL ? error
                                   : rules_fail(ld, node, "%s ('%s' in %s): fix the pattern",
                                          dzp_error_last(), f->key, ld->what);
    if ((error = rules_arena_own(ld->arena, rules_free_smarts, pattern)) < 0)
        return error;
    if (f->data && (error = rules_check_smarts_shape(ld, node, f->key, pattern, f->data)) < 0)
        return error;
    *(dzp_smarts **)rules_field_at(obj, f->aux) = pattern;
    return 0;
}

/* Parse SMILES s (at node), put its canonical form in *canonical and, when
 * mol is not NULL, keep the molecule there (owned by the arena). */
int rules_canonicalize(loader *ld, yaml_node_t *node, const char *key, const char *s,
                        char **canonical, dzp_mol **mol)
{
    dzp_mol *m = NULL, *kept;
    char *c = NULL;
    int error;

    if ((error = dzp_mol_from_smiles(&m, s, DZP_PARSE_COMPONENTS)) < 0) {
        if (error == DZP_EINVAL)
            error = rules_fail(ld, node, "%s ('%s' in %s): fix the SMILES", dzp_error_last(), key,
                         ld->what);
        goto done;
    }
    if ((error = dzp_mol_smiles(&c, m, DZP_SMILES_CANONICAL)) < 0)
        goto done;
    if (!(*canonical = rules_arena_strdup(ld->arena, c))) {
        error = rules_oom(ld);
        goto done;
    }
    if (mol) {
        kept = m;
        m = NULL;
        if ((error = rules_arena_own(ld->arena, rules_free_mol, kept)) < 0)
            goto done;
        *mol = kept;
    }
done:
    dzp_mol_free(m);
    free(c);
    return error;
}

/* A SMILES: text at off, canonical SMILES at aux. */
int rules_read_smiles(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    const char *s = NULL;
    int error;

    if ((error = rules_scalar_text(ld, node, f->key, &s)) < 0 ||
        (error = rules_copy_string(ld, rules_field_at(obj, f->off), s)) < 0)
        return error;
    return rules_canonicalize(ld, node, f->key, s, rules_field_at(obj, f->aux), NULL);
}

/* key_reagent.smiles: like h_smiles, and the molecule is kept. */
int rules_read_key_smiles(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    dzp_key_reagent *k = obj;
    const char *s = NULL;
    int error;

    if ((error = rules_scalar_text(ld, node, f->key, &s)) < 0 ||
        (error = rules_copy_string(ld, &k->smiles, s)) < 0)
        return error;
    return rules_canonicalize(ld, node, f->key, s, &k->canonical, &k->mol);
}

/* A nested mapping of shape data, filling obj + off. */
int rules_read_mapping(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    return rules_process_mapping(ld, node, rules_field_at(obj, f->off), f->data);
}

/* A list of mappings of shape data: array at off, count at aux. */
int rules_read_list(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    const shape *s = f->data;
    size_t i, n = rules_items(node);
    unsigned char *base = rules_arena_array(ld->arena, n, s->size);
    int error;

    if (n && !base)
        return rules_oom(ld);
    for (i = 0; i < n; i++) {
        yaml_node_t *item = rules_item(ld, node, i);
        if (item->type != YAML_MAPPING_NODE)
            return rules_fail(ld, item, "each entry of '%s' must be %s written as a mapping (key: "
                        "value lines), not %s", f->key, s->what,
                        rules_is_null(item) ? "an empty entry" : rules_type_name(item->type));
        if ((error = rules_process_mapping(ld, item, base + i * s->size, s)) < 0)
            return error;
        if (s->check && (error = s->check(ld, item, base, i)) < 0)
            return error;
    }
    /* the field is a typed pointer (dzp_pg * ...): copy the representation */
    memcpy(rules_field_at(obj, f->off), &base, sizeof(base));
    *(size_t *)rules_field_at(obj, f->aux) = n;
    return 0;
}
