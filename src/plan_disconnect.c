/*
 * plan_disconnect.c - what each nitrogen needs, and the reagents that can
 * do it.
 *
 * For one substrate nitrogen and the target nitrogen it must become, decide
 * whether it is kept, deprotected, or given the target's group, or why it
 * cannot be.  A group to install is disconnected by every install rule whose
 * `installs` SMARTS matches it: the group's '*' becomes the rule's leaving
 * atom, which gives the reagent (an "option": rule + reagent + the bond
 * that reacts).  A rule may instead turn the '*' into a leaving group of
 * several atoms (a sulfonate), its atom bonded to '*' leaving.  An addition
 * rule (disconnect: {addition: true}) has no leaving atom: the '*' goes and
 * the bond between the group's first two atoms is raised one order (an
 * isocyanate, a Michael acceptor), and the option's "leaving" atom is the
 * one that takes the nitrogen's hydrogen.  A ring-opening rule
 * (disconnect: {ring_opening: true}) bonds the group's atom 3 back to
 * atom 1, closing the epoxide the nitrogen opens; a rule with a
 * geminal_group also puts that group on the bonding atom beside the
 * leaving one (a cyclopropanone silyl ketal).  A derived reagent that
 * reagent_validity.yaml refuses (it does not exist, or does not survive its
 * own step) is kept aside with the reason, so a refusal or the alternatives
 * can say why that form was not used.  Protect rules give options with
 * their fixed reagent, used for temporary protection during the search.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "plan_internal.h"
#include "strbuf.h"

/* ---- options: a rule plus the reagent it uses ------------------------------------------ */

/* Free the option's reagent and SMILES (unless the store's) and zero it;
 * never fails. */
void plan_option_clear(reagent_option *option)
{
    if (!option->borrowed) {
        dzp_mol_free(option->reagent);
        dzp_mol_substitution_free(option->prepared);
        free(option->smiles);
    }
    memset(option, 0, sizeof(*option));
}

int plan_option_substitution(const dzp_substitution **out, const reagent_option *o)
{
    *out = NULL;
    if (o->origin)
        return plan_option_substitution(out, o->origin);
    if (!o->prepared) {
        reagent_option *cache = (reagent_option *)o; /* filled once, read ever after */
        int rc = dzp_mol_substitution_prepare(&cache->prepared, o->reagent, o->bonding_atom,
                                              o->leaving_atom);
        if (rc != 0)
            return rc;
    }
    *out = o->prepared;
    return 0;
}

/* Find the reacting pair (bonding atom, leaving atom) of the rule's
 * `reactive` pattern in the option's reagent; with want_bonding >= 0 the
 * match must be exactly want_bonding - want_leaving. */
static bool find_reactive_pair(reagent_option *o, int want_bonding, int want_leaving)
{
    const dzp_smarts *reactive = o->rule->key.reactive;
    int *hits = NULL;
    int n = dzp_smarts_find(&hits, reactive, o->reagent, false);
    int width = dzp_smarts_atom_count(reactive);
    bool found = false;
    for (int i = 0; i < n && !found; i++) {
        const int *match = hits + i * width;
        if (want_bonding >= 0 && (match[0] != want_bonding || match[1] != want_leaving))
            continue;
        o->bonding_atom = match[0];
        o->leaving_atom = match[1];
        found = true;
    }
    free(hits);
    return found;
}

int plan_option_named(reagent_option *o, const dzp_rules *rules)
{
    if (o->named)
        return 0;
    if (o->origin) { /* the store's copy owns the SMILES: name it there, once */
        int rc = plan_option_named(o->origin, rules);
        if (rc == 0) {
            o->smiles = o->origin->smiles;
            o->name = o->name ? o->name : o->origin->name;
            o->named = true;
        }
        return rc;
    }
    const dzp_key_reagent *key = &o->rule->key;
    if (key->canonical && key->mol) {
        o->smiles = plan_strdup(key->canonical); /* a fixed reagent, canonical at load */
        if (!o->smiles)
            return plan_oom("for a reagent's SMILES");
    } else {
        int rc = dzp_mol_smiles(&o->smiles, o->reagent, DZP_SMILES_CANONICAL);
        if (rc != 0)
            return rc;
    }
    if (!o->name)
        o->name = key->name ? key->name : dzp_rules_reagent_name(rules, o->smiles);
    o->named = true;
    return 0;
}

