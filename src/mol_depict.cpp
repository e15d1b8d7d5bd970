/*
 * mol_depict.cpp - structure pictures: a molecule as an SVG drawing.
 *
 * Open Babel draws: its gen2D operation lays the molecule out in 2D and
 * OBDepict paints it through the SVGPainter (Kekulé bonds in aromatic rings,
 * wedges and hashes at stereo centres, element colours).  On top of that
 * we colour the atoms and bonds a step changed (OBDepict's internalColor
 * option reads a "color" datum per atom and bond) and write small tags
 * such as "N1" beside chosen atoms, on the side where no bond or hydrogen
 * label is in the way.  The tags are placed with the same scaling OBDepict
 * applies (its bond length over the mean bond length of the layout, y
 * inverted, a 40-unit margin), recomputed here from the layout.
 *
 * 2D layout and depiction are not thread-safe in Open Babel 3.1.1
 * (OPENBABEL_NOTES.md): every call holds one process-wide mutex.
 */
#include "mol_internal.hpp"

#include <openbabel/depict/depict.h>
#include <openbabel/depict/svgpainter.h>
#include <openbabel/generic.h>
#include <openbabel/obiter.h>
#include <openbabel/op.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sstream>
#include <vector>

using namespace OpenBabel;

namespace {

std::mutex g_depict_mutex;

const double OB_BOND_LENGTH = 40.0; /* OBDepict's default bond length */
const double OB_MARGIN = 40.0;      /* OBDepict's margin round the drawing */
const char *const HIGHLIGHT_COLOUR = "#c8007a";
const char *const TAG_COLOUR = "#3050a0";
const double PI = 3.14159265358979323846;

/* OBDepict's placement of the layout on the canvas: x' = x*f - min_x + margin,
 * y' = -y*f - min_y + margin. */
struct Canvas {
    double factor = 1.0, min_x = 0.0, min_y = 0.0, width = 0.0, height = 0.0;

