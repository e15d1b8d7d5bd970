/*
 * report_md_writer.c - the Markdown writer the report and the batch index
 * compose their text with (declared in report_internal.h).
 *
 * Each block (paragraph, list item, table row, heading) is composed as one
 * logical line, then written out: prose is wrapped at REPORT_MD_WRAP
 * columns, but only before a word that cannot open a block (see
 * safe_break()), so a wrapped line never begins a list, a heading or a
 * quote; headings and table rows are never wrapped, and a prose table cell
 * is cut at REPORT_MD_CELL_MAX bytes.  Text is escaped by one function,
 * md_piece(), in one of two ways: prose (whitespace collapsed, Markdown
 * punctuation backslashed where it could mean something, bare URLs made
 * autolinks) or a literal name for the batch index (every punctuation
 * character backslashed, nothing else touched).  Bad UTF-8 becomes U+FFFD
 * either way; SMILES go in code spans.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "utf8.h"

/* The two ways text is escaped, and the ASCII punctuation each always
 * backslashes.  Prose also escapes by context: '>' at a line start (a
 * quote), '_' not inside a word, a list marker at a line start, and it
 * turns a bare URL into an autolink. */
typedef enum { MD_PROSE, MD_LITERAL } md_escaping;

static const char *const md_always_escaped[] = {
    [MD_PROSE] = "\\`*[]<|~#",
    [MD_LITERAL] = "\\`*_[]<>|~&#!",
};

void md_raw(md_writer *w, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    dzp_strbuf_vprintf(&w->line, fmt, ap);
    va_end(ap);
}

