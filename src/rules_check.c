/* rules_check.c -- what the words of the rule files mean, checked at load.
 *
 * rules_yaml.c knows YAML types; this file knows the rule language:
 *
 * - the vocabulary (vocabulary.yaml, loaded first): every condition class,
 *   step kind, reagent role and severity used anywhere must be declared
 *   there, and an unknown one is refused naming the known ones;
 * - shape contracts for SMARTS: each SMARTS key says how many atoms its
 *   pattern has, which atom is the nitrogen or the '*' attachment and which
 *   atoms are bonded, and a pattern that breaks its contract is refused, so
 *   the planner never indexes a match past what the contract guarantees;
 * - cross references: a flag id must be defined in side_reactions.yaml, a
 *   protecting group's `labile_as` must name functional groups that are
 *   destroyed by its `cleavage` class, a transformation's `pg` must name a
 *   protecting group, a deprotection must run under its group's cleavage
 *   class, and every protecting group must have one;
 * - n types: scaffold.yaml's n_types and a transformation's applies_to and
 *   competing name n types of the vocabulary, the n_types end with the
 *   catch-all amine, and applies_to defaults to [amine].
 *
 * Every refusal is "file:line:column: what is wrong: what to do".
 */
#define _POSIX_C_SOURCE 200809L

#include "rules_internal.h"

#include <stdio.h>
#include <string.h>

#include "dzp/error.h"

/* ------------------------------------------------------------------------ */
/* Words of the vocabulary.                                                  */
/* ------------------------------------------------------------------------ */

/* The planner's severity scale, in rising order (dzp_severity); the
 * vocabulary restates it and is checked against it. */
static const char *const severity_scale[] = {"info", "warning", "critical"};
#define N_SEVERITIES (sizeof(severity_scale) / sizeof(severity_scale[0]))

void rules_join_words(char *out, size_t size, const char *const *words, size_t n)
{
    size_t i, len = 0;

    out[0] = '\0';
    for (i = 0; i < n && len < size; i++)
        len += (size_t)snprintf(out + len, size - len, "%s%s", len ? ", " : "", words[i]);
}

/* The names of n entries of `size` bytes whose first member is the name. */
static void join_names(char *out, size_t size, const void *base, size_t n, size_t stride)
{
    size_t i, len = 0;

    out[0] = '\0';
    for (i = 0; i < n && len < size; i++) {
        const char *name = *(const char *const *)((const unsigned char *)base + i * stride);
        len += (size_t)snprintf(out + len, size - len, "%s%s", len ? ", " : "", name);
    }
}

/* The index of `word` among n named entries, or -1. */
static long find_name(const void *base, size_t n, size_t stride, const char *word)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(*(const char *const *)((const unsigned char *)base + i * stride), word) == 0)
            return (long)i;
    return -1;
}

static int unknown_word(loader *ld, yaml_node_t *node, const char *key, const char *kind,
                        const void *base, size_t n, size_t stride)
{
    char known[1024];

    join_names(known, sizeof(known), base, n, stride);
    return rules_fail(ld, node, "'%s' in %s must be one of %s, not '%s': '%s' is not a %s "
                      "vocabulary.yaml declares; fix the spelling or declare it there", key,
                      ld->what, known, rules_text(node), rules_text(node), kind);
}

static int class_bit(loader *ld, yaml_node_t *node, const char *key, dzp_class_set *set)
{
    const dzp_vocabulary *v = &ld->rules->vocabulary;
    long i = find_name(v->condition_classes, v->n_condition_classes,
                       sizeof(*v->condition_classes), rules_text(node));

    if (i < 0)
        return unknown_word(ld, node, key, "condition class", v->condition_classes,
                            v->n_condition_classes, sizeof(*v->condition_classes));
    *set |= (dzp_class_set)1 << i;
    return 0;
}

/* condition_classes: [..] of a transformation: the strings, and the set. */
int rules_read_condition_classes(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    dzp_transformation *t = obj;
    size_t i;
    int error = rules_read_strlist(ld, node, obj, f);

    for (i = 0; error == 0 && i < rules_items(node); i++)
        error = class_bit(ld, rules_item(ld, node, i), f->key, &t->condition_set);
    return error;
}

/* labile_to[].conditions: a class of the vocabulary, or "any". */
int rules_read_lability_condition(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    dzp_lability *l = obj;
    int error = rules_read_str(ld, node, obj, f);

    if (error < 0)
        return error;
    if (strcmp(l->conditions, "any") == 0) {
        l->condition_set = ~(dzp_class_set)0;
        return 0;
    }
    return class_bit(ld, node, f->key, &l->condition_set);
}

int rules_read_step_kind(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    const dzp_vocabulary *v = &ld->rules->vocabulary;
    dzp_transformation *t = obj;
    long i = find_name(v->step_kinds, v->n_step_kinds, sizeof(*v->step_kinds), rules_text(node));

    if (i < 0)
        return unknown_word(ld, node, f->key, "step kind", v->step_kinds, v->n_step_kinds,
                            sizeof(*v->step_kinds));
    t->tkind = v->step_kinds[i].shape;
    t->kind = v->step_kinds[i].name;
    return 0;
}

