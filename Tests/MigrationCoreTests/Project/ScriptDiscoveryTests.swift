import XCTest
@testable import MigrationCore

final class ScriptDiscoveryTests: XCTestCase {
    private func names(_ scripts: [ScriptFile], relativeTo p: TempProject) -> [String] {
        scripts.map { String($0.path.dropFirst(p.root.count + 1)) + ($0.isSourceless ? " (pyc)" : "") }
    }

    private func load(_ p: TempProject, _ ini: String) throws -> [ScriptFile] {
        try p.write("alembic.ini", "[alembic]\nscript_location = %(here)s/m\npath_separator = os\n" + ini)
        return try ScriptDiscovery.scripts(in: ProjectLoader.load(p.options()))
    }

    func testSortedFilesLockFilesAndInitSkipped() throws {
        let p = try TempProject()
        for name in ["b_second.py", "a_first.py", "B_upper.py", ".#a_first.py", "__init__.py",
                     "__init__extra.py", "notes.txt", "c.pyc", ".hidden.py", "sub/d_nested.py"] {
            try p.write("m/versions/" + name)
        }
        XCTAssertEqual(names(try load(p, ""), relativeTo: p), [
            "m/versions/.hidden.py", "m/versions/B_upper.py", "m/versions/a_first.py", "m/versions/b_second.py",
        ])
    }

    /// The flat listing sorts by its names' first eight bytes, then the rest: names that
    /// share those bytes, that are prefixes of each other or that are not ASCII come out
    /// in Python's code-point order all the same.
    func testFlatListingSortsAsPythonDoes() throws {
        let p = try TempProject()
        let names = [
            "abcdefgh_2.py", "abcdefgh_10.py", "abcdefgh.py", "abcdefg.py", "abc.py", "ab.py", "a.py",
            "abcdefghij_x.py", "abcdefghij.py", "zz.py", "Z.py", "0000aaaa_x.py", "0000aaaa.py", "é_accent.py",
            "e_plain.py", "ü.py", "~tilde.py",
        ]
        for name in names { try p.write("m/versions/" + name) }
        let expected = names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { "m/versions/" + $0 }
        XCTAssertEqual(self.names(try load(p, ""), relativeTo: p), expected)
    }

    func testRecursiveOrderIsDepthFirstWithSortedDirectories() throws {
        let p = try TempProject()
        for name in ["z_root.py", "a_root.py", "b/2.py", "b/1.py", "b/a/x.py", "a/y.py", "a/__pycache__/q.cpython-311.pyc", "__pycache__/w.py"] {
            try p.write("m/versions/" + name)
        }
        XCTAssertEqual(names(try load(p, "recursive_version_locations = true\n"), relativeTo: p), [
            "m/versions/a_root.py", "m/versions/z_root.py", "m/versions/a/y.py",
            "m/versions/b/1.py", "m/versions/b/2.py", "m/versions/b/a/x.py",
        ])
    }

    func testVersionLocationsInOrderMissingOnesSkippedDuplicatesOnce() throws {
        let p = try TempProject()
        try p.write("m/versions/a.py")
        try p.write("extra/b.py")
        let scripts = try load(p, "version_locations = %(here)s/extra:%(here)s/missing:%(here)s/m/versions:%(here)s/extra\n")
        XCTAssertEqual(names(scripts, relativeTo: p), ["extra/b.py", "m/versions/a.py"])
    }

    func testSourcelessPycFiles() throws {
        let p = try TempProject()
        try p.write("m/versions/has_source.py")
        try p.write("m/versions/__pycache__/has_source.cpython-311.pyc")
        try p.write("m/versions/__pycache__/gone.cpython-311.pyc")
        try p.write("m/versions/legacy.pyc")
        try p.write("m/versions/both.pyc")
        try p.write("m/versions/both.pyo")
        try p.write("m/versions/only.pyo")
        try p.write("m/versions/kept.py")
        try p.write("m/versions/kept.pyc")
        XCTAssertEqual(names(try load(p, "sourceless = true\n"), relativeTo: p), [
            "m/versions/both.pyc (pyc)", "m/versions/has_source.py", "m/versions/kept.py",
            "m/versions/legacy.pyc (pyc)", "m/versions/only.pyo (pyc)", "m/versions/__pycache__/gone.cpython-311.pyc (pyc)",
        ])
        // Without sourceless only .py files count.
        XCTAssertEqual(names(try load(p, ""), relativeTo: p), ["m/versions/has_source.py", "m/versions/kept.py"])
    }

    func testSymlinkedScriptReportedByRealPath() throws {
        let p = try TempProject()
        try p.write("elsewhere/real_rev.py")
        try p.mkdir("m/versions")
        try FileManager.default.createSymbolicLink(atPath: p.path("m/versions/link_rev.py"),
                                                   withDestinationPath: p.path("elsewhere/real_rev.py"))
        XCTAssertEqual(names(try load(p, ""), relativeTo: p), ["elsewhere/real_rev.py"])
    }

    func testMissingVersionsDirectoryGivesNoScripts() throws {
        // Alembic filters version locations with Path.exists(): no error, no scripts.
        let p = try TempProject()
        try p.mkdir("m")
        let config = try ProjectLoader.load(p.options().with { $0.scriptLocation = "m" })
        XCTAssertEqual(try ScriptDiscovery.scripts(in: config), [])
        XCTAssertTrue(config.notes.contains("warning: version location \(p.path("m/versions")) does not exist; Alembic skips it, so no scripts are read from it"))
    }

    func testScriptDirectoryRemovedAfterLoading() throws {
        let p = try TempProject()
        let config = ProjectConfiguration(scriptDirectory: p.path("gone"), versionLocations: [p.path("gone/versions")])
        assertProjectError(
            "Path doesn't exist: \(p.path("gone")).  Please use the 'init' command to create a new scripts folder."
        ) { _ = try ScriptDiscovery.scripts(in: config) }
    }
}

extension ProjectOptions {
    /// A copy changed by `change`, for one-line option tweaks in tests.
    func with(_ change: (inout ProjectOptions) -> Void) -> ProjectOptions {
        var copy = self
        change(&copy)
        return copy
    }
}
