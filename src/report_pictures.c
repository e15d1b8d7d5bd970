/*
 * report_pictures.c - the structure pictures of a report.
 *
 * Every molecule of a route is drawn (mol layer, Open Babel's depiction):
 * the substrate and the target with their ring nitrogens tagged N1 and N4
 * (the substrate's labels, also on the target and every intermediate), the
 * product of each step with the atoms the step changed highlighted (the
 * group now on the nitrogen it worked on, or the bare nitrogen after a
 * deprotection), a small thumbnail of the target for a batch index, and the
 * route scheme: substrate, intermediates and target left to right, each
 * arrow carrying its step number, key reagents and conditions, wrapped
 * into rows as a chemist draws a long scheme.  The scheme reuses the
 * product drawings, scaled, so each molecule is laid out once.
 *
 * Each picture is one standalone <svg> element (with xmlns), written as a
 * file beside a report under --out or inlined in the HTML page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dzp/error.h"
#include "report_internal.h"

#define PICTURE_SCALE 0.75    /* molecule pictures: 30-pixel bonds */
#define THUMBNAIL_SCALE 0.45
#define SCHEME_SCALE 0.6      /* molecules in the scheme: 24-pixel bonds */
#define SCHEME_MAX_WIDTH 1100.0
#define SCHEME_MARGIN 10.0
#define ARROW_WIDTH 180.0
#define ARROW_FONT 11.0
#define ARROW_LINE_CHARS 30   /* characters of arrow text per line */
#define ARROW_LINES_ABOVE 3
#define ARROW_LINES_BELOW 2
#define ROW_GAP 20.0

static int pictures_oom(void)
{
    return dzp_error_set(DZP_ENOMEM, "out of memory for a structure picture");
}

/* A malloc'd copy of s, or NULL when out of memory. */
static char *copy_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    return copy ? memcpy(copy, s, n) : NULL;
}

/* ---- one molecule --------------------------------------------------------------------- */

/* The ring nitrogens' tags and the highlighted atoms of one drawing. */
typedef struct {
    int tag_atom[2];
    const char *tag[2];
    int n_tags;
    int *highlight;
    int n_highlight;
} marks;

static void add_tag(marks *m, int atom, const char *label, int n_atoms)
{
    if (atom >= 0 && atom < n_atoms && label) {
        m->tag_atom[m->n_tags] = atom;
        m->tag[m->n_tags++] = label;
    }
}

/* Append a picture of mol to out; a molecule Open Babel cannot lay out is
 * left without one (returns 0), only running out of memory fails. */
static int add_picture(dzp_pictures *out, dzp_picture_kind kind, int step, const char *stem,
                       const char *what, const char *caption, const dzp_mol *mol,
                       const marks *m, double scale)
{
    dzp_depiction how = {m ? m->tag_atom : NULL, m ? m->tag : NULL, m ? m->n_tags : 0,
                         m ? m->highlight : NULL, m ? m->n_highlight : 0, scale};
    char *inner = NULL;
    double width = 0, height = 0;
    int rc = dzp_mol_depict_svg(&inner, &width, &height, mol, &how);
    if (rc == DZP_ENOMEM)
        return rc;
    if (rc != 0)
        return 0;
    dzp_picture *grown = realloc(out->items, (out->n + 1) * sizeof(*grown));
    if (!grown) {
        free(inner);
        return pictures_oom();
    }
    out->items = grown;
    dzp_picture *p = &out->items[out->n];
    dzp_strbuf svg = DZP_STRBUF_INIT, file = DZP_STRBUF_INIT;
    dzp_strbuf_printf(&svg,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                      "viewBox=\"0 0 %.2f %.2f\" role=\"img\"><title>",
                      width, height, width, height);
    report_xml_text(&svg, caption);
    dzp_strbuf_printf(&svg, "</title><rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>"
                            "%s</svg>\n", inner);
    dzp_strbuf_printf(&file, "%s-%s.svg", stem, what);
    free(inner);
    *p = (dzp_picture){kind, step, dzp_strbuf_take(&file), copy_text(caption),
                       dzp_strbuf_take(&svg), width, height};
    out->n++;
    if (!p->file || !p->caption || !p->svg)
        return pictures_oom();
    return 0;
}

