/*
 * gen_series.c - dzp-gen-series: write a deterministic benchmark series of
 * 1,4-diazepane targets to stdout as .smi lines ("SMILES name").
 *
 * Every target is built by graph edits through include/dzp/mol.h, never by
 * pasting SMILES text together: each substituent below is written once with
 * a '*' at its attachment, cut off that '*' (dzp_mol_fragment, the attachment
 * atom capped with H), and joined to a ring N-H of a parsed core
 * (dzp_mol_join).  For variety, an aryl halide sometimes gets its halogen
 * swapped in place (dzp_mol_set_terminal_atom) and an aromatic ring a small
 * decoration (F, Cl, Me, OMe, CF3, CN) joined to one of its C-H.  The line
 * written is the canonical SMILES of the result, checked to parse back
 * strictly to the same string.
 *
 * The mix imitates a med-chem compound list: mostly mono- and
 * di-substituted homopiperazines (benzyls, heteroarylmethyls, secondary
 * alkyls, (hetero)aryls, amides, sulfonamides, ureas, Boc/Cbz), some
 * symmetric ones, a few groups with no route (tert-alkyl), a few
 * piperazines/piperidines/morpholines (not diazepanes) and a few rows of
 * literally bad SMILES.  The only non-generated text is that bad input.
 *
 * Usage: dzp-gen-series [--count N] [--seed S] [--unique]  (defaults 10000, 1)
 * The same count and seed give the same bytes; the first N rows of a longer
 * series are the rows of a shorter one with the same seed.  With --unique a
 * row whose SMILES was written already gets its groups drawn again (the
 * same kind of row on the same ring, so the mix stays the tables' as long as
 * it can; then another kind): no target is written twice, only the six bad
 * rows may repeat (the performance benchmark's "nearly unique" targets: a
 * real list repeats little; without it about half the rows of 5,000 recur).
 * Mono-substituted targets run out first, so a long unique series holds
 * fewer of them (about 12% of 5,000 rows keep a free ring N-H, against 30%
 * in a plain series).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "dzp/mol.h"

#define MAX_NBRS 8
#define MAX_HALO 4
#define MAX_GROUPS 2

/* --- The data -------------------------------------------------------------- */

typedef struct {
    const char *smiles; /* '*' marks the attachment to a ring nitrogen */
    int weight;         /* relative frequency in the series */
} frag_def;

static const frag_def frag_defs[] = {
    /* alkyl via CH2: benzyls (halides, ester, acetals, nitro, nitrile, ethers) */
    {"*Cc1ccccc1", 10},
    {"*Cc1ccc(F)cc1", 6},
    {"*Cc1ccc(Cl)cc1", 6},
    {"*Cc1ccc(F)cc1Cl", 5},
    {"*Cc1ccc(Br)cc1", 4},
    {"*Cc1cccc(Cl)c1", 3},
    {"*Cc1ccc(cc1)C(=O)OC", 4},
    {"*Cc1ccc(cc1)C(OC)OC", 2},
    {"*Cc1ccc(cc1)C1OCCO1", 2},
    {"*Cc1ccc(cc1)[N+](=O)[O-]", 3},
    {"*Cc1ccc(C#N)cc1", 4},
    {"*Cc1ccc(OC)cc1", 5},
    {"*Cc1ccc(OC)c(OC)c1", 3},
    /* heteroarylmethyl, plain alkyl */
    {"*Cc1ccco1", 3},
    {"*Cc1ccccn1", 3},
    {"*Cc1cccnc1", 3},
    {"*Cc1ccncc1", 2},
    {"*Cc1cccs1", 2},
    {"*CC", 2},
    {"*CCOC", 2},
    /* secondary alkyls (reductive amination with a ketone), methyl */
    {"*C1CCCCC1", 4},
    {"*C1CCCC1", 3},
    {"*C(C)C", 4},
    {"*C1CCOCC1", 3},
    {"*C", 4},
    /* aryl (Buchwald-Hartwig, SNAr) */
    {"*c1ccccc1", 4},
    {"*c1ccc(C)cc1", 3},
    {"*c1ccc(F)cc1", 3},
    {"*c1ccc(Cl)cc1", 3},
    {"*c1cccnc1", 3},
    {"*c1ccccn1", 3},
    {"*c1ccc(cc1)[N+](=O)[O-]", 3},
    /* acyl, sulfonyl, carbamoyl */
    {"*C(=O)c1ccccc1", 4},
    {"*C(C)=O", 4},
    {"*C(=O)C1CC1", 3},
    {"*S(C)(=O)=O", 3},
    {"*S(=O)(=O)c1ccc(C)cc1", 3},
    {"*S(=O)(=O)c1ccccc1", 3},
    {"*C(=O)N(C)C", 2},
    {"*C(=O)N1CCOCC1", 2},
    /* protecting groups */
    {"*C(=O)OC(C)(C)C", 6},
    {"*C(=O)OCc1ccccc1", 4},
    /* no route expected */
    {"*C12CC3CC(CC(C3)C1)C2", 1},
    {"*C(C)(C)C", 1},
};
#define N_FRAGS (sizeof frag_defs / sizeof frag_defs[0])

