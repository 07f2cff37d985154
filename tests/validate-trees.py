#!/usr/bin/python3
"""Validates form trees (files given, or every *.migui in folders given)
against data/form-tree.schema.json; exits 1 naming each invalid tree."""
import json
import pathlib
import sys

import jsonschema

schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
validator = jsonschema.Draft202012Validator(
    schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
paths = []
for arg in sys.argv[2:]:
    p = pathlib.Path(arg)
    paths += sorted(p.glob("*.migui")) if p.is_dir() else [p]

failed = 0
for path in paths:
    errors = list(validator.iter_errors(json.loads(path.read_text())))
    for error in errors:
        print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    failed += bool(errors)
print(f"{len(paths)} trees checked, {failed} invalid")
sys.exit(1 if failed or not paths else 0)
