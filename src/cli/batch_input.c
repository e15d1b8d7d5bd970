/*
 * batch_input.c - the input side of batch mode: a streaming reader for
 * compound lists, and the safe, unique file names of --out.
 *
 * The reader takes one line at a time, at most BATCH_LINE_MAX bytes of
 * it, so memory is bounded whatever the list holds.  Two formats: .smi lines
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
#include "dzp/mol.h"
#include "exit_status.h"
#include "strbuf.h"

typedef enum { KIND_UNKNOWN, KIND_SMI, KIND_CSV, KIND_SDF } input_kind;

/* The largest SD-file record read; a longer one is an invalid row. */
#define SDF_RECORD_MAX (4u << 20)
/* What is read ahead of a pipe to tell an SD file: four lines at most. */
#define PEEK_MAX 4096

enum { COL_SMILES, COL_NAME, COL_FROM, COL_PRICE, COL_AMOUNT, N_COLS };
static const char *const col_names[N_COLS] = {"smiles", "name", "from", "price", "amount"};

struct batch_reader {
    FILE *f;
    char *what;
    input_kind kind;
    bool header_seen;       /* the first content line has been judged */
    char *buf;              /* one line, BATCH_LINE_MAX bytes and a NUL */
    long line;
    long rows;
    int col[N_COLS];        /* CSV column of each, -1 when absent */
    char delim;             /* the CSV delimiter the header was read with */
    const char *smiles_col; /* --smiles-column / --name-column (borrowed), or NULL */
    const char *name_col;
    bool columns_asked;     /* batch_reader_columns() was called: the options apply */
    bool peek_pending;      /* stdin: not yet judged SD file or not (peek_sdf()) */
    bool warned_name;       /* SD file: said once that a record lacks --name-column */
    dzp_strbuf record;      /* SD file: the record being read */
    dzp_strbuf ahead;       /* stdin: bytes read ahead to tell an SD file (peek_sdf()) */
    size_t ahead_at;        /* how many of them read_line() has taken */
    char *sdf_smiles;       /* SD file: the last row's canonical SMILES, name, error */
    char *sdf_name;
    char *sdf_error;
};

static bool has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    return n >= k && strcasecmp(path + n - k, suffix) == 0;
}

/* An SD file: by its name, or by its content when f can be read again from
 * where it stands (line 4 is a molfile's counts line). */
static bool looks_like_sdf(const char *path, FILE *f)
{
    if (has_suffix(path, ".sdf") || has_suffix(path, ".sd") || has_suffix(path, ".mol"))
        return true;
    off_t at = ftello(f);
    if (at < 0)
        return false; /* a pipe: the name decides */
    char line[256];
    bool sdf = false;
    for (int i = 0; i < 4 && fgets(line, sizeof(line), f); i++)
        if (i == 3)
            sdf = strstr(line, "V2000") || strstr(line, "V3000");
    clearerr(f);
    return fseeko(f, at, SEEK_SET) == 0 && sdf;
}

/* A pipe (stdin) cannot be read again: its first lines are read ahead
 * into r->ahead, which read_line() takes before the stream, and judged as
 * looks_like_sdf() judges a file. */
static bool peek_sdf(batch_reader *r)
{
    int lines = 0, c;
    while (lines < 4 && r->ahead.len < PEEK_MAX && (c = getc_unlocked(r->f)) != EOF) {
        char ch = (char)c;
        dzp_strbuf_putn(&r->ahead, &ch, 1);
        lines += c == '\n';
    }
    if (r->ahead.failed || lines < 3)
        return false;
    /* by length, not as a C string: the bytes may hold a NUL */
    const char *line4 = r->ahead.data, *end = r->ahead.data + r->ahead.len;
    for (int i = 0; i < 3 && line4; i++) {
        const char *nl = memchr(line4, '\n', (size_t)(end - line4));
        line4 = nl ? nl + 1 : NULL;
    }
    if (!line4)
        return false;
    const char *nl = memchr(line4, '\n', (size_t)(end - line4));
    size_t n = nl ? (size_t)(nl - line4) : (size_t)(end - line4);
    return memmem(line4, n, "V2000", 5) || memmem(line4, n, "V3000", 5);
}

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
    if (path && looks_like_sdf(path, f))
        r->kind = KIND_SDF;
    r->peek_pending = !path; /* a pipe is judged at the first row: reading it may block */
    *out = r;
    return 0;
}

