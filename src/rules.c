/* rules.c -- load the YAML rule files into a read-only dzp_rules.
 *
 * The seven files of a rule set (see include/dzp/rules.h) are read with
 * libyaml's document API, one file at a time, and walked in the manner of
 * netplan's parse.c: every mapping the files may hold has a static table of
 * { key, expected node type, required, handler, where the value goes }, and
 * one function, process_mapping(), walks any mapping against its table.  An
 * unknown key, a key given twice, a missing required key or a value of the
 * wrong type stops the load with "file:line:column: message" (1-based, from
 * the node's start mark).  Optional keys may be absent or null.
 *
 * Every SMARTS is compiled and every SMILES parsed and canonicalized while
 * its node is at hand, so a typo is reported with its line.  The files are
 * read in an order that puts side_reactions.yaml and protecting_groups.yaml
 * before the files that name their entries, so the cross references (a
 * transformation's pg, every flag id) are checked once all the files they
 * refer to are loaded, and still point at the offending line.
 *
 * Memory: one arena per rule set owns every string and array, plus a list
 * of destructors for the compiled SMARTS and the parsed molecules it keeps.
 * dzp_rules_free() runs the destructors and drops the arena, and so does a
 * failed load, which leaves *out untouched.  Nothing here is global.
 */
#define _POSIX_C_SOURCE 200809L

#include "dzp/rules.h"

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
#include <sys/stat.h>

#include <yaml.h>

#ifndef DZP_RULES_SOURCE_DIR
#error "DZP_RULES_SOURCE_DIR must be defined by the build (see src/CMakeLists.txt)"
#endif
#ifndef DZP_RULES_INSTALL_DIR
#error "DZP_RULES_INSTALL_DIR must be defined by the build (see src/CMakeLists.txt)"
#endif

#if defined(__GNUC__)
#define DZP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DZP_PRINTF(f, a)
#endif

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

typedef struct {
    arena_block *blocks;
    arena_dtor *dtors;
} arena;

/* Zeroed memory for n > 0 bytes, or NULL when out of memory. */
static void *arena_alloc(arena *a, size_t n)
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
static void *arena_array(arena *a, size_t n, size_t size)
{
    if (n == 0 || n > SIZE_MAX / size)
        return NULL;
    return arena_alloc(a, n * size);
}

