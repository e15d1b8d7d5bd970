/* rules.c -- the rule files of dzp-plan: what each may hold, and loading them.
 *
 * This file holds one table per mapping the rule files may hold (the keys,
 * their types, the handler that reads each, where the value goes; see
 * rules_internal.h), the list of files in load order, and the public API of
 * include/dzp/rules.h.  The generic YAML walker is in rules_yaml.c; what the
 * words mean (vocabulary, SMARTS shape contracts, cross references) is
 * checked in rules_check.c.
 *
 * The files are read in an order that puts every file before the files
 * that name its entries (side_reactions and vocabulary first, then the
 * scaffold, functional groups, protecting groups, reagents,
 * transformations, the planner and the reagent validity patterns), so each cross reference is checked
 * while its node is at hand and points at the offending line.
 *
 * A failed load leaves *out untouched and frees everything; nothing here is
 * global, and a loaded rule set is read-only.
 */
#define _POSIX_C_SOURCE 200809L

#include "dzp/rules.h"

#include "rules_internal.h"
#include "sha256.h"

#include "dzp/error.h"
#include "dzp/mol.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ------------------------------------------------------------------------ */
/* The tables.                                                               */
/* ------------------------------------------------------------------------ */


static const char *const atmospheres[] = {"air", "N2", "Ar", NULL};
/* a transformation's `stereo` (dzp_stereo_mode, from DZP_STEREO_INVERTS on) */
static const char *const stereo_modes[] = {"inverts", NULL};

/* ---- SMARTS shape contracts (see rules/README.md) ----------------------------- */

#define NO_ELEMENTS {{-1, 0}, {-1, 0}}
static const smarts_contract any_pattern = {
    .min_atoms = 1, .element_of = NO_ELEMENTS, .contract = "at least one atom"};
static const smarts_contract ring_pattern = {
    .min_atoms = 7, .exact_atoms = 7, .ring = true, .element_of = {{0, 7}, {3, 7}},
    .contract = "exactly seven atoms in ring order N1 C2 C3 N4 C5 C6 C7, bonded 0-1-2-3-4-5-6-0, "
                "atoms 0 and 3 nitrogen ([#7])"};
static const smarts_contract protected_n_pattern = {
    .min_atoms = 2, .bond_0_1 = true, .element_of = {{0, 7}, {-1, 0}},
    .contract = "at least two atoms: atom 0 the protected nitrogen ([#7]), atom 1 the atom "
                "bonded to it"};
static const smarts_contract substituent_pattern = {
    .min_atoms = 2, .bond_0_1 = true, .element_of = {{0, 0}, {-1, 0}},
    .contract = "at least two atoms: atom 0 the attachment [#0] with one bond, to atom 1, the "
                "atom bonded to the nitrogen"};
static const smarts_contract n_type_pattern = {
    .min_atoms = 1, .element_of = {{0, 7}, {-1, 0}},
    .contract = "at least one atom: atom 0 the nitrogen ([#7]) whose type it tells"};
static const smarts_contract reactive_pattern = {
    .min_atoms = 2, .bond_0_1 = true, .element_of = NO_ELEMENTS,
    .contract = "at least two atoms: atom 0 the atom that bonds to the nitrogen, atom 1 the "
                "leaving atom bonded to it"};

/* ---- vocabulary.yaml ------------------------------------------------------------- */

#define CC(m) offsetof(dzp_condition_class, m)
static const field condition_class_fields[] = {
    {"name", SCALAR, REQ, rules_read_str, CC(name), 0, NULL},
    {"means", SCALAR, REQ, rules_read_str, CC(means), 0, NULL},
    END,
};
static const shape condition_class_shape = {"a condition class", condition_class_fields,
                                            sizeof(dzp_condition_class),
                                            rules_check_condition_class};

#define SK(m) offsetof(dzp_step_kind, m)
static const field step_kind_fields[] = {
    {"name", SCALAR, REQ, rules_read_str, SK(name), 0, NULL},
    {"shape", SCALAR, REQ, rules_read_str, SK(shape_name), 0, NULL},
    {"means", SCALAR, REQ, rules_read_str, SK(means), 0, NULL},
    END,
};
static const shape step_kind_shape = {"a step kind", step_kind_fields, sizeof(dzp_step_kind),
                                      rules_check_step_kind};

#define RR(m) offsetof(dzp_reagent_role, m)
static const field role_fields[] = {
    {"name", SCALAR, REQ, rules_read_str, RR(name), 0, NULL},
    {"scales_with_both", SCALAR, REQ, rules_read_bool, RR(scales_with_both), 0, NULL},
    {"means", SCALAR, REQ, rules_read_str, RR(means), 0, NULL},
    END,
};
static const shape role_shape = {"a reagent role", role_fields, sizeof(dzp_reagent_role),
                                 rules_check_role};

#define SW(m) offsetof(dzp_severity_word, m)
static const field severity_fields[] = {
    {"name", SCALAR, REQ, rules_read_str, SW(name), 0, NULL},
    {"means", SCALAR, REQ, rules_read_str, SW(means), 0, NULL},
    END,
};
static const shape severity_shape = {"a severity", severity_fields, sizeof(dzp_severity_word),
                                     rules_check_severity};

