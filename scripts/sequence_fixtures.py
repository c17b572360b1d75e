#!/usr/bin/env python3
"""Records what the real mermaid draws for each sequence diagram of the corpus, as fixtures.

    scripts/sequence_fixtures.py                 # all Tests/QuireMermaidTests/Corpus/sequence-*.mmd

Runs ../shared/tools/mermaid-oracle (mermaid 11 in headless Chromium, offline; ORACLE=… to point
elsewhere) with -o, reads mermaid's SVG of every diagram it accepts and writes
Tests/QuireMermaidTests/Corpus/oracle-sequence/NAME.json: the participants' labels left to right, the
message texts top to bottom with how many lines are solid and dotted, the note texts, and the
block labels (loop, alt, …) in order. SequenceOracleTests compares Quire's parse and drawing with
these files, without a browser.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Tests", "QuireMermaidTests", "Corpus")
FIXTURES = os.path.join(CORPUS, "oracle-sequence")
ORACLE = os.environ.get("ORACLE", os.path.join(ROOT, "..", "shared", "tools", "mermaid-oracle"))


def text_of(element):
    parts = [t for t in element.itertext()]
    return "".join(parts).strip()


def classes(element):
    return (element.get("class") or "").split()


def describe(svg_path):
    tree = ET.parse(svg_path)
    everything = list(tree.iter())
    actors = {}
    messages, notes, blocks = [], [], []
    solid = dotted = 0
    for element in everything:
        tag = element.tag.split("}")[-1]
        names = classes(element)
        if tag == "text" and "actor" in names:
            x = float(element.get("x") or 0)
            actors.setdefault(round(x, 1), text_of(element))
        elif tag == "text" and "messageText" in names:
            messages.append(text_of(element))
        elif tag == "text" and "noteText" in names:
            notes.append(" ".join(t.strip() for t in element.itertext() if t.strip()))
        elif tag == "text" and "labelText" in names:
            blocks.append(text_of(element))
        elif tag in ("line", "path") and "messageLine0" in names:
            solid += 1
        elif tag in ("line", "path") and "messageLine1" in names:
            dotted += 1
    participants = [actors[x] for x in sorted(actors)]
    return {
        "participants": participants,
        "messages": messages,
        "solid": solid,
        "dotted": dotted,
        "notes": notes,
        "blocks": blocks,
    }


def main():
    files = sorted(sys.argv[1:] or glob.glob(os.path.join(CORPUS, "sequence-*.mmd")))
    os.makedirs(FIXTURES, exist_ok=True)
    with tempfile.TemporaryDirectory() as out:
        run = subprocess.run([ORACLE, "--json", "-o", out] + files, capture_output=True, text=True)
        for line in run.stdout.splitlines():
            row = json.loads(line)
            if not row.get("ok"):
                continue
            name = row["name"]
            fixture = describe(os.path.join(out, name + ".svg"))
            with open(os.path.join(FIXTURES, name + ".json"), "w") as handle:
                json.dump(fixture, handle, indent=1, ensure_ascii=False, sort_keys=True)
                handle.write("\n")
            print(f"{name}: {len(fixture['participants'])} participants, {len(fixture['messages'])} messages, "
                  f"{len(fixture['notes'])} notes, {len(fixture['blocks'])} blocks")


if __name__ == "__main__":
    main()
