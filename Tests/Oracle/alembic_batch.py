#!/usr/bin/env python3
"""Run many Alembic command lines in one Python process (the tests' fast oracle).

    alembic_batch.py [--ast] [--ordered-merges] < commands.json > results.json

Input: a JSON list of argument lists, e.g. [["-c", "x/alembic.ini", "history", "-v"]].
Each is run through Alembic's own command-line entry point, ``alembic.config.main``,
exactly as the ``alembic`` script does, with standard output and error captured as
UTF-8 text. Output: a JSON list of {"stdout", "stderr", "exit"}, where "exit" is the
process exit status the ``alembic`` script would have had (``FAILED: ...`` exits with
sys.exit(-1), i.e. 255).

With ``--ast``, revision scripts are not imported: each is read with ``ast`` by
revision_map.py's reader and handed to Alembic as a module object holding only the
docstring, ``revision``, ``down_revision``, ``branch_labels`` and ``depends_on``, plus an
``upgrade()`` and ``downgrade()`` that do nothing. That lets Alembic's own
history/heads/branches/show, and the version-table statements of its ``--sql`` plans, run
on real histories (airflow, superset, mlflow) whose scripts import their applications.
env.py is still loaded normally.

With ``--ordered-merges``, a merge or unmerge step picks the version row to UPDATE, and
those to DELETE or INSERT, in the order the revision lists its parents, where Alembic
uses Python set order (which follows PYTHONHASHSEED). Retort uses that order; Alembic
with any hash seed leaves the same rows behind, only through a different UPDATE.
RetortTests checks that the real ``alembic`` produces the same script for some seed.

deterministic.py is installed before anything runs, so where Alembic iterates a Python
set (CREATE INDEX after CREATE TABLE; indexes and constraints of batch table copies) the
order is index-name order and constraint creation order instead of changing by run.

Starting Python and importing SQLAlchemy once instead of once per command makes the
end-to-end tests many times faster. RetortTests checks a few results against the real
``alembic`` executable to make sure the two agree.
"""
import io
import json
import os
import sys
import warnings
from contextlib import redirect_stderr, redirect_stdout

import alembic.util.messaging as messaging
from alembic.config import Config
from alembic.config import main as alembic_main

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deterministic  # noqa: E402

deterministic.install()

# Config(stdout=sys.stdout) binds the real sys.stdout when alembic is imported; make
# each Config write to whatever sys.stdout is while the command runs.
_config_init = Config.__init__


def _config_init_current_stdout(self, *args, **kwargs):
    kwargs.setdefault("stdout", sys.stdout)
    _config_init(self, *args, **kwargs)


Config.__init__ = _config_init_current_stdout

# msg() wraps and indents FAILED lines when stdin is a terminal; a pipe never is.
messaging.TERMWIDTH = None


def run(argv):
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", newline="")
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", newline="")
    code = 0
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        with redirect_stdout(out), redirect_stderr(err):
            try:
                alembic_main(argv=argv, prog="alembic")
            except SystemExit as e:
                if e.code is None:
                    code = 0
                elif isinstance(e.code, int):
                    code = e.code & 0xFF
                else:
                    err.write(str(e.code) + "\n")
                    code = 1
            except Exception as e:  # a traceback in the real CLI
                import traceback
                traceback.print_exc(file=err)
                code = 1
    out.flush()
    err.flush()
    return {
        "stdout": out_bytes.getvalue().decode("utf-8"),
        "stderr": err_bytes.getvalue().decode("utf-8"),
        "exit": code,
    }


def install_ast_loader():
    import os
    import types

    import alembic.util

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from revision_map import read_script

    original = alembic.util.load_python_file

    def load_python_file(dir_, filename):
        if filename == "env.py" or not str(filename).endswith(".py"):
            return original(dir_, filename)
        path = os.path.join(dir_, filename)
        values, doc = read_script(__import__("pathlib").Path(path))
        module = types.ModuleType("_retort_oracle_" + str(filename)[:-3])
        module.__file__ = path
        module.__doc__ = doc
        for key, value in values.items():
            setattr(module, key, value)

        # Named functions: Alembic prints migration_fn.__name__ in "-- Running upgrade ...".
        def upgrade(**kw):
            pass

        def downgrade(**kw):
            pass

        module.upgrade = upgrade
        module.downgrade = downgrade
        return module

    alembic.util.load_python_file = load_python_file


def install_ordered_merges():
    """RevisionStep.merge_branch_idents and _unmerge_to_revisions of Alembic 1.20.1, with
    the parents kept in their declared order instead of a set's."""
    from alembic.runtime.migration import RevisionStep

    def ancestors_of(step, revisions):
        return {
            r.revision
            for r in step.revision_map._get_ancestor_nodes(
                step.revision_map.get_revisions(revisions), check=False
            )
        }

    def merge_branch_idents(self, heads):
        other_heads = set(heads).difference(self.from_revisions)
        if other_heads:
            ancestors = ancestors_of(self, other_heads)
            from_revisions = [r for r in self.from_revisions if r not in ancestors]
        else:
            from_revisions = list(self.from_revisions)
        return (list(from_revisions[0:-1]), from_revisions[-1], self.to_revisions[0])

    def _unmerge_to_revisions(self, heads):
        other_heads = set(heads).difference([self.revision.revision])
        if other_heads:
            ancestors = ancestors_of(self, other_heads)
        else:
            ancestors = {
                r.revision
                for to_revision in self.to_revisions
                for r in self.revision_map._get_ancestor_nodes(
                    self.revision_map.get_revisions(to_revision), check=False
                )
                if r.revision != to_revision
            }
        return tuple(r for r in self.to_revisions if r not in ancestors)

    RevisionStep.merge_branch_idents = merge_branch_idents
    RevisionStep._unmerge_to_revisions = _unmerge_to_revisions


def main():
    if "--ast" in sys.argv[1:]:
        install_ast_loader()
    if "--ordered-merges" in sys.argv[1:]:
        install_ordered_merges()
    commands = json.load(sys.stdin)
    results = [run(list(argv)) for argv in commands]
    json.dump(results, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