#define NW(m) offsetof(dzp_n_type_word, m)
static const field n_type_word_fields[] = {
    {"name", SCALAR, REQ, rules_read_str, NW(name), 0, NULL},
    {"means", SCALAR, REQ, rules_read_str, NW(means), 0, NULL},
    END,
};
static const shape n_type_word_shape = {"an n type", n_type_word_fields, sizeof(dzp_n_type_word),
                                        rules_check_n_type_word};

#define PF(m) offsetof(dzp_planner_flags, m)
static const field planner_flag_fields[] = {
    {"regioselectivity", SCALAR, REQ, rules_read_flag_id, PF(regioselectivity), 0, NULL},
    END,
};
static const shape planner_flags_shape = {"the planner_flags block", planner_flag_fields, 0,
                                          NULL};

#define VO(m) offsetof(dzp_vocabulary, m)
static const field vocabulary_fields[] = {
    {"condition_classes", SEQ, REQ, rules_read_list, VO(condition_classes),
     VO(n_condition_classes), &condition_class_shape},
    {"step_kinds", SEQ, REQ, rules_read_list, VO(step_kinds), VO(n_step_kinds), &step_kind_shape},
    {"reagent_roles", SEQ, REQ, rules_read_list, VO(reagent_roles), VO(n_reagent_roles),
     &role_shape},
    {"severities", SEQ, REQ, rules_read_list, VO(severities), VO(n_severities), &severity_shape},
    {"planner_flags", MAP, REQ, rules_read_mapping, VO(planner_flags), 0, &planner_flags_shape},
    {"n_types", SEQ, REQ, rules_read_list, VO(n_types), VO(n_n_types), &n_type_word_shape},
    END,
};
static const shape vocabulary_shape = {"the vocabulary", vocabulary_fields, 0, NULL};

#define LA(m) offsetof(dzp_lookalike, m)
static const field lookalike_fields[] = {
    {"name", SCALAR, REQ, rules_read_str, LA(name), 0, NULL},
    {"smarts", SCALAR, REQ, rules_read_smarts, LA(smarts_text), LA(smarts), &any_pattern},
    {"message", SCALAR, REQ, rules_read_str, LA(message), 0, NULL},
    END,
};
static const shape lookalike_shape = {"a look-alike", lookalike_fields, sizeof(dzp_lookalike),
                                      NULL};

#define NT(m) offsetof(dzp_n_type_rule, m)
static const field n_type_rule_fields[] = {
    {"type", SCALAR, REQ, rules_read_n_type, NT(type), 0, NULL},
    {"smarts", SCALAR, REQ, rules_read_smarts, NT(smarts_text), NT(smarts), &n_type_pattern},
    END,
};
static const shape n_type_rule_shape = {"an n_types entry", n_type_rule_fields,
                                        sizeof(dzp_n_type_rule), NULL};

#define SC(m) offsetof(dzp_scaffold_rules, m)
static const field scaffold_fields[] = {
    {"ring", SCALAR, REQ, rules_read_smarts, SC(ring_text), SC(ring), &ring_pattern},
    {"lookalikes", SEQ, OPT, rules_read_list, SC(lookalikes), SC(n_lookalikes), &lookalike_shape},
    {"n_types", SEQ, REQ, rules_read_list, SC(n_types), SC(n_n_types), &n_type_rule_shape},
    END,
};
static const shape scaffold_shape = {"the scaffold", scaffold_fields, 0, NULL};

#define PG(m) offsetof(dzp_pg, m)
static const field pg_fields[] = {
    {"name", SCALAR, REQ, rules_read_str, PG(name), 0, NULL},
    {"long_name", SCALAR, OPT, rules_read_str, PG(long_name), 0, NULL},
    {"smarts", SCALAR, REQ, rules_read_smarts, PG(smarts_text), PG(smarts), &protected_n_pattern},
    {"cleavage", SCALAR, REQ, rules_read_str, PG(cleavage), 0, NULL},
    {"labile_as", SEQ, REQ, rules_read_strlist, PG(labile_as), PG(n_labile_as), NULL},
    {"preference", SCALAR, OPT, rules_read_number, PG(preference), 0, NULL},
    {"source", SCALAR, OPT, rules_read_source, PG(source), 0, NULL},
    END,
};
static const shape pg_shape = {"a protecting group", pg_fields, sizeof(dzp_pg), rules_check_pg};

#define RL(m) offsetof(dzp_reagent_rule, m)
static const field reagent_line_fields[] = {
    {"role", SCALAR, REQ, rules_read_role, RL(role), RL(role_word), NULL},
    {"name", SCALAR, REQ, rules_read_str, RL(name), 0, NULL},
    {"smiles", SCALAR, OPT, rules_read_smiles, RL(smiles), RL(canonical), NULL},
    {"equiv", SCALAR, OPT, rules_read_opt_number, RL(equiv), RL(has_equiv), NULL},
    {"form", MAP, OPT, rules_read_form, RL(form), 0, NULL},
    {"cosolvent", SCALAR, OPT, rules_read_bool, RL(cosolvent), 0, NULL},
    END,
};
static const shape reagent_line_shape = {"a reagent line", reagent_line_fields,
                                         sizeof(dzp_reagent_rule), NULL};

