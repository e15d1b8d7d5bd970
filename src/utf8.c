/*
 * utf8.c - the one UTF-8 check of dzp (see utf8.h): a table of lead-byte
 * ranges with their length, payload mask and smallest code point, so that
 * overlong forms, surrogates and code points past U+10FFFF are refused.
 */
#include "utf8.h"

#include <stdint.h>

static const struct {
    unsigned char lo, hi;  /* the lead byte's range */
    size_t n;              /* bytes in the sequence */
    uint32_t mask;         /* payload bits of the lead byte */
    uint32_t min;          /* smallest code point: below it the form is overlong */
} lead_bytes[] = {
    {0x00, 0x7F, 1, 0x7F, 0},
    {0xC2, 0xDF, 2, 0x1F, 0x80},
    {0xE0, 0xEF, 3, 0x0F, 0x800},
    {0xF0, 0xF4, 4, 0x07, 0x10000},
};

size_t dzp_utf8_seq(const unsigned char *s)
{
    for (size_t t = 0; t < sizeof(lead_bytes) / sizeof(lead_bytes[0]); t++) {
        if (s[0] < lead_bytes[t].lo || s[0] > lead_bytes[t].hi)
            continue;
        uint32_t cp = s[0] & lead_bytes[t].mask;
        for (size_t i = 1; i < lead_bytes[t].n; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i] & 0x3Fu);
        }
        bool ok = cp >= lead_bytes[t].min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        return ok ? lead_bytes[t].n : 0;
    }
    return 0;
}

bool dzp_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        size_t n = dzp_utf8_seq(p);
        if (n == 0)
            return false;
        p += n;
    }
    return true;
}

bool dzp_utf8_clean(dzp_strbuf *sb, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    bool valid = true;

    while (*p) {
        size_t n = dzp_utf8_seq(p);
        if (n == 0) {
            dzp_strbuf_puts(sb, DZP_UTF8_REPLACEMENT);
            valid = false;
            p++;
        } else {
            dzp_strbuf_putn(sb, p, n);
            p += n;
        }
    }
    return valid;
}
