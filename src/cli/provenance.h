/*
 * provenance.h - the provenance every report of this run carries: the
 * version, the rules' fingerprint, the date (SOURCE_DATE_EPOCH when set,
 * so tests and reproducible builds get the same bytes) and the command.
 */
#ifndef DZP_CLI_PROVENANCE_H
#define DZP_CLI_PROVENANCE_H

#include "dzp/rules.h"

/* Hand the provenance of this run to the report module.  Returns 0, or a
 * negative dzp_error with the sentence (out of memory). */
int dzp_cli_provenance(int argc, char **argv, const dzp_rules *rules);

#endif
