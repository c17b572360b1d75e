#!/usr/bin/env python3
"""Writes the GitHub-prose conformance corpus: Markdown inputs and what Debian's cmark-gfm prints
for them (`cmark-gfm -e table -e strikethrough -e autolink -e tasklist`), as JSON data that
Tests/QuireNotebookTests/GFMConformanceTests.swift compares Quire's prose HTML with.

The inputs are the GFM spec's examples for the four extensions (from cmark-gfm's own spec.txt, in
its Debian package's docs), hand-written cases for each rule, and cases generated from a fixed
seed. Run it after changing the cases; `scripts/test.sh` runs it into a temporary file and the
Swift comparison against the live cmark-gfm.

    python3 scripts/gfm-corpus.py [--output PATH] [--count N]
"""
import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(ROOT, "Tests", "QuireNotebookTests", "Golden", "gfm-corpus.json")
SPEC = "/usr/share/doc/cmark-gfm/spec.txt.gz"
COMMAND = ["cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tasklist"]
SEED = 16

# One or more cases per rule of the four extensions' spec sections, beyond the spec's examples.
HAND_WRITTEN = [
    # Tables: structure.
    "| a | b |\n| --- | --- |\n| c | d |\n",
    "a | b\n--- | ---\nc | d\n",
    "| a |\n| - |\n",
    "| a | b |\n|:--|--:|\n|:-:|---|\n",
    "| left | center | right | none |\n|:-----|:------:|------:|------|\n| 1 | 2 | 3 | 4 |\n",
    "a\n:-\n",
    "| a | b |\n| --- |\n",
    "| a |\n| --- | --- |\n",
    "| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 | 5 |\n",
    "| a | b |\n|---|---|\n|  | x |\n| y |  |\n||z|\n",
    "Before the table\nstill before\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "| a |\n|---|\n| 1 |\n\nAfter a blank line.\n",
    "| a |\n|---|\n| 1 |\nnot a pipe row\n",
    "| a |\n|---|\n| 1 |\n> quote\n",
    "| a |\n|---|\n| 1 |\n# heading\n",
    "| a |\n|---|\n| 1 |\n- item\n",
    "| a |\n|---|\n| 1 |\n2. item\n",
    "| a |\n|---|\n| 1 |\n    code\n",
    "| a |\n|---|\n| 1 |\n***\n",
    "| a |\n|---|\n| 1 |\n```\nfenced\n```\n",
    "| a |\n|---|\n|\n",
    "a\n---\n",
    "a | b\n- | -\n",
    "x\n  | a |\n|-|\n",
    "> | q |\n> |---|\n> | r |\n",
    "> | q |\n> |---|\n> | r |\nlazy\n",
    "- | t |\n  | - |\n  | u |\n- next\n",
    "1. | t |\n   |---|\n   | u |\n",
    "| a \\| b |\n|---|\n| c \\| d |\n",
    "| a \\\\| b |\n|-|-|\n",
    "| `a \\| b` | `c` |\n|---|---|\n| `x|y` | z |\n",
    "| *em* | **strong** | `code` |\n|---|---|---|\n| [link](http://example.com) | ~~gone~~ | www.example.com |\n",
    "| a |\n|---|\n| <span>raw</span> |\n",
    "| a |\n|---|\n| [ref] |\n\n[ref]: http://example.com/ref\n",
    "| a |\n|---|\n| \\* not em |\n| &amp; &copy; |\n",
    "| a |\n|---|\n| # not a heading |\n| > not a quote |\n| - not a list |\n",
    "|a|b|\n|-|-|\n|1|2|\n",
    "| a | b |\n|---|---|\n| trailing pipe |\n| no trailing pipe\n",
    "| héllo | wörld |\n|---|---|\n| ünïcode | 表 |\n",
    "| a |\n|---|\n| ![alt](http://example.com/i.png) |\n",
    "Text\n\n| a |\n|---|\n\nText\n",
    "| a |\n|:---:|\n| c |\n\n| b |\n|---:|\n| d |\n",
    # Strikethrough.
    "~~two~~ and ~one~\n",
    "~~~three~~~ is not\n",
    "~~a~ mismatched ~b~~\n",
    "a~~b~~c and a~b~c\n",
    "~~ spaced ~~ and ~~not closed\n",
    "\\~~escaped~~ and ~~\\~inner~~\n",
    "~~*em inside*~~ and *~~del inside~~*\n",
    "**~~strong del~~** ~~**del strong**~~\n",
    "~~multi\nline~~\n",
    "~~a~~~~b~~\n",
    "~~[link](http://example.com)~~ [~~in link~~](http://example.com)\n",
    "~~`code`~~ `~~not~~`\n",
    "# ~~heading~~ text\n",
    "- ~~item~~\n- [ ] ~~task~~\n",
    "> ~~quoted~~\n",
    "~x~y~ ~~x~~y~~\n",
    "(~~paren~~) \"~~quote~~\"\n",
    "~~a ~b~ c~~\n",
    "~a ~~b~~ c~\n",
    # Autolinks.
    "www.example.com\n",
    "Visit www.example.com/path?q=1&r=2.\n",
    "http://example.com https://example.com/a/b ftp://example.com/file\n",
    "HTTP://EXAMPLE.COM and Https://Example.com\n",
    "xhttp://example.com 1http://example.com\n",
    "(www.example.com) and (http://example.com/a_(b))\n",
    "www.example.com/a_(b)) www.example.com/a((b))\n",
    "http://example.com. http://example.com, http://example.com! http://example.com? http://example.com:\n",
    "www.example.com/*x* www.example.com_ www.example.com~\n",
    "www.example.com/&amp; www.example.com/a&b; www.example.com/a&b1;\n",
    "www.ex_ample.com www.example.c_m www.a_b.example.com\n",
    "www.com www.localhost http://localhost\n",
    "foowww.example.com *www.example.com* _www.example.com_ ~www.example.com~\n",
    "http://example.com/<b> www.example.com<br>\n",
    "[www.example.com](http://other.example) and <http://angle.example>\n",
    "`www.example.com` and `http://example.com`\n",
    "<a href=\"x\">www.example.com</a>\n",
    "user@example.com and first.last+tag@sub.example.org.\n",
    "a.b-c_d@a.b a@b a@b.c- a@b.c_ a@b.c1 @example.com user@ user@@example.com\n",
    "mailto is added: me@example.com, you@example.com.\n",
    "http://example.com/path\\_with\\_escapes http://example.com/a&amp;b\n",
    "# Heading with www.example.com\n",
    "- www.example.com\n- me@example.com\n",
    "http:// nothing http://a\n",
    "javascript:alert(1) www.javascript:alert(1).com\n",
    "www.example.com/\"quoted\" www.example.com/'single'\n",
    # Task lists.
    "- [ ] open\n- [x] done\n- [X] also done\n",
    "- [ ]\n- [ ] \n-  [ ]  spaced\n- [x]no space\n- [\t] tab\n- [y] other\n",
    "* [ ] star\n+ [x] plus\n",
    "1. [ ] ordered\n2. [x] ordered done\n",
    "- [x] loose\n\n- [ ] list\n",
    "- [ ] parent\n  - [x] child\n  - [ ] child two\n",
    "- [ ] *emphasis* and `code`\n- [x] ~~done~~ www.example.com\n",
    "[ ] not in a list\n",
    "- item\n  [ ] second line\n",
    "> - [ ] quoted task\n",
    "- [ ] task\n\n  with a second paragraph\n",
    "-\n  [ ] marker on the next line\n",
    "~~a *b~~ c*\n",
    "&#126;&#126;entity&#126;&#126; ~~&amp;~~ ~~&copy;~~\n",
    "me\\@example.com me@example\\.com\n",
    "- | a |\n  |---|\n  | b |\nlazy after\n",
    "- | a |\n  |---|\n  | b |\n  - nested\n",
    "> a\n> | b |\n> |---|\n> | c |\n",
    "Paragraph *with\nemphasis* then\n| a |\n|---|\n",
    "| a |\n|---|\n| 1 |\n<div>\n",
    "| a |\n|---|\n| 1 |\n<span>\n",
    "| a |\n|---|\n| 1 |\n-\n",
    "   | a |\n   |---|\n   | 1 |\n",
    "| a | b |\n|---|---|\n| http://example.com/a|b |\n",
    "| a |\n|---|\n| www.example.com |\n| ~~x~~ |\n| x@example.com |\n",
    "[ref]\n| a |\n|---|\n\n[ref]: http://example.com\n",
    "Hard  \nbreak ~~across  \nlines~~\n",
    "~~one~~\n~~two~~\n",
    "_~~x~~_ __~~y~~__\n",
    "a ~~ b ~~ c ~ d ~\n",
    "www.example.com\nwww.example.org\n",
    "<www.example.com> <me@example.com>\n",
    "- | a |\n  | - |\n- b\n",
    "- | a |\n  | - |\n  |\n  text after\n",
    "- x\n- | a |\n  | - |\n",
    # cmark-gfm reads URLs and `~` while it parses inlines: a URL runs on over what cmark reads
    # as emphasis, code or a link, and `~` pairs in one pass with `*` and `_`.
    "www.example.com/*x*\n",
    "see www.example.com/*x* now\n",
    "www.example.com/_x_.\n",
    "www.example.com/**x**, then more\n",
    "www.example.com/__x__!\n",
    "http://example.com/*x* and https://example.com/_y_?\n",
    "www.example.com/`code` after\n",
    "www.example.com/`a b` splits the code\n",
    "www.example.com/~~x~~ and www.example.com/~y~\n",
    "www.example.com/[a](http://other.example) swallows the link\n",
    "*www.example.com/a*b and _www.example.com/a_b_\n",
    "**www.example.com/**x** and *see www.example.com*\n",
    "(www.example.com/*x*) [www.example.com/*x*]\n",
    "www.example.com/*x*\nwww.example.org/_y_\n",
    "- www.example.com/*x*\n- [ ] task www.example.com/`c`\n",
    "> quoted www.example.com/*x* here\n",
    "# Heading www.example.com/*x*\n",
    "| a |\n|---|\n| www.example.com/*x* |\n| ~~a *b~~ c* |\n",
    "https://example.com\\*x* leaves the star unescaped\n",
    "~~a *b~~ c*\n",
    "~~a **b~~ c**\n",
    "~~a _b~~ c_\n",
    "~a *b~ c*\n",
    "*a ~~b* c~~\n",
    "**a ~~b** c~~ ~~d~~\n",
    "~~~a *b~~~ c*\n",
    "~~*a~~ b*\n",
    "*~~a* b~~\n",
    "a~_x_ and ~_x_ and ~~z~~_x_\n",
    "_x_~ a and *y*~~ b\n",
    "*a~~z~~* and *?a~~z~~*\n",
    "~~a [*b~~ c*](http://example.com)~~\n",
    "[~~a *b~~ c*](http://example.com)\n",
    "~~a `*b~~` c*\n",
    "~~one~~ *two* ~~three *four~~ five*\n",
    "__)_] x__` and **a_]/ b**\n",
    "[x www.example.com and [x [a](http://example.com) www.example.org\n",
    "![x [a](http://example.com) www.example.com and ![y www.example.org\n",
    "www.example.com\\__ x and www.ex\\_ample.com\n",
    "http://e.comé_x_ https://e.comé__x\n",
    "Text ~~a *b~~ c* then www.example.com/*x* and *x ~~y* z~~ at the end\n",
    # Everything together.
    "# Results\n\nThe ~~old~~ new model beats the baseline (see www.example.com/report).\n\n"
    "| model | AUC | note |\n|:------|----:|:----:|\n| logistic | 0.81 | ~~draft~~ |\n| forest | 0.86 | mail me@example.com |\n\n"
    "- [x] train\n- [ ] deploy\n",
]

