/*
 * batch_input.c - the input side of batch mode: a streaming reader for
 * compound lists, and the safe, unique file names of --out.
 *
 * The reader takes one line at a time (getline), so memory follows the
 * longest line, never the length of the list.  Two formats: .smi lines
 * ("SMILES name with spaces") and CSV with a header naming `smiles` and
 * optionally `name` and `from`, in any order and any case, with quoted
 * fields and "" escapes.  A file named *.csv is CSV; otherwise the first
 * content line is a CSV header when it holds a comma and a cell `smiles`.
 * A CSV field cannot span lines: a quote left open is that row's error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "batch_input.h"
#include "dzp/error.h"

typedef enum { KIND_UNKNOWN, KIND_SMI, KIND_CSV } input_kind;

enum { COL_SMILES, COL_NAME, COL_FROM, COL_PRICE, COL_AMOUNT, N_COLS };
static const char *const col_names[N_COLS] = {"smiles", "name", "from", "price", "amount"};

struct batch_reader {
    FILE *f;
    char *what;
    input_kind kind;
    bool header_seen;       /* the first content line has been judged */
    char *buf;
    size_t cap;
    long line;
    long rows;
    int col[N_COLS];        /* CSV column of each, -1 when absent */
};

int batch_reader_open(batch_reader **out, FILE *f, const char *path, const char *what)
{
    batch_reader *r = calloc(1, sizeof(*r));
    if (!r || !(r->what = strdup(what))) {
        free(r);
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    }
    r->f = f;
    size_t n = path ? strlen(path) : 0;
    r->kind = n >= 4 && strcasecmp(path + n - 4, ".csv") == 0 ? KIND_CSV : KIND_UNKNOWN;
    *out = r;
    return 0;
}

void batch_reader_free(batch_reader *r)
{
    if (!r)
        return;
    free(r->what);
    free(r->buf);
    free(r);
}

/* The next physical line without its line end (and without a BOM on line
 * 1).  Returns 1, 0 at the end, or a negative dzp_error. */
static int read_line(batch_reader *r, char **text, size_t *len)
{
    errno = 0;
    ssize_t n = getline(&r->buf, &r->cap, r->f);
    if (n < 0) {
        if (errno == ENOMEM)
            return dzp_error_set(DZP_ENOMEM, "out of memory reading %s", r->what);
        if (ferror(r->f) || !feof(r->f))
            return dzp_error_set(DZP_EIO, "cannot read %s: %s", r->what,
                                 strerror(errno ? errno : EIO));
        return 0;
    }
    r->line++;
    char *s = r->buf;
    if (n > 0 && s[n - 1] == '\n')
        s[--n] = '\0';
    if (n > 0 && s[n - 1] == '\r')
        s[--n] = '\0';
    if (r->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
    }
    *text = s;
    *len = (size_t)n;
    return 1;
}

static char *trim(char *s)
{
    s += strspn(s, " \t");
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

typedef struct {
    char *p;
    bool done;
} csv_cursor;

/* The next CSV field, parsed in place (unquoted, "" undoubled, unquoted
 * text trimmed).  Returns 1 with *field set, 0 after the last field, or -1
 * with *err on a malformed field. */
static int csv_next(csv_cursor *c, char **field, const char **err)
{
    if (c->done)
        return 0;
    char *p = c->p + strspn(c->p, " \t"), *w = c->p;
    *field = w;
    if (*p == '"') {
        for (p++;; *w++ = *p++) {
            if (!*p) {
                *err = "a quoted field is not closed (a field cannot span lines)";
                return -1;
            }
            if (*p == '"' && p[1] != '"')
                break;
            if (*p == '"')
                p++;
        }
        p += 1 + strspn(p + 1, " \t");
        if (*p && *p != ',') {
            *err = "text follows a closing quote before the next comma";
            return -1;
        }
    } else {
        while (*p && *p != ',')
            *w++ = *p++;
        while (w > *field && (w[-1] == ' ' || w[-1] == '\t'))
            w--;
    }
    c->done = *p == '\0';
    c->p = c->done ? p : p + 1;
    *w = '\0';
    return 1;
}

/* Read text (not changed) as a CSV header.  Returns 1 when it names a
 * smiles column (r->col set), 0 when not, or DZP_ENOMEM. */
static int csv_header(batch_reader *r, const char *text)
{
    char *copy = strdup(text);
    if (!copy)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    for (int k = 0; k < N_COLS; k++)
        r->col[k] = -1;
    csv_cursor c = {copy, false};
    char *cell;
    const char *err = NULL;
    int i = 0, rc;
    while ((rc = csv_next(&c, &cell, &err)) == 1) {
        for (int k = 0; k < N_COLS; k++)
            if (r->col[k] < 0 && strcasecmp(cell, col_names[k]) == 0)
                r->col[k] = i;
        i++;
    }
    free(copy);
    return rc == 0 && r->col[COL_SMILES] >= 0;
}

/* A .smi file may start with a header such as "SMILES Name". */
static bool smi_header(const char *text)
{
    return strncasecmp(text, "smiles", 6) == 0 &&
           (text[6] == '\0' || text[6] == ' ' || text[6] == '\t');
}

/* Judge the first content line: it fixes the format and may be a header.
 * Returns 1 for a header, 0 for data, or a negative dzp_error. */
static int first_line(batch_reader *r, const char *text)
{
    r->header_seen = true;
    if (r->kind == KIND_CSV || strchr(text, ',')) {
        int rc = csv_header(r, text);
        if (rc != 0) {
            r->kind = rc > 0 ? KIND_CSV : r->kind;
            return rc;
        }
        if (r->kind == KIND_CSV)
            return dzp_error_set(DZP_EINVAL,
                                 "%s, line %ld: the CSV header has no 'smiles' column; the first "
                                 "line must name the columns, e.g. 'smiles,name'",
                                 r->what, r->line);
    }
    r->kind = KIND_SMI;
    return smi_header(text) ? 1 : 0;
}

/* Returns 1 with the row's cells, 0 when every cell is empty (a blank
 * spreadsheet row, skipped). */
static int csv_row(const batch_reader *r, char *text, batch_row *row)
{
    const char **dst[N_COLS] = {&row->smiles, &row->name, &row->from, &row->price,
                                &row->amount};
    csv_cursor c = {text, false};
    char *cell;
    const char *err = NULL;
    int i = 0, rc;
    bool any = false;
    while ((rc = csv_next(&c, &cell, &err)) == 1) {
        any = any || *cell;
        for (int k = 0; k < N_COLS; k++)
            if (r->col[k] == i && *cell)
                *dst[k] = cell;
        i++;
    }
    if (rc < 0)
        row->error = err;
    else if (!any)
        return 0;
    else if (!row->smiles)
        row->error = "the 'smiles' cell is empty";
    return 1;
}

/* "SMILES" or "SMILES name, which may hold spaces"; text is trimmed. */
static void smi_row(char *text, batch_row *row)
{
    char *p = text + strcspn(text, " \t");
    if (*p) {
        *p++ = '\0';
        p += strspn(p, " \t");
    }
    row->smiles = text;
    row->name = *p ? p : NULL;
}

int batch_reader_next(batch_reader *r, batch_row *row)
{
    for (;;) {
        char *text = NULL;
        size_t len = 0;
        int rc = read_line(r, &text, &len);
        if (rc <= 0)
            return rc;
        memset(row, 0, sizeof(*row));
        row->line = r->line;
        bool nul = memchr(text, '\0', len) != NULL;
        text = trim(text);
        if (*text == '\0' || *text == '#')
            continue;
        if (!r->header_seen && (rc = first_line(r, text)) != 0) {
            if (rc < 0)
                return rc;
            continue;
        }
        if (nul)
            row->error = "the line contains a NUL byte";
        else if (r->kind == KIND_CSV && csv_row(r, text, row) == 0)
            continue;
        else if (r->kind != KIND_CSV)
            smi_row(text, row);
        row->index = r->rows++;
        return 1;
    }
}

/* ---- file names ---------------------------------------------------- */

static bool stem_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
}