/* Find the reagent's reacting bond (want_bonding - want_leaving, or the
 * first match when -1); it is named only when shown (plan_option_named).
 * Returns 1, or 0 when the reagent does not fit the rule (o cleared). */
static int bind_option(reagent_option *o, int want_bonding, int want_leaving)
{
    if (!find_reactive_pair(o, want_bonding, want_leaving)) {
        plan_option_clear(o);
        return 0;
    }
    return 1;
}

/* The first match of rule t's `installs` whose atom 0 is the group's '*'
 * (atom `dummy`): *atom1 gets the atom bonded to the nitrogen and, when
 * atom2 is not NULL, *atom2 the pattern's atom 2 (the contract of an
 * addition rule guarantees it).  Returns false when the pattern does not
 * match there (or the match fails). */
static bool installs_match_at(const dzp_transformation *t, const dzp_mol *group, int dummy,
                              int *atom1, int *atom2)
{
    int *hits = NULL;
    int n = dzp_smarts_find(&hits, t->installs, group, false);
    int width = dzp_smarts_atom_count(t->installs);
    bool found = false;
    for (int i = 0; i < n && !found; i++)
        if (hits[i * width] == dummy) {
            *atom1 = hits[i * width + 1];
            if (atom2)
                *atom2 = hits[i * width + 2];
            found = true;
        }
    free(hits);
    return found;
}

/* Derive the reagent that installs `group` ('*' at atom `dummy`) by install
 * rule t: the '*' becomes the rule's leaving atom.  Returns 1 when the rule
 * applies, 0 when not, or a negative dzp_error. */
static int derive_option(reagent_option *o, const dzp_transformation *t, const dzp_mol *group,
                         int dummy)
{
    int attach;
    if (!installs_match_at(t, group, dummy, &attach, NULL))
        return 0;
    memset(o, 0, sizeof(*o));
    o->rule = t;
    if (t->leaving_group) { /* a group of several atoms: its head takes the '*' index */
        if (dzp_mol_replace_dummy(&o->reagent, group, dummy, t->leaving_group,
                                  t->leaving_group_dummy) != 0) {
            plan_option_clear(o);
            return 0;
        }
        int rc = plan_stereo_derive(o, attach);
        return rc != 0 ? rc : bind_option(o, attach, dummy);
    }
    int rc = dzp_mol_clone(&o->reagent, group);
    if (rc != 0)
        return rc;
    if (dzp_mol_set_terminal_atom(o->reagent, dummy, t->disconnect_element,
                                  t->disconnect_order) != 0) {
        plan_option_clear(o);
        return 0;
    }
    rc = plan_stereo_derive(o, attach);
    return rc != 0 ? rc : bind_option(o, attach, dummy);
}

/* Rule t gives its bonding atom a geminal group: put it on atom `attach`
 * of the option's reagent in place of a hydrogen (o->geminal_atom gets its
 * head).  Returns 1, 0 when the atom has no hydrogen (o cleared), or a
 * negative dzp_error (o cleared). */
static int add_geminal_group(reagent_option *o, const dzp_transformation *t, int attach)
{
    dzp_mol *joined = NULL;
    int base = dzp_mol_atom_count(o->reagent);
    if (dzp_mol_join(&joined, o->reagent, attach, t->geminal_group, t->geminal_group_head, 1) !=
        0) {
        plan_option_clear(o);
        return 0;
    }
    dzp_mol_free(o->reagent);
    o->reagent = joined;
    o->geminal_atom = base + t->geminal_group_head;
    return 1;
}

/* Derive the reagent of install rule t with a geminal group: the '*' of
 * `group` becomes the leaving atom or group, as in derive_option, and the
 * bonding atom also carries the geminal group in place of a hydrogen.
 * Returns 1 when the rule applies, 0 when not, or a negative dzp_error. */
