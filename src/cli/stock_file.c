/*
 * stock_file.c - reading --stock FILE (see stock_file.h).
 *
 * The rows are read by the batch reader, so a stock file obeys the rules
 * of a --batch file (.smi; CSV with ',' ';' or tab, quotes, CRLF, BOM; SD
 * files by name or content, each record as its SMILES).  They are gathered
 * in chunks, in input order; each chunk is canonicalized by a few threads
 * (the molecule layer is thread-safe; canonical SMILES is the costly part),
 * and the results are added to the stock in input order, so the first of
 * two rows with the same molecule wins whatever the thread count.  Memory
 * beyond the stock itself is one chunk.
 */
#define _GNU_SOURCE
#include "stock_file.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "batch_input.h"
#include "dzp/error.h"
#include "dzp/mol.h"
#include "exit_status.h"

enum { CHUNK_ROWS = 8192, MAX_THREADS = 16, SHOWN_SKIPS = 20 };

typedef struct {
    char *text;       /* the row's SMILES (an SD record's, as the batch reader writes it) */
    char *name, *price, *amount;
    long line;
    char *smiles;     /* canonical, once done */
    char *parent;     /* a salt or solvate: its largest component, canonical, or NULL */
    char *error;      /* why it cannot be used, once done */
} stock_item;

typedef struct {
    const char *path;
    stock_item *items;
    int n, threads;
    dzp_stock *stock;
    long rows, added, skipped, repeats, salts;
    bool progress;    /* a progress line on stderr (a terminal, not --quiet) */
} stock_load;

/* ---- reading the rows ------------------------------------------------------------------ */

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void item_clear(stock_item *it)
{
    free(it->text);
    free(it->name);
    free(it->price);
    free(it->amount);
    free(it->smiles);
    free(it->parent);
    free(it->error);
    memset(it, 0, sizeof(*it));
}

/* ---- canonicalizing a chunk on threads --------------------------------------------------- */

typedef struct {
    stock_load *load;
    int first, step;
} worker_arg;

static void canonicalize(stock_item *it)
{
    dzp_mol *mol = NULL;
    /* terse on the threads: Open Babel's own words are asked for later, on
     * one thread (explain_failures()) */
    int rc = dzp_mol_from_smiles(&mol, it->text, DZP_PARSE_COMPONENTS | DZP_PARSE_TERSE);
    if (rc == 0)
        rc = dzp_mol_smiles(&it->smiles, mol, DZP_SMILES_CANONICAL);
    if (rc == 0 && dzp_mol_component_count(mol) > 1) {
        /* a hydrochloride on the shelf is the amine at hand, once free-based */
        dzp_mol *parent = NULL;
        rc = dzp_mol_largest_component(&parent, mol);
        if (rc == 0)
            rc = dzp_mol_smiles(&it->parent, parent, DZP_SMILES_CANONICAL);
        dzp_mol_free(parent);
    }
    if (rc != 0)
        it->error = strdup(dzp_error_last());
    dzp_mol_free(mol);
}

static void *worker(void *p)
{
    worker_arg *a = p;
    for (int i = a->first; i < a->load->n; i += a->step)
        canonicalize(&a->load->items[i]);
    return NULL;
}

/* The rows that failed, read again on this one thread for Open Babel's
 * own words about them (safe now: the other threads are done). */
static void explain_failures(stock_load *l)
{
    for (int i = 0; i < l->n; i++) {
        stock_item *it = &l->items[i];
        if (it->smiles || !it->error)
            continue;
        dzp_mol *mol = NULL;
        if (dzp_mol_from_smiles(&mol, it->text, DZP_PARSE_COMPONENTS) != 0) {
            free(it->error);
            it->error = strdup(dzp_error_last());
        }
        dzp_mol_free(mol);
    }
}