/* role: of a reagent line or key reagent (both start with role, role_word). */
int rules_read_role(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    const dzp_vocabulary *v = &ld->rules->vocabulary;
    long i = find_name(v->reagent_roles, v->n_reagent_roles, sizeof(*v->reagent_roles),
                       rules_text(node));
    const dzp_reagent_role **word = rules_field_at(obj, f->aux);

    if (i < 0)
        return unknown_word(ld, node, f->key, "reagent role", v->reagent_roles,
                            v->n_reagent_roles, sizeof(*v->reagent_roles));
    *(const char **)rules_field_at(obj, f->off) = v->reagent_roles[i].name;
    *word = &v->reagent_roles[i];
    return 0;
}


/* The vocabulary's entry for n type `word`, or NULL. */
static const char *vocabulary_n_type(const dzp_vocabulary *v, const char *word)
{
    long i = find_name(v->n_types, v->n_n_types, sizeof(*v->n_types), word);
    return i < 0 ? NULL : v->n_types[i].name;
}

static int unknown_n_type(loader *ld, yaml_node_t *node, const char *key)
{
    const dzp_vocabulary *v = &ld->rules->vocabulary;
    return unknown_word(ld, node, key, "nitrogen type", v->n_types, v->n_n_types,
                        sizeof(*v->n_types));
}

/* type: of a scaffold.yaml n_types entry. */
int rules_read_n_type(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    const char *word = vocabulary_n_type(&ld->rules->vocabulary, rules_text(node));

    if (!word)
        return unknown_n_type(ld, node, f->key);
    *(const char **)rules_field_at(obj, f->off) = word;
    return 0;
}

/* applies_to: and competing: of a transformation, each entry an n type. */
int rules_read_n_types(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    int error = rules_read_strlist(ld, node, obj, f);
    const char **list = *(const char ***)rules_field_at(obj, f->off);
    size_t i;

    for (i = 0; error == 0 && i < rules_items(node); i++) {
        const char *word = vocabulary_n_type(&ld->rules->vocabulary, list[i]);
        if (!word)
            return unknown_n_type(ld, rules_item(ld, node, i), f->key);
        list[i] = word;
    }
    return error;
}

/* A severity of the planner's scale (which vocabulary.yaml restates). */
int rules_read_severity(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    long i = find_name(severity_scale, N_SEVERITIES, sizeof(severity_scale[0]), rules_text(node));

    if (i < 0)
        return rules_fail(ld, node, "'%s' in %s must be info, warning or critical, not '%s'",
                          f->key, ld->what, rules_text(node));
    *(dzp_severity *)rules_field_at(obj, f->off) = (dzp_severity)i;
    return 0;
}

/* disconnect.element: an element symbol, as Open Babel knows them. */
int rules_read_element(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    int z = dzp_element_number(rules_text(node));

    if (z <= 0)
        return rules_fail(ld, node, "'%s' in %s must be an element symbol such as O, N, Cl or "
                          "Br, not '%s'", f->key, ld->what, rules_text(node));
    *(int *)rules_field_at(obj, f->off) = z;
    return 0;
}

/* The '*' atom of m, when it has exactly one, bonded once by a single
 * bond; -1 otherwise. */
static int single_attachment(const dzp_mol *m)
{
    int n = dzp_mol_atom_count(m), found = -1, count = 0, nbr;

    for (int a = 0; a < n; a++)
        if (dzp_mol_atom_element(m, a) == 0) {
            count++;
            found = a;
        }
    if (count != 1 || dzp_mol_atom_neighbors(m, found, &nbr, 1) != 1 ||
        dzp_mol_bond_order(m, found, nbr) != 1)
        return -1;
    return found;
}

int rules_single_attachment(const dzp_mol *m)
{
    return single_attachment(m);
}

/* disconnect.leaving_group: the group the '*' of the substituent becomes,
 * written as SMILES with one '*' singly bonded to the leaving atom. */
int rules_read_leaving_group(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    dzp_transformation *t = obj;
    dzp_mol *m = NULL;
    const char *s = NULL;
    int error;

    if ((error = rules_scalar_text(ld, node, f->key, &s)) < 0 ||
        (error = rules_copy_string(ld, &t->leaving_group_text, s)) < 0)
        return error;
    if ((error = dzp_mol_from_smiles(&m, s, DZP_PARSE_DUMMY)) < 0)
        return error != DZP_EINVAL ? error
                                   : rules_fail(ld, node, "%s ('%s' in %s): fix the SMILES",
                                                dzp_error_last(), f->key, ld->what);
    if ((error = rules_arena_own(ld->arena, rules_free_mol, m)) < 0)
        return error;
    t->leaving_group = m;
    t->leaving_group_dummy = single_attachment(m);
    if (t->leaving_group_dummy < 0)
        return rules_fail(ld, node, "'%s' in %s must have exactly one '*', bonded by a single "
                          "bond to the atom that leaves (\"*OS(C)(=O)=O\" for a mesylate), "
                          "not '%s'", f->key, ld->what, s);
    return 0;
}