#define CO(m) offsetof(dzp_conditions, m)
static const field conditions_fields[] = {
    {"solvent", SCALAR, OPT, rules_read_str, CO(solvent), 0, NULL},
    {"temperature_c", ANY, OPT, rules_read_range, CO(temperature_c), 0, NULL},
    {"time_h", ANY, OPT, rules_read_range, CO(time_h), 0, NULL},
    {"concentration_m", SCALAR, OPT, rules_read_opt_number, CO(concentration_m), CO(has_concentration),
     NULL},
    {"atmosphere", SCALAR, OPT, rules_read_choice, CO(atmosphere), 0, atmospheres},
    END,
};
static const shape conditions_shape = {"a conditions block", conditions_fields, 0, NULL};

#define KR(m) offsetof(dzp_key_reagent, m)
static const field key_fields[] = {
    {"role", SCALAR, REQ, rules_read_role, KR(role), KR(role_word), NULL},
    {"name", SCALAR, OPT, rules_read_str, KR(name), 0, NULL},
    {"class", SCALAR, OPT, rules_read_str, KR(class_name), 0, NULL},
    {"smiles", SCALAR, OPT, rules_read_key_smiles, 0, 0, NULL},
    {"reactive", SCALAR, OPT, rules_read_smarts, KR(reactive_text), KR(reactive),
     &reactive_pattern},
    {"equiv", SCALAR, OPT, rules_read_number, KR(equiv), 0, NULL},
    {"mono_equiv", SCALAR, OPT, rules_read_number, KR(mono_equiv), 0, NULL},
    {"both_equiv", SCALAR, OPT, rules_read_number, KR(both_equiv), 0, NULL},
    END,
};
static const shape key_shape = {"a key_reagent block", key_fields, 0, NULL};

/* disconnect's fields live directly in the transformation */
#define TR(m) offsetof(dzp_transformation, m)
static const field disconnect_fields[] = {
    {"element", SCALAR, OPT, rules_read_element, TR(disconnect_element), 0, NULL},
    {"order", SCALAR, OPT, rules_read_bond_order, TR(disconnect_order), 0, NULL},
    {"addition", SCALAR, OPT, rules_read_bool, TR(disconnect_addition), 0, NULL},
    {"leaving_group", SCALAR, OPT, rules_read_leaving_group, 0, 0, NULL},
    {"ring_opening", SCALAR, OPT, rules_read_bool, TR(disconnect_ring_opening), 0, NULL},
    {"geminal_group", SCALAR, OPT, rules_read_geminal_group, 0, 0, NULL},
    END,
};
static const shape disconnect_shape = {"a disconnect block", disconnect_fields, 0, NULL};

static const field transformation_fields[] = {
    {"id", SCALAR, REQ, rules_read_str, TR(id), 0, NULL},
    {"kind", SCALAR, REQ, rules_read_step_kind, TR(kind), 0, NULL},
    {"name", SCALAR, REQ, rules_read_str, TR(name), 0, NULL},
    {"pg", SCALAR, OPT, rules_read_str, TR(pg_name), 0, NULL},
    {"installs", SCALAR, OPT, rules_read_smarts, TR(installs_text), TR(installs),
     &substituent_pattern},
    {"disconnect", MAP, OPT, rules_read_mapping, 0, 0, &disconnect_shape},
    {"key_reagent", MAP, OPT, rules_read_mapping, TR(key), 0, &key_shape},
    {"reagents", SEQ, OPT, rules_read_list, TR(reagents), TR(n_reagents), &reagent_line_shape},
    {"conditions", MAP, OPT, rules_read_mapping, TR(conditions), 0, &conditions_shape},
    {"yield", ANY, REQ, rules_read_yield, TR(yield), 0, NULL},
    {"workup", SCALAR, OPT, rules_read_str, TR(workup), 0, NULL},
    {"mono_workup", SCALAR, OPT, rules_read_str, TR(mono_workup), 0, NULL},
    {"condition_classes", SEQ, OPT, rules_read_condition_classes, TR(condition_classes),
     TR(n_condition_classes), NULL},
    {"cost", SCALAR, REQ, rules_read_number, TR(cost), 0, NULL},
    {"mono_penalty", SCALAR, OPT, rules_read_number, TR(mono_penalty), 0, NULL},
    {"both", SCALAR, OPT, rules_read_bool, TR(both), 0, NULL},
    {"flags", SEQ, OPT, rules_read_strlist, TR(flags), TR(n_flags), NULL},
    {"mono_flags", SEQ, OPT, rules_read_strlist, TR(mono_flags), TR(n_mono_flags), NULL},
    {"both_flags", SEQ, OPT, rules_read_strlist, TR(both_flags), TR(n_both_flags), NULL},
    {"applies_to", SEQ, OPT, rules_read_n_types, TR(applies_to), TR(n_applies_to), NULL},
    {"competing", SEQ, OPT, rules_read_n_types, TR(competing), TR(n_competing), NULL},
    {"stereo", SCALAR, OPT, rules_read_choice, TR(stereo_text), 0, stereo_modes},
    {"bulky_reagent", SCALAR, OPT, rules_read_smarts, TR(bulky_reagent_text), TR(bulky_reagent),
     &any_pattern},
    {"source", SCALAR, OPT, rules_read_source, TR(source), 0, NULL},
    END,
};
static const shape transformation_shape = {"a transformation", transformation_fields,
                                           sizeof(dzp_transformation), rules_check_transformation};