static int derive_geminal_option(reagent_option *o, const dzp_transformation *t,
                                 const dzp_mol *group, int dummy)
{
    int attach, rc;
    if (!installs_match_at(t, group, dummy, &attach, NULL))
        return 0;
    memset(o, 0, sizeof(*o));
    o->rule = t;
    if (t->leaving_group)
        rc = dzp_mol_replace_dummy(&o->reagent, group, dummy, t->leaving_group,
                                   t->leaving_group_dummy);
    else if ((rc = dzp_mol_clone(&o->reagent, group)) == 0)
        rc = dzp_mol_set_terminal_atom(o->reagent, dummy, t->disconnect_element,
                                       t->disconnect_order);
    if (rc != 0) {
        plan_option_clear(o); /* the '*' cannot take that group: not this rule's */
        return 0;
    }
    if ((rc = add_geminal_group(o, t, attach)) <= 0)
        return rc;
    int geminal = o->geminal_atom;
    rc = bind_option(o, attach, dummy);
    o->geminal_atom = geminal;
    return rc;
}

/* Derive the reagent whose three-membered ring install rule t, a ring
 * opening, opens: `group` without its '*' (atom `dummy`), with the atom
 * matching installs atom 3 bonded back to atom 1.  The option's bonding
 * atom is atom 1, its leaving atom atom 3 (which takes the N's H).  A
 * configuration at atom 2 stays.  Returns 1 when the rule applies, 0 when
 * not, or a negative dzp_error. */
static int derive_ring_opening_option(reagent_option *o, const dzp_transformation *t,
                                      const dzp_mol *group, int dummy)
{
    int *hits = NULL, *map = NULL, attach = -1, closer = -1;
    int n = dzp_smarts_find(&hits, t->installs, group, false);
    int width = dzp_smarts_atom_count(t->installs);
    for (int i = 0; i < n && attach < 0; i++)
        if (hits[i * width] == dummy) {
            attach = hits[i * width + 1];
            closer = hits[i * width + 3];
        }
    free(hits);
    if (attach < 0)
        return 0;
    memset(o, 0, sizeof(*o));
    o->rule = t;
    int rc = dzp_mol_fragment(&o->reagent, &map, NULL, group, attach, dummy, DZP_CAP_HYDROGEN);
    if (rc != 0)
        return rc;
    int bonding = map[attach], taker = map[closer];
    free(map);
    if (dzp_mol_bond_atoms(o->reagent, bonding, taker) != 0) {
        plan_option_clear(o); /* no hydrogen to close the ring with: not this rule's group */
        return 0;
    }
    return bind_option(o, bonding, taker);
}

/* The reagent install rule t derives for `group`, by its disconnect form.
 * Returns 1 when the rule applies, 0 when not, or a negative dzp_error. */
static int derive_install_option(reagent_option *o, const dzp_transformation *t,
                                 const dzp_mol *group, int dummy)
{
    if (t->disconnect_ring_opening)
        return derive_ring_opening_option(o, t, group, dummy);
    if (t->geminal_group)
        return derive_geminal_option(o, t, group, dummy);
    return derive_option(o, t, group, dummy);
}

/* Derive the reagent that install rule t, an addition, adds the nitrogen
 * across: `group` without its '*' (atom `dummy`), with the bond between the
 * atoms matching installs atoms 1 and 2 raised one order.  The option's
 * bonding atom is atom 1, its leaving atom atom 2 (which takes the N's H).
 * Returns 1 when the rule applies, 0 when not, or a negative dzp_error. */
static int derive_addition_option(reagent_option *o, const dzp_transformation *t,
                                  const dzp_mol *group, int dummy)
{
    int *map = NULL, attach, far;
    if (!installs_match_at(t, group, dummy, &attach, &far))
        return 0;
    memset(o, 0, sizeof(*o));
    o->rule = t;
    int rc = dzp_mol_fragment(&o->reagent, &map, NULL, group, attach, dummy, DZP_CAP_HYDROGEN);
    if (rc != 0)
        return rc;
    int bonding = map[attach], taker = map[far];
    free(map);
    if (dzp_mol_raise_bond(o->reagent, bonding, taker) != 0) {
        plan_option_clear(o); /* no hydrogen to give up: not this rule's group */
        return 0;
    }
    return bind_option(o, bonding, taker);
}

/* Protect rule t with its fixed reagent, derived afresh.  Returns 1 when
 * usable, 0 when the rule has no reagent, or a negative dzp_error. */
