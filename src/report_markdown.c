/*
 * report_markdown.c - a plan as a Markdown report for a chemist.
 *
 * One function per section (title, status, molecules, sites, route with
 * its steps, route-level flags, the other routes given in full with
 * --routes, alternatives), run from a table in order
 * and written with the Markdown writer of report_md_writer.c, which does
 * all escaping and wrapping.  Blocks are separated by one blank line, and
 * the document ends with one newline.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "report_internal.h"

/* "`SMILES` (C5H12N2, MW 100.16)" */
static void md_molecule(md_writer *w, const char *smiles, const char *formula, double mw)
{
    char num[32];

    md_code(w, smiles, false);
    md_raw(w, " (");
    if (formula && *formula) {
        md_text(w, formula, SIZE_MAX);
        md_raw(w, ", ");
    }
    md_raw(w, "MW %s)", report_fmt_fixed(num, sizeof(num), mw));
}

/* "![caption](file)" as its own paragraph, when the report links pictures
 * and has this one. */
static void md_picture(md_writer *w, dzp_picture_kind kind, int step)
{
    const dzp_picture *pic = dzp_report_picture(w->pictures, kind, step);

    if (!pic)
        return;
    md_raw(w, "![");
    md_text(w, pic->caption, SIZE_MAX);
    md_raw(w, "](%s)", pic->file);
    md_flush(w, "", "", false);
    md_blank(w);
}

static void md_title(md_writer *w, const dzp_plan *p)
{
    const dzp_scaffold *mol = NULL;
    const char *phrase = report_title(p, &mol);

    md_raw(w, "# ");
    /* the heading keeps to REPORT_MD_WRAP columns: a long name is cut, and
     * given in full below it (in a text block, which may be wider) */
    size_t room = REPORT_MD_WRAP - strlen("# : ") - strlen(phrase) - strlen(" the substrate") - 1;
    bool cut = false;
    if (p->name && *p->name) {
        md_text(w, p->name, room);
        cut = w->line.len > 2 && strstr(w->line.data, "…") != NULL;
        md_raw(w, ": %c%s", phrase[0] - 'A' + 'a', phrase + 1);
    } else {
        md_raw(w, "%s", phrase);
    }
    if (mol && w->line.len + strlen(mol->smiles) + 3 <= REPORT_MD_WRAP) {
        md_raw(w, " ");
        md_code(w, mol->smiles, false);
    } else if (mol) {   /* a long SMILES stays out of the heading (Molecules gives it) */
        md_raw(w, " the %s", mol == p->target ? "target" : "substrate");
    }
    md_flush(w, "", "", false);
    md_blank(w);
    if (cut) {
        md_raw(w, "Full name:");
        md_para(w);
        dzp_strbuf_puts(&w->doc, "```text\n");
        dzp_strbuf_puts(&w->doc, p->name);
        dzp_strbuf_puts(&w->doc, "\n```\n\n");
    }
}

static void md_status(md_writer *w, const dzp_plan *p)
{
    md_raw(w, "Status: `%s`.", report_status_name(p->status));
    md_para(w);
    if (p->status == DZP_STATUS_OK || !p->message || !*p->message)
        return;
    md_text(w, p->message, SIZE_MAX);
    md_flush(w, "> ", "> ", true);
    md_blank(w);
}

static void md_molecules(md_writer *w, const dzp_plan *p)
{
    const dzp_scaffold *s = p->substrate, *t = p->target;

    if (!s && !t)
        return;
    md_heading(w, "## Molecules");
    if (s) {
        md_raw(w, "Substrate: ");
        md_molecule(w, s->smiles, s->formula, s->mw);
        md_item(w);
    }
    if (t) {
        md_raw(w, "Target: ");
        md_molecule(w, t->smiles, t->formula, t->mw);
        md_item(w);
    }
    md_blank(w);
    md_picture(w, DZP_PICTURE_SUBSTRATE, 0);
    md_picture(w, DZP_PICTURE_TARGET, 0);
}

static void md_ring_carbons(md_writer *w, const dzp_scaffold *s)
{
    bool any = false;

    for (size_t i = 0; i < REPORT_N_CARBONS; i++) {
        const dzp_ring_carbon *c = &s->carbon[i];
        if (c->n_substituents <= 0)
            continue;
        md_raw(w, "%sC%d (%d substituent%s, stereo %s)",
               any ? ", " : "Substituted ring carbons: ", c->locant, c->n_substituents,
               c->n_substituents == 1 ? "" : "s", c->stereo_specified ? "specified" : "unspecified");
        any = true;
    }
    if (any) {
        md_raw(w, ".");
        md_para(w);
    }
}

