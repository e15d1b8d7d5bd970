/*
 * signals.c - the signal dispositions dzp-plan was started with (see
 * signals.h).  Recorded once in main(), read-only afterwards, so the
 * forked workers inherit the same table.
 */
#define _POSIX_C_SOURCE 200809L
#include "signals.h"

#include <signal.h>
#include <stddef.h>

static const int recorded[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
#define N_RECORDED (sizeof(recorded) / sizeof(recorded[0]))
static bool ignored_at_start[N_RECORDED];

void cli_signals_record(void)
{
    for (size_t i = 0; i < N_RECORDED; i++) {
        struct sigaction sa;
        ignored_at_start[i] = sigaction(recorded[i], NULL, &sa) == 0 && sa.sa_handler == SIG_IGN;
    }
}

bool cli_signal_was_ignored(int sig)
{
    for (size_t i = 0; i < N_RECORDED; i++)
        if (recorded[i] == sig)
            return ignored_at_start[i];
    return false;
}

void cli_signals_restore_in_child(void)
{
    for (size_t i = 0; i < N_RECORDED; i++)
        signal(recorded[i], ignored_at_start[i] ? SIG_IGN : SIG_DFL);
}
