/*
 * report_html.c - a plan as one self-contained HTML page (--format html).
 *
 * The page carries everything inline: a short style sheet, the structure
 * pictures as inline SVG (report_pictures.c), no scripts and nothing
 * fetched, so it opens from a file, a mail attachment or a lab notebook and
 * prints as it shows.  The sections follow the Markdown report: title,
 * status, molecules (drawn), sites, the route (scheme, the steps at a
 * glance, each step with its product drawn, reagents, conditions, workup
 * and flags), route-level flags, the other routes given in full, and the
 * alternatives.  Every piece of text goes through report_xml_text().
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "report_internal.h"

typedef struct {
    dzp_strbuf doc;
    const dzp_pictures *pictures;
    report_citations sources;   /* cited so far, listed at the end */
} html_page;

static const char page_style[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;"
    "max-width:1150px;margin:1.5em auto;padding:0 1em;color:#1a1a1a;line-height:1.45}"
    "h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:1px solid #ddd;padding-bottom:.2em;"
    "margin-top:1.6em}h3{font-size:1.05em;margin-top:1.4em}"
    "code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88em;"
    "overflow-wrap:anywhere}"
    "table{border-collapse:collapse;margin:.6em 0}"
    "th,td{border:1px solid #ccc;padding:.25em .55em;text-align:left;vertical-align:top}"
    "th{background:#f4f4f4}td.num{text-align:right}"
    "figure{display:inline-block;margin:.4em 1.2em .4em 0;vertical-align:top}"
    "figure svg{max-width:100%;height:auto}figcaption{font-size:.85em;color:#555}"
    "figure.scheme{display:block;overflow-x:auto}"
    ".critical{color:#a40000;font-weight:bold}.warning{color:#8a5a00;font-weight:bold}"
    ".info{color:#24527a;font-weight:bold}"
    ".status{display:inline-block;padding:.1em .5em;border-radius:.3em;background:#eee}"
    "blockquote{border-left:4px solid #c33;margin:.5em 0;padding:.2em .8em;background:#fdf3f3}"
    "@media print{figure.scheme{overflow:visible}h2,h3{break-after:avoid}}";

static void raw(html_page *h, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void raw(html_page *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dzp_strbuf_vprintf(&h->doc, fmt, ap);
    va_end(ap);
}

static void text(html_page *h, const char *s)
{
    report_xml_text(&h->doc, s);
}

/* A SMILES or id in <code>, or "—" when absent. */
static void code(html_page *h, const char *s)
{
    if (!s || !*s) {
        raw(h, "—");
        return;
    }
    raw(h, "<code>");
    text(h, s);
    raw(h, "</code>");
}

/* A picture with its caption, when the page has it. */
static void figure(html_page *h, dzp_picture_kind kind, int step, const char *css_class)
{
    const dzp_picture *pic = dzp_report_picture(h->pictures, kind, step);
    if (!pic)
        return;
    raw(h, "<figure%s%s%s>", css_class ? " class=\"" : "", css_class ? css_class : "",
        css_class ? "\"" : "");
    dzp_strbuf_puts(&h->doc, pic->svg);
    raw(h, "<figcaption>");
    text(h, pic->caption);
    raw(h, "</figcaption></figure>\n");
}

static void molecule(html_page *h, const char *smiles, const char *formula, double mw)
{
    char num[32];
    code(h, smiles);
    raw(h, " (");
    if (formula && *formula) {
        text(h, formula);
        raw(h, ", ");
    }
    raw(h, "MW %s)", report_fmt_fixed(num, sizeof(num), mw));
}

/* ---- sections ---------------------------------------------------------------------------- */

static void h_title(html_page *h, const dzp_plan *p)
{
    const dzp_scaffold *mol = NULL;
    const char *phrase = report_title(p, &mol);
    raw(h, "<h1>");
    if (p->name && *p->name) {
        text(h, p->name);
        raw(h, ": %c%s", phrase[0] - 'A' + 'a', phrase + 1);
    } else {
        raw(h, "%s", phrase);
    }
    if (mol) {
        raw(h, " ");
        code(h, mol->smiles);
    }
    raw(h, "</h1>\n<p>Status: <span class=\"status\">%s</span></p>\n",
        report_status_name(p->status));
    if (p->status != DZP_STATUS_OK && p->message && *p->message) {
        raw(h, "<blockquote>");
        text(h, p->message);
        raw(h, "</blockquote>\n");
    }
}

static void h_molecules(html_page *h, const dzp_plan *p)
{
    if (!p->substrate && !p->target)
        return;
    raw(h, "<h2>Molecules</h2>\n<ul>\n");
    if (p->substrate) {
        raw(h, "<li>Substrate: ");
        molecule(h, p->substrate->smiles, p->substrate->formula, p->substrate->mw);
        raw(h, "</li>\n");
    }
    if (p->target) {
        raw(h, "<li>Target: ");
        molecule(h, p->target->smiles, p->target->formula, p->target->mw);
        raw(h, "</li>\n");
    }
    raw(h, "</ul>\n<div>\n");
    figure(h, DZP_PICTURE_SUBSTRATE, 0, NULL);
    figure(h, DZP_PICTURE_TARGET, 0, NULL);
    raw(h, "</div>\n");
}

static void h_sites(html_page *h, const dzp_plan *p)
{
    const dzp_scaffold *s = p->substrate;
    char state[128], goal[128];
    if (!s)
        return;
    raw(h, "<h2>Sites</h2>\n<table>\n<tr><th>Site</th><th>Substrate</th><th>Target</th>"
           "<th>Target group</th><th>Equivalent to</th><th>Hindrance</th><th>N type</th></tr>\n");
    for (int k = 0; k < 2; k++) {
        const char *eq = report_equivalent_label(s, k);
        raw(h, "<tr><td>");
        text(h, report_site_label(s, k));
        raw(h, "</td><td>");
        text(h, dzp_site_state_text(&s->site[k], state, sizeof(state)));
        raw(h, "</td><td>");
        text(h, report_goal_text(p, k, goal, sizeof(goal)));
        raw(h, "</td><td>");
        code(h, p->have_goals ? p->goal[k].substituent : NULL);
        raw(h, "</td><td>");
        text(h, eq ? eq : "—");
        raw(h, "</td><td class=\"num\">%d</td><td>", s->site[k].hindrance);
        text(h, s->site[k].n_type);
        raw(h, "</td></tr>\n");
    }
    raw(h, "</table>\n");
}

static void h_reagents(html_page *h, const dzp_step *s, bool scaled, const char *input_smiles,
                       const char *stock_label)
{
    char equiv[32], amount[192], num[32], mass[32];
    if (s->n_reagents == 0 && !scaled) {
        raw(h, "<p>Reagents: none.</p>\n");
        return;
    }
    raw(h, "<table>\n<tr><th>Role</th><th>Reagent</th><th>SMILES</th><th>Equiv</th>%s</tr>\n",
        scaled ? "<th>Amount</th>" : "");
    if (scaled && s->amounts.set) {
        raw(h, "<tr><td>%s</td><td>", s->n == 1 ? "substrate" : "intermediate");
        if (s->n == 1)
            raw(h, "%s", stock_label ? stock_label : "substrate");
        else
            raw(h, "product of step %d", s->n - 1);
        raw(h, "</td><td>");
        code(h, input_smiles);
        raw(h, "</td><td class=\"num\">1</td><td>%s mmol, %s</td></tr>\n",
            report_fmt_sig3(num, sizeof(num), s->amounts.input_mmol),
            report_fmt_mass(mass, sizeof(mass), s->amounts.input_mass_mg));
    }
    for (size_t i = 0; i < s->n_reagents; i++) {
        const dzp_step_reagent *r = &s->reagents[i];
        raw(h, "<tr><td>");
        text(h, r->role);
        raw(h, "</td><td>");
        char named[256];
        text(h, report_reagent_label(named, sizeof(named), r));
        raw(h, "</td><td>");
        code(h, r->smiles);
        raw(h, "</td><td class=\"num\">%s</td>",
            r->has_equiv ? report_fmt_num(equiv, sizeof(equiv), r->equiv, 3) : "—");
        if (scaled) {
            const char *a = report_fmt_amount(amount, sizeof(amount), r);
            raw(h, "<td>");
            text(h, a ? a : "—");
            raw(h, "</td>");
        }
        raw(h, "</tr>\n");
    }
    raw(h, "</table>\n");
}

/* "Expected: 75–85% yield ..., 3.80 mmol (761 mg) of product." */
static void step_amounts(html_page *h, const dzp_step *s)
{
    char num[32], mass[32], pct[64];
    const dzp_step_amounts *a = &s->amounts;
    dzp_range y = {s->rule->yield.lo * 100, s->rule->yield.hi * 100, true};
    if (!a->set)
        return;
    raw(h, "<p>Expected: %s yield", report_fmt_range(pct, sizeof(pct), &y, "%", 0));
    if (a->limiting < 1) {
        raw(h, " on the limiting ");
        text(h, s->reagents[0].role);
        raw(h, " (%s equiv)", report_fmt_num(num, sizeof(num), a->limiting, 3));
    }
    raw(h, ", %s mmol (%s) of product.</p>\n", report_fmt_sig3(num, sizeof(num), a->product_mmol),
        report_fmt_mass(mass, sizeof(mass), a->product_mass_mg));
}

static void range(html_page *h, const dzp_range *r, const char *unit)
{
    char buf[96];
    raw(h, "%s", report_fmt_range(buf, sizeof(buf), r, unit, 3));
}

static void conditions(html_page *h, const dzp_conditions *c)
{
    char num[32];
    const char *sep = "";
    raw(h, "<p>Conditions: ");
    if (c->solvent && *c->solvent) {
        text(h, c->solvent);
        sep = ", ";
    }
    if (c->temperature_c.set) {
        raw(h, "%s", sep);
        range(h, &c->temperature_c, "°C");
        sep = ", ";
    }
    if (c->time_h.set) {
        raw(h, "%s", sep);
        range(h, &c->time_h, "h");
        sep = ", ";
    }
    if (c->has_concentration) {
        raw(h, "%s%s M", sep, report_fmt_num(num, sizeof(num), c->concentration_m, 3));
        sep = ", ";
    }
    if (c->atmosphere && *c->atmosphere) {
        raw(h, "%sunder ", sep);
        text(h, c->atmosphere);
        sep = ", ";
    }
    raw(h, "%s.</p>\n", *sep ? "" : "not given");
}

static void flag_list(html_page *h, const dzp_flag *flags, size_t n)
{
    raw(h, "<ul>\n");
    for (size_t i = 0; i < n; i++) {
        const dzp_flag *f = &flags[i];
        const char *severity = dzp_severity_name(f->severity);
        raw(h, "<li><span class=\"%s\">", severity);
        text(h, severity);
        raw(h, "</span> ");
        code(h, f->id);
        raw(h, ": ");
        text(h, f->message);
        if (f->mitigation && *f->mitigation) {
            raw(h, " — <em>Mitigation:</em> ");
            text(h, f->mitigation);
        }
        if (f->source && *f->source) {
            dzp_strbuf numbers = DZP_STRBUF_INIT;
            report_cite(&h->sources, f->citation ? f->citation : f->source, &numbers);
            raw(h, " (sources %s)", numbers.data ? numbers.data : "");
            h->doc.failed |= numbers.failed;
            dzp_strbuf_free(&numbers);
        }
        raw(h, "</li>\n");
    }
    raw(h, "</ul>\n");
}

/* One step in full; the chosen route's steps (route_no 0 or 1) show their
 * product drawn. */
static void step_section(html_page *h, const dzp_step *s, int route_no, bool scaled,
                         const char *input_smiles, const char *stock_label)
{
    if (route_no > 0)
        raw(h, "<h3>Route %d, step %d: ", route_no, s->n);
    else
        raw(h, "<h3>Step %d: ", s->n);
    text(h, report_rule_name(s->rule));
    raw(h, " (");
    text(h, s->rule->kind);
    raw(h, ") at ");
    text(h, s->site);
    raw(h, "</h3>\n");
    h_reagents(h, s, scaled, input_smiles, stock_label);
    conditions(h, &s->rule->conditions);
    if (s->workup && *s->workup) {
        raw(h, "<p>Workup: ");
        text(h, s->workup);
        raw(h, "</p>\n");
    }
    raw(h, "<p>Product: ");
    molecule(h, s->product.smiles, s->product.formula, s->product.mw);
    raw(h, ".</p>\n");
    step_amounts(h, s);
    if (route_no <= 1)
        figure(h, DZP_PICTURE_PRODUCT, s->n, NULL);
    if (s->masked) {
        raw(h, "<p>Masked: the ");
        text(h, s->masked->group);
        raw(h, " of this building block is carried as its ");
        text(h, s->masked->as);
        raw(h, "; step %d reveals it.</p>\n", s->unmasked_in_step);
    }
    if (s->n_flags == 0) {
        raw(h, "<p>Flags: none.</p>\n");
        return;
    }
    raw(h, "<p>Flags:</p>\n");
    flag_list(h, s->flags, s->n_flags);
}

static void route_body(html_page *h, const dzp_route *r, const dzp_plan *p, int route_no)
{
    char num[32];
    const char *start = report_start_smiles(r, p);
    raw(h, "<p>%zu step%s, score %s, verified %s.", r->n_steps, r->n_steps == 1 ? "" : "s",
        report_fmt_fixed(num, sizeof(num), r->score), r->verified ? "✓" : "✗");
    if (p->scale_mmol > 0)
        raw(h, " Amounts are for %s mmol of %s; each step starts from what the step "
               "before is expected to give.", report_fmt_sig3(num, sizeof(num), p->scale_mmol),
            r->start.from_stock ? "the stock compound" : "substrate");
    raw(h, "</p>\n");
    if (r->start.from_stock) {
        raw(h, "<p>Starts from ");
        code(h, r->start.mol.smiles);
        if (r->start.stock_name) {
            raw(h, " (");
            text(h, r->start.stock_name);
            raw(h, ")");
        }
        raw(h, ", in stock: it saves %d step%s from the substrate.</p>\n",
            r->start.bought_steps, r->start.bought_steps == 1 ? "" : "s");
    }
    report_outcome e;
    if (report_route_outcome(r, &e)) {
        char pct[64], mass[32];
        dzp_range y = {e.yield_lo * 100, e.yield_hi * 100, true};
        raw(h, "<p>Expected overall: %s from %s, %s mmol (%s) of target.</p>\n",
            report_fmt_range(pct, sizeof(pct), &y, "%", 0),
            r->start.from_stock ? "the stock compound" : "the substrate",
            report_fmt_sig3(num, sizeof(num), e.target_mmol),
            report_fmt_mass(mass, sizeof(mass), e.target_mass_mg));
    }
    if (route_no <= 1)
        figure(h, DZP_PICTURE_SCHEME, 0, "scheme");
    raw(h, "<ol>\n");
    for (size_t i = 0; i < r->n_steps; i++) {
        raw(h, "<li>");
        text(h, report_rule_name(r->steps[i].rule));
        raw(h, " at ");
        text(h, r->steps[i].site);
        raw(h, " → ");
        code(h, r->steps[i].product.smiles);
        raw(h, "</li>\n");
    }
    raw(h, "</ol>\n");
    for (size_t i = 0; i < r->n_steps; i++)
        step_section(h, &r->steps[i], route_no, p->scale_mmol > 0,
                     i ? r->steps[i - 1].product.smiles : start, report_stock_label(&r->start));
}

static void h_route(html_page *h, const dzp_plan *p)
{
    bool several = p->routes_wanted > 1;
    if (!report_route_shown(p))
        return;
    if (several)
        raw(h, "<h2>Route 1 of %d (chosen)</h2>\n", report_routes_in_full(p));
    else
        raw(h, "<h2>Route</h2>\n");
    if (p->n_steps == 0 && p->start.from_stock) {
        raw(h, "<p>Nothing to make: the target is in stock");
        if (p->start.stock_name) {
            raw(h, " as ");
            text(h, p->start.stock_name);
        }
        raw(h, ".</p>\n");
        return;
    }
    if (p->n_steps == 0) {
        raw(h, "<p>Nothing to do: the substrate already is the target.</p>\n");
        return;
    }
    route_body(h, &(dzp_route){p->start, p->steps, p->n_steps, p->score, p->verified}, p, several ? 1 : 0);
}

static void h_route_flags(html_page *h, const dzp_plan *p)
{
    if (p->n_flags == 0)
        return;
    raw(h, "<h2>Route-level flags</h2>\n");
    flag_list(h, p->flags, p->n_flags);
}

static void h_more_routes(html_page *h, const dzp_plan *p)
{
    int k = 1, total = report_routes_in_full(p);
    if (!report_route_shown(p))
        return;
    for (size_t i = 0; i < p->n_alts; i++) {
        const dzp_alternative *a = &p->alts[i];
        if (!a->route)
            continue;
        raw(h, "<h2>Route %d of %d: ", ++k, total);
        text(h, a->summary);
        raw(h, "</h2>\n<p>Not chosen: ");
        text(h, a->rejected);
        raw(h, ".</p>\n");
        route_body(h, a->route, p, k);
    }
}

static void h_alternatives(html_page *h, const dzp_plan *p)
{
    if (p->n_alts == 0)
        return;
    raw(h, "<h2>Alternatives considered</h2>\n<table>\n"
           "<tr><th>Route</th><th>Steps</th><th>Why not chosen</th></tr>\n");
    for (size_t i = 0; i < p->n_alts; i++) {
        raw(h, "<tr><td>");
        text(h, p->alts[i].summary);
        raw(h, "</td><td class=\"num\">%d</td><td>", p->alts[i].steps);
        text(h, p->alts[i].rejected);
        raw(h, "</td></tr>\n");
    }
    raw(h, "</table>\n");
}

static void h_sources(html_page *h, const dzp_plan *p)
{
    (void)p;
    if (h->sources.n == 0)
        return;
    raw(h, "<h2>Sources</h2>\n<ol>\n");
    for (size_t i = 0; i < h->sources.n; i++) {
        raw(h, "<li>");
        text(h, h->sources.items[i]);
        raw(h, "</li>\n");
    }
    raw(h, "</ol>\n");
}

static void h_provenance(html_page *h, const dzp_plan *p)
{
    dzp_strbuf lines = DZP_STRBUF_INIT;
    (void)p;
    report_provenance_text(&lines);
    if (lines.len) {
        raw(h, "<footer><h2>Provenance</h2><pre>");
        text(h, lines.data);
        raw(h, "</pre></footer>\n");
    }
    h->doc.failed |= lines.failed;
    dzp_strbuf_free(&lines);
}

static void (*const html_sections[])(html_page *, const dzp_plan *) = {
    h_title, h_molecules, h_sites, h_route, h_route_flags, h_more_routes, h_alternatives,
    h_sources, h_provenance,
};

static void page_head(html_page *h, const dzp_plan *p)
{
    const dzp_scaffold *mol = NULL;
    const char *phrase = report_title(p, &mol);
    raw(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if (p->name && *p->name) {
        text(h, p->name);
        raw(h, ": ");
    }
    text(h, phrase);
    if (mol) {
        raw(h, " ");
        text(h, mol->smiles);
    }
    raw(h, " · dzp-plan</title>\n<style>%s</style>\n</head>\n<body>\n", page_style);
}

int dzp_report_html(char **out, const dzp_plan *plan, const dzp_pictures *pictures)
{
    html_page h = {DZP_STRBUF_INIT, pictures, {NULL, 0, 0}};
    int error = report_check_plan(out, plan, "HTML");
    if (error < 0)
        return error;
    page_head(&h, plan);
    for (size_t i = 0; i < sizeof(html_sections) / sizeof(html_sections[0]); i++)
        html_sections[i](&h, plan);
    raw(&h, "</body>\n</html>\n");
    report_citations_free(&h.sources);
    if (h.doc.failed) {
        dzp_strbuf_free(&h.doc);
        return dzp_error_set(DZP_ENOMEM, "HTML report: out of memory");
    }
    *out = dzp_strbuf_take(&h.doc);
    return 0;
}
