/*
 * stock_file.h - --stock FILE read into a dzp_stock: a .smi list, a CSV
 * with a `smiles` column (and optional `name`, `price`, `amount`), or an
 * SD file (names from the title lines), told apart by content.  Bad rows
 * are reported by line on stderr and skipped; the rest are used.
 */
#ifndef DZP_CLI_STOCK_FILE_H
#define DZP_CLI_STOCK_FILE_H

#include <stdbool.h>

#include "dzp/stock.h"

/* Read path into a new stock, canonicalizing on `threads` threads (1 or
 * more).  Unless quiet, a summary line goes to stderr.  Each unreadable
 * row gets one line on stderr ("stock file 'F', line N: ...; skipped"; the
 * first 20, then a count).  Returns 0, or a negative dzp_error with the
 * sentence (the file cannot be read, or holds no usable building block). */
int stock_file_load(dzp_stock **out, const char *path, int threads, bool quiet);

#endif
