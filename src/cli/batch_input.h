/*
 * batch_input.h - what batch mode reads and names: a streaming reader for
 * compound lists (.smi or CSV with a header) and the file names of the
 * per-compound reports written by --out.  Private to src/cli.
 */
#ifndef DZP_CLI_BATCH_INPUT_H
#define DZP_CLI_BATCH_INPUT_H

#include <stdio.h>

/* One data row.  The strings are borrowed from the reader and stay valid
 * until the next call to batch_reader_next(); absent or empty cells are
 * NULL.  A row that could not be read (a broken CSV quote, a NUL byte, an
 * empty SMILES cell) has error set to the reason, without "line N:". */
typedef struct {
    long line;             /* 1-based physical line in the input */
    long index;            /* 0-based data-row index (comments, blanks, header not counted) */
    const char *smiles;
    const char *name;
    const char *from;      /* CSV `from` column: a per-row substrate */
    const char *price;     /* CSV `price` and `amount` columns (read for --stock) */
    const char *amount;
    const char *error;
    const char *stem;      /* with --out: the unique file-name stem of its report (set by
                              batch.c in input order, batch_sink_claim()), else NULL */
} batch_row;

typedef struct batch_reader batch_reader;

/* The longest line a batch or stock file may have; a longer one is an
 * invalid row, reported and skipped without being held in memory. */
#define BATCH_LINE_MAX 65536
#define BATCH_LINE_MAX_TEXT "65,536"

/* A reader over f (borrowed, read from its current position).  what names
 * the input in messages ("the batch file 'x.smi'", "standard input"); path
 * is the file name (NULL for stdin): a name ending in .csv means CSV,
 * otherwise the first line decides.  Returns 0, or DZP_ENOMEM. */
int batch_reader_open(batch_reader **out, FILE *f, const char *path, const char *what);

/* The next data row: returns 1 with *row filled, 0 at the end of the input,
 * or a negative dzp_error with a sentence (a read error, a CSV header
 * without a smiles column).  Comment lines (# first), blank lines and the
 * header are skipped; CRLF, a UTF-8 BOM and a missing final newline are
 * handled. */
int batch_reader_next(batch_reader *r, batch_row *row);

/* Look for these columns instead of `smiles` and `name` (either may be
 * NULL: the usual one), as --smiles-column / --name-column ask, in a CSV
 * header and as an SD file's name property.  Call before the first row;
 * the strings are borrowed.  Never fails. */
void batch_reader_columns(batch_reader *r, const char *smiles_col, const char *name_col);

void batch_reader_free(batch_reader *r);

/* Longest file-name stem (without .md / .json) that batch mode writes. */
enum { BATCH_STEM_MAX = 100 };

/* The safe file-name stem for a compound name: bytes other than
 * [A-Za-z0-9._-] become '_' (a run of them one '_'), no leading or
 * trailing dot, never "..", at most BATCH_STEM_MAX bytes.  name must be
 * non-empty. */
void batch_safe_stem(char out[BATCH_STEM_MAX + 1], const char *name);

/* The stems already used in one output directory, compared without regard
 * to case (safe on case-insensitive file systems).  It keeps a 64-bit hash
 * per stem, not the stem: memory stays small for long lists, and a hash
 * collision can only add a needless suffix, never reuse a file. */
typedef struct batch_names batch_names;

int batch_names_new(batch_names **out);

/* Make stem unique by appending -2, -3, ... (shortening it to fit
 * BATCH_STEM_MAX), and record it.  Returns 0, or DZP_ENOMEM. */
int batch_names_claim(batch_names *s, char stem[BATCH_STEM_MAX + 1]);

void batch_names_free(batch_names *s);

#endif
