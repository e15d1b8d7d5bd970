#!/usr/bin/env python3
"""test_schema.py - the JSON contract, checked on real output.

Runs the built dzp-plan the way downstream tools do and validates every
document it prints against docs/route.schema.json (JSON Schema 2020-12):
single routes of every kind in tests/fixtures/examples.tsv plus a few more,
refusals, invalid input, the site analysis of --from alone, --scale, hostile
input, and every row of a batch NDJSON run over molecules/bench_1k.smi.
It also checks that the schema itself is a valid schema, and that it rejects
documents that break the contract (a validator that accepts anything would
make every other check here worthless).

Usage: test_schema.py PATH/TO/dzp-plan
Needs python3-jsonschema (Debian) for Draft202012Validator.
"""
import copy
import json
import os
import subprocess
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError:
    sys.exit("test_schema: python3 cannot import jsonschema with Draft202012Validator: "
             "install the Debian package python3-jsonschema (see .ci/setup)")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCHEMA_FILE = os.path.join(ROOT, "docs", "route.schema.json")
EXAMPLES = os.path.join(HERE, "fixtures", "examples.tsv")
BENCH = os.path.join(ROOT, "molecules", "bench_1k.smi")
EXIT_OF = {"ok": 0, "no_route": 1, "invalid_input": 2}
FREE = "C1CNCCNC1"

failures = []
passed = 0


def check(name, condition, detail=""):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(name)
        print("FAIL: %s%s" % (name, (": " + detail) if detail else ""))


