import Foundation
import XCTest

/// Real applications from PyPI (pinned, in the environments `scripts/app-venvs.sh`
/// makes), each migrated with its own migrations and env.py by Retort and, on a second
/// database, by the application's own Alembic route; the schemas (reflected by
/// SQLAlchemy's inspector), rows and version rows must be the same afterwards. Each
/// time is printed beside Alembic's.
final class RealApplicationTests: XCTestCase {
    func application(_ name: String) throws -> String { try TutorialProject.application(name) }

    func schema(_ python: String, _ url: String) throws -> String {
        let script = Harness.oracleScripts.appendingPathComponent("inspect_schema.py").path
        let result = try Harness.run(python, [script, url, "--rows"])
        guard result.exit == 0 else { throw HarnessError.message("inspect_schema.py: \(result.stderr)") }
        return result.stdout
    }

    func timed(_ body: () throws -> RunResult) rethrows -> (RunResult, Double) {
        let start = Date()
        let result = try body()
        return (result, Date().timeIntervalSince(start))
    }

    /// optuna 5.0.0: its packaged alembic.ini and env.py, `upgrade head` from an empty
    /// SQLite file, as `RDBStorage.upgrade()` runs it (its data migrations use `Session`
    /// and `sa.inspect`), then back to its first revision.
    func testOptuna() throws {
        let python = try application("optuna")
        let located = try Harness.run(python, ["-c", "import optuna, os; print(os.path.dirname(optuna.__file__))"])
        let package = located.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let ini = package + "/storages/_rdb/alembic.ini"
        let scripts = package + "/storages/_rdb/alembic"
        let directory = try Harness.temporaryDirectory(self, "optuna")
        let ours = "sqlite:///" + directory.appendingPathComponent("retort.db").path
        let theirs = "sqlite:///" + directory.appendingPathComponent("alembic.db").path
        // optuna's own route: RDBStorage._create_alembic_config() and alembic.command.
        func alembic(_ command: String, _ target: String) throws -> RunResult {
            let code = """
                import sys
                from alembic import command
                from alembic.config import Config
                config = Config(sys.argv[1])
                config.set_main_option("script_location", sys.argv[2])
                config.set_main_option("sqlalchemy.url", sys.argv[3])
                getattr(command, sys.argv[4])(config, sys.argv[5])
                """
            return try Harness.run(python, ["-c", code, ini, scripts, theirs, command, target], cwd: directory)
        }
        func retort(_ args: [String]) throws -> RunResult {
            try Harness.run(
                try Harness.retortBinary().path, ["-c", ini, "--script-location", scripts, "--url", ours] + args,
                cwd: directory, extraEnvironment: ["RETORT_PYTHON": python], timeout: 300)
        }
        let (up, upTime) = try timed { try retort(["upgrade", "head", "--yes"]) }
        XCTAssertEqual(up.exit, 0, up.stdout + up.stderr)
        let (reference, referenceTime) = try timed { try alembic("upgrade", "head") }
        XCTAssertEqual(reference.exit, 0, reference.stderr)
        print("optuna upgrade head: retort \(String(format: "%.2f", upTime)) s, alembic \(String(format: "%.2f", referenceTime)) s")
        var a = try schema(python, ours)
        var b = try schema(python, theirs)
        XCTAssertEqual(a, b, "optuna upgrade head: " + Compare.firstDifference(a, b))
        XCTAssertTrue(up.stdout.contains("through the project's Alembic"), up.stdout)

        // optuna's downgrade from v3.0.0.c fails under Alembic itself (its script names an
        // attribute its models no longer have): Retort must fail at the same step, with the
        // same exception, and leave the database as Alembic's run leaves it.
        let (down, downTime) = try timed { try retort(["downgrade", "v0.9.0.a", "--yes"]) }
        let (referenceDown, referenceDownTime) = try timed { try alembic("downgrade", "v0.9.0.a") }
        print("optuna downgrade v0.9.0.a: retort \(String(format: "%.2f", downTime)) s, alembic \(String(format: "%.2f", referenceDownTime)) s (both fail)")
        let exception = "AttributeError: type object 'IntermediateValueModel' has no attribute 'FloatTypeEnum'"
        XCTAssertEqual(down.exit, 4, down.stdout + down.stderr)
        XCTAssertTrue(down.stderr.contains("FAILED: downgrade v3.0.0.c -> v3.0.0.b failed at \(scripts)/versions/v3.0.0.c.py:191: \(exception)"), down.stderr)
        XCTAssertNotEqual(referenceDown.exit, 0)
        XCTAssertTrue(referenceDown.stderr.contains(exception), referenceDown.stderr)
        // Alembic's DDL on SQLite is not transactional, so its failed batch leaves its
        // temporary table behind; Retort runs each bridged step in a transaction of its own
        // (BEGIN IMMEDIATE), so the failed step leaves nothing. That table aside, the same.
        let leftover = LiveDatabase(kind: .sqlite, url: theirs)
        XCTAssertEqual(try leftover.tables().filter { $0.hasPrefix("_alembic_tmp_") }, ["_alembic_tmp_trial_intermediate_values"])
        try leftover.execute("DROP TABLE _alembic_tmp_trial_intermediate_values")
        a = try schema(python, ours)
        b = try schema(python, theirs)
        XCTAssertEqual(a, b, "optuna failed downgrade: " + Compare.firstDifference(a, b))
        XCTAssertEqual(try LiveDatabase(kind: .sqlite, url: ours).rows(), ["v3.0.0.c"])
    }

