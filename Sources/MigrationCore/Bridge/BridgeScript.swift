/// The helper Retort runs under the project's Python: it loads the project's
/// configuration and env.py with Alembic's own classes and answers requests (capture
/// what env.py configures, run one step, write one function's offline SQL) as JSON
/// lines. Kept as text here so that the binary needs no file beside it.
enum BridgeScript {
    static let source = #"""
# Retort's helper: runs the project's own env.py and Alembic for Retort.
#
# Protocol: one JSON object per line. Requests come on standard input; answers and
# events go to the original standard output, which nothing else writes to (env.py's
# prints and log output go to standard error, which Retort keeps).
import sys

_PROTOCOL = sys.stdout
sys.stdout = sys.stderr

import argparse
import contextlib
import io
import json
import os
import platform
import signal
import time
import traceback

# The terminal's Ctrl-C reaches Retort, which decides: stop after the step, or end us.
try:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
except (ValueError, OSError):
    pass

# When Retort ends (a second Ctrl-C, a crash), so does the step it was running here, and
# the database rolls back what the step's transaction held. (Not PR_SET_PDEATHSIG: that
# fires when the thread that started us ends, which in Retort is not the process.)
def _watch_parent(parent):
    import threading

    def watch():
        while True:
            time.sleep(0.2)
            if os.getppid() != parent:
                os._exit(70)

    threading.Thread(target=watch, daemon=True).start()


_watch_parent(os.getppid())


def send(message):
    _PROTOCOL.write(json.dumps(message, default=str) + "\n")
    _PROTOCOL.flush()


class _Stop(Exception):
    """Raised from inside env.py's run to end it without migrating."""


class Session:
    def __init__(self, init):
        self.init = init
        self.captured = None
        self.statements = None
        self.events_for_statements = False
        self.in_function = False
        self.statement_started = 0.0
        self._script = None
        self.flask_app = None
        self.rehearsing = False
        self.connect_rewrites = False
        self.sqlite_lock = False
        self.revision_files = set()

    def script_line(self):
        """The line of the revision script whose code is sending the statement, if any."""
        frame = sys._getframe(2)
        known = self.__dict__.setdefault("_is_revision_file", {})
        while frame is not None:
            name = frame.f_code.co_filename
            if name not in known:
                known[name] = os.path.realpath(name) in self.revision_files
            if known[name]:
                return frame.f_lineno
            frame = frame.f_back
        return None

    def watch_function(self, step, restore):
        """Wraps the step's revision function so that the statements after it returns
        (the version rows') are told apart; `restore` collects what to put back."""
        module = step.revision.module
        name = "upgrade" if step.is_upgrade else "downgrade"
        function = getattr(module, name)

        def wrapped(*args, **kw):
            try:
                return function(*args, **kw)
            finally:
                self.in_function = False

        setattr(module, name, wrapped)
        restore.append((module, name, function))

    # --- configuration -------------------------------------------------

    def config(self, as_sql=False):
        from alembic.config import Config

        init = self.init
        opts = argparse.Namespace(
            x=list(init.get("x") or []),
            config=init.get("ini"),
            name=init.get("section") or "alembic",
            raiseerr=True,
            sql=as_sql,
            autogenerate=False,
            tag=None,
        )
        kwargs = dict(ini_section=init.get("section") or "alembic", cmd_opts=opts)
        if init.get("ini"):
            kwargs["file_"] = init["ini"]
        if init.get("toml"):
            kwargs["toml_file"] = init["toml"]
        try:
            cfg = Config(**kwargs)
        except TypeError:
            kwargs.pop("toml_file", None)
            cfg = Config(**kwargs)
        if init.get("script_location"):
            cfg.set_main_option("script_location", init["script_location"])
        if init.get("version_locations"):
            cfg.set_main_option("version_locations", " ".join(init["version_locations"]))
            cfg.set_main_option("path_separator", "space")
        if init.get("url"):
            cfg.set_main_option("sqlalchemy.url", init["url"].replace("%", "%%"))
        if not cfg.get_main_option("script_location") and init.get("script_directory"):
            # Flask-Migrate's alembic.ini has none: `flask db` sets it, as Retort found it.
            cfg.set_main_option("script_location", init["script_directory"].replace("%", "%%"))
        self.flask_context(cfg)
        return cfg

