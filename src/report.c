/*
 * report.c - what the two documents of a plan (route-json.md JSON and the
 * Markdown report) and the batch index share: the wording of a status, how
 * numbers are rounded and printed (so the JSON and the Markdown always
 * agree on a value), the facts about a plan both print, and the checks
 * every public report function makes before it writes anything.  The
 * documents themselves are in report_json.c, report_markdown.c and
 * report_index.c (see report_internal.h).
 *
 * The report owns its wording of the plan's enums (status, severity via
 * rules.c, site states via scaffold.c) and never names a molecule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "report_internal.h"

#define NUM_LIMIT 1e15    /* numbers beyond this (or NaN) are written as null / "n/a" */

static const char *const status_names[] = {
    [DZP_STATUS_OK] = "ok",
    [DZP_STATUS_NO_ROUTE] = "no_route",
    [DZP_STATUS_INVALID_INPUT] = "invalid_input",
};
#define N_STATUS (sizeof(status_names) / sizeof(status_names[0]))

static const char *const site_labels[2] = {"N1", "N4"};

bool report_status_known(dzp_status status)
{
    return (unsigned)status < N_STATUS;
}

const char *report_status_name(dzp_status status)
{
    return status_names[status];
}

bool report_num_ok(double x)
{
    return x > -NUM_LIMIT && x < NUM_LIMIT; /* false for NaN and infinities */
}

double report_round_to(double x, int places)
{
    char buf[64];

    if (!report_num_ok(x))
        return x;
    snprintf(buf, sizeof(buf), "%.*f", places, x);
    return strtod(buf, NULL);
}

const char *report_fmt_num(char *buf, size_t n, double x, int places)
{
    char *end;

    if (!report_num_ok(x)) {
        snprintf(buf, n, "n/a");
        return buf;
    }
    snprintf(buf, n, "%.*f", places, x);
    if (strchr(buf, '.')) {
        end = buf + strlen(buf);
        while (end[-1] == '0')
            *--end = '\0';
        if (end[-1] == '.')
            end[-1] = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, n, "0");
    return buf;
}

double report_sig3(double x)
{
    char buf[64];

    if (!report_num_ok(x) || x == 0)
        return x;
    snprintf(buf, sizeof(buf), "%.2e", x);
    return strtod(buf, NULL);
}

const char *report_fmt_sig3(char *buf, size_t n, double x)
{
    if (!report_num_ok(x)) {
        snprintf(buf, n, "n/a");
        return buf;
    }
    double r = report_sig3(x), a = r < 0 ? -r : r;
    int places = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : a >= 0.1 ? 3 : a >= 0.01 ? 4 : 5;
    snprintf(buf, n, "%.*f", r == 0 ? 0 : places, r);
    return buf;
}

const char *report_fmt_mass(char *buf, size_t n, double mg)
{
    char num[32];
    if (report_sig3(mg) >= 1000)
        snprintf(buf, n, "%s g", report_fmt_sig3(num, sizeof(num), mg / 1000));
    else
        snprintf(buf, n, "%s mg", report_fmt_sig3(num, sizeof(num), mg));
    return buf;
}

const char *report_fmt_volume(char *buf, size_t n, double ml)
{
    char num[32];
    if (report_sig3(ml) >= 1)
        snprintf(buf, n, "%s mL", report_fmt_sig3(num, sizeof(num), ml));
    else
        snprintf(buf, n, "%s µL", report_fmt_sig3(num, sizeof(num), ml * 1000));
    return buf;
}

/* What to measure out of a scaled reagent, for the bench: "7.50 mmol,
 * 225 mg", "7.50 mmol, 1.08 g, 1.03 mL", "7.50 mmol, 558 µL of 37 wt% in
 * water", "50.0 mL" (a solvent); a cosolvent adds its % v/v.  NULL when
 * nothing applies. */
const char *report_fmt_amount(char *buf, size_t n, const dzp_step_reagent *r)
{
    char num[32], mass[32], vol[32];
    size_t len = 0;
    const char *solution = r->form && r->form->solution ? r->form->solution : NULL;

    buf[0] = '\0';
    if (r->has_mmol)
        len += (size_t)snprintf(buf + len, n - len, "%s mmol",
                                report_fmt_sig3(num, sizeof(num), r->mmol));
    if (r->has_mass && len < n)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? ", " : "",
                                report_fmt_mass(mass, sizeof(mass), r->mass_mg));
    if (r->has_mass && r->form && r->form->wt_percent > 0 && len < n)
        len += (size_t)snprintf(buf + len, n - len, " as sold (%s wt%%)",
                                report_fmt_num(num, sizeof(num), r->form->wt_percent, 1));
    if (r->has_volume && len < n)
        len += (size_t)snprintf(buf + len, n - len, "%s%s%s%s", len ? ", " : "",
                                report_fmt_volume(vol, sizeof(vol), r->volume_ml),
                                solution ? " of " : "", solution ? solution : "");
    if (r->has_percent && len < n)
        len += (size_t)snprintf(buf + len, n - len, " (%s%% v/v with the solvent)",
                                report_fmt_sig3(num, sizeof(num), r->percent_v_v));
    return len ? buf : NULL;
}

const char *report_fmt_fixed(char *buf, size_t n, double x)
{
    if (report_num_ok(x))
        snprintf(buf, n, "%.2f", x);
    else
        snprintf(buf, n, "n/a");
    return buf;
}

