/*
 * render.c - a plan made ready to print (see render.h): the report module
 * writes the document, this file only plans as the options ask (--routes),
 * adds the newline that ends a JSON document on stdout and turns --scale's
 * grams into millimoles.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "dzp/report.h"

int dzp_cli_plan_route(dzp_plan **out, const dzp_scaffold *sub, const char *target_smiles,
                       const dzp_cli_opts *o, const dzp_rules *rules)
{
    dzp_plan_options options = DZP_PLAN_OPTIONS_INIT;
    if (o->routes > 0)
        options.routes = o->routes;
    options.stock = o->stock;
    options.states = o->states;
    return dzp_plan_route_with(out, sub, target_smiles, rules, &options);
}

int dzp_cli_scale(dzp_plan *plan, const dzp_cli_opts *o)
{
    if (!plan->has_route || !plan->substrate)
        return 0;
    double mmol = o->scale_mmol;
    if (o->scale_g > 0) /* grams of what the route starts from */
        mmol = o->scale_g * 1000.0 /
               (plan->start.mol.mw > 0 ? plan->start.mol.mw : plan->substrate->mw);
    return mmol > 0 ? dzp_plan_scale(plan, mmol) : 0;
}

/* The report, with "line" in JSON when line is given. */
static int render(char **out, const dzp_plan *plan, dzp_report_format format, const long *line,
                  const dzp_pictures *pictures)
{
    char *doc = NULL, *framed;
    size_t n;
    int error;

    if (format == DZP_REPORT_HTML)
        return dzp_report_html(out, plan, pictures);
    if (format != DZP_REPORT_JSON)
        return dzp_report_markdown_with(out, plan, pictures);
    error = line ? dzp_report_json_row(&doc, plan, *line) : dzp_report_json(&doc, plan);
    if (error < 0)
        goto done;
    n = strlen(doc);
    if (!(framed = realloc(doc, n + 2))) {
        error = dzp_error_set(DZP_ENOMEM, "out of memory");
        goto done;
    }
    doc = framed;
    memcpy(doc + n, "\n", 2);
    *out = doc;
    doc = NULL;
done:
    free(doc);
    return error;
}

int dzp_cli_render(char **out, const dzp_plan *plan, dzp_report_format format,
                   const dzp_pictures *pictures)
{
    return render(out, plan, format, NULL, pictures);
}

int dzp_cli_render_row(char **out, const dzp_plan *plan, dzp_report_format format, long line,
                       const dzp_pictures *pictures)
{
    return render(out, plan, format, &line, pictures);
}