static char *arena_strdup(arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(a, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* Let the arena destroy p with fn.  On failure p is destroyed at once. */
static int arena_own(arena *a, void (*fn)(void *), void *p)
{
    arena_dtor *d = arena_alloc(a, sizeof(*d));
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

static void arena_free(arena *a)
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

static void free_smarts(void *p)
{
    dzp_smarts_free(p);
}

static void free_mol(void *p)
{
    dzp_mol_free(p);
}

/* ------------------------------------------------------------------------ */
/* The loader and its mapping tables.                                        */
/* ------------------------------------------------------------------------ */

typedef struct {
    dzp_rules *rules;
    arena *arena;
    yaml_document_t doc;
    const char *path; /* of the file being read, for messages */
    const char *what; /* the mapping being read: "a transformation" */
} loader;

typedef struct field field;
typedef int (*node_handler)(loader *ld, yaml_node_t *node, void *obj, const field *f);

/* One known key of a mapping.  The handler stores the value at obj + off;
 * aux is a second place (the compiled pattern, the count of a list, the
 * canonical SMILES, a has_ flag) and data a table the handler needs. */
struct field {
    const char *key;
    yaml_node_type_t type; /* YAML_NO_NODE: the handler checks the type */
    bool required;
    node_handler handler;
    size_t off;
    size_t aux;
    const void *data;
};

/* A kind of mapping: its fields (NULL-key terminated), the size of the C
 * struct it fills when it is an entry of a list, and a check run on each
 * such entry once it is read (base is the array, i the entry). */
typedef struct {
    const char *what;
    const field *fields;
    size_t size;
    int (*check)(loader *ld, yaml_node_t *map, void *base, size_t i);
} shape;

static int fail(const loader *ld, const yaml_node_t *node, const char *fmt, ...) DZP_PRINTF(3, 4);

/* Report a content error at node: DZP_EINVAL with "path:line:col: ...". */
static int fail(const loader *ld, const yaml_node_t *node, const char *fmt, ...)
{
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return dzp_error_set(DZP_EINVAL, "%s:%zu:%zu: %s", ld->path, node->start_mark.line + 1,
                         node->start_mark.column + 1, msg);
}

static int oom(const loader *ld)
{
    return dzp_error_set(DZP_ENOMEM, "out of memory loading %s", ld->path);
}

static yaml_node_t *node_at(loader *ld, int id)
{
    return yaml_document_get_node(&ld->doc, id);
}

static const char *text_of(const yaml_node_t *node)
{
    return (const char *)node->data.scalar.value;
}

static size_t items_of(const yaml_node_t *node)
{
    return (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
}

static yaml_node_t *item_at(loader *ld, const yaml_node_t *node, size_t i)
{
    return node_at(ld, node->data.sequence.items.start[i]);
}

static void *field_at(void *obj, size_t off)
{
    return (unsigned char *)obj + off;
}

static const char *type_name(yaml_node_type_t type)
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
static bool is_null(const yaml_node_t *node)
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
        if (strcmp(text_of(node), nulls[i]) == 0)
            return true;
    return false;
}

/* The value node of `key` in map, or NULL when the key is absent. */
static yaml_node_t *value_of(loader *ld, const yaml_node_t *map, const char *key)
{
    yaml_node_pair_t *pair;

    for (pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top; pair++) {
        yaml_node_t *k = node_at(ld, pair->key);
        if (k && k->type == YAML_SCALAR_NODE && strcmp(text_of(k), key) == 0)
            return node_at(ld, pair->value);
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
    bool split = map->data.mapping.style == YAML_FLOW_MAPPING_STYLE && is_null(value);
    char known[512] = "";
    size_t len = 0;

    for (; fields->key && len < sizeof(known); fields++)
        len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s", len ? ", " : "",
                                fields->key);
    return fail(ld, key, "unknown key '%s' in %s (known: %s): fix the spelling or remove it%s",
                text_of(key), ld->what, known,
                split ? " (if it is the end of a value with a comma inside {...}, put that "
                        "value in quotes)" : "");
}

static int process_pair(loader *ld, const yaml_node_t *map, const yaml_node_pair_t *pair,
                        void *obj, const field *fields, uint64_t *seen)
{
    yaml_node_t *key = node_at(ld, pair->key), *value = node_at(ld, pair->value);
    const field *f;
    uint64_t bit;

    if (key->type != YAML_SCALAR_NODE)
        return fail(ld, key, "a key in %s must be a plain word, not %s", ld->what,
                    type_name(key->type));
    if (!(f = find_field(fields, text_of(key))))
        return unknown_key(ld, map, key, value, fields);
    bit = UINT64_C(1) << (f - fields);
    if (*seen & bit)
        return fail(ld, key, "key '%s' appears twice in %s: keep one", f->key, ld->what);
    *seen |= bit;
    if (is_null(value))
        return f->required ? fail(ld, value, "'%s' in %s must not be null: give it a value",
                                  f->key, ld->what)
                           : 0;
    if (f->type != YAML_NO_NODE && value->type != f->type)
        return fail(ld, value, "'%s' in %s must be %s, not %s", f->key, ld->what,
                    type_name(f->type), type_name(value->type));
    return f->handler(ld, value, obj, f);
}

/* Walk mapping node map against fields, filling obj.  Every required key
 * must be there; null counts as absent for optional keys. */
static int process_mapping(loader *ld, yaml_node_t *map, void *obj, const shape *s)
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
            error = fail(ld, map, "missing required key '%s' in %s: add it", f->key, s->what);
            goto done;
        }
done:
    ld->what = outer;
    return error;
}

/* ------------------------------------------------------------------------ */
/* Value handlers.                                                           */
/* ------------------------------------------------------------------------ */

static int scalar_text(loader *ld, yaml_node_t *node, const char *key, const char **out)
{
    if (node->type != YAML_SCALAR_NODE || is_null(node))
        return fail(ld, node, "'%s' in %s must be a single value, not %s", key, ld->what,
                    is_null(node) ? "null" : type_name(node->type));
    if (strlen(text_of(node)) != node->data.scalar.length)
        return fail(ld, node, "'%s' in %s contains a NUL character: remove it", key, ld->what);
    *out = text_of(node);
    return 0;
}

static int copy_string(loader *ld, const char **out, const char *s)
{
    char *p = arena_strdup(ld->arena, s);
    if (!p)
        return oom(ld);
    *out = p;
    return 0;
}

static int h_str(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    const char *s;
    int error = scalar_text(ld, node, f->key, &s);

    if (error < 0)
        return error;
    if (f->required && !*s)
        return fail(ld, node, "'%s' in %s is empty: give it a value", f->key, ld->what);
    return copy_string(ld, field_at(obj, f->off), s);
}

/* A plain (unquoted) decimal number: ints and floats, no inf, nan or hex. */
static int parse_number(loader *ld, yaml_node_t *node, const char *key, double *out)
{
    const char *s;
    char *end;
    double v;
    int error = scalar_text(ld, node, key, &s);

    if (error < 0)
        return error;
    errno = 0;
    v = strtod(s, &end);
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
        strspn(s, "0123456789+-.eE") != strlen(s) || strpbrk(s, "0123456789") == NULL ||
        *end != '\0' || errno == ERANGE || !isfinite(v))
        return fail(ld, node, "'%s' in %s must be a number like 1.5 or 20 (unquoted), not '%s'",
                    key, ld->what, s);
    *out = v;
    return 0;
}

static int h_number(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    return parse_number(ld, node, f->key, field_at(obj, f->off));
}

/* A number with a has_ flag at aux. */
static int h_opt_number(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    int error = parse_number(ld, node, f->key, field_at(obj, f->off));
    if (error == 0)
        *(bool *)field_at(obj, f->aux) = true;
    return error;
}

static int whole_number(loader *ld, yaml_node_t *node, const char *key, int lo, int hi, int *out)
{
    double v;
    int error = parse_number(ld, node, key, &v);

    if (error < 0)
        return error;
    if (v < lo || v > hi || (double)(int)v != v)
        return fail(ld, node, "'%s' in %s must be a whole number from %d to %d, not %s", key,
                    ld->what, lo, hi, text_of(node));
    *out = (int)v;
    return 0;
}

static int h_count(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    return whole_number(ld, node, f->key, 1, 1000, field_at(obj, f->off));
}

static int h_bond_order(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    return whole_number(ld, node, f->key, 1, 3, field_at(obj, f->off));
}