#define LB(m) offsetof(dzp_lability, m)
static const field lability_fields[] = {
    {"conditions", SCALAR, REQ, rules_read_lability_condition, LB(conditions), 0, NULL},
    {"flag", SCALAR, REQ, rules_read_flag_id, LB(flag), 0, NULL},
    {"severity", SCALAR, REQ, rules_read_severity, LB(severity), 0, NULL},
    END,
};
static const shape lability_shape = {"a labile_to entry", lability_fields, sizeof(dzp_lability),
                                     NULL};

#define FG(m) offsetof(dzp_fgroup, m)
static const field fgroup_fields[] = {
    {"name", SCALAR, REQ, rules_read_str, FG(name), 0, NULL},
    {"smarts", SCALAR, REQ, rules_read_smarts, FG(smarts_text), FG(smarts), &any_pattern},
    {"requires", SCALAR, OPT, rules_read_smarts, FG(requires_text), FG(requires), &any_pattern},
    {"requires_before", SCALAR, OPT, rules_read_smarts, FG(requires_before_text),
     FG(requires_before), &any_pattern},
    {"labile_to", SEQ, OPT, rules_read_list, FG(labile_to), FG(n_labile_to), &lability_shape},
    {"source", SCALAR, OPT, rules_read_source, FG(source), 0, NULL},
    END,
};
static const shape fgroup_shape = {"a functional group", fgroup_fields, sizeof(dzp_fgroup),
                                   rules_check_fgroup};

#define SR(m) offsetof(dzp_side_reaction, m)
static const field side_reaction_fields[] = {
    {"id", SCALAR, REQ, rules_read_str, SR(id), 0, NULL},
    {"severity", SCALAR, REQ, rules_read_severity, SR(severity), 0, NULL},
    {"message", SCALAR, REQ, rules_read_str, SR(message), 0, NULL},
    {"mitigation", SCALAR, OPT, rules_read_str, SR(mitigation), 0, NULL},
    {"unless_reagent", SCALAR, OPT, rules_read_smarts, SR(unless_reagent_text),
     SR(unless_reagent), &any_pattern},
    {"source", SCALAR, OPT, rules_read_source, SR(source), 0, NULL},
    END,
};
static const shape side_reaction_shape = {"a side reaction", side_reaction_fields,
                                          sizeof(dzp_side_reaction), rules_check_side_reaction};

#define NR(m) offsetof(dzp_named_reagent, m)
static const field named_reagent_fields[] = {
    {"name", SCALAR, REQ, rules_read_str, NR(name), 0, NULL},
    {"smiles", SCALAR, REQ, rules_read_smiles, NR(smiles), NR(canonical), NULL},
    {"form", MAP, OPT, rules_read_form, NR(form), 0, NULL},
    END,
};
static const shape named_reagent_shape = {"a reagent", named_reagent_fields,
                                          sizeof(dzp_named_reagent), rules_check_named_reagent};

#define RF(m) offsetof(dzp_route_flag_rule, m)
static const field route_flag_fields[] = {
    {"flag", SCALAR, REQ, rules_read_flag_id, RF(flag), 0, NULL},
    {"when", SCALAR, REQ, rules_read_route_trigger, 0, 0, NULL},
    {"detail", SCALAR, OPT, rules_read_str, RF(detail), 0, NULL},
    END,
};
static const shape route_flag_shape = {"a route flag", route_flag_fields,
                                       sizeof(dzp_route_flag_rule), NULL};

#define IH(m) offsetof(dzp_install_hint, m)
static const field install_hint_fields[] = {
    {"smarts", SCALAR, REQ, rules_read_smarts, IH(smarts_text), IH(smarts), &substituent_pattern},
    {"hint", SCALAR, REQ, rules_read_str, IH(hint), 0, NULL},
    END,
};
static const shape install_hint_shape = {"an install hint", install_hint_fields,
                                         sizeof(dzp_install_hint), NULL};

#define PL(m) offsetof(dzp_planner_rules, m)
static const field planner_fields[] = {
    {"warning_cost", SCALAR, REQ, rules_read_number, PL(warning_cost), 0, NULL},
    {"info_cost", SCALAR, REQ, rules_read_number, PL(info_cost), 0, NULL},
    {"regio_selective_penalty", SCALAR, REQ, rules_read_number, PL(regio_selective_penalty), 0,
     NULL},
    {"regio_unselective_penalty", SCALAR, REQ, rules_read_number, PL(regio_unselective_penalty),
     0, NULL},
    {"max_steps", SCALAR, REQ, rules_read_count, PL(max_steps), 0, NULL},
    {"max_alternatives", SCALAR, REQ, rules_read_count, PL(max_alternatives), 0, NULL},
    {"bound_margin", SCALAR, REQ, rules_read_number, PL(bound_margin), 0, NULL},
    {"selective_equiv", SCALAR, REQ, rules_read_number, PL(selective_equiv), 0, NULL},
    {"stock_preference", SCALAR, REQ, rules_read_number, PL(stock_preference), 0, NULL},
    {"excess_substrates", SEQ, REQ, rules_read_canonical_list, PL(excess_substrates),
     PL(n_excess_substrates), NULL},
    {"route_flags", SEQ, REQ, rules_read_list, PL(route_flags), PL(n_route_flags),
     &route_flag_shape},
    {"install_hints", SEQ, REQ, rules_read_list, PL(install_hints), PL(n_install_hints),
     &install_hint_shape},
    {"install_hint_default", SCALAR, REQ, rules_read_str, PL(install_hint_default), 0, NULL},
    END,
};
static const shape planner_shape = {"the planner block", planner_fields, 0, NULL};