void batch_reader_columns(batch_reader *r, const char *smiles_col, const char *name_col)
{
    r->columns_asked = true;
    r->smiles_col = smiles_col;
    r->name_col = name_col;
}

void batch_reader_free(batch_reader *r)
{
    if (!r)
        return;
    free(r->what);
    free(r->buf);
    dzp_strbuf_free(&r->record);
    dzp_strbuf_free(&r->ahead);
    free(r->sdf_smiles);
    free(r->sdf_name);
    free(r->sdf_error);
    free(r);
}

/* The next physical line without its line end (and without a BOM on line
 * 1), at most BATCH_LINE_MAX bytes: the rest of a longer line is read and
 * dropped, never held (*too_long then says so), so a file without line ends
 * (/dev/zero) cannot grow memory.  Returns 1, 0 at the end, or a negative
 * dzp_error. */
static int read_line(batch_reader *r, char **text, size_t *len, bool *too_long)
{
    if (!r->buf && !(r->buf = malloc(BATCH_LINE_MAX + 1)))
        return dzp_error_set(DZP_ENOMEM, "out of memory reading %s", r->what);
    size_t n = 0;
    int c = EOF;
    bool any = false;
    *too_long = false;
    errno = 0;
    while ((c = r->ahead_at < r->ahead.len ? (unsigned char)r->ahead.data[r->ahead_at++]
                                           : getc_unlocked(r->f)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        if (n < BATCH_LINE_MAX)
            r->buf[n++] = (char)c;
        else
            *too_long = true;
    }
    if (c == EOF && ferror(r->f))
        return dzp_error_set(DZP_EIO, "cannot read %s: %s", r->what,
                             strerror(errno ? errno : EIO));
    if (!any)
        return 0;
    r->line++;
    char *s = r->buf;
    s[n] = '\0';
    if (n > 0 && s[n - 1] == '\r')
        s[--n] = '\0';
    if (r->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
    }
    *text = s;
    *len = n;
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
    char delim;    /* ',' ';' or '\t' */
} csv_cursor;

/* The next CSV field, parsed in place (unquoted, "" undoubled, unquoted
 * text trimmed).  Returns 1 with *field set, 0 after the last field, or -1
 * with *err on a malformed field. */
static int csv_next(csv_cursor *c, char **field, const char **err)
{
    if (c->done)
        return 0;
    const char *blank = c->delim == '\t' ? " " : " \t";
    char *p = c->p + strspn(c->p, blank), *w = c->p;
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
        p += 1 + strspn(p + 1, blank);
        if (*p && *p != c->delim) {
            *err = "text follows a closing quote before the next delimiter";
            return -1;
        }
    } else {
        while (*p && *p != c->delim)
            *w++ = *p++;
        while (w > *field && (w[-1] == ' ' || (c->delim != '\t' && w[-1] == '\t')))
            w--;
    }
    c->done = *p == '\0';
    c->p = c->done ? p : p + 1;
    *w = '\0';
    return 1;
}

/* The name of column k as this reader looks for it (--smiles-column,
 * --name-column, else the usual one). */
static const char *column_name(const batch_reader *r, int k)
{
    if (k == COL_SMILES && r->smiles_col)
        return r->smiles_col;
    if (k == COL_NAME && r->name_col)
        return r->name_col;
    return col_names[k];
}

/* Read text (not changed) as a CSV header with delimiter delim.  Returns 1
 * when it names the smiles column (r->col and r->delim set), 0 when not,
 * or DZP_ENOMEM. */