/* The atoms a step changed on the nitrogen at ring[k_ring]: the nitrogen
 * and every atom reached from it without passing through the diazepane. */
static int changed_atoms(marks *m, const dzp_mol *mol, const int ring[7], int k_ring)
{
    int n = dzp_mol_atom_count(mol), start = ring[k_ring];
    if (start < 0 || start >= n)
        return 0;
    if (!m->highlight && !(m->highlight = calloc((size_t)n + 1, sizeof(int))))
        return pictures_oom();
    char *seen = calloc((size_t)n + 1, 1);
    int *queue = malloc(((size_t)n + 1) * sizeof(int)), head = 0, tail = 0;
    if (!seen || !queue) {
        free(seen);
        free(queue);
        return pictures_oom();
    }
    for (int i = 0; i < 7; i++)
        if (ring[i] >= 0 && ring[i] < n)
            seen[ring[i]] = 1;
    queue[tail++] = start;
    while (head < tail) {
        int atom = queue[head++], nbrs[16];
        m->highlight[m->n_highlight++] = atom;
        int k = dzp_mol_atom_neighbors(mol, atom, nbrs, 16);
        for (int j = 0; j < k && j < 16; j++)
            if (!seen[nbrs[j]]) {
                seen[nbrs[j]] = 1;
                queue[tail++] = nbrs[j];
            }
    }
    free(seen);
    free(queue);
    return 0;
}

static int add_product(dzp_pictures *out, const dzp_plan *p, const dzp_step *step,
                       const char *stem)
{
    dzp_mol *mol = NULL;
    char what[32], caption[160];
    if (dzp_mol_from_smiles(&mol, step->product.smiles, DZP_PARSE_COMPONENTS) != 0)
        return 0;
    int n = dzp_mol_atom_count(mol), rc = 0;
    marks m = {{0}, {NULL}, 0, NULL, 0};
    add_tag(&m, step->product_ring[0], report_site_label(p->substrate, 0), n);
    add_tag(&m, step->product_ring[3], report_site_label(p->substrate, 1), n);
    if (strstr(step->site, "N1"))
        rc = changed_atoms(&m, mol, step->product_ring, 0);
    if (rc == 0 && strstr(step->site, "N4"))
        rc = changed_atoms(&m, mol, step->product_ring, 3);
    snprintf(what, sizeof(what), "step%d", step->n);
    snprintf(caption, sizeof(caption), "Product of step %d: %s", step->n,
             report_rule_name(step->rule));
    if (rc == 0)
        rc = add_picture(out, DZP_PICTURE_PRODUCT, step->n, stem, what, caption, mol, &m,
                         PICTURE_SCALE);
    free(m.highlight);
    dzp_mol_free(mol);
    return rc;
}

/* A route that starts from a stock compound: its picture, as "step 0"'s
 * product, so the scheme starts from it. */
static int add_stock_start(dzp_pictures *out, const dzp_plan *p, const char *stem)
{
    const dzp_route_start *start = &p->start;
    dzp_mol *mol = NULL;
    char caption[160];
    if (!start->from_stock ||
        dzp_mol_from_smiles(&mol, start->mol.smiles, DZP_PARSE_COMPONENTS) != 0)
        return 0;
    int n = dzp_mol_atom_count(mol);
    marks m = {{0}, {NULL}, 0, NULL, 0};
    add_tag(&m, start->ring[0], report_site_label(p->substrate, 0), n);
    add_tag(&m, start->ring[3], report_site_label(p->substrate, 1), n);
    snprintf(caption, sizeof(caption), "Start, in stock%s%s", start->stock_name ? ": " : "",
             start->stock_name ? start->stock_name : "");
    int rc = add_picture(out, DZP_PICTURE_PRODUCT, 0, stem, "start", caption, mol, &m,
                         PICTURE_SCALE);
    dzp_mol_free(mol);
    return rc;
}

