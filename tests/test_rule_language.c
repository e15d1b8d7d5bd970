/*
 * test_rule_language.c - the rule language is checked like code.
 *
 * Each row of the table below takes the real rule set (rules/), makes one
 * mistake a contributor could make in one file (a misspelt condition class,
 * an unknown step kind, a SMARTS that breaks its shape contract, a flag id
 * or group name that nothing defines, ...), and expects the load to be
 * refused with DZP_EINVAL and "file:line:column: ..." pointing at the
 * mistake.  The expected line and column are not written into the table:
 * they are found by searching the mutated file for the text the error must
 * point at, so the rows keep working when the rule files grow.
 *
 * The mistakes of issue 7 are all here: `condition_classes: [acdi, ...]` on
 * the Boc removal, `kind: reductive_amnation`, one-atom SMARTS for a
 * protecting group, a ring that is not seven atoms, one-atom `installs` and
 * `reactive`, and deleting a flag id the planner raises by itself.  The
 * addition rules (disconnect: {addition: true}) add theirs: an `installs` too
 * short for the bond to raise, and an addition that also names a leaving
 * element.  Issue 8 adds the n types: a misspelt one in a rule's applies_to
 * or in scaffold.yaml, applies_to on a deprotection, n_types without the
 * catch-all; `stereo: inverts` misspelt, or on a rule whose step cannot
 * invert a carbon (a ketone, a protection, an addition, a bond to sulfur).
 * catch-all; and the disconnect forms geminal_group and ring_opening: a
 * geminal group with two '*' or on an addition, a ring opening that also
 * names a leaving group, whose installs is too short or closes the ring on
 * the wrong atom, or whose reactive atom 1 is not installs atom 3.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dzp/error.h"
#include "dzp/rules.h"
#include "rules_scratch.h"

typedef struct {
    const char *what;       /* the mistake, for failure messages */
    const char *file;       /* the rule file to change */
    const char *find;       /* replace the first occurrence of this ... */
    const char *replace;    /* ... with this */
    const char *at_file;    /* the file the error must point into (NULL: file) */
    const char *at;         /* the error points at the first occurrence of this text
                               in at_file after the change; a leading '\n' is skipped */
    const char *says;       /* and the message says this */
} mistake;