static int csv_header(batch_reader *r, const char *text, char delim)
{
    char *copy = strdup(text);
    if (!copy)
        return dzp_error_set(DZP_ENOMEM, "out of memory");
    for (int k = 0; k < N_COLS; k++)
        r->col[k] = -1;
    csv_cursor c = {copy, false, delim};
    char *cell;
    const char *err = NULL;
    int i = 0, rc;
    while ((rc = csv_next(&c, &cell, &err)) == 1) {
        for (int k = 0; k < N_COLS; k++)
            if (r->col[k] < 0 && strcasecmp(cell, column_name(r, k)) == 0)
                r->col[k] = i;
        i++;
    }
    free(copy);
    if (rc == 0 && r->col[COL_SMILES] >= 0)
        r->delim = delim;
    if (rc == 0 && r->col[COL_SMILES] >= 0 && r->name_col && r->col[COL_NAME] < 0)
        return dzp_error_set(DZP_EINVAL, "%s, line %ld: the header has no '%s' column "
                             "(--name-column): check its spelling against the header",
                             r->what, r->line, r->name_col);
    return rc == 0 && r->col[COL_SMILES] >= 0;
}

/* The header with whichever delimiter names the smiles column: ',' then
 * ';' (spreadsheets in many locales) then a tab.  As csv_header(). */
static int any_csv_header(batch_reader *r, const char *text)
{
    static const char delims[] = {',', ';', '\t'};
    for (size_t i = 0; i < sizeof(delims); i++) {
        if (!strchr(text, delims[i]) && !(i == 0 && r->kind == KIND_CSV))
            continue;
        int rc = csv_header(r, text, delims[i]);
        if (rc != 0)
            return rc;
    }
    return 0;
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
    bool delimited = strpbrk(text, ",;\t") != NULL;
    if (r->kind == KIND_CSV || delimited || r->smiles_col) {
        int rc = any_csv_header(r, text);
        if (rc != 0) {
            r->kind = rc > 0 ? KIND_CSV : r->kind;
            return rc;
        }
        if (r->kind == KIND_CSV || r->smiles_col)
            return dzp_error_set(DZP_EINVAL,
                                 "%s, line %ld: the header has no '%s' column (with ',', ';' or "
                                 "tab between the columns); the first line must name the "
                                 "columns, e.g. 'smiles,name'%s",
                                 r->what, r->line, column_name(r, COL_SMILES),
                                 r->smiles_col || !r->columns_asked
                                     ? "" : ", or name the SMILES column with --smiles-column");
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
    csv_cursor c = {text, false, r->delim};
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

/* The value of data item `name` ("> <name>" then the value on the next
 * line) in an SD record, malloc'd, or NULL. */
static char *sdf_property(const char *record, const char *name)
{
    for (const char *p = record; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (*p != '>')
            continue;
        const char *open = strchr(p, '<'), *eol = strchr(p, '\n');
        if (!open || (eol && open > eol) || !eol)
            continue;
        const char *close = strchr(open, '>');
        size_t n = strlen(name);
        if (!close || close > eol || (size_t)(close - open - 1) != n ||
            strncasecmp(open + 1, name, n) != 0)
            continue;
        const char *v = eol + 1, *end = strchr(v, '\n');
        size_t len = end ? (size_t)(end - v) : strlen(v);
        while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == ' '))
            len--;
        return len ? strndup(v, len) : NULL;
    }
    return NULL;
}

/* The molecule of the record just read into row (its canonical SMILES as
 * the row's SMILES, the title or the --name-column property as its name),
 * or the reason it cannot be read. */
