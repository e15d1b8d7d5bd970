/*
 * strbuf.c - the growable byte buffer of strbuf.h: doubling capacity, a
 * NUL kept after the content, and a sticky failure flag so that a long
 * run of appends needs one check at the end.
 */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool dzp_strbuf_reserve(dzp_strbuf *sb, size_t extra)
{
    size_t cap = sb->cap ? sb->cap : 256;
    char *grown;

    if (sb->failed)
        return false;
    if (sb->len + extra + 1 <= sb->cap)
        return true;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    if (!(grown = realloc(sb->data, cap))) {
        sb->failed = true;
        return false;
    }
    sb->data = grown;
    sb->cap = cap;
    return true;
}

void dzp_strbuf_putn(dzp_strbuf *sb, const void *s, size_t n)
{
    if (!dzp_strbuf_reserve(sb, n))
        return;
    if (n > 0)
        memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void dzp_strbuf_puts(dzp_strbuf *sb, const char *s)
{
    dzp_strbuf_putn(sb, s, strlen(s));
}

void dzp_strbuf_put_counted(dzp_strbuf *sb, const char *s)
{
    size_t n = strlen(s);
    char digits[24];
    size_t at = sizeof digits;
    digits[--at] = ':';
    do {
        digits[--at] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    dzp_strbuf_putn(sb, digits + at, sizeof digits - at);
    dzp_strbuf_puts(sb, s);
}

void dzp_strbuf_vprintf(dzp_strbuf *sb, const char *fmt, va_list ap)
{
    va_list copy;
    int n;

    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) {
        sb->failed = true;
        return;
    }
    if (!dzp_strbuf_reserve(sb, (size_t)n))
        return;
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void dzp_strbuf_printf(dzp_strbuf *sb, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    dzp_strbuf_vprintf(sb, fmt, ap);
    va_end(ap);
}

void dzp_strbuf_clear(dzp_strbuf *sb)
{
    sb->len = 0;
    sb->failed = false;
    if (sb->data)
        sb->data[0] = '\0';
}

char *dzp_strbuf_take(dzp_strbuf *sb)
{
    char *text;

    if (!sb->failed && !sb->data)
        dzp_strbuf_reserve(sb, 0);
    if (sb->failed) {
        dzp_strbuf_free(sb);
        return NULL;
    }
    text = sb->data;
    *sb = (dzp_strbuf)DZP_STRBUF_INIT;
    return text;
}

void dzp_strbuf_free(dzp_strbuf *sb)
{
    free(sb->data);
    *sb = (dzp_strbuf)DZP_STRBUF_INIT;
}