typedef struct {
    const char *smiles;
    int weight;
} core_def;

/* Diazepane cores: mostly the parent ring, occasionally a substituted one. */
static const core_def diazepane_cores[] = {
    {"C1CNCCNC1", 88},
    {"CC1CNCCCN1", 5},
    {"C[C@@H]1CNCCCN1", 4},
    {"CC(C)(C)OC(=O)N1CCCNCC1", 3},
};
/* Rings that are not 1,4-diazepanes, decorated the same way. */
static const core_def other_cores[] = {
    {"C1CNCCN1", 5},
    {"C1CCNCC1", 4},
    {"C1COCCN1", 2},
};
#define N_DZP_CORES (sizeof diazepane_cores / sizeof diazepane_cores[0])
#define N_OTHER_CORES (sizeof other_cores / sizeof other_cores[0])

/* Literal bad input: the only rows not built by graph edits. */
static const char *const bad_smiles[] = {
    "C1CNCCNC1X",          /* invalid character */
    "CC(C(C",              /* unbalanced parentheses (Open Babel accepts it) */
    "c1cccc1",             /* aromatic ring that does not kekulize */
    "C1CNCCNC",            /* unclosed ring */
    "C1CN(CCNC1)C(=O)O)C", /* extra ')' */
    "C1CNCC[N](C)(C)(C)C1" /* five-valent neutral nitrogen */
};
#define N_BAD (sizeof bad_smiles / sizeof bad_smiles[0])

/* The kinds of row and their share of the series, per mille.  other_ring
 * rows use other_cores; a core with fewer free N-H than n_groups just takes
 * fewer groups (the Boc core, piperidine, morpholine). */
typedef struct {
    int weight;
    int n_groups;    /* 0 for a bad row */
    int same_group;  /* 1: the same group on both nitrogens */
    int other_ring;  /* 1: not a 1,4-diazepane */
} row_def;

static const row_def row_defs[] = {
    {400, 1, 0, 0}, /* mono-substituted */
    {450, 2, 0, 0}, /* di-substituted, two different groups */
    {100, 2, 1, 0}, /* symmetric */
    {15, 1, 0, 1},  /* piperazine etc., one group */
    {15, 2, 0, 1},  /* piperazine etc., two groups */
    {20, 0, 0, 0},  /* bad SMILES */
};
#define N_ROW_DEFS (sizeof row_defs / sizeof row_defs[0])

/* Halogens a terminal aryl halide may be swapped to, and how often (%). */
static const int halogens[] = {9, 17, 35};
#define N_HALOGENS (sizeof halogens / sizeof halogens[0])
#define HALO_SWAP_PERCENT 25

