/*
 * report_library.c - the campaign files of a batch written with --out:
 * library.md and library.json (see dzp_report_library() in dzp/report.h).
 *
 * Batch mode gathers, as rows finish, the intermediates that several
 * routes pass through and the compounds grouped by route shape; this file
 * only writes them.  Markdown goes through the report's one Markdown
 * writer (escaping, wrapping at 80 columns), JSON through jansson.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dzp/error.h"
#include "report_internal.h"

#define LIBRARY_SCHEMA "dzp-plan.library/1"

/* ---- Markdown ------------------------------------------------------------------------------ */

static void md_amount(md_writer *w, const dzp_library_intermediate *in)
{
    char num[32], mass[32], cell[96];
    if (!in->has_amount) {
        md_cell_text(w, "—");
        return;
    }
    snprintf(cell, sizeof(cell), "%s mmol, %s", report_fmt_sig3(num, sizeof(num), in->total_mmol),
             report_fmt_mass(mass, sizeof(mass), in->total_mass_mg));
    md_cell_text(w, cell);
}

static void md_shared(md_writer *w, const dzp_library *lib)
{
    static const char *const head[] = {"Intermediate", "Compounds", "Total to make"};
    char count[32];
    md_heading(w, "## Shared intermediates");
    if (lib->n_shared == 0) {
        md_raw(w, "No intermediate is shared by two or more routes.");
        md_para(w);
        return;
    }
    md_raw(w, "Each of these is made by the routes of several compounds: make it once, in "
              "one batch, for all of them.");
    if (lib->scale_mmol != 0)
        md_raw(w, " The total is what those routes take of it at the scale given, each "
                  "route's own yields allowed for.");
    md_para(w);
    md_table_head(w, head, 3);
    for (size_t i = 0; i < lib->n_shared; i++) {
        const dzp_library_intermediate *in = &lib->shared[i];
        md_cell_code(w, in->smiles);
        snprintf(count, sizeof(count), "%ld", in->n_compounds);
        md_cell_text(w, count);
        md_amount(w, in);
        md_row_end(w);
    }
    md_blank(w);
    /* the names in full, wrapped, below the table (a cell would cut them) */
    for (size_t i = 0; i < lib->n_shared; i++) {
        md_code(w, lib->shared[i].smiles, false);
        md_raw(w, " is used by ");
        md_text(w, lib->shared[i].used_by, SIZE_MAX);
        md_raw(w, ".");
        md_item(w);
    }
    md_blank(w);
}

static void md_groups(md_writer *w, const dzp_library *lib)
{
    md_heading(w, "## Route groups");
    if (lib->n_groups == 0) {
        md_raw(w, "No compound of the series has a route.");
        md_para(w);
        return;
    }
    md_raw(w, "Compounds whose routes run the same steps (the same rules, in the same order), "
              "largest group first: each group is one plate to run.");
    md_para(w);
    for (size_t i = 0; i < lib->n_groups; i++) {
        const dzp_library_group *g = &lib->groups[i];
        md_raw(w, "### Group %zu: %ld compound%s", i + 1, g->n_compounds,
               g->n_compounds == 1 ? "" : "s");
        md_flush(w, "", "", false);
        md_blank(w);
        md_raw(w, "Steps: ");
        md_text(w, g->shape, SIZE_MAX);
        md_para(w);
        md_raw(w, "Compounds: ");
        md_text(w, g->compounds, SIZE_MAX);
        md_para(w);
    }
}

static int library_md(char **out, const dzp_library *lib)
{
    md_writer w = {DZP_STRBUF_INIT, DZP_STRBUF_INIT, NULL, {0}};
    char num[32];
    md_heading(&w, "# Campaign library");
    md_raw(&w, "%ld compound%s, %ld with a route, planned from ", lib->n_compounds,
           lib->n_compounds == 1 ? "" : "s", lib->n_planned);
    md_code(&w, lib->substrate ? lib->substrate : "", false);
    if (lib->scale_mmol > 0)
        md_raw(&w, " at %s mmol per compound", report_fmt_sig3(num, sizeof(num), lib->scale_mmol));
    md_raw(&w, ". The reagents to order are listed in ");
    md_code(&w, "reagents.csv", false);
    md_raw(&w, ".");
    md_para(&w);
    md_shared(&w, lib);
    md_groups(&w, lib);
    dzp_strbuf_free(&w.line);
    while (w.doc.len >= 2 && w.doc.data[w.doc.len - 1] == '\n' && w.doc.data[w.doc.len - 2] == '\n')
        w.doc.data[--w.doc.len] = '\0'; /* one line end at the end */
    if (w.doc.failed) {
        dzp_strbuf_free(&w.doc);
        return dzp_error_set(DZP_ENOMEM, "out of memory writing library.md");
    }
    *out = dzp_strbuf_take(&w.doc);
    return 0;
}

