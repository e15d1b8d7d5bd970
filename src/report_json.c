/*
 * report_json.c - a plan as the JSON document of route-json.md.
 *
 * A jansson tree is built with one small function per contract type
 * (Molecule, Site, Step, Flag, ...) and written compact with keys in
 * insertion order by report_json_write.c, in exactly json_dumps' bytes.  Text
 * that is not valid UTF-8 (a batch row's name, a message quoting bad
 * input) gets U+FFFD in place of the bad bytes, so even a refusal is a
 * valid document.  A batch row's document carries one more key, "line",
 * last, put in the tree like every other key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dzp/error.h"
#include "report_internal.h"
#include "utf8.h"

#define SCHEMA "dzp-plan.route/1"
#define JSON_PRECISION 15 /* significant digits of a real, as JSON_REAL_PRECISION(15) */

/* obj[key] = value, stealing value.  Once anything fails (obj or value
 * NULL, or the insertion) both are released and NULL comes back, so a
 * whole object is built as a chain of put()s with one check at the end. */
json_t *report_json_put(json_t *obj, const char *key, json_t *value)
{
    if (!obj || !value || json_object_set_new(obj, key, value) < 0) {
        json_decref(obj);
        json_decref(value);
        return NULL;
    }
    return obj;
}

static json_t *put(json_t *obj, const char *key, json_t *value)
{
    return report_json_put(obj, key, value);
}

/* arr += value, stealing value; NULL on failure as put(). */
static json_t *push(json_t *arr, json_t *value)
{
    if (!arr || !value || json_array_append_new(arr, value) < 0) {
        json_decref(arr);
        json_decref(value);
        return NULL;
    }
    return arr;
}

/* A JSON string of s with every byte that is not valid UTF-8 replaced by
 * U+FFFD; JSON null for NULL; NULL when out of memory. */
static json_t *j_str(const char *s)
{
    if (!s)
        return json_null();
    if (dzp_utf8_valid(s))
        return json_string_nocheck(s); /* checked just now */
    dzp_strbuf sb = DZP_STRBUF_INIT;
    dzp_utf8_clean(&sb, s);
    json_t *j = sb.failed ? json_string(s) : json_string_nocheck(sb.data);
    dzp_strbuf_free(&sb);
    return j;
}

/* A number: an integer when x is integral ("10", not "10.0"), null when
 * not finite. */
static json_t *j_num(double x)
{
    if (!report_num_ok(x))
        return json_null();
    if (x == (double)(json_int_t)x)
        return json_integer((json_int_t)x);
    return json_real(x);
}

static json_t *j_molecule(const char *smiles, const char *formula, double mw)
{
    json_t *o = json_object();

    o = put(o, "smiles", j_str(smiles));
    o = put(o, "formula", j_str(formula));
    return put(o, "mw", j_num(report_round_to(mw, 2)));
}

static json_t *j_range(const dzp_range *r)
{
    if (!r->set)
        return json_null();
    return push(push(json_array(), j_num(r->lo)), j_num(r->hi));
}

/* Makes the JSON of one item of a plan's array. */
typedef json_t *(*j_item_fn)(const void *item, const dzp_plan *plan);

/* A JSON array of n items of `size` bytes, each made by one(). */
static json_t *j_array(const void *items, size_t n, size_t size, j_item_fn one,
                       const dzp_plan *plan)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < n && arr; i++)
        arr = push(arr, one((const char *)items + i * size, plan));
    return arr;
}

static json_t *j_flag(const void *item, const dzp_plan *plan)
{
    const dzp_flag *f = item;
    json_t *o = json_object();

    o = put(o, "id", j_str(f->id));
    o = put(o, "severity", j_str(dzp_severity_name(f->severity)));
    o = put(o, "message", j_str(f->message));
    o = put(o, "mitigation", j_str(f->mitigation));
    return put(o, "source", j_str(f->source));
}

/* An amount to three significant figures, or null. */
static json_t *j_amount(bool has, double x)
{
    return has ? j_num(report_sig3(x)) : json_null();
}

/* A reagent with its form ("solid", "liquid", ... as the rules sell it, or
 * null) and, once the plan is scaled (--scale), "mmol", "mass_mg",
 * "volume_ml" and, for a cosolvent, "percent_v_v", each null when it does
 * not apply; "in_stock" says whether the --stock holds it (null without one). */
static json_t *j_reagent(const void *item, const dzp_plan *plan)
{
    const dzp_step_reagent *r = item;
    json_t *o = json_object();

    o = put(o, "role", j_str(r->role));
    o = put(o, "name", j_str(r->name));
    o = put(o, "smiles", j_str(r->smiles));
    o = put(o, "equiv", r->has_equiv ? j_num(r->equiv) : json_null());
    o = put(o, "form", j_str(r->form ? r->form->state : NULL));
    o = put(o, "solution", j_str(r->form ? r->form->solution : NULL));
    o = put(o, "in_stock", r->stock_known ? json_boolean(r->in_stock) : json_null());
    if (!(plan->scale_mmol > 0))
        return o;
    o = put(o, "mmol", j_amount(r->has_mmol, r->mmol));
    o = put(o, "mass_mg", j_amount(r->has_mass, r->mass_mg));
    o = put(o, "volume_ml", j_amount(r->has_volume, r->volume_ml));
    return put(o, "percent_v_v", j_amount(r->has_percent, r->percent_v_v));
}

