/* rules_internal.h -- what the files of the rule loader share.
 *
 * rules_yaml.c   the arena and the generic YAML walker with its value handlers
 * rules_check.c  what the words mean: the vocabulary, SMARTS shape contracts,
 *                cross references between the files
 * rules_stereo.c a transformation's `stereo`: which rules may say it
 * rules.c        the tables of every rule file, the files, the public API
 *
 * Nothing outside these files includes this header; only they know
 * YAML exists.
 */
#ifndef DZP_RULES_INTERNAL_H
#define DZP_RULES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "dzp/mol.h"
#include "dzp/rules.h"

#if defined(__GNUC__)
#define DZP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DZP_PRINTF(f, a)
#endif

/* ---- the arena: owns every string, array, pattern and molecule of a rule set */

typedef struct rules_arena rules_arena;

/* A new empty arena, or NULL when out of memory. */
rules_arena *rules_arena_new(void);
/* Zeroed memory for n > 0 bytes, or NULL when out of memory. */
void *rules_arena_alloc(rules_arena *a, size_t n);
/* n zeroed elements of `size` bytes, or NULL (n == 0 or out of memory). */
void *rules_arena_array(rules_arena *a, size_t n, size_t size);
/* A copy of s, or NULL when out of memory. */
char *rules_arena_strdup(rules_arena *a, const char *s);
/* Let the arena destroy p with fn.  On failure p is destroyed at once and
 * DZP_ENOMEM is returned with a message. */
int rules_arena_own(rules_arena *a, void (*fn)(void *), void *p);
/* Run the destructors and free the arena.  Accepts NULL. */
void rules_arena_free(rules_arena *a);
void rules_free_smarts(void *p);
void rules_free_mol(void *p);

/* ---- the walker ------------------------------------------------------------ */

typedef struct {
    dzp_rules *rules;
    rules_arena *arena;
    yaml_document_t doc;
    const char *path; /* of the file being read, for messages */
    const char *what; /* the mapping being read: "a transformation" */
} loader;

typedef struct field field;
typedef int (*node_handler)(loader *ld, yaml_node_t *node, void *obj, const field *f);

/* One known key of a mapping.  The handler stores the value at obj + off;
 * aux is a second place (the compiled pattern, the count of a list, the
 * canonical SMILES, a has_ flag) and data a table the handler needs (the
 * words of a choice, the shape of a nested mapping, the contract of a
 * SMARTS). */
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

/* What a SMARTS must look like for the code that indexes its matches.
 * Atoms are numbered from 0 in the order the pattern writes them. */
typedef struct {
    int min_atoms;           /* at least this many atoms */
    int exact_atoms;         /* 0, or exactly this many */
    bool bond_0_1;           /* atoms 0 and 1 are bonded */
    bool bond_1_2;           /* atoms 1 and 2 are bonded */
    bool ring;               /* atoms 0..n-1 form a ring in this order */
    int element_of[2][2];    /* {atom, atomic number} pairs the atom must be;
                                atom -1 ends the list; number 0 = the '*'
                                attachment, which must also have one bond */
    const char *contract;    /* the contract in words, for the error message */
} smarts_contract;

/* Report a content error at node: returns DZP_EINVAL with the message
 * "path:line:col: ..." (1-based) set. */
int rules_fail(const loader *ld, const yaml_node_t *node, const char *fmt, ...) DZP_PRINTF(3, 4);
/* DZP_ENOMEM with "out of memory loading <path>". */
int rules_oom(const loader *ld);

yaml_node_t *rules_node(loader *ld, int id);
const char *rules_text(const yaml_node_t *node);
size_t rules_items(const yaml_node_t *node);
yaml_node_t *rules_item(loader *ld, const yaml_node_t *node, size_t i);
void *rules_field_at(void *obj, size_t off);
const char *rules_type_name(yaml_node_type_t type);
bool rules_is_null(const yaml_node_t *node);
/* The value node of `key` in map, or NULL when the key is absent. */
yaml_node_t *rules_value_of(loader *ld, const yaml_node_t *map, const char *key);
/* Walk mapping node map against the shape's fields, filling obj.  Returns
 * 0, or a negative dzp_error with a file:line:column message. */
int rules_process_mapping(loader *ld, yaml_node_t *map, void *obj, const shape *s);
int rules_scalar_text(loader *ld, yaml_node_t *node, const char *key, const char **out);
int rules_copy_string(loader *ld, const char **out, const char *s);
int rules_parse_number(loader *ld, yaml_node_t *node, const char *key, double *out);
int rules_whole_number(loader *ld, yaml_node_t *node, const char *key, int lo, int hi, int *out);
int rules_canonicalize(loader *ld, yaml_node_t *node, const char *key, const char *s,
                       char **canonical, dzp_mol **mol);
/* "a, b, c" from a NULL-terminated list of words, cut to fit out. */
void rules_join_words(char *out, size_t size, const char *const *words, size_t n);

/* Value handlers (node_handler): each returns 0 or a negative dzp_error
 * with a file:line:column message, and stores nothing on failure. */
int rules_read_str(loader *ld, yaml_node_t *node, void *obj, const field *f);
/* The words of the field tables (rules.c, rules_amounts.c). */
#define REQ true
#define OPT false
#define SCALAR YAML_SCALAR_NODE
#define SEQ YAML_SEQUENCE_NODE
#define MAP YAML_MAPPING_NODE
#define ANY YAML_NO_NODE
#define END {NULL, YAML_NO_NODE, OPT, NULL, 0, 0, NULL}