static void sdf_row(batch_reader *r, batch_row *row, bool too_long)
{
    free(r->sdf_smiles);
    free(r->sdf_name);
    free(r->sdf_error);
    r->sdf_smiles = r->sdf_name = r->sdf_error = NULL;
    if (too_long || r->record.failed) {
        row->error = "the SD record is longer than 4 MB, far beyond a drug-sized molecule: it "
                     "was skipped";
        return;
    }
    dzp_mol *mol = NULL;
    char *title = NULL;
    /* several components are kept: a salt is planned as its parent */
    if (dzp_mol_from_molfile(&mol, &title, r->record.data, DZP_PARSE_COMPONENTS) != 0 ||
        dzp_mol_smiles(&r->sdf_smiles, mol, DZP_SMILES_CANONICAL) != 0) {
        r->sdf_error = strdup(dzp_error_last());
        row->error = r->sdf_error ? r->sdf_error : "out of memory reading an SD record";
    }
    r->sdf_name = r->name_col ? sdf_property(r->record.data, r->name_col) : NULL;
    if (r->name_col && !r->sdf_name && !r->warned_name) {
        r->warned_name = true;
        dzp_cli_error("%s, line %ld: the record has no data item '%s' (--name-column): it is "
                      "named by its title line; check the item's spelling", r->what, row->line,
                      r->name_col);
    }
    if (!r->sdf_name && !title && r->record.data) { /* unread: its title line as it stands */
        size_t n = strcspn(r->record.data, "\r\n");
        title = n && strspn(r->record.data, " \t") < n ? strndup(r->record.data, n) : NULL;
    }
    if (!r->sdf_name)
        r->sdf_name = title;
    else
        free(title);
    row->smiles = r->sdf_smiles;
    row->name = r->sdf_name;
    dzp_mol_free(mol);
}

/* Read the next SD record into r->record: 1 (*first its first line,
 * *too_long when it was cut), 0 at the end, or a negative dzp_error. */
static int sdf_record(batch_reader *r, long *first, bool *too_long)
{
    dzp_strbuf_clear(&r->record);
    *too_long = false;
    *first = r->line + 1;
    bool any = false;
    for (;;) {
        char *text = NULL;
        size_t len = 0;
        bool long_line = false;
        int rc = read_line(r, &text, &len, &long_line);
        if (rc < 0)
            return rc;
        if (rc == 0 || strncmp(text, "$$$$", 4) == 0)
            return any || rc > 0 ? 1 : 0;
        any = true;
        *too_long = *too_long || long_line || r->record.len + len + 1 > SDF_RECORD_MAX;
        if (!*too_long) {
            dzp_strbuf_putn(&r->record, text, len);
            dzp_strbuf_puts(&r->record, "\n");
        }
    }
}

/* The next record of an SD file ("$$$$" ends each) that holds anything.
 * As batch_reader_next(). */
static int sdf_next(batch_reader *r, batch_row *row)
{
    for (;;) {
        long first = 0;
        bool too_long = false;
        int rc = sdf_record(r, &first, &too_long);
        if (rc <= 0)
            return rc;
        const char *data = r->record.data ? r->record.data : "";
        if (!too_long && strspn(data, " \t\r\n") == r->record.len)
            continue; /* an empty record: nothing to plan */
        memset(row, 0, sizeof(*row));
        row->line = first;
        row->index = r->rows++;
        sdf_row(r, row, too_long);
        return 1;
    }
}

int batch_reader_next(batch_reader *r, batch_row *row)
{
    if (r->peek_pending) {
        r->peek_pending = false;
        if (peek_sdf(r))
            r->kind = KIND_SDF;
    }
    if (r->kind == KIND_SDF)
        return sdf_next(r, row);
    for (;;) {
        char *text = NULL;
        size_t len = 0;
        bool too_long = false;
        int rc = read_line(r, &text, &len, &too_long);
        if (rc <= 0)
            return rc;
        memset(row, 0, sizeof(*row));
        row->line = r->line;
        if (too_long) {
            row->error = "the line is longer than " BATCH_LINE_MAX_TEXT
                         " bytes, far beyond any SMILES and name: it was skipped unread";
            row->index = r->rows++;
            return 1;
        }
        bool nul = memchr(text, '\0', len) != NULL;
        text = trim(text);
        if (!nul && (*text == '\0' || *text == '#'))
            continue; /* a line that starts with a NUL is a bad row, not a blank one */
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
