/*
 * report_generator.c - what made a report: the tool's version, the
 * fingerprint of the rule files, the date and the command line, set once
 * by the program (dzp_report_set_generator) and written by every report
 * and index: the JSON "generator" object, a "Provenance" code block at
 * the end of the Markdown and a footer in HTML.  Until it is set, reports
 * carry no provenance (so library users and tests get byte-stable output).
 *
 * The copy is process-wide: set it before any thread or worker process
 * starts writing reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "report_internal.h"

static struct {
    bool set;
    char version[32];
    char rules[65];
    char date[32];
    char *command;
} generator;

int dzp_report_set_generator(const dzp_report_generator *g)
{
    if (!g || !g->version || !g->rules_sha256 || !g->date || !g->command)
        return dzp_error_set(DZP_EINVAL, "provenance needs the version, rules, date and command");
    char *command = malloc(strlen(g->command) + 1);
    if (!command)
        return dzp_error_set(DZP_ENOMEM, "out of memory for the provenance");
    strcpy(command, g->command);
    free(generator.command);
    generator.command = command;
    snprintf(generator.version, sizeof(generator.version), "%s", g->version);
    snprintf(generator.rules, sizeof(generator.rules), "%s", g->rules_sha256);
    snprintf(generator.date, sizeof(generator.date), "%s", g->date);
    generator.set = true;
    return 0;
}

void dzp_report_clear_generator(void)
{
    free(generator.command);
    memset(&generator, 0, sizeof(generator));
}

bool report_generator(const char **version, const char **rules, const char **date,
                      const char **command)
{
    if (!generator.set)
        return false;
    *version = generator.version;
    *rules = generator.rules;
    *date = generator.date;
    *command = generator.command;
    return true;
}

void report_provenance_text(dzp_strbuf *sb)
{
    const char *version, *rules, *date, *command;
    if (!report_generator(&version, &rules, &date, &command))
        return;
    dzp_strbuf_printf(sb, "dzp-plan %s\nrules sha256 %s\ndate %s\ncommand ", version, rules,
                      date);
    dzp_utf8_clean(sb, command);
    dzp_strbuf_puts(sb, "\n");
}