static int add_substrate_and_target(dzp_pictures *out, const dzp_plan *p, const char *stem)
{
    const dzp_scaffold *s = p->substrate, *t = p->target;
    int rc = 0;
    if (s) {
        marks m = {{0}, {NULL}, 0, NULL, 0};
        for (int k = 0; k < 2; k++)
            add_tag(&m, s->site[k].atom, report_site_label(s, k), dzp_mol_atom_count(s->mol));
        rc = add_picture(out, DZP_PICTURE_SUBSTRATE, 0, stem, "substrate", "Substrate", s->mol,
                         &m, PICTURE_SCALE);
    }
    if (rc == 0 && t) {
        /* drawn from its canonical SMILES, as the route's last product is:
         * the same text lays out alike, so the two pictures match; as given
         * when the positions of its twin atoms are not reproducible */
        dzp_mol *drawn = NULL;
        const int *at = t->positions_reproducible ? t->smiles_positions : NULL;
        if (!at || dzp_mol_from_smiles(&drawn, t->smiles, DZP_PARSE_COMPONENTS) != 0 ||
            dzp_mol_atom_count(drawn) != dzp_mol_atom_count(t->mol)) {
            dzp_mol_free(drawn);
            drawn = NULL;
            at = NULL;
        }
        const dzp_mol *mol = drawn ? drawn : t->mol;
        marks m = {{0}, {NULL}, 0, NULL, 0};
        for (int k = 0; k < 2 && s && p->have_goals; k++)
            add_tag(&m, at ? at[p->goal[k].target_atom] : p->goal[k].target_atom,
                    report_site_label(s, k), dzp_mol_atom_count(mol));
        rc = add_picture(out, DZP_PICTURE_TARGET, 0, stem, "target", "Target", mol, &m,
                         PICTURE_SCALE);
        if (rc == 0)
            rc = add_picture(out, DZP_PICTURE_THUMBNAIL, 0, stem, "thumb", "Target", mol, NULL,
                             THUMBNAIL_SCALE);
        dzp_mol_free(drawn);
    }
    return rc;
}

/* ---- the scheme ------------------------------------------------------------------------ */

/* Words of text into at most max_lines lines of ARROW_LINE_CHARS, the last
 * one ending in an ellipsis when the text does not fit. */
static int wrap_words(char lines[][ARROW_LINE_CHARS * 4 + 8], int max_lines, const char *text)
{
    int n = 0;
    size_t len = 0, limit = ARROW_LINE_CHARS;
    lines[0][0] = '\0';
    for (const char *p = text; *p && n < max_lines;) {
        while (*p == ' ')
            p++;
        size_t word = strcspn(p, " ");
        if (word == 0)
            break;
        if (len && len + 1 + word > limit) {
            if (n + 1 == max_lines) {
                strcat(lines[n], " …");
                return n + 1;
            }
            lines[++n][0] = '\0';
            len = 0;
        }
        size_t room = ARROW_LINE_CHARS * 4 - strlen(lines[n]);
        snprintf(lines[n] + strlen(lines[n]), room, "%s%.*s", len ? " " : "", (int)word, p);
        len += (len ? 1 : 0) + word;
        p += word;
    }
    return lines[0][0] ? n + 1 : 0;
}

/* What the arrow of a step says: above, its number and the reagents other
 * than the solvent; below, the solvent, temperature and time. */
static void arrow_texts(const dzp_step *step, dzp_strbuf *above, dzp_strbuf *below)
{
    char range[96];
    const dzp_conditions *c = &step->rule->conditions;
    dzp_strbuf_printf(above, "(%d)", step->n);
    for (size_t i = 0; i < step->n_reagents; i++)
        if (strcmp(step->reagents[i].role, "solvent") != 0)
            dzp_strbuf_printf(above, "%s %s", i ? "," : "", step->reagents[i].name);
    if (c->solvent && *c->solvent)
        dzp_strbuf_printf(below, "%s, ", c->solvent);
    dzp_strbuf_puts(below, report_fmt_range(range, sizeof(range), &c->temperature_c, "°C", 0));
    dzp_strbuf_printf(below, ", %s", report_fmt_range(range, sizeof(range), &c->time_h, "h", 1));
}

static void text_lines(dzp_strbuf *svg, double x, double y, double step_y, const char *text,
                       int max_lines, bool upwards)
{
    char lines[ARROW_LINES_ABOVE > ARROW_LINES_BELOW ? ARROW_LINES_ABOVE : ARROW_LINES_BELOW]
              [ARROW_LINE_CHARS * 4 + 8];
    int n = wrap_words(lines, max_lines, text);
    for (int i = 0; i < n; i++) {
        double line_y = upwards ? y - (n - 1 - i) * step_y : y + i * step_y;
        dzp_strbuf_printf(svg, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, line_y);
        report_xml_text(svg, lines[i]);
        dzp_strbuf_puts(svg, "</text>");
    }
}

