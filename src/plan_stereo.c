/*
 * plan_stereo.c - a configuration at the carbon the nitrogen bonds to.
 *
 * When the target's group is bonded to its nitrogen at a stereocentre whose
 * configuration the target gives, only a rule that says what its step does
 * to that carbon (`stereo` in transformations.yaml) can make it: an SN2
 * displacement (`stereo: inverts`) turns the reagent's carbon inside out, so
 * the reagent is derived with the opposite configuration, and the forward
 * step (plan_edit.c, through dzp_mol_substitute) inverts it back.  A rule
 * without `stereo` (a ketone in reductive amination, an SN1-prone chloride)
 * gives both configurations and cannot make such a group; when no rule can,
 * the refusal names the new stereocentre and the forms that were refused.
 */
#include <stdlib.h>

#include "dzp/error.h"
#include "plan_internal.h"

/* Derive the configuration of the option's reagent at its carbon `bonding`:
 * the reagent was made from the target's group with the leaving atom where
 * the nitrogen stood (the same arrangement), so an inverting rule mirrors
 * it.  Returns 0, or a negative dzp_error (the option is then cleared). */
int plan_stereo_derive(reagent_option *o, int bonding)
{
    if (o->rule->stereo != DZP_STEREO_INVERTS)
        return 0;
    int rc = dzp_mol_invert_stereo(o->reagent, bonding);
    if (rc != 0)
        plan_option_clear(o);
    return rc;
}

/* Can the option make a configuration the target gives at the carbon bonded
 * to the nitrogen?  Only when its rule says what it does to that carbon and
 * its reagent states the configuration there. */
bool plan_stereo_sets_centre(const reagent_option *o)
{
    return o->rule->stereo != DZP_STEREO_NONE &&
           dzp_mol_atom_stereo_specified(o->reagent, o->bonding_atom);
}

/* Did an earlier refused form of a rule that sets the centre have the same
 * reason as form i? */
static bool reason_told(const site_need *need, int i)
{
    for (int j = 0; j < i; j++)
        if (need->refused[j].rule->stereo != DZP_STEREO_NONE &&
            need->refused[j].why == need->refused[i].why)
            return true;
    return false;
}

/* "; <rule name> with <reagent>, ...: <reason>" for the refused forms of
 * rules that would set the centre, those with one reason told together,
 * appended to `text` (freed).  NULL when out of memory. */
static char *append_refused_setters(char *text, const site_need *need)
{
    for (int i = 0; i < need->n_refused && text; i++) {
        if (need->refused[i].rule->stereo == DZP_STEREO_NONE || reason_told(need, i))
            continue;
        const char *lead = "; the rules that would set it cannot use their reagent here: ";
        for (int j = i; j < need->n_refused && text; j++) {
            const refused_form *r = &need->refused[j];
            if (r->rule->stereo == DZP_STEREO_NONE || r->why != need->refused[i].why)
                continue;
            char *next = plan_printf("%s%s%s with %s", text, j == i ? lead : ", ", r->rule->name,
                                     r->smiles);
            free(text);
            text = next;
        }
        char *next = text ? plan_printf("%s: %s", text, need->refused[i].why->reason) : NULL;
        free(text);
        text = next;
    }
    return text;
}

/* Why nitrogen `site` cannot get the target's group `want`, whose carbon
 * bonded to the nitrogen is a stereocentre of given configuration that no
 * usable rule sets.  A malloc'd sentence, or NULL when out of memory. */
char *plan_stereo_refusal(const site_need *need, const dzp_site *want, site_index site)
{
    char *text = plan_printf("the bond from %s to the target's group %s makes a new "
                             "stereocentre at the carbon bonded to the nitrogen, and no usable "
                             "rule sets its configuration: reductive amination of the ketone or "
                             "SN2 on a racemic partner gives both",
                             plan_site_name(site), want->substituent_smiles);
    text = append_refused_setters(text, need);
    char *out = text ? plan_printf("%s (plan the racemate by leaving that centre unspecified, or "
                                   "bring it in with a building block whose configuration a "
                                   "rule keeps)", text)
                     : NULL;
    free(text);
    return out;
}