/* kinds: [..] of a reagent validity entry: step kinds of install shape. */
int rules_read_install_kinds(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    const dzp_vocabulary *v = &ld->rules->vocabulary;
    size_t i;
    int error = rules_read_strlist(ld, node, obj, f);

    for (i = 0; error == 0 && i < rules_items(node); i++) {
        yaml_node_t *item = rules_item(ld, node, i);
        long k = find_name(v->step_kinds, v->n_step_kinds, sizeof(*v->step_kinds),
                           rules_text(item));
        if (k < 0)
            error = unknown_word(ld, item, f->key, "step kind", v->step_kinds, v->n_step_kinds,
                                 sizeof(*v->step_kinds));
        else if (v->step_kinds[k].shape != DZP_TK_INSTALL)
            error = rules_fail(ld, item, "'%s' in %s names the step kind '%s', whose shape is "
                               "%s: only install steps derive a reagent to refuse", f->key,
                               ld->what, rules_text(item), v->step_kinds[k].shape_name);
    }
    return error;
}

/* stereocentre: a pattern atom index, checked against the pattern once the
 * entry is read (rules_check_validity). */
int rules_read_pattern_atom(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    int atom = 0;
    int error = rules_whole_number(ld, node, f->key, 0, DZP_MOL_MAX_ATOMS, &atom);

    if (error == 0)
        *(int *)rules_field_at(obj, f->off) = atom + 1;
    return error;
}

static int check_flag(loader *ld, yaml_node_t *at, const char *entry, const char *flag)
{
    if (dzp_rules_side_reaction(ld->rules, flag))
        return 0;
    return rules_fail(ld, at, "%s names the flag '%s', which side_reactions.yaml does not "
                      "define: add it there or fix the id", entry, flag);
}

/* A flag id that side_reactions.yaml (loaded before) must define. */
int rules_read_flag_id(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    int error = rules_read_str(ld, node, obj, f);
    return error < 0 ? error : check_flag(ld, node, ld->what, rules_text(node));
}

/* route_flags[].when: the triggers the planner can evaluate. */
int rules_read_route_trigger(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    static const char *const words[] = {[DZP_WHEN_STEP_FLAG] = "step_flag",
                                        [DZP_WHEN_TARGET_FREE_NH] = "target_has_free_nh",
                                        [DZP_WHEN_RING_STEREOCENTRE_FORMED] =
                                            "ring_stereocentre_formed"};
    dzp_route_flag_rule *r = obj;
    char known[128];
    size_t i;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strcmp(rules_text(node), words[i]) == 0) {
            r->trigger = (dzp_route_trigger)i;
            return rules_copy_string(ld, &r->when, words[i]);
        }
    rules_join_words(known, sizeof(known), words, sizeof(words) / sizeof(words[0]));
    return rules_fail(ld, node, "'%s' in %s must be one of %s, not '%s'", f->key, ld->what, known,
                      rules_text(node));
}

/* ---- the vocabulary file itself ---------------------------------------------- */

static int duplicate(loader *ld, yaml_node_t *map, const char *key, const char *entry,
                     const char *value)
{
    yaml_node_t *at = rules_value_of(ld, map, key);
    return rules_fail(ld, at ? at : map, "%s '%s' is defined twice: give each %s its own %s",
                      entry, value, entry, key);
}

/* An entry of a vocabulary list: a lowercase word, given once. */
static int check_word(loader *ld, yaml_node_t *map, const void *base, size_t i, size_t stride,
                      const char *entry)
{
    const char *name = *(const char *const *)((const unsigned char *)base + i * stride);

    if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name) || !*name)
        return rules_fail(ld, rules_value_of(ld, map, "name"), "%s '%s' must be a lowercase "
                          "word of letters, digits and '_'", entry, name);
    if (find_name(base, i, stride, name) >= 0)
        return duplicate(ld, map, "name", entry, name);
    return 0;
}

int rules_check_condition_class(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    if (i >= DZP_MAX_CONDITION_CLASSES)
        return rules_fail(ld, map, "vocabulary.yaml declares more than %d condition classes: "
                          "merge some", DZP_MAX_CONDITION_CLASSES);
    if (strcmp(((const dzp_condition_class *)base)[i].name, "any") == 0)
        return rules_fail(ld, rules_value_of(ld, map, "name"), "'any' is reserved (a labile_to "
                          "entry's 'conditions: any' means every step): choose another name");
    return check_word(ld, map, base, i, sizeof(dzp_condition_class), "condition class");
}

