/*
 * plan_store.c - a batch's memory of search states (dzp_state_store).
 *
 * Most molecules a search meets recur from one target to the next: the
 * substrate and its protected forms in every row, the substrate with one
 * target group in every row that has that group.  The store keeps each
 * state the planner built (its molecule, ring atoms, the functional groups
 * matched on it so far, whether the stock holds it) under a text key that
 * says what defines it: the substrate's canonical SMILES and per
 * nitrogen what sits there (plan_search.c writes the key).  A search that
 * needs a state with that key borrows the stored one instead of building
 * it again and matching its functional groups again.  It keeps, the same
 * way, what an install rule derived for a group (plan_disconnect.c: the
 * reagent, its canonical SMILES and name, and whether reagent_validity.yaml
 * refuses it), under the rule, the mask and the group's canonical SMILES.
 *
 * Entries live in an open-addressing hash table.  The store holds at most
 * its cap between plans: when a plan starts (plan_store_next_plan) and the
 * store is over the cap, entries are freed until half the cap is left:
 * first those only the plan that made them used (a state holding both of a
 * target's groups rarely recurs), then those used longest ago.  Nothing is freed while a plan runs, so a borrowed state
 * stays valid for the whole plan.  A store serves one thread.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "plan_internal.h"

typedef struct {
    char *key;               /* NULL: an empty slot */
    uint64_t hash;
    search_state *state;     /* a state, or NULL ... */
    derived_option *option;  /* ... a derived option */
    unsigned long last_used; /* the plan that last used it */
    unsigned long plans;     /* how many plans used it */
} store_entry;

struct dzp_state_store {
    store_entry *slots;
    size_t cap_slots;        /* a power of two, at least twice n */
    size_t n;
    size_t max_states;
    unsigned long plan;      /* plans started so far */
    const dzp_rules *rules;  /* the rules and stock its entries were made with */
    const dzp_stock *stock;
    unsigned long reused;    /* states found */
};

static uint64_t hash_key(const char *key)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

int dzp_state_store_new(dzp_state_store **out, size_t max_states)
{
    if (!out || max_states < 1)
        return dzp_error_set(DZP_EINVAL, "a state store needs room for at least one state");
    dzp_state_store *store = calloc(1, sizeof(*store));
    if (!store)
        return plan_oom("for the state store");
    store->max_states = max_states;
    *out = store;
    return 0;
}

static void free_entry(store_entry *e)
{
    if (e->state)
        plan_state_clear(e->state);
    free(e->state);
    if (e->option)
        plan_option_clear(&e->option->option);
    free(e->option);
    free(e->key);
    memset(e, 0, sizeof(*e));
}

/* Free every entry (the table keeps its size). */
static void empty(dzp_state_store *store)
{
    for (size_t i = 0; i < store->cap_slots; i++)
        if (store->slots[i].key)
            free_entry(&store->slots[i]);
    store->n = 0;
}

void dzp_state_store_free(dzp_state_store *store)
{
    if (!store)
        return;
    empty(store);
    free(store->slots);
    free(store);
}

/* Put e into slots (cap a power of two, with a free slot for it). */
static void place(store_entry *slots, size_t cap, store_entry e)
{
    size_t i = e.hash & (cap - 1);
    while (slots[i].key)
        i = (i + 1) & (cap - 1);
    slots[i] = e;
}

/* Move every entry into a table of cap slots.  Returns 0 or DZP_ENOMEM
 * (the store unchanged). */
static int rehash(dzp_state_store *store, size_t cap)
{
    store_entry *slots = calloc(cap, sizeof(*slots));
    if (!slots)
        return plan_oom("for the state store");
    for (size_t i = 0; i < store->cap_slots; i++)
        if (store->slots[i].key)
            place(slots, cap, store->slots[i]);
    free(store->slots);
    store->slots = slots;
    store->cap_slots = cap;
    return 0;
}

