/*
 * utf8.h - UTF-8 validation for text that goes into a report, internal to
 * dzp (not installed).  Names and messages can quote bad input (a batch
 * row's bytes, a file name); the reports replace each byte that is not
 * part of valid UTF-8 with U+FFFD so that every document stays valid.
 */
#ifndef DZP_UTF8_H
#define DZP_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* U+FFFD REPLACEMENT CHARACTER, the stand-in for a bad byte. */
#define DZP_UTF8_REPLACEMENT "\xEF\xBF\xBD"

/* Length of the valid UTF-8 sequence at s (1 to 4), or 0 when the bytes
 * there are not one (stray continuation, overlong, surrogate, beyond
 * U+10FFFF, cut short by the NUL). */
size_t dzp_utf8_seq(const unsigned char *s);

/* Whether s is valid UTF-8 throughout (plain ASCII is checked a byte at
 * a time without decoding).  Never fails. */
bool dzp_utf8_valid(const char *s);

/* Append s to sb with every byte that is not part of valid UTF-8 replaced
 * by U+FFFD.  Returns whether s was valid already.  On out of memory sb is
 * marked failed (see strbuf.h). */
bool dzp_utf8_clean(dzp_strbuf *sb, const char *s);

#endif