static int h_bool(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    static const struct {
        const char *word;
        bool value;
    } words[] = {{"true", true},   {"True", true},   {"TRUE", true},
                 {"false", false}, {"False", false}, {"FALSE", false}};
    size_t i;

    if (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
        for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
            if (strcmp(text_of(node), words[i].word) == 0) {
                *(bool *)field_at(obj, f->off) = words[i].value;
                return 0;
            }
    return fail(ld, node, "'%s' in %s must be true or false (unquoted), not '%s'", f->key,
                ld->what, text_of(node));
}

/* A single number (lo == hi) or a [lo, hi] pair. */
static int h_range(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    dzp_range *r = field_at(obj, f->off);
    double lo, hi;
    int error;

    if (node->type == YAML_SCALAR_NODE) {
        error = parse_number(ld, node, f->key, &lo);
        hi = lo;
    } else if (node->type == YAML_SEQUENCE_NODE && items_of(node) == 2) {
        error = parse_number(ld, item_at(ld, node, 0), f->key, &lo);
        if (error == 0)
            error = parse_number(ld, item_at(ld, node, 1), f->key, &hi);
    } else {
        return fail(ld, node, "'%s' in %s must be a number or a [low, high] pair, not %s",
                    f->key, ld->what, type_name(node->type));
    }
    if (error < 0)
        return error;
    if (lo > hi)
        return fail(ld, node, "'%s' in %s has its low end %g above its high end %g: write "
                    "[low, high]", f->key, ld->what, lo, hi);
    r->lo = lo;
    r->hi = hi;
    r->set = true;
    return 0;
}

/* A list of strings: array at off, count at aux. */
static int h_strlist(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    size_t i, n = items_of(node);
    const char **list = arena_array(ld->arena, n, sizeof(*list));
    int error;

    if (n && !list)
        return oom(ld);
    for (i = 0; i < n; i++) {
        yaml_node_t *item = item_at(ld, node, i);
        const char *s;
        if (item->type != YAML_SCALAR_NODE || is_null(item))
            return fail(ld, item, "each entry of '%s' in %s must be a word, not %s", f->key,
                        ld->what, is_null(item) ? "null" : type_name(item->type));
        if ((error = scalar_text(ld, item, f->key, &s)) < 0)
            return error;
        if ((error = copy_string(ld, &list[i], s)) < 0)
            return error;
    }
    *(const char ***)field_at(obj, f->off) = list;
    *(size_t *)field_at(obj, f->aux) = n;
    return 0;
}

/* A value that must be one of a NULL-terminated list of words (data). */
static int h_choice(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    const char *const *words = f->data, *const *w;
    char known[256] = "";
    size_t len = 0;

    for (w = words; *w; w++)
        if (strcmp(*w, text_of(node)) == 0)
            return copy_string(ld, field_at(obj, f->off), *w);
    for (w = words; *w && len < sizeof(known); w++)
        len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s", len ? ", " : "", *w);
    return fail(ld, node, "'%s' in %s must be one of %s, not '%s'", f->key, ld->what, known,
                text_of(node));
}

static int h_severity(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    static const dzp_severity all[] = {DZP_SEV_INFO, DZP_SEV_WARNING, DZP_SEV_CRITICAL};
    size_t i;

    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        if (strcmp(text_of(node), dzp_severity_name(all[i])) == 0) {
            *(dzp_severity *)field_at(obj, f->off) = all[i];
            return 0;
        }
    return fail(ld, node, "'%s' in %s must be info, warning or critical, not '%s'", f->key,
                ld->what, text_of(node));
}

static int h_kind(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    static const struct {
        const char *kind;
        dzp_tkind tkind;
    } kinds[] = {{"protect", DZP_TK_PROTECT}, {"deprotect", DZP_TK_DEPROTECT}};
    dzp_transformation *t = obj;
    size_t i;

    t->tkind = DZP_TK_INSTALL;
    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strcmp(text_of(node), kinds[i].kind) == 0)
            t->tkind = kinds[i].tkind;
    return h_str(ld, node, obj, f);
}

static int h_element(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    static const struct {
        const char *symbol;
        int z;
    } elements[] = {{"H", 1},   {"Li", 3},  {"B", 5},   {"C", 6},   {"N", 7},   {"O", 8},
                    {"F", 9},   {"Na", 11}, {"Mg", 12}, {"Si", 14}, {"P", 15},  {"S", 16},
                    {"Cl", 17}, {"K", 19},  {"Zn", 30}, {"Se", 34}, {"Br", 35}, {"Sn", 50},
                    {"I", 53}};
    size_t i;

    for (i = 0; i < sizeof(elements) / sizeof(elements[0]); i++)
        if (strcmp(text_of(node), elements[i].symbol) == 0) {
            *(int *)field_at(obj, f->off) = elements[i].z;
            return 0;
        }
    return fail(ld, node, "'%s' in %s must be an element symbol such as O, N, Cl or Br, not '%s'",
                f->key, ld->what, text_of(node));
}

/* A SMARTS: text at off, compiled pattern at aux (owned by the arena). */
static int h_smarts(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    dzp_smarts *pattern = NULL;
    const char *s;
    int error;

    if ((error = scalar_text(ld, node, f->key, &s)) < 0 ||
        (error = copy_string(ld, field_at(obj, f->off), s)) < 0)
        return error;
    if ((error = dzp_smarts_compile(&pattern, s)) < 0)
        return error != DZP_EINVAL ? error
                                   : fail(ld, node, "%s ('%s' in %s): fix the pattern",
                                          dzp_error_last(), f->key, ld->what);
    if ((error = arena_own(ld->arena, free_smarts, pattern)) < 0)
        return error;
    *(dzp_smarts **)field_at(obj, f->aux) = pattern;
    return 0;
}

/* Parse SMILES s (at node), put its canonical form in *canonical and, when
 * mol is not NULL, keep the molecule there (owned by the arena). */
