/*
 * rules_stereo.c - a transformation's `stereo`: what its step does to a
 * configuration at the carbon that bonds to the nitrogen.
 *
 * `stereo: inverts` says the step is an SN2 displacement: the nitrogen
 * comes in opposite the leaving atom, and the carbon's configuration
 * inverts.  The planner then derives a reagent of the opposite configuration
 * from a target that gives one, and only such rules may make a centre whose
 * configuration the target gives (a ketone in reductive amination gives both).
 * The word is only true of a step that breaks a single bond from an sp3
 * carbon to its leaving atom, so it is refused, at its line, on a protect or
 * deprotect step, on an addition (nothing leaves), on a disconnection by a
 * multiple bond (the reagent's carbon is sp2: a ketone has no configuration
 * to invert) and when `installs` does not bond the nitrogen to a carbon.
 */
#include "rules_internal.h"

/* The first reason `stereo: inverts` cannot be true of t, or NULL. */
static const char *why_it_cannot_invert(const dzp_transformation *t)
{
    if (t->tkind != DZP_TK_INSTALL)
        return "only an install step bonds the nitrogen to a carbon whose configuration it could "
               "invert; remove 'stereo'";
    if (t->disconnect_addition)
        return "an addition (disconnect: {addition: true}) displaces nothing, so nothing is "
               "inverted; remove 'stereo'";
    if (!t->leaving_group && t->disconnect_order != 1)
        return "its disconnect bonds the leaving atom with a multiple bond, so the reagent's "
               "carbon is sp2 (a carbonyl) and has no configuration to invert; only a single "
               "bond to a leaving atom or group is displaced with inversion";
    if (dzp_smarts_atom_element(t->installs, 1) != 6)
        return "installs atom 1, the atom bonded to the nitrogen, must be a carbon ([#6] or C) "
               "for an SN2 inversion";
    return NULL;
}

/* Set t->stereo from `stereo` (read as one of the modes), or refuse a mode
 * the rule's shape cannot have: DZP_EINVAL with file:line:column. */
int rules_check_stereo(loader *ld, yaml_node_t *map, dzp_transformation *t)
{
    t->stereo = DZP_STEREO_NONE;
    if (!t->stereo_text)
        return 0;
    const char *why = why_it_cannot_invert(t);
    if (why)
        return rules_fail(ld, rules_value_of(ld, map, "stereo"),
                          "transformation '%s' says 'stereo: %s', but %s", t->id, t->stereo_text,
                          why);
    t->stereo = DZP_STEREO_INVERTS;
    return 0;
}
