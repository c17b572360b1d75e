#!/usr/bin/env python3
"""Writes Tests/QuireSupportTests/Fixtures/quote-format.json: Python's format(value, spec) for the
format specs quoted values accept (docs/notebook-format.md, "Quoting results in prose").

`d` is given round(value), as Quire rounds half to even before writing an integer.
Run: python3 scripts/quote-format-fixture.py
"""
import json
import math
import os

values = [0.0, -0.0, 1.0, -1.0, 0.5, 2.5, -2.5, 0.123456789, 0.98441427853, 0.9215, 0.00012345,
          1.5e-05, 123.456, 1234.5, 999999.5, 1234567.891, -1234567.891, 1e16, 3.14159265358979,
          100.0, 0.1, 0.125, 0.375, 12345678901.0, 6.02214076e23, float("nan"), float("inf"), float("-inf")]
specs = ["", ".0f", ".1f", ".2f", ".3f", ".6f", "f", "F", ",.2f", "_.1f", "+.2f", " .2f", "%", ".0%", ".1%",
         ".2%", "+.1%", "e", ".2e", ".0e", "E", ".3E", "g", ".3g", ".1g", "G", ".3", ".6", ",", ",.0f", "d", ",d",
         "+d", "_d", "n", ".4n", ",.3e"]
cases = []
for spec in specs:
    for value in values:
        if spec.endswith("d"):
            if not math.isfinite(value):
                continue
            text = format(round(value), spec)
        else:
            text = format(value, spec)
        cases.append({"spec": spec, "value": repr(value), "text": text})
path = os.path.join(os.path.dirname(__file__), "..", "Tests", "QuireSupportTests", "Fixtures", "quote-format.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as out:
    json.dump(cases, out, indent=1, sort_keys=True)
    out.write("\n")
