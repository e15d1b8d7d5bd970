/*
 * report_index.c - the index of a batch written with --out: index.md (a
 * title, one table row per compound with its line, status, step count,
 * flag count and a link to its report, and a closing count) or index.json
 * (an array with one object per compound on its own line).
 *
 * The index is streamed, one row at a time, so batch mode never holds the
 * list: the caller writes the head, then each row, then the tail, and
 * concatenating those texts gives the whole document.  A compound's name
 * is written as given, with bad UTF-8 replaced by U+FFFD: in Markdown with
 * the punctuation backslashed by the report's one Markdown escaper (see
 * md_literal()); in JSON with '"' and '\' backslashed and control
 * characters as \u00xx.  That JSON is written here, not by jansson, to keep
 * index.json byte for byte as it has always been: jansson writes a tab as
 * \t where the index has \u0009.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dzp/error.h"
#include "report_internal.h"
#include "utf8.h"

static const char md_head[] = "# dzp-plan batch index\n\n"
                              "| name | target | line | status | steps | flags | report |\n"
                              "| --- | --- | ---: | --- | ---: | ---: | --- |\n";

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>dzp-plan batch index</title>\n<style>"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;"
    "margin:1.5em;color:#1a1a1a}table{border-collapse:collapse}"
    "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:middle}"
    "th{background:#f4f4f4}td.num{text-align:right}img{max-width:220px;height:auto}"
    ".ok{color:#1a6b1a}.no_route{color:#8a5a00}.invalid_input{color:#a40000}"
    "</style>\n</head>\n<body>\n<h1>dzp-plan batch index</h1>\n<table>\n"
    "<tr><th>Target</th><th>Name</th><th>Line</th><th>Status</th><th>Steps</th><th>Flags</th>"
    "<th>Why not</th></tr>\n";

/* The text of sb into *out, or DZP_ENOMEM when sb failed. */
static int take_text(char **out, dzp_strbuf *sb)
{
    char *text = dzp_strbuf_take(sb);

    if (!text)
        return dzp_error_set(DZP_ENOMEM, "batch index: out of memory");
    *out = text;
    return 0;
}

static bool format_known(dzp_report_format format)
{
    return format == DZP_REPORT_MARKDOWN || format == DZP_REPORT_JSON ||
           format == DZP_REPORT_HTML;
}

int dzp_report_index_head(char **out, dzp_report_format format)
{
    dzp_strbuf sb = DZP_STRBUF_INIT;

    if (!out || !format_known(format))
        return dzp_error_set(DZP_EINVAL, "batch index: no output or an unknown format given");
    dzp_strbuf_puts(&sb, format == DZP_REPORT_JSON   ? "["
                         : format == DZP_REPORT_HTML ? html_head
                                                     : md_head);
    return take_text(out, &sb);
}

/* s, valid UTF-8, as a JSON string: '"' and '\' backslashed, control
 * characters as \u00xx, everything else as it is. */
static void json_string_literal(dzp_strbuf *sb, const char *s)
{
    dzp_strbuf_puts(sb, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            dzp_strbuf_printf(sb, "\\%c", c);
        else if (c < 0x20)
            dzp_strbuf_printf(sb, "\\u%04x", c);
        else
            dzp_strbuf_putn(sb, s, 1);
    }
    dzp_strbuf_puts(sb, "\"");
}

/* {"name":...,"line":N,"status":"...","steps":N|null,"flags":N,"file":"..."} */
static void json_row(dzp_strbuf *sb, const dzp_report_index_entry *e, const char *name,
                     size_t before)
{
    dzp_strbuf_puts(sb, before > 0 ? ",\n  {\"name\":" : "\n  {\"name\":");
    json_string_literal(sb, name);
    dzp_strbuf_printf(sb, ",\"line\":%ld,\"status\":\"%s\",\"steps\":", e->line,
                      report_status_name(e->status));
    if (e->steps >= 0)
        dzp_strbuf_printf(sb, "%d", e->steps);
    else
        dzp_strbuf_puts(sb, "null");
    dzp_strbuf_printf(sb, ",\"flags\":%d,\"file\":", e->flags);
    json_string_literal(sb, e->file);
    dzp_strbuf_puts(sb, "}");
}

/* | name | ![name](thumbnail) | line | status | steps | flags | [file](file) | */
static void md_row(dzp_strbuf *sb, const dzp_report_index_entry *e, const char *name)
{
    dzp_strbuf_puts(sb, "| ");
    md_literal(sb, name);
    dzp_strbuf_puts(sb, " | ");
    if (e->thumbnail) {
        dzp_strbuf_puts(sb, "![");
        md_literal(sb, name);
        dzp_strbuf_printf(sb, "](%s)", e->thumbnail);
    } else {
        dzp_strbuf_puts(sb, "—");
    }
    dzp_strbuf_printf(sb, " | %ld | %s | ", e->line, report_status_name(e->status));
    if (e->steps >= 0)
        dzp_strbuf_printf(sb, "%d", e->steps);
    else
        dzp_strbuf_puts(sb, "-");
    dzp_strbuf_printf(sb, " | %d | [%s](%s) |\n", e->flags, e->file, e->file);
}