static void md_sites(md_writer *w, const dzp_plan *p)
{
    static const char *const head[] = {"Site",         "Substrate",  "Target",
                                       "Target group", "Equivalent to", "Hindrance",
                                       "N type"};
    const dzp_scaffold *s = p->substrate;
    char state[128], goal[128];

    if (!s)
        return;
    md_heading(w, "## Sites");
    md_table_head(w, head, sizeof(head) / sizeof(head[0]));
    for (int k = 0; k < 2; k++) {
        md_cell_text(w, report_site_label(s, k));
        md_cell_text(w, dzp_site_state_text(&s->site[k], state, sizeof(state)));
        md_cell_text(w, report_goal_text(p, k, goal, sizeof(goal)));
        md_cell_code(w, p->have_goals ? p->goal[k].substituent : NULL);
        md_cell_text(w, report_equivalent_label(s, k));
        md_raw(w, "| %d ", s->site[k].hindrance);
        md_cell_text(w, s->site[k].n_type);
        md_row_end(w);
    }
    md_blank(w);
    md_ring_carbons(w, s);
}

/* The step's input as the first row of a scaled reagent table: what the
 * route starts from (step 1: the substrate, or the stock compound) or the
 * product of the step before. */
static void md_input_row(md_writer *w, const dzp_step *s, const char *input_smiles,
                         const char *stock_label)
{
    char num[32], mass[32], amount[96], what[48];

    if (s->n == 1)
        snprintf(what, sizeof(what), "%s", stock_label ? stock_label : "substrate");
    else
        snprintf(what, sizeof(what), "product of step %d", s->n - 1);
    md_cell_text(w, s->n == 1 ? "substrate" : "intermediate");
    md_cell_text(w, what);
    md_cell_code(w, input_smiles);
    md_cell_text(w, "1");
    snprintf(amount, sizeof(amount), "%s mmol, %s",
             report_fmt_sig3(num, sizeof(num), s->amounts.input_mmol),
             report_fmt_mass(mass, sizeof(mass), s->amounts.input_mass_mg));
    md_cell_text(w, amount);
    md_row_end(w);
}

/* The reagent table; a scaled plan adds an Amount column and the input row. */
static void md_reagents(md_writer *w, const dzp_step *s, bool scaled, const char *input_smiles,
                        const char *stock_label)
{
    static const char *const head[] = {"Role", "Reagent", "SMILES", "Equiv", "Amount"};
    char equiv[32], amount[192];

    if (s->n_reagents == 0 && !scaled) {
        md_raw(w, "Reagents: none.");
        md_para(w);
        return;
    }
    md_table_head(w, head, scaled ? 5 : 4);
    if (scaled && s->amounts.set)
        md_input_row(w, s, input_smiles, stock_label);
    for (size_t i = 0; i < s->n_reagents; i++) {
        const dzp_step_reagent *r = &s->reagents[i];
        char named[256];
        md_cell_text(w, r->role);
        md_cell_text(w, report_reagent_label(named, sizeof(named), r));
        md_cell_code(w, r->smiles);
        md_cell_text(w, r->has_equiv ? report_fmt_num(equiv, sizeof(equiv), r->equiv, 3) : NULL);
        if (scaled)
            md_cell_text(w, report_fmt_amount(amount, sizeof(amount), r));
        md_row_end(w);
    }
    md_blank(w);
}

/* "Expected: 75–85% yield (based on the limiting reagent, 0.95 equiv),
 * 3.80 mmol (761 mg) of product." */
static void md_step_amounts(md_writer *w, const dzp_step *s)
{
    char num[32], mass[32], range[64];
    const dzp_step_amounts *a = &s->amounts;
    dzp_range pct = {s->rule->yield.lo * 100, s->rule->yield.hi * 100, true};

    if (!a->set)
        return;
    md_raw(w, "Expected: %s yield", report_fmt_range(range, sizeof(range), &pct, "%", 0));
    if (a->limiting < 1)
        md_raw(w, " on the limiting %s (%s equiv)", s->reagents[0].role,
               report_fmt_num(num, sizeof(num), a->limiting, 3));
    md_raw(w, ", %s mmol", report_fmt_sig3(num, sizeof(num), a->product_mmol));
    md_raw(w, " (%s) of product.", report_fmt_mass(mass, sizeof(mass), a->product_mass_mg));
    md_para(w);
}

