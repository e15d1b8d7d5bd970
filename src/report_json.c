/*
 * report_json.c - a plan as the JSON document of route-json.md.
 *
 * The document is written as it is made, one small function per contract
 * type (Molecule, Site, Step, Flag, ...), keys in the contract's order,
 * through the writer of report_json_write.c: compact, in exactly
 * json_dumps' bytes, with no tree built and freed per report.  Text that
 * is not valid UTF-8 (a batch row's name, a message quoting bad input)
 * gets U+FFFD in place of the bad bytes, so even a refusal is a valid
 * document.  A batch row's document carries one more key, "line", last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dzp/error.h"
#include "report_internal.h"

#define SCHEMA "dzp-plan.route/1"
#define JSON_PRECISION 15 /* significant digits of a real, as JSON_REAL_PRECISION(15) */

typedef report_json_out out_t;

/* A number: an integer when x is integral ("10", not "10.0"), null when
 * not finite. */
static void w_num(out_t *w, double x)
{
    if (!report_num_ok(x))
        rj_null(w);
    else if (x == (double)(json_int_t)x)
        rj_integer(w, (long long)(json_int_t)x);
    else
        rj_real(w, x);
}

static void key_str(out_t *w, const char *key, const char *s)
{
    rj_key(w, key);
    rj_string(w, s);
}

static void key_num(out_t *w, const char *key, double x)
{
    rj_key(w, key);
    w_num(w, x);
}

static void key_int(out_t *w, const char *key, long long x)
{
    rj_key(w, key);
    rj_integer(w, x);
}

static void key_bool(out_t *w, const char *key, bool b)
{
    rj_key(w, key);
    rj_bool(w, b);
}

static void key_null(out_t *w, const char *key)
{
    rj_key(w, key);
    rj_null(w);
}

static void w_molecule(out_t *w, const char *smiles, const char *formula, double mw)
{
    rj_object(w);
    key_str(w, "smiles", smiles);
    key_str(w, "formula", formula);
    key_num(w, "mw", report_round_to(mw, 2));
    rj_end_object(w);
}

static void w_range(out_t *w, const dzp_range *r)
{
    if (!r->set) {
        rj_null(w);
        return;
    }
    rj_array(w);
    w_num(w, r->lo);
    w_num(w, r->hi);
    rj_end_array(w);
}

/* Writes the JSON of one item of a plan's array. */
typedef void (*w_item_fn)(out_t *w, const void *item, const dzp_plan *plan);

/* A JSON array of n items of `size` bytes, each written by one(). */
static void w_array(out_t *w, const void *items, size_t n, size_t size, w_item_fn one,
                    const dzp_plan *plan)
{
    rj_array(w);
    for (size_t i = 0; i < n; i++)
        one(w, (const char *)items + i * size, plan);
    rj_end_array(w);
}

static void w_flag(out_t *w, const void *item, const dzp_plan *plan)
{
    const dzp_flag *f = item;
    (void)plan;
    rj_object(w);
    key_str(w, "id", f->id);
    key_str(w, "severity", dzp_severity_name(f->severity));
    key_str(w, "message", f->message);
    key_str(w, "mitigation", f->mitigation);
    key_str(w, "source", f->source);
    rj_end_object(w);
}

/* An amount to three significant figures, or null. */
static void key_amount(out_t *w, const char *key, bool has, double x)
{
    if (has)
        key_num(w, key, report_sig3(x));
    else
        key_null(w, key);
}

/* A reagent with its form ("solid", "liquid", ... as the rules sell it, or
 * null) and, once the plan is scaled (--scale), "mmol", "mass_mg",
 * "volume_ml" and, for a cosolvent, "percent_v_v", each null when it does
 * not apply; "in_stock" says whether the --stock holds it (null without one). */
static void w_reagent(out_t *w, const void *item, const dzp_plan *plan)
{
    const dzp_step_reagent *r = item;
    rj_object(w);
    key_str(w, "role", r->role);
    key_str(w, "name", r->name);
    key_str(w, "smiles", r->smiles);
    if (r->has_equiv)
        key_num(w, "equiv", r->equiv);
    else
        key_null(w, "equiv");
    key_str(w, "form", r->form ? r->form->state : NULL);
    key_str(w, "solution", r->form ? r->form->solution : NULL);
    if (r->stock_known)
        key_bool(w, "in_stock", r->in_stock);
    else
        key_null(w, "in_stock");
    if (plan->scale_mmol > 0) {
        key_amount(w, "mmol", r->has_mmol, r->mmol);
        key_amount(w, "mass_mg", r->has_mass, r->mass_mg);
        key_amount(w, "volume_ml", r->has_volume, r->volume_ml);
        key_amount(w, "percent_v_v", r->has_percent, r->percent_v_v);
    }
    rj_end_object(w);
}