static const mistake mistakes[] = {
    {"a stereocentre index that points at the carbonyl oxygen", "reagent_validity.yaml",
     "smarts: \"[CX3H1](=O)[CX4H1]\"\n    stereocentre: 2",
     "smarts: \"[CX3H1](=O)[CX4H1]\"\n    stereocentre: +1", NULL, "+1",
     "which is no tetrahedral carbon"},
    {"a source id sources.yaml does not declare", "side_reactions.yaml",
     "source: 001_4f58cb2ccb78ed93.txt", "source: 001_4f58cb2ccb78ed9f.txt", NULL,
     "001_4f58cb2ccb78ed9f.txt", "which sources.yaml does not declare"},
    {"yield written in percent", "transformations.yaml", "yield: [0.75, 0.85]",
     "yield: [75, 85]", NULL, "[75, 85]", "is a fraction of the theoretical amount"},
    {"a neat liquid without its density", "transformations.yaml",
     "form: {state: liquid, density: 1.489}", "form: {state: liquid}", NULL,
     "{state: liquid}", "a liquid form needs 'density'"},
    {"a solution with neither molarity nor weight percent", "reagents.yaml",
     "wt_percent: 37, density: 1.09", "density: 1.09", NULL, "{state: solution",
     "either by 'molarity' or by 'wt_percent'"},
    {"a form state nobody knows", "reagents.yaml", "form: {state: liquid, density: 1.044}",
     "form: {state: slurry, density: 1.044}", NULL, "slurry",
     "must be one of solid, liquid, solution, gas, supported_catalyst"},
    {"a density in g/L", "reagents.yaml", "form: {state: liquid, density: 1.044}",
     "form: {state: liquid, density: 1044}", NULL, "1044", "must be above 0 and at most 25"},
    {"misspelt condition class on the Boc removal", "transformations.yaml",
     "condition_classes: [acid, tbu_cation]", "condition_classes: [acdi, tbu_cation]", NULL,
     "acdi", "not a condition class vocabulary.yaml declares"},
    {"misspelt step kind", "transformations.yaml", "kind: reductive_amination",
     "kind: reductive_amnation", NULL, "reductive_amnation", "must be one of protect, deprotect"},
    {"one-atom protecting-group SMARTS", "protecting_groups.yaml",
     "smarts: \"[#7]C(=O)OC([CH3])([CH3])[CH3]\"", "smarts: \"[#7]\"", NULL, "\"[#7]\"",
     "atom 0 the protected nitrogen"},
    {"protecting-group SMARTS not starting at the nitrogen", "protecting_groups.yaml",
     "smarts: \"[#7]C(=O)OC([CH3])([CH3])[CH3]\"", "smarts: \"C(=O)(OC(C)(C)C)[#7]\"", NULL,
     "\"C(=O)(OC(C)(C)C)[#7]\"", "breaks the contract"},
    {"ring SMARTS of six atoms", "scaffold.yaml",
     "ring: \"[#7;R]1~[#6;R]~[#6;R]~[#7;R]~[#6;R]~[#6;R]~[#6;R]~1\"",
     "ring: \"[#7;R]1~[#6;R]~[#6;R]~[#7;R]~[#6;R]~[#6;R]~1\"", NULL, "\"[#7;R]1~",
     "exactly seven atoms"},
    {"ring SMARTS not closed in order", "scaffold.yaml",
     "ring: \"[#7;R]1~[#6;R]~[#6;R]~[#7;R]~[#6;R]~[#6;R]~[#6;R]~1\"",
     "ring: \"[#7;R]~[#6;R]~[#6;R]~[#7;R]~[#6;R]~[#6;R]~[#6;R]\"", NULL, "\"[#7;R]~",
     "bonded 0-1-2-3-4-5-6-0"},
    {"one-atom installs", "transformations.yaml", "installs: \"[#0][CH2][#6]\"",
     "installs: \"[#0]\"", NULL, "\"[#0]\"", "atom 0 the attachment [#0]"},
    {"installs not starting at the attachment", "transformations.yaml",
     "installs: \"[#0][CH3]\"", "installs: \"[CH3][#0]\"", NULL, "\"[CH3][#0]\"",
     "breaks the contract"},
    {"reactive written leaving atom first (install)", "transformations.yaml",
     "reactive: \"[CX4][Br]\"", "reactive: \"[Br][CX4]\"", NULL, "\"[Br][CX4]\"",
     "has Br as atom 0, where the rule needs C"},
    {"reactive written leaving atom first (protect)", "transformations.yaml",
     "reactive: \"[CX3](Cl)(=O)OCc1ccccc1\"", "reactive: \"Cl[CX3](=O)OCc1ccccc1\"", NULL,
     "\"Cl[CX3](=O)OCc1ccccc1\"", "write the atom that bonds to the nitrogen first"},
    {"one-atom reactive", "transformations.yaml", "reactive: \"c[F]\"", "reactive: \"c\"", NULL,
     "\"c\"", "atom 1 the leaving atom"},
    {"a flag the planner raises is deleted", "side_reactions.yaml", "- id: regioselectivity",
     "- id: regioselectivity_removed", "vocabulary.yaml", "regioselectivity   #",
     "names the flag 'regioselectivity'"},
    {"a route-level flag id is misspelt", "planner.yaml", "{flag: silica_tailing,",
     "{flag: silica_tailling,", NULL, "silica_tailling", "side_reactions.yaml does not define"},
    {"a step flag id is misspelt", "transformations.yaml", "mono_flags: [over_alkylation]",
     "mono_flags: [over_alkylaton]", NULL, "over_alkylaton", "names the flag 'over_alkylaton'"},
    {"a lability flag id is misspelt", "functional_groups.yaml",
     "flag: hydrogenolysis_collateral", "flag: hydrogenolysis_colateral", NULL,
     "hydrogenolysis_colateral", "side_reactions.yaml does not define"},
    {"misspelt reagent role", "transformations.yaml", "role: reductant", "role: reductnat", NULL,
     "reductnat", "not a reagent role"},
    {"misspelt severity", "functional_groups.yaml", "severity: critical", "severity: critcal",
     NULL, "critcal", "must be info, warning or critical"},
    {"misspelt lability condition", "functional_groups.yaml", "{conditions: acid,",
     "{conditions: acidic,", NULL, "acidic", "not a condition class"},
    {"dangling protecting group of a transformation", "transformations.yaml", "pg: Boc\n",
     "pg: BOC\n", NULL, "BOC", "names the protecting group 'BOC'"},
    {"lability names a functional group nothing defines", "protecting_groups.yaml",
     "labile_as: [Boc carbamate]", "labile_as: [Boc carbamat]", NULL, "Boc carbamat]",
     "functional_groups.yaml does not define"},
    {"cleavage that does not destroy the group", "protecting_groups.yaml",
     "cleavage: acid\n    labile_as: [Boc carbamate]",
     "cleavage: hydrogenolysis\n    labile_as: [Boc carbamate]", NULL, "[Boc carbamate]",
     "none of the functional groups it is labile as"},
    {"deprotection outside its group's cleavage class", "transformations.yaml",
     "condition_classes: [acid, tbu_cation]", "condition_classes: [tbu_cation]", NULL,
     "[tbu_cation]", "do not include 'acid'"},
    {"protecting group with no deprotection", "transformations.yaml",
     "name: Boc removal (acid)\n    yield: [0.90, 0.99]\n    pg: Boc",
     "name: Boc removal (acid)\n    yield: [0.90, 0.99]\n    pg: Cbz", NULL,
     "\ntransformations:", "'Boc' has no deprotection"},
    {"unknown element to disconnect to", "transformations.yaml", "element: Br",
     "element: Bx", NULL, "Bx", "must be an element symbol"},
    {"addition whose installs has two atoms", "transformations.yaml",
     "installs: \"[#0][CH2][CH2;$(CC#N),$(CC(=O)O[#6]),$(CC(=O)[NX3]),$(CC(=O)[#6]),"
     "$(CS(=O)(=O)[#6,#7])]\"",
     "installs: \"[#0][CH2]\"", NULL, "\"[#0][CH2]\"", "for an addition (disconnect: {addition: "
     "true}), at least three atoms"},
    {"addition that also names a leaving element", "transformations.yaml",
     "    disconnect: {addition: true}\n", "    disconnect: {element: N, order: 2, addition: true}\n",
     NULL,
     "N, order: 2, addition", "disconnects by addition, which has no leaving atom"},
    {"disconnect with neither an element nor addition", "transformations.yaml",
     "disconnect: {element: Br, order: 1}", "disconnect: {order: 1}", NULL, "{order: 1}",
     "or {addition: true}"},
    {"planner value missing", "planner.yaml", "  bound_margin: 2.0", "  # bound_margin: 2.0",
     NULL, "warning_cost", "missing required key 'bound_margin'"},
    {"unknown route-flag trigger", "planner.yaml", "      when: step_flag\n",
     "      when: step_flags\n", NULL,
     "step_flags", "must be one of step_flag, target_has_free_nh"},
    {"install hint SMARTS without the attachment", "planner.yaml", "smarts: \"[#0][CX4;H0]\"",
     "smarts: \"[CX4;H0]\"", NULL, "\"[CX4;H0]\"", "breaks the contract"},
    {"severities out of the planner's order", "vocabulary.yaml",
     "    - {name: info, means: \"worth knowing; no cost\"}\n",
     "", NULL, "- {name: warning", "exactly info, warning, critical"},
    {"step kind with an unknown shape", "vocabulary.yaml",
     "{name: snar, shape: install,", "{name: snar, shape: instal,", NULL,
     "instal, means: \"nucleophilic",
     "has the shape 'instal'"},
    {"condition class named 'any'", "vocabulary.yaml", "{name: neutral,", "{name: any,", NULL,
     "any,", "'any' is reserved"},
    {"condition class declared twice", "vocabulary.yaml", "{name: neutral,", "{name: heat,",
     NULL, "heat, means: \"no acid", "condition class 'heat' is defined twice"},
    {"reagent role without scales_with_both", "vocabulary.yaml",
     "{name: ligand, scales_with_both: false,", "{name: ligand,", NULL, "{name: ligand",
     "missing required key 'scales_with_both'"},
    {"functional group defined twice", "functional_groups.yaml", "- name: ketone\n",
     "- name: aldehyde\n", NULL, "aldehyde\n    smarts: \"[#6][CX3]",
     "functional group 'aldehyde' is defined twice"},
    {"misspelt n type in a rule's applies_to", "transformations.yaml", "applies_to: [amide]",
     "applies_to: [amdie]", NULL, "amdie", "not a nitrogen type vocabulary.yaml declares"},
    {"misspelt n type in scaffold.yaml", "scaffold.yaml", "{type: amide,", "{type: amid,", NULL,
     "amid,", "not a nitrogen type vocabulary.yaml declares"},
    {"applies_to on a deprotection", "transformations.yaml",
     "    condition_classes: [acid, tbu_cation]\n",
     "    condition_classes: [acid, tbu_cation]\n    applies_to: [amine]\n", NULL,
     "[amine]", "'applies_to' and 'competing' do not apply"},
    {"n_types without the catch-all amine last", "scaffold.yaml",
     "    - {type: amine, smarts: \"[#7]\"}\n", "", NULL, "{type: aryl_amine,",
     "the last entry of n_types must be the catch-all"},
    {"n type SMARTS not starting at a nitrogen", "scaffold.yaml",
     "{type: amide, smarts: \"[#7][CX3]=[OX1]\"}", "{type: amide, smarts: \"O=C[#7]\"}", NULL, "\"O=C[#7]\"", "atom 0 the nitrogen"},
    {"the default n type is not declared", "vocabulary.yaml", "- {name: amine, means:",
     "- {name: amino, means:", NULL, "- {name: amino", "must declare 'amine'"},
    /* reagent_validity.yaml and multi-atom leaving groups (issue 8) */
    {"misspelt step kind of a validity entry", "reagent_validity.yaml",
     "kinds: [reductive_amination]", "kinds: [reductive_aminaton]", NULL, "reductive_aminaton",
     "not a step kind vocabulary.yaml declares"},
    {"validity entry for a step that derives no reagent", "reagent_validity.yaml",
     "kinds: [reductive_amination]", "kinds: [protect]", NULL, "protect]",
     "only install steps derive a reagent"},
    {"validity SMARTS that does not compile", "reagent_validity.yaml",
     "smarts: \"O=[#6;r3]\"", "smarts: \"O=[#6;r3]1\"", NULL, "\"O=[#6;r3]1\"", "fix the pattern"},
    {"validity stereocentre outside its pattern", "reagent_validity.yaml", "stereocentre: 3",
     "stereocentre: 9", NULL, "9\n    kinds", "its SMARTS has 4 atoms"},
    {"validity entry named twice", "reagent_validity.yaml", "- name: ynal or ynone",
     "- name: three-membered ring ketone", NULL, "three-membered ring ketone\n    smarts: \"[CX3]",
     "'three-membered ring ketone' is defined twice"},
    {"unknown key in a validity entry", "reagent_validity.yaml", "min_matches: 2",
     "min_match: 2", NULL, "min_match: 2", "unknown key 'min_match'"},
    {"validity entry without a reason", "reagent_validity.yaml",
     "    reason: >-\n      a cyclopropanone", "    because: >-\n      a cyclopropanone", NULL,
     "because", "unknown key 'because'"},
    {"leaving group with two attachments", "transformations.yaml",
     "leaving_group: \"*OS(C)(=O)=O\"", "leaving_group: \"*OS(*)(=O)=O\"", NULL,
     "\"*OS(*)(=O)=O\"", "exactly one '*'"},
    {"disconnect with an element and a leaving group", "transformations.yaml",
     "{leaving_group: \"*OS(C)(=O)=O\"}", "{element: O, leaving_group: \"*OS(C)(=O)=O\"}", NULL,
     "{element: O, leaving_group", "both an element and a leaving_group"},
    {"disconnect element without its order", "transformations.yaml",
     "disconnect: {element: Br, order: 1}", "disconnect: {element: Br}", NULL, "{element: Br}",
     "needs both 'element' and 'order'"},
    /* masks.yaml: masked building blocks (issue 8) */
    {"mask naming an unmask rule that does not exist", "masks.yaml",
     "unmask: unmask_cbz_amine", "unmask: unmask_cbz_amin", NULL, "unmask_cbz_amin",
     "which transformations.yaml does not define"},
    {"mask unmasked by a rule that is not an unmask", "masks.yaml",
     "unmask: unmask_cbz_amine", "unmask: cbz_deprotect", NULL, "cbz_deprotect",
     "does not have the unmask shape"},
    {"unmask transformation no mask names", "masks.yaml", "unmask: unmask_phthalimide",
     "unmask: unmask_boc_amine", NULL, "masks:", "no mask in masks.yaml names it"},
    {"masked_smarts that does not find the masked fragment", "masks.yaml",
     "masked_smarts: \"[NX3]C(=O)OCc1ccccc1\"", "masked_smarts: \"[NX3]C(=O)OC\"", NULL,
     "\"[NX3]C(=O)OC\"", "must find the masked fragment"},
    {"masked fragment without a hydrogen on its atom 0", "masks.yaml", "masked: \"OC\"",
     "masked: \"O(C)C\"", NULL, "\"O(C)C\"", "has no hydrogen"},
    {"masked fragment with a '*'", "masks.yaml", "masked: \"OC\"", "masked: \"*OC\"", NULL,
     "\"*OC\"", "has a '*'"},
    {"mask replacing more atoms than its free pattern has", "masks.yaml", "replaces: 2",
     "replaces: 3", NULL, "3\n", "its free pattern has only 2"},
    {"mask id given twice", "masks.yaml", "- id: amine_as_cbz", "- id: amine_as_boc", NULL,
     "amine_as_boc\n    group: \"free primary or secondary amine\"\n    as: \"N-Cbz",
     "'amine_as_boc' is defined twice"},
    {"unmask transformation with a protecting group", "transformations.yaml",
     "    kind: unmask\n    name: Boc removal from the side-chain amine (acid)\n",
     "    kind: unmask\n    pg: Boc\n    name: Boc removal from the side-chain amine (acid)\n",
     NULL, "Boc\n    name: Boc removal from the side", "so 'pg' does not apply"},
    {"misspelt unmask step kind", "transformations.yaml",
     "    kind: unmask\n    name: Boc removal from the side-chain amine",
     "    kind: unmsk\n    name: Boc removal from the side-chain amine", NULL, "unmsk",
     "not a step kind vocabulary.yaml declares"},
    /* stereo: inverts (issue 8, item 6) */
    {"misspelt stereo mode", "transformations.yaml", "    stereo: inverts\n",
     "    stereo: invert\n", NULL, "invert\n", "'stereo' in a transformation must be one of "
     "inverts"},
    {"stereo: inverts on a ketone's reductive amination", "transformations.yaml",
     "    installs: \"[#0][CH1]([#6])[#6]\"\n",
     "    installs: \"[#0][CH1]([#6])[#6]\"\n    stereo: inverts\n", NULL, "inverts\n",
     "has no configuration to invert"},
    {"stereo on a protection", "transformations.yaml", "    pg: Boc\n",
     "    pg: Boc\n    stereo: inverts\n", NULL, "inverts\n", "only an install step"},
    {"stereo on an addition", "transformations.yaml", "    disconnect: {addition: true}\n",
     "    disconnect: {addition: true}\n    stereo: inverts\n", NULL, "inverts\n",
     "displaces nothing"},
    {"stereo on a bond to sulfur", "transformations.yaml",
     "    installs: \"[#0][SX4](=O)(=O)[#6,#7]\"\n",
     "    installs: \"[#0][SX4](=O)(=O)[#6,#7]\"\n    stereo: inverts\n", NULL, "inverts\n",
     "must be a carbon"},
    /* Order and selectivity (issue 8 item 5). */
    {"bulky_reagent on a deprotection", "transformations.yaml", "  - id: boc_deprotect\n",
     "  - id: boc_deprotect\n    bulky_reagent: \"[#6;R]\"\n", NULL, "\"[#6;R]\"",
     "is a deprotection: it has no reagent that picks one of two nitrogens"},
    {"mono_workup on a deprotection", "transformations.yaml", "  - id: cbz_deprotect\n",
     "  - id: cbz_deprotect\n    mono_workup: Extract the mono product.\n", NULL,
     "Extract the mono product.", "'mono_workup' does not apply"},
    {"bulky_reagent that misses the rule's own reagent", "transformations.yaml",
     "    bulky_reagent: \"*\"\n", "    bulky_reagent: \"[Br]\"\n", NULL, "\"[Br]\"",
     "does not match its own reagent"},
    {"bulky_reagent SMARTS that does not compile", "transformations.yaml",
     "bulky_reagent: \"[SX4](Cl)", "bulky_reagent: \"[SX4](Cl", NULL, "\"[SX4](Cl(",
     "fix the pattern"},
    {"requires_before SMARTS that does not compile", "functional_groups.yaml",
     "requires_before: \"[#7;H1;R;X3;", "requires_before: \"[#7;H1;R;X3;(", NULL,
     "\"[#7;H1;R;X3;(", "fix the pattern"},
    {"unless_reagent SMARTS that does not compile", "side_reactions.yaml",
     "unless_reagent: \"[CH2](", "unless_reagent: \"[CH2]((", NULL, "\"[CH2]((",
     "fix the pattern"},
    {"misspelt prolonged condition class", "transformations.yaml",
     "[hydride, mild_acid, prolonged]", "[hydride, mild_acid, prolongued]", NULL, "prolongued",
     "not a condition class vocabulary.yaml declares"},
    {"geminal group with two attachments", "transformations.yaml",
     "geminal_group: \"*OCC\"", "geminal_group: \"*OC*\"", NULL, "\"*OC*\"",
     "exactly one '*'"},
    {"geminal group on an addition", "transformations.yaml",
     "    disconnect: {addition: true}\n", "    disconnect: {addition: true, geminal_group: \"*OCC\"}\n",
     NULL, "\"*OCC\"}", "'geminal_group' does not apply"},
    {"ring opening that also names a leaving group", "transformations.yaml",
     "disconnect: {ring_opening: true}", "disconnect: {ring_opening: true, leaving_group: \"*O\"}",
     NULL, "\"*O\"}", "disconnects by ring opening, which has no leaving atom"},
    {"ring opening whose installs has three atoms", "transformations.yaml",
     "installs: \"[#0][CH2;!R][CX4;H1,H0][OX2H1]\"", "installs: \"[#0][CH2;!R][CX4;H1,H0]\"",
     NULL, "\"[#0][CH2;!R][CX4;H1,H0]\"", "for a ring opening (disconnect: {ring_opening: true}), at "
     "least four atoms"},
    {"ring opening whose atom 3 hangs on atom 1", "transformations.yaml",
     "installs: \"[#0][CH2;!R][CX4;H1,H0][OX2H1]\"", "installs: \"[#0][CH2;!R]([CX4;H1,H0])[OX2H1]\"",
     NULL, "\"[#0][CH2;!R]([CX4", "atom 3 bonded to atom 2 but not to atom 1"},
    {"ring opening whose reactive leaving atom is not installs atom 3", "transformations.yaml",
     "reactive: \"[CH2;r3][OX2;r3]\"", "reactive: \"[CH2;r3][NX3;r3]\"", NULL,
     "\"[CH2;r3][NX3;r3]\"", "has N as atom 1, where the rule needs O"},
};