int rules_check_step_kind(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    static const char *const shapes[] = {[DZP_TK_PROTECT] = "protect",
                                         [DZP_TK_DEPROTECT] = "deprotect",
                                         [DZP_TK_INSTALL] = "install",
                                         [DZP_TK_UNMASK] = "unmask"};
    dzp_step_kind *k = (dzp_step_kind *)base + i;
    long s = find_name(shapes, sizeof(shapes) / sizeof(shapes[0]), sizeof(shapes[0]),
                       k->shape_name);
    char known[64];

    if (s < 0) {
        rules_join_words(known, sizeof(known), shapes, sizeof(shapes) / sizeof(shapes[0]));
        return rules_fail(ld, rules_value_of(ld, map, "shape"), "step kind '%s' has the shape "
                          "'%s', which the planner does not know (known: %s)", k->name,
                          k->shape_name, known);
    }
    k->shape = (dzp_tkind)s;
    return check_word(ld, map, base, i, sizeof(dzp_step_kind), "step kind");
}

int rules_check_role(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    return check_word(ld, map, base, i, sizeof(dzp_reagent_role), "reagent role");
}

int rules_check_severity(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    return check_word(ld, map, base, i, sizeof(dzp_severity_word), "severity");
}

int rules_check_n_type_word(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    return check_word(ld, map, base, i, sizeof(dzp_n_type_word), "n type");
}

/* Once vocabulary.yaml is read: the severities are the planner's scale, and
 * the n type that applies_to defaults to is declared. */
int rules_check_vocabulary(loader *ld, yaml_node_t *root)
{
    const dzp_vocabulary *v = &ld->rules->vocabulary;
    yaml_node_t *voc = rules_value_of(ld, root, "vocabulary");
    yaml_node_t *at = voc ? rules_value_of(ld, voc, "severities") : NULL;
    bool same = v->n_severities == N_SEVERITIES;
    size_t i;

    for (i = 0; same && i < N_SEVERITIES; i++)
        same = strcmp(v->severities[i].name, severity_scale[i]) == 0;
    if (!same)
        return rules_fail(ld, at ? at : root, "the severities must be exactly info, warning, "
                          "critical, in that order (the planner's scale: critical rejects a "
                          "step, warning and info flag it)");
    if (!vocabulary_n_type(v, DZP_DEFAULT_N_TYPE)) {
        at = voc ? rules_value_of(ld, voc, "n_types") : NULL;
        return rules_fail(ld, at ? at : root, "the n_types must declare '%s': it is what a "
                          "protect or install step acts on when its rule has no applies_to",
                          DZP_DEFAULT_N_TYPE);
    }
    return 0;
}

/* Once scaffold.yaml is read: its n_types end with the catch-all, a one-atom
 * pattern of the default n type, so every nitrogen gets a type. */
int rules_check_n_types_total(loader *ld, yaml_node_t *root)
{
    const dzp_scaffold_rules *sc = &ld->rules->scaffold;
    yaml_node_t *scaffold = rules_value_of(ld, root, "scaffold");
    yaml_node_t *list = scaffold ? rules_value_of(ld, scaffold, "n_types") : NULL;
    const dzp_n_type_rule *last = sc->n_n_types ? &sc->n_types[sc->n_n_types - 1] : NULL;

    if (last && strcmp(last->type, DZP_DEFAULT_N_TYPE) == 0 &&
        dzp_smarts_atom_count(last->smarts) == 1)
        return 0;
    return rules_fail(ld, list ? (sc->n_n_types ? rules_item(ld, list, sc->n_n_types - 1) : list)
                               : root,
                      "the last entry of n_types must be the catch-all {type: %s, smarts: "
                      "\"[#7]\"} (one atom), so that every nitrogen has a type", DZP_DEFAULT_N_TYPE);
}

/* ------------------------------------------------------------------------ */
/* Shape contracts of SMARTS.                                                */
/* ------------------------------------------------------------------------ */

static bool ring_in_order(const dzp_smarts *p, int n)
{
    int i;

    for (i = 0; i < n; i++)
        if (!dzp_smarts_bonded(p, i, (i + 1) % n))
            return false;
    return true;
}

/* Does atom `atom` keep element z (0: the '*' attachment, with one bond)? */
static bool element_kept(const dzp_smarts *p, int atom, int z)
{
    if (dzp_smarts_atom_element(p, atom) != z)
        return false;
    return z != 0 || dzp_smarts_degree(p, atom) == 1;
}