    def flask_context(self, cfg):
        """Flask-Migrate's env.py reads the app's config through `current_app`, as under
        `flask db`: the app ($FLASK_APP, else app.py / wsgi.py) is loaded once and its
        application context pushed."""
        if self.flask_app is not None or not self.init.get("flask"):
            return
        from flask.cli import ScriptInfo

        self.flask_app = ScriptInfo().load_app()
        self.flask_app.app_context().push()

    def script(self, cfg):
        """The script directory, read once per session: its revision map imports every
        revision script, which is most of what a request would otherwise cost."""
        from alembic.script import ScriptDirectory

        if self._script is None:
            self._script = ScriptDirectory.from_config(cfg)
        return self._script

    # --- hooks on every engine ------------------------------------------

    def install_hooks(self):
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        session = self

        def before(conn, cursor, statement, parameters, context, executemany):
            if session.rehearsing and _ends_transaction(statement):
                # Raw COMMIT/ROLLBACK/BEGIN would end the transaction that keeps a
                # rehearsal from changing anything: it stops there instead.
                raise _OutsideTransaction("sends %s, which would end the rehearsal's transaction" % statement.split()[0].upper())
            if session.statements is not None:
                session.statements.append({"sql": statement, "parameters": _jsonable(parameters)})
            if session.events_for_statements:
                session.statement_started = time.monotonic()
                send({"event": "statement", "sql": statement, "parameters": _jsonable(parameters),
                      "version_rows": not session.in_function, "line": session.script_line()})

        def after(conn, cursor, statement, parameters, context, executemany):
            if session.events_for_statements:
                rows = getattr(cursor, "rowcount", -1)
                seconds = time.monotonic() - session.statement_started
                send({"event": "statement_done", "rows": rows if isinstance(rows, int) else -1, "seconds": seconds})

        def do_connect(dialect, conn_rec, cargs, cparams):
            # A capture must not create an SQLite file that does not exist yet.
            if not session.connect_rewrites or dialect.name != "sqlite":
                return None
            if cargs and isinstance(cargs[0], str):
                name = cargs[0]
                if name and name != ":memory:" and not name.startswith("file:") and not os.path.exists(name):
                    cargs[0] = ":memory:"
                    conn_rec.info["retort_in_memory"] = True
            return None

        def checkout(dbapi_connection, conn_rec, proxy):
            # An engine that lives on after the capture (Flask-SQLAlchemy's, a settings
            # module's) must not hand a migration the in-memory stand-in it pooled then.
            if conn_rec.info.get("retort_in_memory") and not session.connect_rewrites:
                from sqlalchemy import exc

                raise exc.DisconnectionError("the capture's in-memory stand-in")

        def commit(conn):
            # A migration's own connection.commit() during a rehearsal: stopped before the
            # database sees it (SQLAlchemy dispatches this event before the DBAPI commit).
            if session.rehearsing:
                raise _OutsideTransaction("commits its connection, which would end the rehearsal's transaction")

        event.listen(Engine, "commit", commit)
        event.listen(Engine, "before_cursor_execute", before)
        event.listen(Engine, "after_cursor_execute", after)
        try:
            event.listen(Engine, "do_connect", do_connect)
        except Exception:
            pass
        from sqlalchemy.pool import Pool

        event.listen(Pool, "checkout", checkout)

    # --- running env.py ---------------------------------------------------

    @contextlib.contextmanager
    def patched_environment(self, on_configure=None, on_run=None, on_begin=None):
        from alembic.runtime.environment import EnvironmentContext

        original_configure = EnvironmentContext.configure
        original_run = EnvironmentContext.run_migrations
        original_begin = EnvironmentContext.begin_transaction

        def configure(ctx, *args, **kw):
            if on_configure is not None:
                kw = on_configure(ctx, kw)
            return original_configure(ctx, *args, **kw)

        def run_migrations(ctx, **kw):
            if on_run is not None:
                return on_run(ctx, original_run, kw)
            return original_run(ctx, **kw)

        def begin_transaction(ctx, *args, **kw):
            if on_begin is not None:
                return on_begin(ctx, original_begin, args, kw)
            return original_begin(ctx, *args, **kw)