/* ---- changing a scratch copy of rules/ ---------------------------------------------- */

static char *read_text(const char *path)
{
    char *text = scratch_read(path);
    if (!text)
        fail_msg("cannot read %s", path);
    return text;
}

static void write_text(const char *path, const char *text)
{
    if (scratch_write(path, text) != 0)
        fail_msg("cannot write %s", path);
}

/* Replace the first `find` in dir/file by `replace`; the text must be there. */
static void mutate(const char *dir, const mistake *m)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, m->file);
    char *text = read_text(path);
    char *hit = strstr(text, m->find);

    if (!hit)
        fail_msg("%s: '%s' is not in rules/%s any more: update this row", m->what, m->find,
                 m->file);
    size_t head = (size_t)(hit - text), flen = strlen(m->find), rlen = strlen(m->replace);
    char *out = malloc(strlen(text) - flen + rlen + 1);
    assert_non_null(out);
    memcpy(out, text, head);
    memcpy(out + head, m->replace, rlen);
    strcpy(out + head + rlen, hit + flen);
    write_text(path, out);
    free(out);
    free(text);
}

/* "path:line:column:" of the first occurrence of at in dir/file. */
static void where(char *out, size_t size, const char *dir, const char *file, const char *at)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    char *text = read_text(path);
    const char *hit = strstr(text, at);
    int line = 1, column = 1;

    if (!hit)
        fail_msg("'%s' is not in %s", at, path);
    if (*at == '\n')
        hit++;
    for (const char *p = text; p < hit; p++) {
        column = *p == '\n' ? 1 : column + 1;
        line += *p == '\n';
    }
    snprintf(out, size, "%s:%d:%d: ", path, line, column);
    free(text);
}

