/*
 * scaffold.c - find the 1,4-diazepane ring, number it, and classify its two
 * nitrogens (free N-H, protecting group, other substituent; and what each
 * is: amine, amide, carbamate, ... by the n_types of rules/scaffold.yaml).
 *
 * The ring is found with the generic SMARTS of rules/scaffold.yaml and then
 * judged here (every ring bond single, no ring atom aromatic), so that a
 * benzodiazepine or diazepine is recognised and named rather than silently
 * missed.  All chemistry (the SMARTS, the protecting groups) comes from the
 * rules; this file only walks the graph.
 */
#include "dzp/scaffold.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"

/* Atoms of the diazepane ring. */
#define RING_SIZE 7

static const char *const site_labels[2] = {"N1", "N4"};

const char *dzp_site_state_name(dzp_site_state state)
{
    static const char *const names[] = {"NH", "PG", "R"};
    return names[state];
}

const char *dzp_site_state_text(const dzp_site *site, char *buf, size_t n)
{
    if (site->state == DZP_SITE_PG && site->pg)
        snprintf(buf, n, "PG:%s", site->pg->name);
    else
        snprintf(buf, n, "%s", dzp_site_state_name(site->state));
    return buf;
}

static bool in_ring7(const int *ring, int atom)
{
    for (int i = 0; i < RING_SIZE; i++)
        if (ring[i] == atom)
            return true;
    return false;
}

/* A saturated ring: all seven bonds single and no aromatic atom. */
static bool ring_saturated(const dzp_mol *mol, const int *ring)
{
    for (int i = 0; i < RING_SIZE; i++) {
        int a = ring[i], b = ring[(i + 1) % RING_SIZE];
        if (dzp_mol_atom_aromatic(mol, a) || dzp_mol_bond_aromatic(mol, a, b) ||
            dzp_mol_bond_order(mol, a, b) != 1)
            return false;
    }
    return true;
}

/* The saturated ring matches, 7 atoms each, into *out (malloc'd). */
static int find_rings(int **out, const dzp_mol *mol, const dzp_rules *rules)
{
    int *hits = NULL;
    int n = dzp_smarts_find(&hits, rules->scaffold.ring, mol, true);
    if (n < 0)
        return n;
    int kept = 0;
    for (int i = 0; i < n; i++)
        if (ring_saturated(mol, hits + RING_SIZE * i))
            memmove(hits + RING_SIZE * kept++, hits + RING_SIZE * i, RING_SIZE * sizeof(int));
    *out = hits;
    return kept;
}

int dzp_scaffold_count(const dzp_mol *mol, const dzp_rules *rules)
{
    int *hits = NULL;
    int n = find_rings(&hits, mol, rules);
    free(hits);
    return n;
}

/* Heavy neighbours of ring atom `atom` outside the ring: returns how many,
 * with the first of them in *first (-1 when none).  Exact for any degree:
 * the count is the degree less the bonds to other ring atoms, and since at
 * most RING_SIZE - 1 neighbours are ring atoms, the first outside one is
 * always among the first RING_SIZE listed. */
static int exocyclic(const dzp_mol *mol, const int *ring, int atom, int *first)
{
    int listed[RING_SIZE];
    int degree = dzp_mol_atom_neighbors(mol, atom, listed, RING_SIZE), in_ring = 0;
    for (int i = 0; i < RING_SIZE; i++)
        if (ring[i] != atom && dzp_mol_bond_order(mol, atom, ring[i]) != 0)
            in_ring++;
    *first = -1;
    for (int i = 0; i < degree && i < RING_SIZE && *first < 0; i++)
        if (!in_ring7(ring, listed[i]))
            *first = listed[i];
    return degree - in_ring;
}

/* Does protecting group pg cover exactly the substituent of site? */
static bool pg_covers(const dzp_pg *pg, const dzp_mol *mol, const dzp_site *site, int sub_atoms)
{
    int *hits = NULL;
    int n = dzp_smarts_find(&hits, pg->smarts, mol, false);
    int w = dzp_smarts_atom_count(pg->smarts);
    bool found = false;
    for (int i = 0; i < n && !found; i++) {
        const int *m = hits + i * w;
        if (m[0] != site->atom || m[1] != site->sub_atom || w - 1 != sub_atoms)
            continue;
        found = true;
        for (int j = 1; j < w; j++)
            if (site->sub_map[m[j]] < 0)
                found = false;
    }
    free(hits);
    return found;
}

