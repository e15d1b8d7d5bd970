/*
 * plan_rebuild.c - the chosen route, re-applied and written into the plan.
 *
 * The search keeps only the steps of a route.  Here they are applied again
 * from its start (the substrate, or the diazepane in stock it starts from), each judged again, and the plan's steps are filled:
 * the reagents with their equivalents, the product (canonical SMILES,
 * formula, weight), and the flags with their messages.  The last product
 * must be the target by canonical SMILES, or the route is not verified.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "plan_internal.h"

/* ---- flags of a step ---------------------------------------------------------------------- */

/* The flag's message: the side reaction's text, with the functional group
 * it concerns or the reasoning behind a regioselectivity call. */
static char *flag_message(const search *s, const step_flag *flag, const dzp_side_reaction *sr)
{
    const char *base = sr ? sr->message : flag->id;
    if (flag->fgroup != NO_FGROUP)
        return plan_printf("%s: %s", s->rules->fgroups[flag->fgroup].name, base);
    if (flag->regio_site == NO_SITE)
        return plan_strdup(base);
    site_index site = (site_index)flag->regio_site, other = other_site(site);
    int here = s->substrate->site[site].hindrance, there = s->substrate->site[other].hindrance;
    if (here < there)
        return plan_printf("%s %s reacts first: it has %d substituent(s) on the ring carbons "
                           "next to it, %s has %d.",
                           base, plan_site_name(site), here, plan_site_name(other), there);
    return plan_printf("%s %s and %s are equally hindered (%d substituent(s) next to each): "
                       "expect a mixture of regioisomers.",
                       base, plan_site_name(site), plan_site_name(other), here);
}

static int fill_flags(dzp_step *step, const search *s, const verdict *v)
{
    if (v->n_flags == 0)
        return 0;
    step->flags = calloc((size_t)v->n_flags, sizeof(dzp_flag));
    if (!step->flags)
        return plan_oom("for a step's flags");
    for (int i = 0; i < v->n_flags; i++) {
        const step_flag *flag = &v->flags[i];
        const dzp_side_reaction *sr = dzp_rules_side_reaction(s->rules, flag->id);
        dzp_flag *out = &step->flags[i];
        out->id = flag->id;
        out->severity = flag->severity;
        out->message = flag_message(s, flag, sr);
        out->mitigation = sr ? sr->mitigation : "";
        out->source = flag->fgroup != NO_FGROUP ? s->rules->fgroups[flag->fgroup].source
                      : sr                      ? sr->source
                                                : PLAN_GENERAL_SOURCE;
        out->citation = out->source ? dzp_rules_cite(s->rules, out->source) : NULL;
        step->n_flags = (size_t)i + 1;
        if (!out->message || (out->source && !out->citation))
            return plan_oom("for a flag's message");
    }
    return 0;
}

/* ---- reagents of a step ------------------------------------------------------------------- */

static double key_equiv(const dzp_key_reagent *key, equiv_mode equiv,
                        const dzp_planner_rules *planner, bool cheap_substrate)
{
    switch (equiv) {
    case EQUIV_BOTH:
        return key->both_equiv;
    case EQUIV_SELECTIVE:
        return planner->selective_equiv;
    case EQUIV_STATISTICAL: /* an excess of the diamine only when it is a cheap one */
        return cheap_substrate ? key->mono_equiv : planner->selective_equiv;
    default:
        return key->equiv;
    }
}

/* Is the substrate a diamine cheap enough to use in excess (planner.yaml
 * excess_substrates)? */
static bool plan_cheap_substrate(const search *s)
{
    const dzp_planner_rules *planner = &s->rules->planner;
    for (size_t i = 0; i < planner->n_excess_substrates; i++)
        if (strcmp(planner->excess_substrates[i], s->substrate->smiles) == 0)
            return true;
    return false;
}

/* A reagent the rules do not name, as a chemist would describe it: its
 * class and formula ("aryl bromide, C7H7Br"), never its SMILES.  The
 * formula is that of the molecule its SMILES was written from (the
 * option's own), else of its SMILES read back.  Returns a malloc'd
 * phrase, or NULL when out of memory. */