/* ---- the tests ----------------------------------------------------------------- */

static void test_real_rules_load(void **state)
{
    dzp_rules *r = NULL;

    if (dzp_rules_load(&r, DZP_TEST_RULES_DIR) != 0)
        fail_msg("rules/ does not load: %s", dzp_error_last());
    dzp_rules_free(r);
}

static void test_each_mistake_is_refused_where_it_is(void **state)
{
    int failures = 0;

    for (size_t i = 0; i < sizeof(mistakes) / sizeof(mistakes[0]); i++) {
        const mistake *m = &mistakes[i];
        char *dir = scratch_copy_rules(DZP_TEST_RULES_DIR);
        assert_non_null(dir);
        char expected[1200];
        dzp_rules *sentinel = (dzp_rules *)&sentinel, *r = sentinel;

        mutate(dir, m);
        where(expected, sizeof(expected), dir, m->at_file ? m->at_file : m->file, m->at);
        int rc = dzp_rules_load(&r, dir);
        const char *msg = dzp_error_last();
        bool ok = rc == DZP_EINVAL && strncmp(msg, expected, strlen(expected)) == 0 &&
                  strstr(msg, m->says) != NULL;
        if (!ok) {
            print_error("%s: expected DZP_EINVAL with '%s...%s', got %d: %s\n", m->what,
                        expected, m->says, rc, msg);
            failures++;
        }
        assert_ptr_equal(r, sentinel);
        scratch_remove(dir);
    }
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_rules_load),
        cmocka_unit_test(test_each_mistake_is_refused_where_it_is),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