enum title_mol { MOL_NONE, MOL_TARGET, MOL_SUBSTRATE };
enum title_kind { T_ROUTE, T_SITES, T_NO_ROUTE_TO, T_NO_ROUTE, T_INVALID, T_BARE_ROUTE };

static const struct title_form {
    const char *phrase;   /* capitalised */
    enum title_mol mol;   /* whose SMILES follows the phrase */
} titles[] = {
    [T_ROUTE] = {"Route to", MOL_TARGET},
    [T_SITES] = {"Site analysis of", MOL_SUBSTRATE},
    [T_NO_ROUTE_TO] = {"No route to", MOL_TARGET},
    [T_NO_ROUTE] = {"No route", MOL_NONE},
    [T_INVALID] = {"Invalid input", MOL_NONE},
    [T_BARE_ROUTE] = {"Route", MOL_NONE},
};

static enum title_kind title_of(const dzp_plan *p)
{
    if (p->status == DZP_STATUS_INVALID_INPUT)
        return T_INVALID;
    if (p->status == DZP_STATUS_NO_ROUTE)
        return p->target ? T_NO_ROUTE_TO : T_NO_ROUTE;
    if (p->target)
        return T_ROUTE;
    return p->substrate ? T_SITES : T_BARE_ROUTE;
}

const char *report_title(const dzp_plan *p, const dzp_scaffold **mol)
{
    const struct title_form *t = &titles[title_of(p)];
    *mol = t->mol == MOL_TARGET ? p->target : t->mol == MOL_SUBSTRATE ? p->substrate : NULL;
    return t->phrase;
}

const char *report_fmt_range(char *buf, size_t n, const dzp_range *r, const char *unit,
                             int places)
{
    char lo[32], hi[32];

    report_fmt_num(lo, sizeof(lo), r->lo, places);
    report_fmt_num(hi, sizeof(hi), r->hi, places);
    const char *space = unit[0] == '%' ? "" : " ";
    if (strcmp(lo, hi) == 0)
        snprintf(buf, n, "%s%s%s", lo, space, unit);
    else
        snprintf(buf, n, "%s%s%s%s%s", lo, r->lo < 0 ? " to " : "–", hi, space, unit);
    return buf;
}

bool report_route_outcome(const dzp_route *r, report_outcome *out)
{
    if (r->n_steps == 0 || !r->steps[0].amounts.set)
        return false;
    out->yield_lo = out->yield_hi = 1.0;
    for (size_t i = 0; i < r->n_steps; i++) {
        const dzp_step *s = &r->steps[i];
        out->yield_lo *= s->amounts.limiting * s->rule->yield.lo;
        out->yield_hi *= s->amounts.limiting * s->rule->yield.hi;
    }
    out->target_mmol = r->steps[r->n_steps - 1].amounts.product_mmol;
    out->target_mass_mg = r->steps[r->n_steps - 1].amounts.product_mass_mg;
    return true;
}

const char *report_start_smiles(const dzp_route *r, const dzp_plan *p)
{
    if (r->start.mol.smiles)
        return r->start.mol.smiles;
    return p->substrate ? p->substrate->smiles : NULL;
}

const char *report_reagent_label(char *buf, size_t n, const dzp_step_reagent *r)
{
    /* a solvent not in the stock file is taken to be at hand, as in any lab */
    if (!r->stock_known || (!r->in_stock && r->role && strcmp(r->role, "solvent") == 0))
        return r->name;
    snprintf(buf, n, "%s (%s)", r->name ? r->name : "", r->in_stock ? "in stock" : "to order");
    return buf;
}

const char *report_stock_label(const dzp_route_start *start)
{
    if (!start->from_stock)
        return NULL;
    return start->stock_name ? start->stock_name : "in stock";
}

bool report_route_shown(const dzp_plan *p)
{
    return p->status == DZP_STATUS_OK && p->has_route;
}

int report_routes_in_full(const dzp_plan *p)
{
    int n = 1;
    for (size_t i = 0; i < p->n_alts; i++)
        n += p->alts[i].route != NULL;
    return n;
}

const char *report_site_label(const dzp_scaffold *s, int k)
{
    return s->site[k].label ? s->site[k].label : site_labels[k];
}

const char *report_equivalent_label(const dzp_scaffold *s, int k)
{
    return s->equivalent ? report_site_label(s, 1 - k) : NULL;
}

const char *report_goal_text(const dzp_plan *p, int k, char *buf, size_t n)
{
    dzp_site view;

    if (!p->have_goals)
        return NULL;
    memset(&view, 0, sizeof(view));
    view.state = p->goal[k].state;
    view.pg = p->goal[k].pg;
    return dzp_site_state_text(&view, buf, n);
}

const char *report_rule_name(const dzp_transformation *rule)
{
    return rule->name ? rule->name : rule->id;
}

int report_check_plan(char **out, const dzp_plan *plan, const char *what)
{
    if (!out || !plan)
        return dzp_error_set(DZP_EINVAL, "%s report: no plan or no output given", what);
    if (!report_status_known(plan->status))
        return dzp_error_set(DZP_EINVAL, "%s report: the plan has an unknown status (%d)", what,
                             (int)plan->status);
    if (!report_route_shown(plan))
        return 0;
    if (plan->n_steps && !plan->steps)
        return dzp_error_set(DZP_EINVAL, "%s report: the route has %zu steps but no step array",
                             what, plan->n_steps);
    for (size_t i = 0; i < plan->n_steps; i++)
        if (!plan->steps[i].rule)
            return dzp_error_set(DZP_EINVAL, "%s report: step %zu of the route has no rule", what,
                                 i + 1);
    return 0;
}