        EnvironmentContext.configure = configure
        EnvironmentContext.run_migrations = run_migrations
        EnvironmentContext.begin_transaction = begin_transaction
        try:
            yield
        finally:
            EnvironmentContext.configure = original_configure
            EnvironmentContext.run_migrations = original_run
            EnvironmentContext.begin_transaction = original_begin

    def run_env(self, cfg, script, fn, as_sql, **context_kw):
        from alembic.runtime.environment import EnvironmentContext

        with EnvironmentContext(cfg, script, fn=fn, as_sql=as_sql, **context_kw):
            script.run_env()

    # --- capture ------------------------------------------------------------

    def capture(self, request):
        from alembic.operations import Operations

        offline = bool(request.get("offline"))
        cfg = self.config(as_sql=offline)
        script = self.script(cfg)
        before_ops = set(dir(Operations))
        configures = []
        runs = []
        self.statements = []
        self.connect_rewrites = True

        def on_configure(ctx, kw):
            configures.append({"kw": kw, "statements_before": len(self.statements)})
            return kw

        def on_run(ctx, original, kw):
            runs.append(len(configures))
            return None

        def on_begin(ctx, original, args, kw):
            return contextlib.nullcontext()

        error = None
        try:
            with self.patched_environment(on_configure, on_run, on_begin):
                self.run_env(cfg, script, lambda rev, context: [], as_sql=offline)
        except BaseException as exc:  # env.py's own failure is what the user must see
            if isinstance(exc, KeyboardInterrupt):
                raise
            error = _failure(exc, self.revision_files | {os.path.join(script.dir, "env.py")})
        finally:
            self.connect_rewrites = False
        statements = self.statements
        self.statements = None
        plugins = sorted(name for name in set(dir(Operations)) - before_ops if not name.startswith("_"))
        result = {
            "event": "captured",
            "mode": "offline" if offline else "online",
            "configure_calls": len(configures),
            "run_calls": len(runs),
            "plugins": plugins,
            "sqlalchemy_url": _safe(lambda: cfg.get_main_option("sqlalchemy.url")),
            "version_locations": _safe(lambda: list(script.version_locations)),
            "script_directory": script.dir,
            "error": error,
        }
        first = configures[0]["kw"] if configures else None
        if first is not None:
            self.captured = first
            result.update(_describe_configure(first))
            url = result.get("url")
            if url:
                names = sorted(k for k, v in os.environ.items() if v == url)
                result["url_variables"] = names
                result["url_variables_set_by_env_py"] = [n for n in names if n not in self.initial_environment]
                result["dotenv"] = "dotenv" in sys.modules
            result["statements"] = [s for s in statements[: configures[0]["statements_before"]] if not _is_probe(s["sql"])]
        else:
            result["statements"] = []
        send(result)

    # --- loading every revision script ------------------------------------

    def load(self, request):
        cfg = self.config()
        try:
            script = self.script(cfg)
            heads = list(script.get_heads())
            for revision in script.walk_revisions():
                if revision.path:
                    self.revision_files.add(os.path.realpath(revision.path))
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            send({"event": "loaded", "error": _failure(exc, self.revision_files)})
            return
        send({"event": "loaded", "heads": heads})

    # --- a stretch of steps, one env.py run ---------------------------------

    def run(self, request):
        """Runs consecutive steps in one env.py run, each in a transaction of its own
        (transaction_per_migration is forced), asking Retort before each one whether to
        go on; the rows are read on env.py's connection before each step (on SQLite after
        taking the file's write lock, which also makes the step's DDL transactional)."""
        from alembic.runtime.migration import RevisionStep

        cfg = self.config()
        script = self.script(cfg)
        steps = []
        for item in request["steps"]:
            revision = script.get_revision(item["revision"])
            if revision is None:
                send({"event": "failed", "index": item["index"], "exception": "LookupError",
                      "message": "no revision %s in the scripts" % item["revision"]})
                return
            if revision.path:
                self.revision_files.add(os.path.realpath(revision.path))
            steps.append((item, RevisionStep(script.revision_map, revision, bool(item["upgrade"]))))
        state = {"index": None, "done": None, "lock": None, "outcome": None, "heads": None}
        restore = []