/* The entry under key, marked used; NULL when none. */
static store_entry *find_entry(dzp_state_store *store, const char *key)
{
    if (!store || store->n == 0)
        return NULL;
    uint64_t h = hash_key(key);
    for (size_t i = h & (store->cap_slots - 1); store->slots[i].key;
         i = (i + 1) & (store->cap_slots - 1)) {
        store_entry *e = &store->slots[i];
        if (e->hash == h && strcmp(e->key, key) == 0) {
            if (e->last_used != store->plan)
                e->plans++;
            e->last_used = store->plan;
            store->reused++;
            return e;
        }
    }
    return NULL;
}

search_state *plan_store_find(dzp_state_store *store, const char *key)
{
    store_entry *e = find_entry(store, key);
    return e ? e->state : NULL;
}

const derived_option *plan_store_find_option(dzp_state_store *store, const char *key)
{
    store_entry *e = find_entry(store, key);
    return e ? e->option : NULL;
}

/* Add entry e (its key and value taken over on success; key freed on
 * failure).  Returns 0 or DZP_ENOMEM. */
static int add_entry(dzp_state_store *store, store_entry e)
{
    if (2 * (store->n + 1) > store->cap_slots &&
        rehash(store, store->cap_slots ? 2 * store->cap_slots : 256) != 0) {
        free(e.key);
        return DZP_ENOMEM;
    }
    e.hash = hash_key(e.key);
    e.last_used = store->plan;
    e.plans = 1;
    place(store->slots, store->cap_slots, e);
    store->n++;
    return 0;
}

int plan_store_add(dzp_state_store *store, char *key, search_state *state)
{
    return add_entry(store, (store_entry){.key = key, .state = state});
}

int plan_store_add_option(dzp_state_store *store, char *key, derived_option *d)
{
    return add_entry(store, (store_entry){.key = key, .option = d});
}

/* The entries worth keeping first: used by more than one plan, then the
 * most recently used. */
static int by_worth(const void *a, const void *b)
{
    const store_entry *x = *(store_entry *const *)a, *y = *(store_entry *const *)b;
    bool x_shared = x->plans > 1, y_shared = y->plans > 1;
    if (x_shared != y_shared)
        return x_shared ? -1 : 1;
    return x->last_used < y->last_used ? 1 : x->last_used > y->last_used ? -1 : 0;
}

/* Free the entries used longest ago until half the cap is left, and
 * rebuild the table (open addressing cannot just blank a slot).  Out of
 * memory, nothing is freed until the next plan tries again. */
static void evict(dzp_state_store *store)
{
    store_entry **order = malloc(store->n * sizeof(*order));
    store_entry *slots = calloc(store->cap_slots, sizeof(*slots));
    if (!order || !slots) {
        free(order);
        free(slots);
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < store->cap_slots; i++)
        if (store->slots[i].key)
            order[n++] = &store->slots[i];
    qsort(order, n, sizeof(*order), by_worth);
    size_t keep = store->max_states / 2 < n ? store->max_states / 2 : n;
    for (size_t i = 0; i < n; i++) {
        if (i < keep)
            place(slots, store->cap_slots, *order[i]);
        else
            free_entry(order[i]);
    }
    free(order);
    free(store->slots);
    store->slots = slots;
    store->n = keep;
}

void plan_store_next_plan(dzp_state_store *store, const dzp_rules *rules,
                          const dzp_stock *stock)
{
    if (!store)
        return;
    store->plan++;
    if (store->rules != rules || store->stock != stock) { /* made for other rules or stock */
        empty(store);
        store->rules = rules;
        store->stock = stock;
    }
    if (store->n > store->max_states)
        evict(store);
}

void dzp_state_store_stats(const dzp_state_store *store, size_t *held, unsigned long *reused)
{
    if (held)
        *held = store ? store->n : 0;
    if (reused)
        *reused = store ? store->reused : 0;
}
