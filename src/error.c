/*
 * error.c - thread-local last-error message, in the manner of libgit2's
 * git_error_last(): functions return a code and leave a sentence here.
 */
#include "dzp/error.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_message[1024];

const char *dzp_error_last(void)
{
    return last_message;
}

int dzp_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_message, sizeof(last_message), fmt, ap);
    va_end(ap);
    return code;
}

void dzp_error_clear(void)
{
    last_message[0] = '\0';
}