        def finish_previous():
            if state["done"] is not None:
                send({"event": "step_done", "index": state["done"], "file_lock": state["lock"]})
                state["done"] = None

        def generate(ctx):
            for item, step in steps:
                finish_previous()
                send({"event": "ready", "index": item["index"]})
                answer = json.loads(sys.stdin.readline() or "{}")
                if answer.get("op") != "go":
                    state["outcome"] = "stopped"
                    return
                state["index"] = item["index"]
                if ctx.dialect.name == "sqlite":
                    # The lock taken before the version table was looked for is still held.
                    state["lock"] = _sqlite_write_lock(ctx.connection) or state.pop("early_lock", False)
                else:
                    state["lock"] = None
                now = set(ctx.get_current_heads())
                if now != set(item.get("before") or []):
                    state["outcome"] = "not_run"
                    state["heads"] = sorted(now)
                    return
                self.watch_function(step, restore)
                send({"event": "step_started", "index": item["index"]})
                self.events_for_statements = True
                self.in_function = True
                yield step
                self.events_for_statements = False
                state["done"] = item["index"]
            finish_previous()
            state["outcome"] = "finished"

        def fn(heads, ctx):
            return generate(ctx)

        def on_configure(ctx, kw):
            _check_target(kw, request)
            kw["transaction_per_migration"] = True
            return kw

        # Alembic looks for the version table (and creates it) before the first step: on
        # SQLite the write lock is taken first, so that another run creating the table
        # meanwhile is seen rather than raced.
        from alembic.runtime.migration import MigrationContext

        original_ensure = MigrationContext._ensure_version_table

        def ensure_version_table(ctx, *args, **kwargs):
            if ctx.dialect.name == "sqlite" and not ctx.as_sql:
                state["early_lock"] = _sqlite_write_lock(ctx.connection)
            return original_ensure(ctx, *args, **kwargs)

        MigrationContext._ensure_version_table = ensure_version_table
        try:
            with self.patched_environment(on_configure=on_configure):
                self.run_env(cfg, script, fn, as_sql=False)
        except BaseException as exc:
            self.events_for_statements = False
            if isinstance(exc, KeyboardInterrupt):
                raise
            failure = _failure(exc, self.revision_files)
            failure["event"] = "failed"
            failure["index"] = state["index"]
            failure["file_lock"] = state["lock"]
            send(failure)
            return
        finally:
            MigrationContext._ensure_version_table = original_ensure
            self.events_for_statements = False
            self.in_function = False
            for module, name, function in restore:
                setattr(module, name, function)
        # env.py returned: the last step's transaction has committed.
        finish_previous()
        if state["outcome"] is None:
            send({"event": "failed", "index": None, "exception": "RuntimeError",
                  "message": "env.py did not call context.run_migrations()"})
        elif state["outcome"] == "not_run":
            send({"event": "run_ended", "outcome": "not_run", "heads": state["heads"]})
        else:
            send({"event": "run_ended", "outcome": state["outcome"]})

    # --- a rehearsal: every step in one transaction, rolled back -----------

    def rehearse(self, request):
        from alembic.runtime.migration import MigrationContext, RevisionStep

        cfg = self.config()
        script = self.script(cfg)
        steps = []
        for item in request["steps"]:
            revision = script.get_revision(item["revision"])
            if revision.path:
                self.revision_files.add(os.path.realpath(revision.path))
            steps.append((item["index"], RevisionStep(script.revision_map, revision, bool(item["upgrade"]))))
        before = set(request.get("before") or [])
        state = {"index": None, "heads": None}

        def on_configure(ctx, kw):
            _check_target(kw, request)
            connection = kw.get("connection")
            # SQLite: one explicit transaction from before the version table is made, so
            # that the rollback takes everything back (Alembic's SQLite DDL is not transactional).
            if connection is not None and connection.dialect.name == "sqlite":
                _sqlite_write_lock(connection)
            callbacks = kw.get("on_version_apply") or []
            if callable(callbacks):
                callbacks = [callbacks]
            kw["on_version_apply"] = list(callbacks) + [on_version_apply]
            return kw

        def fn(heads, ctx):
            state["heads"] = sorted(heads)
            if set(heads) != before:
                return []
            return generate()

        restore = []