static int derive_protect_option(reagent_option *o, const dzp_transformation *t)
{
    memset(o, 0, sizeof(*o));
    o->rule = t;
    if (!t->key.mol)
        return 0;
    int rc = dzp_mol_clone(&o->reagent, t->key.mol);
    if (rc != 0)
        return rc;
    return bind_option(o, -1, -1);
}

/* The deprotect rule that removes pg, or NULL when the rules have none. */
const dzp_transformation *plan_removal_rule(const dzp_rules *rules, const dzp_pg *pg)
{
    for (size_t i = 0; i < rules->n_transformations; i++)
        if (rules->transformations[i].tkind == DZP_TK_DEPROTECT &&
            rules->transformations[i].pg == pg)
            return &rules->transformations[i];
    return NULL;
}

/* ---- reagents that cannot be used ------------------------------------------------------ */

/* The group a nitrogen's options install: the target's own, or the same
 * with a side-chain group masked (plan_mask.c). */
typedef struct {
    const dzp_mol *mol;
    int dummy;               /* its '*' */
    const dzp_mask *mask;    /* NULL for the target's own group */
} group_form;


/* Free the need's refused forms; never fails. */
void plan_need_clear_refused(site_need *need)
{
    for (int i = 0; i < need->n_refused; i++)
        free(need->refused[i].smiles);
    free(need->refused);
    need->refused = NULL;
    need->n_refused = need->cap_refused = 0;
}

/* When reagent_validity.yaml refuses the option's reagent (why, the entry
 * that does, or NULL), move it to the need's refused forms (o cleared) and
 * return 0; return 1 when it is usable, or a negative dzp_error (o
 * cleared). */
static int keep_if_valid(site_need *need, reagent_option *o,
                         const dzp_reagent_validity *why, const dzp_rules *rules)
{
    if (!why)
        return 1;
    int rc = plan_option_named(o, rules);
    if (rc != 0) {
        plan_option_clear(o);
        return rc;
    }
    refused_form *grown = plan_grow(need->refused, &need->cap_refused, need->n_refused + 1,
                                    sizeof(refused_form), "for the refused reagents");
    char *smiles = o->borrowed ? plan_strdup(o->smiles) : o->smiles;
    if (!grown || !smiles) {
        if (o->borrowed)
            free(smiles);
        plan_option_clear(o);
        return plan_oom("for the refused reagents");
    }
    need->refused = grown;
    need->refused[need->n_refused++] = (refused_form){o->rule, smiles, o->name, why};
    o->smiles = NULL;
    plan_option_clear(o);
    return 0;
}

/* slot borrows the option the store keeps (the store owns its reagent);
 * returns whether the rule applies (1) or not (0), as derived. */
static int borrow_option(reagent_option *slot, const derived_option *known)
{
    *slot = known->option;
    slot->borrowed = true;
    slot->origin = (reagent_option *)&known->option;
    return known->applies;
}

/* Hand what was derived for key (ok: 1 an option in slot, 0 none; refused
 * its refusal or NULL) to the batch's store, which then owns the reagent
 * (slot borrows it) and key.  Without a store, or when out of memory, the
 * plan keeps its own copy and nothing is kept for later plans.  Returns
 * ok. */
static int keep_option(search *s, char *key, reagent_option *slot, int ok,
                       const dzp_reagent_validity *refused)
{
    derived_option *d = ok >= 0 && key ? calloc(1, sizeof(*d)) : NULL;
    if (!d) {
        free(key);
        dzp_error_clear(); /* not kept for later plans: this one is not hurt */
        return ok;
    }
    *d = (derived_option){.applies = ok, .option = ok > 0 ? *slot : (reagent_option){0},
                          .refused = refused};
    if (plan_store_add_option(s->store, key, d) != 0) {
        free(d);
        dzp_error_clear();
        return ok;
    }
    slot->borrowed = ok > 0;
    slot->origin = ok > 0 ? &d->option : NULL;
    return ok;
}

/* The store's key of the install option rule t derives for a group written
 * group_smiles behind side-chain mask mask ("" for none), each text with
 * its length first.  NULL when out of memory. */