static char *describe_reagent(const dzp_transformation *t, const reagent_option *o)
{
    dzp_mol *mol = NULL;
    char *formula = NULL, *name = NULL;
    const char *what = t->key.class_name ? t->key.class_name : t->key.role;
    const dzp_key_reagent *key = &o->rule->key;
    /* a fixed reagent's SMILES comes from the rules, not from o->reagent */
    const dzp_mol *reagent = key->canonical && key->mol ? NULL : o->reagent;
    if (!reagent && dzp_mol_from_smiles(&mol, o->smiles, DZP_PARSE_COMPONENTS) == 0)
        reagent = mol;
    if (reagent && dzp_mol_formula(&formula, reagent) == 0)
        name = plan_printf("%s, %s", what, formula);
    else
        name = plan_strdup(what);
    free(formula);
    dzp_mol_free(mol);
    return name;
}

/* The key reagent (when the step has an option) and the rule's other reagents. */
static int fill_reagents(dzp_step *out, const route_step *step, equiv_mode equiv,
                         const search *s)
{
    const dzp_transformation *t = step->rule;
    size_t n = t->n_reagents + (step->option ? 1 : 0), i = 0;
    out->reagents = calloc(n ? n : 1, sizeof(dzp_step_reagent));
    if (!out->reagents)
        return plan_oom("for a step's reagents");
    out->n_reagents = n;
    /* The rules give the other reagents per equivalent of limiting partner:
     * when the key reagent is used below 1 equiv (the diamine in excess),
     * it is the limiting one, and they follow it. */
    double per_limiting = 1.0;
    if (step->option) {
        dzp_step_reagent *r = &out->reagents[i++];
        reagent_option *o = (reagent_option *)step->option; /* the search's: named here */
        int rc = plan_option_named(o, s->rules);
        if (rc != 0)
            return rc;
        r->role = t->key.role;
        r->name = o->name ? plan_strdup(o->name) : describe_reagent(t, o);
        r->smiles = plan_strdup(o->smiles);
        r->equiv = key_equiv(&t->key, equiv, &s->rules->planner, plan_cheap_substrate(s));
        r->has_equiv = true;
        r->form = dzp_rules_reagent_form(s->rules, o->smiles);
        if (r->equiv < 1.0)
            per_limiting = r->equiv;
        if (!r->name || !r->smiles)
            return plan_oom("for a reagent's name");
    }
    for (size_t j = 0; j < t->n_reagents; j++, i++) {
        const dzp_reagent_rule *rule = &t->reagents[j];
        dzp_step_reagent *r = &out->reagents[i];
        r->role = rule->role;
        r->name = plan_strdup(rule->name);
        r->smiles = rule->canonical ? plan_strdup(rule->canonical) : NULL;
        r->has_equiv = rule->has_equiv;
        r->equiv = rule->equiv *
                   (equiv == EQUIV_BOTH && rule->role_word->scales_with_both ? 2.0 : 1.0) *
                   (rule->cosolvent ? 1.0 : per_limiting);
        r->form = rule->form.state ? &rule->form : dzp_rules_reagent_form(s->rules, r->smiles);
        r->cosolvent = rule->cosolvent;
        if (!r->name || (rule->canonical && !r->smiles))
            return plan_oom("for a reagent's name");
    }
    return 0;
}

/* A molecule's canonical SMILES, formula and weight, and where its ring
 * atoms stand in the molecule that SMILES reads back as (for pictures). */
static int molecule_info(dzp_molecule_info *info, int ring[RING_SIZE],
                         const search_state *state)
{
    int *positions = malloc((size_t)dzp_mol_atom_count(state->mol) * sizeof(int) + 1);
    if (!positions)
        return plan_oom("for a product's atom positions");
    int rc = dzp_mol_smiles_positions(&info->smiles, positions, state->mol,
                                      DZP_SMILES_CANONICAL);
    for (int i = 0; rc == 0 && i < RING_SIZE; i++)
        ring[i] = positions[state->ring.atom[i]];
    free(positions);
    if (rc == 0)
        rc = dzp_mol_formula(&info->formula, state->mol);
    info->mw = dzp_mol_weight(state->mol);
    return rc;
}

