/*
 * report_xml.c - text safe inside XML and HTML: what the structure
 * pictures (SVG) and the HTML page write every piece of text with, so a
 * name or message from the input can never break the markup.
 */
#include "report_internal.h"
#include "utf8.h"

void report_xml_text(dzp_strbuf *sb, const char *s)
{
    static const struct {
        char c;
        const char *entity;
    } entities[] = {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}};

    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
        size_t n = dzp_utf8_seq(p);
        if (n == 0) {
            dzp_strbuf_puts(sb, DZP_UTF8_REPLACEMENT);
            p++;
            continue;
        }
        const char *entity = NULL;
        for (size_t i = 0; i < sizeof(entities) / sizeof(entities[0]); i++)
            if ((char)*p == entities[i].c)
                entity = entities[i].entity;
        if (entity)
            dzp_strbuf_puts(sb, entity);
        else if ((*p < ' ' && *p != '\n' && *p != '\t') || *p == 0x7F) /* not XML text */
            dzp_strbuf_puts(sb, " ");
        else
            dzp_strbuf_putn(sb, p, n);
        p += n;
    }
}