static char *option_key(const dzp_transformation *t, const char *mask, const char *group_smiles)
{
    dzp_strbuf sb = DZP_STRBUF_INIT;
    dzp_strbuf_puts(&sb, "option|");
    dzp_strbuf_put_counted(&sb, t->id);
    dzp_strbuf_putn(&sb, "|", 1);
    dzp_strbuf_put_counted(&sb, mask);
    dzp_strbuf_putn(&sb, "|", 1);
    dzp_strbuf_puts(&sb, group_smiles);
    return dzp_strbuf_take(&sb);
}

/* Install rule t's option for the group `form` of nitrogen site into slot,
 * with *why the refusal of its reagent: derived here, or taken from the
 * batch's store, which keeps what is derived (slot then borrows its reagent).
 * Returns 1 (an option), 0 (the rule does not make the group) or a negative
 * dzp_error. */
static int install_option(search *s, reagent_option *slot, const dzp_transformation *t,
                          const dzp_site *want, const group_form *form,
                          const dzp_reagent_validity **why)
{
    const char *mask = form->mask ? form->mask->id : "";
    char *key = s->store ? option_key(t, mask, want->substituent_smiles) : NULL;
    const derived_option *known = key ? plan_store_find_option(s->store, key) : NULL;
    if (known) {
        free(key);
        *why = known->refused;
        return borrow_option(slot, known);
    }
    int ok = t->disconnect_addition ? derive_addition_option(slot, t, form->mol, form->dummy)
                                    : derive_install_option(slot, t, form->mol, form->dummy);
    slot->mask = ok > 0 ? form->mask : NULL;
    *why = ok > 0 ? dzp_rules_reagent_refusal(s->rules, t, slot->reagent) : NULL;
    return keep_option(s, key, slot, ok, *why);
}

/* Protect rule t with its fixed reagent, the same for every plan: taken
 * from the batch's store when it has it, else derived and handed to the
 * store.  Returns as derive_protect_option. */
static int protect_option(search *s, reagent_option *slot, const dzp_transformation *t)
{
    dzp_strbuf sb = DZP_STRBUF_INIT;
    char *key = NULL;
    if (s->store) {
        dzp_strbuf_puts(&sb, "protect|");
        dzp_strbuf_puts(&sb, t->id);
        key = dzp_strbuf_take(&sb);
    }
    const derived_option *known = key ? plan_store_find_option(s->store, key) : NULL;
    if (known) {
        free(key);
        return borrow_option(slot, known);
    }
    return keep_option(s, key, slot, derive_protect_option(slot, t), NULL);
}

/* "Reductive amination with a ketone (cyclopropanone, O=C1CC1): <reason>",
 * the refused forms joined by "; ".  NULL when out of memory. */
static char *describe_refused(const site_need *need)
{
    char *out = plan_strdup("");
    for (int i = 0; i < need->n_refused && out; i++) {
        const refused_form *r = &need->refused[i];
        char *next = r->name ? plan_printf("%s%s%s (%s, %s): %s", out, i ? "; " : "",
                                           r->rule->name, r->name, r->smiles, r->why->reason)
                             : plan_printf("%s%s%s (%s): %s", out, i ? "; " : "",
                                           r->rule->name, r->smiles, r->why->reason);
        free(out);
        out = next;
    }
    return out;
}

/* ---- what each nitrogen needs ---------------------------------------------------------- */

/* Ways to install the group `form` on nitrogen `site`: install rules
 * first, so that on a tie a benzyl made by reductive amination is called
 * that, not a "protection"; then, for the target's own group, the protect
 * rule when the group is a protecting group.  Only rules whose applies_to holds the nitrogen's n type
 * count; the first that would make the group but does not act on that n
 * type goes to *wrong_n_type, to say why.  Returns 0, or a negative dzp_error. */

