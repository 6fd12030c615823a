// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Retort",
    products: [
        .executable(name: "retort", targets: ["retort"]),
        .library(name: "MigrationCore", targets: ["MigrationCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries. Each has a module map and a tiny header; CCurses adds
        // inline shims for the curses calls that are macros in C.
        .systemLibrary(
            name: "CCurses", pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        // libpq's header only: the library itself is opened by PostgresLoader.
        .systemLibrary(name: "CPostgres", providers: [.apt(["libpq-dev"])]),

        // libpq's functions, opened on first use (dlopen) rather than at start-up.
        // DWARF 4: valgrind (callgrind's instruction counts, Benchmarks/) cannot read clang's DWARF 5.
        .target(
            name: "PostgresLoader", dependencies: ["CPostgres"], cSettings: [.unsafeFlags(["-gdwarf-4"])],
            linkerSettings: [.linkedLibrary("dl")]),

        // The shared migration core: no terminal code at all; the database libraries.
        .target(name: "MigrationCore", dependencies: ["CSQLite", "CPostgres", "PostgresLoader"]),
        // Screen model, widgets and the one ncurses backend; knows nothing of migrations.
        .target(name: "TerminalUI", dependencies: ["CCurses"]),
        // The interactive application: joins TerminalUI and MigrationCore.
        .target(name: "Browser", dependencies: ["MigrationCore", "TerminalUI"]),
        // The command-line entry point; thin.
        .executableTarget(
            name: "retort",
            dependencies: [
                "MigrationCore", "Browser", "TerminalUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // The browser's benchmark: first frame and keypress-to-frame times without a
        // terminal (Benchmarks/bench.py runs it).
        .executableTarget(
            name: "retort-browser-bench", dependencies: ["Browser", "MigrationCore", "TerminalUI"],
            path: "Benchmarks/BrowserBench"),

        .testTarget(name: "MigrationCoreTests", dependencies: ["MigrationCore"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "BrowserTests", dependencies: ["Browser", "MigrationCore", "TerminalUI"]),
        // End-to-end tests of the built binary, with Alembic as the oracle.
        .testTarget(name: "RetortTests", dependencies: ["MigrationCore"]),
    ]
)