/* Classify one nitrogen: NH, PG or R, and cut its substituent out. */
static int classify_site(dzp_site *site, const dzp_mol *mol, const int *ring,
                         const dzp_rules *rules)
{
    int first;
    int k = exocyclic(mol, ring, site->atom, &first);
    site->sub_atom = -1;
    site->sub_dummy = -1;
    if (k == 0) {
        site->state = dzp_mol_atom_hcount(mol, site->atom) > 0 ? DZP_SITE_NH : DZP_SITE_R;
        return 0;
    }
    site->state = DZP_SITE_R;
    site->sub_atom = first;
    if (k > 1 || dzp_mol_atom_charge(mol, site->atom) != 0 ||
        dzp_mol_bond_in_ring(mol, site->atom, first))
        return 0; /* fused, bridged or quaternary: part of the core */
    site->detachable = true;
    int rc = dzp_mol_fragment(&site->substituent, &site->sub_map, &site->sub_dummy, mol,
                              site->sub_atom, site->atom, DZP_CAP_DUMMY);
    if (rc == 0)
        rc = dzp_mol_smiles(&site->substituent_smiles, site->substituent, DZP_SMILES_CANONICAL);
    if (rc != 0)
        return rc;
    int sub_atoms = dzp_mol_atom_count(site->substituent) - 1;
    for (size_t i = 0; i < rules->n_pgs; i++)
        if (pg_covers(&rules->pgs[i], mol, site, sub_atoms)) {
            site->state = DZP_SITE_PG;
            site->pg = &rules->pgs[i];
            break;
        }
    return 0;
}

/* The locant set of one numbering, as the number of substituents at each
 * locant (counts[i] for locant i + 1). */
static void locant_counts(const dzp_mol *mol, const int *ring, int *counts)
{
    int first;
    for (int i = 0; i < RING_SIZE; i++)
        counts[i] = exocyclic(mol, ring, ring[i], &first);
}

/* Compare two numberings' locant sets (every substituent's locant, sorted)
 * given as counts: <0 when a's set is the lower.  Both count the same
 * substituents, so at the first locant where the counts differ, the one
 * with more substituents there has the lower set. */
static int cmp_locants(const int *a, const int *b)
{
    for (int i = 0; i < RING_SIZE; i++)
        if (a[i] != b[i])
            return a[i] > b[i] ? -1 : 1;
    return 0;
}

static int state_rank(dzp_site_state s)
{
    return s == DZP_SITE_PG ? 2 : s == DZP_SITE_R ? 1 : 0;
}

/* Choose between numbering a (N1 = m[0]) and its reverse b (N1 = m[3]).
 * The last tie-break is the nitrogens' canonical labels, computed only
 * when it is reached (a labelling costs about as much as the symmetry
 * classes); for nitrogens of one symmetry class (equivalent) Open Babel's
 * labels between them follow memory addresses, so the lower atom index
 * decides: the numberings are the same chemistry, and the same input
 * always gets the same one.  Returns 0, or a negative dzp_error (out of
 * memory, or Open Babel failed). */
static int number_ring(const dzp_mol *mol, const int *m, const dzp_site_state *st,
                       const unsigned *classes, int *ring)
{
    int a[RING_SIZE] = {m[0], m[1], m[2], m[3], m[4], m[5], m[6]};
    int b[RING_SIZE] = {m[3], m[2], m[1], m[0], m[6], m[5], m[4]};
    int ca[RING_SIZE], cb[RING_SIZE];
    locant_counts(mol, a, ca);
    locant_counts(mol, b, cb);
    int c = cmp_locants(ca, cb);
    if (c == 0)
        c = state_rank(st[1]) - state_rank(st[0]); /* st[0] is m[0]'s state */
    if (c == 0 && classes[m[0]] == classes[m[3]])
        c = m[0] < m[3] ? -1 : 1;
    if (c == 0) {
        unsigned *labels = malloc(sizeof(unsigned) * (size_t)dzp_mol_atom_count(mol));
        int rc = labels ? dzp_mol_canonical_labels_from(mol, classes, labels)
                        : dzp_error_set(DZP_ENOMEM, "out of memory for canonical labels");
        if (rc == 0)
            c = labels[m[0]] < labels[m[3]] ? -1 : 1;
        free(labels);
        if (rc != 0)
            return rc;
    }
    memcpy(ring, c <= 0 ? a : b, sizeof(a));
    return 0;
}