# Pieces the generator combines; each is safe to put next to the others with a space between.
WORDS = ["alpha", "beta", "gamma", "0.81", "x", "é", "表", "a_b", "foo-bar"]
INLINES = [
    "~~gone~~", "~one~", "~~a b~~", "*em*", "**strong**", "`code`", "`a\\|b`", "\\|", "\\~", "&amp;",
    "www.example.com", "www.example.com/a?b=c.", "https://example.com/x_(y)", "http://a.example/p,",
    "me@example.com", "(www.example.org)", "[link](http://example.com)", "<span>", "~~*both*~~",
    "ftp://files.example.net/f.txt", "x~~y~~z", "~~~", "\\*", "www.bad_domain.com",
]


def cell(rng):
    parts = [rng.choice(WORDS if rng.random() < 0.5 else INLINES) for _ in range(rng.randint(0, 3))]
    return " ".join(parts)


def delimiter(rng):
    return rng.choice(["---", ":--", "--:", ":-:", "-", ":---:", "------"])


def row(rng, cells, leading, trailing):
    text = " | ".join(cells)
    if leading:
        text = "| " + text
    if trailing:
        text = text + " |"
    return text


def generated_table(rng):
    columns = rng.randint(1, 4)
    leading, trailing = rng.random() < 0.8, rng.random() < 0.7
    lines = [row(rng, [cell(rng) or "h" for _ in range(columns)], leading, trailing)]
    lines.append(row(rng, [delimiter(rng) for _ in range(columns)], leading, trailing))
    for _ in range(rng.randint(0, 4)):
        count = max(1, columns + rng.choice([0, 0, 0, -1, 1]))
        lines.append(row(rng, [cell(rng) for _ in range(count)], leading, trailing))
    prefix = rng.choice(["", "", "", "> ", "- ", "Intro line\n"])
    if prefix in ("> ",):
        lines = [prefix + line for line in lines]
    elif prefix == "- ":
        lines = ["- " + lines[0]] + ["  " + line for line in lines[1:]]
    elif prefix:
        lines = [prefix.rstrip("\n")] + lines
    tail = rng.choice(["", "", "\nAfter.", "\n> quote", "\n- item", "\n\nNext paragraph."])
    return "\n".join(lines) + tail + "\n"


