#!/usr/bin/env python3
"""Alembic's revision graph for directories of revision scripts, without importing them.

    revision_map.py [--recursive] DIR [DIR...]

Reads every revision script the way Alembic lists them (file name pattern
``(?!\\.\\#|__init__)(.*\\.py)$``, sorted by name per directory, subdirectories only with
``--recursive``), but evaluates the module-level assignments of ``revision``,
``down_revision``, ``branch_labels`` and ``depends_on`` with ``ast.literal_eval`` instead
of importing the script (real histories import their applications). Plain and annotated
assignments are understood, and a right-hand side that names an earlier module-level
constant is resolved. The message is the docstring's first paragraph, as ``alembic
history`` shows it.

The revisions are fed, in file order, to Alembic's own
``alembic.script.revision.RevisionMap`` and printed as JSON in the order of
``RevisionMap.iterate_revisions("heads", "base", inclusive=True,
assert_relative_length=False)``: the order ``alembic history`` walks
(command.history -> ScriptDirectory.walk_revisions -> iterate_revisions).

Output: {"revisions": [{revision, down_revisions, branch_labels, depends_on, path,
message, is_head, is_base, is_branch_point, is_merge_point}, ...],
"heads": [...], "bases": [...]}  (heads/bases in RevisionMap order).
Exit 2 with a message on stderr when a script cannot be read.
"""
import ast
import json
import os
import re
import sys
from pathlib import Path

from alembic.script.revision import Revision, RevisionMap
from alembic.util import to_tuple

SOURCE_FILE = re.compile(r"(?!\.\#|__init__)(.*\.py)$")
LEGACY_REV = re.compile(r"([a-f0-9]+)\.py$")
KEYS = ("revision", "down_revision", "branch_labels", "depends_on")


class ScriptError(Exception):
    pass


def list_py_dir(path: Path, recursive: bool):
    """ScriptDirectory._list_py_dir without sourceless support."""
    paths = []
    for root, dirs, files in os.walk(path, topdown=True):
        root = Path(root)
        if root.name.endswith("__pycache__"):
            continue
        for filename in sorted(files):
            paths.append(root / filename)
        if not recursive:
            break
        dirs.sort()
    return paths


def evaluate(node, names, path):
    try:
        return ast.literal_eval(node)
    except ValueError:
        pass
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, (ast.Tuple, ast.List)):
        items = [evaluate(e, names, path) for e in node.elts]
        return tuple(items) if isinstance(node, ast.Tuple) else items
    raise ScriptError(f"{path}:{node.lineno}: cannot evaluate {ast.dump(node)}")


def read_script(path: Path):
    source = path.read_bytes()
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as e:
        raise ScriptError(f"{path}:{e.lineno}: {e.msg}")
    names = {}
    values = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            try:
                v = evaluate(value, names, path)
            except ScriptError:
                if target.id in KEYS:
                    raise
                names.pop(target.id, None)
                continue
            names[target.id] = v
            if target.id in KEYS:
                values[target.id] = v
    doc = ast.get_docstring(tree, clean=False)
    return values, doc


class OracleRevision(Revision):
    path: str = ""
    longdoc: str = ""

    @property
    def doc(self):
        return re.split("\n\n", self.longdoc)[0]


def load(dirs, recursive):
    revisions = []
    seen = set()
    for d in dirs:
        d = Path(d)
        if not d.exists():
            continue
        for file_path in list_py_dir(d, recursive):
            real = file_path.resolve()
            if real in seen:
                continue
            seen.add(real)
            if not SOURCE_FILE.match(file_path.name):
                continue
            values, doc = read_script(real)
            if "revision" in values:
                rev_id = values["revision"]
            else:
                m = LEGACY_REV.match(file_path.name)
                if not m:
                    raise ScriptError(
                        f"Could not determine revision id from filename {file_path.name}."
                    )
                rev_id = m.group(1)
            if "down_revision" not in values:
                raise ScriptError(f"{real}: no down_revision")
            rev = OracleRevision(
                rev_id,
                values["down_revision"],
                branch_labels=to_tuple(values.get("branch_labels"), default=()),
                dependencies=to_tuple(values.get("depends_on"), default=()),
            )
            rev.path = str(real)
            rev.longdoc = doc.strip() if doc else ""
            revisions.append(rev)
    return revisions


def as_list(value):
    return list(to_tuple(value, default=()))


def main(argv):
    args = list(argv)
    recursive = False
    if "--recursive" in args:
        args.remove("--recursive")
        recursive = True
    if not args:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 1
    try:
        revisions = load(args, recursive)
    except ScriptError as e:
        print(f"revision_map: {e}", file=sys.stderr)
        return 2
    rmap = RevisionMap(lambda: revisions)
    ordered = list(
        rmap.iterate_revisions("heads", "base", inclusive=True, assert_relative_length=False)
    )
    out = {
        "revisions": [
            {
                "revision": r.revision,
                "down_revisions": as_list(r.down_revision),
                "branch_labels": sorted(r.branch_labels),
                "depends_on": as_list(r.dependencies),
                "path": r.path,
                "message": r.doc,
                "is_head": r.is_head,
                "is_base": r.is_base,
                "is_branch_point": r.is_branch_point,
                "is_merge_point": r.is_merge_point,
            }
            for r in ordered
        ],
        "heads": list(rmap.heads),
        "bases": list(rmap.bases),
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
