/*
 * report_json_write.c - compact JSON text written straight into a buffer:
 * either as it is made (the report_json_out writer the route report uses:
 * objects, arrays, keys and values in document order, no tree), or from a
 * jansson tree (report_json_text, for the smaller documents built as one).
 *
 * Building a jansson tree per report, then walking and freeing it, costed
 * more than the rest of the report, and json_dumps writes through a
 * callback per token.  The bytes are exactly what json_dumps gives with
 * JSON_COMPACT, keys in insertion order and JSON_REAL_PRECISION(precision):
 * no spaces; in strings '"', '\\' and the control characters escaped as
 * \", \\, \b \f \n \r \t or \u00XX (upper-case hex), everything else
 * (including '/' and UTF-8) as it is; integers in decimal; reals as
 * "%.<precision>g" with ".0" added when that reads as an integer and the
 * exponent written without '+' or leading zeros (1e5, 2.5e-7).  The test
 * suite compares the two on every report it writes (the report read back
 * by jansson and dumped again gives the same bytes).
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "report_internal.h"
#include "utf8.h"

static void put_string(dzp_strbuf *sb, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    dzp_strbuf_putn(sb, "\"", 1);
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c != '"' && c != '\\' && c >= 0x20)
            continue;
        dzp_strbuf_putn(sb, s + start, i - start);
        start = i + 1;
        switch (c) {
        case '"': dzp_strbuf_putn(sb, "\\\"", 2); break;
        case '\\': dzp_strbuf_putn(sb, "\\\\", 2); break;
        case '\b': dzp_strbuf_putn(sb, "\\b", 2); break;
        case '\f': dzp_strbuf_putn(sb, "\\f", 2); break;
        case '\n': dzp_strbuf_putn(sb, "\\n", 2); break;
        case '\r': dzp_strbuf_putn(sb, "\\r", 2); break;
        case '\t': dzp_strbuf_putn(sb, "\\t", 2); break;
        default: {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            dzp_strbuf_putn(sb, esc, sizeof esc);
        }
        }
    }
    dzp_strbuf_putn(sb, s + start, len - start);
    dzp_strbuf_putn(sb, "\"", 1);
}

/* A real as jansson writes it (see the file's comment). */
static void put_real(dzp_strbuf *sb, double x, int precision)
{
    char buf[64];
    int n = snprintf(buf, sizeof buf - 3, "%.*g", precision, x);
    if (n < 0 || n >= (int)sizeof buf - 3) {
        sb->failed = true;
        return;
    }
    const char *point = localeconv()->decimal_point; /* jansson writes '.' whatever the locale */
    if (point && point[0] && point[0] != '.' && !point[1]) {
        char *comma = strchr(buf, point[0]);
        if (comma)
            *comma = '.';
    }
    char *e = strchr(buf, 'e');
    if (!e && !strchr(buf, '.')) {
        memcpy(buf + n, ".0", 3);
        n += 2;
    }
    if (e) { /* "1e+05" -> "1e5", "1e-05" -> "1e-5" */
        char *from = e + 1, *to = e + 1;
        if (*from == '+')
            from++;
        else if (*from == '-')
            from++, to++;
        while (*from == '0' && from[1])
            from++;
        memmove(to, from, strlen(from) + 1);
        n = (int)strlen(buf);
    }
    dzp_strbuf_putn(sb, buf, (size_t)n);
}