#define RV(m) offsetof(dzp_reagent_validity, m)
static const field validity_fields[] = {
    {"name", SCALAR, REQ, rules_read_str, RV(name), 0, NULL},
    {"smarts", SCALAR, REQ, rules_read_smarts, RV(smarts_text), RV(smarts), &any_pattern},
    {"requires", SCALAR, OPT, rules_read_smarts, RV(requires_text), RV(requires), &any_pattern},
    {"min_matches", SCALAR, OPT, rules_read_count, RV(min_matches), 0, NULL},
    {"stereocentre", SCALAR, OPT, rules_read_pattern_atom, RV(stereocentre), 0, NULL},
    {"kinds", SEQ, OPT, rules_read_install_kinds, RV(kinds), RV(n_kinds), NULL},
    {"reason", SCALAR, REQ, rules_read_str, RV(reason), 0, NULL},
    {"source", SCALAR, OPT, rules_read_source, RV(source), 0, NULL},
    END,
};
static const shape validity_shape = {"a reagent validity entry", validity_fields,
                                     sizeof(dzp_reagent_validity), rules_check_validity};

#define MK(m) offsetof(dzp_mask, m)
static const field mask_fields[] = {
    {"id", SCALAR, REQ, rules_read_str, MK(id), 0, NULL},
    {"group", SCALAR, REQ, rules_read_str, MK(group), 0, NULL},
    {"as", SCALAR, REQ, rules_read_str, MK(as), 0, NULL},
    {"free", SCALAR, REQ, rules_read_smarts, MK(free_text), MK(free), &any_pattern},
    {"replaces", SCALAR, OPT, rules_read_count, MK(replaces), 0, NULL},
    {"masked", SCALAR, REQ, rules_read_fragment, MK(masked_text), MK(masked), NULL},
    {"masked_smarts", SCALAR, REQ, rules_read_smarts, MK(masked_smarts_text), MK(masked_smarts),
     &any_pattern},
    {"unmasked", SCALAR, REQ, rules_read_fragment, MK(unmasked_text), MK(unmasked), NULL},
    {"unmask", SCALAR, REQ, rules_read_str, MK(unmask_id), 0, NULL},
    {"source", SCALAR, OPT, rules_read_source, MK(source), 0, NULL},
    END,
};
static const shape mask_shape = {"a mask", mask_fields, sizeof(dzp_mask), rules_check_mask};

/* The top level of each file: one key. */
#define RU(m) offsetof(dzp_rules, m)
static const field scaffold_top[] = {
    {"scaffold", MAP, REQ, rules_read_mapping, RU(scaffold), 0, &scaffold_shape}, END};
static const field side_reactions_top[] = {
    {"side_reactions", SEQ, REQ, rules_read_list, RU(side_reactions), RU(n_side_reactions),
     &side_reaction_shape},
    END};
static const field pgs_top[] = {
    {"protecting_groups", SEQ, REQ, rules_read_list, RU(pgs), RU(n_pgs), &pg_shape}, END};
static const field reagents_top[] = {
    {"reagents", SEQ, REQ, rules_read_list, RU(named_reagents), RU(n_named_reagents),
     &named_reagent_shape},
    END};
static const field transformations_top[] = {
    {"transformations", SEQ, REQ, rules_read_list, RU(transformations), RU(n_transformations),
     &transformation_shape},
    END};
static const field fgroups_top[] = {
    {"functional_groups", SEQ, REQ, rules_read_list, RU(fgroups), RU(n_fgroups), &fgroup_shape}, END};
static const field planner_top[] = {
    {"planner", MAP, REQ, rules_read_mapping, RU(planner), 0, &planner_shape}, END};
static const field validity_top[] = {
    {"reagent_validity", SEQ, REQ, rules_read_list, RU(validity), RU(n_validity),
     &validity_shape},
    END};
static const field masks_top[] = {
    {"masks", SEQ, REQ, rules_read_list, RU(masks), RU(n_masks), &mask_shape}, END};
static const field vocabulary_top[] = {
    {"vocabulary", MAP, REQ, rules_read_mapping, RU(vocabulary), 0, &vocabulary_shape}, END};

/* A rule file: its name, its top-level key, and a check run once it is
 * read whole (NULL when none). */
typedef struct {
    const char *name;
    const field *top;
    int (*after)(loader *ld, yaml_node_t *root);
} rule_file;

/* In load order: a file comes after the files its entries refer to. */
static const rule_file rule_files[] = {
    {"sources.yaml", rules_sources_top, NULL},
    {"side_reactions.yaml", side_reactions_top, NULL},
    {"vocabulary.yaml", vocabulary_top, rules_check_vocabulary},
    {"scaffold.yaml", scaffold_top, rules_check_n_types_total},
    {"functional_groups.yaml", fgroups_top, NULL},
    {"protecting_groups.yaml", pgs_top, NULL},
    {"reagents.yaml", reagents_top, NULL},
    {"transformations.yaml", transformations_top, rules_check_pgs_removable},
    {"masks.yaml", masks_top, rules_check_unmasks_used},
    {"planner.yaml", planner_top, NULL},
    /* needs only the vocabulary's step kinds; last, as nothing refers to it */
    {"reagent_validity.yaml", validity_top, NULL},
};