/* ---- JSON ---------------------------------------------------------------------------------- */

/* obj[key] = value, stealing value.  Once anything fails (obj or value
 * NULL, or the insertion) both are released and NULL comes back, so a
 * whole object is built as a chain of put()s with one check at the end. */
static json_t *put(json_t *obj, const char *key, json_t *value)
{
    if (!obj || !value || json_object_set_new(obj, key, value) < 0) {
        json_decref(obj);
        json_decref(value);
        return NULL;
    }
    return obj;
}

/* "a; b; c" (or "a > b" with sep " > ") as a JSON array of strings. */
static json_t *split_list(const char *text, const char *sep)
{
    json_t *arr = json_array();
    size_t n = strlen(sep);
    for (const char *p = text; arr && p && *p;) {
        const char *end = strstr(p, sep);
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (json_array_append_new(arr, json_stringn(p, len)) < 0) {
            json_decref(arr);
            return NULL;
        }
        p = end ? end + n : NULL;
    }
    return arr;
}

static json_t *j_number_or_null(bool has, double x)
{
    return has && report_num_ok(x) ? json_real(report_sig3(x)) : json_null();
}

static int library_json(char **out, const dzp_library *lib)
{
    json_t *doc = json_object(), *shared = json_array(), *groups = json_array();
    doc = put(doc, "schema", json_string(LIBRARY_SCHEMA));
    doc = put(doc, "compounds", json_integer(lib->n_compounds));
    doc = put(doc, "planned", json_integer(lib->n_planned));
    doc = put(doc, "scale_mmol", j_number_or_null(lib->scale_mmol > 0, lib->scale_mmol));
    for (size_t i = 0; shared && i < lib->n_shared; i++) {
        const dzp_library_intermediate *in = &lib->shared[i];
        json_t *o = put(json_object(), "smiles", json_string(in->smiles));
        o = put(o, "compounds", split_list(in->used_by, "; "));
        o = put(o, "total_mmol", j_number_or_null(in->has_amount, in->total_mmol));
        o = put(o, "total_mass_mg", j_number_or_null(in->has_amount, in->total_mass_mg));
        if (!o || json_array_append_new(shared, o) < 0) {
            json_decref(shared);
            shared = NULL;
        }
    }
    for (size_t i = 0; groups && i < lib->n_groups; i++) {
        const dzp_library_group *g = &lib->groups[i];
        json_t *o = put(json_object(), "steps", split_list(g->shape, " > "));
        o = put(o, "compounds", split_list(g->compounds, "; "));
        if (!o || json_array_append_new(groups, o) < 0) {
            json_decref(groups);
            groups = NULL;
        }
    }
    doc = put(doc, "shared_intermediates", shared);
    doc = put(doc, "route_groups", groups);
    char *text = report_json_text(doc, 0);
    json_decref(doc);
    if (!text)
        return dzp_error_set(DZP_ENOMEM, "out of memory writing library.json");
    size_t n = strlen(text);
    *out = malloc(n + 2);
    if (*out) {
        memcpy(*out, text, n);
        memcpy(*out + n, "\n", 2);
    }
    free(text);
    return *out ? 0 : dzp_error_set(DZP_ENOMEM, "out of memory writing library.json");
}

int dzp_report_library(char **out, const dzp_library *lib, dzp_report_format format)
{
    if (!out || !lib)
        return dzp_error_set(DZP_EINVAL, "no library to write");
    if (format == DZP_REPORT_MARKDOWN)
        return library_md(out, lib);
    if (format == DZP_REPORT_JSON)
        return library_json(out, lib);
    return dzp_error_set(DZP_EINVAL, "the library is written as Markdown or JSON only");
}