/* A step's amounts (--scale), or null. */
static json_t *j_amounts(const dzp_step *s)
{
    const dzp_step_amounts *a = &s->amounts;
    json_t *o = json_object();

    if (!a->set) {
        json_decref(o);
        return json_null();
    }
    o = put(o, "input_mmol", j_num(report_sig3(a->input_mmol)));
    o = put(o, "input_mass_mg", j_num(report_sig3(a->input_mass_mg)));
    o = put(o, "yield", j_range(&s->rule->yield));
    o = put(o, "limiting", j_num(report_sig3(a->limiting)));
    o = put(o, "product_mmol", j_num(report_sig3(a->product_mmol)));
    return put(o, "product_mass_mg", j_num(report_sig3(a->product_mass_mg)));
}

static json_t *j_conditions(const dzp_conditions *c)
{
    json_t *o = json_object();

    o = put(o, "solvent", j_str(c->solvent));
    o = put(o, "temperature_c", j_range(&c->temperature_c));
    o = put(o, "time_h", j_range(&c->time_h));
    o = put(o, "concentration_m", c->has_concentration ? j_num(c->concentration_m) : json_null());
    return put(o, "atmosphere", j_str(c->atmosphere));
}

/* The groups the step installs in a masked form: [] or one entry. */
static json_t *j_masked(const dzp_step *s)
{
    json_t *arr = json_array(), *o;

    if (!s->masked)
        return arr;
    o = json_object();
    o = put(o, "group", j_str(s->masked->group));
    o = put(o, "as", j_str(s->masked->as));
    o = put(o, "unmasked_in_step", json_integer(s->unmasked_in_step));
    return push(arr, o);
}

static json_t *j_step(const void *item, const dzp_plan *plan)
{
    const dzp_step *s = item;
    const dzp_molecule_info *m = &s->product;
    json_t *o = json_object();

    o = put(o, "n", json_integer(s->n));
    o = put(o, "kind", j_str(s->rule->kind));
    o = put(o, "rule", j_str(s->rule->id));
    o = put(o, "site", j_str(s->site));
    o = put(o, "pg", j_str(s->pg));
    o = put(o, "reagents", j_array(s->reagents, s->n_reagents, sizeof(*s->reagents), j_reagent,
                                         plan));
    o = put(o, "conditions", j_conditions(&s->rule->conditions));
    o = put(o, "workup", j_str(s->workup));
    o = put(o, "product", j_molecule(m->smiles, m->formula, m->mw));
    o = put(o, "masked", j_masked(s));
    o = put(o, "amounts", j_amounts(s));
    return put(o, "flags", j_array(s->flags, s->n_flags, sizeof(*s->flags), j_flag, plan));
}

/* A Route: the chosen one or an alternative's in full (plan gives the
 * scale its reagents are printed at). */
static json_t *j_route_of(const dzp_route *r, const dzp_plan *plan)
{
    json_t *o = json_object();

    report_outcome e;
    json_t *expected = json_null();

    if (report_route_outcome(r, &e)) {
        json_decref(expected);
        expected = json_object();
        expected = put(expected, "yield", push(push(json_array(), j_num(report_sig3(e.yield_lo))),
                                               j_num(report_sig3(e.yield_hi))));
        expected = put(expected, "target_mmol", j_num(report_sig3(e.target_mmol)));
        expected = put(expected, "target_mass_mg", j_num(report_sig3(e.target_mass_mg)));
    }
    const dzp_molecule_info *start = &r->start.mol;
    const dzp_scaffold *sub = plan->substrate;
    o = put(o, "steps", j_array(r->steps, r->n_steps, sizeof(*r->steps), j_step, plan));
    o = put(o, "score", j_num(report_round_to(r->score, 2)));
    o = put(o, "expected", expected);
    o = put(o, "start", start->smiles ? j_molecule(start->smiles, start->formula, start->mw)
                        : sub         ? j_molecule(sub->smiles, sub->formula, sub->mw)
                                      : json_null());
    o = put(o, "start_from_stock", json_boolean(r->start.from_stock));
    return put(o, "verified", json_boolean(r->verified));
}

static json_t *j_route(const dzp_plan *p)
{
    if (!report_route_shown(p))
        return json_null();
    return j_route_of(&(dzp_route){p->start, p->steps, p->n_steps, p->score, p->verified}, p);
}