    /// A Flask-Migrate application made here with Flask-Migrate's own `flask db init` and
    /// `flask db migrate` (its env.py takes the URL from the Flask app's config, through
    /// `current_app`): Retort's `upgrade head` and `downgrade base` against `flask db`'s
    /// on a second database, natively and with --engine alembic.
    func testFlaskMigrateApplication() throws {
        let python = try application("tutorial")
        let flask = (python as NSString).deletingLastPathComponent + "/flask"
        let directory = try Harness.temporaryDirectory(self, "flask-app")
        func appSource(_ extra: String) -> String {
            """
            import os
            from flask import Flask
            from flask_sqlalchemy import SQLAlchemy
            from flask_migrate import Migrate

            app = Flask(__name__)
            app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///app.db")
            db = SQLAlchemy(app)
            migrate = Migrate(app, db)


            class User(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                name = db.Column(db.String(50), nullable=False)
            \(extra)
            """
        }
        let app = directory.appendingPathComponent("app.py")
        let scratch = "sqlite:///" + directory.appendingPathComponent("scratch.db").path
        func flaskDB(_ args: [String], _ url: String) throws -> RunResult {
            try Harness.run(
                flask, ["db"] + args, cwd: directory, extraEnvironment: ["FLASK_APP": "app.py", "DATABASE_URL": url])
        }
        try appSource("").write(to: app, atomically: true, encoding: .utf8)
        for step in [["init"], ["migrate", "-m", "users"], ["upgrade"]] {
            let made = try flaskDB(step, scratch)
            XCTAssertEqual(made.exit, 0, "flask db \(step): \(made.stderr)")
        }
        try appSource(
            """

            class Post(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False, index=True)
                title = db.Column(db.String(200), nullable=False)
            """
        ).write(to: app, atomically: true, encoding: .utf8)
        let second = try flaskDB(["migrate", "-m", "posts"], scratch)
        XCTAssertEqual(second.exit, 0, second.stderr)

        for engine in ["auto", "alembic"] {
            let ours = "sqlite:///" + directory.appendingPathComponent("retort-\(engine).db").path
            let theirs = "sqlite:///" + directory.appendingPathComponent("flask-\(engine).db").path
            func retort(_ args: [String]) throws -> RunResult {
                try Harness.run(
                    try Harness.retortBinary().path, ["--engine", engine] + args, cwd: directory,
                    extraEnvironment: ["RETORT_PYTHON": python, "FLASK_APP": "app.py", "DATABASE_URL": ours], timeout: 120)
            }
            let (up, upTime) = try timed { try retort(["upgrade", "head", "--yes"]) }
            XCTAssertEqual(up.exit, 0, up.stdout + up.stderr)
            XCTAssertTrue(up.stdout.contains(" ($DATABASE_URL, read by env.py): 2 migrations"), up.stdout)
            let (reference, referenceTime) = try timed { try flaskDB(["upgrade"], theirs) }
            XCTAssertEqual(reference.exit, 0, reference.stderr)
            print("Flask-Migrate upgrade head (--engine \(engine)): retort \(String(format: "%.2f", upTime)) s, flask db upgrade \(String(format: "%.2f", referenceTime)) s")
            var a = try schema(python, ours)
            var b = try schema(python, theirs)
            XCTAssertEqual(a, b, "flask \(engine) upgrade: " + Compare.firstDifference(a, b))
            let current = try retort(["current"])
            let flaskCurrent = try flaskDB(["current"], theirs)
            XCTAssertEqual(current.stdout, flaskCurrent.stdout, "current")
            let down = try retort(["downgrade", "base", "--yes"])
            XCTAssertEqual(down.exit, 0, down.stdout + down.stderr)
            let referenceDown = try flaskDB(["downgrade", "base"], theirs)
            XCTAssertEqual(referenceDown.exit, 0, referenceDown.stderr)
            a = try schema(python, ours)
            b = try schema(python, theirs)
            XCTAssertEqual(a, b, "flask \(engine) downgrade: " + Compare.firstDifference(a, b))
        }
    }