int rules_read_number(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_opt_number(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_count(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_bond_order(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_bool(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_range(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_strlist(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_canonical_list(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_choice(loader *ld, yaml_node_t *node, void *obj, const field *f);
/* rules_amounts.c: a `form` block (a dzp_form at off), and a yield range. */
int rules_read_form(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_yield(loader *ld, yaml_node_t *node, void *obj, const field *f);
/* rules_sources.c: sources.yaml's table, and a `source:` text whose ids
 * must be declared there. */
extern const field rules_sources_top[];
int rules_read_source(loader *ld, yaml_node_t *node, void *obj, const field *f);
/* A SMARTS: text at off, compiled pattern at aux; when f->data is a
 * smarts_contract the pattern must keep it. */
int rules_read_smarts(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_smiles(loader *ld, yaml_node_t *node, void *obj, const field *f);
/* A SMILES whose molecule is kept: text at off, dzp_mol * at aux. */
int rules_read_fragment(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_key_smiles(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_mapping(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_list(loader *ld, yaml_node_t *node, void *obj, const field *f);

/* ---- meaning (rules_check.c) -------------------------------------------------- */

/* Check pattern (read from node for key) against contract c. */
int rules_check_smarts_shape(loader *ld, yaml_node_t *node, const char *key,
                             const dzp_smarts *pattern, const smarts_contract *c);

/* Handlers whose words come from vocabulary.yaml (loaded first). */
int rules_read_condition_classes(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_lability_condition(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_step_kind(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_role(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_severity(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_element(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_flag_id(loader *ld, yaml_node_t *node, void *obj, const field *f);
int rules_read_route_trigger(loader *ld, yaml_node_t *node, void *obj, const field *f);
/* An n type of the vocabulary; stores the vocabulary's own string. */
int rules_read_n_type(loader *ld, yaml_node_t *node, void *obj, const field *f);
/* A list of n types of the vocabulary (applies_to, competing). */
int rules_read_n_types(loader *ld, yaml_node_t *node, void *obj, const field *f);
/* disconnect.leaving_group: a SMILES with exactly one '*', singly bonded. */
int rules_read_leaving_group(loader *ld, yaml_node_t *node, void *obj, const field *f);

/* ---- the disconnect forms beyond one leaving atom (rules_forms.c) ------------- */

/* disconnect.geminal_group: a SMILES with exactly one '*', singly bonded;
 * kept with the '*' made a hydrogen. */
int rules_read_geminal_group(loader *ld, yaml_node_t *node, void *obj, const field *f);
/* The '*' atom of m when it has exactly one, bonded once by a single bond;
 * -1 otherwise. */
int rules_single_attachment(const dzp_mol *m);
/* Check disconnect: {ring_opening: true} and disconnect.geminal_group
 * against the rest of the block and installs.  Returns 1 when the block is
 * a ring opening (fully checked here), 0 when the caller checks the rest,
 * or a negative dzp_error with file:line:column. */
int rules_check_extra_forms(loader *ld, yaml_node_t *map, const dzp_transformation *t);
/* The element reactive atom 1 must be for a ring-opening rule (installs
 * atom 3), or 0 when the pattern does not pin it down. */
int rules_ring_opening_leaving_element(const dzp_transformation *t);
/* A list of step kinds whose shape is install. */
int rules_read_install_kinds(loader *ld, yaml_node_t *node, void *obj, const field *f);
/* An atom of the entry's `smarts` (0-based); stored as index + 1. */
int rules_read_pattern_atom(loader *ld, yaml_node_t *node, void *obj, const field *f);

/* Checks run on each entry of a list once it is read (shape.check). */
int rules_check_severity(loader *ld, yaml_node_t *map, void *base, size_t i);
int rules_check_condition_class(loader *ld, yaml_node_t *map, void *base, size_t i);
int rules_check_step_kind(loader *ld, yaml_node_t *map, void *base, size_t i);
int rules_check_role(loader *ld, yaml_node_t *map, void *base, size_t i);
int rules_check_n_type_word(loader *ld, yaml_node_t *map, void *base, size_t i);
int rules_check_pg(loader *ld, yaml_node_t *map, void *base, size_t i);
int rules_check_side_reaction(loader *ld, yaml_node_t *map, void *base, size_t i);
int rules_check_named_reagent(loader *ld, yaml_node_t *map, void *base, size_t i);
int rules_check_transformation(loader *ld, yaml_node_t *map, void *base, size_t i);
int rules_check_fgroup(loader *ld, yaml_node_t *map, void *base, size_t i);
int rules_check_validity(loader *ld, yaml_node_t *map, void *base, size_t i);
int rules_check_mask(loader *ld, yaml_node_t *map, void *base, size_t i);
/* A transformation's `stereo` (rules_stereo.c): sets t->stereo, or refuses
 * a mode the rule's shape cannot have. */
int rules_check_stereo(loader *ld, yaml_node_t *map, dzp_transformation *t);

/* Checks run once a whole file is read (node: its root mapping). */
int rules_check_vocabulary(loader *ld, yaml_node_t *root);
int rules_check_pgs_removable(loader *ld, yaml_node_t *root);
int rules_check_unmasks_used(loader *ld, yaml_node_t *root);
int rules_check_n_types_total(loader *ld, yaml_node_t *root);

#endif