/* A step's amounts (--scale), or null. */
static void w_amounts(out_t *w, const dzp_step *s)
{
    const dzp_step_amounts *a = &s->amounts;
    if (!a->set) {
        rj_null(w);
        return;
    }
    rj_object(w);
    key_num(w, "input_mmol", report_sig3(a->input_mmol));
    key_num(w, "input_mass_mg", report_sig3(a->input_mass_mg));
    rj_key(w, "yield");
    w_range(w, &s->rule->yield);
    key_num(w, "limiting", report_sig3(a->limiting));
    key_num(w, "product_mmol", report_sig3(a->product_mmol));
    key_num(w, "product_mass_mg", report_sig3(a->product_mass_mg));
    rj_end_object(w);
}

static void w_conditions(out_t *w, const dzp_conditions *c)
{
    rj_object(w);
    key_str(w, "solvent", c->solvent);
    rj_key(w, "temperature_c");
    w_range(w, &c->temperature_c);
    rj_key(w, "time_h");
    w_range(w, &c->time_h);
    if (c->has_concentration)
        key_num(w, "concentration_m", c->concentration_m);
    else
        key_null(w, "concentration_m");
    key_str(w, "atmosphere", c->atmosphere);
    rj_end_object(w);
}

/* The groups the step installs in a masked form: [] or one entry. */
static void w_masked(out_t *w, const dzp_step *s)
{
    rj_array(w);
    if (s->masked) {
        rj_object(w);
        key_str(w, "group", s->masked->group);
        key_str(w, "as", s->masked->as);
        key_int(w, "unmasked_in_step", s->unmasked_in_step);
        rj_end_object(w);
    }
    rj_end_array(w);
}

static void w_step(out_t *w, const void *item, const dzp_plan *plan)
{
    const dzp_step *s = item;
    const dzp_molecule_info *m = &s->product;
    rj_object(w);
    key_int(w, "n", s->n);
    key_str(w, "kind", s->rule->kind);
    key_str(w, "rule", s->rule->id);
    key_str(w, "site", s->site);
    key_str(w, "pg", s->pg);
    rj_key(w, "reagents");
    w_array(w, s->reagents, s->n_reagents, sizeof(*s->reagents), w_reagent, plan);
    rj_key(w, "conditions");
    w_conditions(w, &s->rule->conditions);
    key_str(w, "workup", s->workup);
    rj_key(w, "product");
    w_molecule(w, m->smiles, m->formula, m->mw);
    rj_key(w, "masked");
    w_masked(w, s);
    rj_key(w, "amounts");
    w_amounts(w, s);
    rj_key(w, "flags");
    w_array(w, s->flags, s->n_flags, sizeof(*s->flags), w_flag, plan);
    rj_end_object(w);
}

/* A Route: the chosen one or an alternative's in full (plan gives the
 * scale its reagents are printed at). */
static void w_route_of(out_t *w, const dzp_route *r, const dzp_plan *plan)
{
    const dzp_molecule_info *start = &r->start.mol;
    const dzp_scaffold *sub = plan->substrate;
    report_outcome e;
    rj_object(w);
    rj_key(w, "steps");
    w_array(w, r->steps, r->n_steps, sizeof(*r->steps), w_step, plan);
    key_num(w, "score", report_round_to(r->score, 2));
    rj_key(w, "expected");
    if (report_route_outcome(r, &e)) {
        rj_object(w);
        rj_key(w, "yield");
        rj_array(w);
        w_num(w, report_sig3(e.yield_lo));
        w_num(w, report_sig3(e.yield_hi));
        rj_end_array(w);
        key_num(w, "target_mmol", report_sig3(e.target_mmol));
        key_num(w, "target_mass_mg", report_sig3(e.target_mass_mg));
        rj_end_object(w);
    } else {
        rj_null(w);
    }
    rj_key(w, "start");
    if (start->smiles)
        w_molecule(w, start->smiles, start->formula, start->mw);
    else if (sub)
        w_molecule(w, sub->smiles, sub->formula, sub->mw);
    else
        rj_null(w);
    key_bool(w, "start_from_stock", r->start.from_stock);
    key_bool(w, "verified", r->verified);
    rj_end_object(w);
}

static void w_route(out_t *w, const dzp_plan *p)
{
    if (!report_route_shown(p))
        rj_null(w);
    else
        w_route_of(w, &(dzp_route){p->start, p->steps, p->n_steps, p->score, p->verified}, p);
}

