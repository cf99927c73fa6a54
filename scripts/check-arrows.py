#!/usr/bin/env python3
"""Fails when a quoted #include crosses a dependency arrow that cmake/arrows.txt does not declare.

Three checks (docs/adr/0025-layer-arrows-checked.md):
1. every `#include "x/..."` in src/ and tests/ goes to the file's own folder or to a folder its
   line in cmake/arrows.txt names;
2. the gp_* libraries each src/ folder's target links in CMakeLists.txt are exactly its arrows,
   so the link lines and the list cannot drift apart;
3. the arrows have no cycle (dependencies only point down).
Usage: check-arrows.py [repo root]  (exit 1 and one line per violation when one fails)
"""

import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent)
arrows_file = root / "cmake" / "arrows.txt"
problems = []


def read_arrows():
    arrows = {}
    for number, line in enumerate(arrows_file.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        folder, sep, targets = line.partition(":")
        if not sep:
            sys.exit(f"{arrows_file}:{number}: expected 'folder: folders it may include'")
        arrows.setdefault(folder.strip(), set()).update(targets.split())
    return arrows


arrows = read_arrows()


def folder_of(directory):
    """The declared folder a directory belongs to: itself or its longest declared parent."""
    path = directory
    while path:
        if path in arrows:
            return path
        path = path.rpartition("/")[0]
    return None


def owner(file):
    """The arrows key of a source file: its folder under src/, or tests/<dir> for a test."""
    rel = file.relative_to(root).as_posix()
    if rel.startswith("src/"):
        return folder_of(str(pathlib.PurePosixPath(rel[4:]).parent))
    return folder_of(str(pathlib.PurePosixPath(rel).parent))


def include_folder(file, included):
    """The arrows key of an included file, or None for one outside src/ and tests/."""
    if (file.parent / included).exists():
        return owner(file.parent / included)
    for base in ("src", "tests"):
        if (root / base / included).exists():
            return owner(root / base / included)
    return None


include_re = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
sources = [p for base in ("src", "tests") for p in (root / base).rglob("*")
           if p.suffix in (".cpp", ".hpp") and "node_modules" not in p.parts]
for file in sorted(sources):
    source = owner(file)
    rel = file.relative_to(root).as_posix()
    if source is None:
        problems.append(f"{rel}: its folder has no line in cmake/arrows.txt")
        continue
    for number, line in enumerate(file.read_text(errors="replace").splitlines(), 1):
        match = include_re.match(line)
        if not match:
            continue
        target = include_folder(file, match.group(1))
        if target is None or target == source or target in arrows[source]:
            continue
        problems.append(f'{rel}:{number}: includes "{match.group(1)}" but {source} -> {target} '
                        "is not an arrow in cmake/arrows.txt")

# The link lines of the folder libraries (gp_library(name dir) in the top CMakeLists.txt).
cmake = (root / "CMakeLists.txt").read_text()
cmake = re.sub(r"#[^\n]*", "", cmake)
target_folder = dict(re.findall(r"gp_library\(\s*(\w+)\s+([\w/]+)\s*\)", cmake))
linked = {name: set() for name in target_folder}
for name, args in re.findall(r"(?:target_link_libraries|gp_link)\(\s*(\w+)([^)]*)\)", cmake):
    if name in linked:
        linked[name] |= {target_folder[a] for a in args.split() if a in target_folder}
for name, folder in sorted(target_folder.items()):
    if folder not in arrows:
        problems.append(f"CMakeLists.txt: {name} (src/{folder}) has no line in cmake/arrows.txt")
        continue
    for extra in sorted(linked[name] - arrows[folder]):
        problems.append(f"CMakeLists.txt: {name} links {extra}, not an arrow of {folder}")
    for missing in sorted(arrows[folder] - linked[name]):
        problems.append(f"CMakeLists.txt: {name} does not link {missing}, an arrow of {folder}")

# Dependencies only point down: a cycle means one of its arrows points up.
state = {}


def visit(folder, path):
    if state.get(folder) == "done":
        return
    if state.get(folder) == "open":
        cycle = path[path.index(folder):] + [folder]
        problems.append("cmake/arrows.txt: cycle " + " -> ".join(cycle))
        return
    state[folder] = "open"
    for target in sorted(arrows.get(folder, ())):
        visit(target, path + [folder])
    state[folder] = "done"


for folder in sorted(arrows):
    visit(folder, [])
for folder, targets in sorted(arrows.items()):
    for target in sorted(targets - set(arrows)):
        problems.append(f"cmake/arrows.txt: {folder} -> {target}, a folder with no line")

for problem in problems:
    print(problem)
if problems:
    sys.exit(1)
print(f"check-arrows: {len(sources)} files, {sum(map(len, arrows.values()))} arrows, none crossed")