static void draw_arrow(dzp_strbuf *svg, double x, double mid, const dzp_step *step)
{
    dzp_strbuf above = DZP_STRBUF_INIT, below = DZP_STRBUF_INIT;
    double x0 = x + 8, x1 = x + ARROW_WIDTH - 8, centre = x + ARROW_WIDTH / 2;
    dzp_strbuf_printf(svg,
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" "
                      "stroke-width=\"1.5\"/><polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" "
                      "fill=\"#000\"/>",
                      x0, mid, x1 - 8, mid, x1, mid, x1 - 10, mid - 4, x1 - 10, mid + 4);
    arrow_texts(step, &above, &below);
    text_lines(svg, centre, mid - 6, ARROW_FONT + 2, above.data ? above.data : "",
               ARROW_LINES_ABOVE, true);
    text_lines(svg, centre, mid + ARROW_FONT + 5, ARROW_FONT + 2, below.data ? below.data : "",
               ARROW_LINES_BELOW, false);
    if (above.failed || below.failed)
        svg->failed = true;
    dzp_strbuf_free(&above);
    dzp_strbuf_free(&below);
}

/* The inner drawing of picture pic, scaled from its own scale to the scheme's, at x, top. */
static void place_molecule(dzp_strbuf *svg, const dzp_picture *pic, double x, double top)
{
    double k = SCHEME_SCALE / PICTURE_SCALE;
    dzp_strbuf_printf(svg, "<g transform=\"translate(%.1f %.1f) scale(%.4f)\">", x, top, k);
    dzp_strbuf_puts(svg, pic->svg);
    dzp_strbuf_puts(svg, "</g>");
}

/* One row of the scheme: molecules first..last with the arrows between
 * them (and before first when the row continues the one above). */
typedef struct {
    size_t first, last;
    double height;
} scheme_row;

static const double arrow_block = (ARROW_LINES_ABOVE + ARROW_LINES_BELOW) * (ARROW_FONT + 2) + 24;

/* Split molecules 0..n-1 into rows no wider than SCHEME_MAX_WIDTH (a row
 * holds at least one molecule); returns the number of rows and the widest
 * row's width in *width_out. */
static size_t layout_rows(scheme_row *rows, const dzp_picture *const *mols, size_t n,
                          double *width_out)
{
    double k = SCHEME_SCALE / PICTURE_SCALE, x = SCHEME_MARGIN, widest = 0;
    size_t n_rows = 0;
    for (size_t i = 0; i < n; i++) {
        double w = mols[i]->width * k, h = mols[i]->height * k;
        double need = (i > 0 ? ARROW_WIDTH : 0) + w;
        if (i == 0 || x + need > SCHEME_MAX_WIDTH) {
            rows[n_rows++] = (scheme_row){i, i, arrow_block};
            x = SCHEME_MARGIN;
        }
        scheme_row *row = &rows[n_rows - 1];
        row->last = i;
        if (h > row->height)
            row->height = h;
        x += need;
        if (x > widest)
            widest = x;
    }
    *width_out = widest + SCHEME_MARGIN;
    return n_rows;
}