        def generate():
            for index, step in steps:
                state["index"] = index
                self.watch_function(step, restore)
                self.rehearsing = True
                send({"event": "step_started", "index": index})
                self.events_for_statements = True
                self.in_function = True
                yield step

        def on_version_apply(ctx, step, heads, run_args):
            send({"event": "step_done", "index": state["index"], "heads": sorted(heads)})

        class Rehearsed(Exception):
            pass

        original_begin = MigrationContext.begin_transaction
        original_autocommit = MigrationContext.autocommit_block

        def no_commit(ctx, *args, **kw):
            return contextlib.nullcontext()

        def autocommit_block(ctx):
            raise _OutsideTransaction("runs a statement outside a transaction (autocommit_block)")

        MigrationContext.begin_transaction = no_commit
        MigrationContext.autocommit_block = autocommit_block

        def on_run(ctx, original, kw):
            original(ctx, **kw)
            raise Rehearsed()

        try:
            with self.patched_environment(on_configure=on_configure, on_run=on_run):
                self.run_env(cfg, script, fn, as_sql=False)
        except Rehearsed:
            send({"event": "rehearsed", "heads": state["heads"], "moved": set(state["heads"] or []) != before})
        except _OutsideTransaction as ended:
            send({"event": "rehearsed", "ended_early": state["index"], "reason": str(ended), "heads": state["heads"]})
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            failure = _failure(exc, self.revision_files)
            failure["event"] = "failed"
            failure["index"] = state["index"]
            send(failure)
        finally:
            self.events_for_statements = False
            self.in_function = False
            self.rehearsing = False
            MigrationContext.begin_transaction = original_begin
            MigrationContext.autocommit_block = original_autocommit
            for module, name, function in restore:
                setattr(module, name, function)

    # --- offline SQL of one function --------------------------------------

    def render(self, request):
        from alembic.operations import Operations
        from alembic.runtime.environment import EnvironmentContext

        cfg = self.config(as_sql=True)
        script = self.script(cfg)
        revision = script.get_revision(request["revision"])
        if revision is None:
            send({"event": "rendered", "error": {"message": "no revision %s" % request["revision"]}})
            return
        if revision.path:
            self.revision_files.add(os.path.realpath(revision.path))
        buffer = _StatementBuffer()
        opts = {"output_buffer": buffer, "literal_binds": True}
        captured = self.captured or {}
        # dialect_opts too: a `paramstyle` there decides whether `%` is doubled in literals.
        for key in ("target_metadata", "render_as_batch", "version_table", "version_table_schema", "dialect_opts"):
            if captured.get(key) is not None:
                opts[key] = captured[key]
        try:
            # Under an offline EnvironmentContext, as env.py leaves it while the revisions
            # run: project code that asks `alembic.context` (is_offline_mode(),
            # get_bind().dialect) gets what `alembic upgrade --sql` gives it.
            with EnvironmentContext(cfg, script, as_sql=True) as environment:
                environment.configure(dialect_name=request["dialect"], **opts)
                # print() goes where Alembic's offline script goes (standard output), so
                # what a migration prints for the script's reader stays in its place.
                with Operations.context(environment.get_context()), contextlib.redirect_stdout(_PrintSink(buffer)):
                    function = getattr(revision.module, request.get("function") or "upgrade")
                    function()
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            send({"event": "rendered", "error": _failure(exc, self.revision_files), "sql": buffer.getvalue(),
                  "statements": buffer.statements(), "printed": buffer.printed})
            return
        send({"event": "rendered", "sql": buffer.getvalue(), "statements": buffer.statements(),
              "printed": buffer.printed})


class _StatementBuffer(io.StringIO):
    """Alembic's offline output buffer, keeping each write apart: `static_output` writes
    one statement (with its terminator and a blank line) per call, so the statements are
    known exactly even when one of them holds `;` and a blank line of its own."""

    def __init__(self):
        super().__init__()
        self.pieces = []
        # What the function printed: [statements written before it, text], in order.
        self.printed = []

    def write(self, text):
        self.pieces.append(text)
        return super().write(text)

    def statements(self):
        return [piece[:-2] if piece.endswith("\n\n") else piece for piece in self.pieces]


class _PrintSink(io.TextIOBase):
    """Standard output while a function is written: its text is kept beside the statements."""

