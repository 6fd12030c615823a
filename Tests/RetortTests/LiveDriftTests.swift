import Foundation
import XCTest

/// Live runs on SQLite databases whose tables are not what the history made (a column
/// added by hand, a table made before the history began, a trigger): a batch table copy
/// must be written from the table as it is, as Alembic's online batch reflects it, so
/// that Retort and Alembic leave the same tables, indexes, constraints and rows, and
/// what the copy loses is named in the plan before anything runs.
final class LiveDriftTests: XCTestCase {
    let ini = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/drift/alembic.ini").path

    /// A table as the history made it, changed outside the history after `d1`.
    struct Drift {
        var name: String
        var sql: String
        /// What the plan must say the copy loses.
        var lost: [String] = []
    }

    static let drifts: [Drift] = [
        // The reproduction of the issue: a column, its index and a row the history never made.
        Drift(
            name: "extra column",
            sql: "ALTER TABLE jobs ADD COLUMN extra_notes TEXT; CREATE INDEX ix_jobs_extra ON jobs(extra_notes); "
                + "INSERT INTO jobs (title, description, salary, extra_notes) VALUES ('a', 'd', 5, 'keep me');"),
        Drift(
            name: "checks",
            sql: "DROP TABLE jobs; CREATE TABLE jobs (id INTEGER NOT NULL, title VARCHAR(100) NOT NULL, description TEXT, "
                + "salary INTEGER CHECK (salary < 1000000), PRIMARY KEY (id), CONSTRAINT ck_salary CHECK (salary >= 0), "
                + "CHECK (length(title) > 0)); INSERT INTO jobs VALUES (1, 'a', 'd', 5);",
            lost: ["loses the unnamed CHECK (salary < 1000000)", "loses the unnamed CHECK (length(title) > 0)"]),
        Drift(
            name: "foreign keys",
            sql: "INSERT INTO users VALUES (1, 'u'); DROP TABLE jobs; CREATE TABLE jobs (id INTEGER NOT NULL, "
                + "title VARCHAR(100) NOT NULL, description TEXT, salary INTEGER, owner_id INTEGER, "
                + "owner2_id INTEGER REFERENCES users(id) ON DELETE SET NULL, PRIMARY KEY (id), CONSTRAINT fk_owner "
                + "FOREIGN KEY(owner_id) REFERENCES users (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED); "
                + "INSERT INTO jobs VALUES (1, 'a', 'd', 5, 1, 1);",
            lost: ["loses ON DELETE SET NULL of the inline foreign key (owner2_id) REFERENCES users"]),
        Drift(
            name: "trigger",
            sql: "CREATE TABLE audit (msg TEXT); CREATE TRIGGER trg_jobs AFTER INSERT ON jobs BEGIN INSERT INTO audit "
                + "VALUES (new.title); END; INSERT INTO jobs VALUES (1, 'a', 'd', 5);",
            lost: ["loses trigger trg_jobs, which DROP TABLE removes with the table"]),
        Drift(
            name: "reordered columns",
            sql: "DROP TABLE jobs; CREATE TABLE jobs (salary INTEGER, id INTEGER NOT NULL, description TEXT, "
                + "title VARCHAR(100) NOT NULL, PRIMARY KEY (id)); INSERT INTO jobs VALUES (5, 1, 'd', 'a');"),
        Drift(
            name: "types, defaults and a collation",
            sql: "DROP TABLE jobs; CREATE TABLE jobs (id INTEGER NOT NULL, title varchar(100) NOT NULL COLLATE NOCASE, "
                + "description TEXT, salary INTEGER, a STRING DEFAULT 'x', b DOUBLE PRECISION DEFAULT 1.5, "
                + "c VARCHAR2(10) DEFAULT -1, d UNSIGNED BIG INT DEFAULT (1+2), e NUMERIC(10,2) DEFAULT CURRENT_TIMESTAMP, "
                + "f CHAR(3), g BOOLEAN DEFAULT 0, h DATETIME DEFAULT (datetime('now')), i JSON, j BLOB, "
                + "k TIMESTAMP DEFAULT NULL, PRIMARY KEY (id)); INSERT INTO jobs (id, title, description, salary) "
                + "VALUES (1, 'a', 'd', 5);",
            lost: ["loses COLLATE NOCASE of column title"]),
        Drift(
            name: "indexes",
            sql: "CREATE INDEX ix_partial ON jobs (salary) WHERE salary > 0; CREATE INDEX ix_expr ON jobs (lower(title)); "
                + "CREATE UNIQUE INDEX ux_title ON jobs (title); CREATE INDEX ix_desc ON jobs (salary DESC); "
                + "CREATE INDEX ix_multi ON jobs (title, salary); CREATE INDEX \"Ix Mixed\" ON jobs (title); "
                + "INSERT INTO jobs VALUES (1, 'a', 'd', 5);",
            lost: ["loses DESC order of salary in index ix_desc", "loses the expression index ix_expr"]),
        Drift(
            name: "unique constraints",
            sql: "DROP TABLE jobs; CREATE TABLE jobs (id INTEGER NOT NULL, title VARCHAR(100) NOT NULL, description TEXT, "
                + "salary INTEGER, code TEXT UNIQUE, code2 VARCHAR(10) UNIQUE, PRIMARY KEY (id), CONSTRAINT uq_title "
                + "UNIQUE (title), UNIQUE (title, salary)); INSERT INTO jobs (id, title, description, salary) "
                + "VALUES (1, 'a', 'd', 5);",
            lost: ["loses UNIQUE (code2)"]),
        Drift(
            name: "autoincrement",
            sql: "DROP TABLE jobs; CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, title VARCHAR(100) NOT NULL, "
                + "description TEXT, salary INTEGER); INSERT INTO jobs VALUES (1, 'a', 'd', 5);",
            lost: ["loses AUTOINCREMENT of column id"]),
        Drift(
            name: "named primary key, without rowid, quoted names",
            sql: "DROP TABLE jobs; CREATE TABLE jobs (id INTEGER NOT NULL, title VARCHAR(100) NOT NULL, description TEXT, "
                + "salary INTEGER, \"Order\" INTEGER, \"Mixed Case\" TEXT, CONSTRAINT pk_jobs PRIMARY KEY (id)) WITHOUT ROWID; "
                + "INSERT INTO jobs VALUES (1, 'a', 'd', 5, 2, 'x');"),
    ]

