#!/usr/bin/env python3
"""The SQL of each revision function, rendered by Alembic's offline (``--sql``) mode.

    offline_sql.py [--dialect D]... [--direction upgrade|downgrade]... [--revision REV]...
                   [--recursive] [--paramstyle named|dialect] [--raw] PATH...

PATH is a versions directory or a project's alembic.ini (its version locations are read
with Alembic's own ScriptDirectory.from_config, which also applies prepend_sys_path).
D is ``sqlite`` or ``postgresql``; without --dialect / --direction both are run.
--revision keeps only the scripts whose revision id starts with REV.

Scripts are listed and their ids read exactly as revision_map.py does (file order, the
``revision`` assignment read with ``ast``), so an unimportable script still has an id.
Each script is compiled once and then, for every dialect and direction, executed into a
fresh module object (as Alembic's load_module_py does, not put in sys.modules) and its
``upgrade()`` or ``downgrade()`` called inside ``Operations.context(ctx)`` with

    ctx = MigrationContext.configure(dialect_name=D, dialect_opts={"paramstyle": "named"},
              environment_context=env,
              opts={"as_sql": True, "output_buffer": buf, "literal_binds": True})

where ``env`` is an EnvironmentContext(as_sql=True) installed as ``alembic.context``,
so scripts that ask ``context.is_offline_mode()`` get True, as under ``alembic upgrade
--sql``. The named paramstyle is what Alembic's env.py templates pass in offline mode;
``--paramstyle dialect`` keeps the driver's default (pyformat for postgresql, which
doubles every ``%`` in the output).

Statements are split by recording the output buffer's write() calls: Alembic writes
each statement with one ``static_output`` call, as ``text + ";" + "\\n\\n"``. A statement
is that text without the final ``\\n\\n`` and without one trailing ``;`` (the text may
itself end with ``;`` or contain ``;\\n\\n``, so splitting the joined text would be wrong).

deterministic.py is installed first: where Alembic iterates a Python set (the CREATE
INDEX statements after CREATE TABLE; indexes and constraints of batch table copies) the
order becomes index-name order and constraint creation order instead of varying by run.

Output, one JSON document on stdout:
  {"results": [{"revision", "path", "direction", "dialect", "status", "reason", "line",
                "statements", ["printed"], ["warnings"], ["output"]}, ...],
   "summary": {"<dialect> <direction>": {"ok": n, "empty": n, "import-error": n,
                                          "render-error": n}}}
in file order, then dialect, then direction (upgrade first). status is
  ok            the function ran and wrote at least one statement
  empty         the function ran and wrote nothing
  import-error  executing the script module failed (usually it imports its application),
                or the function raised ImportError (an import inside the function)
  render-error  the function raised (a batch operation needing reflection, a query whose
                result is used, a construct the dialect cannot compile, ...)
reason is ``ExceptionType: first line of the message`` (memory addresses removed) for the
two errors and null otherwise; line is the script's line where it was raised (innermost
frame in the script) or null. statements holds what was written before an error.
printed is what the script wrote to stdout (only when not empty), warnings the distinct
warning messages (only when any), output the raw buffer text (only with --raw).
One summary line per dialect and direction goes to stderr.
"""
import argparse
import contextlib
import importlib.util
import io
import json
import os
import re
import sys
import traceback
import warnings
from pathlib import Path

sys.dont_write_bytecode = True  # never leave __pycache__ in fixtures or the histories
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from alembic.config import Config  # noqa: E402
from alembic.operations import Operations  # noqa: E402
from alembic.runtime.environment import EnvironmentContext  # noqa: E402
from alembic.runtime.migration import MigrationContext  # noqa: E402
from alembic.script import ScriptDirectory  # noqa: E402

import deterministic  # noqa: E402
from revision_map import ScriptError, load  # noqa: E402

deterministic.install()

DIALECTS = ("sqlite", "postgresql")
DIRECTIONS = ("upgrade", "downgrade")
STATUSES = ("ok", "empty", "import-error", "render-error")
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class RecordingBuffer(io.StringIO):
    """An output buffer that remembers each write() call separately."""

    def __init__(self):
        super().__init__()
        self.writes = []

    def write(self, text):
        self.writes.append(text)
        return super().write(text)


def split_statements(writes):
    statements = []
    for chunk in writes:
        if chunk == "":
            continue
        text = chunk[:-2] if chunk.endswith("\n\n") else chunk
        if text.endswith(";"):
            text = text[:-1]
        statements.append(text)
    return statements


def reason_of(exc):
    message = str(exc).strip()
    first = message.splitlines()[0] if message else ""
    first = ADDRESS.sub("", first)
    name = type(exc).__name__
    return f"{name}: {first}" if first else name


def line_in(exc, path):
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == path:
            line = lineno
    if line is None and isinstance(exc, SyntaxError) and exc.filename == path:
        line = exc.lineno
    return line


class Script:
    def __init__(self, revision, path):
        self.revision = revision
        self.path = path
        self.module_id = re.sub(r"\W", "_", os.path.basename(path))
        self.code = None
        self.import_error = None
        self.import_line = None

    def compile(self):
        try:
            source = Path(self.path).read_bytes()
            self.code = compile(source, self.path, "exec", dont_inherit=True)
        except Exception as e:  # SyntaxError, ValueError (null bytes), OSError
            self.import_error = reason_of(e)
            self.import_line = line_in(e, self.path)

    def new_module(self):
        spec = importlib.util.spec_from_file_location(self.module_id, self.path)
        module = importlib.util.module_from_spec(spec)
        exec(self.code, module.__dict__)
        return module


