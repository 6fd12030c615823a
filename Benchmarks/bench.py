#!/usr/bin/env python3
"""Time retort against alembic, and the browser (run by Benchmarks/bench.sh, which builds and sets up).

Environment: RETORT_BINARY (release retort), RETORT_ALEMBIC (alembic executable),
RETORT_BROWSER_BENCH (release retort-browser-bench).
Options: --sizes 1000,5000  --retort-runs 20  --alembic-runs 3  --browser-keys 200  --online-runs 5
         --sections cli,callgrind,online,browser,bridge,schema,lint,roundtrip (default: all)
RETORT_TEST_PG_URL (a PostgreSQL server for the online rows; bench.sh starts one).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "Benchmarks", "work")
MAKE_PROJECT = os.path.join(ROOT, "Tests", "Oracle", "make_project.py")

TARGET_SCHEMA_MS = 200.0   # schema heads on 5,000 revisions (issue 14)
TARGET_LINT_MS = 1000.0    # lint of 5,000 revisions (issue 14)
TARGET_ROUNDTRIP_SPEEDUP = 5.0  # check --roundtrip on 1,000 revisions (SQLite) against the same through Alembic
ROUNDTRIP_SIZE = 1000
# The commands people wait for (issue 15), on 5,000 revisions, against alembic in the same run:
GRAPH_COMMANDS = ("history", "heads", "branches")
TARGET_SPEEDUP = 100.0      # history, heads, branches with the metadata cache: at least 100x alembic
TARGET_COLD_SPEEDUP = 40.0  # ... without it (a first run, a fresh clone, CI): at least 40x
TARGET_HISTORY_MS = 100.0   # history under 100 ms (issue 2)
TARGET_GRAPH_RSS_MB = 40.0  # peak memory of history, heads, branches under 40 MB
TARGET_RSS_MB = 60.0        # peak memory of every other row under 60 MB
TARGET_SQL_SPEEDUP = 100.0  # upgrade heads --sql with the caches: at least 100x alembic
TARGET_SQL_COLD_SPEEDUP = 20.0  # ... without them: at least 20x
TARGET_ONLINE_SPEEDUP = 5.0  # online upgrade heads on 1,000 revisions (PostgreSQL): 5x faster
TARGET_ONLINE_SQLITE_SPEEDUP = 10.0  # ... on SQLite, with live reflection in the run (issue 11): 10x faster
TARGET_REHEARSAL_RATIO = 1.5  # upgrade heads --rehearse on SQLite: at most 1.5x the real run
ONLINE_SIZE = 1000
# The browser on the largest project (issue 3), measured without a terminal:
TARGET_FIRST_FRAME_MS = 50.0   # process start -> first frame, repeat run (issue 15)
TARGET_COLD_FIRST_FRAME_MS = 150.0  # ... without the cache
TARGET_KEY_MS = 2.0            # median keypress -> frame for each of these kinds (issue 15):
CHECKED_KEYS = ("j", "pgdn", "search typing", "n", "sql tab")
TARGET_BROWSER_RSS_MB = 80.0   # peak memory of the browser benchmark
TARGET_DIALOG_MS = 200.0       # the confirmation dialog of a 100-step plan (issue 6)
# The second engine (issue 12), on a 100-revision project, with the oracle venv as the project's Python:
BRIDGE_SIZE = 100
TARGET_BRIDGED_EXTRA_S = 0.3   # 100 bridged steps: at most alembic upgrade's time + 0.3 s
TARGET_CAPTURE_EXTRA_S = 0.1   # env.py's capture: at most Python's start-up and imports + 0.1 s
TARGET_BRIDGED_PREVIEW_MS = 100.0  # a bridged SQL preview after the first


def project(size, shape="mixed"):
    d = os.path.join(WORK, "%s%d" % (shape, size))
    stamp = os.path.join(d, ".generated")
    want = "%s %d seed 1 %s" % (shape, size, os.path.getmtime(MAKE_PROJECT))
    if not (os.path.exists(stamp) and open(stamp).read() == want):
        shutil.rmtree(d, ignore_errors=True)
        subprocess.run([sys.executable, MAKE_PROJECT, d, "--shape", shape,
                        "--count", str(size), "--seed", "1"], check=True,
                       stdout=subprocess.DEVNULL)
        with open(stamp, "w") as f:
            f.write(want)
    return os.path.join(d, "alembic.ini")


def check_runs(cmd):
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        return "exit %d: %s" % (p.returncode, p.stderr.decode(errors="replace").strip()[:200])
    return None


def median_seconds(cmd, runs, warmup, prepare=None):
    """Median wall time of `cmd`, with hyperfine when it is installed; `prepare` (a shell
    command) runs before each run, untimed."""
    hf = shutil.which("hyperfine")
    if hf:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            extra = ["--prepare", prepare] if prepare else []
            subprocess.run([hf, "-N", "--style", "none", "--warmup", str(warmup),
                            "--runs", str(runs), "--export-json", out.name] + extra
                           + [" ".join(shlex_quote(c) for c in cmd)],
                           check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
            data = json.load(open(out.name))
            return data["results"][0]["median"]
    for _ in range(warmup):
        if prepare:
            subprocess.run(prepare, shell=True, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        if prepare:
            subprocess.run(prepare, shell=True, check=True, stdout=subprocess.DEVNULL)
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def shlex_quote(s):
    import shlex
    return shlex.quote(s)


def peak_rss_mb(cmd):
    timebin = "/usr/bin/time"
    if not os.path.exists(timebin):
        return None
    p = subprocess.run([timebin, "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        return int(p.stderr.decode().strip().splitlines()[-1]) / 1024.0
    except (ValueError, IndexError):
        return None


SECTIONS = ("cli", "callgrind", "online", "browser", "bridge", "schema", "lint", "roundtrip")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument("--retort-runs", type=int, default=20)
    ap.add_argument("--alembic-runs", type=int, default=3)
    ap.add_argument("--browser-keys", type=int, default=200)
    ap.add_argument("--online-runs", type=int, default=5)
    ap.add_argument("--sections", default=",".join(SECTIONS),
                    help="which parts to run, comma-separated: " + ", ".join(SECTIONS))
    a = ap.parse_args()
    sections = set(a.sections.split(","))
    unknown = sections - set(SECTIONS)
    if unknown:
        ap.error("unknown section(s): " + ", ".join(sorted(unknown)))
    retort = os.environ["RETORT_BINARY"]
    alembic = os.environ["RETORT_ALEMBIC"]
    os.makedirs(WORK, exist_ok=True)
    sizes = [int(s) for s in a.sizes.split(",")]
    big = max(sizes)

    checks = []
    if "cli" in sections:
        checks += cli_section(retort, alembic, sizes, a.retort_runs, a.alembic_runs)
    if "callgrind" in sections:
        callgrind_section(retort, project(big), big)
    if "online" in sections:
        checks += online_section(retort, alembic, project(ONLINE_SIZE), ONLINE_SIZE, a.online_runs, a.alembic_runs)
    browser = os.environ.get("RETORT_BROWSER_BENCH")
    if "browser" in sections:
        if browser:
            checks += browser_section(browser, project(big), big, a.retort_runs, a.browser_keys)
        else:
            checks.append(("browser benchmark ran", False, "RETORT_BROWSER_BENCH is not set"))
    if "bridge" in sections:
        checks += bridge_section(retort, alembic, browser, project(BRIDGE_SIZE), a.alembic_runs)
    if "schema" in sections:
        checks += schema_section(retort, project(big), big, a.retort_runs)
    if "lint" in sections:
        checks += lint_section(retort, project(big), big, a.retort_runs)
    if "roundtrip" in sections:
        checks += roundtrip_section(retort, alembic, project(ROUNDTRIP_SIZE, "linear"), ROUNDTRIP_SIZE)
    print()
    ok = True
    for name, passed, value in checks:
        print("%s  %s (%s)" % ("PASS" if passed else "FAIL", name, value))
        ok = ok and passed
    return 0 if ok else 1


def cli_section(retort, alembic, sizes, retort_runs, alembic_runs):
    """history, heads, branches and upgrade heads --sql against alembic, with Retort's
    caches (repeat runs) and without them (RETORT_NO_CACHE=1: every script parsed, as on
    the first run in a project). Prints the table and returns the checks."""
    rows = []
    results = {}
    failures = []
    for size in sizes:
        ini = project(size)
        alembic_times = {}
        for command in GRAPH_COMMANDS + ("upgrade heads --sql",):
            # Alembic has no cache: one timing serves both of Retort's rows.
            a_cmd = [alembic, "-c", ini] + command.split()
            alembic_times[command] = (median_seconds(a_cmd, alembic_runs, 0), peak_rss_mb(a_cmd))
            for cold in (False, True):
                r_cmd = (["env", "RETORT_NO_CACHE=1"] if cold else []) + [retort, "-c", ini] + command.split()
                if not cold:
                    # Fill the caches first (they keep only files older than two seconds).
                    subprocess.run(r_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                a_time, a_rss = alembic_times[command]
                err = check_runs(r_cmd)
                if err:
                    failures.append("retort %s on %d revisions failed: %s" % (command, size, err))
                    r_time = r_rss = None
                else:
                    r_time = median_seconds(r_cmd, retort_runs, 3)
                    r_rss = peak_rss_mb(r_cmd)
                label = command + (" (cold)" if cold else "")
                results[(size, label)] = (r_time, a_time, r_rss, a_rss)
                rows.append((size, label, r_time, a_time, r_rss, a_rss))

    print()
    print("| revisions | command | retort | alembic | alembic/retort | retort peak RSS | alembic peak RSS |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for size, command, r_time, a_time, r_rss, a_rss in rows:
        ratio = "-" if not r_time else "%.0fx" % (a_time / r_time)
        print("| %d | %s | %s | %s | %s | %s | %s |" % (
            size, command, ms(r_time), ms(a_time), ratio, mb(r_rss), mb(a_rss)))
    print()
    print("retort: %s (median of %d runs, 3 warm-up); alembic: median of %d runs; timer: %s"
          % (retort, retort_runs, alembic_runs, "hyperfine" if shutil.which("hyperfine") else "bench.py"))
    for f in failures:
        print("ERROR: " + f)

    checks = []
    big = max(sizes)

    def ratio_check(label, target):
        r_time, a_time, _, _ = results[(big, label)]
        checks.append(("%s on %d revisions >= %.0fx faster than alembic" % (label, big, target),
                       r_time is not None and a_time / r_time >= target,
                       "-" if not r_time else "%.0fx, %s" % (a_time / r_time, ms(r_time))))

    for command in GRAPH_COMMANDS:
        ratio_check(command, TARGET_SPEEDUP)
        ratio_check(command + " (cold)", TARGET_COLD_SPEEDUP)
    r_time = results[(big, "history")][0]
    checks.append(("history on %d revisions < %.0f ms" % (big, TARGET_HISTORY_MS),
                   r_time is not None and r_time * 1000 < TARGET_HISTORY_MS, ms(r_time)))
    ratio_check("upgrade heads --sql", TARGET_SQL_SPEEDUP)
    ratio_check("upgrade heads --sql (cold)", TARGET_SQL_COLD_SPEEDUP)
    graph_rss = [v[2] for k, v in results.items() if k[1].split(" (")[0] in GRAPH_COMMANDS]
    other_rss = [v[2] for k, v in results.items() if k[1].split(" (")[0] not in GRAPH_COMMANDS]
    for name, values, target in (("history, heads, branches", graph_rss, TARGET_GRAPH_RSS_MB),
                                 ("upgrade --sql", other_rss, TARGET_RSS_MB)):
        peak = None if any(v is None for v in values) else max(values)
        checks.append(("retort peak memory of %s < %.0f MB" % (name, target),
                       peak is not None and peak < target, mb(peak)))
    return checks


def ms(t):
    return "-" if t is None else "%.1f ms" % (t * 1000)


def mb(m):
    return "-" if m is None else "%.1f MB" % m


# Where callgrind splits a run: at the start of the command's timer and at each of its
# marks (the phases RETORT_PROFILE=1 prints).
PHASE_FUNCTIONS = ("*PhaseTimerV7enabledACSb_tcfC*", "*PhaseTimerV4markyySSF*")
CALLGRIND_RUNS = (("history", False), ("history", True), ("heads", False),
                  ("upgrade heads --sql", False), ("upgrade heads --sql", True))


def callgrind_section(retort, ini, size):
    """Instruction counts per phase (valgrind --tool=callgrind), which, unlike wall times
    on these machines, come out the same run after run: a change that helps shows here
    even when the timings are noise. Prints one table; not a target."""
    valgrind = shutil.which("valgrind")
    if not valgrind:
        print("INFO  callgrind counts skipped: valgrind is not installed")
        return
    print()
    print("Instructions per phase (callgrind, %d revisions; millions):" % size)
    print()
    table = []
    for command, cold in CALLGRIND_RUNS:
        env = dict(os.environ, RETORT_PROFILE="1")
        if cold:
            env["RETORT_NO_CACHE"] = "1"
        with tempfile.TemporaryDirectory() as out:
            base = os.path.join(out, "cg")
            cmd = [valgrind, "--tool=callgrind", "--callgrind-out-file=" + base + ".%p"]
            cmd += ["--dump-before=" + f for f in PHASE_FUNCTIONS]
            cmd += [retort, "-c", ini] + command.split()
            # The caches are stamped with the running program, which under valgrind is
            # valgrind: a first run fills them for the repeat run that is counted.
            if not cold:
                subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                for name in os.listdir(out):
                    os.unlink(os.path.join(out, name))
            p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            names = ["start-up and arguments"]
            for line in p.stderr.decode(errors="replace").splitlines():
                if line.startswith("profile: "):
                    names += [part.split("=")[0] for part in line[len("profile: "):].split()]
            names.append("exit")
            # cg.PID.1, cg.PID.2, ... at each split, then cg.PID at exit.
            dumps = sorted((f for f in os.listdir(out) if f.startswith("cg.")),
                           key=lambda f: int(f.split(".")[2]) if f.count(".") == 2 else 1 << 30)
            counts = []
            for name in dumps:
                for line in open(os.path.join(out, name)):
                    if line.startswith("summary:") or line.startswith("totals:"):
                        # A public function that only calls its specialised copy splits
                        # twice in a row: the empty piece between is dropped.
                        if int(line.split()[1]) > 1000:
                            counts.append(int(line.split()[1]))
                        break
        label = command + (" (cold)" if cold else "")
        table.append((label, list(zip(names, counts)), sum(counts)))
    for label, phases, total in table:
        parts = ", ".join("%s %.1f" % (n, c / 1e6) for n, c in phases)
        print("- `%s`: **%.1f** in all: %s" % (label, total / 1e6, parts))


def online_section(retort, alembic, ini, size, runs, alembic_runs):
    """Online `upgrade heads` of one project into a fresh database, each tool in turn:
    SQLite always, PostgreSQL when RETORT_TEST_PG_URL names a server (bench.sh starts a
    throwaway one). Retort runs with one transaction per migration (its default) and with
    --transaction all; Alembic as the generated env.py configures it (on SQLite a commit
    per migration, and per DDL statement; on PostgreSQL one transaction for the run).

    Prints a table and returns the checks for the targets (Retort's default mode).
    """
    work = os.path.join(WORK, "online")
    os.makedirs(work, exist_ok=True)
    targets = []
    db = os.path.join(work, "bench.db")
    targets.append(("SQLite", "sqlite:///" + db, "sqlite:///" + db, "rm -f " + shlex_quote(db)))
    server = os.environ.get("RETORT_TEST_PG_URL")
    if server:
        base = server.rsplit("/", 1)[0]
        url = base + "/retort_bench"
        prepare = ("psql -q -X %s -c 'DROP DATABASE IF EXISTS retort_bench WITH (FORCE)' "
                   "-c 'CREATE DATABASE retort_bench'" % shlex_quote(base + "/postgres"))
        # SQLAlchemy 2.1 reads plain postgresql:// as psycopg 3; the oracle venv has psycopg2.
        targets.append(("PostgreSQL", url, url.replace("postgresql://", "postgresql+psycopg2://", 1), prepare))
    rows = []
    checks = []
    floors = {}
    for name, r_url, a_url, prepare in targets:
        if name == "PostgreSQL":
            floors[name] = server_floor(retort, alembic, ini, r_url, prepare, runs)
            rows.append((name, "(the server alone)", floors[name], None))
        a_cmd = [alembic, "-c", ini, "-x", "url=" + a_url, "upgrade", "heads"]
        subprocess.run(prepare, shell=True, check=True, stdout=subprocess.DEVNULL)
        err = check_runs(a_cmd)
        a_time = None if err else median_seconds(a_cmd, alembic_runs, 0, prepare)
        if err:
            checks.append(("alembic online upgrade heads on %s ran" % name, False, err))
        run_time = None
        for mode in ("per-migration", "all", "rehearse"):
            if mode == "rehearse":
                r_cmd = [retort, "-c", ini, "--url", r_url, "upgrade", "heads", "--rehearse"]
            else:
                r_cmd = [retort, "-c", ini, "--url", r_url, "upgrade", "heads", "--yes", "--transaction", mode]
            subprocess.run(prepare, shell=True, check=True, stdout=subprocess.DEVNULL)
            err = check_runs(r_cmd)
            r_time = None if err else median_seconds(r_cmd, runs, 1, prepare)
            rows.append((name, mode, r_time, a_time))
            if err:
                checks.append(("retort online upgrade heads on %s ran" % name, False, err))
            elif mode == "per-migration" and a_time:
                run_time = r_time
                target = TARGET_ONLINE_SQLITE_SPEEDUP if name == "SQLite" else TARGET_ONLINE_SPEEDUP
                value = "%.1fx" % (a_time / r_time)
                floor = floors.get(name)
                if floor and a_time / floor < target:
                    value += ("; out of reach here: the server alone takes %.0f ms of alembic's %.0f ms, "
                              "so no client can be more than %.1fx faster" % (floor * 1000, a_time * 1000, a_time / floor))
                checks.append(("online upgrade heads on %d revisions, %s, >= %.0fx faster than alembic"
                               % (size, name, target),
                               a_time / r_time >= target, value))
            elif mode == "rehearse" and run_time:
                value = "%.2fx the run (%.0f ms against %.0f ms)" % (r_time / run_time, r_time * 1000, run_time * 1000)
                if name == "SQLite":
                    checks.append(("upgrade heads --rehearse on %d revisions, SQLite, <= %.1fx the real run"
                                   % (size, TARGET_REHEARSAL_RATIO), r_time / run_time <= TARGET_REHEARSAL_RATIO, value))
                else:
                    print("INFO  upgrade heads --rehearse on %d revisions, %s: %s" % (size, name, value))
    if not server:
        print("INFO  RETORT_TEST_PG_URL is not set: no PostgreSQL rows (bench.sh starts a server when it can)")

    def ms(t):
        return "-" if t is None else "%.0f ms" % (t * 1000)

    print()
    print("Online `upgrade heads`, %d revisions, into a fresh database:" % size)
    print()
    print("| database | retort (--transaction, or --rehearse) | retort | alembic | alembic/retort |")
    print("|---|---|---:|---:|---:|")
    for name, mode, r_time, a_time in rows:
        ratio = "-" if not (r_time and a_time) else "%.1fx" % (a_time / r_time)
        print("| %s | %s | %s | %s | %s |" % (name, mode, ms(r_time), ms(a_time), ratio))
    print()
    print("retort: median of %d runs (1 warm-up); alembic: median of %d runs; a fresh database before each"
          % (runs, alembic_runs))
    if floors:
        print("the server alone: the statements of `retort upgrade heads --sql` sent as one query on one open "
              "connection (no client work, no round trips), median of %d" % runs)
    return checks


FLOOR_SCRIPT = """
import sys, time, psycopg2
sql = open(sys.argv[2]).read()
connection = psycopg2.connect(sys.argv[1])
connection.autocommit = True
start = time.perf_counter()
connection.cursor().execute(sql)
print(time.perf_counter() - start)
"""


def bridge_section(retort, alembic, browser, ini, runs):
    """The second engine: a plan of BRIDGE_SIZE steps all run through the project's
    Alembic (--engine alembic) against `alembic upgrade heads`, into fresh SQLite files;
    what reading env.py with the project's Python adds to `current`, against that
    Python's own start-up and imports; and a bridged SQL preview after the first."""
    python = os.path.join(os.path.dirname(alembic), "python")
    env = dict(os.environ, RETORT_PYTHON=python)
    work = os.path.join(WORK, "bridge")
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, "bridge.db")
    url = "sqlite:///" + db
    prepare = "rm -f " + shlex_quote(db)
    checks = []

    def timed(cmd, prepare=None):
        times = []
        for _ in range(runs):
            if prepare:
                subprocess.run(prepare, shell=True, check=True)
            started = time.perf_counter()
            done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit("bench: %s failed: %s" % (" ".join(cmd), done.stderr.decode()[-400:]))
        return statistics.median(times)

    bridged = timed([retort, "-c", ini, "-x", "url=" + url, "--engine", "alembic", "upgrade", "heads", "--yes"], prepare)
    reference = timed([alembic, "-c", ini, "-x", "url=" + url, "upgrade", "heads"], prepare)
    subprocess.run([alembic, "-c", ini, "-x", "url=" + url, "upgrade", "heads"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    captured = timed([retort, "-c", ini, "-x", "url=" + url, "--engine", "alembic", "current"])
    native = timed([retort, "-c", ini, "-x", "url=" + url, "--engine", "native", "current"])
    startup = timed([python, "-c", "import alembic.config, alembic.script, alembic.runtime.environment, "
                     "alembic.operations, sqlalchemy"])
    print()
    print("| second engine, %d revisions, SQLite | retort | alembic / reference | difference |" % BRIDGE_SIZE)
    print("|---|---:|---:|---:|")
    print("| upgrade heads, every step through Alembic | %.0f ms | %.0f ms | %+.0f ms |"
          % (bridged * 1000, reference * 1000, (bridged - reference) * 1000))
    print("| current, env.py read by the Python, over native | %.0f ms | %.0f ms (Python start-up and imports) | %+.0f ms |"
          % ((captured - native) * 1000, startup * 1000, (captured - native - startup) * 1000))
    checks.append(("%d bridged steps <= alembic upgrade + %.1f s" % (BRIDGE_SIZE, TARGET_BRIDGED_EXTRA_S),
                   bridged <= reference + TARGET_BRIDGED_EXTRA_S, "%+.0f ms" % ((bridged - reference) * 1000)))
    checks.append(("env.py capture <= Python start-up and imports + %.0f ms" % (TARGET_CAPTURE_EXTRA_S * 1000),
                   captured - native <= startup + TARGET_CAPTURE_EXTRA_S,
                   "%+.0f ms" % ((captured - native - startup) * 1000)))
    if browser:
        out = subprocess.run([browser, "-c", ini, "--bridge-previews", "50"], env=env, check=True,
                             capture_output=True, text=True).stdout
        result = json.loads(out)
        print("| bridged SQL preview | %.2f ms median (first: %.0f ms, helper start-up included) | | |"
              % (result["median_ms"], result["first_ms"]))
        checks.append(("bridged SQL preview after the first < %.0f ms" % TARGET_BRIDGED_PREVIEW_MS,
                       result["median_ms"] < TARGET_BRIDGED_PREVIEW_MS, "%.2f ms" % result["median_ms"]))
    return checks


def schema_section(retort, ini, size, runs):
    """`schema heads` and `diff base heads` (issue 14): the history replayed, no database.
    Alembic has no such command, so only Retort's time is printed, against its target."""
    checks = []
    print()
    for command in ("schema heads", "diff base heads"):
        cmd = [retort, "-c", ini, "--dialect", "sqlite"] + command.split()
        err = check_runs(cmd)
        t = None if err else median_seconds(cmd, runs, 3)
        print("retort %s on %d revisions: %s%s" % (command, size, "-" if t is None else "%.1f ms" % (t * 1000),
                                                   "" if not err else " (failed: %s)" % err))
        if command == "schema heads":
            checks.append(("schema heads on %d revisions < %.0f ms" % (size, TARGET_SCHEMA_MS),
                           t is not None and t * 1000 < TARGET_SCHEMA_MS, "-" if t is None else "%.1f ms" % (t * 1000)))
    return checks


def timed(cmd, runs, accept=(0,)):
    """Median wall time of `cmd` over `runs` runs (after one untimed), or the failure."""
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        if p.returncode not in accept:
            return None, "exit %d: %s" % (p.returncode, p.stderr.decode(errors="replace").strip()[:200])
        if i:
            times.append(elapsed)
    return statistics.median(times), None


def lint_section(retort, ini, size, runs):
    """`lint` of every revision's PostgreSQL SQL (issue 14); findings are exit 7."""
    t, err = timed([retort, "-c", ini, "lint"], min(runs, 10), accept=(0, 7))
    print("retort lint on %d revisions: %s%s" % (size, "-" if t is None else "%.1f ms" % (t * 1000),
                                                "" if not err else " (failed: %s)" % err))
    return [("lint of %d revisions < %.0f ms" % (size, TARGET_LINT_MS),
             t is not None and t * 1000 < TARGET_LINT_MS, "-" if t is None else "%.1f ms" % (t * 1000))]


def roundtrip_section(retort, alembic, ini, size):
    """`check --roundtrip` on a linear project (SQLite scratch), against the same round
    trip through Alembic (Benchmarks/roundtrip_alembic.py: inspector, upgrade, downgrade,
    inspector, upgrade), each run once."""
    t, err = timed([retort, "-c", ini, "check", "--roundtrip"], 1)
    python = os.path.join(os.path.dirname(alembic), "python")
    url = "sqlite:///" + os.path.join(WORK, "roundtrip-alembic.db")
    if os.path.exists(url[len("sqlite:///"):]):
        os.remove(url[len("sqlite:///"):])
    start = time.perf_counter()
    p = subprocess.run([python, os.path.join(ROOT, "Benchmarks", "roundtrip_alembic.py"), ini, url],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    a_time = time.perf_counter() - start if p.returncode == 0 else None
    ratio = None if not t or not a_time else a_time / t
    print("check --roundtrip on %d revisions (SQLite): retort %s, alembic %s, %s%s"
          % (size, "-" if t is None else "%.2f s" % t, "-" if a_time is None else "%.2f s" % a_time,
             "-" if ratio is None else "%.1fx" % ratio, "" if not err else " (failed: %s)" % err))
    return [("check --roundtrip on %d revisions >= %.0fx alembic" % (size, TARGET_ROUNDTRIP_SPEEDUP),
             ratio is not None and ratio >= TARGET_ROUNDTRIP_SPEEDUP, "-" if ratio is None else "%.1fx" % ratio)]


def server_floor(retort, alembic, ini, url, prepare, runs):
    """Seconds PostgreSQL itself needs for the run's statements: the offline script
    (the same DDL, one transaction) sent as a single query by psycopg2 from the oracle's
    venv, timed around the execute only. No client can apply the migrations faster."""
    script = os.path.join(WORK, "online", "floor.sql")
    with open(script, "wb") as out:
        subprocess.run([retort, "-c", ini, "upgrade", "heads", "--sql", "--dialect", "postgresql"],
                       check=True, stdout=out)
    python = os.path.join(os.path.dirname(alembic), "python")
    times = []
    for _ in range(runs):
        subprocess.run(prepare, shell=True, check=True, stdout=subprocess.DEVNULL)
        p = subprocess.run([python, "-c", FLOOR_SCRIPT, url, script], check=True, stdout=subprocess.PIPE)
        times.append(float(p.stdout))
    return statistics.median(times)


def browser_section(bench, ini, size, runs, keys):
    """The browser on one project: first frame, keypress-to-frame medians, peak RSS.

    Prints a table and returns the checks for the targets.
    """
    first = [bench, "-c", ini, "--first-frame"]
    checks = []
    err = check_runs(first)
    if err:
        return [("browser benchmark on %d revisions ran" % size, False, err)]
    # Repeat runs, with the metadata cache filled (it keeps only files older than two
    # seconds); cold runs parse every script, as the first start in a project does.
    subprocess.run(first, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    warm = median_seconds(first, runs, 3)
    cold = median_seconds(["env", "RETORT_NO_CACHE=1"] + first, runs, 3)
    replay = [bench, "-c", ini, "--keys", str(keys)]
    p = subprocess.run(replay, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        return [("browser key replay on %d revisions ran" % size, False,
                 p.stderr.decode(errors="replace").strip()[:200])]
    report = json.loads(p.stdout)
    rss = peak_rss_mb(replay)

    print()
    print("Browser, %d revisions, %dx%d, no terminal (retort-browser-bench):"
          % (size, report["width"], report["height"]))
    print()
    print("| measure | median | p95 | max |")
    print("|---|---:|---:|---:|")
    print("| first frame from process start | %.1f ms | | |" % (warm * 1000))
    print("| first frame from process start (cold) | %.1f ms | | |" % (cold * 1000))
    for kind, t in report["keys"].items():
        print("| key `%s` to frame (%d keys) | %.2f ms | %.2f ms | %.2f ms |"
              % (kind, t["count"], t["median_ms"], t["p95_ms"], t["max_ms"]))
    print("| peak RSS (load, first frame, every key above) | %s | | |"
          % ("-" if rss is None else "%.1f MB" % rss))
    print()
    print("first frame: median of %d runs, 3 warm-up; search queries: %s"
          % (runs, ", ".join(report["queries"])))

    checks.append(("browser first frame on %d revisions < %.0f ms" % (size, TARGET_FIRST_FRAME_MS),
                   warm * 1000 < TARGET_FIRST_FRAME_MS, "%.1f ms" % (warm * 1000)))
    checks.append(("browser first frame on %d revisions without the cache < %.0f ms"
                   % (size, TARGET_COLD_FIRST_FRAME_MS),
                   cold * 1000 < TARGET_COLD_FIRST_FRAME_MS, "%.1f ms" % (cold * 1000)))
    for kind in CHECKED_KEYS:
        t = report["keys"].get(kind)
        checks.append(("browser median key `%s` to frame < %.0f ms" % (kind, TARGET_KEY_MS),
                       t is not None and t["median_ms"] < TARGET_KEY_MS,
                       "-" if t is None else "%.2f ms" % t["median_ms"]))
    dialog = report.get("dialog")
    if dialog:
        print("Confirmation dialog (median of 5): upgrade of %d steps from an empty SQLite database %.1f ms; "
              "the downgrade back, row counts read, %.1f ms (%d warnings)"
              % (dialog["steps"], dialog["upgrade_ms"], dialog["downgrade_ms"], dialog["warnings"]))
    slowest = max(dialog["upgrade_ms"], dialog["downgrade_ms"]) if dialog else None
    checks.append(("browser confirmation dialog of a %s-step plan < %.0f ms"
                   % (dialog["steps"] if dialog else "100", TARGET_DIALOG_MS),
                   slowest is not None and not dialog["refused"] and slowest < TARGET_DIALOG_MS,
                   "-" if slowest is None else "%.1f ms%s" % (slowest, ", refused" if dialog["refused"] else "")))
    checks.append(("browser peak memory < %.0f MB" % TARGET_BROWSER_RSS_MB,
                   rss is not None and rss < TARGET_BROWSER_RSS_MB, "-" if rss is None else "%.1f MB" % rss))
    return checks


if __name__ == "__main__":
    sys.exit(main())