/* ------------------------------------------------------------------------ */
/* Files.                                                                    */
/* ------------------------------------------------------------------------ */

/* The reader reports a byte offset only: find its line and column. */
static yaml_mark_t offset_mark(FILE *f, size_t offset)
{
    yaml_mark_t m = {offset, 0, 0};
    size_t i;
    int c;

    rewind(f);
    for (i = 0; i < offset && (c = getc(f)) != EOF; i++) {
        m.column++;
        if (c == '\n') {
            m.line++;
            m.column = 0;
        }
    }
    return m;
}

static int syntax_error(const loader *ld, const yaml_parser_t *parser, FILE *f)
{
    yaml_mark_t m = parser->problem_mark;

    if (parser->error == YAML_READER_ERROR && ferror(f))
        return dzp_error_set(DZP_EIO, "cannot read the rules file %s: %s", ld->path,
                             strerror(errno));
    if (parser->error == YAML_READER_ERROR) {
        m = offset_mark(f, parser->problem_offset);
        return dzp_error_set(DZP_EINVAL, "%s:%zu:%zu: %s: save the file as UTF-8 text",
                             ld->path, m.line + 1, m.column + 1,
                             parser->problem ? parser->problem : "unreadable text");
    }
    return dzp_error_set(DZP_EINVAL, "%s:%zu:%zu: YAML syntax error: %s%s%s: check the "
                         "indentation and quoting", ld->path, m.line + 1, m.column + 1,
                         parser->problem ? parser->problem : "unknown problem",
                         parser->context ? " " : "", parser->context ? parser->context : "");
}

/* Walk the document's root against the file's top-level table; a second
 * document in the file is refused. */
static int load_document(loader *ld, yaml_parser_t *parser, FILE *f, const rule_file *file)
{
    yaml_node_t *root = yaml_document_get_root_node(&ld->doc);
    const shape top = {file->name, file->top, 0, NULL};
    yaml_document_t extra;
    int error;

    if (!root || rules_is_null(root))
        return dzp_error_set(DZP_EINVAL, "%s: the file is empty: it must hold a mapping with "
                             "the key '%s'", ld->path, file->top[0].key);
    if (root->type != YAML_MAPPING_NODE)
        return rules_fail(ld, root, "the file must hold a mapping with the key '%s', not %s",
                          file->top[0].key, rules_type_name(root->type));
    if ((error = rules_process_mapping(ld, root, ld->rules, &top)) < 0)
        return error;
    if (file->after && (error = file->after(ld, root)) < 0)
        return error;
    if (!yaml_parser_load(parser, &extra))
        return syntax_error(ld, parser, f);
    root = yaml_document_get_root_node(&extra);
    error = root ? rules_fail(ld, root, "a second YAML document ('---') is not allowed: keep one") : 0;
    yaml_document_delete(&extra);
    return error;
}

/* Add the bytes of dir/name to the rules' fingerprint. */
static int fingerprint_file(dzp_sha256 *h, const char *dir, const char *name)
{
    char path[4096], buf[8192];
    size_t n;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return dzp_error_set(DZP_EIO, "cannot read the rules file %s again: %s", path,
                             strerror(errno));
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        dzp_sha256_update(h, buf, n);
    bool bad = ferror(f);
    fclose(f);
    return bad ? dzp_error_set(DZP_EIO, "cannot read the rules file %s", path) : 0;
}

/* What a rule file may be: a regular file of at most RULES_MAX_BYTES,
 * nested at most RULES_MAX_DEPTH deep.  The rules themselves are a few
 * hundred kilobytes and five levels deep; these limits only keep a
 * hostile or mistaken file (a FIFO, a 200,000-deep nest that libyaml takes
 * minutes over) from hanging the loader. */
#define RULES_MAX_BYTES (4L << 20)
#define RULES_MAX_DEPTH 64

/* Open ld->path for reading without blocking on a FIFO or a device, and
 * refuse what is not a regular file or is too big, with file:1:1. */