    func testDriftedTablesAreCopiedAsAlembicCopiesThem() throws {
        let oracle = try Harness.oracle()
        let directory = try Harness.temporaryDirectory(self, "drift")
        for (number, drift) in Self.drifts.enumerated() {
            let a = directory.appendingPathComponent("\(number)-alembic.db").path
            let r = directory.appendingPathComponent("\(number)-retort.db").path
            try alembic(oracle, a, "upgrade", "d1")
            try execute(oracle, a, drift.sql)
            try FileManager.default.copyItem(atPath: a, toPath: r)

            try alembic(oracle, a, "upgrade", "head")
            let up = try Harness.retort(["-c", ini, "--url", "sqlite:///\(r)", "upgrade", "head", "--yes"])
            XCTAssertEqual(up.exit, 0, "\(drift.name): \(up.stderr)")
            XCTAssertEqual(try dump(oracle, r), try dump(oracle, a), "\(drift.name): upgrade leaves other tables than Alembic's")
            for phrase in drift.lost {
                XCTAssertTrue(up.stdout.contains(phrase), "\(drift.name): the plan does not say it \(phrase):\n\(up.stdout)")
            }
            if drift.lost.isEmpty {
                XCTAssertFalse(up.stdout.contains(" loses "), "\(drift.name): nothing is lost, yet:\n\(up.stdout)")
            }

            try alembic(oracle, a, "downgrade", "d1")
            let down = try Harness.retort(["-c", ini, "--url", "sqlite:///\(r)", "downgrade", "d1", "--yes"])
            XCTAssertEqual(down.exit, 0, "\(drift.name): \(down.stderr)")
            XCTAssertEqual(try dump(oracle, r), try dump(oracle, a), "\(drift.name): downgrade leaves other tables than Alembic's")
        }
    }