int rules_check_smarts_shape(loader *ld, yaml_node_t *node, const char *key,
                             const dzp_smarts *pattern, const smarts_contract *c)
{
    int n = dzp_smarts_atom_count(pattern);
    bool ok = n >= c->min_atoms && (!c->exact_atoms || n == c->exact_atoms);
    int i;

    if (ok && c->bond_0_1)
        ok = dzp_smarts_bonded(pattern, 0, 1);
    if (ok && c->bond_1_2)
        ok = dzp_smarts_bonded(pattern, 1, 2);
    if (ok && c->ring)
        ok = ring_in_order(pattern, n);
    for (i = 0; ok && i < 2 && c->element_of[i][0] >= 0; i++)
        ok = element_kept(pattern, c->element_of[i][0], c->element_of[i][1]);
    if (ok)
        return 0;
    return rules_fail(ld, node, "the SMARTS '%s' ('%s' in %s, %d atom%s) breaks the contract of "
                      "its key: %s", rules_text(node), key, ld->what, n, n == 1 ? "" : "s",
                      c->contract);
}

/* ------------------------------------------------------------------------ */
/* Checks on list entries: uniqueness and cross references.                  */
/* ------------------------------------------------------------------------ */

int rules_check_side_reaction(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    const dzp_side_reaction *srs = base;

    if (find_name(base, i, sizeof(*srs), srs[i].id) >= 0)
        return duplicate(ld, map, "id", "side reaction", srs[i].id);
    return 0;
}

/* A functional group: named once; its labile_to condition classes are
 * united into labile_classes, which the planner tests per step. */
int rules_check_fgroup(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    dzp_fgroup *gs = base;

    if (find_name(base, i, sizeof(*gs), gs[i].name) >= 0)
        return duplicate(ld, map, "name", "functional group", gs[i].name);
    gs[i].labile_classes = 0;
    for (size_t l = 0; l < gs[i].n_labile_to; l++)
        gs[i].labile_classes |= gs[i].labile_to[l].condition_set;
    return 0;
}

/* A reagent validity entry: named once, its stereocentre inside its pattern. */
int rules_check_validity(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    const dzp_reagent_validity *vs = base, *v = &vs[i];
    int n = dzp_smarts_atom_count(v->smarts);

    if (find_name(base, i, sizeof(*vs), v->name) >= 0)
        return duplicate(ld, map, "name", "reagent validity entry", v->name);
    if (v->stereocentre > n)
        return rules_fail(ld, rules_value_of(ld, map, "stereocentre"), "'stereocentre' of '%s' "
                          "is atom %d, but its SMARTS has %d atom%s (numbered from 0)", v->name,
                          v->stereocentre - 1, n, n == 1 ? "" : "s");
    int z = v->stereocentre ? dzp_smarts_atom_element(v->smarts, v->stereocentre - 1) : 6;
    if (z != 6 && z != 0)  /* a tetrahedral centre here is a carbon (0: any element) */
        return rules_fail(ld, rules_value_of(ld, map, "stereocentre"), "'stereocentre' of '%s' "
                          "is atom %d, a %s, which is no tetrahedral carbon: count the SMARTS "
                          "atoms from 0", v->name, v->stereocentre - 1, dzp_element_symbol(z));
    return 0;
}

int rules_check_named_reagent(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    const dzp_named_reagent *rs = base;
    size_t j;

    for (j = 0; j < i; j++)
        if (strcmp(rs[j].canonical, rs[i].canonical) == 0)
            return rules_fail(ld, rules_value_of(ld, map, "smiles"),
                              "reagent '%s' is the same compound as '%s' (canonical SMILES %s): "
                              "keep one entry per compound", rs[i].name, rs[j].name,
                              rs[i].canonical);
    return 0;
}

/* Is functional group g destroyed (critical) by every class of set? */
static bool destroyed_by(const dzp_fgroup *g, dzp_class_set set)
{
    size_t i;

    for (i = 0; i < g->n_labile_to; i++)
        if (g->labile_to[i].severity == DZP_SEV_CRITICAL &&
            (g->labile_to[i].condition_set & set) == set)
            return true;
    return false;
}

/* A protecting group: its cleavage is a condition class, and the
 * functional groups it is labile as exist and fall to that class. */
int rules_check_pg(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    dzp_pg *pg = (dzp_pg *)base + i;
    yaml_node_t *cleavage = rules_value_of(ld, map, "cleavage");
    yaml_node_t *list = rules_value_of(ld, map, "labile_as");
    bool destroyed = false;
    size_t j;
    int error;

    if (find_name(base, i, sizeof(*pg), pg->name) >= 0)
        return duplicate(ld, map, "name", "protecting group", pg->name);
    if ((error = class_bit(ld, cleavage, "cleavage", &pg->cleavage_class)) < 0)
        return error;
    for (j = 0; j < pg->n_labile_as; j++) {
        const dzp_fgroup *g = dzp_rules_fgroup(ld->rules, pg->labile_as[j]);
        if (!g)
            return rules_fail(ld, rules_item(ld, list, j), "protecting group '%s' is labile as "
                              "'%s', which functional_groups.yaml does not define: add it there "
                              "or fix the name", pg->name, pg->labile_as[j]);
        destroyed = destroyed || destroyed_by(g, pg->cleavage_class);
    }
    if (!destroyed)
        return rules_fail(ld, list ? list : map, "protecting group '%s' is cleaved by '%s', but "
                          "none of the functional groups it is labile as is destroyed (critical) "
                          "by '%s': the planner would not see the group fall; add that lability "
                          "in functional_groups.yaml", pg->name, pg->cleavage, pg->cleavage);
    return 0;
}