/* Small ring decorations, put on an aromatic C-H of a group now and then so
 * that the series is not mostly repeats (a real SAR list varies the ring). */
static const frag_def decor_defs[] = {
    {"*F", 4}, {"*Cl", 3}, {"*C", 3}, {"*OC", 2}, {"*C(F)(F)F", 2}, {"*C#N", 1},
};
#define N_DECOR (sizeof decor_defs / sizeof decor_defs[0])
#define DECORATE_PERCENT 40

/* --- Random numbers: xorshift64*, seeded through splitmix64 ----------------- */

typedef struct {
    uint64_t s;
} rng;

static void rng_seed(rng *r, uint64_t seed)
{
    uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    r->s = z ? z : 0x2545f4914f6cdd1dULL; /* xorshift must not start at 0 */
}

static uint64_t rng_next(rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545f4914f6cdd1dULL;
}

/* A number in [0, n); n > 0.  The modulo bias is below 1e-15 for our n. */
static int rng_below(rng *r, int n)
{
    return (int)(rng_next(r) % (uint64_t)n);
}

/* An index into weights[n], drawn in proportion to the weights. */
static int pick_weighted(rng *r, const int *weights, size_t stride, size_t n)
{
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += *(const int *)((const char *)weights + i * stride);
    int x = rng_below(r, total);
    for (size_t i = 0; i < n; i++) {
        x -= *(const int *)((const char *)weights + i * stride);
        if (x < 0)
            return (int)i;
    }
    return (int)n - 1;
}

#define PICK(r, table, n) pick_weighted((r), &(table)[0].weight, sizeof(table)[0], (n))

/* --- Building blocks ------------------------------------------------------- */

/* A substituent ready to join: the fragment cut off its '*' with the
 * attachment atom capped by H, that atom's index, and the terminal
 * halogens on aromatic carbons that may be swapped. */
typedef struct {
    dzp_mol *mol;
    int attach;
    int halo[MAX_HALO];
    int n_halo;
} piece;

typedef struct {
    piece pieces[N_FRAGS];
    piece decor[N_DECOR];
    dzp_mol *dzp_cores[N_DZP_CORES];
    dzp_mol *other_cores[N_OTHER_CORES];
} library;

static int fail(const char *what, const char *smiles)
{
    fprintf(stderr, "dzp-gen-series: %s %s: %s\n", what, smiles, dzp_error_last());
    return -1;
}

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* The '*' atom of frag and its one neighbour; -1 unless there is exactly
 * one '*' and it is terminal. */
static int find_dummy(const dzp_mol *frag, int *nbr)
{
    int dummy = -1, n = dzp_mol_atom_count(frag);
    for (int i = 0; i < n; i++) {
        if (dzp_mol_atom_element(frag, i) != 0)
            continue;
        if (dummy >= 0)
            return -1;
        dummy = i;
    }
    if (dummy < 0 || dzp_mol_atom_neighbors(frag, dummy, nbr, 1) != 1)
        return -1;
    return dummy;
}

/* Record the terminal halogens on aromatic carbons of p->mol. */
static void find_halogens(piece *p)
{
    int n = dzp_mol_atom_count(p->mol), nbrs[MAX_NBRS];
    p->n_halo = 0;
    for (int i = 0; i < n && p->n_halo < MAX_HALO; i++) {
        int el = dzp_mol_atom_element(p->mol, i);
        if (el != 9 && el != 17 && el != 35)
            continue;
        if (dzp_mol_atom_neighbors(p->mol, i, nbrs, MAX_NBRS) == 1 &&
            dzp_mol_atom_aromatic(p->mol, nbrs[0]))
            p->halo[p->n_halo++] = i;
    }
}

/* Parse a '*' fragment and cut the '*' off.  On error -1, with a message
 * on stderr, and *p untouched. */