static int draw_scheme(dzp_pictures *out, const dzp_plan *p, const char *stem,
                       const dzp_picture *const *mols, size_t n, scheme_row *rows)
{
    double k = SCHEME_SCALE / PICTURE_SCALE, width = 0, y = SCHEME_MARGIN;
    size_t n_rows = layout_rows(rows, mols, n, &width);
    dzp_strbuf body = DZP_STRBUF_INIT;
    for (size_t r = 0; r < n_rows; r++) {
        double mid = y + rows[r].height / 2, x = SCHEME_MARGIN;
        for (size_t i = rows[r].first; i <= rows[r].last; i++) {
            if (i > 0) {
                draw_arrow(&body, x, mid, &p->steps[i - 1]);
                x += ARROW_WIDTH;
            }
            place_molecule(&body, mols[i], x, mid - mols[i]->height * k / 2);
            x += mols[i]->width * k;
        }
        y += rows[r].height + (r + 1 < n_rows ? ROW_GAP : SCHEME_MARGIN);
    }
    dzp_strbuf svg = DZP_STRBUF_INIT, file = DZP_STRBUF_INIT;
    dzp_strbuf_printf(&svg,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                      "viewBox=\"0 0 %.1f %.1f\" role=\"img\" font-family=\"Helvetica, Arial, "
                      "sans-serif\" font-size=\"%.0f\"><title>Route scheme</title>"
                      "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>",
                      width, y, width, y, ARROW_FONT);
    dzp_strbuf_putn(&svg, body.data ? body.data : "", body.len);
    dzp_strbuf_puts(&svg, "</svg>\n");
    dzp_strbuf_printf(&file, "%s-scheme.svg", stem);
    bool failed = body.failed;
    dzp_strbuf_free(&body);
    dzp_picture *grown = realloc(out->items, (out->n + 1) * sizeof(*grown));
    if (grown)
        out->items = grown;
    char *svg_text = dzp_strbuf_take(&svg), *file_text = dzp_strbuf_take(&file);
    if (!grown || failed || !svg_text || !file_text) {
        free(svg_text);
        free(file_text);
        return pictures_oom();
    }
    out->items[out->n++] = (dzp_picture){DZP_PICTURE_SCHEME, 0, file_text, copy_text("Route scheme"),
                                         svg_text, width, y};
    return out->items[out->n - 1].caption ? 0 : pictures_oom();
}

/* The molecule pictures of the route in order (substrate, then the product
 * of each step), or NULL when one is missing. */
static const dzp_picture *find_picture(const dzp_pictures *pics, dzp_picture_kind kind, int step)
{
    for (size_t i = 0; i < pics->n; i++)
        if (pics->items[i].kind == kind && pics->items[i].step == step)
            return &pics->items[i];
    return NULL;
}

static int add_scheme(dzp_pictures *out, const dzp_plan *p, const char *stem)
{
    size_t n = p->n_steps + 1;
    const dzp_picture **mols = calloc(n, sizeof(*mols));
    scheme_row *rows = calloc(n, sizeof(*rows));
    int rc = mols && rows ? 0 : pictures_oom();
    bool complete = rc == 0 && (mols[0] = p->start.from_stock
                                              ? find_picture(out, DZP_PICTURE_PRODUCT, 0)
                                              : find_picture(out, DZP_PICTURE_SUBSTRATE, 0));
    for (size_t i = 1; complete && i < n; i++)
        complete = (mols[i] = find_picture(out, DZP_PICTURE_PRODUCT, (int)i)) != NULL;
    if (complete)
        rc = draw_scheme(out, p, stem, mols, n, rows);
    free(mols);
    free(rows);
    return rc;
}

/* ---- the public functions ---------------------------------------------------------------- */

int dzp_report_pictures(dzp_pictures *out, const dzp_plan *plan, const char *stem)
{
    if (!out || !plan || !stem)
        return dzp_error_set(DZP_EINVAL, "no plan to draw");
    dzp_pictures pics = {NULL, 0};
    int rc = add_substrate_and_target(&pics, plan, stem);
    bool route = report_route_shown(plan) && plan->n_steps > 0;
    if (rc == 0 && route)
        rc = add_stock_start(&pics, plan, stem);
    for (size_t i = 0; rc == 0 && route && i < plan->n_steps; i++)
        rc = add_product(&pics, plan, &plan->steps[i], stem);
    if (rc == 0 && route)
        rc = add_scheme(&pics, plan, stem);
    if (rc != 0) {
        dzp_report_pictures_clear(&pics);
        return rc;
    }
    *out = pics;
    return 0;
}

const dzp_picture *dzp_report_picture(const dzp_pictures *pictures, dzp_picture_kind kind,
                                      int step)
{
    return pictures ? find_picture(pictures, kind, step) : NULL;
}

void dzp_report_pictures_clear(dzp_pictures *pictures)
{
    if (!pictures)
        return;
    for (size_t i = 0; i < pictures->n; i++) {
        free(pictures->items[i].file);
        free(pictures->items[i].caption);
        free(pictures->items[i].svg);
    }
    free(pictures->items);
    pictures->items = NULL;
    pictures->n = 0;
}