/* A copy of info (its strings duplicated) into out.  Returns 0 or DZP_ENOMEM
 * (out then empty). */
static int copy_info(dzp_molecule_info *out, const dzp_molecule_info *info)
{
    out->smiles = plan_strdup(info->smiles);
    out->formula = plan_strdup(info->formula);
    out->mw = info->mw;
    if (out->smiles && out->formula)
        return 0;
    free(out->smiles);
    free(out->formula);
    memset(out, 0, sizeof(*out));
    return plan_oom("for a product's SMILES");
}

/* Whether known is state's molecule atom for atom, with the ring on the
 * same atoms (so what was matched or written for one holds for the other). */
static bool same_molecule(const search_state *known, const search_state *state)
{
    return known && (known == state ||
                     (memcmp(&known->ring, &state->ring, sizeof(ring_atoms)) == 0 &&
                      dzp_mol_same_graph(known->mol, state->mol)));
}

/* The functional groups matched on known, copied onto state, which is the
 * same molecule atom for atom (same_molecule), so the step is judged again
 * without matching them again.  Out of memory, nothing is copied (state
 * then matches them itself).  Never fails. */
static void copy_matched_groups(search_state *state, const search_state *known,
                                const dzp_rules *rules)
{
    fgroup_hit *hits = known->n_hits ? calloc((size_t)known->n_hits, sizeof(fgroup_hit)) : NULL;
    if (known->n_hits && !hits)
        return;
    for (int i = 0; i < known->n_hits; i++) {
        size_t bytes = sizeof(int) * (size_t)known->hits[i].n_atoms;
        hits[i] = known->hits[i];
        hits[i].atoms = malloc(bytes ? bytes : 1);
        if (!hits[i].atoms) {
            while (i-- > 0)
                free(hits[i].atoms);
            free(hits);
            return;
        }
        memcpy(hits[i].atoms, known->hits[i].atoms, bytes);
    }
    for (int i = 0; i < state->n_hits; i++)
        free(state->hits[i].atoms);
    free(state->hits);
    state->hits = hits;
    state->n_hits = known->n_hits;
    memcpy(state->fgroup_known, known->fgroup_known, rules->n_fgroups);
}

/* molecule_info() of the route's last product when it is the target: the
 * target's canonical SMILES and, through the atom map, where the product's
 * ring atoms stand in it; the formula and weight its own.  An isomorphism
 * (dzp_mol_isomorphism: every atom and bond kept) shows the two are the
 * same molecule, which is what comparing canonical SMILES would show, at a
 * fraction of a canonicalization.  Where the target is symmetric (N1 like
 * N4, two like diazepane rings) the map takes the ring as the search paired
 * the nitrogens, so the product's tags are the target's, whatever order
 * the product's atoms were built in (its own canonical SMILES chose among
 * twins by that order, which a batch's earlier rows decide).  Returns 1
 * done, 0 when that check gives no answer (the product is then written and
 * compared as any other), or a negative dzp_error. */
static int target_info(dzp_molecule_info *info, int ring[RING_SIZE], const search *s,
                       const search_state *state)
{
    static const int swapped[RING_SIZE] = {3, 2, 1, 0, 6, 5, 4}; /* the other numbering */
    const dzp_scaffold *target = s->target;
    if (!target->positions_reproducible)
        return 0; /* twins placed by Open Babel: the product's own positions, as before */
    int n = dzp_mol_atom_count(state->mol);
    int *map = malloc(sizeof(int) * (size_t)n + 1);
    int prefer_b[RING_SIZE];
    if (!map)
        return plan_oom("for a product's atom map");
    /* the ring as the search paired the nitrogens first */
    for (int i = 0; i < RING_SIZE; i++)
        prefer_b[i] = target->ring[s->n1_becomes_n4 ? swapped[i] : i];
    if (!dzp_mol_isomorphism(map, state->mol, target->mol, state->ring.atom, prefer_b,
                             RING_SIZE)) {
        free(map);
        return 0;
    }
    for (int i = 0; i < RING_SIZE; i++)
        ring[i] = target->smiles_positions[map[state->ring.atom[i]]];
    free(map);
    info->smiles = plan_strdup(target->smiles);
    int rc = info->smiles ? dzp_mol_formula(&info->formula, state->mol)
                          : plan_oom("for a product's SMILES");
    info->mw = dzp_mol_weight(state->mol);
    return rc < 0 ? rc : 1;
}