static int resolve_pg(loader *ld, yaml_node_t *map, dzp_transformation *t)
{
    const dzp_rules *r = ld->rules;
    char known[512];

    if (!t->pg_name || (t->pg = dzp_rules_pg(r, t->pg_name)) != NULL)
        return 0;
    join_names(known, sizeof(known), r->pgs, r->n_pgs, sizeof(*r->pgs));
    return rules_fail(ld, rules_value_of(ld, map, "pg"), "transformation '%s' names the "
                      "protecting group '%s', which protecting_groups.yaml does not define "
                      "(known: %s): add it there or fix the name", t->id, t->pg_name, known);
}

static int needs(loader *ld, yaml_node_t *map, const dzp_transformation *t, const char *key,
                 const char *hint)
{
    return rules_fail(ld, map, "transformation '%s' (kind: %s) needs '%s': %s", t->id, t->kind,
                      key, hint);
}

static int check_protect(loader *ld, yaml_node_t *map, const dzp_transformation *t)
{
    if (!t->pg_name)
        return needs(ld, map, t, "pg", "name the protecting group it installs");
    if (!t->has_key || !t->key.smiles)
        return needs(ld, map, t, "key_reagent.smiles", "give the protecting reagent's SMILES");
    if (!t->key.reactive)
        return needs(ld, map, t, "key_reagent.reactive", "give the SMARTS of its reacting bond");
    if (t->bulky_reagent && t->key.mol && !dzp_smarts_matches(t->bulky_reagent, t->key.mol))
        return rules_fail(ld, rules_value_of(ld, map, "bulky_reagent"), "the bulky_reagent "
                          "SMARTS of transformation '%s' does not match its own reagent %s, so "
                          "it never applies: write \"*\" or leave the key out", t->id,
                          t->key.smiles);
    return 0;
}

static int check_deprotect(loader *ld, yaml_node_t *map, const dzp_transformation *t)
{
    if (!t->pg_name)
        return needs(ld, map, t, "pg", "name the protecting group it removes");
    if (t->has_key)
        return rules_fail(ld, rules_value_of(ld, map, "key_reagent"), "transformation '%s' is a "
                          "deprotection and takes no key_reagent: list its reagents under "
                          "'reagents'", t->id);
    if (t->bulky_reagent || t->mono_workup)
        return rules_fail(ld, rules_value_of(ld, map, t->bulky_reagent ? "bulky_reagent"
                                                                        : "mono_workup"),
                          "transformation '%s' is a deprotection: it has no reagent that picks "
                          "one of two nitrogens, so '%s' does not apply; remove it", t->id,
                          t->bulky_reagent ? "bulky_reagent" : "mono_workup");
    return 0;
}

/* The `installs` of an addition rule: its atoms 1 and 2 are the bond that
 * is raised to make the reagent. */
static const smarts_contract addition_substituent_pattern = {
    .min_atoms = 3, .bond_0_1 = true, .bond_1_2 = true, .element_of = {{0, 0}, {-1, 0}},
    .contract = "for an addition (disconnect: {addition: true}), at least three atoms: atom 0 "
                "the attachment [#0] with one bond, to atom 1, the atom bonded to the nitrogen, "
                "and atom 2 bonded to atom 1 (the bond 1-2 is the multiple bond of the reagent)"};

/* disconnect: either {element, order} (a leaving atom) or {addition: true}. */
static int check_disconnect(loader *ld, yaml_node_t *map, const dzp_transformation *t)
{
    static const char *const leaving_keys[] = {"element", "order", "leaving_group"};
    yaml_node_t *block = rules_value_of(ld, map, "disconnect");
    bool by_element = t->disconnect_element || t->disconnect_order;
    size_t k;
    int extra = rules_check_extra_forms(ld, map, t);

    if (extra != 0)
        return extra < 0 ? extra : 0;
    if (t->disconnect_addition) {
        for (k = 0; k < sizeof(leaving_keys) / sizeof(leaving_keys[0]); k++) {
            yaml_node_t *at = rules_value_of(ld, block, leaving_keys[k]);
            if (at)
                return rules_fail(ld, at, "transformation '%s' disconnects by addition, which has "
                                  "no leaving atom, so '%s' does not apply: the reagent is the "
                                  "group with the bond between installs atoms 1 and 2 raised one "
                                  "order; remove '%s' or drop 'addition'", t->id, leaving_keys[k],
                                  leaving_keys[k]);
        }
        return rules_check_smarts_shape(ld, rules_value_of(ld, map, "installs"), "installs",
                                        t->installs, &addition_substituent_pattern);
    }
    if (!block || (!by_element && !t->leaving_group))
        return needs(ld, block ? block : map, t, "disconnect", "give {element: ..., order: ...} "
                     "for a reagent with a leaving atom, {leaving_group: \"<SMILES with one "
                     "'*'>\"} for a leaving group of several atoms, {addition: true} for a "
                     "reagent the nitrogen adds across, or {ring_opening: true} for a "
                     "three-membered ring it opens");
    if (by_element && t->leaving_group)
        return rules_fail(ld, block, "transformation '%s': 'disconnect' gives both an element and "
                          "a leaving_group: keep one", t->id);
    if (!t->leaving_group && (!t->disconnect_element || !t->disconnect_order))
        return rules_fail(ld, block, "transformation '%s': 'disconnect' needs both 'element' and "
                          "'order' (or {leaving_group: ...}, or {addition: true})", t->id);
    return 0;
}