static int add_options(search *s, site_index site, const dzp_site *want, const group_form *form,
                       const dzp_transformation **wrong_n_type)
{
    site_need *need = &s->need[site];
    const dzp_rules *rules = s->rules;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < rules->n_transformations; i++) {
            const dzp_transformation *t = &rules->transformations[i];
            reagent_option *grown = plan_grow(need->options, &need->cap_options,
                                              need->n_options + 1, sizeof(reagent_option),
                                              "for the reagents that install a group");
            if (!grown)
                return DZP_ENOMEM;
            need->options = grown;
            reagent_option *slot = &need->options[need->n_options];
            const dzp_reagent_validity *why = NULL;
            int ok = 0;
            if (pass == 0 && t->tkind == DZP_TK_INSTALL) {
                ok = install_option(s, slot, t, want, form, &why);
            } else if (pass == 1 && t->tkind == DZP_TK_PROTECT && want->state == DZP_SITE_PG &&
                     t->pg == want->pg && !form->mask)
                ok = protect_option(s, slot, t);
            if (ok < 0)
                return ok;
            if (ok > 0 && !policy_rule_acts_on(s, t, site)) { /* not on this nitrogen's type */
                plan_option_clear(slot);
                if (!*wrong_n_type)
                    *wrong_n_type = t;
                ok = 0;
            }
            if (ok > 0 && t->tkind == DZP_TK_INSTALL) /* a reagent that does not exist */
                ok = keep_if_valid(need, slot, why, rules);
            if (ok < 0)
                return ok;
            need->n_options += ok;
        }
    return 0;
}

/* Ways to install the target's group with a side-chain group masked: for
 * each mask of masks.yaml that applies to the group, the options for the
 * masked group (a route using one adds the mask's unmask step).  Returns
 * 0, or a negative dzp_error. */
static int add_masked_options(search *s, site_index site, const dzp_site *want,
                              const dzp_transformation **wrong_n_type)
{
    int rc = 0;
    for (size_t m = 0; m < s->rules->n_masks && rc == 0; m++) {
        group_form masked = {NULL, -1, &s->rules->masks[m]};
        dzp_mol *mol = NULL;
        rc = plan_mask_group(&mol, &masked.dummy, want->substituent, want->sub_dummy,
                             masked.mask);
        if (rc <= 0)
            continue;
        masked.mol = mol;
        rc = add_options(s, site, want, &masked, wrong_n_type);
        dzp_mol_free(mol);
    }
    return rc < 0 ? rc : 0;
}

/* Why no option: a rule makes the group, but not on this n type; or no rule
 * makes the bond at all (the install hint).  Returns a malloc'd sentence. */
static char *no_option_reason(const search *s, site_index site, const dzp_site *want,
                              const dzp_transformation *wrong_n_type)
{
    if (!wrong_n_type)
        return plan_printf("no rule makes the bond from %s to the target's group %s: %s",
                           plan_site_name(site), want->substituent_smiles,
                           policy_bond_hint(s->rules, want));
    char types[256] = "";
    size_t len = 0;
    for (size_t i = 0; i < wrong_n_type->n_applies_to && len < sizeof(types); i++)
        len += (size_t)snprintf(types + len, sizeof(types) - len, "%s%s", i ? " or " : "",
                                wrong_n_type->applies_to[i]);
    return plan_printf("no rule makes the bond from %s (n type: %s) to the target's group %s: "
                       "%s (%s) makes that group, but on %s nitrogens only",
                       plan_site_name(site), policy_site_n_type(s, site),
                       want->substituent_smiles, wrong_n_type->name, wrong_n_type->id, types);
}

static bool same_group(const dzp_site *a, const dzp_site *b)
{
    if (a->state == DZP_SITE_NH || b->state == DZP_SITE_NH)
        return a->state == b->state;
    if (!a->detachable || !b->detachable)
        return !a->detachable && !b->detachable; /* both in the (identical) core */
    return strcmp(a->substituent_smiles, b->substituent_smiles) == 0;
}

/* Set need->why_not to a malloc'd sentence; 0, or DZP_ENOMEM. */
static int cannot(site_need *need, char *why)
{
    need->why_not = why;
    return why ? 0 : plan_oom("explaining why a nitrogen cannot reach its goal");
}

/* The target's group is bonded to the nitrogen at a stereocentre whose
 * configuration the target gives.  Only an option whose rule sets that
 * configuration (an SN2 with inversion, plan_stereo.c) can make it: a
 * ketone (an sp2 carbon) gives both.  Drops the other options, keeping the
 * order, and says why when none is left.  Returns 0, or DZP_ENOMEM. */