def generated_paragraph(rng):
    words = [rng.choice(WORDS + INLINES) for _ in range(rng.randint(3, 12))]
    text = " ".join(words)
    if rng.random() < 0.3:
        text = text.replace(" ", "\n", 1)
    return text + "\n"


def generated_tasks(rng):
    lines = []
    for _ in range(rng.randint(1, 4)):
        marker = rng.choice(["- ", "* ", "1. ", "- ", "- "])
        box = rng.choice(["[ ] ", "[x] ", "[X] ", "[ ]", "[x]", "[-] ", ""])
        lines.append(marker + box + cell(rng))
    return "\n".join(lines) + "\n"


def generate(count):
    rng = random.Random(SEED)
    makers = [generated_table, generated_table, generated_paragraph, generated_tasks]
    return [rng.choice(makers)(rng) for _ in range(count)]


def spec_examples():
    """The GFM spec's examples for the table, strikethrough, autolink and tasklist extensions."""
    with gzip.open(SPEC, "rt", encoding="utf-8") as handle:
        text = handle.read()
    fence = "`" * 32
    pattern = re.compile(
        "^" + fence + r" example (table|strikethrough|autolink|disabled)\n(.*?)^\.\n(.*?)^" + fence + "$",
        re.S | re.M)
    return [(kind, markdown.replace("\u2192", "\t")) for kind, markdown, _ in pattern.findall(text)]


def render(markdown):
    return subprocess.run(COMMAND, input=markdown.encode(), capture_output=True, check=True).stdout.decode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    parser.add_argument("--count", type=int, default=200, help="generated cases")
    args = parser.parse_args()
    cases = [{"name": f"spec-{kind}-{index + 1}", "markdown": markdown}
             for index, (kind, markdown) in enumerate(spec_examples())]
    cases += [{"name": f"hand-{index + 1}", "markdown": markdown} for index, markdown in enumerate(HAND_WRITTEN)]
    cases += [{"name": f"generated-{index + 1}", "markdown": markdown}
              for index, markdown in enumerate(generate(args.count))]
    version = subprocess.run(["cmark-gfm", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    for case in cases:
        case["html"] = render(case["markdown"])
    with open(args.output, "w", encoding="utf-8") as handle:
        json.dump({"oracle": " ".join(COMMAND), "version": version, "cases": cases}, handle, indent=1,
                  ensure_ascii=False)
        handle.write("\n")
    print(f"{len(cases)} cases written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