/* An unmask step reveals a side-chain group (masks.yaml names it): no
 * protecting group, no installs, no key reagent of its own. */
static int check_unmask(loader *ld, yaml_node_t *map, const dzp_transformation *t)
{
    static const char *const keys[] = {"pg", "installs", "disconnect", "key_reagent"};
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        yaml_node_t *at = rules_value_of(ld, map, keys[k]);
        if (at)
            return rules_fail(ld, at, "transformation '%s' unmasks a side-chain group named by a "
                              "mask in masks.yaml, so '%s' does not apply: list its reagents "
                              "under 'reagents' and remove '%s'", t->id, keys[k], keys[k]);
    }
    return 0;
}

static int check_install(loader *ld, yaml_node_t *map, const dzp_transformation *t)
{
    int error;

    if (!t->installs)
        return needs(ld, map, t, "installs", "give the SMARTS of the group it installs");
    if ((error = check_disconnect(ld, map, t)) < 0)
        return error;
    if (!t->has_key || !t->key.reactive)
        return needs(ld, map, t, "key_reagent.reactive", "give the SMARTS of its reacting bond");
    return 0;
}

/* flags, mono_flags, both_flags: every id defined in side_reactions.yaml. */
static int check_flag_lists(loader *ld, yaml_node_t *map, const dzp_transformation *t)
{
    static const char *const keys[] = {"flags", "mono_flags", "both_flags"};
    char entry[256];
    size_t k, i;
    int error;

    snprintf(entry, sizeof(entry), "transformation '%s'", t->id);
    for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        yaml_node_t *list = rules_value_of(ld, map, keys[k]);
        if (!list || list->type != YAML_SEQUENCE_NODE)
            continue;
        for (i = 0; i < rules_items(list); i++) {
            yaml_node_t *item = rules_item(ld, list, i);
            if ((error = check_flag(ld, item, entry, rules_text(item))) < 0)
                return error;
        }
    }
    return 0;
}

/* applies_to and competing: deprotect steps take neither; protect and
 * install steps act on DZP_DEFAULT_N_TYPE unless they say otherwise. */
static int check_n_types(loader *ld, yaml_node_t *map, dzp_transformation *t)
{
    yaml_node_t *applies = rules_value_of(ld, map, "applies_to");
    yaml_node_t *competing = rules_value_of(ld, map, "competing");
    const char **fallback;

    bool removes = t->tkind == DZP_TK_DEPROTECT || t->tkind == DZP_TK_UNMASK;
    if (removes && (t->n_applies_to || t->n_competing))
        return rules_fail(ld, t->n_applies_to ? applies : competing, "transformation '%s' is a "
                          "%s: it takes off its group whatever the nitrogen is, so "
                          "'applies_to' and 'competing' do not apply; remove them", t->id,
                          t->tkind == DZP_TK_UNMASK ? "unmasking" : "deprotection");
    if (removes || t->n_applies_to)
        return 0;
    if (applies && !rules_is_null(applies))
        return rules_fail(ld, applies, "transformation '%s' has an empty applies_to: name the "
                          "n types it acts on, or leave the key out for [%s]", t->id,
                          DZP_DEFAULT_N_TYPE);
    if (!(fallback = rules_arena_array(ld->arena, 1, sizeof(*fallback))))
        return rules_oom(ld);
    fallback[0] = vocabulary_n_type(&ld->rules->vocabulary, DZP_DEFAULT_N_TYPE);
    t->applies_to = fallback;
    t->n_applies_to = 1;
    return 0;
}

/* The element atom `atom` of the leaving group bonded to its '*'. */
static int leaving_group_head(const dzp_transformation *t)
{
    int head;
    if (!t->leaving_group ||
        dzp_mol_atom_neighbors(t->leaving_group, t->leaving_group_dummy, &head, 1) != 1)
        return 0;
    return dzp_mol_atom_element(t->leaving_group, head);
}