static int canonicalize(loader *ld, yaml_node_t *node, const char *key, const char *s,
                        char **canonical, dzp_mol **mol)
{
    dzp_mol *m = NULL, *kept;
    char *c = NULL;
    int error;

    if ((error = dzp_mol_from_smiles(&m, s, DZP_PARSE_COMPONENTS)) < 0) {
        if (error == DZP_EINVAL)
            error = fail(ld, node, "%s ('%s' in %s): fix the SMILES", dzp_error_last(), key,
                         ld->what);
        goto done;
    }
    if ((error = dzp_mol_smiles(&c, m, DZP_SMILES_CANONICAL)) < 0)
        goto done;
    if (!(*canonical = arena_strdup(ld->arena, c))) {
        error = oom(ld);
        goto done;
    }
    if (mol) {
        kept = m;
        m = NULL;
        if ((error = arena_own(ld->arena, free_mol, kept)) < 0)
            goto done;
        *mol = kept;
    }
done:
    dzp_mol_free(m);
    free(c);
    return error;
}

/* A SMILES: text at off, canonical SMILES at aux. */
static int h_smiles(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    const char *s;
    int error;

    if ((error = scalar_text(ld, node, f->key, &s)) < 0 ||
        (error = copy_string(ld, field_at(obj, f->off), s)) < 0)
        return error;
    return canonicalize(ld, node, f->key, s, field_at(obj, f->aux), NULL);
}

/* key_reagent.smiles: like h_smiles, and the molecule is kept. */
static int h_key_smiles(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    dzp_key_reagent *k = obj;
    const char *s;
    int error;

    if ((error = scalar_text(ld, node, f->key, &s)) < 0 ||
        (error = copy_string(ld, &k->smiles, s)) < 0)
        return error;
    return canonicalize(ld, node, f->key, s, &k->canonical, &k->mol);
}

/* A nested mapping of shape data, filling obj + off. */
static int h_mapping(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    return process_mapping(ld, node, field_at(obj, f->off), f->data);
}

/* A list of mappings of shape data: array at off, count at aux. */
static int h_list(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    const shape *s = f->data;
    size_t i, n = items_of(node);
    unsigned char *base = arena_array(ld->arena, n, s->size);
    int error;

    if (n && !base)
        return oom(ld);
    for (i = 0; i < n; i++) {
        yaml_node_t *item = item_at(ld, node, i);
        if (item->type != YAML_MAPPING_NODE)
            return fail(ld, item, "each entry of '%s' must be %s written as a mapping (key: "
                        "value lines), not %s", f->key, s->what,
                        is_null(item) ? "an empty entry" : type_name(item->type));
        if ((error = process_mapping(ld, item, base + i * s->size, s)) < 0)
            return error;
        if (s->check && (error = s->check(ld, item, base, i)) < 0)
            return error;
    }
    /* the field is a typed pointer (dzp_pg * ...): copy the representation */
    memcpy(field_at(obj, f->off), &base, sizeof(base));
    *(size_t *)field_at(obj, f->aux) = n;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Checks on list entries: uniqueness, kind requirements, cross references.  */
/* ------------------------------------------------------------------------ */

static int duplicate(loader *ld, yaml_node_t *map, const char *key, const char *entry,
                     const char *value)
{
    yaml_node_t *at = value_of(ld, map, key);
    return fail(ld, at ? at : map, "%s '%s' is defined twice: give each %s its own %s", entry,
                value, entry, key);
}

static int check_pg(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    const dzp_pg *pgs = base;
    size_t j;

    for (j = 0; j < i; j++)
        if (strcmp(pgs[j].name, pgs[i].name) == 0)
            return duplicate(ld, map, "name", "protecting group", pgs[i].name);
    return 0;
}

static int check_side_reaction(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    const dzp_side_reaction *srs = base;
    size_t j;

    for (j = 0; j < i; j++)
        if (strcmp(srs[j].id, srs[i].id) == 0)
            return duplicate(ld, map, "id", "side reaction", srs[i].id);
    return 0;
}

static int check_named_reagent(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    const dzp_named_reagent *rs = base;
    size_t j;

    for (j = 0; j < i; j++)
        if (strcmp(rs[j].canonical, rs[i].canonical) == 0)
            return fail(ld, value_of(ld, map, "smiles"),
                        "reagent '%s' is the same compound as '%s' (canonical SMILES %s): keep "
                        "one entry per compound", rs[i].name, rs[j].name, rs[i].canonical);
    return 0;
}

static int check_flag(loader *ld, yaml_node_t *at, const char *entry, const char *flag)
{
    if (dzp_rules_side_reaction(ld->rules, flag))
        return 0;
    return fail(ld, at, "%s names the flag '%s', which side_reactions.yaml does not define: add "
                "it there or fix the id", entry, flag);
}

static int check_lability(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    const dzp_lability *l = (const dzp_lability *)base + i;
    return check_flag(ld, value_of(ld, map, "flag"), "a labile_to entry", l->flag);
}

static int check_flag_lists(loader *ld, yaml_node_t *map, const dzp_transformation *t)
{
    static const char *const keys[] = {"flags", "mono_flags", "both_flags"};
    char entry[256];
    size_t k, i;
    int error;

    snprintf(entry, sizeof(entry), "transformation '%s'", t->id);
    for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        yaml_node_t *list = value_of(ld, map, keys[k]);
        if (!list || list->type != YAML_SEQUENCE_NODE)
            continue;
        for (i = 0; i < items_of(list); i++) {
            yaml_node_t *item = item_at(ld, list, i);
            if ((error = check_flag(ld, item, entry, text_of(item))) < 0)
                return error;
        }
    }
    return 0;
}

static int resolve_pg(loader *ld, yaml_node_t *map, dzp_transformation *t)
{
    const dzp_rules *r = ld->rules;
    char known[256] = "";
    size_t i, len = 0;

    if (!t->pg_name || (t->pg = dzp_rules_pg(r, t->pg_name)) != NULL)
        return 0;
    for (i = 0; i < r->n_pgs && len < sizeof(known); i++)
        len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s", len ? ", " : "",
                                r->pgs[i].name);
    return fail(ld, value_of(ld, map, "pg"), "transformation '%s' names the protecting group "
                "'%s', which protecting_groups.yaml does not define (known: %s): add it there "
                "or fix the name", t->id, t->pg_name, known);
}