    def __init__(self, statements):
        self.statements = statements

    def writable(self):
        return True

    def write(self, text):
        printed = self.statements.printed
        if printed and printed[-1][0] == len(self.statements.pieces):
            printed[-1][1] += text
        else:
            printed.append([len(self.statements.pieces), text])
        return len(text)


class _OutsideTransaction(Exception):
    """A statement that cannot run inside a transaction (autocommit_block) ends a rehearsal."""


class TargetMismatch(Exception):
    """env.py configures another database or version table than the plan was made for."""


def _check_target(kw, request):
    expected = request.get("database") or {}
    connection = kw.get("connection")
    url = connection.engine.url if connection is not None else None
    if url is None and kw.get("url") is not None:
        from sqlalchemy.engine import make_url

        url = make_url(kw["url"])
    if expected and url is not None:
        backend = url.get_backend_name()
        same = backend == expected.get("backend")
        if same and backend == "sqlite":
            same = os.path.abspath(url.database or "") == os.path.abspath(expected.get("database") or "")
        elif same:
            for key, value in (("host", url.host), ("port", url.port), ("database", url.database),
                               ("username", url.username)):
                if key in expected and expected[key] != value:
                    same = False
        if not same:
            raise TargetMismatch(
                "env.py connects to %s, not to the database the plan was made for; "
                "give env.py that database's URL the way it reads it" % url.render_as_string(hide_password=True))
    table = kw.get("version_table") or "alembic_version"
    schema = kw.get("version_table_schema")
    if table != request.get("version_table", "alembic_version") or schema != request.get("version_table_schema"):
        raise TargetMismatch(
            "env.py uses the version table %s, not %s as the plan does"
            % (".".join(x for x in (schema, table) if x),
               ".".join(x for x in (request.get("version_table_schema"), request.get("version_table")) if x)))


def _sqlite_write_lock(connection):
    """Takes SQLite's write lock for the step, so that two runs never apply it twice."""
    try:
        raw = connection.connection.dbapi_connection
        if getattr(raw, "in_transaction", False):
            return False
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return True
    except Exception:
        return False


def _ends_transaction(sql):
    words = sql.strip().rstrip(";").split()
    first = words[0].upper() if words else ""
    return first in ("COMMIT", "ROLLBACK", "BEGIN", "END") or (
        first == "START" and len(words) > 1 and words[1].upper() == "TRANSACTION")


def _is_probe(sql):
    """A statement that only reads (SQLAlchemy's own first-connect queries among them)."""
    text = sql.strip().upper()
    if text.startswith("PRAGMA "):
        return "=" not in text
    return text.startswith(("SELECT ", "SELECT\n", "SHOW ", "WITH "))


def _describe_configure(kw):
    described = {}
    url = kw.get("url")
    connection = kw.get("connection")
    if connection is not None:
        try:
            engine_url = connection.engine.url
            described["url"] = engine_url.render_as_string(hide_password=False)
            described["url_from"] = "connection"
        except Exception:
            pass
        try:
            described["dialect"] = connection.dialect.name
            described["driver"] = connection.dialect.driver
        except Exception:
            pass
    if "url" not in described and url is not None:
        try:
            described["url"] = url.render_as_string(hide_password=False)
        except AttributeError:
            described["url"] = str(url)
        described["url_from"] = "configure(url=...)"
    if kw.get("dialect_name"):
        described.setdefault("dialect", kw.get("dialect_name"))
    for key in ("version_table", "version_table_schema", "transaction_per_migration", "transactional_ddl",
                "include_schemas", "render_as_batch", "compare_type", "literal_binds", "as_sql"):
        if key in kw:
            described[key] = kw[key]
    metadata = kw.get("target_metadata")
    described["has_target_metadata"] = metadata is not None
    conventions = []
    for item in metadata if isinstance(metadata, (list, tuple)) else [metadata]:
        convention = getattr(item, "naming_convention", None)
        if convention and dict(convention) != {"ix": "ix_%(column_0_label)s"}:
            conventions.append({str(k): str(v) for k, v in dict(convention).items()})
    described["naming_convention"] = conventions[0] if conventions else None
    described["keywords"] = sorted(kw)
    return described


def _failure(exc, revision_files):
    frames = traceback.extract_tb(exc.__traceback__)
    where = None
    env_frame = None
    for frame in frames:
        path = os.path.realpath(frame.filename)
        if path in revision_files:
            where = {"path": frame.filename, "line": frame.lineno, "function": frame.name, "code": frame.line}
        if frame.filename.endswith("env.py"):
            env_frame = {"path": frame.filename, "line": frame.lineno, "function": frame.name, "code": frame.line}
    last = frames[-1] if frames else None
    failure = {
        "exception": type(exc).__module__ + "." + type(exc).__name__,
        "message": str(exc).split("\n(Background on this error")[0],
        "where": where or env_frame,
        "last": {"path": last.filename, "line": last.lineno, "function": last.name} if last else None,
        "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-8000:],
    }
    statement = getattr(exc, "statement", None)
    if statement is not None:
        failure["statement"] = statement
        orig = getattr(exc, "orig", exc)
        args = getattr(orig, "args", ())
        if len(args) == 2 and isinstance(args[0], int) and isinstance(args[1], str):
            # MySQL's drivers: (1146, "Table 'x.y' doesn't exist").
            failure["database_message"] = "%s (error %d)" % (args[1], args[0])
        else:
            failure["database_message"] = str(orig)
    if isinstance(exc, ModuleNotFoundError):
        failure["missing_module"] = exc.name
    return failure


def _safe(function):
    try:
        return function()
    except Exception:
        return None


def _jsonable(value):
    try:
        json.dumps(value, default=str)
        return value
    except Exception:
        return repr(value)


class Connections:
    """Retort's own connections to a database it has no client library for (MySQL):
    opened with SQLAlchemy's dialect and the project's driver, one DBAPI connection a
    handle. Outside a transaction each statement commits on its own."""