static void w_site(out_t *w, const dzp_plan *p, int k)
{
    const dzp_scaffold *s = p->substrate;
    char state[128], goal[128];
    rj_object(w);
    key_str(w, "label", report_site_label(s, k));
    key_str(w, "substrate", dzp_site_state_text(&s->site[k], state, sizeof(state)));
    key_str(w, "target", report_goal_text(p, k, goal, sizeof(goal)));
    key_str(w, "substituent", p->have_goals ? p->goal[k].substituent : NULL);
    key_str(w, "equivalent_to", report_equivalent_label(s, k));
    key_int(w, "hindrance", s->site[k].hindrance);
    key_str(w, "substrate_substituent", s->site[k].substituent_smiles);
    key_str(w, "n_type", s->site[k].n_type);
    rj_end_object(w);
}

static void w_sites(out_t *w, const dzp_plan *p)
{
    rj_array(w);
    for (int k = 0; p->substrate && k < 2; k++)
        w_site(w, p, k);
    rj_end_array(w);
}

static void w_ring_carbons(out_t *w, const dzp_plan *p)
{
    rj_array(w);
    for (size_t i = 0; p->substrate && i < REPORT_N_CARBONS; i++) {
        const dzp_ring_carbon *c = &p->substrate->carbon[i];
        char locant[16];
        if (c->n_substituents <= 0)
            continue;
        snprintf(locant, sizeof(locant), "C%d", c->locant);
        rj_object(w);
        key_str(w, "locant", locant);
        key_int(w, "substituents", c->n_substituents);
        key_str(w, "stereo", c->stereo_specified ? "specified" : "unspecified");
        rj_end_object(w);
    }
    rj_end_array(w);
}

static void w_alternative(out_t *w, const void *item, const dzp_plan *plan)
{
    const dzp_alternative *a = item;
    rj_object(w);
    key_str(w, "summary", a->summary);
    key_int(w, "steps", a->steps);
    key_str(w, "rejected", a->rejected);
    key_num(w, "score", report_round_to(a->score, 2));
    key_bool(w, "complete", a->complete);
    rj_key(w, "route");
    if (a->route)
        w_route_of(w, a->route, plan);
    else
        rj_null(w);
    rj_end_object(w);
}

/* The plan's members, the object left open (for a batch row's "line"). */
static void w_plan(out_t *w, const dzp_plan *p)
{
    const dzp_scaffold *s = p->substrate, *t = p->target;
    rj_object(w);
    key_str(w, "schema", SCHEMA);
    key_str(w, "name", p->name);
    key_str(w, "status", report_status_name(p->status));
    key_str(w, "message", p->status == DZP_STATUS_OK ? NULL : p->message);
    rj_key(w, "substrate");
    if (s)
        w_molecule(w, s->smiles, s->formula, s->mw);
    else
        rj_null(w);
    rj_key(w, "target");
    if (t)
        w_molecule(w, t->smiles, t->formula, t->mw);
    else
        rj_null(w);
    rj_key(w, "sites");
    w_sites(w, p);
    rj_key(w, "ring_carbons");
    w_ring_carbons(w, p);
    if (p->scale_mmol > 0)
        key_num(w, "scale_mmol", report_round_to(p->scale_mmol, 3));
    else
        key_null(w, "scale_mmol");
    rj_key(w, "route");
    w_route(w, p);
    rj_key(w, "alternatives");
    w_array(w, p->alts, p->n_alts, sizeof(*p->alts), w_alternative, p);
    rj_key(w, "flags");
    w_array(w, p->flags, p->n_flags, sizeof(*p->flags), w_flag, p);
    const char *version, *rules, *date, *command;
    if (!report_generator(&version, &rules, &date, &command))
        return;
    rj_key(w, "generator");
    rj_object(w);
    key_str(w, "name", "dzp-plan");
    key_str(w, "version", version);
    key_str(w, "rules", rules);
    key_str(w, "date", date);
    key_str(w, "command", command);
    rj_end_object(w);
}

/* The plan's document as compact text in *out; with line, a "line" key
 * last.  Returns 0, or a negative dzp_error with a message. */
static int json_dump_plan(char **out, const dzp_plan *plan, const long *line)
{
    int error;
    if ((error = report_check_plan(out, plan, "JSON")) < 0)
        return error;
    out_t w = REPORT_JSON_OUT_INIT(JSON_PRECISION);
    w_plan(&w, plan);
    if (line)
        key_int(&w, "line", *line);
    rj_end_object(&w);
    char *text = rj_take(&w);
    if (!text)
        return dzp_error_set(DZP_ENOMEM, "JSON report: out of memory");
    *out = text;
    return 0;
}

int dzp_report_json(char **out, const dzp_plan *plan)
{
    return json_dump_plan(out, plan, NULL);
}

int dzp_report_json_row(char **out, const dzp_plan *plan, long line)
{
    return json_dump_plan(out, plan, &line);
}