def offline_context(dialect, buf, paramstyle):
    env = EnvironmentContext(Config(), None, as_sql=True)
    dialect_opts = {"paramstyle": "named"} if paramstyle == "named" else {}
    ctx = MigrationContext.configure(
        dialect_name=dialect,
        dialect_opts=dialect_opts,
        environment_context=env,
        opts={"as_sql": True, "output_buffer": buf, "literal_binds": True},
    )
    env._migration_context = ctx
    return env, ctx


@contextlib.contextmanager
def captured_output():
    out, err = io.StringIO(), io.StringIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield out, caught


def run_one(script, dialect, direction, paramstyle, raw):
    result = {
        "revision": script.revision,
        "path": script.path,
        "direction": direction,
        "dialect": dialect,
        "status": None,
        "reason": None,
        "line": None,
        "statements": [],
    }
    if script.import_error is not None:
        result.update(status="import-error", reason=script.import_error, line=script.import_line)
        return result
    buf = RecordingBuffer()
    env, ctx = offline_context(dialect, buf, paramstyle)
    with captured_output() as (out, caught):
        try:
            module = script.new_module()
        except BaseException as e:  # ImportError mostly; SystemExit too
            if isinstance(e, KeyboardInterrupt):
                raise
            script.import_error = reason_of(e)
            script.import_line = line_in(e, script.path)
            result.update(status="import-error", reason=script.import_error,
                          line=script.import_line)
            module = None
        if module is not None:
            try:
                with env, Operations.context(ctx):
                    getattr(module, direction)()
                result["status"] = "ok" if buf.writes else "empty"
            except BaseException as e:
                if isinstance(e, KeyboardInterrupt):
                    raise
                status = "import-error" if isinstance(e, ImportError) else "render-error"
                result.update(status=status, reason=reason_of(e), line=line_in(e, script.path))
    result["statements"] = split_statements(buf.writes)
    if out.getvalue():
        result["printed"] = out.getvalue()
    messages = []
    for w in caught:
        m = ADDRESS.sub("", f"{w.category.__name__}: {w.message}")
        if m not in messages:
            messages.append(m)
    if messages:
        result["warnings"] = messages
    if raw:
        result["output"] = "".join(buf.writes)
    return result


def version_dirs(path):
    """(directories, recursive) for a versions directory or an alembic.ini."""
    p = Path(path)
    if p.is_dir():
        return [str(p)], None
    cfg = Config(str(p))
    script = ScriptDirectory.from_config(cfg)  # applies prepend_sys_path
    return list(script._version_locations), script.recursive_version_locations


def main(argv):
    parser = argparse.ArgumentParser(
        prog="offline_sql.py",
        description="Render each revision function with Alembic's offline mode, as JSON.")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="a versions directory or an alembic.ini")
    parser.add_argument("--dialect", action="append", choices=DIALECTS)
    parser.add_argument("--direction", action="append", choices=DIRECTIONS)
    parser.add_argument("--revision", action="append", default=[],
                        help="keep revisions whose id starts with this (repeatable)")
    parser.add_argument("--recursive", action="store_true",
                        help="also read subdirectories (recursive_version_locations)")
    parser.add_argument("--paramstyle", choices=("named", "dialect"), default="named")
    parser.add_argument("--raw", action="store_true", help="add the raw buffer text")
    args = parser.parse_args(argv)
    dialects = [d for d in DIALECTS if d in (args.dialect or DIALECTS)]
    directions = [d for d in DIRECTIONS if d in (args.direction or DIRECTIONS)]

    dirs, recursive = [], args.recursive
    for path in args.paths:
        try:
            found, rec = version_dirs(path)
        except Exception as e:
            print(f"offline_sql: {path}: {reason_of(e)}", file=sys.stderr)
            return 2
        dirs.extend(found)
        recursive = recursive or bool(rec)
    try:
        revisions = load(dirs, recursive)
    except ScriptError as e:
        print(f"offline_sql: {e}", file=sys.stderr)
        return 2

    scripts = []
    for rev in revisions:
        if args.revision and not any(rev.revision.startswith(p) for p in args.revision):
            continue
        script = Script(rev.revision, rev.path)
        script.compile()
        scripts.append(script)

    results = []
    summary = {f"{d} {r}": {s: 0 for s in STATUSES} for d in dialects for r in directions}
    for script in scripts:
        for dialect in dialects:
            for direction in directions:
                result = run_one(script, dialect, direction, args.paramstyle, args.raw)
                summary[f"{dialect} {direction}"][result["status"]] += 1
                results.append(result)

    json.dump({"results": results, "summary": summary}, sys.stdout, indent=1,
              ensure_ascii=False)
    sys.stdout.write("\n")
    where = ", ".join(args.paths)
    for key, counts in summary.items():
        parts = ", ".join(f"{counts[s]} {s}" for s in STATUSES)
        print(f"offline_sql: {where}: {key}: {len(scripts)} scripts: {parts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
