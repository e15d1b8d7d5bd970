/*
 * stock.h - the building blocks at hand (--stock): a set of molecules
 * known by canonical SMILES (stereo kept), each with what the stock file
 * says of it (name, price, amount on the shelf).  The planner asks it
 * whether a reagent or an intermediate is in stock; it never reads files
 * (src/cli/stock_file.c does).
 *
 * Memory is proportional to the entries: the strings sit in one arena and
 * the index is an open-addressing table of 32-bit entry numbers, so a
 * million building blocks cost tens of megabytes.  Once loaded, a stock is
 * only read: it may be shared by threads, and by forked workers.
 */
#ifndef DZP_STOCK_H
#define DZP_STOCK_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dzp_stock dzp_stock;

/* One building block.  The strings belong to the stock and stay valid
 * until the next dzp_stock_add() or dzp_stock_free(). */
typedef struct {
    const char *smiles;   /* canonical, stereo kept */
    const char *name;     /* or NULL */
    const char *price;    /* as the file writes it, or NULL */
    const char *amount;   /* as the file writes it, or NULL */
    long line;            /* where the file has it (1-based), 0 when unknown */
} dzp_stock_entry;

/* An empty stock.  Returns 0, or DZP_ENOMEM. */
int dzp_stock_new(dzp_stock **out);

/* Add a building block known by its canonical SMILES (as dzp_mol_smiles()
 * writes it with DZP_SMILES_CANONICAL); name, price and amount may be
 * NULL.  A SMILES already in the stock keeps its first entry.  Returns 1
 * when added, 0 for a repeat, or DZP_ENOMEM / DZP_EINVAL (an empty SMILES,
 * or more than 2^31 entries or bytes) with the stock unchanged. */
int dzp_stock_add(dzp_stock *s, const char *smiles, const char *name, const char *price,
                  const char *amount, long line);

/* Whether the molecule with this canonical SMILES is in stock; with entry
 * not NULL, its entry is copied there.  NULL stock or SMILES: false. */
bool dzp_stock_find(const dzp_stock *s, const char *smiles, dzp_stock_entry *entry);

/* How many distinct building blocks it holds (0 for NULL). */
size_t dzp_stock_count(const dzp_stock *s);

/* The bytes it holds (strings, entries and index), for the benchmark. */
size_t dzp_stock_bytes(const dzp_stock *s);

/* Accepts NULL. */
void dzp_stock_free(dzp_stock *s);

#ifdef __cplusplus
}
#endif
#endif