def run(args, stdin=None):
    p = subprocess.run([BIN] + args, input=stdin, capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout.splitlines(), p.stderr


def errors_of(doc):
    """The schema's complaints about doc, one line each (empty when valid)."""
    return ["%s at /%s" % (e.message, "/".join(str(k) for k in e.absolute_path))
            for e in VALIDATOR.iter_errors(doc)]


def valid(name, doc):
    errs = errors_of(doc)
    check(name + ": valid against the schema", not errs, "; ".join(errs[:3]))


def single(name, args, status):
    """One document on stdout, valid, with the status and exit status wanted."""
    rc, lines, _ = run(args + ["--format", "json"])
    check(name + ": exit %d, want %d" % (rc, EXIT_OF[status]), rc == EXIT_OF[status])
    check(name + ": exactly one line on stdout", len(lines) == 1, "%d lines" % len(lines))
    if len(lines) != 1:
        return None
    doc = json.loads(lines[0])
    valid(name, doc)
    check(name + ": status " + status, doc.get("status") == status, str(doc.get("status")))
    return doc


def step_kinds(doc):
    return [s["kind"] for s in doc["route"]["steps"]] if doc and doc.get("route") else []


def single_routes():
    with open(EXAMPLES) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, src, dst, status = line.rstrip("\n").split("\t")[:4]
            single(name, ["--from", src, "--to", dst], status)
    # the kinds of route the contract must carry, named for what they show
    d = single("reductive amination", ["--from", FREE, "--to", "Clc1cc(F)ccc1CN1CCCNCC1"], "ok")
    check("reductive amination: a reductive_amination step", "reductive_amination" in step_kinds(d))
    d = single("Buchwald", ["--from", FREE, "--to", "Cc1ccc(cc1)N1CCCN(Cc2ccco2)CC1"], "ok")
    check("Buchwald: a buchwald_hartwig step", "buchwald_hartwig" in step_kinds(d))
    check("Buchwald: protect ... deprotect", step_kinds(d)[:1] == ["protect"] and "deprotect" in step_kinds(d))
    d = single("both N", ["--from", FREE, "--to", "CC(C)CN1CCCN(CC(C)C)CC1"], "ok")
    check("both N: one step on N1,N4", d is not None and [s["site"] for s in d["route"]["steps"]] == ["N1,N4"])
    d = single("protected substrate", ["--from", "CC(C)(C)OC(=O)N1CCCNCC1",
                                       "--to", "CC(C)(C)OC(=O)N1CCCN(CC1)C1CCCCC1"], "ok")
    check("protected substrate: N1 is PG:Boc", d is not None and d["sites"][0]["substrate"] == "PG:Boc")
    d = single("no route", ["--from", FREE, "--to", "Ic1csc(c1)N1CCCNCC1"], "no_route")
    check("no route: route is null", d is not None and d["route"] is None)
    single("stereo target", ["--from", "C[C@@H]1CNCCCN1", "--to", "C[C@@H]1CN(Cc2ccccc2)CCCN1"], "ok")
    # --routes N: the extra routes are Route objects, scaled like the chosen one
    d = single("routes 3", ["--from", FREE, "--to", "Cc1ccc(cc1)N1CCCN(Cc2ccco2)CC1",
                            "--routes", "3", "--scale", "2mmol"], "ok")
    alts = d["alternatives"] if d else []
    check("routes 3: complete on every alternative", all("complete" in a for a in alts))
    check("routes 3: two alternatives in full, verified",
          [a["route"] is not None and a["route"]["verified"] for a in alts[:3]] == [True, True, False])
    check("routes 3: the extra routes are scaled",
          all("mass_mg" in r for a in alts[:2] for s in a["route"]["steps"] for r in s["reagents"]))


def refusals():
    for smiles in ["C1CNCCNX1", "CC(C(C", "", "c1cccc1", "C1CCNCC1", "C1CNCCN1", "C1CCNCNC1",
                   "c1ccc2c(c1)CNCCN2"]:
        d = single("bad --from '%s'" % smiles, ["--from", smiles], "invalid_input")
        check("bad --from '%s': no substrate, no sites" % smiles,
              d is not None and d["substrate"] is None and d["sites"] == [])
        single("bad --to '%s'" % smiles, ["--from", FREE, "--to", smiles], "invalid_input")
    for smiles in ["*", "[Na+].[Cl-]", "C1CNCCNC1.C1CNCCNC1", "[N+]1(C)(C)CCCNCC1",
                   "C1CN2CCN1CC2", "N1CCNCCC1N1CCNCCC1", "[2H]N1CCCNCC1", "C1CNCCNC1" + "C" * 400]:
        for role in (["--from", smiles], ["--from", FREE, "--to", smiles]):
            rc, lines, _ = run(role + ["--format", "json"])
            name = "hostile %s '%s'" % (role[-2], smiles[:30])
            check(name + ": one document", len(lines) == 1)
            if len(lines) == 1:
                valid(name, json.loads(lines[0]))


def site_analysis():
    for smiles in [FREE, "C[C@H]1CNCCCN1", "CC(C)(C)OC(=O)N1CCCNCC1", "CC1(C)CNCCCN1",
                   "O=C(OCc1ccccc1)N1CCCN(Cc2ccccc2)CC1"]:
        d = single("sites of %s" % smiles, ["--from", smiles], "ok")
        check("sites of %s: no target, no route" % smiles,
              d is not None and d["target"] is None and d["route"] is None)


def scaled():
    target = "Clc1cc(F)ccc1CN1CCCNCC1"
    for amount, mmol in (("5mmol", 5), ("2g", None)):
        d = single("--scale " + amount, ["--from", FREE, "--to", target, "--scale", amount], "ok")
        if d is None:
            continue
        check("--scale %s: scale_mmol" % amount, mmol is None or d["scale_mmol"] == mmol)
        check("--scale %s: every reagent has mmol, mass_mg, volume_ml" % amount,
              all({"mmol", "mass_mg", "volume_ml"} <= set(r)
                  for s in d["route"]["steps"] for r in s["reagents"]))


def batch():
    rc, lines, _ = run(["--from", FREE, "--batch", BENCH, "--format", "json", "--quiet"])
    with open(BENCH) as f:
        rows = [l for l in f if l.strip() and not l.startswith("#")]
    check("batch: exit 2 (the list has invalid rows)", rc == 2, str(rc))
    check("batch: one document per row", len(lines) == len(rows), "%d of %d" % (len(lines), len(rows)))
    bad, seen, last_line = [], set(), 0
    for text in lines:
        doc = json.loads(text)
        errs = errors_of(doc)
        if errs:
            bad.append("line %s: %s" % (doc.get("line"), errs[0]))
        seen.add(doc["status"])
        check("batch: rows in input order", doc.get("line", 0) > last_line)
        last_line = doc.get("line", last_line)
    check("batch: every row valid against the schema", not bad,
          "%d invalid rows, first %s" % (len(bad), bad[:3]))
    check("batch: all three statuses seen", seen == {"ok", "no_route", "invalid_input"}, str(seen))
    rc, lines, _ = run(["--from", FREE, "--batch", "-", "--format", "json", "--scale", "1mmol",
                        "--quiet"], stdin="c1ccccc1CN1CCCNCC1 benzyl\nC1CC( broken\n")
    check("scaled batch: two rows", len(lines) == 2)
    for text in lines:
        valid("scaled batch row", json.loads(text))


def broken(doc, edit):
    """A copy of doc with one edit applied."""
    d = copy.deepcopy(doc)
    edit(d)
    return d


def schema_catches_breakage():
    """The schema must reject each deliberately broken copy of real output,
    and still accept what the contract allows (added keys, new kinds)."""
    rc, lines, _ = run(["--from", FREE, "--to", "Cc1ccc(cc1)N1CCCN(Cc2ccco2)CC1", "--format", "json"])
    good = json.loads(lines[0])
    rc, lines, _ = run(["--from", FREE, "--to", "Ic1csc(c1)N1CCCNCC1", "--format", "json"])
    refused = json.loads(lines[0])
    step = lambda d: d["route"]["steps"][0]
    must_fail = {
        "status okay": lambda d: d.update(status="okay"),
        "schema renamed": lambda d: d.update(schema="dzp-plan.route/2"),
        "no flags key": lambda d: d.pop("flags"),
        "no sites key": lambda d: d.pop("sites"),
        "step without kind": lambda d: step(d).pop("kind"),
        "step without product": lambda d: step(d).pop("product"),
        "step kind with capitals": lambda d: step(d).update(kind="Reductive Amination"),
        "step n zero": lambda d: step(d).update(n=0),
        "step site N2": lambda d: step(d).update(site="N2"),
        "protect step without pg": lambda d: step(d).update(pg=None),
        "site label N7": lambda d: d["sites"][0].update(label="N7"),
        "sites out of order": lambda d: d["sites"].reverse(),
        "site state PG without name": lambda d: d["sites"][0].update(substrate="PG:"),
        "site state lower case": lambda d: d["sites"][0].update(substrate="nh"),
        "substituent without attachment": lambda d: d["sites"][0].update(substituent="Cc1ccccc1"),
        "reagent role oxidant": lambda d: step(d)["reagents"][0].update(role="oxidant"),
        "reagent equiv as text": lambda d: step(d)["reagents"][0].update(equiv="1.1"),
        "atmosphere vacuum": lambda d: step(d)["conditions"].update(atmosphere="vacuum"),
        "temperature a number": lambda d: step(d)["conditions"].update(temperature_c=25),
        "time range of three": lambda d: step(d)["conditions"].update(time_h=[1, 2, 3]),
        "flag severity fatal": lambda d: step(d)["flags"][0].update(severity="fatal"),
        "flag without mitigation": lambda d: step(d)["flags"][0].pop("mitigation"),
        "mw as text": lambda d: d["target"].update(mw="270.37"),
        "verified missing": lambda d: d["route"].pop("verified"),
        "alternative without rejected": lambda d: d["alternatives"][0].pop("rejected"),
        "ok with a route-less target": lambda d: d.update(route=None),
        "ok with a message": lambda d: d.update(message="all fine"),
        "scale_mmol as text": lambda d: d.update(scale_mmol="5mmol"),
    }
    for name, edit in must_fail.items():
        check("schema rejects: " + name, errors_of(broken(good, edit)), "accepted")
    refusal_must_fail = {
        "refusal without message": lambda d: d.update(message=None),
        "refusal with a route": lambda d: d.update(route=good["route"]),
        "null substrate but status no_route": lambda d: d.update(substrate=None, sites=[]),
    }
    for name, edit in refusal_must_fail.items():
        check("schema rejects: " + name, errors_of(broken(refused, edit)), "accepted")
    must_pass = {
        "an added key": lambda d: d.update(comment="added later"),
        "a new step kind": lambda d: step(d).update(kind="ring_closure"),
        "a new flag id": lambda d: step(d)["flags"][0].update(id="peroxide_formation"),
        "the optional additions": lambda d: (
            d.update(generator={"name": "dzp-plan", "version": "1.2.0", "rules": "0" * 64,
                                "date": "2024-01-01T00:00:00Z"}),
            d["sites"][0].update(n_type="amine"),
            step(d).update(condition_classes=["acid"], masked=[],
                           amounts={"input_mmol": 5, "yield": [0.7, 0.9], "product_mmol": 4}),
            step(d)["reagents"][0].update(form="solid", solution=None, in_stock=None),
            d["route"].update(start=d["substrate"], start_from_stock=False),
            d["alternatives"][0].update(complete=True, route=None)),
    }
    for name, edit in must_pass.items():
        errs = errors_of(broken(good, edit))
        check("schema accepts " + name, not errs, "; ".join(errs[:3]))


def main():
    global BIN, VALIDATOR
    if len(sys.argv) != 2:
        sys.exit("usage: test_schema.py PATH/TO/dzp-plan")
    BIN = sys.argv[1]
    with open(SCHEMA_FILE) as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    check("schema names dzp-plan.route/1",
          "dzp-plan.route/1" in schema["$id"] and "dzp-plan.route/1" in schema["title"])
    VALIDATOR = Draft202012Validator(schema)
    schema_catches_breakage()
    single_routes()
    refusals()
    site_analysis()
    scaled()
    batch()
    print("%d passed, %d failed" % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
