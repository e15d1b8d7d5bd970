/*
 * error.h - error codes and the thread-local "last error" message.
 *
 * Every fallible dzp function returns 0 on success or a negative dzp_error
 * code, and leaves a one-sentence message for dzp_error_last().  The message
 * says what was wrong, where, and what to do, so the CLI can print it as is.
 */
#ifndef DZP_ERROR_H
#define DZP_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    DZP_OK = 0,
    DZP_EINVAL = -1,     /* invalid input (SMILES, arguments, rule file content) */
    DZP_ENOMEM = -2,     /* out of memory */
    DZP_EIO = -3,        /* a file could not be read or written */
    DZP_ENOTFOUND = -4,  /* the thing looked for is not there (e.g. no diazepane) */
    DZP_EINTERNAL = -5,  /* a bug or an unexpected library failure */
    DZP_ENOROUTE = -6    /* planning found no acceptable route */
} dzp_error;

/* The message of the last error set on this thread ("" if none). Borrowed. */
const char *dzp_error_last(void);

/* Set the thread's last error message (printf-style) and return code. */
int dzp_error_set(int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Clear the thread's last error. */
void dzp_error_clear(void);

#ifdef __cplusplus
}
#endif
#endif