/* molecule_info() of state, through known: the state the search met under
 * the same key (or state itself), which keeps what was computed for it.
 * Its answer serves only when `same` (same_molecule(known, state)): the
 * search and this re-application reached it by the same edits.  Otherwise
 * it is computed, and kept on known when that one is the same molecule.
 * With `last` (the search, for the route's last product) it is the target
 * when target_info() shows so. */
static int state_info(dzp_molecule_info *info, int ring[RING_SIZE], search_state *known,
                      const search_state *state, bool same, const search *last)
{
    if (same && known->has_info) {
        memcpy(ring, known->info_ring, sizeof(int) * RING_SIZE);
        return copy_info(info, &known->info);
    }
    int rc = last ? target_info(info, ring, last, state) : 0;
    if (rc == 0)
        rc = molecule_info(info, ring, state);
    else if (rc == 1)
        rc = 0;
    if (rc == 0 && same && copy_info(&known->info, info) == 0) {
        memcpy(known->info_ring, ring, sizeof(int) * RING_SIZE);
        known->has_info = true;
    }
    return rc;
}

/* Whether the stock holds each reagent of the step (nothing without a stock). */
static void mark_reagents_in_stock(dzp_step *step, const dzp_stock *stock)
{
    for (size_t j = 0; stock && j < step->n_reagents; j++) {
        step->reagents[j].stock_known = true;
        step->reagents[j].in_stock = dzp_stock_find(stock, step->reagents[j].smiles, NULL);
    }
}

/* ---- the whole route ---------------------------------------------------------------------- */

/* For each step that installs a masked group, the later step that
 * unmasks it on the same nitrogen. */
static void note_unmasking_steps(dzp_plan *plan, const route *r)
{
    for (int i = 0; i < r->n_steps; i++) {
        if (!plan->steps[i].masked)
            continue;
        for (int j = i + 1; j < r->n_steps && !plan->steps[i].unmasked_in_step; j++)
            if (r->steps[j].rule->tkind == DZP_TK_UNMASK && r->steps[j].mask == r->steps[i].mask &&
                (r->steps[j].sites & r->steps[i].sites))
                plan->steps[i].unmasked_in_step = j + 1;
    }
}

/* Apply step to *current (with *key), judge it again, and write plan step
 * number `index` (`last`: the route's last step); *current and *key become
 * the product's. */
static int rebuild_step(search *s, state_key *key, search_state *current,
                        const route_step *step, int index, bool last, dzp_plan *plan)
{
    search_state next = {0};
    state_key next_key = plan_next_key(s, key, step);
    verdict v = {0};
    int rc = plan_state_build(&next, current, step, s->rules);
    search_state *known = rc == 0 ? plan_search_state(s, &next_key) : NULL;
    bool same = rc == 0 && same_molecule(known, &next);
    if (same)
        copy_matched_groups(&next, known, s->rules);
    if (rc == 0)
        rc = plan_judge_step(s, &v, key, current, &next, step);
    if (rc == 0 && v.reject)
        rc = dzp_error_set(DZP_EINTERNAL, "step %d no longer passes its checks", index + 1);
    dzp_step *out = &plan->steps[plan->n_steps++];
    out->n = index + 1;
    out->rule = step->rule;
    bool moves_pg = step->rule->tkind == DZP_TK_PROTECT || step->rule->tkind == DZP_TK_DEPROTECT;
    out->pg = moves_pg ? step->pg->name : NULL;
    out->masked = step->rule->tkind == DZP_TK_INSTALL ? step->mask : NULL;
    bool one_of_two = v.equiv == EQUIV_STATISTICAL || v.equiv == EQUIV_SELECTIVE;
    out->workup = one_of_two && step->rule->mono_workup ? step->rule->mono_workup
                                                        : step->rule->workup;
    snprintf(out->site, sizeof(out->site), "%s", plan_sites_name(step->sites));
    if (rc == 0)
        rc = fill_reagents(out, step, v.equiv, s);
    if (rc == 0)
        rc = state_info(&out->product, out->product_ring, known, &next, same,
                        last ? s : NULL);
    mark_reagents_in_stock(out, s->stock);
    if (rc == 0)
        rc = fill_flags(out, s, &v);
    plan_verdict_clear(&v);
    plan_state_clear(current);
    *current = next;
    *key = next_key;
    return rc;
}