static void md_range(md_writer *w, const dzp_range *r, const char *unit)
{
    char buf[96];

    md_raw(w, "%s", report_fmt_range(buf, sizeof(buf), r, unit, 3));
}

static void md_conditions(md_writer *w, const dzp_conditions *c)
{
    size_t mark;
    char num[32];

    md_raw(w, "Conditions: ");
    mark = w->line.len;
    if (c->solvent && *c->solvent)
        md_text(w, c->solvent, SIZE_MAX);
    if (c->temperature_c.set) {
        md_raw(w, "%s", w->line.len > mark ? ", " : "");
        md_range(w, &c->temperature_c, "°C");
    }
    if (c->time_h.set) {
        md_raw(w, "%s", w->line.len > mark ? ", " : "");
        md_range(w, &c->time_h, "h");
    }
    if (c->has_concentration)
        md_raw(w, "%s%s M", w->line.len > mark ? ", " : "",
               report_fmt_num(num, sizeof(num), c->concentration_m, 3));
    if (c->atmosphere && *c->atmosphere) {
        md_raw(w, "%sunder ", w->line.len > mark ? ", " : "");
        md_text(w, c->atmosphere, SIZE_MAX);
    }
    md_raw(w, "%s.", w->line.len > mark ? "" : "not given");
    md_para(w);
}

/* "- **warning** `id`: message — *Mitigation:* ... (source: ...)" */
static void md_flag_list(md_writer *w, const dzp_flag *flags, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const dzp_flag *f = &flags[i];
        md_raw(w, "**%s** ", dzp_severity_name(f->severity));
        md_code(w, f->id, false);
        md_raw(w, ": ");
        md_text(w, f->message, SIZE_MAX);
        if (f->mitigation && *f->mitigation) {
            md_raw(w, " — *Mitigation:* ");
            md_text(w, f->mitigation, SIZE_MAX);
        }
        if (f->source && *f->source) {
            dzp_strbuf numbers = DZP_STRBUF_INIT;
            report_cite(&w->sources, f->citation ? f->citation : f->source, &numbers);
            md_raw(w, " (sources %s)", numbers.data ? numbers.data : "");
            w->doc.failed |= numbers.failed;
            dzp_strbuf_free(&numbers);
        }
        md_item(w);
    }
    md_blank(w);
}

/* One step in full; route_no > 0 names the route in the heading, so that
 * the steps of the routes given in full (--routes) keep unique headings. */
static void md_step(md_writer *w, const dzp_step *s, bool scaled, int route_no,
                    const char *input_smiles, const char *stock_label)
{
    /* The heading stays short (markdownlint's 80 columns); the rule's name
     * opens the section. */
    if (route_no > 0)
        md_raw(w, "### Route %d, step %d at ", route_no, s->n);
    else
        md_raw(w, "### Step %d at ", s->n);
    md_text(w, s->site, SIZE_MAX);
    md_flush(w, "", "", false);
    md_blank(w);
    md_raw(w, "**");
    md_text(w, report_rule_name(s->rule), SIZE_MAX);
    md_raw(w, "** (");
    md_code(w, s->rule->kind, false);
    md_raw(w, ").");
    md_para(w);
    md_reagents(w, s, scaled, input_smiles, stock_label);
    md_conditions(w, &s->rule->conditions);
    if (s->workup && *s->workup) {
        md_raw(w, "Workup: ");
        md_text(w, s->workup, SIZE_MAX);
        md_para(w);
    }
    md_raw(w, "Product: ");
    md_molecule(w, s->product.smiles, s->product.formula, s->product.mw);
    md_raw(w, ".");
    md_para(w);
    md_step_amounts(w, s);
    if (route_no <= 1)   /* the chosen route's products are drawn */
        md_picture(w, DZP_PICTURE_PRODUCT, s->n);
    if (s->masked) {
        md_raw(w, "Masked: the ");
        md_text(w, s->masked->group, SIZE_MAX);
        md_raw(w, " of this building block is carried as its ");
        md_text(w, s->masked->as, SIZE_MAX);
        md_raw(w, "; step %d reveals it.", s->unmasked_in_step);
        md_para(w);
    }
    md_raw(w, s->n_flags ? "Flags:" : "Flags: none.");
    md_para(w);
    if (s->n_flags)
        md_flag_list(w, s->flags, s->n_flags);
}