static void describe_carbons(dzp_scaffold *s)
{
    static const int pos[5] = {1, 2, 4, 5, 6};
    int first;
    s->n_substituted_carbons = 0;
    for (int i = 0; i < 5; i++) {
        dzp_ring_carbon *c = &s->carbon[i];
        c->locant = pos[i] + 1;
        c->atom = s->ring[pos[i]];
        c->n_substituents = exocyclic(s->mol, s->ring, c->atom, &first);
        c->stereo_specified = dzp_mol_atom_stereo_specified(s->mol, c->atom);
        if (c->n_substituents > 0)
            s->n_substituted_carbons++;
    }
    /* N1 is flanked by C2 and C7, N4 by C3 and C5. */
    s->site[0].hindrance = s->carbon[0].n_substituents + s->carbon[4].n_substituents;
    s->site[1].hindrance = s->carbon[1].n_substituents + s->carbon[2].n_substituents;
}

/* The core: both detachable N-substituents replaced by hydrogen. */
static int build_core(dzp_scaffold *s)
{
    int idx[RING_SIZE];
    memcpy(idx, s->ring, sizeof(idx));
    dzp_mol *cur = NULL;
    int rc = dzp_mol_clone(&cur, s->mol);
    int n_orig = dzp_mol_atom_count(s->mol);
    int *sub = malloc(sizeof(int) * (size_t)n_orig);
    if (!sub && rc == 0)
        rc = dzp_error_set(DZP_ENOMEM, "out of memory building the diazepane's core");
    for (int i = 0; i < n_orig && rc == 0; i++)
        sub[i] = i; /* original atom -> index in cur */
    for (int k = 0; k < 2 && rc == 0; k++) {
        const dzp_site *site = &s->site[k];
        if (!site->detachable)
            continue;
        dzp_mol *next = NULL;
        int *map = NULL;
        rc = dzp_mol_fragment(&next, &map, NULL, cur, sub[site->atom], sub[site->sub_atom],
                              DZP_CAP_HYDROGEN);
        if (rc != 0)
            break;
        for (int i = 0; i < n_orig; i++)
            sub[i] = sub[i] >= 0 ? map[sub[i]] : -1;
        free(map);
        dzp_mol_free(cur);
        cur = next;
    }
    for (int i = 0; i < RING_SIZE && rc == 0; i++)
        s->core_ring[i] = sub[idx[i]];
    free(sub);
    if (rc != 0) {
        dzp_mol_free(cur);
        return rc;
    }
    s->core = cur;
    return dzp_mol_smiles(&s->core_smiles, cur, DZP_SMILES_CANONICAL);
}

/* Symmetry classes of mol, malloc'd into *classes.  Returns 0 or a
 * negative dzp_error (*classes then freed and NULL). */
static int classes_of(const dzp_mol *mol, unsigned **classes)
{
    *classes = malloc(sizeof(unsigned) * (size_t)dzp_mol_atom_count(mol));
    int rc = *classes ? dzp_mol_symmetry_classes(mol, *classes)
                      : dzp_error_set(DZP_ENOMEM, "out of memory for symmetry classes");
    if (rc != 0) {
        free(*classes);
        *classes = NULL;
    }
    return rc;
}

int dzp_scaffold_core_symmetry(dzp_scaffold *s)
{
    if (!s)
        return dzp_error_set(DZP_EINVAL, "no scaffold for the core's symmetry");
    if (s->core_symmetry_known)
        return 0;
    size_t n = (size_t)dzp_mol_atom_count(s->core);
    unsigned *lab = malloc(sizeof(unsigned) * n), *cls = malloc(sizeof(unsigned) * n);
    int rc = lab && cls ? dzp_mol_canonical_labels(s->core, lab, cls)
                        : dzp_error_set(DZP_ENOMEM, "out of memory for symmetry classes");
    if (rc == 0) {
        for (int i = 0; i < RING_SIZE; i++)
            s->core_label[i] = lab[s->core_ring[i]];
        s->core_equivalent = cls[s->core_ring[0]] == cls[s->core_ring[3]];
        s->core_symmetry_known = true;
    }
    free(lab);
    free(cls);
    return rc;
}