static void put_value(dzp_strbuf *sb, const json_t *v, int precision)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *item;
        bool first = true;
        dzp_strbuf_putn(sb, "{", 1);
        json_object_foreach ((json_t *)v, key, item) {
            if (!first)
                dzp_strbuf_putn(sb, ",", 1);
            first = false;
            put_string(sb, key, strlen(key));
            dzp_strbuf_putn(sb, ":", 1);
            put_value(sb, item, precision);
        }
        dzp_strbuf_putn(sb, "}", 1);
        return;
    }
    case JSON_ARRAY:
        dzp_strbuf_putn(sb, "[", 1);
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i > 0)
                dzp_strbuf_putn(sb, ",", 1);
            put_value(sb, json_array_get(v, i), precision);
        }
        dzp_strbuf_putn(sb, "]", 1);
        return;
    case JSON_STRING:
        put_string(sb, json_string_value(v), json_string_length(v));
        return;
    case JSON_INTEGER:
        dzp_strbuf_printf(sb, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return;
    case JSON_REAL:
        put_real(sb, json_real_value(v), precision);
        return;
    case JSON_TRUE:
        dzp_strbuf_putn(sb, "true", 4);
        return;
    case JSON_FALSE:
        dzp_strbuf_putn(sb, "false", 5);
        return;
    case JSON_NULL:
        dzp_strbuf_putn(sb, "null", 4);
        return;
    }
}

char *report_json_text(const json_t *doc, int precision)
{
    dzp_strbuf sb = DZP_STRBUF_INIT;
    if (!doc)
        return NULL;
    put_value(&sb, doc, precision > 0 ? precision : 17);
    return dzp_strbuf_take(&sb);
}

/* ---- the writer: JSON as it is made --------------------------------------------------------- */

/* Before a value or a key: the comma that separates it from the one before
 * in the same object or array (none right after a key). */
static void separate(report_json_out *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0 && w->depth <= REPORT_JSON_MAX_DEPTH) {
        if (w->written[w->depth - 1])
            dzp_strbuf_putn(&w->sb, ",", 1);
        w->written[w->depth - 1] = true;
    }
}

static void open_container(report_json_out *w, const char *bracket)
{
    separate(w);
    dzp_strbuf_putn(&w->sb, bracket, 1);
    if (++w->depth <= REPORT_JSON_MAX_DEPTH)
        w->written[w->depth - 1] = false;
    else
        w->sb.failed = true; /* deeper than any document of ours */
}

static void close_container(report_json_out *w, const char *bracket)
{
    dzp_strbuf_putn(&w->sb, bracket, 1);
    if (w->depth > 0)
        w->depth--;
}

void rj_object(report_json_out *w)
{
    open_container(w, "{");
}

void rj_end_object(report_json_out *w)
{
    close_container(w, "}");
}

void rj_array(report_json_out *w)
{
    open_container(w, "[");
}

void rj_end_array(report_json_out *w)
{
    close_container(w, "]");
}

void rj_key(report_json_out *w, const char *key)
{
    separate(w);
    put_string(&w->sb, key, strlen(key));
    dzp_strbuf_putn(&w->sb, ":", 1);
    w->after_key = true;
}

void rj_null(report_json_out *w)
{
    separate(w);
    dzp_strbuf_putn(&w->sb, "null", 4);
}

void rj_bool(report_json_out *w, bool b)
{
    separate(w);
    if (b)
        dzp_strbuf_putn(&w->sb, "true", 4);
    else
        dzp_strbuf_putn(&w->sb, "false", 5);
}

void rj_integer(report_json_out *w, long long x)
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%lld", x);
    separate(w);
    dzp_strbuf_putn(&w->sb, digits, (size_t)n);
}

void rj_real(report_json_out *w, double x)
{
    separate(w);
    put_real(&w->sb, x, w->precision);
}

void rj_string(report_json_out *w, const char *s)
{
    if (!s) {
        rj_null(w);
        return;
    }
    separate(w);
    if (dzp_utf8_valid(s)) {
        put_string(&w->sb, s, strlen(s));
        return;
    }
    dzp_strbuf clean = DZP_STRBUF_INIT;
    dzp_utf8_clean(&clean, s);
    if (clean.failed)
        w->sb.failed = true;
    else
        put_string(&w->sb, clean.data, clean.len);
    dzp_strbuf_free(&clean);
}

char *rj_take(report_json_out *w)
{
    if (w->depth != 0 || w->after_key)
        w->sb.failed = true; /* an unclosed container: a bug, never a half document */
    return dzp_strbuf_take(&w->sb);
}