static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(int c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

/* Length of the http(s) URL starting at s (without trailing punctuation),
 * or 0 when s does not start one. */
static size_t url_len(const char *s)
{
    size_t n = 0;

    if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
        return 0;
    while (s[n] > ' ' && s[n] < 0x7F && s[n] != '<' && s[n] != '>')
        n++;
    while (n > 0 && strchr(".,;:)", s[n - 1]))
        n--;
    return n;
}

/* At the start of a line, text that would open a list ("- x", "+ x",
 * "1. x", "1) x") is escaped; returns the bytes taken, 0 when none.  (A
 * wrapped line never starts with these: see safe_break().) */
static size_t md_block_start(dzp_strbuf *buf, const char *p)
{
    size_t digits = strspn(p, "0123456789");
    size_t mark = digits > 0 && digits < 10 && (p[digits] == '.' || p[digits] == ')') ? digits
                  : (p[0] == '-' || p[0] == '+')                                      ? 0
                                                                                       : SIZE_MAX;

    if (mark == SIZE_MAX || (p[mark + 1] != ' ' && p[mark + 1] != '\0'))
        return 0;
    dzp_strbuf_putn(buf, p, mark);
    dzp_strbuf_puts(buf, "\\");
    dzp_strbuf_putn(buf, p + mark, 1);
    return mark + 1;
}

/* Whether the one-byte character c at p must be backslashed.  prev is the
 * input byte before p. */
static bool md_needs_escape(const char *p, int prev, bool line_start, md_escaping how)
{
    if (strchr(md_always_escaped[how], *p))
        return true;
    if (how == MD_LITERAL)
        return false;
    if (*p == '>')
        return line_start;    /* '>' opens a quote only at a line start */
    return *p == '_' && !(is_alnum(prev) && is_alnum(p[1])); /* intraword '_' is literal */
}

/* The escaped form of the character (or, in prose, bare URL) at p onto
 * buf; returns how many input bytes it took.  prev is the input byte
 * before p.  The one escaper of Markdown text. */
static size_t md_piece(dzp_strbuf *buf, const char *p, int prev, bool line_start,
                       md_escaping how)
{
    size_t n = dzp_utf8_seq((const unsigned char *)p);
    size_t url = how == MD_PROSE && prev == ' ' ? url_len(p) : 0;
    size_t taken = how == MD_PROSE && line_start ? md_block_start(buf, p) : 0;

    if (taken)
        return taken;
    if (url) {
        dzp_strbuf_puts(buf, "<");
        dzp_strbuf_putn(buf, p, url);
        dzp_strbuf_puts(buf, ">");
        return url;
    }
    if (n == 0) {
        dzp_strbuf_puts(buf, DZP_UTF8_REPLACEMENT);
        return 1;
    }
    if (n == 1 && md_needs_escape(p, prev, line_start, how))
        dzp_strbuf_puts(buf, "\\");
    dzp_strbuf_putn(buf, p, n);
    return n;
}

void md_literal(dzp_strbuf *buf, const char *s)
{
    for (const char *p = s; *p;)
        p += md_piece(buf, p, 0, false, MD_LITERAL);
}

/* Prose onto the line: whitespace and control characters collapse to one
 * space (none at the ends), Markdown punctuation is escaped, bad UTF-8 is
 * replaced.  Output beyond max bytes is cut and ends with an ellipsis. */
void md_text(md_writer *w, const char *s, size_t max)
{
    dzp_strbuf piece = DZP_STRBUF_INIT;
    size_t used = 0;
    int prev = ' ';
    bool space = false;

    for (const char *p = s ? s : ""; *p;) {
        if ((unsigned char)*p <= ' ' || *p == 0x7F) {
            space = used > 0;
            prev = ' ';
            p++;
            continue;
        }
        piece.len = 0;
        if (space)
            dzp_strbuf_puts(&piece, " ");
        p += md_piece(&piece, p, prev, w->line.len == 0, MD_PROSE);
        prev = (unsigned char)p[-1];
        if (used + piece.len > max) {
            dzp_strbuf_puts(&w->line, "…");
            break;
        }
        dzp_strbuf_putn(&w->line, piece.data, piece.len);
        used += piece.len;
        space = false;
    }
    w->line.failed |= piece.failed;
    dzp_strbuf_free(&piece);
}

/* A SMILES or an id as a code span; "—" when absent.  A table cell needs
 * '|' escaped even inside code; text holding '`' goes out as prose. */
void md_code(md_writer *w, const char *s, bool in_table)
{
    if (!s || !*s) {
        md_raw(w, "—");
        return;
    }
    if (strchr(s, '`') || strpbrk(s, " \t\n")) {
        md_text(w, s, in_table ? REPORT_MD_CELL_MAX : SIZE_MAX);
        return;
    }
    md_raw(w, "`");
    for (; *s; s++)
        md_raw(w, "%s%c", in_table && *s == '|' ? "\\" : "", *s);
    md_raw(w, "`");
}

/* Characters (not bytes) in s[0..n). */
static size_t width_of(const char *s, size_t n)
{
    size_t w = 0;

    for (size_t i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

/* Wrapping a line before this word cannot start a block construct: it
 * starts with a letter, "(", an em dash, "*" + letter (emphasis, not a
 * list marker) or a single backtick (a code span, not a fence). */
static bool safe_break(const char *word)
{
    return is_alpha(word[0]) || word[0] == '(' || strncmp(word, "—", strlen("—")) == 0 ||
           (word[0] == '*' && is_alpha(word[1])) || (word[0] == '`' && word[1] != '`');
}

/* Width of the words from s up to the next word a line may break before:
 * what has to fit on the line if it does not break before s. */
static size_t run_width(const char *s)
{
    size_t width = 0;

    for (bool first = true; *s; first = false) {
        size_t n = strcspn(s, " ");
        if (!first && n > 0 && safe_break(s))
            break;
        width += !first + width_of(s, n);
        s += n + (s[n] == ' ');
    }
    return width;
}

/* The composed line into the document: first prefix, then the words,
 * wrapped (when wrap) with cont at the start of each further line. */
void md_flush(md_writer *w, const char *first, const char *cont, bool wrap)
{
    const char *s = w->line.data ? w->line.data : "";
    size_t col = width_of(first, strlen(first));
    bool start = true;

    dzp_strbuf_puts(&w->doc, first);
    while (*s) {
        size_t n = strcspn(s, " ");
        size_t width = width_of(s, n);
        if (n > 0 && !start) {
            if (wrap && safe_break(s) && col + 1 + run_width(s) > REPORT_MD_WRAP) {
                dzp_strbuf_puts(&w->doc, "\n");
                dzp_strbuf_puts(&w->doc, cont);
                col = width_of(cont, strlen(cont));
            } else {
                dzp_strbuf_puts(&w->doc, " ");
                col++;
            }
        }
        dzp_strbuf_putn(&w->doc, s, n);
        col += width;
        start = start && n == 0;
        s += n + (s[n] == ' ');
    }
    dzp_strbuf_puts(&w->doc, "\n");
    w->doc.failed |= w->line.failed;
    w->line.len = 0;
    w->line.failed = false;
    if (w->line.data)
        w->line.data[0] = '\0';
}

void md_blank(md_writer *w)
{
    dzp_strbuf_puts(&w->doc, "\n");
}

void md_para(md_writer *w)
{
    md_flush(w, "", "", true);
    md_blank(w);
}

void md_item(md_writer *w)
{
    md_flush(w, "- ", "  ", true);
}

void md_numbered(md_writer *w, size_t n)
{
    char first[32], cont[32];
    int len = snprintf(first, sizeof(first), "%zu. ", n);

    memset(cont, ' ', (size_t)len);
    cont[len] = '\0';
    md_flush(w, first, cont, true);
}

void md_heading(md_writer *w, const char *text)
{
    md_raw(w, "%s", text);
    md_flush(w, "", "", false);
    md_blank(w);
}

void md_table_head(md_writer *w, const char *const *head, size_t n)
{
    for (size_t i = 0; i < n; i++)
        md_raw(w, "| %s ", head[i]);
    md_raw(w, "|");
    md_flush(w, "", "", false);
    for (size_t i = 0; i < n; i++)
        md_raw(w, "| --- ");
    md_raw(w, "|");
    md_flush(w, "", "", false);
}

void md_cell_text(md_writer *w, const char *s)
{
    md_raw(w, "| ");
    if (s && *s)
        md_text(w, s, REPORT_MD_CELL_MAX);
    else
        md_raw(w, "—");
    md_raw(w, " ");
}

void md_cell_code(md_writer *w, const char *s)
{
    md_raw(w, "| ");
    md_code(w, s, true);
    md_raw(w, " ");
}

void md_row_end(md_writer *w)
{
    md_raw(w, "|");
    md_flush(w, "", "", false);
}