/* "Expected overall: 45–62% from the substrate, 2.67 mmol (1.02 g) of target." */
static void md_route_outcome(md_writer *w, const dzp_route *r)
{
    const char *from = r->start.from_stock ? "the stock compound" : "the substrate";
    report_outcome e;
    char num[32], mass[32], range[64];

    if (!report_route_outcome(r, &e))
        return;
    dzp_range pct = {e.yield_lo * 100, e.yield_hi * 100, true};
    md_raw(w, "Expected overall: %s from %s, %s mmol (%s) of target.",
           report_fmt_range(range, sizeof(range), &pct, "%", 0), from,
           report_fmt_sig3(num, sizeof(num), e.target_mmol),
           report_fmt_mass(mass, sizeof(mass), e.target_mass_mg));
    md_para(w);
}

/* "Starts from `SMILES` (name), in stock: it saves n steps from the
 * substrate." for a route that starts from a stock compound. */
static void md_stock_start(md_writer *w, const dzp_route_start *start)
{
    if (!start->from_stock)
        return;
    md_raw(w, "Starts from ");
    md_code(w, start->mol.smiles, false);
    if (start->stock_name) {
        md_raw(w, " (");
        md_text(w, start->stock_name, SIZE_MAX);
        md_raw(w, ")");
    }
    md_raw(w, ", in stock: it saves %d step%s from the substrate.", start->bought_steps,
           start->bought_steps == 1 ? "" : "s");
    md_para(w);
}

/* A route's summary line, the route at a glance and each step in full;
 * route_no as md_step(). */
static void md_route_body(md_writer *w, const dzp_route *r, const dzp_plan *p, int route_no)
{
    char num[32];

    const char *start = report_start_smiles(r, p);
    md_raw(w, "%zu step%s, score %s, verified %s.", r->n_steps, r->n_steps == 1 ? "" : "s",
           report_fmt_fixed(num, sizeof(num), r->score), r->verified ? "✓" : "✗");
    if (p->scale_mmol > 0)
        md_raw(w, " Amounts are for %s mmol of %s; each step starts from what the step "
                  "before is expected to give.", report_fmt_sig3(num, sizeof(num), p->scale_mmol),
               r->start.from_stock ? "the stock compound" : "substrate");
    md_para(w);
    md_stock_start(w, &r->start);
    md_route_outcome(w, r);
    for (size_t i = 0; i < r->n_steps; i++) {   /* the route at a glance */
        md_text(w, report_rule_name(r->steps[i].rule), SIZE_MAX);
        md_raw(w, " at ");
        md_text(w, r->steps[i].site, SIZE_MAX);
        md_raw(w, " → ");
        md_code(w, r->steps[i].product.smiles, false);
        md_numbered(w, i + 1);
    }
    md_blank(w);
    if (route_no <= 1)
        md_picture(w, DZP_PICTURE_SCHEME, 0);
    for (size_t i = 0; i < r->n_steps; i++)
        md_step(w, &r->steps[i], p->scale_mmol > 0, route_no,
                i ? r->steps[i - 1].product.smiles : start, report_stock_label(&r->start));
}

/* How many routes the report gives in full: the chosen one and the
 * alternatives that carry theirs. */
/* With --routes N: which of how many routes this is, and whether fewer
 * complete routes were found than asked for. */
static void md_routes_count(md_writer *w, const dzp_plan *p)
{
    int shown = report_routes_in_full(p);

    if (shown < p->routes_wanted) {
        md_raw(w, "%d routes were asked for; %s verified.", p->routes_wanted,
               shown == 1 ? "only this complete route was found and"
                          : "fewer complete routes were found and");
        if (shown > 1)
            md_raw(w, " The other %d follow the route-level flags.", shown - 1);
    } else {
        md_raw(w, "The chosen route, the best of %d complete routes given in full; the "
                  "other %d follow the route-level flags.", shown, shown - 1);
    }
    md_para(w);
}

static void md_route(md_writer *w, const dzp_plan *p)
{
    bool several = p->routes_wanted > 1;

    if (!report_route_shown(p))
        return;
    if (several) {
        md_raw(w, "## Route 1 of %d (chosen)", report_routes_in_full(p));
        md_flush(w, "", "", false);
        md_blank(w);
        md_routes_count(w, p);
    } else {
        md_heading(w, "## Route");
    }
    if (p->n_steps == 0 && p->start.from_stock) {
        md_raw(w, "Nothing to make: the target is in stock");
        if (p->start.stock_name) {
            md_raw(w, " as ");
            md_text(w, p->start.stock_name, SIZE_MAX);
        }
        md_raw(w, ".");
        md_para(w);
        return;
    }
    if (p->n_steps == 0) {
        md_raw(w, "Nothing to do: the substrate already is the target.");
        md_para(w);
        return;
    }
    md_route_body(w, &(dzp_route){p->start, p->steps, p->n_steps, p->score, p->verified}, p,
                  several ? 1 : 0);
}