static int piece_make(piece *p, const char *smiles)
{
    dzp_mol *frag = NULL;
    int *map = NULL, a = -1, rc = -1;
    if (dzp_mol_from_smiles(&frag, smiles, DZP_PARSE_DUMMY) != 0)
        return fail("cannot parse fragment", smiles);
    int d = find_dummy(frag, &a);
    if (d < 0) {
        dzp_error_set(DZP_EINVAL, "it needs exactly one terminal '*'");
        fail("bad fragment", smiles);
    } else if (dzp_mol_fragment(&p->mol, &map, NULL, frag, a, d, DZP_CAP_HYDROGEN) != 0) {
        fail("cannot cut the '*' off", smiles);
    } else {
        p->attach = map[a];
        find_halogens(p);
        rc = 0;
    }
    free(map);
    dzp_mol_free(frag);
    return rc;
}

static void library_free(library *lib)
{
    for (size_t i = 0; i < N_FRAGS; i++)
        dzp_mol_free(lib->pieces[i].mol);
    for (size_t i = 0; i < N_DECOR; i++)
        dzp_mol_free(lib->decor[i].mol);
    for (size_t i = 0; i < N_DZP_CORES; i++)
        dzp_mol_free(lib->dzp_cores[i]);
    for (size_t i = 0; i < N_OTHER_CORES; i++)
        dzp_mol_free(lib->other_cores[i]);
}

/* Parse every core and fragment.  On error -1 (message on stderr); the
 * caller still frees lib, which must start zeroed. */
static int library_load(library *lib)
{
    for (size_t i = 0; i < N_FRAGS; i++)
        if (piece_make(&lib->pieces[i], frag_defs[i].smiles) != 0)
            return -1;
    for (size_t i = 0; i < N_DECOR; i++)
        if (piece_make(&lib->decor[i], decor_defs[i].smiles) != 0)
            return -1;
    for (size_t i = 0; i < N_DZP_CORES; i++)
        if (dzp_mol_from_smiles(&lib->dzp_cores[i], diazepane_cores[i].smiles, 0) != 0)
            return fail("cannot parse core", diazepane_cores[i].smiles);
    for (size_t i = 0; i < N_OTHER_CORES; i++)
        if (dzp_mol_from_smiles(&lib->other_cores[i], other_cores[i].smiles, 0) != 0)
            return fail("cannot parse core", other_cores[i].smiles);
    return 0;
}

/* --- One row ---------------------------------------------------------------- */

/* Ring nitrogens with an H among atoms [0, limit) of mol, into nh[max]. */
static int find_ring_nh(const dzp_mol *mol, int limit, int *nh, int max)
{
    int n = 0;
    for (int i = 0; i < limit && n < max; i++)
        if (dzp_mol_atom_element(mol, i) == 7 && dzp_mol_atom_hcount(mol, i) > 0 &&
            dzp_mol_atom_in_ring(mol, i))
            nh[n++] = i;
    return n;
}

/* Put one decoration on a random aromatic C-H of *m other than atom keep
 * (the attachment, which needs its H), replacing *m; no-op when there is
 * none.  Atoms of *m keep their indices. */
static int decorate(dzp_mol **m, int keep, const library *lib, rng *r)
{
    int sites[DZP_MOL_MAX_ATOMS], k = 0, n = dzp_mol_atom_count(*m);
    for (int i = 0; i < n && k < DZP_MOL_MAX_ATOMS; i++)
        if (i != keep && dzp_mol_atom_element(*m, i) == 6 && dzp_mol_atom_aromatic(*m, i) &&
            dzp_mol_atom_hcount(*m, i) > 0)
            sites[k++] = i;
    if (k == 0)
        return 0;
    const piece *d = &lib->decor[PICK(r, decor_defs, N_DECOR)];
    dzp_mol *next = NULL;
    int rc = dzp_mol_join(&next, *m, sites[rng_below(r, k)], d->mol, d->attach, 1);
    if (rc == 0) {
        dzp_mol_free(*m);
        *m = next;
    }
    return rc;
}