void batch_safe_stem(char out[BATCH_STEM_MAX + 1], const char *name)
{
    size_t n = 0;
    bool replaced = false;
    for (const unsigned char *p = (const unsigned char *)name; *p && n < BATCH_STEM_MAX; p++) {
        bool keep = stem_char(*p) && !(*p == '.' && (n == 0 || out[n - 1] == '.'));
        if (keep)
            out[n++] = (char)*p;
        else if (!replaced)
            out[n++] = '_';
        replaced = !keep;
    }
    if (n > 0 && out[n - 1] == '.')
        out[n - 1] = '_';
    if (n == 0)
        out[n++] = '_';
    out[n] = '\0';
}

/* One used stem: its hash, and the next suffix to try for it as a base. */
typedef struct {
    uint64_t hash;          /* 0: empty slot */
    unsigned next;
} name_slot;

struct batch_names {
    name_slot *slot;
    size_t cap;             /* a power of two */
    size_t used;
};

/* FNV-1a over the lower-cased stem; never 0. */
static uint64_t stem_hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 1099511628211ULL;
    }
    return h ? h : 1;
}

static name_slot *names_find(const batch_names *s, uint64_t h)
{
    size_t i = (size_t)h & (s->cap - 1);
    while (s->slot[i].hash && s->slot[i].hash != h)
        i = (i + 1) & (s->cap - 1);
    return &s->slot[i];
}

static int names_grow(batch_names *s)
{
    batch_names bigger = {calloc(s->cap * 2, sizeof(name_slot)), s->cap * 2, s->used};
    if (!bigger.slot)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->cap; i++)
        if (s->slot[i].hash)
            *names_find(&bigger, s->slot[i].hash) = s->slot[i];
    free(s->slot);
    *s = bigger;
    return 0;
}

int batch_names_new(batch_names **out)
{
    batch_names *s = calloc(1, sizeof(*s));
    if (s && !(s->slot = calloc(64, sizeof(name_slot)))) {
        free(s);
        s = NULL;
    }
    if (!s)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    s->cap = 64;
    *out = s;
    return 0;
}

int batch_names_claim(batch_names *s, char stem[BATCH_STEM_MAX + 1])
{
    if (2 * (s->used + 1) > s->cap && names_grow(s) != 0)
        return DZP_ENOMEM;
    name_slot *base = names_find(s, stem_hash(stem));
    if (base->hash) {
        char orig[BATCH_STEM_MAX + 1];
        memcpy(orig, stem, sizeof(orig));
        unsigned k = base->next;
        do {
            char suffix[16];
            size_t m = (size_t)snprintf(suffix, sizeof(suffix), "-%u", k++);
            size_t keep = strlen(orig);
            keep = keep > BATCH_STEM_MAX - m ? BATCH_STEM_MAX - m : keep;
            memcpy(stem, orig, keep);
            memcpy(stem + keep, suffix, m + 1);
        } while (names_find(s, stem_hash(stem))->hash);
        base->next = k;
    }
    name_slot *slot = names_find(s, stem_hash(stem));
    slot->hash = stem_hash(stem);
    slot->next = 2;
    s->used++;
    return 0;
}

void batch_names_free(batch_names *s)
{
    if (!s)
        return;
    free(s->slot);
    free(s);
}