static int needs(loader *ld, yaml_node_t *map, const dzp_transformation *t, const char *key,
                 const char *hint)
{
    return fail(ld, map, "transformation '%s' (kind: %s) needs '%s': %s", t->id, t->kind, key,
                hint);
}

/* What each kind requires: protect a pg and a key reagent with SMILES,
 * deprotect a pg and no key reagent, install kinds installs + disconnect. */
static int check_kind(loader *ld, yaml_node_t *map, const dzp_transformation *t)
{
    switch (t->tkind) {
    case DZP_TK_PROTECT:
        if (!t->pg_name)
            return needs(ld, map, t, "pg", "name the protecting group it installs");
        if (!t->has_key || !t->key.smiles)
            return needs(ld, map, t, "key_reagent.smiles", "give the protecting reagent's SMILES");
        if (!t->key.reactive)
            return needs(ld, map, t, "key_reagent.reactive", "give the SMARTS of its reacting bond");
        return 0;
    case DZP_TK_DEPROTECT:
        if (!t->pg_name)
            return needs(ld, map, t, "pg", "name the protecting group it removes");
        if (t->has_key)
            return fail(ld, value_of(ld, map, "key_reagent"), "transformation '%s' is a "
                        "deprotection and takes no key_reagent: list its reagents under "
                        "'reagents'", t->id);
        return 0;
    case DZP_TK_INSTALL:
        if (!t->installs)
            return needs(ld, map, t, "installs", "give the SMARTS of the group it installs");
        if (!t->disconnect_element)
            return needs(ld, map, t, "disconnect", "give {element: ..., order: ...}");
        if (!t->has_key || !t->key.reactive)
            return needs(ld, map, t, "key_reagent.reactive", "give the SMARTS of its reacting bond");
        return 0;
    }
    return 0;
}

static int check_transformation(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    dzp_transformation *ts = base, *t = &ts[i];
    size_t j;
    int error;

    t->has_key = t->key.role != NULL;
    for (j = 0; j < i; j++)
        if (strcmp(ts[j].id, t->id) == 0)
            return duplicate(ld, map, "id", "transformation", t->id);
    if ((error = check_kind(ld, map, t)) < 0 || (error = resolve_pg(ld, map, t)) < 0)
        return error;
    return check_flag_lists(ld, map, t);
}

/* ------------------------------------------------------------------------ */
/* The tables.                                                               */
/* ------------------------------------------------------------------------ */

#define REQ true
#define OPT false
#define SCALAR YAML_SCALAR_NODE
#define SEQ YAML_SEQUENCE_NODE
#define MAP YAML_MAPPING_NODE
#define ANY YAML_NO_NODE
#define END {NULL, YAML_NO_NODE, OPT, NULL, 0, 0, NULL}

static const char *const roles[] = {"electrophile", "nucleophile", "reductant", "catalyst",
                                    "ligand", "base", "acid", "additive", "solvent", NULL};
static const char *const atmospheres[] = {"air", "N2", "Ar", NULL};

#define LA(m) offsetof(dzp_lookalike, m)
static const field lookalike_fields[] = {
    {"name", SCALAR, REQ, h_str, LA(name), 0, NULL},
    {"smarts", SCALAR, REQ, h_smarts, LA(smarts_text), LA(smarts), NULL},
    {"message", SCALAR, REQ, h_str, LA(message), 0, NULL},
    END,
};
static const shape lookalike_shape = {"a look-alike", lookalike_fields, sizeof(dzp_lookalike),
                                      NULL};

#define SC(m) offsetof(dzp_scaffold_rules, m)
static const field scaffold_fields[] = {
    {"ring", SCALAR, REQ, h_smarts, SC(ring_text), SC(ring), NULL},
    {"free_nh", SCALAR, REQ, h_smarts, SC(free_nh_text), SC(free_nh), NULL},
    {"lookalikes", SEQ, OPT, h_list, SC(lookalikes), SC(n_lookalikes), &lookalike_shape},
    END,
};
static const shape scaffold_shape = {"the scaffold", scaffold_fields, 0, NULL};

#define PG(m) offsetof(dzp_pg, m)
static const field pg_fields[] = {
    {"name", SCALAR, REQ, h_str, PG(name), 0, NULL},
    {"long_name", SCALAR, OPT, h_str, PG(long_name), 0, NULL},
    {"smarts", SCALAR, REQ, h_smarts, PG(smarts_text), PG(smarts), NULL},
    {"cleavage", SCALAR, REQ, h_str, PG(cleavage), 0, NULL},
    {"preference", SCALAR, OPT, h_number, PG(preference), 0, NULL},
    {"source", SCALAR, OPT, h_str, PG(source), 0, NULL},
    END,
};
static const shape pg_shape = {"a protecting group", pg_fields, sizeof(dzp_pg), check_pg};

#define RL(m) offsetof(dzp_reagent_rule, m)
static const field reagent_line_fields[] = {
    {"role", SCALAR, REQ, h_choice, RL(role), 0, roles},
    {"name", SCALAR, REQ, h_str, RL(name), 0, NULL},
    {"smiles", SCALAR, OPT, h_smiles, RL(smiles), RL(canonical), NULL},
    {"equiv", SCALAR, OPT, h_opt_number, RL(equiv), RL(has_equiv), NULL},
    END,
};
static const shape reagent_line_shape = {"a reagent line", reagent_line_fields,
                                         sizeof(dzp_reagent_rule), NULL};