/* Does the `reactive` SMARTS agree with the rest of the rule: atom 0 the
 * element that bonds to the nitrogen (installs atom 1, or the protecting
 * group's atom 1), atom 1 the leaving element of `disconnect` (or, in an
 * addition, installs atom 2)?  A pattern written the other way round loads
 * but never finds its bond, so the rule silently vanishes.  Elements a
 * pattern does not pin down are not compared. */
static int check_reactive_agrees(loader *ld, yaml_node_t *map, const dzp_transformation *t)
{
    const dzp_smarts *reactive = t->key.reactive, *partner = NULL;
    int want[2] = {0, 0};
    if (!reactive || t->tkind == DZP_TK_DEPROTECT || t->tkind == DZP_TK_UNMASK)
        return 0;
    if (t->tkind == DZP_TK_PROTECT) {
        partner = t->pg ? t->pg->smarts : NULL;
        want[0] = partner ? dzp_smarts_atom_element(partner, 1) : 0;
    } else {
        want[0] = dzp_smarts_atom_element(t->installs, 1);
        want[1] = t->disconnect_addition      ? dzp_smarts_atom_element(t->installs, 2)
                  : t->disconnect_ring_opening ? rules_ring_opening_leaving_element(t)
                  : t->leaving_group           ? leaving_group_head(t)
                                               : t->disconnect_element;
    }
    for (int atom = 0; atom < 2; atom++) {
        int have = dzp_smarts_atom_element(reactive, atom);
        if (!want[atom] || !have || have == want[atom])
            continue;
        yaml_node_t *key = rules_value_of(ld, map, "key_reagent");
        yaml_node_t *at = key ? rules_value_of(ld, key, "reactive") : NULL;
        return rules_fail(ld, at ? at : map, "the reactive SMARTS of transformation '%s' has %s "
                          "as atom %d, where the rule needs %s (%s): write the atom that bonds to "
                          "the nitrogen first and the %s second", t->id, dzp_element_symbol(have),
                          atom, dzp_element_symbol(want[atom]),
                          atom == 0 ? "the atom bonded to the nitrogen"
                          : t->disconnect_addition ? "the atom across the multiple bond"
                                                   : "the leaving atom",
                          t->disconnect_addition ? "atom across the multiple bond"
                                                 : "leaving atom");
    }
    return 0;
}

int rules_check_transformation(loader *ld, yaml_node_t *map, void *base, size_t i)
{
    dzp_transformation *ts = base, *t = &ts[i];
    int error = 0;

    t->has_key = t->key.role != NULL;
    if (find_name(base, i, sizeof(*t), t->id) >= 0)
        return duplicate(ld, map, "id", "transformation", t->id);
    if ((error = resolve_pg(ld, map, t)) < 0)
        return error;
    switch (t->tkind) {
    case DZP_TK_PROTECT:
        error = check_protect(ld, map, t);
        break;
    case DZP_TK_DEPROTECT:
        error = check_deprotect(ld, map, t);
        break;
    case DZP_TK_INSTALL:
        error = check_install(ld, map, t);
        break;
    case DZP_TK_UNMASK:
        error = check_unmask(ld, map, t);
        break;
    }
    if (error == 0)
        error = check_n_types(ld, map, t);
    if (error == 0)
        error = check_reactive_agrees(ld, map, t);
    if (error == 0)
        error = rules_check_stereo(ld, map, t);
    return error < 0 ? error : check_flag_lists(ld, map, t);
}

/* Once transformations.yaml is read: every protecting group has a
 * deprotection, and each deprotection runs under its group's cleavage class
 * (otherwise the lability table would not see the group go). */
int rules_check_pgs_removable(loader *ld, yaml_node_t *root)
{
    const dzp_rules *r = ld->rules;
    yaml_node_t *list = rules_value_of(ld, root, "transformations");
    size_t i, j;

    for (i = 0; i < r->n_pgs; i++) {
        bool removable = false;
        for (j = 0; j < r->n_transformations && !removable; j++)
            removable = r->transformations[j].tkind == DZP_TK_DEPROTECT &&
                        r->transformations[j].pg == &r->pgs[i];
        if (!removable)
            return rules_fail(ld, root, "protecting group '%s' has no deprotection: add a "
                              "transformation with kind: deprotect and pg: %s",
                              r->pgs[i].name, r->pgs[i].name);
    }
    for (j = 0; j < r->n_transformations; j++) {
        const dzp_transformation *t = &r->transformations[j];
        yaml_node_t *map = rules_item(ld, list, j);
        yaml_node_t *classes = rules_value_of(ld, map, "condition_classes");
        if (t->tkind == DZP_TK_DEPROTECT && !(t->condition_set & t->pg->cleavage_class))
            return rules_fail(ld, classes ? classes : map, "transformation '%s' removes %s, "
                              "whose cleavage is '%s', but its condition_classes do not include "
                              "'%s': add it, or fix the group's cleavage", t->id, t->pg->name,
                              t->pg->cleavage, t->pg->cleavage);
    }
    return 0;
}
