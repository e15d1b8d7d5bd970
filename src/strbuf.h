/*
 * strbuf.h - a growable byte buffer, internal to dzp (not installed).
 *
 * The report composes its documents in one, and batch mode encodes its
 * pipe messages in one: text or binary bytes appended at the end, always
 * followed by a NUL that is not counted in len.  An allocation failure is
 * sticky: `failed` is set, everything appended after it is dropped, and
 * the owner checks the flag once at the end instead of after every append.
 */
#ifndef DZP_STRBUF_H
#define DZP_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *data;    /* NULL until the first append */
    size_t len, cap;
    bool failed;   /* an allocation failed: everything after is dropped */
} dzp_strbuf;

#define DZP_STRBUF_INIT {NULL, 0, 0, false}

/* Make room for extra more bytes (and the NUL).  Returns false, with
 * sb->failed set and the content unchanged, when memory runs out. */
bool dzp_strbuf_reserve(dzp_strbuf *sb, size_t extra);

/* Append n bytes from s (which may hold NULs).  On failure the buffer is
 * unchanged and marked failed. */
void dzp_strbuf_putn(dzp_strbuf *sb, const void *s, size_t n);

/* Append the string s; on failure as dzp_strbuf_putn(). */
void dzp_strbuf_puts(dzp_strbuf *sb, const char *s);

/* Append s with its length first, as "<decimal length>:<s>", so that no
 * two sequences of such texts read alike; on failure as dzp_strbuf_putn(). */
void dzp_strbuf_put_counted(dzp_strbuf *sb, const char *s);

/* Append printf-style text; on failure (memory or a format error) the
 * buffer is unchanged and marked failed. */
void dzp_strbuf_printf(dzp_strbuf *sb, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void dzp_strbuf_vprintf(dzp_strbuf *sb, const char *fmt, va_list ap);

/* Empty the buffer (keeping its memory) and clear `failed`. */
void dzp_strbuf_clear(dzp_strbuf *sb);

/* The content as a malloc'd string the caller frees, leaving sb empty and
 * reusable; NULL (and sb freed) when the buffer failed or out of memory. */
char *dzp_strbuf_take(dzp_strbuf *sb);

/* Free the memory; sb is empty and reusable afterwards. */
void dzp_strbuf_free(dzp_strbuf *sb);

#endif