/* Canonicalize the chunk, add it to the stock in order, and empty it. */
static int flush_chunk(stock_load *l)
{
    pthread_t tid[MAX_THREADS];
    worker_arg args[MAX_THREADS];
    int started = 0, threads = l->n < 64 ? 1 : l->threads;
    for (int t = 1; t < threads; t++) {
        args[t] = (worker_arg){l, t, threads};
        if (pthread_create(&tid[t], NULL, worker, &args[t]) != 0)
            break;
        started = t;
    }
    args[0] = (worker_arg){l, 0, threads};
    if (started + 1 < threads) /* fewer threads than hoped: do the rest here */
        for (int t = started + 1; t < threads; t++)
            for (int i = t; i < l->n; i += threads)
                canonicalize(&l->items[i]);
    worker(&args[0]);
    for (int t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    explain_failures(l);
    int rc = 0;
    for (int i = 0; i < l->n; i++) {
        stock_item *it = &l->items[i];
        if (rc == 0 && it->smiles) {
            rc = dzp_stock_add(l->stock, it->smiles, it->name, it->price, it->amount, it->line);
            l->added += rc == 1;
            l->repeats += rc == 0;
            if (rc >= 0 && it->parent) {
                l->salts++;
                rc = dzp_stock_add(l->stock, it->parent, it->name, it->price, it->amount,
                                   it->line);
            }
            rc = rc < 0 ? rc : 0;
        } else if (rc == 0) {
            if (++l->skipped <= SHOWN_SKIPS)
                dzp_cli_error("stock file '%s', line %ld: %s; row skipped", l->path, it->line,
                              it->error ? it->error : "out of memory");
        }
        item_clear(it);
    }
    l->rows += l->n;
    l->n = 0;
    if (l->progress)
        fprintf(stderr, "\rdzp-plan: reading the stock: %ld rows", l->rows);
    return rc;
}

/* Add one row's text to the chunk (taking it over), flushing when full. */
static int push(stock_load *l, char *text, const char *name, const char *price,
                const char *amount, long line)
{
    stock_item *it = &l->items[l->n++];
    it->text = text;
    it->name = dup_or_null(name);
    it->price = dup_or_null(price);
    it->amount = dup_or_null(amount);
    it->line = line;
    if (!text || (name && !it->name) || (price && !it->price) || (amount && !it->amount))
        return dzp_error_set(DZP_ENOMEM, "out of memory reading the stock file");
    return l->n == CHUNK_ROWS ? flush_chunk(l) : 0;
}

/* A .smi list or a CSV, row by row through the batch reader. */
static int read_rows(stock_load *l, FILE *f, const char *what)
{
    batch_reader *reader = NULL;
    int rc = batch_reader_open(&reader, f, l->path, what);
    batch_row row;
    while (rc == 0 && (rc = batch_reader_next(reader, &row)) == 1) {
        rc = 0;
        if (row.error) {
            if (++l->skipped <= SHOWN_SKIPS)
                dzp_cli_error("stock file '%s', line %ld: %s; row skipped", l->path, row.line,
                              row.error);
            continue;
        }
        rc = push(l, strdup(row.smiles), row.name, row.price, row.amount, row.line);
    }
    batch_reader_free(reader);
    return rc;
}

/* "12.3 s" or "0.41 s": the time since start. */
static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The closing line: how many building blocks, and what was merged. */
static void say_loaded(const stock_load *l, const struct timespec *start)
{
    char extra[160] = "";
    size_t n = 0;
    if (l->repeats)
        n += (size_t)snprintf(extra + n, sizeof(extra) - n, "; %ld repeated row%s merged",
                              l->repeats, l->repeats == 1 ? "" : "s");
    if (l->salts && n < sizeof(extra))
        n += (size_t)snprintf(extra + n, sizeof(extra) - n,
                              "; %ld salt%s or solvate%s also stand%s for the parent", l->salts,
                              l->salts == 1 ? "" : "s", l->salts == 1 ? "" : "s",
                              l->salts == 1 ? "s" : "");
    if (l->skipped && n < sizeof(extra))
        snprintf(extra + n, sizeof(extra) - n, "; %ld unreadable row%s skipped", l->skipped,
                 l->skipped == 1 ? "" : "s");
    fprintf(stderr, "%sdzp-plan: stock: %ld building block%s from '%s' in %.1f s%s\n",
            l->progress ? "\r\033[K" : "", l->added, l->added == 1 ? "" : "s", l->path,
            seconds_since(start), extra);
}

int stock_file_load(dzp_stock **out, const char *path, int threads, bool quiet)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    FILE *f = fopen(path, "r");
    if (!f)
        return dzp_error_set(DZP_EIO, "cannot read the stock file '%s': %s", path,
                             strerror(errno));
    stock_load l = {.path = path, .threads = threads < 1 ? 1 : threads,
                    .progress = !quiet && isatty(STDERR_FILENO)};
    if (l.threads > MAX_THREADS)
        l.threads = MAX_THREADS;
    char *what = NULL;
    int rc = dzp_stock_new(&l.stock);
    l.items = calloc(CHUNK_ROWS, sizeof(stock_item));
    if (rc == 0 && (!l.items || asprintf(&what, "the stock file '%s'", path) < 0)) {
        what = NULL;
        rc = dzp_error_set(DZP_ENOMEM, "out of memory reading the stock file");
    }
    if (rc == 0)
        rc = read_rows(&l, f, what);
    if (rc == 0)
        rc = flush_chunk(&l);
    for (int i = 0; i < l.n; i++)
        item_clear(&l.items[i]);
    if (rc == 0 && l.skipped > SHOWN_SKIPS)
        dzp_cli_error("stock file '%s': %ld more unreadable rows skipped", path,
                      l.skipped - SHOWN_SKIPS);
    if (rc == 0 && dzp_stock_count(l.stock) == 0)
        rc = dzp_error_set(DZP_EINVAL,
                           "the stock file '%s' holds no readable building block: give one "
                           "SMILES per line, a CSV with a 'smiles' column, or an SD file",
                           path);
    if (rc == 0 && !quiet)
        say_loaded(&l, &start);
    else if (l.progress)
        fputs("\r\033[K", stderr);
    fclose(f);
    free(what);
    free(l.items);
    if (rc == 0)
        *out = l.stock;
    else
        dzp_stock_free(l.stock);
    return rc;
}