static int keep_options_that_set_stereo(site_need *need, const dzp_site *want, site_index site)
{
    int attached;
    if (dzp_mol_atom_neighbors(want->substituent, want->sub_dummy, &attached, 1) != 1 ||
        !dzp_mol_atom_stereo_specified(want->substituent, attached))
        return 0;
    int kept = 0;
    for (int i = 0; i < need->n_options; i++) {
        reagent_option *o = &need->options[i];
        if (plan_stereo_sets_centre(o))
            need->options[kept++] = *o;
        else
            plan_option_clear(o);
    }
    for (int i = kept; i < need->n_options; i++)
        memset(&need->options[i], 0, sizeof(need->options[i])); /* moved, not owned here */
    need->n_options = kept;
    if (kept > 0)
        return 0;
    return cannot(need, plan_stereo_refusal(need, want, site));
}

/* What nitrogen `site` must undergo to go from `have` (substrate) to `want`
 * (target): fills s->need[site], with why_not set when it cannot.  Returns
 * 0, or a negative dzp_error. */
int plan_derive_need(search *s, site_index site, const dzp_site *have, const dzp_site *want)
{
    site_need *need = &s->need[site];
    need->final_nh = want->state == DZP_SITE_NH;
    if (same_group(have, want)) {
        need->keep = true;
        return 0;
    }
    const char *had = have->substituent_smiles ? have->substituent_smiles : "a fused ring";
    const char *wanted = want->substituent_smiles ? want->substituent_smiles : "N-H";
    need->permanent_mismatch = have->state == DZP_SITE_R;
    if (have->state == DZP_SITE_R)
        return cannot(need, plan_printf("%s of the substrate carries %s, which is not a "
                                        "protecting group, and the target has %s there: a "
                                        "permanent substituent cannot be removed",
                                        plan_site_name(site), had, wanted));
    if (have->state == DZP_SITE_PG)
        need->substrate_pg = have->pg;
    if (need->final_nh)
        return 0;
    if (!want->detachable)
        return cannot(need, plan_printf("the target's nitrogen at %s is part of a fused ring or "
                                        "carries two groups: that is not an "
                                        "N-functionalization",
                                        plan_site_name(site)));
    need->group = want->substituent_smiles;
    const dzp_transformation *wrong_n_type = NULL;
    group_form own = {want->substituent, want->sub_dummy, NULL};
    int rc = add_options(s, site, want, &own, &wrong_n_type);
    if (rc == 0)
        rc = add_masked_options(s, site, want, &wrong_n_type);
    if (rc == 0 && (need->n_options > 0 || need->n_refused > 0)) /* a stereocentre first */
        rc = keep_options_that_set_stereo(need, want, site);
    if (rc == 0 && need->n_options == 0 && !need->why_not && need->n_refused > 0) {
        char *forms = describe_refused(need);
        rc = forms ? cannot(need, plan_printf("no usable reagent makes the bond from %s to the "
                                              "target's group %s: %s",
                                              plan_site_name(site), want->substituent_smiles,
                                              forms))
                   : plan_oom("explaining why a nitrogen cannot reach its goal");
        free(forms);
    } else if (rc == 0 && need->n_options == 0 && !need->why_not)
        rc = cannot(need, no_option_reason(s, site, want, wrong_n_type));
    return rc;
}

/* One protect option per protecting group that can also be removed, for
 * temporary protection.  Returns 0, or a negative dzp_error. */
int plan_prepare_temp_options(search *s)
{
    const dzp_rules *rules = s->rules;
    for (size_t i = 0; i < rules->n_transformations; i++) {
        const dzp_transformation *t = &rules->transformations[i];
        if (t->tkind != DZP_TK_PROTECT || !plan_removal_rule(rules, t->pg))
            continue;
        bool seen = false;
        for (int j = 0; j < s->n_temp_options; j++)
            seen = seen || s->temp_options[j].rule->pg == t->pg;
        if (seen)
            continue;
        reagent_option *grown = plan_grow(s->temp_options, &s->cap_temp_options,
                                          s->n_temp_options + 1, sizeof(reagent_option),
                                          "for the temporary protecting groups");
        if (!grown)
            return DZP_ENOMEM;
        s->temp_options = grown;
        int ok = protect_option(s, &s->temp_options[s->n_temp_options], t);
        if (ok < 0)
            return ok;
        s->n_temp_options += ok;
    }
    return 0;
}
