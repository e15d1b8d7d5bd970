/*
 * signals.h - the signal dispositions dzp-plan was started with.  A signal
 * the caller ignores (SIGHUP under nohup) stays ignored: in the parent,
 * where --out would otherwise install its cleanup handler over it, and in
 * the --jobs workers, which would otherwise reset it to the default and
 * die on a hang-up.
 */
#ifndef DZP_CLI_SIGNALS_H
#define DZP_CLI_SIGNALS_H

#include <stdbool.h>

/* Note the dispositions of SIGINT, SIGTERM, SIGHUP and SIGPIPE; call once,
 * first thing in main().  Never fails. */
void cli_signals_record(void);

/* Whether sig was ignored when dzp-plan started (false before
 * cli_signals_record(), and for signals it does not record). */
bool cli_signal_was_ignored(int sig);

/* In a freshly forked worker: every recorded signal back to its
 * disposition at start (ignored stays ignored, the rest default).  Never
 * fails. */
void cli_signals_restore_in_child(void);

#endif