/* A copy of p's molecule, now and then with its aryl halogen swapped for
 * another and with a ring decoration added. */
static int piece_variant(dzp_mol **out, const piece *p, const library *lib, rng *r)
{
    dzp_mol *m = NULL;
    int rc = dzp_mol_clone(&m, p->mol);
    if (rc != 0)
        return rc;
    if (p->n_halo > 0 && rng_below(r, 100) < HALO_SWAP_PERCENT) {
        int atom = p->halo[rng_below(r, p->n_halo)];
        rc = dzp_mol_set_terminal_atom(m, atom, halogens[rng_below(r, N_HALOGENS)], 1);
    }
    if (rc == 0 && rng_below(r, 100) < DECORATE_PERCENT)
        rc = decorate(&m, p->attach, lib, r);
    if (rc != 0)
        dzp_mol_free(m);
    else
        *out = m;
    return rc;
}

/* Join group i (attachment atom attach[i]) to a free ring N-H of core, one
 * after the other, each on an N-H picked at random; stops early when the
 * core has no N-H left.  Only the core's own atoms are searched: the atoms
 * of core keep their indices through each join. */
static int attach_groups(dzp_mol **out, const dzp_mol *core, dzp_mol *const *groups,
                         const int *attach, int n, rng *r)
{
    dzp_mol *m = NULL, *next = NULL;
    int limit = dzp_mol_atom_count(core), nh[MAX_GROUPS], rc = dzp_mol_clone(&m, core);
    for (int i = 0; rc == 0 && i < n; i++) {
        int k = find_ring_nh(m, limit, nh, MAX_GROUPS);
        if (k == 0)
            break;
        rc = dzp_mol_join(&next, m, nh[rng_below(r, k)], groups[i], attach[i], 1);
        if (rc == 0) {
            dzp_mol_free(m);
            m = next;
        }
    }
    if (rc != 0)
        dzp_mol_free(m);
    else
        *out = m;
    return rc;
}

/* Canonical SMILES of mol into *out, checked to parse back strictly to the
 * same canonical SMILES. */
static int smiles_checked(char **out, const dzp_mol *mol)
{
    char *s = NULL, *again = NULL;
    dzp_mol *back = NULL;
    int rc = dzp_mol_smiles(&s, mol, DZP_SMILES_CANONICAL);
    if (rc == 0)
        rc = dzp_mol_from_smiles(&back, s, DZP_PARSE_STRICT);
    if (rc == 0)
        rc = dzp_mol_smiles(&again, back, DZP_SMILES_CANONICAL);
    if (rc == 0 && strcmp(s, again) != 0)
        rc = dzp_error_set(DZP_EINTERNAL, "%s reads back as %s", s, again);
    if (rc != 0)
        free(s);
    else
        *out = s;
    free(again);
    dzp_mol_free(back);
    return rc;
}

/* Pick def->n_groups fragments (distinct, or one used twice) and make the
 * variant of each that this row uses. */
static int pick_groups(dzp_mol **groups, int *attach, const row_def *def, const library *lib,
                       rng *r)
{
    int idx[MAX_GROUPS];
    for (int i = 0; i < def->n_groups; i++) {
        if (i > 0 && def->same_group) {
            groups[i] = groups[0];
            attach[i] = attach[0];
            continue;
        }
        do
            idx[i] = PICK(r, frag_defs, N_FRAGS);
        while (i > 0 && idx[i] == idx[0]);
        attach[i] = lib->pieces[idx[i]].attach;
        if (piece_variant(&groups[i], &lib->pieces[idx[i]], lib, r) != 0)
            return -1;
    }
    return 0;
}

/* A row's kind and ring, drawn before its groups. */
typedef struct {
    const row_def *def;
    const dzp_mol *core;     /* NULL for a bad row */
    const char *bad;         /* a bad row's literal text */
} row_kind;