/* The n type of nitrogen `atom` of mol into *out: the first of
 * scaffold.yaml's n_types matching with atom 0 there, else the last (the
 * catch-all).  Borrowed.  Returns 0, or a negative dzp_error. */
static int n_type_of(const char **out, const dzp_mol *mol, int atom, const dzp_rules *rules)
{
    const dzp_scaffold_rules *sc = &rules->scaffold;
    *out = sc->n_n_types ? sc->n_types[sc->n_n_types - 1].type : NULL;
    for (size_t i = 0; i < sc->n_n_types; i++) {
        int *hits = NULL;
        /* not unique: a urea's two N are one atom set, matched both ways */
        int n = dzp_smarts_find(&hits, sc->n_types[i].smarts, mol, false);
        int width = dzp_smarts_atom_count(sc->n_types[i].smarts);
        bool found = false;
        for (int k = 0; k < n && !found; k++)
            found = hits[k * width] == atom;
        free(hits);
        if (n < 0)
            return n;
        if (found) {
            *out = sc->n_types[i].type;
            break;
        }
    }
    return 0;
}

/* Each site's n type, as it stands and as a free N-H in the core.
 * Returns 0, or a negative dzp_error. */
static int type_sites(dzp_scaffold *s, const dzp_rules *rules)
{
    static const int ring_position[2] = {0, 3}; /* N1, N4 */
    int rc = 0;
    for (int k = 0; k < 2 && rc == 0; k++) {
        rc = n_type_of(&s->site[k].n_type, s->mol, s->site[k].atom, rules);
        if (rc == 0)
            rc = n_type_of(&s->site[k].core_n_type, s->core, s->core_ring[ring_position[k]],
                           rules);
    }
    return rc;
}

/* Say what the molecule is, when it has no saturated 1,4-diazepane. */
static int explain_absence(const dzp_mol *mol, const dzp_rules *rules)
{
    char *smi = NULL;
    dzp_mol_smiles(&smi, mol, DZP_SMILES_CANONICAL);
    const char *what = "a molecule without nitrogen, not a 1,4-diazepane";
    for (size_t i = 0; i < rules->scaffold.n_lookalikes; i++)
        if (dzp_smarts_matches(rules->scaffold.lookalikes[i].smarts, mol)) {
            what = rules->scaffold.lookalikes[i].message;
            break;
        }
    dzp_error_set(DZP_ENOTFOUND, "%s is %s", smi ? smi : "the molecule", what);
    free(smi);
    return DZP_ENOTFOUND;
}

/* Whether an atom of the ring shares its symmetry class with another atom
 * of the molecule (N1 with N4, or the ring with another diazepane ring). */
static bool ring_symmetric(const dzp_mol *mol, const int *ring, const unsigned *cls)
{
    int n = dzp_mol_atom_count(mol);
    for (int i = 0; i < RING_SIZE; i++)
        for (int a = 0; a < n; a++)
            if (a != ring[i] && cls[a] == cls[ring[i]])
                return true;
    return false;
}

/* The canonical SMILES of s's molecule, and where each atom stands in the
 * molecule it reads back as.  Open Babel chooses among symmetric twins by
 * memory addresses, so for a ring with twins the positions come instead
 * from an atom map onto the SMILES read back (dzp_mol_isomorphism, a
 * function of the two atom orders alone): the same input always tags the
 * same atoms.  perceive_sites() left s->positions_reproducible false when
 * a ring atom has a twin; the map makes it true.  With no map (a specified
 * configuration) it stays false (the pictures then draw the molecule as
 * given).  Returns 0 or a negative
 * dzp_error. */
