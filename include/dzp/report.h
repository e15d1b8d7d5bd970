/*
 * report.h - a plan as the JSON contract and as a Markdown report.
 *
 * The JSON document follows the contract in route-json.md key for key (schema
 * "dzp-plan.route/1"), with a few extra keys the contract allows:
 * "ring_carbons" and "scale_mmol" at the top level, "hindrance" and
 * "substrate_substituent" per site, "score" per alternative, and, once
 * dzp_plan_scale() has run, "mmol", "mass_mg" and "volume_ml" per reagent
 * (with an Amount column in the Markdown reagent tables).  The Markdown
 * report is for a chemist: the title names the target, then the molecules,
 * the site table, the route step by step (reagents, conditions, workup,
 * the intermediate, the flagged side reactions with their mitigation and
 * source), route-level flags and the alternatives that lost.  It is written
 * to pass markdownlint's default rules apart from line length (MD013):
 * prose is wrapped at 80 columns where a break is safe, headings and table
 * rows are not wrapped, prose in a table cell is cut at 180 bytes, and a
 * SMILES is never broken.
 *
 * Both are pure functions of the plan: the same plan gives the same bytes.
 * The report never changes the plan and keeps no pointer into it.
 */
#ifndef DZP_REPORT_H
#define DZP_REPORT_H

#include "dzp/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The plan as one compact JSON document (one line, no trailing newline)
 * in a malloc'd string the caller frees with free().  Text that is not
 * valid UTF-8 is written with U+FFFD in place of the bad bytes.  Returns 0;
 * on error returns DZP_EINVAL (plan NULL, an unknown status, a step with
 * no rule) or DZP_ENOMEM with a message, and *out is untouched. */
int dzp_report_json(char **out, const dzp_plan *plan);

/* The plan as a Markdown report in a malloc'd string the caller frees with
 * free(); it ends with exactly one newline.  Returns 0; on error returns
 * DZP_EINVAL or DZP_ENOMEM as dzp_report_json() does, and *out is
 * untouched. */
int dzp_report_markdown(char **out, const dzp_plan *plan);

#ifdef __cplusplus
}
#endif
#endif