    void measure(OBMol &mol)
    {
        double sum = 0.0;
        FOR_BONDS_OF_MOL (bond, mol)
            sum += bond->GetLength();
        factor = mol.NumBonds() ? OB_BOND_LENGTH / (sum / mol.NumBonds()) : 1.0;
        bool first = true;
        double max_x = 0.0, max_y = 0.0;
        FOR_ATOMS_OF_MOL (atom, mol) {
            double x = atom->GetX() * factor, y = -atom->GetY() * factor;
            if (first || x < min_x) min_x = x;
            if (first || y < min_y) min_y = y;
            if (first || x > max_x) max_x = x;
            if (first || y > max_y) max_y = y;
            first = false;
        }
        width = max_x - min_x + 2 * OB_MARGIN;
        height = max_y - min_y + 2 * OB_MARGIN;
    }
    double x(const OBAtom *atom) const { return atom->GetX() * factor - min_x + OB_MARGIN; }
    double y(const OBAtom *atom) const { return -atom->GetY() * factor - min_y + OB_MARGIN; }
};

void set_colour(OBBase *object, const char *colour)
{
    OBPairData *data = new OBPairData;
    data->SetAttribute("color");
    data->SetValue(colour);
    data->SetOrigin(userInput);
    object->SetData(data);
}

/* Colour the highlighted atoms and every bond between two of them. */
void mark_highlight(OBMol &mol, const dzp_depiction *how)
{
    std::vector<bool> lit(mol.NumAtoms() + 1, false);
    for (int i = 0; i < how->n_highlight; i++) {
        OBAtom *atom = mol.GetAtom(how->highlight_atoms[i] + 1);
        lit[atom->GetIdx()] = true;
        set_colour(atom, HIGHLIGHT_COLOUR);
    }
    FOR_BONDS_OF_MOL (bond, mol)
        if (lit[bond->GetBeginAtomIdx()] && lit[bond->GetEndAtomIdx()])
            set_colour(&*bond, HIGHLIGHT_COLOUR);
}

/* Directions (canvas angles) already taken round an atom: its bonds, and
 * the side OBDepict writes its hydrogens on (it puts them right of the
 * symbol unless the bonds point right, then left; above or below for a
 * two-bonded atom whose bonds point mostly up or down). */
std::vector<double> taken_directions(const OBAtom *atom, const Canvas &canvas)
{
    std::vector<double> taken;
    double sum_x = 0.0, sum_y = 0.0;
    FOR_NBORS_OF_ATOM (nbr, const_cast<OBAtom *>(atom)) {
        double dx = canvas.x(&*nbr) - canvas.x(atom), dy = canvas.y(&*nbr) - canvas.y(atom);
        taken.push_back(std::atan2(dy, dx));
        sum_x -= dx;
        sum_y -= dy;
    }
    if (atom->GetImplicitHCount() == 0 || atom->GetAtomicNum() == 6)
        return taken;
    if (atom->GetExplicitDegree() == 2 && std::fabs(sum_y) > std::fabs(sum_x))
        taken.push_back(sum_y <= 0.0 ? -PI / 2 : PI / 2);
    else
        taken.push_back(sum_x < -0.1 ? PI : 0.0);
    return taken;
}

/* The angle of the twelve round the atom that stays farthest from every
 * taken direction. */
double free_direction(const std::vector<double> &taken)
{
    double best = -PI / 4, best_gap = -1.0;
    for (int k = 0; k < 12; k++) {
        double angle = -PI / 4 + k * PI / 6, gap = 2 * PI;
        for (double t : taken) {
            double d = std::fabs(std::remainder(angle - t, 2 * PI));
            gap = std::min(gap, d);
        }
        if (gap > best_gap + 1e-9) {
            best_gap = gap;
            best = angle;
        }
    }
    return best;
}

/* Write each tag beside its atom, centred on a point 0.55 bond lengths out. */
void draw_tags(SVGPainter &painter, OBMol &mol, const Canvas &canvas, const dzp_depiction *how)
{
    const int size = 13;
    painter.SetFontSize(size);
    painter.SetPenColor(OBColor(TAG_COLOUR));
    painter.SetFillColor(OBColor(TAG_COLOUR));
    for (int i = 0; i < how->n_labels; i++) {
        const OBAtom *atom = mol.GetAtom(how->label_atoms[i] + 1);
        double angle = free_direction(taken_directions(atom, canvas));
        double cx = canvas.x(atom) + 0.55 * OB_BOND_LENGTH * std::cos(angle);
        double cy = canvas.y(atom) + 0.55 * OB_BOND_LENGTH * std::sin(angle);
        double w = 0.6 * size * (double)std::strlen(how->labels[i]);
        painter.DrawText(cx - w / 2, cy + 0.35 * size, how->labels[i]);
    }
}

bool valid_request(const dzp_mol *mol, const dzp_depiction *how)
{
    for (int i = 0; i < how->n_labels; i++)
        if (!dzp_internal::valid_index(mol, how->label_atoms[i]) || !how->labels[i])
            return false;
    for (int i = 0; i < how->n_highlight; i++)
        if (!dzp_internal::valid_index(mol, how->highlight_atoms[i]))
            return false;
    return true;
}

/* Paint the laid-out molecule; returns the <svg> element. */
std::string paint(OBMol &mol, const dzp_depiction *how, double *width, double *height)
{
    Canvas canvas;
    canvas.measure(mol);
    double scale = how->scale > 0 ? how->scale : 1.0;
    std::ostringstream os;
    {
        SVGPainter painter(os, nullptr, true, canvas.width * scale, canvas.height * scale);
        OBDepict depict(&painter);
        depict.SetOption(OBDepict::internalColor);
        painter.SetFontFamily("Helvetica, Arial, sans-serif");
        painter.SetPenColor(OBColor("black"));
        depict.SetBondColor("black");
        painter.SetPenWidth(1.5);
        depict.DrawMolecule(&mol);
        draw_tags(painter, mol, canvas, how);
        painter.EndCanvas();
    }
    *width = canvas.width * scale;
    *height = canvas.height * scale;
    return os.str();
}

} /* namespace */

int dzp_mol_depict_svg(char **out, double *width, double *height, const dzp_mol *mol,
                       const dzp_depiction *how)
{
    static const dzp_depiction plain = {NULL, NULL, 0, NULL, 0, 1.0};
    DZP_TRY
    if (!out || !width || !height || !mol)
        return dzp_error_set(DZP_EINVAL, "nothing to draw");
    if (!how)
        how = &plain;
    if (!valid_request(mol, how))
        return dzp_error_set(DZP_EINVAL, "a tag or highlight names an atom the molecule lacks");
    dzp_mol_global_init();
    std::lock_guard<std::mutex> lock(g_depict_mutex);
    OBMol copy(mol->ob); /* the layout writes coordinates: never on the caller's molecule */
    OBOp *layout = OBOp::FindType("gen2D");
    if (!layout || !layout->Do(&copy))
        return dzp_error_set(DZP_EINTERNAL, "Open Babel could not lay the molecule out in 2D");
    mark_highlight(copy, how);
    std::string svg = paint(copy, how, width, height);
    char *text = (char *)std::malloc(svg.size() + 1);
    if (!text)
        return dzp_error_set(DZP_ENOMEM, "out of memory for a structure picture");
    std::memcpy(text, svg.c_str(), svg.size() + 1);
    *out = text;
    return 0;
    DZP_CATCH(DZP_EINTERNAL)
}