static row_kind draw_kind(const library *lib, rng *r)
{
    row_kind k = {&row_defs[PICK(r, row_defs, N_ROW_DEFS)], NULL, NULL};
    if (k.def->n_groups == 0)
        k.bad = bad_smiles[rng_below(r, N_BAD)];
    else
        k.core = k.def->other_ring ? lib->other_cores[PICK(r, other_cores, N_OTHER_CORES)]
                                   : lib->dzp_cores[PICK(r, diazepane_cores, N_DZP_CORES)];
    return k;
}

/* The SMILES of a row of kind k with groups drawn now, malloc'd.  On error
 * -1 with dzp_error_last(). */
static int build_groups(char **out, const library *lib, const row_kind *k, rng *r)
{
    if (k->bad) {
        *out = copy_string(k->bad);
        return *out ? 0 : dzp_error_set(DZP_ENOMEM, "out of memory");
    }
    const row_def *def = k->def;
    const dzp_mol *core = k->core;
    dzp_mol *groups[MAX_GROUPS] = {NULL, NULL}, *target = NULL;
    int attach[MAX_GROUPS];
    int rc = pick_groups(groups, attach, def, lib, r);
    if (rc == 0)
        rc = attach_groups(&target, core, groups, attach, def->n_groups, r);
    if (rc == 0)
        rc = smiles_checked(out, target);
    dzp_mol_free(target);
    if (groups[1] != groups[0])
        dzp_mol_free(groups[1]);
    dzp_mol_free(groups[0]);
    return rc;
}

/* --- Command line ----------------------------------------------------------- */

typedef struct {
    const char *name;
    unsigned long long *value;
    unsigned long long min, max;
} option_def;

static const char usage[] =
    "Usage: dzp-gen-series [--count N] [--seed S] [--unique]\n"
    "Write N benchmark targets (default 10000) as .smi lines \"SMILES name\" to\n"
    "stdout, deterministically for a seed S (default 1).  --unique: no target\n"
    "is written twice (only the few invalid rows may repeat); a long series\n"
    "then holds fewer mono-substituted rows, which run out first.\n";

/* Parse argv into the option table and *unique; 0, 1 for --help, or -1
 * (message on stderr). */
static int parse_args(int argc, char **argv, const option_def *opts, size_t n_opts, int *unique)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
        if (strcmp(argv[i], "--unique") == 0) {
            *unique = 1;
            continue;
        }
        size_t k = 0;
        while (k < n_opts && strcmp(argv[i], opts[k].name) != 0)
            k++;
        if (k == n_opts) {
            fprintf(stderr, "dzp-gen-series: unknown option '%s'\n%s", argv[i], usage);
            return -1;
        }
        char *end = NULL;
        const char *arg = i + 1 < argc ? argv[++i] : "";
        errno = 0;
        unsigned long long v = strtoull(arg, &end, 10);
        if (errno || end == arg || *end || arg[0] == '-' || v < opts[k].min || v > opts[k].max) {
            fprintf(stderr, "dzp-gen-series: %s needs a whole number from %llu to %llu, not '%s'\n",
                    opts[k].name, opts[k].min, opts[k].max, arg);
            return -1;
        }
        *opts[k].value = v;
    }
    return 0;
}

/* --- Strings written already (--unique): an open-addressing hash set ------- */

typedef struct {
    char **slot;
    size_t cap, n;
} string_set;

