#!/usr/bin/env python3
"""Validates Argo Workflow documents against Argo's own JSON Schema, made strict.

    validate-argo.py SCHEMA.json WORKFLOW.json [WORKFLOW.json ...]

The schema (../shared/specs/argo-workflows-schema.json, Argo's api/jsonschema/schema.json) lets
most objects hold unknown fields; here every object definition that lists its properties and
says nothing of others gets `additionalProperties: false`, so a misspelt field fails. Prints
each error with its path; exits 1 when any document is invalid. Needs python3-jsonschema.
"""
import json
import sys

import jsonschema


def strict(node):
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node and node.get("type", "object") == "object":
            node["additionalProperties"] = False
        for value in node.values():
            strict(value)
    elif isinstance(node, list):
        for value in node:
            strict(value)


def main():
    schema = json.load(open(sys.argv[1]))
    strict(schema["definitions"])
    workflow = {"$ref": "#/definitions/io.argoproj.workflow.v1alpha1.Workflow", "definitions": schema["definitions"]}
    validator = jsonschema.Draft202012Validator(workflow)
    failed = False
    for path in sys.argv[2:]:
        document = json.load(open(path))
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        for error in errors:
            failed = True
            where = "/".join(str(part) for part in error.absolute_path)
            print(f"{path}: {where or '(root)'}: {error.message}")
        if not errors:
            print(f"{path}: valid")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
