#!/usr/bin/env python3
"""Checks that the package's declared architecture is the one the code has.

1. Every module a target imports is a dependency it declares, and every library it declares is
   imported (an executable may be declared only to be built first, as the CLI tests do).
2. The module graph drawn in docs/architecture.md (its first mermaid flowchart) has exactly the
   edges Package.swift declares between Quire's own library and CLI targets.
3. Only the files docs/architecture.md names call cmark (`cmark_`), all of them in QuireNotebook;
   every C source of a kernel module is named there too.
4. No `nonisolated(unsafe)` in Sources, and every `@unchecked Sendable` has a comment within the
   five lines above it (or on its line) saying why it is safe.

Usage: scripts/check-architecture.py [PACKAGE_DUMP.json]  (default: runs `swift package dump-package`)
Exit status 0 when everything holds, 1 with one line per problem otherwise.
"""

import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Modules of the toolchain and the C library: importing them needs no declaration.
SYSTEM = {
    "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationInternationalization",
    "Dispatch", "Glibc", "Musl", "Darwin", "Testing", "XCTest", "Synchronization", "_Concurrency",
    "Swift", "os",
}
# Modules a product brings, when they differ from the product's name.
PRODUCT_MODULES = {
    "Yams": {"Yams", "CYaml"}, "Crypto": {"Crypto"}, "GRDB": {"GRDB"},
    "NIOCore": {"NIOCore"}, "NIOPosix": {"NIOPosix"}, "NIOHTTP1": {"NIOHTTP1"},
}
IMPORT = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+(?:(?:struct|class|enum|func|protocol|typealias|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)


def package():
    if len(sys.argv) > 1:
        with open(sys.argv[1]) as handle:
            return json.load(handle)
    output = subprocess.run(
        ["swift", "package", "dump-package"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output)


def target_directory(target):
    if target.get("path"):
        return os.path.join(ROOT, target["path"])
    base = "Tests" if target["type"] == "test" else "Sources"
    return os.path.join(ROOT, base, target["name"])


def swift_files(directory):
    for folder, _, files in os.walk(directory):
        for name in sorted(files):
            if name.endswith(".swift"):
                yield os.path.join(folder, name)


def dependencies(target):
    names = []
    for dependency in target["dependencies"]:
        kind = next(iter(dependency))
        names.append(dependency[kind][0])
    return names


def main():
    dump = package()
    targets = {target["name"]: target for target in dump["targets"]}
    problems = []

    # 1. Imports and declared dependencies agree.
    for name, target in targets.items():
        if target["type"] == "system":
            continue
        declared = dependencies(target)
        provided = {}
        for dependency in declared:
            for module in PRODUCT_MODULES.get(dependency, {dependency}):
                provided[module] = dependency
        imported = {}
        for path in swift_files(target_directory(target)):
            with open(path, encoding="utf-8") as handle:
                for module in IMPORT.findall(handle.read()):
                    imported.setdefault(module, os.path.relpath(path, ROOT))
        for module, path in sorted(imported.items()):
            if module in SYSTEM or module == name:
                continue
            if module not in provided:
                problems.append(f"{path}: imports {module}, which target {name} does not declare in Package.swift")
        used = {provided[module] for module in imported if module in provided}
        for dependency in declared:
            executable = targets.get(dependency, {}).get("type") == "executable"
            if dependency not in used and not executable:
                problems.append(f"Package.swift: target {name} declares {dependency} but never imports it")

    # 2. The documented module graph is the declared one.
    with open(os.path.join(ROOT, "docs", "architecture.md"), encoding="utf-8") as handle:
        architecture = handle.read()
    graph = re.search(r"```mermaid\n(flowchart[^\n]*\n.*?)```", architecture, re.S)
    if not graph:
        problems.append("docs/architecture.md: no mermaid flowchart of the modules")
    else:
        shown = set(targets) | set(PRODUCT_MODULES) | {"ArgumentParser"}
        labels = {}
        edges = set()
        node = r"(\w+)(?:\[([^\]]*)\])?"
        for line in graph.group(1).splitlines()[1:]:
            match = re.match(r"\s*" + node + r"\s*-->\s*" + node + r"\s*$", line)
            if not match:
                continue
            source, source_label, sink, sink_label = match.groups()
            for node_id, label in ((source, source_label), (sink, sink_label)):
                if label:
                    words = re.findall(r"[A-Za-z][\w-]*", label)
                    module = next((word for word in words if word in targets), None)
                    module = module or next((word for word in words if word in shown), None)
                    if module is None:
                        problems.append(f"docs/architecture.md: graph node '{label}' names no target")
                    labels[node_id] = module
            edges.add((source, sink))
        documented = {(labels.get(a, a), labels.get(b, b)) for a, b in edges}
        library = {n for n, t in targets.items() if t["type"] in ("regular", "system") and n != "TestSupport"}
        library.add("quire")
        declared = {
            (name, dependency)
            for name in library
            for dependency in dependencies(targets[name])
            if dependency in library
        }
        for a, b in sorted(declared - documented):
            problems.append(f"docs/architecture.md: the module graph lacks {a} --> {b} (declared in Package.swift)")
        for a, b in sorted(documented - declared):
            if a in library and b in library:
                problems.append(f"docs/architecture.md: the module graph shows {a} --> {b}, which Package.swift does not declare")
        for name in sorted(library - {a for a, _ in documented} - {b for _, b in documented}):
            problems.append(f"docs/architecture.md: the module graph does not show {name}")

    # 3. cmark stays in one place; the C kernels are named.
    for name, target in targets.items():
        for path in swift_files(target_directory(target)):
            with open(path, encoding="utf-8") as handle:
                if "cmark_" not in handle.read():
                    continue
            relative = os.path.relpath(path, ROOT)
            if target["type"] == "test":
                continue
            if name != "QuireNotebook":
                problems.append(f"{relative}: calls cmark outside QuireNotebook")
            if os.path.basename(path) not in architecture:
                problems.append(f"{relative}: calls cmark but docs/architecture.md does not name it")
    for folder, _, files in os.walk(os.path.join(ROOT, "Sources")):
        for file in files:
            if file.endswith(".c") and file not in architecture:
                problems.append(f"{os.path.relpath(os.path.join(folder, file), ROOT)}: a C kernel docs/architecture.md does not name")

    # 4. Concurrency escapes are explained, or absent.
    for folder, _, files in os.walk(os.path.join(ROOT, "Sources")):
        for file in sorted(files):
            if not file.endswith(".swift"):
                continue
            path = os.path.join(folder, file)
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().split("\n")
            for number, line in enumerate(lines, 1):
                code = line.split("//")[0]
                if "nonisolated(unsafe)" in code:
                    problems.append(f"{os.path.relpath(path, ROOT)}:{number}: nonisolated(unsafe); use a Mutex or an Atomic")
                if "@unchecked Sendable" in code:
                    context = lines[max(0, number - 6):number]
                    if not any("//" in earlier for earlier in context):
                        problems.append(
                            f"{os.path.relpath(path, ROOT)}:{number}: @unchecked Sendable without a comment on why it is safe")

    for problem in problems:
        print(problem)
    if problems:
        print(f"check-architecture: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("check-architecture: imports, Package.swift and docs/architecture.md agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