#define CO(m) offsetof(dzp_conditions, m)
static const field conditions_fields[] = {
    {"solvent", SCALAR, OPT, h_str, CO(solvent), 0, NULL},
    {"temperature_c", ANY, OPT, h_range, CO(temperature_c), 0, NULL},
    {"time_h", ANY, OPT, h_range, CO(time_h), 0, NULL},
    {"concentration_m", SCALAR, OPT, h_opt_number, CO(concentration_m), CO(has_concentration),
     NULL},
    {"atmosphere", SCALAR, OPT, h_choice, CO(atmosphere), 0, atmospheres},
    END,
};
static const shape conditions_shape = {"a conditions block", conditions_fields, 0, NULL};

#define KR(m) offsetof(dzp_key_reagent, m)
static const field key_fields[] = {
    {"role", SCALAR, REQ, h_choice, KR(role), 0, roles},
    {"name", SCALAR, OPT, h_str, KR(name), 0, NULL},
    {"smiles", SCALAR, OPT, h_key_smiles, 0, 0, NULL},
    {"reactive", SCALAR, OPT, h_smarts, KR(reactive_text), KR(reactive), NULL},
    {"equiv", SCALAR, OPT, h_number, KR(equiv), 0, NULL},
    {"mono_equiv", SCALAR, OPT, h_number, KR(mono_equiv), 0, NULL},
    {"both_equiv", SCALAR, OPT, h_number, KR(both_equiv), 0, NULL},
    END,
};
static const shape key_shape = {"a key_reagent block", key_fields, 0, NULL};

/* disconnect's fields live directly in the transformation */
#define TR(m) offsetof(dzp_transformation, m)
static const field disconnect_fields[] = {
    {"element", SCALAR, REQ, h_element, TR(disconnect_element), 0, NULL},
    {"order", SCALAR, REQ, h_bond_order, TR(disconnect_order), 0, NULL},
    END,
};
static const shape disconnect_shape = {"a disconnect block", disconnect_fields, 0, NULL};

static const field transformation_fields[] = {
    {"id", SCALAR, REQ, h_str, TR(id), 0, NULL},
    {"kind", SCALAR, REQ, h_kind, TR(kind), 0, NULL},
    {"name", SCALAR, REQ, h_str, TR(name), 0, NULL},
    {"pg", SCALAR, OPT, h_str, TR(pg_name), 0, NULL},
    {"installs", SCALAR, OPT, h_smarts, TR(installs_text), TR(installs), NULL},
    {"disconnect", MAP, OPT, h_mapping, 0, 0, &disconnect_shape},
    {"key_reagent", MAP, OPT, h_mapping, TR(key), 0, &key_shape},
    {"reagents", SEQ, OPT, h_list, TR(reagents), TR(n_reagents), &reagent_line_shape},
    {"conditions", MAP, OPT, h_mapping, TR(conditions), 0, &conditions_shape},
    {"workup", SCALAR, OPT, h_str, TR(workup), 0, NULL},
    {"condition_classes", SEQ, OPT, h_strlist, TR(condition_classes), TR(n_condition_classes),
     NULL},
    {"cost", SCALAR, REQ, h_number, TR(cost), 0, NULL},
    {"mono_penalty", SCALAR, OPT, h_number, TR(mono_penalty), 0, NULL},
    {"both", SCALAR, OPT, h_bool, TR(both), 0, NULL},
    {"flags", SEQ, OPT, h_strlist, TR(flags), TR(n_flags), NULL},
    {"mono_flags", SEQ, OPT, h_strlist, TR(mono_flags), TR(n_mono_flags), NULL},
    {"both_flags", SEQ, OPT, h_strlist, TR(both_flags), TR(n_both_flags), NULL},
    {"source", SCALAR, OPT, h_str, TR(source), 0, NULL},
    END,
};
static const shape transformation_shape = {"a transformation", transformation_fields,
                                           sizeof(dzp_transformation), check_transformation};

#define LB(m) offsetof(dzp_lability, m)
static const field lability_fields[] = {
    {"conditions", SCALAR, REQ, h_str, LB(conditions), 0, NULL},
    {"flag", SCALAR, REQ, h_str, LB(flag), 0, NULL},
    {"severity", SCALAR, REQ, h_severity, LB(severity), 0, NULL},
    END,
};
static const shape lability_shape = {"a labile_to entry", lability_fields, sizeof(dzp_lability),
                                     check_lability};

#define FG(m) offsetof(dzp_fgroup, m)
static const field fgroup_fields[] = {
    {"name", SCALAR, REQ, h_str, FG(name), 0, NULL},
    {"smarts", SCALAR, REQ, h_smarts, FG(smarts_text), FG(smarts), NULL},
    {"requires", SCALAR, OPT, h_smarts, FG(requires_text), FG(requires), NULL},
    {"labile_to", SEQ, OPT, h_list, FG(labile_to), FG(n_labile_to), &lability_shape},
    {"source", SCALAR, OPT, h_str, FG(source), 0, NULL},
    END,
};
static const shape fgroup_shape = {"a functional group", fgroup_fields, sizeof(dzp_fgroup), NULL};

#define SR(m) offsetof(dzp_side_reaction, m)
static const field side_reaction_fields[] = {
    {"id", SCALAR, REQ, h_str, SR(id), 0, NULL},
    {"severity", SCALAR, REQ, h_severity, SR(severity), 0, NULL},
    {"message", SCALAR, REQ, h_str, SR(message), 0, NULL},
    {"mitigation", SCALAR, OPT, h_str, SR(mitigation), 0, NULL},
    {"source", SCALAR, OPT, h_str, SR(source), 0, NULL},
    END,
};
static const shape side_reaction_shape = {"a side reaction", side_reaction_fields,
                                          sizeof(dzp_side_reaction), check_side_reaction};