static uint64_t hash_string(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Add s (taken over); 1 when added, 0 when present (s freed), -1 on ENOMEM (s freed). */
static int set_add(string_set *set, char *s)
{
    if (2 * (set->n + 1) > set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 1024;
        char **slot = calloc(cap, sizeof *slot);
        if (!slot) {
            free(s);
            return -1;
        }
        for (size_t i = 0; i < set->cap; i++)
            if (set->slot[i]) {
                size_t j = hash_string(set->slot[i]) & (cap - 1);
                while (slot[j])
                    j = (j + 1) & (cap - 1);
                slot[j] = set->slot[i];
            }
        free(set->slot);
        set->slot = slot;
        set->cap = cap;
    }
    size_t j = hash_string(s) & (set->cap - 1);
    for (; set->slot[j]; j = (j + 1) & (set->cap - 1))
        if (strcmp(set->slot[j], s) == 0) {
            free(s);
            return 0;
        }
    set->slot[j] = s;
    set->n++;
    return 1;
}

static void set_free(string_set *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slot[i]);
    free(set->slot);
}

/* With --unique: a row's groups are drawn again, for the same kind of row
 * on the same ring, up to GROUP_DRAWS times, so the mix of rows stays the
 * tables' as long as it can; then the kind too.  Mono-substituted targets
 * run out first (there are a few hundred), so a long unique series holds
 * fewer of them than a plain one.  MAX_DRAWS_PER_ROW is a safeguard: the
 * space of targets is far larger than any count asked for. */
#define GROUP_DRAWS 8
#define MAX_DRAWS_PER_ROW 100000

/* The next row's SMILES, malloc'd; with seen, one not in it (it is added to
 * seen, which keeps its own copy); a bad row may always repeat (there are
 * six).  -1 with a message on stderr. */
static int next_row(char **out, const library *lib, rng *r, string_set *seen,
                    unsigned long long row)
{
    row_kind k = draw_kind(lib, r); /* without --unique: kind then groups, once */
    for (int draw = 0; draw < MAX_DRAWS_PER_ROW; draw++) {
        char *smiles = NULL;
        if (draw > 0 && draw % GROUP_DRAWS == 0)
            k = draw_kind(lib, r);
        if (build_groups(&smiles, lib, &k, r) != 0) {
            fprintf(stderr, "dzp-gen-series: row %llu: %s\n", row, dzp_error_last());
            return -1;
        }
        if (!seen || k.bad) {
            *out = smiles;
            return 0;
        }
        char *copy = copy_string(smiles);
        int added = copy ? set_add(seen, copy) : -1;
        if (added < 0) {
            free(smiles);
            fprintf(stderr, "dzp-gen-series: out of memory at row %llu\n", row);
            return -1;
        }
        if (added) {
            *out = smiles;
            return 0;
        }
        free(smiles);
    }
    fprintf(stderr, "dzp-gen-series: row %llu: no new target in %d draws; ask for fewer rows\n",
            row, MAX_DRAWS_PER_ROW);
    return -1;
}

/* Write count rows named bench_000001...; 0, or -1 with a message. */
static int write_series(const library *lib, unsigned long long count, rng *r, int unique)
{
    string_set seen = {NULL, 0, 0};
    for (unsigned long long i = 1; i <= count; i++) {
        char *smiles = NULL;
        if (next_row(&smiles, lib, r, unique ? &seen : NULL, i) != 0) {
            set_free(&seen);
            return -1;
        }
        printf("%s bench_%06llu\n", smiles, i);
        free(smiles);
    }
    set_free(&seen);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "dzp-gen-series: cannot write stdout: %s\n", strerror(errno));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long long count = 10000, seed = 1;
    const option_def opts[] = {
        {"--count", &count, 1, 99999999ULL},
        {"--seed", &seed, 0, UINT64_MAX},
    };
    int unique = 0;
    int rc = parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], &unique);
    if (rc != 0) {
        fputs(rc > 0 ? usage : "", rc > 0 ? stdout : stderr);
        return rc > 0 ? 0 : 2;
    }
    dzp_mol_global_init();
    library lib;
    memset(&lib, 0, sizeof lib);
    rng r;
    rng_seed(&r, (uint64_t)seed);
    rc = library_load(&lib) == 0 && write_series(&lib, count, &r, unique) == 0 ? 0 : 1;
    library_free(&lib);
    return rc;
}