    /// apache-airflow-core 3.3.2: its packaged `airflow/alembic.ini` and env.py, the URL
    /// from `AIRFLOW__DATABASE__SQL_ALCHEMY_CONN`, `upgrade heads` of its 124 revisions
    /// from an empty SQLite file, then down to its first revision, 4bc4d934e2bc. (Its
    /// data migrations stamp rows with the time they ran, so rows are not compared; the
    /// version rows are.)
    func testAirflow() throws {
        let python = try application("airflow")
        let located = try Harness.run(python, ["-c", "import airflow, os; print(os.path.dirname(airflow.__file__))"])
        let package = located.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let ini = package + "/alembic.ini"
        let directory = try Harness.temporaryDirectory(self, "airflow")
        let ours = "sqlite:///" + directory.appendingPathComponent("retort.db").path
        let theirs = "sqlite:///" + directory.appendingPathComponent("alembic.db").path
        let home = directory.appendingPathComponent("home").path
        let alembic = (python as NSString).deletingLastPathComponent + "/alembic"
        func environment(_ url: String) -> [String: String] {
            ["AIRFLOW_HOME": home, "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": url, "RETORT_PYTHON": python]
        }
        func retort(_ args: [String]) throws -> RunResult {
            try Harness.run(
                try Harness.retortBinary().path, ["-c", ini] + args, cwd: directory, extraEnvironment: environment(ours),
                timeout: 600)
        }
        func reference(_ args: [String]) throws -> RunResult {
            try Harness.run(alembic, ["-c", ini] + args, cwd: directory, extraEnvironment: environment(theirs), timeout: 600)
        }
        func schemas() throws -> (String, String) {
            let script = Harness.oracleScripts.appendingPathComponent("inspect_schema.py").path
            let a = try Harness.run(python, [script, ours], cwd: directory)
            let b = try Harness.run(python, [script, theirs], cwd: directory)
            XCTAssertEqual(a.exit, 0, a.stderr)
            return (a.stdout, b.stdout)
        }
        for (args, what) in [(["upgrade", "heads"], "upgrade heads"), (["downgrade", "4bc4d934e2bc"], "downgrade 4bc4d934e2bc")] {
            let (ours, oursTime) = try timed { try retort(args + ["--yes"]) }
            XCTAssertEqual(ours.exit, 0, String(ours.stdout.suffix(2000)) + ours.stderr)
            let (theirs, theirsTime) = try timed { try reference(args) }
            XCTAssertEqual(theirs.exit, 0, String(theirs.stderr.suffix(2000)))
            print("airflow \(what): retort \(String(format: "%.2f", oursTime)) s, alembic \(String(format: "%.2f", theirsTime)) s")
            let (a, b) = try schemas()
            XCTAssertEqual(a, b, "airflow \(what): " + Compare.firstDifference(a, b))
        }
    }

    /// apache-airflow-core 3.3.2 offline, as `airflow db migrate --show-sql-only` uses it:
    /// its packaged alembic.ini and env.py (URL and metadata from airflow's settings),
    /// `upgrade base:heads --sql` for PostgreSQL. Retort runs env.py offline under
    /// airflow's Python, and since target_metadata names constraints by a convention,
    /// airflow's Alembic writes every function. The script must be Alembic's, section by
    /// section, with three allowances that are not Retort's to decide: the time the
    /// data migrations stamp rows with, the order of a table's indexes (a Python set),
    /// and airflow's log lines (its logging writes them to standard output).
    func testAirflowOfflineSQL() throws {
        let python = try application("airflow")
        let located = try Harness.run(python, ["-c", "import airflow, os; print(os.path.dirname(airflow.__file__))"])
        let ini = located.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "/alembic.ini"
        let directory = try Harness.temporaryDirectory(self, "airflow-sql")
        let environment = [
            "AIRFLOW_HOME": directory.appendingPathComponent("home").path,
            // Never reached: offline mode does not connect.
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": "postgresql://airflow@127.0.0.1:9/airflow", "RETORT_PYTHON": python,
        ]
        let args = ["-c", ini, "upgrade", "base:heads", "--sql"]
        let (ours, oursTime) = try timed {
            try Harness.run(try Harness.retortBinary().path, args, cwd: directory, extraEnvironment: environment, timeout: 600)
        }
        XCTAssertEqual(ours.exit, 0, String(ours.stderr.suffix(3000)))
        let alembic = (python as NSString).deletingLastPathComponent + "/alembic"
        let (theirs, theirsTime) = try timed {
            try Harness.run(alembic, Array(args), cwd: directory, extraEnvironment: environment, timeout: 600)
        }
        XCTAssertEqual(theirs.exit, 0, String(theirs.stderr.suffix(3000)))
        print("airflow upgrade base:heads --sql: retort \(String(format: "%.2f", oursTime)) s, alembic \(String(format: "%.2f", theirsTime)) s")
        XCTAssertTrue(ours.stdout.contains("--  WARNING: Unable to migrate the data in the 'conf' column while in offline mode!"))
        let a = Self.sections(ours.stdout)
        let b = Self.sections(theirs.stdout)
        XCTAssertEqual(a.count, b.count, "sections")
        XCTAssertGreaterThan(a.count, 100)
        for (x, y) in zip(a, b) where x != y {
            XCTFail("airflow --sql: " + Compare.firstDifference(x.joined(separator: "\n\n"), y.joined(separator: "\n\n")))
            break
        }
    }

