/*
 * stock.c - the building blocks at hand, as a hash set of canonical SMILES
 * (see dzp/stock.h).  Every string lives in one growing arena and is named
 * by its offset (offset 0 is the empty string, "none"); an entry is five
 * 32-bit numbers; the index is an open-addressing table (linear probing,
 * at most half full) of entry numbers plus one, 0 marking a free slot.
 * Growing the arena moves the strings but never their offsets.
 */
#include "dzp/stock.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"

typedef struct {
    uint32_t smiles, name, price, amount; /* arena offsets; 0: none */
    uint32_t line;
} stock_entry;

struct dzp_stock {
    char *arena;
    size_t arena_len, arena_cap;
    stock_entry *entries;
    size_t n_entries, cap_entries;
    uint32_t *slots;          /* entry number + 1, or 0 */
    size_t n_slots;           /* a power of two */
};

enum { INITIAL_SLOTS = 1024 };
#define STOCK_LIMIT ((size_t)INT32_MAX)

/* FNV-1a, 64-bit. */
static uint64_t hash_text(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

int dzp_stock_new(dzp_stock **out)
{
    dzp_stock *s = calloc(1, sizeof(*s));
    if (s) {
        s->arena = malloc(4096);
        s->slots = calloc(INITIAL_SLOTS, sizeof(uint32_t));
    }
    if (!s || !s->arena || !s->slots) {
        dzp_stock_free(s);
        return dzp_error_set(DZP_ENOMEM, "out of memory for the stock");
    }
    s->arena[0] = '\0';
    s->arena_len = 1;
    s->arena_cap = 4096;
    s->n_slots = INITIAL_SLOTS;
    *out = s;
    return 0;
}

void dzp_stock_free(dzp_stock *s)
{
    if (!s)
        return;
    free(s->arena);
    free(s->entries);
    free(s->slots);
    free(s);
}

size_t dzp_stock_count(const dzp_stock *s)
{
    return s ? s->n_entries : 0;
}

size_t dzp_stock_bytes(const dzp_stock *s)
{
    return s ? s->arena_cap + s->cap_entries * sizeof(stock_entry) +
                   s->n_slots * sizeof(uint32_t)
             : 0;
}

/* The slot that holds smiles, or the free slot where it would go. */
static size_t find_slot(const dzp_stock *s, const char *smiles)
{
    size_t mask = s->n_slots - 1, i = (size_t)hash_text(smiles) & mask;
    while (s->slots[i] != 0 &&
           strcmp(s->arena + s->entries[s->slots[i] - 1].smiles, smiles) != 0)
        i = (i + 1) & mask;
    return i;
}

bool dzp_stock_find(const dzp_stock *s, const char *smiles, dzp_stock_entry *entry)
{
    if (!s || !smiles || !*smiles)
        return false;
    uint32_t slot = s->slots[find_slot(s, smiles)];
    if (slot == 0)
        return false;
    if (entry) {
        const stock_entry *e = &s->entries[slot - 1];
        entry->smiles = s->arena + e->smiles;
        entry->name = e->name ? s->arena + e->name : NULL;
        entry->price = e->price ? s->arena + e->price : NULL;
        entry->amount = e->amount ? s->arena + e->amount : NULL;
        entry->line = (long)e->line;
    }
    return true;
}

/* Double the index (at most half full afterwards). */
static int grow_slots(dzp_stock *s)
{
    size_t n = s->n_slots * 2, mask = n - 1;
    uint32_t *slots = calloc(n, sizeof(uint32_t));
    if (!slots)
        return dzp_error_set(DZP_ENOMEM, "out of memory for the stock's index");
    for (size_t e = 0; e < s->n_entries; e++) {
        size_t i = (size_t)hash_text(s->arena + s->entries[e].smiles) & mask;
        while (slots[i] != 0)
            i = (i + 1) & mask;
        slots[i] = (uint32_t)(e + 1);
    }
    free(s->slots);
    s->slots = slots;
    s->n_slots = n;
    return 0;
}

static size_t text_size(const char *t)
{
    return t && *t ? strlen(t) + 1 : 0;
}

/* Copy t into the arena (room made already); its offset, or 0 for none. */
static uint32_t keep(dzp_stock *s, const char *t)
{
    size_t n = text_size(t);
    if (n == 0)
        return 0;
    uint32_t at = (uint32_t)s->arena_len;
    memcpy(s->arena + at, t, n);
    s->arena_len += n;
    return at;
}

int dzp_stock_add(dzp_stock *s, const char *smiles, const char *name, const char *price,
                  const char *amount, long line)
{
    if (!s || !smiles || !*smiles)
        return dzp_error_set(DZP_EINVAL, "a stock entry needs a SMILES");
    if ((s->n_entries + 1) * 2 > s->n_slots) {
        int rc = grow_slots(s);
        if (rc != 0)
            return rc;
    }
    size_t slot = find_slot(s, smiles);
    if (s->slots[slot] != 0)
        return 0;
    size_t need = text_size(smiles) + text_size(name) + text_size(price) + text_size(amount);
    if (s->arena_len + need > STOCK_LIMIT || s->n_entries + 1 > STOCK_LIMIT)
        return dzp_error_set(DZP_EINVAL, "the stock is larger than dzp-plan can hold (2 GB)");
    if (s->arena_len + need > s->arena_cap) {
        size_t cap = s->arena_cap * 2;
        while (cap < s->arena_len + need)
            cap *= 2;
        char *arena = realloc(s->arena, cap);
        if (!arena)
            return dzp_error_set(DZP_ENOMEM, "out of memory for the stock");
        s->arena = arena;
        s->arena_cap = cap;
    }
    if (s->n_entries == s->cap_entries) {
        size_t cap = s->cap_entries ? s->cap_entries * 2 : 256;
        stock_entry *entries = realloc(s->entries, cap * sizeof(*entries));
        if (!entries)
            return dzp_error_set(DZP_ENOMEM, "out of memory for the stock");
        s->entries = entries;
        s->cap_entries = cap;
    }
    stock_entry *e = &s->entries[s->n_entries];
    e->smiles = keep(s, smiles);
    e->name = keep(s, name);
    e->price = keep(s, price);
    e->amount = keep(s, amount);
    e->line = line > 0 && (unsigned long)line <= UINT32_MAX ? (uint32_t)line : 0;
    s->slots[slot] = (uint32_t)(++s->n_entries);
    return 1;
}