/* <tr> thumbnail, the name linking the page, line, status, steps, flags, why not </tr> */
static void html_row(dzp_strbuf *sb, const dzp_report_index_entry *e, const char *name)
{
    dzp_strbuf_puts(sb, "<tr><td>");
    if (e->thumbnail) {
        dzp_strbuf_printf(sb, "<img src=\"%s\" alt=\"", e->thumbnail);
        report_xml_text(sb, name);
        dzp_strbuf_puts(sb, "\">");
    }
    dzp_strbuf_printf(sb, "</td><td><a href=\"%s\">", e->file);
    report_xml_text(sb, name);
    dzp_strbuf_printf(sb, "</a></td><td class=\"num\">%ld</td><td class=\"%s\">%s</td>"
                          "<td class=\"num\">", e->line, report_status_name(e->status),
                      report_status_name(e->status));
    if (e->steps >= 0)
        dzp_strbuf_printf(sb, "%d", e->steps);
    else
        dzp_strbuf_puts(sb, "—");
    dzp_strbuf_printf(sb, "</td><td class=\"num\">%d</td><td>", e->flags);
    report_xml_text(sb, e->note ? e->note : "");
    dzp_strbuf_puts(sb, "</td></tr>\n");
}

int dzp_report_index_row(char **out, dzp_report_format format,
                         const dzp_report_index_entry *entry, size_t before)
{
    dzp_strbuf name = DZP_STRBUF_INIT, sb = DZP_STRBUF_INIT;
    int error;

    if (!out || !entry || !entry->name || !entry->file || !format_known(format) ||
        !report_status_known(entry->status)) {
        error = dzp_error_set(DZP_EINVAL, "batch index: an incomplete row or an unknown format");
        goto done;
    }
    dzp_utf8_clean(&name, entry->name);
    if (!name.failed && format == DZP_REPORT_JSON)
        json_row(&sb, entry, name.data ? name.data : "", before);
    else if (!name.failed && format == DZP_REPORT_HTML)
        html_row(&sb, entry, name.data ? name.data : "");
    else if (!name.failed)
        md_row(&sb, entry, name.data ? name.data : "");
    sb.failed |= name.failed;
    error = take_text(out, &sb);
done:
    dzp_strbuf_free(&name);
    dzp_strbuf_free(&sb);
    return error;
}

static void md_tail(dzp_strbuf *sb, const dzp_report_index_totals *totals)
{
    dzp_strbuf lines = DZP_STRBUF_INIT;
    dzp_strbuf_printf(sb, "\n%ld planned, %ld no route, %ld invalid.\n", totals->planned,
                      totals->no_route, totals->invalid);
    report_provenance_text(&lines);
    if (lines.len) {
        dzp_strbuf_puts(sb, "\n## Provenance\n\n```text\n");
        dzp_strbuf_putn(sb, lines.data, lines.len);
        dzp_strbuf_puts(sb, "```\n");
    }
    sb->failed |= lines.failed;
    dzp_strbuf_free(&lines);
}

static void html_tail(dzp_strbuf *sb, const dzp_report_index_totals *totals)
{
    dzp_strbuf lines = DZP_STRBUF_INIT;
    dzp_strbuf_printf(sb, "</table>\n<p>%ld planned, %ld no route, %ld invalid.</p>\n",
                      totals->planned, totals->no_route, totals->invalid);
    report_provenance_text(&lines);
    if (lines.len) {
        dzp_strbuf_puts(sb, "<footer><h2>Provenance</h2><pre>");
        report_xml_text(sb, lines.data);
        dzp_strbuf_puts(sb, "</pre></footer>\n");
    }
    dzp_strbuf_puts(sb, "</body>\n</html>\n");
    sb->failed |= lines.failed;
    dzp_strbuf_free(&lines);
}

int dzp_report_index_tail(char **out, dzp_report_format format,
                          const dzp_report_index_totals *totals)
{
    dzp_strbuf sb = DZP_STRBUF_INIT;

    if (!out || !totals || !format_known(format))
        return dzp_error_set(DZP_EINVAL, "batch index: no output, no totals or an unknown format");
    if (format == DZP_REPORT_JSON)
        dzp_strbuf_puts(&sb, totals->planned + totals->no_route + totals->invalid > 0 ? "\n]\n"
                                                                                     : "]\n");
    else if (format == DZP_REPORT_HTML)
        html_tail(&sb, totals);
    else
        md_tail(&sb, totals);
    return take_text(out, &sb);
}
