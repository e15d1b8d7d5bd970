/*
 * exit_status.h - how the dzp-plan command ends: the exit statuses of
 * cli.md, the one function that maps a dzp error code to them, and the
 * one way the command prints a sentence on stderr.
 *
 * Every CLI function that can fail returns 0 or a negative dzp_error code
 * and leaves its sentence in dzp_error_last().  A mode prints that sentence
 * once, where it gives up, and returns the code; main() turns the code
 * into the exit status.  Besides failures, a mode returns DZP_ENOROUTE
 * (some target has no route) or DZP_EINVAL (some target is invalid input)
 * when its documents, already written, say so.
 */
#ifndef DZP_CLI_EXIT_STATUS_H
#define DZP_CLI_EXIT_STATUS_H

#include <stdio.h>

#include "dzp/plan.h"

enum { DZP_CLI_EXIT_OK = 0, DZP_CLI_EXIT_NO_ROUTE = 1, DZP_CLI_EXIT_BAD_INPUT = 2,
       DZP_CLI_EXIT_PIPE_CLOSED = 141 /* as a program that SIGPIPE ended */ };

/* A failed write to stdout: when the reader has gone (EPIPE: `| head`),
 * note it, so that the run ends quietly (no message from then on) with
 * DZP_CLI_EXIT_PIPE_CLOSED; returns DZP_EIO with the sentence "cannot
 * write the <what> to standard output: <reason>" either way. */
int dzp_cli_stdout_failed(const char *what, int err);

/* The exit status for a mode's result: 0 for 0, 1 for DZP_ENOROUTE, 2 for
 * every other error (bad usage, invalid input, a failed read or write);
 * 141 once stdout's reader has gone (dzp_cli_stdout_failed()). */
int dzp_cli_exit_status(int error);

/* What one plan's status means for the exit status: 0 for a route,
 * DZP_ENOROUTE or DZP_EINVAL (with the plan's message) otherwise. */
int dzp_cli_plan_outcome(const dzp_plan *plan);

/* Print "dzp-plan: <message>" and a newline on stderr, the message made
 * safe by dzp_cli_put_safe().  Never fails. */
void dzp_cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Write s to f with what could drive a terminal made harmless: control
 * characters (ESC, CR, ...), DEL and bytes that are not valid UTF-8 are
 * written as \xNN.  Every diagnostic that quotes input goes through it. */
void dzp_cli_put_safe(FILE *f, const char *s);

/* Put "<formatted prefix>: " before the last error's message and return
 * code: how a CLI function says in what it failed. */
int dzp_cli_error_wrap(int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
