#!/usr/bin/env python3
"""Writes the Pygments oracle for Quire's syntax highlighter.

For every file of Tests/QuireSupportTests/Fixtures/highlight/ (a corpus of YAML, JSON, Python,
SQL and shell), runs Pygments' lexer for its language and records the spans Pygments puts in the
main token categories, as Unicode scalar offsets into the file's text:

    keyword   Keyword.* except Keyword.Constant, and Operator.Word (Python's `and`, `in`, `not`)
    literal   Keyword.Constant (true, None, NULL)
    string    Literal.String.*
    comment   Comment.*
    number    Literal.Number.*
    key       Name.Tag (YAML and JSON mapping keys)
    builtin   Name.Builtin (print, echo, SQL types)
    string    also Name.Constant in YAML, which Pygments gives a block scalar's text (`notes: |`)

into pygments.json beside the corpus. HighlighterTests reads it (without Python) and checks that
Quire's tokens agree with these categories. Dev-time only: `pip install pygments` (tested with
2.20.0), then `python3 scripts/highlight_oracle.py`.
"""

import json
import os

import pygments
from pygments.lexers import BashLexer, JsonLexer, PythonLexer, SqlLexer, YamlLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, String

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Tests", "QuireSupportTests", "Fixtures", "highlight")
LEXERS = {".yaml": ("yaml", YamlLexer), ".json": ("json", JsonLexer), ".py": ("python", PythonLexer),
          ".sql": ("sql", SqlLexer), ".sh": ("bash", BashLexer)}


def category(token, language):
    if language == "yaml" and token in Name.Constant:
        return "string"
    if token in Name.Builtin:
        return "builtin"
    if token in Keyword.Constant:
        return "literal"
    if token in Keyword or token in Operator.Word:
        return "keyword"
    if token in String:
        return "string"
    if token in Comment:
        return "comment"
    if token in Number:
        return "number"
    if token in Name.Tag:
        return "key"
    return None


def spans(text, lexer, language):
    found = []
    for offset, token, value in lexer(stripnl=False, ensurenl=False).get_tokens_unprocessed(text):
        name = category(token, language)
        if name is None or not value:
            continue
        if found and found[-1][2] == name and found[-1][1] == offset:
            found[-1][1] = offset + len(value)
        else:
            found.append([offset, offset + len(value), name])
    return found


def main():
    files = {}
    for name in sorted(os.listdir(CORPUS)):
        extension = os.path.splitext(name)[1]
        if extension not in LEXERS or name == "pygments.json":
            continue
        language, lexer = LEXERS[extension]
        with open(os.path.join(CORPUS, name), encoding="utf-8", newline="") as handle:
            text = handle.read()
        files[name] = {"language": language, "spans": spans(text, lexer, language)}
    output = {"pygments": pygments.__version__, "files": files}
    with open(os.path.join(CORPUS, "pygments.json"), "w", encoding="utf-8") as handle:
        json.dump(output, handle, indent=1, sort_keys=True)
        handle.write("\n")
    print(f"wrote {len(files)} files' spans to {os.path.relpath(os.path.join(CORPUS, 'pygments.json'), ROOT)}")


if __name__ == "__main__":
    main()