/* The other routes given in full (--routes N), best first, each under
 * "Route k of N: <its steps in one line>". */
static void md_more_routes(md_writer *w, const dzp_plan *p)
{
    int k = 1, total = report_routes_in_full(p);

    if (!report_route_shown(p))
        return;
    for (size_t i = 0; i < p->n_alts; i++) {
        const dzp_alternative *a = &p->alts[i];
        if (!a->route)
            continue;
        md_raw(w, "## Route %d of %d", ++k, total);
        md_flush(w, "", "", false);
        md_blank(w);
        md_text(w, a->summary, SIZE_MAX);
        md_raw(w, ".");
        md_flush(w, "Steps: ", "", true);
        md_blank(w);
        md_text(w, a->rejected, SIZE_MAX);
        md_raw(w, ".");
        md_flush(w, "Not chosen: ", "", true);
        md_blank(w);
        md_route_body(w, a->route, p, k);
    }
}

static void md_route_flags(md_writer *w, const dzp_plan *p)
{
    if (p->n_flags == 0)
        return;
    md_heading(w, "## Route-level flags");
    md_flag_list(w, p->flags, p->n_flags);
}

static void md_alternatives(md_writer *w, const dzp_plan *p)
{
    static const char *const head[] = {"Route", "Steps", "Why not chosen"};

    if (p->n_alts == 0)
        return;
    md_heading(w, "## Alternatives considered");
    md_table_head(w, head, sizeof(head) / sizeof(head[0]));
    for (size_t i = 0; i < p->n_alts; i++) {
        md_cell_text(w, p->alts[i].summary);
        md_raw(w, "| %d ", p->alts[i].steps);
        md_cell_text(w, p->alts[i].rejected);
        md_row_end(w);
    }
    md_blank(w);
}

/* Every source the report cited, numbered as the flags cite them. */
static void md_sources(md_writer *w, const dzp_plan *p)
{
    (void)p;
    if (w->sources.n == 0)
        return;
    md_heading(w, "## Sources");
    for (size_t i = 0; i < w->sources.n; i++) {
        md_text(w, w->sources.items[i], SIZE_MAX);
        md_numbered(w, i + 1);
    }
    md_blank(w);
}

/* What made the report, as a code block (the command may be long). */
static void md_provenance(md_writer *w, const dzp_plan *p)
{
    dzp_strbuf text = DZP_STRBUF_INIT;

    (void)p;
    report_provenance_text(&text);
    if (text.len) {
        md_heading(w, "## Provenance");
        dzp_strbuf_puts(&w->doc, "```text\n");
        dzp_strbuf_putn(&w->doc, text.data, text.len);
        dzp_strbuf_puts(&w->doc, "```\n\n");
    }
    w->doc.failed |= text.failed;
    dzp_strbuf_free(&text);
}

static void (*const md_sections[])(md_writer *, const dzp_plan *) = {
    md_title,       md_status,      md_molecules,    md_sites,
    md_route,       md_route_flags, md_more_routes,  md_alternatives,
    md_sources,     md_provenance,
};

int dzp_report_markdown(char **out, const dzp_plan *plan)
{
    return dzp_report_markdown_with(out, plan, NULL);
}

int dzp_report_markdown_with(char **out, const dzp_plan *plan, const dzp_pictures *pictures)
{
    md_writer w = {DZP_STRBUF_INIT, DZP_STRBUF_INIT, pictures, {NULL, 0, 0}};
    int error;

    if ((error = report_check_plan(out, plan, "Markdown")) < 0)
        return error;
    for (size_t i = 0; i < sizeof(md_sections) / sizeof(md_sections[0]); i++)
        md_sections[i](&w, plan);
    while (w.doc.len > 0 && w.doc.data[w.doc.len - 1] == '\n')
        w.doc.len--;   /* every block left a blank line: keep one newline */
    dzp_strbuf_puts(&w.doc, "\n");
    if (w.doc.failed) {
        error = dzp_error_set(DZP_ENOMEM, "Markdown report: out of memory");
        goto done;
    }
    *out = dzp_strbuf_take(&w.doc);
    error = 0;
done:
    dzp_strbuf_free(&w.doc);
    dzp_strbuf_free(&w.line);
    report_citations_free(&w.sources);
    return error;
}
