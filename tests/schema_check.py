#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The JSON Schema and the parser agree: every bundled scenario and a batch
of random ones (which the parser accepts) validate against
scenarios/schema.json, and the bad scenarios whose fault is one of shape
(types, unknown keys, unknown names of flags, units...) fail it."""
import glob
import json
import os
import subprocess
import sys

import jsonschema

root, sim = sys.argv[1], sys.argv[2]
schema = json.load(open(os.path.join(root, "scenarios/schema.json")))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failed = 0
files = [f for f in glob.glob(os.path.join(root, "scenarios/**/*.json"), recursive=True)
         if "/real/" not in f and not f.endswith("schema.json")]
files.append(os.path.join(root, "tests/data/everything.json"))
for f in sorted(files):
    errors = list(validator.iter_errors(json.load(open(f))))
    if errors:
        failed += 1
        print(f"FAIL {f}: {errors[0].message} at {list(errors[0].absolute_path)}")
for seed in range(1, 201):
    text = subprocess.run([sim, "random", "--seed", str(seed)], capture_output=True, text=True, check=True).stdout
    errors = list(validator.iter_errors(json.loads(text)))
    if errors:
        failed += 1
        print(f"FAIL random seed {seed}: {errors[0].message}")
shape_errors = ["negative-sleep", "string-burn", "unknown-flag", "unknown-scheduler", "unknown-kernel",
                "kernel-as-number", "unknown-unit", "missing-unit", "unknown-top-key", "unknown-step-key",
                "two-kinds-in-step", "zero-cpus", "negative-max-active", "no-workqueues", "program-not-array",
                "action-missing-at", "initial-idle-zero", "workload-no-arrival"]
for stem in shape_errors:
    data = json.load(open(os.path.join(root, "tests/bad", stem + ".json")))
    if validator.is_valid(data):
        failed += 1
        print(f"FAIL tests/bad/{stem}.json: the schema accepts it")
total = len(files) + 200 + len(shape_errors)
print(f"{total - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