static int open_rule_file(const loader *ld, FILE **out)
{
    int fd = open(ld->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return dzp_error_set(DZP_EIO, "cannot open the rules file %s: %s (check the rules "
                             "directory, or set DZP_RULES)", ld->path, strerror(errno));
    int error = 0;
    if (fstat(fd, &st) != 0)
        error = dzp_error_set(DZP_EIO, "cannot read the rules file %s: %s", ld->path,
                              strerror(errno));
    else if (!S_ISREG(st.st_mode))
        error = dzp_error_set(DZP_EINVAL, "%s:1:1: not a regular file (a %s): a rule file "
                              "must be a YAML text file", ld->path,
                              S_ISFIFO(st.st_mode) ? "FIFO" : S_ISDIR(st.st_mode) ? "directory"
                                                                                : "device");
    else if (st.st_size > RULES_MAX_BYTES)
        error = dzp_error_set(DZP_EINVAL, "%s:1:1: the file is %lld bytes, more than the %ld a "
                              "rule file may have", ld->path, (long long)st.st_size,
                              RULES_MAX_BYTES);
    else if (fcntl(fd, F_SETFL, 0) != 0 || !(*out = fdopen(fd, "rb")))
        error = dzp_error_set(DZP_EIO, "cannot read the rules file %s: %s", ld->path,
                              strerror(errno));
    if (error < 0)
        close(fd);
    return error;
}

/* Refuse a file nested deeper than RULES_MAX_DEPTH, at the first node too
 * deep, before libyaml builds the document; f is left at its start.  A
 * syntax error is left for the real load to report. */
static int check_depth(const loader *ld, FILE *f)
{
    yaml_parser_t p;
    yaml_event_t ev;
    int depth = 0, error = 0;
    if (!yaml_parser_initialize(&p))
        return dzp_error_set(DZP_ENOMEM, "out of memory loading the rules");
    yaml_parser_set_input_file(&p, f);
    for (bool more = true; more && error == 0;) {
        if (!yaml_parser_parse(&p, &ev))
            break;
        if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
            if (++depth > RULES_MAX_DEPTH)
                error = dzp_error_set(DZP_EINVAL, "%s:%zu:%zu: nested more than %d levels "
                                      "deep: rule files are a few levels of mappings and lists",
                                      ld->path, ev.start_mark.line + 1, ev.start_mark.column + 1,
                                      RULES_MAX_DEPTH);
        } else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        more = ev.type != YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    rewind(f);
    return error;
}

static int load_file(dzp_rules *r, rules_arena *a, const char *dir, const rule_file *file)
{
    loader ld = {.rules = r, .arena = a, .what = file->name};
    yaml_parser_t parser;
    bool have_parser = false, have_doc = false;
    size_t len = strlen(dir) + strlen(file->name) + 2;
    char *path = rules_arena_alloc(a, len);
    FILE *f = NULL;
    int error;

    if (!path)
        return dzp_error_set(DZP_ENOMEM, "out of memory loading the rules");
    snprintf(path, len, "%s/%s", dir, file->name);
    ld.path = path;
    if ((error = open_rule_file(&ld, &f)) < 0 || (error = check_depth(&ld, f)) < 0)
        goto done;
    if (!(have_parser = yaml_parser_initialize(&parser))) {
        error = rules_oom(&ld);
        goto done;
    }
    yaml_parser_set_input_file(&parser, f);
    if (!(have_doc = yaml_parser_load(&parser, &ld.doc))) {
        error = syntax_error(&ld, &parser, f);
        goto done;
    }
    error = load_document(&ld, &parser, f, file);
done:
    if (have_doc)
        yaml_document_delete(&ld.doc);
    if (have_parser)
        yaml_parser_delete(&parser);
    if (f)
        fclose(f);
    return error;
}

/* ------------------------------------------------------------------------ */
/* Public API.                                                               */
/* ------------------------------------------------------------------------ */

/* "info", "warning" or "critical"; "unknown" for a value out of range. */
const char *dzp_severity_name(dzp_severity s)
{
    static const char *const names[] = {
        [DZP_SEV_INFO] = "info", [DZP_SEV_WARNING] = "warning", [DZP_SEV_CRITICAL] = "critical"};
    return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

/* Load the eleven files of dir (NULL: dzp_rules_default_dir(), rules_locate.c) into a new
 * rule set.  Returns 0 and sets *out, or DZP_EINVAL (content, with
 * file:line:column), DZP_EIO (a file missing or unreadable) or DZP_ENOMEM,
 * leaving *out untouched and nothing allocated. */
int dzp_rules_load(dzp_rules **out, const char *dir)
{
    dzp_rules *r = NULL;
    rules_arena *a;
    size_t i;
    int error = 0;

    if (!out)
        return dzp_error_set(DZP_EINVAL, "dzp_rules_load needs somewhere to put the rules");
    if (!dir && !(dir = dzp_rules_default_dir()))
        return DZP_EIO; /* dzp_error_last() says where it looked */
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return dzp_error_set(DZP_EIO, "the rules directory %s %s: give --rules DIR (or DZP_RULES) "
                             "naming the folder that holds vocabulary.yaml and the other rule "
                             "files", dir, stat(dir, &st) != 0 ? "does not exist"
                                                               : "is not a directory");
    if (!(r = calloc(1, sizeof(*r))) || !(r->arena = a = rules_arena_new()) ||
        !(r->dir = rules_arena_strdup(a, dir))) {
        error = dzp_error_set(DZP_ENOMEM, "out of memory loading the rules");
        goto done;
    }
    dzp_sha256 fingerprint;
    dzp_sha256_init(&fingerprint);
    for (i = 0; i < sizeof(rule_files) / sizeof(rule_files[0]); i++)
        if ((error = load_file(r, a, dir, &rule_files[i])) < 0 ||
            (error = fingerprint_file(&fingerprint, dir, rule_files[i].name)) < 0)
            goto done;
    dzp_sha256_hex(&fingerprint, r->sha256);
    *out = r;
    r = NULL;
done:
    dzp_rules_free(r);
    return error;
}

/* Free a rule set from dzp_rules_load, with its patterns and molecules.
 * Accepts NULL. */
void dzp_rules_free(dzp_rules *rules)
{
    if (!rules)
        return;
    rules_arena_free(rules->arena);
    free(rules);
}

/* The protecting group called name, or NULL. */
const dzp_pg *dzp_rules_pg(const dzp_rules *rules, const char *name)
{
    size_t i;

    if (!rules || !name)
        return NULL;
    for (i = 0; i < rules->n_pgs; i++)
        if (strcmp(rules->pgs[i].name, name) == 0)
            return &rules->pgs[i];
    return NULL;
}

/* The side reaction with this id, or NULL. */
const dzp_side_reaction *dzp_rules_side_reaction(const dzp_rules *rules, const char *id)
{
    size_t i;

    if (!rules || !id)
        return NULL;
    for (i = 0; i < rules->n_side_reactions; i++)
        if (strcmp(rules->side_reactions[i].id, id) == 0)
            return &rules->side_reactions[i];
    return NULL;
}

/* The name reagents.yaml gives the compound with this canonical SMILES
 * (as from dzp_mol_smiles(..., DZP_SMILES_CANONICAL)), or NULL. */
const char *dzp_rules_reagent_name(const dzp_rules *rules, const char *canonical_smiles)
{
    size_t i;

    if (!rules || !canonical_smiles)
        return NULL;
    for (i = 0; i < rules->n_named_reagents; i++)
        if (strcmp(rules->named_reagents[i].canonical, canonical_smiles) == 0)
            return rules->named_reagents[i].name;
    return NULL;
}

const dzp_form *dzp_rules_reagent_form(const dzp_rules *rules, const char *canonical_smiles)
{
    if (!rules || !canonical_smiles)
        return NULL;
    for (size_t i = 0; i < rules->n_named_reagents; i++)
        if (strcmp(rules->named_reagents[i].canonical, canonical_smiles) == 0)
            return rules->named_reagents[i].form.state ? &rules->named_reagents[i].form : NULL;
    return NULL;
}

/* The functional group called name, or NULL. */
const dzp_fgroup *dzp_rules_fgroup(const dzp_rules *rules, const char *name)
{
    size_t i;

    if (!rules || !name)
        return NULL;
    for (i = 0; i < rules->n_fgroups; i++)
        if (strcmp(rules->fgroups[i].name, name) == 0)
            return &rules->fgroups[i];
    return NULL;
}

/* Does validity entry v match reagent (its pattern often enough, its
 * `requires`, and its stereocentre specified in at least one match)? */
static bool validity_matches(const dzp_reagent_validity *v, const dzp_mol *reagent)
{
    int *hits = NULL, width = dzp_smarts_atom_count(v->smarts), i;
    int n = dzp_smarts_find(&hits, v->smarts, reagent, true);
    bool stereo = v->stereocentre == 0;

    for (i = 0; i < n && !stereo; i++)
        stereo = dzp_mol_atom_stereo_specified(reagent, hits[i * width + v->stereocentre - 1]);
    free(hits);
    if (n < (v->min_matches > 0 ? v->min_matches : 1) || !stereo)
        return false;
    return !v->requires || dzp_smarts_matches(v->requires, reagent);
}

static bool validity_applies(const dzp_reagent_validity *v, const dzp_transformation *rule)
{
    size_t i;

    for (i = 0; i < v->n_kinds; i++)
        if (strcmp(v->kinds[i], rule->kind) == 0)
            return true;
    return v->n_kinds == 0;
}

/* The first validity entry for the rule's kind that matches reagent, or
 * NULL.  Never fails (a failed match counts as no match). */
const dzp_reagent_validity *dzp_rules_reagent_refusal(const dzp_rules *rules,
                                                      const dzp_transformation *rule,
                                                      const dzp_mol *reagent)
{
    size_t i;

    if (!rules || !rule || !reagent)
        return NULL;
    for (i = 0; i < rules->n_validity; i++)
        if (validity_applies(&rules->validity[i], rule) &&
            validity_matches(&rules->validity[i], reagent))
            return &rules->validity[i];
    return NULL;
}

/* The vocabulary entry of reagent role name, or NULL. */
const dzp_reagent_role *dzp_rules_role(const dzp_rules *rules, const char *name)
{
    size_t i;

    if (!rules || !name)
        return NULL;
    for (i = 0; i < rules->vocabulary.n_reagent_roles; i++)
        if (strcmp(rules->vocabulary.reagent_roles[i].name, name) == 0)
            return &rules->vocabulary.reagent_roles[i];
    return NULL;
}

static bool names_n_type(const char *const *list, size_t n, const char *n_type)
{
    size_t i;

    for (i = 0; n_type && i < n; i++)
        if (strcmp(list[i], n_type) == 0)
            return true;
    return false;
}

/* Does t act on a free nitrogen of this n type (its applies_to)? */
bool dzp_transformation_applies_to(const dzp_transformation *t, const char *n_type)
{
    return t && names_n_type(t->applies_to, t->n_applies_to, n_type);
}

/* Does a free nitrogen of this n type compete for t's reagent (t's competing)? */
bool dzp_transformation_competing(const dzp_transformation *t, const char *n_type)
{
    return t && names_n_type(t->competing, t->n_competing, n_type);
}

/* The set of condition class name: its bit, every bit for "any", 0 when
 * the vocabulary does not declare it. */
dzp_class_set dzp_rules_class_set(const dzp_rules *rules, const char *name)
{
    size_t i;

    if (!rules || !name)
        return 0;
    if (strcmp(name, "any") == 0)
        return ~(dzp_class_set)0;
    for (i = 0; i < rules->vocabulary.n_condition_classes; i++)
        if (strcmp(rules->vocabulary.condition_classes[i].name, name) == 0)
            return (dzp_class_set)1 << i;
    return 0;
}