    def __init__(self):
        self.open = {}
        self.next_handle = 1

    def serve(self, request):
        operation = request["op"]
        try:
            if operation == "db_open":
                send({"event": "db", "handle": self.connect(request)})
                return
            entry = self.open.get(request.get("handle"))
            if entry is None:
                send({"event": "db", "error": {"message": "no such connection"}})
                return
            if operation == "db_execute":
                send(dict(event="db", **self.execute(entry, request)))
            elif operation == "db_begin":
                entry["transaction"] = True
                send({"event": "db"})
            elif operation in ("db_commit", "db_rollback"):
                entry["transaction"] = False
                (entry["raw"].commit if operation == "db_commit" else entry["raw"].rollback)()
                send({"event": "db"})
            elif operation == "db_close":
                self.open.pop(request["handle"], None)
                _safe(entry["raw"].close)
                _safe(entry["engine"].dispose)
                send({"event": "db"})
            else:
                send({"event": "db", "error": {"message": "unknown request %r" % operation}})
        except Exception as exc:
            send({"event": "db", "error": self.describe(exc, connect=operation == "db_open")})

    def connect(self, request):
        import sqlalchemy
        from sqlalchemy.pool import NullPool

        parts = dict(request["url"])
        parts["query"] = {k: tuple(v) if len(v) > 1 else v[0] for k, v in (parts.get("query") or {}).items()}
        url = sqlalchemy.engine.URL.create(**parts)
        connect_args = {}
        if url.get_backend_name() in ("mysql", "mariadb") and url.get_driver_name() in ("pymysql", "mysqldb"):
            connect_args["connect_timeout"] = request.get("connect_timeout") or 10
        engine = sqlalchemy.create_engine(url, poolclass=NullPool, connect_args=connect_args)
        raw = engine.raw_connection()
        entry = {"engine": engine, "raw": raw, "transaction": False,
                 "paramstyle": getattr(engine.dialect, "paramstyle", "format")}
        cursor = raw.cursor()
        try:
            if request.get("lock_timeout"):
                seconds = int(request["lock_timeout"])
                cursor.execute("SET SESSION lock_wait_timeout = %d" % seconds)
                cursor.execute("SET SESSION innodb_lock_wait_timeout = %d" % seconds)
            if request.get("read_only"):
                cursor.execute("SET SESSION TRANSACTION READ ONLY")
            for statement in request.get("session_statements") or []:
                cursor.execute(statement)
        finally:
            cursor.close()
        raw.commit()
        handle = self.next_handle
        self.next_handle += 1
        self.open[handle] = entry
        return handle