static int write_smiles(dzp_scaffold *s)
{
    int n = dzp_mol_atom_count(s->mol);
    if (!(s->smiles_positions = malloc(sizeof(int) * (size_t)n + 1)))
        return dzp_error_set(DZP_ENOMEM, "out of memory perceiving a diazepane");
    int rc = dzp_mol_smiles_positions(&s->smiles, s->smiles_positions, s->mol,
                                      DZP_SMILES_CANONICAL);
    dzp_mol *read_back = NULL;
    if (rc == 0 && !s->positions_reproducible) { /* a ring atom has a twin */
        if (dzp_mol_from_smiles(&read_back, s->smiles, DZP_PARSE_COMPONENTS) == 0)
            s->positions_reproducible =
                dzp_mol_isomorphism(s->smiles_positions, s->mol, read_back, NULL, NULL, 0) == 1;
        else
            dzp_error_clear(); /* not an error of the perception: Open Babel's positions stay */
    }
    dzp_mol_free(read_back);
    return rc;
}

static int perceive_sites(dzp_scaffold *s, const int *m, const dzp_rules *rules)
{
    unsigned *cls = NULL;
    int rc = classes_of(s->mol, &cls);
    /* Classify with the SMARTS order first, then renumber. */
    dzp_site tmp[2] = {{.atom = m[0]}, {.atom = m[3]}};
    for (int k = 0; k < 2 && rc == 0; k++)
        rc = classify_site(&tmp[k], s->mol, m, rules);
    if (rc == 0) {
        dzp_site_state st[2] = {tmp[0].state, tmp[1].state};
        rc = number_ring(s->mol, m, st, cls, s->ring);
    }
    if (rc == 0) {
        int first = s->ring[0] == tmp[0].atom ? 0 : 1;
        s->site[0] = tmp[first];
        s->site[1] = tmp[1 - first];
        s->site[0].label = site_labels[0];
        s->site[1].label = site_labels[1];
        s->equivalent = cls[s->ring[0]] == cls[s->ring[3]];
        s->positions_reproducible = !ring_symmetric(s->mol, s->ring, cls); /* until mapped */
        describe_carbons(s);
    } else {
        for (int k = 0; k < 2; k++) {
            dzp_mol_free(tmp[k].substituent);
            free(tmp[k].sub_map);
            free(tmp[k].substituent_smiles);
        }
    }
    free(cls);
    return rc;
}

int dzp_scaffold_perceive(dzp_scaffold **out, const dzp_mol *mol, const dzp_rules *rules,
                          int which)
{
    if (!out || !mol || !rules)
        return dzp_error_set(DZP_EINVAL, "no molecule or rules to perceive a scaffold in");
    dzp_scaffold *s = NULL;
    int *hits = NULL;
    int rc = 0, n = find_rings(&hits, mol, rules);
    if (n <= 0 || which >= n) {
        rc = n < 0    ? n
             : n == 0 ? explain_absence(mol, rules)
                      : dzp_error_set(DZP_ENOTFOUND, "there is no diazepane ring number %d",
                                      which + 1);
        goto done;
    }
    s = calloc(1, sizeof(*s));
    rc = s ? dzp_mol_clone(&s->mol, mol)
           : dzp_error_set(DZP_ENOMEM, "out of memory perceiving a diazepane");
    if (rc == 0)
        rc = perceive_sites(s, hits + RING_SIZE * which, rules);
    if (rc == 0)
        rc = build_core(s);
    if (rc == 0)
        rc = type_sites(s, rules);
    if (rc == 0)
        rc = write_smiles(s);
    if (rc == 0)
        rc = dzp_mol_formula(&s->formula, s->mol);
    if (rc != 0)
        goto done;
    s->mw = dzp_mol_weight(s->mol);
    *out = s;
    s = NULL;
done:
    free(hits);
    dzp_scaffold_free(s);
    return rc;
}

void dzp_scaffold_free(dzp_scaffold *s)
{
    if (!s)
        return;
    for (int k = 0; k < 2; k++) {
        dzp_mol_free(s->site[k].substituent);
        free(s->site[k].sub_map);
        free(s->site[k].substituent_smiles);
    }
    dzp_mol_free(s->mol);
    dzp_mol_free(s->core);
    free(s->smiles);
    free(s->smiles_positions);
    free(s->formula);
    free(s->core_smiles);
    free(s);
}
