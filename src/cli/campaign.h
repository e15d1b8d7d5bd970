/*
 * campaign.h - a batch written with --out planned as one campaign: what
 * each row's route needs (a compact record made where the row is planned,
 * in the worker with --jobs), gathered in input order into the shopping
 * list reagents.csv and the library files library.md / library.json
 * (shared intermediates, compounds grouped by route shape).  Memory grows
 * with the distinct reagents, intermediates and route shapes of the series
 * and the names that use them, never with the reports.
 */
#ifndef DZP_CLI_CAMPAIGN_H
#define DZP_CLI_CAMPAIGN_H

#include "dzp/plan.h"
#include "options.h"

/* The campaign record of a planned row into *out (malloc'd text), or NULL
 * when the plan has no route.  Returns 0, or DZP_ENOMEM. */
int campaign_record(char **out, const dzp_plan *plan);

typedef struct campaign campaign;

/* Returns 0, or DZP_ENOMEM. */
int campaign_new(campaign **out);

/* Add one compound of the series, in input order, with its record (NULL
 * without a route).  Returns 0, or DZP_ENOMEM / DZP_EINVAL (a malformed
 * record) with the sentence. */
int campaign_add(campaign *c, const char *compound, const char *record);

/* The campaign files as texts (malloc'd): reagents.csv, library.md, and
 * with --format json library.json (else *library_json is NULL).  Returns
 * 0, or DZP_ENOMEM with nothing allocated. */
int campaign_files(const campaign *c, const dzp_cli_opts *o, char **reagents_csv,
                   char **library_md, char **library_json);

/* Accepts NULL. */
void campaign_free(campaign *c);

#endif
