#!/usr/bin/env python3
"""Writes a large, valid notebook for benchmarks: `make_big_notebook.py STEPS OUT.md`.

Deterministic (no randomness): the same STEPS gives the same bytes. Each step has a prose
paragraph, and the bodies mix block and flow YAML, parameter references and reserved keys, so
the benchmark exercises everything `quire check` does per step.
"""
import sys

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
out = sys.argv[2] if len(sys.argv) > 2 else "big.md"
lines = ["---", "title: Benchmark notebook", "params:", "  seed: 42", "  test_size: 0.2", "---", "",
         "# Benchmark notebook", ""]
for i in range(steps):
    lines.append(f"## Step {i}")
    lines.append("")
    lines.append(f"Paragraph {i} explains what the next step does, with *emphasis*, `code` and a "
                 f"[link](https://example.org/{i}).")
    lines.append("")
    if i % 3 == 0:
        lines += [f"```step s{i}", f"load: data/part-{i}.csv", "```", ""]
    elif i % 3 == 1:
        lines += [f"```step s{i} echo=false", "split:", f"  from: s{i - 1}", "  test_size: ${params.test_size}",
                  "  seed: ${params.seed}", "  stratify: target", f"needs: [s{i - 1}]", "```", ""]
    else:
        lines += [f"```step s{i}", f"derive: {{from: s{i - 1}.train, columns: {{ratio: \"x1 / (x2 + 1)\", flag: \"x3 > 0\"}}}}",
                  f"title: Features {i}", "timeout: 5m", "```", ""]
with open(out, "w") as handle:
    handle.write("\n".join(lines))