static json_t *j_site(const dzp_plan *p, int k)
{
    const dzp_scaffold *s = p->substrate;
    char state[128], goal[128];
    json_t *o = json_object();

    o = put(o, "label", j_str(report_site_label(s, k)));
    o = put(o, "substrate", j_str(dzp_site_state_text(&s->site[k], state, sizeof(state))));
    o = put(o, "target", j_str(report_goal_text(p, k, goal, sizeof(goal))));
    o = put(o, "substituent", j_str(p->have_goals ? p->goal[k].substituent : NULL));
    o = put(o, "equivalent_to", j_str(report_equivalent_label(s, k)));
    o = put(o, "hindrance", json_integer(s->site[k].hindrance));
    o = put(o, "substrate_substituent", j_str(s->site[k].substituent_smiles));
    return put(o, "n_type", j_str(s->site[k].n_type));
}

static json_t *j_sites(const dzp_plan *p)
{
    json_t *arr = json_array();

    for (int k = 0; p->substrate && k < 2; k++)
        arr = push(arr, j_site(p, k));
    return arr;
}

static json_t *j_ring_carbons(const dzp_plan *p)
{
    json_t *arr = json_array();

    for (size_t i = 0; p->substrate && i < REPORT_N_CARBONS; i++) {
        const dzp_ring_carbon *c = &p->substrate->carbon[i];
        char locant[16];
        json_t *o;

        if (c->n_substituents <= 0)
            continue;
        snprintf(locant, sizeof(locant), "C%d", c->locant);
        o = put(json_object(), "locant", json_string(locant));
        o = put(o, "substituents", json_integer(c->n_substituents));
        o = put(o, "stereo", json_string(c->stereo_specified ? "specified" : "unspecified"));
        arr = push(arr, o);
    }
    return arr;
}

static json_t *j_alternative(const void *item, const dzp_plan *plan)
{
    const dzp_alternative *a = item;
    json_t *o = json_object();

    o = put(o, "summary", j_str(a->summary));
    o = put(o, "steps", json_integer(a->steps));
    o = put(o, "rejected", j_str(a->rejected));
    o = put(o, "score", j_num(report_round_to(a->score, 2)));
    o = put(o, "complete", json_boolean(a->complete));
    return put(o, "route", a->route ? j_route_of(a->route, plan) : json_null());
}

static json_t *j_plan(const dzp_plan *p)
{
    const dzp_scaffold *s = p->substrate, *t = p->target;
    json_t *o = json_object();

    o = put(o, "schema", json_string(SCHEMA));
    o = put(o, "name", j_str(p->name));
    o = put(o, "status", json_string(report_status_name(p->status)));
    o = put(o, "message", j_str(p->status == DZP_STATUS_OK ? NULL : p->message));
    o = put(o, "substrate", s ? j_molecule(s->smiles, s->formula, s->mw) : json_null());
    o = put(o, "target", t ? j_molecule(t->smiles, t->formula, t->mw) : json_null());
    o = put(o, "sites", j_sites(p));
    o = put(o, "ring_carbons", j_ring_carbons(p));
    o = put(o, "scale_mmol", p->scale_mmol > 0 ? j_num(report_round_to(p->scale_mmol, 3)) : json_null());
    o = put(o, "route", j_route(p));
    o = put(o, "alternatives", j_array(p->alts, p->n_alts, sizeof(*p->alts), j_alternative, p));
    o = put(o, "flags", j_array(p->flags, p->n_flags, sizeof(*p->flags), j_flag, p));
    const char *version, *rules, *date, *command;
    if (!report_generator(&version, &rules, &date, &command))
        return o;
    json_t *g = json_object();
    g = put(g, "name", j_str("dzp-plan"));
    g = put(g, "version", j_str(version));
    g = put(g, "rules", j_str(rules));
    g = put(g, "date", j_str(date));
    g = put(g, "command", j_str(command));
    return put(o, "generator", g);
}

/* The plan's document as compact text in *out; with line, a "line" key
 * last.  Returns 0, or a negative dzp_error with a message. */
static int json_dump_plan(char **out, const dzp_plan *plan, const long *line)
{
    json_t *doc = NULL;
    char *text = NULL;
    int error;

    if ((error = report_check_plan(out, plan, "JSON")) < 0)
        return error;
    doc = j_plan(plan);
    if (line)
        doc = put(doc, "line", json_integer(*line));
    if (!doc || !(text = report_json_text(doc, JSON_PRECISION))) {
        error = dzp_error_set(DZP_ENOMEM, "JSON report: out of memory");
        goto done;
    }
    *out = text;
    error = 0;
done:
    json_decref(doc);
    return error;
}

int dzp_report_json(char **out, const dzp_plan *plan)
{
    return json_dump_plan(out, plan, NULL);
}

int dzp_report_json_row(char **out, const dzp_plan *plan, long line)
{
    return json_dump_plan(out, plan, &line);
}