#define NR(m) offsetof(dzp_named_reagent, m)
static const field named_reagent_fields[] = {
    {"name", SCALAR, REQ, h_str, NR(name), 0, NULL},
    {"smiles", SCALAR, REQ, h_smiles, NR(smiles), NR(canonical), NULL},
    END,
};
static const shape named_reagent_shape = {"a reagent", named_reagent_fields,
                                          sizeof(dzp_named_reagent), check_named_reagent};

#define PL(m) offsetof(dzp_planner_rules, m)
static const field planner_fields[] = {
    {"warning_cost", SCALAR, OPT, h_number, PL(warning_cost), 0, NULL},
    {"info_cost", SCALAR, OPT, h_number, PL(info_cost), 0, NULL},
    {"regio_selective_penalty", SCALAR, OPT, h_number, PL(regio_selective_penalty), 0, NULL},
    {"regio_unselective_penalty", SCALAR, OPT, h_number, PL(regio_unselective_penalty), 0, NULL},
    {"max_steps", SCALAR, OPT, h_count, PL(max_steps), 0, NULL},
    {"max_alternatives", SCALAR, OPT, h_count, PL(max_alternatives), 0, NULL},
    END,
};
static const shape planner_shape = {"the planner block", planner_fields, 0, NULL};

/* The top level of each file: one key. */
#define RU(m) offsetof(dzp_rules, m)
static const field scaffold_top[] = {
    {"scaffold", MAP, REQ, h_mapping, RU(scaffold), 0, &scaffold_shape}, END};
static const field side_reactions_top[] = {
    {"side_reactions", SEQ, REQ, h_list, RU(side_reactions), RU(n_side_reactions),
     &side_reaction_shape},
    END};
static const field pgs_top[] = {
    {"protecting_groups", SEQ, REQ, h_list, RU(pgs), RU(n_pgs), &pg_shape}, END};
static const field reagents_top[] = {
    {"reagents", SEQ, REQ, h_list, RU(named_reagents), RU(n_named_reagents),
     &named_reagent_shape},
    END};
static const field transformations_top[] = {
    {"transformations", SEQ, REQ, h_list, RU(transformations), RU(n_transformations),
     &transformation_shape},
    END};
static const field fgroups_top[] = {
    {"functional_groups", SEQ, REQ, h_list, RU(fgroups), RU(n_fgroups), &fgroup_shape}, END};
static const field planner_top[] = {
    {"planner", MAP, OPT, h_mapping, RU(planner), 0, &planner_shape}, END};

/* In load order: a file comes after the files its entries refer to. */
static const shape rule_files[] = {
    {"scaffold.yaml", scaffold_top, 0, NULL},
    {"side_reactions.yaml", side_reactions_top, 0, NULL},
    {"protecting_groups.yaml", pgs_top, 0, NULL},
    {"reagents.yaml", reagents_top, 0, NULL},
    {"transformations.yaml", transformations_top, 0, NULL},
    {"functional_groups.yaml", fgroups_top, 0, NULL},
    {"planner.yaml", planner_top, 0, NULL},
};

/* ------------------------------------------------------------------------ */
/* Files.                                                                    */
/* ------------------------------------------------------------------------ */

/* The reader reports a byte offset only: find its line and column. */
static yaml_mark_t offset_mark(FILE *f, size_t offset)
{
    yaml_mark_t m = {offset, 0, 0};
    size_t i;
    int c;

    rewind(f);
    for (i = 0; i < offset && (c = getc(f)) != EOF; i++) {
        m.column++;
        if (c == '\n') {
            m.line++;
            m.column = 0;
        }
    }
    return m;
}

static int syntax_error(const loader *ld, const yaml_parser_t *parser, FILE *f)
{
    yaml_mark_t m = parser->problem_mark;

    if (parser->error == YAML_READER_ERROR && ferror(f))
        return dzp_error_set(DZP_EIO, "cannot read the rules file %s: %s", ld->path,
                             strerror(errno));
    if (parser->error == YAML_READER_ERROR) {
        m = offset_mark(f, parser->problem_offset);
        return dzp_error_set(DZP_EINVAL, "%s:%zu:%zu: %s: save the file as UTF-8 text",
                             ld->path, m.line + 1, m.column + 1,
                             parser->problem ? parser->problem : "unreadable text");
    }
    return dzp_error_set(DZP_EINVAL, "%s:%zu:%zu: YAML syntax error: %s%s%s: check the "
                         "indentation and quoting", ld->path, m.line + 1, m.column + 1,
                         parser->problem ? parser->problem : "unknown problem",
                         parser->context ? " " : "", parser->context ? parser->context : "");
}

/* Walk the document's root against the file's top-level table; a second
 * document in the file is refused. */
static int load_document(loader *ld, yaml_parser_t *parser, FILE *f, const shape *file)
{
    yaml_node_t *root = yaml_document_get_root_node(&ld->doc);
    yaml_document_t extra;
    int error;

    if (!root || is_null(root))
        return dzp_error_set(DZP_EINVAL, "%s: the file is empty: it must hold a mapping with "
                             "the key '%s'", ld->path, file->fields[0].key);
    if (root->type != YAML_MAPPING_NODE)
        return fail(ld, root, "the file must hold a mapping with the key '%s', not %s",
                    file->fields[0].key, type_name(root->type));
    if ((error = process_mapping(ld, root, ld->rules, file)) < 0)
        return error;
    if (!yaml_parser_load(parser, &extra))
        return syntax_error(ld, parser, f);
    root = yaml_document_get_root_node(&extra);
    error = root ? fail(ld, root, "a second YAML document ('---') is not allowed: keep one") : 0;
    yaml_document_delete(&extra);
    return error;
}