/* Re-apply every step of r from the substrate, judging each again, and
 * fill the plan's steps; plan->verified says whether the last product is
 * the target.  Returns 0 (verified or not), or a negative dzp_error with
 * the steps written so far left for plan_clear_route(). */
int plan_rebuild(search *s, const route *r, dzp_plan *plan)
{
    search_state *start = r->start ? (search_state *)r->start : s->states[0].state;
    state_key key = r->start ? r->start_key : s->states[0].key;
    search_state current = {.ring = start->ring};
    int rc = dzp_mol_clone(&current.mol, start->mol);
    if (rc == 0)
        rc = plan_state_prepare(&current, s->rules);
    if (rc == 0)
        rc = state_info(&plan->start.mol, plan->start.ring, start, start, true, NULL);
    if (rc == 0 && r->start) {
        dzp_stock_entry entry = {0};
        plan->start.from_stock = dzp_stock_find(s->stock, plan->start.mol.smiles, &entry);
        plan->start.stock_name = entry.name;
        plan->start.bought_steps = r->bought;
    }
    plan->steps = calloc((size_t)(r->n_steps ? r->n_steps : 1), sizeof(dzp_step));
    if (rc == 0 && !plan->steps)
        rc = plan_oom("for the route's steps");
    for (int i = 0; i < r->n_steps && rc == 0; i++)
        rc = rebuild_step(s, &key, &current, &r->steps[i], i, i == r->n_steps - 1, plan);
    if (rc == 0)
        note_unmasking_steps(plan, r);
    if (rc == 0) {
        char *final = NULL;
        if (plan->n_steps == 0)
            rc = dzp_mol_smiles(&final, current.mol, DZP_SMILES_CANONICAL);
        const char *last = plan->n_steps ? plan->steps[plan->n_steps - 1].product.smiles : final;
        plan->verified = rc == 0 && strcmp(last, s->target->smiles) == 0;
        free(final);
    }
    plan_state_clear(&current);
    plan->score = r->score;
    return rc;
}

/* Free n steps and what they own. */
static void free_steps(dzp_step *steps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        dzp_step *step = &steps[i];
        for (size_t j = 0; j < step->n_reagents; j++) {
            free(step->reagents[j].name);
            free(step->reagents[j].smiles);
        }
        free(step->reagents);
        free(step->product.smiles);
        free(step->product.formula);
        for (size_t j = 0; j < step->n_flags; j++) {
            free(step->flags[j].message);
            free(step->flags[j].citation);
        }
        free(step->flags);
    }
    free(steps);
}

static void free_start(dzp_route_start *start)
{
    free(start->mol.smiles);
    free(start->mol.formula);
    memset(start, 0, sizeof(*start));
}

/* Free the plan's steps and start (none left, not verified). */
void plan_clear_route(dzp_plan *plan)
{
    free_start(&plan->start);
    free_steps(plan->steps, plan->n_steps);
    plan->steps = NULL;
    plan->n_steps = 0;
    plan->verified = false;
}

/* Free an alternative's route in full; NULL is fine. */
void plan_route_free(dzp_route *full)
{
    if (!full)
        return;
    free_start(&full->start);
    free_steps(full->steps, full->n_steps);
    free(full);
}