    /// An offline script as its `-- Running` sections, each the sorted pieces between
    /// blank lines, with log lines dropped and timestamps in SQL literals replaced.
    static func sections(_ script: String) -> [[String]] {
        let logLine = try! NSRegularExpression(pattern: "^\\d{4}-\\d\\d-\\d\\dT\\S+Z \\[.*$\\n?", options: .anchorsMatchLines)
        let stamp = try! NSRegularExpression(pattern: "'\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+00:00'")
        var text = logLine.stringByReplacingMatches(in: script, range: NSRange(script.startIndex..., in: script), withTemplate: "")
        text = stamp.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "'<time>'")
        return text.components(separatedBy: "-- Running ").map { section in
            section.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .newlines) }.filter { !$0.isEmpty }.sorted()
        }
    }

    /// mlflow-skinny 3.17.2: `mlflow db upgrade` makes its initial tables itself and then
    /// runs every revision; the first part is done here as mlflow does it, then Retort runs
    /// the revisions through mlflow's env.py with the URL given as mlflow's own tooling
    /// gives it (`sqlalchemy.url`, here `--url`), against mlflow's `_upgrade_db`.
    func testMLflow() throws {
        try mlflow(.sqlite)
        if Harness.environment["RETORT_TEST_PG_URL"] != nil { try mlflow(.postgresql) }
    }

    func mlflow(_ kind: LiveDatabase.Kind) throws {
        let python = try application("mlflow")
        let located = try Harness.run(python, ["-c", "import mlflow, os; print(os.path.dirname(mlflow.__file__))"])
        let migrations = located.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "/store/db_migrations"
        let directory = try Harness.temporaryDirectory(self, "mlflow")
        let ours = try LiveDatabase.make(kind, self, in: directory, name: "retort").url
        let theirs = try LiveDatabase.make(kind, self, in: directory, name: "mlflow").url
        for url in [ours, theirs] {
            let made = try Harness.run(
                python,
                ["-c", "import sys, sqlalchemy as sa; from mlflow.store.tracking.dbmodels.initial_models import Base; "
                    + "Base.metadata.create_all(sa.create_engine(sys.argv[1]))", url])
            XCTAssertEqual(made.exit, 0, made.stderr)
        }
        let (up, upTime) = try timed {
            try Harness.run(
                try Harness.retortBinary().path,
                ["-c", migrations + "/alembic.ini", "--script-location", migrations, "--url", ours, "upgrade", "heads", "--yes"],
                cwd: directory, extraEnvironment: ["RETORT_PYTHON": python], timeout: 600)
        }
        XCTAssertEqual(up.exit, 0, String(up.stdout.suffix(2000)) + up.stderr)
        XCTAssertTrue(up.stdout.contains("through the project's Alembic"), String(up.stdout.prefix(2000)))
        let (reference, referenceTime) = try timed {
            try Harness.run(
                python,
                ["-c", "import sys, sqlalchemy as sa; from mlflow.store.db.utils import _upgrade_db; "
                    + "_upgrade_db(sa.create_engine(sys.argv[1]))", theirs], cwd: directory, timeout: 600)
        }
        XCTAssertEqual(reference.exit, 0, String(reference.stderr.suffix(2000)))
        print("mlflow upgrade heads (\(kind)): retort \(String(format: "%.2f", upTime)) s, mlflow's _upgrade_db \(String(format: "%.2f", referenceTime)) s")
        let a = try schema(python, ours)
        let b = try schema(python, theirs)
        XCTAssertEqual(a, b, "mlflow upgrade heads (\(kind)): " + Compare.firstDifference(a, b))
    }
}
