/*
 * route.h - the single-compound mode of dzp-plan: --from alone (the site
 * analysis of the substrate) or --from with --to (one route).
 */
#ifndef DZP_CLI_ROUTE_H
#define DZP_CLI_ROUTE_H

#include "dzp/rules.h"
#include "options.h"

/* Load the substrate and print its site analysis (no --to) or the route
 * to --to on stdout, the refusal's sentence on stderr.  An unusable
 * substrate is reported as an invalid_input document.  Returns 0,
 * DZP_ENOROUTE or DZP_EINVAL as the document's status says, or another
 * negative dzp_error when the report cannot be made or written (its
 * sentence printed). */
int dzp_cli_single(const dzp_cli_opts *o, const dzp_rules *rules);

#endif
