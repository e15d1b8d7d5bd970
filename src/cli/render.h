/*
 * render.h - a plan made ready to print, shared by the single-compound and
 * batch modes: planned as --routes asks, --scale applied, and the report in the chosen format,
 * framed as the command prints it (JSON on one line with a newline).
 */
#ifndef DZP_CLI_RENDER_H
#define DZP_CLI_RENDER_H

#include "dzp/plan.h"
#include "options.h"

/* Plan the route to target_smiles from sub as the options ask (--routes):
 * dzp_plan_route_with()'s result. */
int dzp_cli_plan_route(dzp_plan **out, const dzp_scaffold *sub, const char *target_smiles,
                       const dzp_cli_opts *o, const dzp_rules *rules);

/* Apply --scale to a plan's reagents; nothing happens without --scale or
 * without a route.  Returns 0, or dzp_plan_scale()'s error and message. */
int dzp_cli_scale(dzp_plan *plan, const dzp_cli_opts *o);

/* The report of plan in format, malloc'd, ending in a newline: Markdown
 * linking pictures (files beside it; NULL: none), the HTML page with them
 * inline, or JSON.  Returns 0, or the report's error and message with
 * *out untouched. */
int dzp_cli_render(char **out, const dzp_plan *plan, dzp_report_format format,
                   const dzp_pictures *pictures);

/* The same for a row of a batch: the JSON document also carries "line"
 * (the Markdown report does not).  Returns as dzp_cli_render(). */
int dzp_cli_render_row(char **out, const dzp_plan *plan, dzp_report_format format, long line,
                       const dzp_pictures *pictures);

#endif