    @staticmethod
    def dbapi_statement(sql, parameters, paramstyle):
        """Retort's `$1` placeholders in the driver's paramstyle (in the order they occur)."""
        import re

        if not parameters:
            return sql, None
        order = [int(n) - 1 for n in re.findall(r"\$(\d+)", sql)]
        values = [parameters[i] for i in order]
        if paramstyle in ("format", "pyformat"):
            return re.sub(r"\$\d+", "%s", sql.replace("%", "%%")), tuple(values)
        if paramstyle == "qmark":
            return re.sub(r"\$\d+", "?", sql), tuple(values)
        if paramstyle == "numeric":
            return re.sub(r"\$(\d+)", r":\1", sql), tuple(parameters)
        return re.sub(r"\$(\d+)", r":p\1", sql), {"p%d" % (i + 1): v for i, v in enumerate(parameters)}

    def execute(self, entry, request):
        sql, parameters = self.dbapi_statement(request["sql"], request.get("parameters") or [], entry["paramstyle"])
        raw = entry["raw"]
        cursor = raw.cursor()
        try:
            if parameters is None:
                cursor.execute(sql)
            else:
                cursor.execute(sql, parameters)
            rows = []
            if request.get("rows") and cursor.description is not None:
                rows = [[None if v is None else (v.decode("utf-8", "replace") if isinstance(v, (bytes, bytearray))
                                                 else str(v)) for v in row] for row in cursor.fetchall()]
            count = cursor.rowcount if cursor.rowcount is not None and cursor.rowcount >= 0 else 0
        except Exception:
            if not entry["transaction"]:
                _safe(raw.rollback)
            raise
        finally:
            _safe(cursor.close)
        if not entry["transaction"]:
            raw.commit()
        return {"count": count, "rows": rows}

    @staticmethod
    def describe(exc, connect):
        orig = getattr(exc, "orig", None) or exc
        message = str(orig).split("\n(Background on this error")[0]
        args = getattr(orig, "args", ())
        error = {"message": message, "connect": connect, "exception": type(orig).__name__}
        if len(args) >= 2 and isinstance(args[0], int):
            # MySQL's error number and text: (1146, "Table 'x.y' doesn't exist").
            error["code"] = str(args[0])
            error["message"] = str(args[1])
        return error


def serve_connections():
    """The connection host: Retort's own connections, no env.py (SQLAlchemy is enough)."""
    try:
        import sqlalchemy
    except ImportError as exc:
        send({"event": "unusable", "message": str(exc), "missing_module": getattr(exc, "name", None)})
        return
    send({"event": "ready", "python": platform.python_version(), "sqlalchemy": sqlalchemy.__version__})
    connections = Connections()
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request = json.loads(line)
        if request.get("op") == "quit":
            return
        connections.serve(request)


def main():
    init = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    if init.get("cwd"):
        os.chdir(init["cwd"])
    for path in reversed(init.get("prepend_sys_path") or []):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ.update(init.get("environment") or {})
    if init.get("connections"):
        serve_connections()
        return
    try:
        import alembic
        import sqlalchemy
    except ImportError as exc:
        send({"event": "unusable", "message": str(exc), "missing_module": getattr(exc, "name", None),
              "python": platform.python_version(), "executable": sys.executable})
        return
    send({"event": "ready", "python": platform.python_version(), "alembic": alembic.__version__,
          "sqlalchemy": sqlalchemy.__version__, "executable": sys.executable})
    if init.get("probe_only"):
        return
    session = Session(init)
    session.initial_environment = set(os.environ)
    session.install_hooks()
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request = json.loads(line)
        operation = request.get("op")
        try:
            if operation == "capture":
                session.capture(request)
            elif operation == "load":
                session.load(request)
            elif operation == "run":
                session.run(request)
            elif operation == "rehearse":
                session.rehearse(request)
            elif operation == "render":
                session.render(request)
            elif operation == "quit":
                return
            else:
                send({"event": "failed", "message": "unknown request %r" % operation})
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                return
            failure = _failure(exc, session.revision_files)
            failure["event"] = "failed"
            send(failure)


main()
"""#
}