    /// The issue's own words: the column, its index and its data are still there.
    func testTheColumnTheHistoryDoesNotKnowKeepsItsIndexAndItsRows() throws {
        let oracle = try Harness.oracle()
        let directory = try Harness.temporaryDirectory(self, "drift-keep")
        let db = directory.appendingPathComponent("app.db").path
        try alembic(oracle, db, "upgrade", "d1")
        try execute(oracle, db, Self.drifts[0].sql)
        let up = try Harness.retort(["-c", ini, "--url", "sqlite:///\(db)", "upgrade", "d2", "--yes"])
        XCTAssertEqual(up.exit, 0, up.stderr)
        let check = try Harness.run(
            oracle.python,
            ["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                + "print([r[1] for r in c.execute('PRAGMA table_info(jobs)')]); "
                + "print([r[1] for r in c.execute('PRAGMA index_list(jobs)')]); "
                + "print(c.execute('SELECT title, salary, extra_notes FROM jobs').fetchall())", db])
        XCTAssertEqual(
            check.stdout, "['id', 'title', 'salary', 'extra_notes']\n['ix_jobs_extra']\n[('a', 5, 'keep me')]\n", check.stderr)
    }

    /// Tables a copy cannot rebuild are refused before anything runs (exit 4), and the
    /// database is left exactly as it was.
    func testTablesThatCannotBeCopiedApplyNothing() throws {
        let oracle = try Harness.oracle()
        let directory = try Harness.temporaryDirectory(self, "drift-refused")
        let cases: [(name: String, sql: String, message: String)] = [
            ("a view", "DROP TABLE jobs; CREATE TABLE jobs_t (id INTEGER NOT NULL, title VARCHAR(100) NOT NULL, description TEXT, "
                + "salary INTEGER, PRIMARY KEY (id)); CREATE VIEW jobs AS SELECT * FROM jobs_t;",
             "d2 upgrade() line 17: jobs is a view in the database, which a batch table copy cannot rebuild"),
            ("a virtual table", "DROP TABLE jobs; CREATE VIRTUAL TABLE jobs USING fts5(title, description, salary);",
             "d2 upgrade() line 17: jobs is a virtual table in the database, which a batch table copy cannot rebuild"),
            ("a missing table", "DROP TABLE jobs;", "d2 upgrade() line 17: table jobs does not exist in the database"),
            ("a view over the table", "CREATE VIEW v_jobs AS SELECT title FROM jobs;",
             "d2 upgrade() line 17: view v_jobs reads table jobs: SQLite refuses to rename the copy into place"),
            ("a column without a type", "ALTER TABLE jobs ADD COLUMN untyped;",
             "d2 upgrade() line 17: Alembic raises CompileError: Can't generate DDL for NullType()"),
        ]
        for (number, item) in cases.enumerated() {
            let db = directory.appendingPathComponent("\(number).db").path
            try alembic(oracle, db, "upgrade", "d1")
            try execute(oracle, db, item.sql)
            let before = try dump(oracle, db)
            let run = try Harness.retort(["-c", ini, "--url", "sqlite:///\(db)", "upgrade", "head", "--yes"])
            XCTAssertEqual(run.exit, 4, "\(item.name): \(run.stdout)\(run.stderr)")
            XCTAssertTrue(
                run.stderr.contains("steps of the plan cannot run on the database as it is, so nothing was applied"),
                "\(item.name): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(item.message), "\(item.name): \(run.stderr)")
            XCTAssertEqual(try dump(oracle, db), before, "\(item.name): the database changed")
        }
    }

    // MARK: The drift in the plan

    /// The plan `upgrade head` prints for a database at d1 changed by `sql`, and its exit.
    func plan(after sql: String, at revision: String = "d1", _ name: String) throws -> (String, Int32) {
        let oracle = try Harness.oracle()
        let directory = try Harness.temporaryDirectory(self, "drift-plan-\(name)")
        let db = directory.appendingPathComponent("app.db").path
        if revision != "base" { try alembic(oracle, db, "upgrade", revision) }
        try execute(oracle, db, sql)
        let run = try Harness.retort(["-c", ini, "--url", "sqlite:///\(db)", "upgrade", "head", "--yes"])
        let text = (run.stdout + run.stderr).replacingOccurrences(of: "sqlite:///\(db)", with: "sqlite:///app.db")
        return (text, run.exit)
    }

    func testPlanSaysThereIsNoDrift() throws {
        let (text, exit) = try plan(after: "SELECT 1;", "none")
        XCTAssertEqual(exit, 0, text)
        XCTAssertEqual(
            text,
            """
            Upgrade to head on sqlite:///app.db: 2 migrations, each atomic, committed together every 0.2 s
              No drift: the tables this plan touches (jobs) are as the history made them at d1
              1. upgrade d1 -> d2, salary required, drop description: 4 statements; alembic_version: d1 -> d2
                   destructive, line 17: batch on jobs: alter column jobs.salary: not null, default '0'; drop column jobs.description
              2. upgrade d2 -> d3, grade, by a table copy everywhere: 4 statements; alembic_version: d2 -> d3
              alembic_version afterwards: d3 (now: d1)
            Running upgrade d1 -> d2, salary required, drop description ... done (4 statements)
            Running upgrade d2 -> d3, grade, by a table copy everywhere ... done (4 statements)
            Done: 2 migrations applied; alembic_version holds d3.

            """)
    }

    func testPlanListsExtraColumnsAndWhatTheCopyDoesWithThem() throws {
        let (text, exit) = try plan(
            after: Self.drifts[0].sql + " ALTER TABLE jobs ADD COLUMN rank INTEGER DEFAULT 3 NOT NULL; CREATE TABLE legacy_notes (x TEXT);"
                + " CREATE TRIGGER trg_jobs AFTER INSERT ON jobs BEGIN SELECT 1; END;", "extra")
        XCTAssertEqual(exit, 0, text)
        XCTAssertEqual(
            text,
            """
            Upgrade to head on sqlite:///app.db: 2 migrations, each atomic, committed together every 0.2 s
              Drift: 1 table this plan touches differs from the history at d1:
                jobs:
                  column extra_notes TEXT: in the database, not in the history; kept by the table copy in step 1
                  column rank INTEGER NOT NULL DEFAULT 3: in the database, not in the history; kept by the table copy in step 1
                  index ix_jobs_extra (extra_notes): in the database, not in the history; kept by the table copy in step 1
                  trigger trg_jobs: in the database, not in the history; lost: DROP TABLE in step 1's table copy removes it
              Not touched by this plan, in the database but never made by the history: legacy_notes
              1. upgrade d1 -> d2, salary required, drop description: 5 statements; alembic_version: d1 -> d2
                   destructive, line 17: batch on jobs: alter column jobs.salary: not null, default '0'; drop column jobs.description
                   note: the copy of table jobs loses trigger trg_jobs, which DROP TABLE removes with the table
              2. upgrade d2 -> d3, grade, by a table copy everywhere: 5 statements; alembic_version: d2 -> d3
              alembic_version afterwards: d3 (now: d1)
            Running upgrade d1 -> d2, salary required, drop description ... done (5 statements)
            Running upgrade d2 -> d3, grade, by a table copy everywhere ... done (5 statements)
            Done: 2 migrations applied; alembic_version holds d3.

            """)
    }

    /// A database made before its history: the table the first revision creates is there
    /// already, so the plan is refused before anything runs.
    func testPlanRefusesToCreateATableTheHistoryDoesNotKnow() throws {
        let (text, exit) = try plan(
            after: "CREATE TABLE jobs (id INTEGER PRIMARY KEY, title TEXT); CREATE TABLE legacy_notes (x TEXT);", at: "base",
            "unknown")
        XCTAssertEqual(exit, 4, text)
        XCTAssertEqual(
            text,
            """
            Upgrade to head on sqlite:///app.db: 3 migrations, each atomic, committed together every 0.2 s
              alembic_version does not exist yet: it is created first, as Alembic creates it
              Drift: 1 table this plan touches differs from the history at base:
                jobs: in the database, never made by the history; step 1 (line 23) creates it again
              Not touched by this plan, in the database but never made by the history: legacy_notes
              1. upgrade  -> d1, create users and jobs: 2 statements; alembic_version: insert d1
              2. upgrade d1 -> d2, salary required, drop description: 4 statements; alembic_version: d1 -> d2
                   destructive, line 17: batch on jobs: alter column jobs.salary: not null, default '0'; drop column jobs.description
              3. upgrade d2 -> d3, grade, by a table copy everywhere: 4 statements; alembic_version: d2 -> d3
              alembic_version afterwards: d3 (now: no row)
            FAILED: the database is not as this plan needs it, so nothing was applied:
              table jobs is in the database already, and step 1 (line 23) creates it

            """)
    }

    // MARK: PostgreSQL: recreate="always"

    static let postgresDrifts: [Drift] = [
        Drift(
            name: "extra column, index, CHECK and foreign key",
            sql: "ALTER TABLE jobs ADD COLUMN extra_notes TEXT; CREATE INDEX ix_jobs_extra ON jobs(extra_notes); "
                + "ALTER TABLE jobs ADD CONSTRAINT ck_salary CHECK (salary >= 0); ALTER TABLE jobs ADD COLUMN owner_id INTEGER; "
                + "ALTER TABLE jobs ADD CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES users(id) ON DELETE CASCADE; "
                + "INSERT INTO users VALUES (1, 'u'); INSERT INTO jobs (title, salary, extra_notes, owner_id) "
                + "VALUES ('a', 5, 'keep me', 1);",
            lost: ["loses the sequence jobs_id_seq of column id: the copy is SERIAL again, with a new sequence that starts at 1"]),
        Drift(
            name: "types, defaults, comments and indexes",
            sql: "ALTER TABLE jobs ADD COLUMN a numeric(10,2) DEFAULT 1.5, ADD COLUMN b timestamp(3) with time zone, "
                + "ADD COLUMN c varchar(20)[], ADD COLUMN d uuid, ADD COLUMN e jsonb DEFAULT '{}'::jsonb, "
                + "ADD COLUMN f text COLLATE \"C\", ADD COLUMN g double precision, ADD COLUMN h interval day, "
                + "ADD COLUMN i bit varying(5), ADD COLUMN j boolean DEFAULT true NOT NULL, ADD COLUMN k smallint; "
                + "CREATE INDEX ix_multi ON jobs (title DESC, salary NULLS FIRST) WHERE salary > 0; "
                + "CREATE INDEX ix_expr ON jobs (lower(title)); CREATE UNIQUE INDEX ux ON jobs (title) INCLUDE (salary); "
                + "ALTER TABLE jobs ADD CONSTRAINT uq_t UNIQUE (title, salary); COMMENT ON COLUMN jobs.title IS 'the title'; "
                + "COMMENT ON TABLE jobs IS 'jobs table'; INSERT INTO jobs (title, salary, c) VALUES ('a', 5, '{x,y}');"),
        Drift(
            name: "identity key",
            sql: "DROP TABLE jobs; CREATE TABLE jobs (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                + "title varchar(100) NOT NULL, salary integer); INSERT INTO jobs (title, salary) VALUES ('a', 5);"),
        Drift(
            name: "key without a sequence",
            sql: "DROP TABLE jobs; CREATE TABLE jobs (id integer PRIMARY KEY, title varchar(100) NOT NULL, salary integer); "
                + "INSERT INTO jobs VALUES (7, 'a', 5);"),
        Drift(
            name: "trigger",
            sql: "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$; "
                + "CREATE TRIGGER trg_jobs BEFORE INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION touch(); "
                + "INSERT INTO jobs (title, salary) VALUES ('a', 5);",
            lost: ["loses trigger trg_jobs, which DROP TABLE removes with the table"]),
    ]

    func testPostgreSQLRecreateAlwaysCopiesTheTableAsItIs() throws {
        let oracle = try Harness.oracle()
        let directory = try Harness.temporaryDirectory(self, "drift-pg")
        for (number, drift) in Self.postgresDrifts.enumerated() {
            let a = try LiveDatabase.make(.postgresql, self, in: directory, name: "a\(number)")
            let r = try LiveDatabase.make(.postgresql, self, in: directory, name: "r\(number)")
            for db in [a, r] {
                try alembic(oracle, url: db.url, "upgrade", "d2")
                try db.execute(drift.sql)
            }
            try alembic(oracle, url: a.url, "upgrade", "head")
            let up = try Harness.retort(["-c", ini, "--url", r.url, "upgrade", "head", "--yes"])
            XCTAssertEqual(up.exit, 0, "\(drift.name): \(up.stderr)")
            XCTAssertEqual(try r.schema(oracle), try a.schema(oracle), "\(drift.name): upgrade leaves other tables than Alembic's")
            XCTAssertEqual(try rows(r), try rows(a), "\(drift.name): the rows differ")
            for phrase in drift.lost {
                XCTAssertTrue(up.stdout.contains(phrase), "\(drift.name): the plan does not say it \(phrase):\n\(up.stdout)")
            }
            try alembic(oracle, url: a.url, "downgrade", "d2")
            let down = try Harness.retort(["-c", ini, "--url", r.url, "downgrade", "d2", "--yes"])
            XCTAssertEqual(down.exit, 0, "\(drift.name): \(down.stderr)")
            XCTAssertEqual(try r.schema(oracle), try a.schema(oracle), "\(drift.name): downgrade leaves other tables than Alembic's")
            XCTAssertEqual(try rows(r), try rows(a), "\(drift.name): the rows differ after the downgrade")
        }
    }

    /// What PostgreSQL will not let a copy drop is refused before anything runs.
    func testPostgreSQLTablesThatCannotBeCopiedApplyNothing() throws {
        let oracle = try Harness.oracle()
        let directory = try Harness.temporaryDirectory(self, "drift-pg-refused")
        let cases: [(sql: String, message: String)] = [
            ("CREATE VIEW v_jobs AS SELECT title FROM jobs;",
             "d3 upgrade() line 17: view v_jobs reads table jobs: PostgreSQL cannot drop the table a copy replaces"),
            ("CREATE TABLE child (id int, job_id int REFERENCES jobs(id));",
             "d3 upgrade() line 17: foreign key child_job_id_fkey of table child refers to jobs"),
        ]
        for (number, item) in cases.enumerated() {
            let db = try LiveDatabase.make(.postgresql, self, in: directory, name: "x\(number)")
            try alembic(oracle, url: db.url, "upgrade", "d2")
            try db.execute(item.sql)
            let before = try db.schema(oracle)
            let run = try Harness.retort(["-c", ini, "--url", db.url, "upgrade", "head", "--yes"])
            XCTAssertEqual(run.exit, 4, run.stdout + run.stderr)
            XCTAssertTrue(run.stderr.contains(item.message), run.stderr)
            XCTAssertEqual(try db.schema(oracle), before, "the database changed")
        }
    }

    func rows(_ db: LiveDatabase) throws -> [[String?]] {
        try db.query("SELECT * FROM jobs ORDER BY 1")
    }

    // MARK: Helpers

    func alembic(_ oracle: Oracle, _ db: String, _ args: String...) throws {
        try alembic(oracle, url: "sqlite:///\(db)", args)
    }

    func alembic(_ oracle: Oracle, url: String, _ args: String...) throws {
        try alembic(oracle, url: url, args)
    }

    func alembic(_ oracle: Oracle, url: String, _ args: [String]) throws {
        let run = try oracle.alembic(["-c", ini, "-x", "url=\(url)"] + args)
        XCTAssertEqual(run.exit, 0, "alembic \(args.joined(separator: " ")): \(run.stderr)")
    }

    func execute(_ oracle: Oracle, _ db: String, _ sql: String) throws {
        let run = try Harness.run(
            oracle.python, ["-c", "import sqlite3, sys; sqlite3.connect(sys.argv[1]).executescript(sys.stdin.read())", db],
            stdin: Data(sql.utf8))
        XCTAssertEqual(run.exit, 0, "setting up the drift failed: \(run.stderr)")
    }

    /// Tables, indexes, constraints, rows, triggers, views and version rows.
    func dump(_ oracle: Oracle, _ db: String) throws -> String {
        let run = try Harness.run(
            oracle.python, [Harness.oracleScripts.appendingPathComponent("sqlite_schema.py").path, db, "--rows"])
        XCTAssertEqual(run.exit, 0, run.stderr)
        return run.stdout
    }
}