static int load_file(dzp_rules *r, arena *a, const char *dir, const shape *file)
{
    loader ld = {.rules = r, .arena = a, .what = file->what};
    yaml_parser_t parser;
    bool have_parser = false, have_doc = false;
    size_t len = strlen(dir) + strlen(file->what) + 2;
    char *path = arena_alloc(a, len);
    FILE *f = NULL;
    int error;

    if (!path)
        return dzp_error_set(DZP_ENOMEM, "out of memory loading the rules");
    snprintf(path, len, "%s/%s", dir, file->what);
    ld.path = path;
    if (!(f = fopen(path, "rb"))) {
        error = dzp_error_set(DZP_EIO, "cannot open the rules file %s: %s (check the rules "
                              "directory, or set DZP_RULES)", path, strerror(errno));
        goto done;
    }
    if (!(have_parser = yaml_parser_initialize(&parser))) {
        error = oom(&ld);
        goto done;
    }
    yaml_parser_set_input_file(&parser, f);
    if (!(have_doc = yaml_parser_load(&parser, &ld.doc))) {
        error = syntax_error(&ld, &parser, f);
        goto done;
    }
    error = load_document(&ld, &parser, f, file);
done:
    if (have_doc)
        yaml_document_delete(&ld.doc);
    if (have_parser)
        yaml_parser_delete(&parser);
    if (f)
        fclose(f);
    return error;
}

/* ------------------------------------------------------------------------ */
/* Public API.                                                               */
/* ------------------------------------------------------------------------ */

/* "info", "warning" or "critical"; "unknown" for a value out of range. */
const char *dzp_severity_name(dzp_severity s)
{
    static const char *const names[] = {
        [DZP_SEV_INFO] = "info", [DZP_SEV_WARNING] = "warning", [DZP_SEV_CRITICAL] = "critical"};
    return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

/* $DZP_RULES when set and non-empty, else the source tree's rules/ when it
 * is a directory, else the installed rules directory.  Borrowed. */
const char *dzp_rules_default_dir(void)
{
    const char *env = getenv("DZP_RULES");
    struct stat st;

    if (env && *env)
        return env;
    if (stat(DZP_RULES_SOURCE_DIR, &st) == 0 && S_ISDIR(st.st_mode))
        return DZP_RULES_SOURCE_DIR;
    return DZP_RULES_INSTALL_DIR;
}

static void planner_defaults(dzp_planner_rules *p)
{
    p->warning_cost = 0.2;
    p->info_cost = 0.0;
    p->regio_selective_penalty = 0.3;
    p->regio_unselective_penalty = 3.0;
    p->max_steps = 6;
    p->max_alternatives = 5;
}

/* Load the seven files of dir (NULL: dzp_rules_default_dir()) into a new
 * rule set.  Returns 0 and sets *out, or DZP_EINVAL (content, with
 * file:line:column), DZP_EIO (a file missing or unreadable) or DZP_ENOMEM,
 * leaving *out untouched and nothing allocated. */
int dzp_rules_load(dzp_rules **out, const char *dir)
{
    dzp_rules *r = NULL;
    arena *a;
    size_t i;
    int error = 0;

    if (!out)
        return dzp_error_set(DZP_EINVAL, "dzp_rules_load needs somewhere to put the rules");
    if (!dir)
        dir = dzp_rules_default_dir();
    if (!(r = calloc(1, sizeof(*r))) || !(r->arena = a = calloc(1, sizeof(arena))) ||
        !(r->dir = arena_strdup(a, dir))) {
        error = dzp_error_set(DZP_ENOMEM, "out of memory loading the rules");
        goto done;
    }
    planner_defaults(&r->planner);
    for (i = 0; i < sizeof(rule_files) / sizeof(rule_files[0]); i++)
        if ((error = load_file(r, a, dir, &rule_files[i])) < 0)
            goto done;
    *out = r;
    r = NULL;
done:
    dzp_rules_free(r);
    return error;
}

/* Free a rule set from dzp_rules_load, with its patterns and molecules.
 * Accepts NULL. */
void dzp_rules_free(dzp_rules *rules)
{
    if (!rules)
        return;
    arena_free(rules->arena);
    free(rules);
}

/* The protecting group called name, or NULL. */
const dzp_pg *dzp_rules_pg(const dzp_rules *rules, const char *name)
{
    size_t i;

    if (!rules || !name)
        return NULL;
    for (i = 0; i < rules->n_pgs; i++)
        if (strcmp(rules->pgs[i].name, name) == 0)
            return &rules->pgs[i];
    return NULL;
}

/* The side reaction with this id, or NULL. */
const dzp_side_reaction *dzp_rules_side_reaction(const dzp_rules *rules, const char *id)
{
    size_t i;

    if (!rules || !id)
        return NULL;
    for (i = 0; i < rules->n_side_reactions; i++)
        if (strcmp(rules->side_reactions[i].id, id) == 0)
            return &rules->side_reactions[i];
    return NULL;
}

/* The name reagents.yaml gives the compound with this canonical SMILES
 * (as from dzp_mol_smiles(..., DZP_SMILES_CANONICAL)), or NULL. */
const char *dzp_rules_reagent_name(const dzp_rules *rules, const char *canonical_smiles)
{
    size_t i;

    if (!rules || !canonical_smiles)
        return NULL;
    for (i = 0; i < rules->n_named_reagents; i++)
        if (strcmp(rules->named_reagents[i].canonical, canonical_smiles) == 0)
            return rules->named_reagents[i].name;
    return NULL;
}
