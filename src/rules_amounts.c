/*
 * rules_amounts.c - what the rules say about amounts: a transformation's
 * expected `yield` range (fractions, 0 < low <= high <= 1), and how a
 * reagent is sold and measured out: the `form`
 * block of a reagents.yaml entry (the compound as it is usually bought)
 * or of a transformation's reagent line (as that step uses it), and the
 * checks that make a form usable for amounts: a neat liquid has a density,
 * a solution says what it is and has a molarity or a weight percent with
 * the solution's density, a supported catalyst has its metal loading.
 *
 *   form: {state: liquid, density: 1.489}
 *   form: {state: solution, solution: "37 wt% in water", wt_percent: 37, density: 1.09}
 *   form: {state: solution, solution: "1 M in THF", molarity: 1.0}
 *   form: {state: supported_catalyst, wt_percent: 10}
 *   form: {state: solid, mw: 836.4}     # a precatalyst without a usable SMILES
 *   form: {state: solid, wt_percent: 60} # NaH as a 60% dispersion in oil
 *
 * The planner reads the form in plan_scale.c; nothing here computes amounts.
 */
#include <stddef.h>
#include <string.h>

#include "rules_internal.h"

static const char *const states[] = {"solid", "liquid", "solution", "gas", "supported_catalyst",
                                     NULL};

#define FO(m) offsetof(dzp_form, m)
static const field form_fields[] = {
    {"state", SCALAR, REQ, rules_read_choice, FO(state), 0, states},
    {"density", SCALAR, OPT, rules_read_number, FO(density), 0, NULL},
    {"molarity", SCALAR, OPT, rules_read_number, FO(molarity), 0, NULL},
    {"wt_percent", SCALAR, OPT, rules_read_number, FO(wt_percent), 0, NULL},
    {"solution", SCALAR, OPT, rules_read_str, FO(solution), 0, NULL},
    {"mw", SCALAR, OPT, rules_read_number, FO(mw), 0, NULL},
    END,
};
static const shape form_shape = {"a form block", form_fields, 0, NULL};

/* The keys each state needs (beyond `state`) and allows. */
static const struct {
    const char *state;
    const char *needs;   /* space-separated */
    const char *allows;  /* space-separated, besides `needs` and mw */
} state_keys[] = {
    {"solid", "", "wt_percent"},      /* a diluted solid (NaH, 60% in oil): weighed as sold */
    {"liquid", "density", ""},
    {"solution", "solution", "molarity wt_percent density"},
    {"gas", "", ""},
    {"supported_catalyst", "wt_percent", ""},
};

/* Upper bounds that catch a unit slip (a density in kg/L is fine, in g/L not). */
static const struct {
    const char *key;
    size_t off;
    double max;
} limits[] = {
    {"density", FO(density), 25.0},
    {"molarity", FO(molarity), 30.0},
    {"wt_percent", FO(wt_percent), 100.0},
    {"mw", FO(mw), 10000.0},
};

static bool word_in(const char *word, const char *list)
{
    size_t n = strlen(word);
    for (const char *p = strstr(list, word); p; p = strstr(p + 1, word))
        if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}

static int check_numbers(loader *ld, yaml_node_t *map, const dzp_form *form)
{
    for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
        yaml_node_t *value = rules_value_of(ld, map, limits[i].key);
        double x = *(const double *)((const char *)form + limits[i].off);
        if (value && !(x > 0 && x <= limits[i].max))
            return rules_fail(ld, value, "'%s' in %s must be above 0 and at most %g, not %g",
                              limits[i].key, ld->what, limits[i].max, x);
    }
    return 0;
}

/* Every key the state needs is there, no key it does not allow, and a
 * solution is measurable (a molarity, or a weight percent and a density). */
static int check_state(loader *ld, yaml_node_t *map, const dzp_form *form)
{
    static const char *const keys[] = {"density", "molarity", "wt_percent", "solution"};
    size_t k = 0;
    while (strcmp(state_keys[k].state, form->state) != 0)
        k++;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        yaml_node_t *value = rules_value_of(ld, map, keys[i]);
        bool needed = word_in(keys[i], state_keys[k].needs);
        if (needed && !value)
            return rules_fail(ld, map, "a %s form needs '%s' in %s", form->state, keys[i],
                              ld->what);
        if (value && !needed && !word_in(keys[i], state_keys[k].allows))
            return rules_fail(ld, value, "'%s' does not apply to a %s form in %s", keys[i],
                              form->state, ld->what);
    }
    bool by_molarity = form->molarity > 0, by_weight = form->wt_percent > 0 && form->density > 0;
    if (strcmp(form->state, "solution") == 0 && by_molarity == by_weight)
        return rules_fail(ld, map, "a solution in %s is measured either by 'molarity' or by "
                          "'wt_percent' with the solution's 'density': give one of the two",
                          ld->what);
    return 0;
}

int rules_read_form(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    dzp_form *form = rules_field_at(obj, f->off);
    int error = rules_process_mapping(ld, node, form, &form_shape);
    if (error == 0)
        error = check_numbers(ld, node, form);
    if (error == 0)
        error = check_state(ld, node, form);
    return error;
}

int rules_read_yield(loader *ld, yaml_node_t *node, void *obj, const field *f)
{
    int error = rules_read_range(ld, node, obj, f);
    const dzp_range *r = rules_field_at(obj, f->off);
    if (error == 0 && !(r->lo > 0 && r->hi <= 1))
        return rules_fail(ld, node, "'%s' in %s is a fraction of the theoretical amount: write "
                          "[low, high] between 0 and 1 (0.75 for 75%%), not [%g, %g]", f->key,
                          ld->what, r->lo, r->hi);
    return error;
}
