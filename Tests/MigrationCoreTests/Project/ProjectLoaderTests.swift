import XCTest
@testable import MigrationCore

final class ProjectLoaderTests: XCTestCase {
    // MARK: Whole configurations

    func testStandardIniResolvesEverything() throws {
        let p = try TempProject()
        try p.write("alembic.ini", """
            [alembic]
            script_location = %(here)s/migrations
            prepend_sys_path = .
            path_separator = os
            file_template = %%(year)d_%%(rev)s_%%(slug)s
            truncate_slug_length = 20
            timezone = UTC
            sqlalchemy.url = postgresql://u:p%%40ss@localhost/db

            [loggers]
            keys = root
            """)
        try p.mkdir("migrations/versions")
        let config = try ProjectLoader.load(p.options())
        XCTAssertEqual(config.configFile, p.path("alembic.ini"))
        XCTAssertNil(config.pyprojectFile)
        XCTAssertEqual(config.scriptDirectory, p.path("migrations"))
        XCTAssertEqual(config.versionLocations, [p.path("migrations/versions")])
        XCTAssertFalse(config.recursiveVersionLocations)
        XCTAssertFalse(config.sourceless)
        XCTAssertEqual(config.fileTemplate, "%(year)d_%(rev)s_%(slug)s")
        XCTAssertEqual(config.truncateSlugLength, 20)
        XCTAssertEqual(config.timezone, "UTC")
        XCTAssertEqual(config.sqlalchemyURL, "postgresql://u:p%40ss@localhost/db")
        XCTAssertNil(config.sqlalchemyURLError)
        XCTAssertEqual(config.prependSysPath, [p.path("")])
        XCTAssertEqual(config.notes, ["Using config file \(p.path("alembic.ini"))"])
    }

    func testDefaultsWhenKeysAbsent() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
        try p.mkdir("migrations/versions")
        let config = try ProjectLoader.load(p.options())
        XCTAssertEqual(config.fileTemplate, "%(rev)s_%(slug)s")
        XCTAssertEqual(config.truncateSlugLength, 40)
        XCTAssertNil(config.timezone)
        XCTAssertNil(config.sqlalchemyURL)
        XCTAssertEqual(config.prependSysPath, [])
    }

    func testRelativeScriptLocationIsRelativeToCurrentDirectoryNotIni() throws {
        // Alembic hands the text to pathlib unchanged, so it resolves against the cwd.
        let p = try TempProject()
        try p.write("conf/alembic.ini", "[alembic]\nscript_location = migrations\n")
        try p.mkdir("migrations/versions")
        try p.mkdir("conf/migrations/versions")
        let config = try ProjectLoader.load(p.options(configFiles: ["conf/alembic.ini"]))
        XCTAssertEqual(config.configFile, p.path("conf/alembic.ini"))
        XCTAssertEqual(config.scriptDirectory, p.path("migrations"))
    }

    func testBooleansNeedExactlyTrueInIni() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = m\nsourceless = True\nrecursive_version_locations = true\n")
        try p.mkdir("m/versions")
        let config = try ProjectLoader.load(p.options())
        XCTAssertFalse(config.sourceless)
        XCTAssertTrue(config.recursiveVersionLocations)
    }

    func testTruncateSlugLengthZeroMeansDefaultAndPythonIntSyntax() throws {
        let p = try TempProject()
        try p.mkdir("m/versions")
        try p.write("alembic.ini", "[alembic]\nscript_location = m\ntruncate_slug_length = 0\n")
        XCTAssertEqual(try ProjectLoader.load(p.options()).truncateSlugLength, 40)
        try p.write("alembic.ini", "[alembic]\nscript_location = m\ntruncate_slug_length =  +1_2 \n")
        XCTAssertEqual(try ProjectLoader.load(p.options()).truncateSlugLength, 12)
    }

    func testRecursiveOptionTurnsRecursionOn() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = m\n")
        try p.mkdir("m/versions")
        var options = p.options()
        options.recursive = true
        XCTAssertTrue(try ProjectLoader.load(options).recursiveVersionLocations)
    }

    func testSectionNameOption() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = a\n[second]\nscript_location = b\n")
        try p.mkdir("a/versions")
        try p.mkdir("b/versions")
        var options = p.options()
        options.sectionName = "second"
        XCTAssertEqual(try ProjectLoader.load(options).scriptDirectory, p.path("b"))
    }

    // MARK: version_locations splitting

    private func versionLocations(separator: String?, value: String) throws -> (TempProject, ProjectConfiguration) {
        let p = try TempProject()
        let sep = separator.map { "path_separator = \($0)\n" } ?? ""
        try p.write("alembic.ini", "[alembic]\nscript_location = m\n\(sep)version_locations = \(value)\n")
        try p.mkdir("m/versions")
        return (p, try ProjectLoader.load(p.options()))
    }

    func testPathSeparatorOs() throws {
        let (p, config) = try versionLocations(separator: "os", value: "a: b :%(here)s/c")
        XCTAssertEqual(config.versionLocations, [p.path("a"), p.path("b"), p.path("c")])
    }

    func testPathSeparatorColonAndSemicolon() throws {
        let (p, config) = try versionLocations(separator: ":", value: "a:b")
        XCTAssertEqual(config.versionLocations, [p.path("a"), p.path("b")])
        let (q, config2) = try versionLocations(separator: ";", value: "a b;c")
        XCTAssertEqual(config2.versionLocations, [q.path("a b"), q.path("c")])
    }

    func testPathSeparatorSpaceAndNewline() throws {
        let (p, config) = try versionLocations(separator: "space", value: "a  b,c")
        // Splitting on single spaces leaves an empty piece between the two spaces, which
        // Alembic drops; commas are ordinary characters here.
        XCTAssertEqual(config.versionLocations, [p.path("a"), p.path("b,c")])
        let (q, config2) = try versionLocations(separator: "newline", value: "\n  a b\n  c")
        XCTAssertEqual(config2.versionLocations, [q.path("a b"), q.path("c")])
    }

    func testLegacySplitWithoutPathSeparator() throws {
        let (p, config) = try versionLocations(separator: nil, value: "a, b  c,d")
        XCTAssertEqual(config.versionLocations, [p.path("a"), p.path("b"), p.path("c"), p.path("d")])
        XCTAssertTrue(config.notes.contains(
            "No path_separator found in configuration; falling back to legacy splitting on spaces/commas for version_locations.  Consider adding path_separator=os to Alembic config."))
    }

    func testLegacyVersionPathSeparatorStillHonoured() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = m\nversion_path_separator = ;\nversion_locations = a;b c\n")
        try p.mkdir("m/versions")
        let config = try ProjectLoader.load(p.options())
        XCTAssertEqual(config.versionLocations, [p.path("a"), p.path("b c")])
        XCTAssertTrue(config.notes.contains(
            "The version_path_separator configuration parameter is deprecated; please use path_separator"))
    }

    func testBadPathSeparator() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = m\npath_separator = comma\nversion_locations = a\n")
        try p.mkdir("m/versions")
        assertProjectError(
            "'comma' is not a valid value for path_separator; expected 'space', 'newline', 'os', ':', ';' (in section [alembic] of \(p.path("alembic.ini")))"
        ) { _ = try ProjectLoader.load(p.options()) }
    }

    func testVersionLocationsReplaceDefaultUnlessListed() throws {
        let (p, config) = try versionLocations(separator: "os", value: "%(here)s/m/versions:%(here)s/extra")
        XCTAssertEqual(config.versionLocations, [p.path("m/versions"), p.path("extra")])
        let (q, config2) = try versionLocations(separator: "os", value: "extra")
        XCTAssertEqual(config2.versionLocations, [q.path("extra")])
        XCTAssertTrue(config2.notes.contains("warning: version location \(q.path("extra")) does not exist; Alembic skips it, so no scripts are read from it"))
    }

    func testPrependSysPathLegacySplitIncludesColons() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = m\nprepend_sys_path = src:lib, .\n")
        try p.mkdir("m/versions")
        let config = try ProjectLoader.load(p.options())
        XCTAssertEqual(config.prependSysPath, [p.path("src"), p.path("lib"), p.path("")])
    }

    // MARK: pyproject.toml

    func testPyprojectOnly() throws {
        let p = try TempProject()
        try p.write("pyproject.toml", """
            [project]
            name = "x"
            dependencies = ["alembic"]

            [tool.alembic]
            script_location = "%(here)s/alembic"
            version_locations = ["%(here)s/alembic/versions", "other"]
            prepend_sys_path = ["."]
            file_template = "%%(rev)s"
            truncate_slug_length = 30
            sourceless = true
            recursive_version_locations = true
            timezone = "Europe/Paris"
            """)
        try p.mkdir("alembic/versions")
        let config = try ProjectLoader.load(p.options())
        XCTAssertNil(config.configFile)
        XCTAssertEqual(config.pyprojectFile, p.path("pyproject.toml"))
        XCTAssertEqual(config.scriptDirectory, p.path("alembic"))
        XCTAssertEqual(config.versionLocations, [p.path("alembic/versions"), p.path("other")])
        XCTAssertEqual(config.prependSysPath, [p.path("")])
        XCTAssertEqual(config.fileTemplate, "%(rev)s")
        XCTAssertEqual(config.truncateSlugLength, 30)
        XCTAssertTrue(config.sourceless)
        XCTAssertTrue(config.recursiveVersionLocations)
        XCTAssertEqual(config.timezone, "Europe/Paris")
        XCTAssertNil(config.sqlalchemyURL)
        XCTAssertEqual(config.notes.first, "Using [tool.alembic] from \(p.path("pyproject.toml"))")
    }

    func testPyprojectBooleanMustBeBoolean() throws {
        let p = try TempProject()
        try p.write("pyproject.toml", "[tool.alembic]\nscript_location = \"m\"\nsourceless = \"true\"\n")
        try p.mkdir("m/versions")
        assertProjectError(
            "boolean value expected for TOML parameter 'sourceless' (in \(p.path("pyproject.toml")))"
        ) { _ = try ProjectLoader.load(p.options()) }
    }

    func testIniWinsOverPyproject() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = from_ini\nsourceless = false\n")
        try p.write("pyproject.toml", """
            [tool.alembic]
            script_location = "from_toml"
            sourceless = true
            timezone = "UTC"
            version_locations = ["%(here)s/tv"]
            """)
        try p.mkdir("from_ini/versions")
        let config = try ProjectLoader.load(p.options())
        XCTAssertEqual(config.configFile, p.path("alembic.ini"))
        XCTAssertEqual(config.pyprojectFile, p.path("pyproject.toml"))
        XCTAssertEqual(config.scriptDirectory, p.path("from_ini"))
        XCTAssertFalse(config.sourceless)
        XCTAssertEqual(config.timezone, "UTC")
        XCTAssertEqual(config.versionLocations, [p.path("tv")])
    }

    func testPyprojectComesFromCurrentDirectoryNotIniDirectory() throws {
        let p = try TempProject()
        try p.write("proj/alembic.ini", "[alembic]\n")
        try p.write("proj/pyproject.toml", "[tool.alembic]\nscript_location = \"%(here)s/m\"\n")
        try p.write("pyproject.toml", "[tool.alembic]\nscript_location = \"%(here)s/top\"\n")
        try p.mkdir("top/versions")
        let config = try ProjectLoader.load(p.options(configFiles: ["proj/alembic.ini"]))
        XCTAssertEqual(config.pyprojectFile, p.path("pyproject.toml"))
        XCTAssertEqual(config.scriptDirectory, p.path("top"))
    }

    func testExplicitIniAndPyproject() throws {
        let p = try TempProject()
        try p.write("a/custom.ini", "[alembic]\ntimezone = UTC\n")
        try p.write("b/pyproject.toml", "[tool.alembic]\nscript_location = \"%(here)s/m\"\n")
        try p.mkdir("b/m/versions")
        let config = try ProjectLoader.load(p.options(configFiles: ["b/pyproject.toml", "a/custom.ini"]))
        XCTAssertEqual(config.configFile, p.path("a/custom.ini"))
        XCTAssertEqual(config.pyprojectFile, p.path("b/pyproject.toml"))
        XCTAssertEqual(config.scriptDirectory, p.path("b/m"))
        XCTAssertEqual(config.timezone, "UTC")
    }

    func testTwoInisOrTwoPyprojectsRejected() throws {
        let p = try TempProject()
        assertProjectError("only one ini file may be indicated") {
            _ = try ProjectLoader.load(p.options(configFiles: ["a.ini", "b.ini"]))
        }
        assertProjectError("pyproject.toml indicated more than once") {
            _ = try ProjectLoader.load(p.options(configFiles: ["pyproject.toml", "x/pyproject.toml"]))
        }
    }

    func testMissingExplicitConfigFile() throws {
        let p = try TempProject()
        assertProjectError("Config file not found: \(p.path("nope.ini")) (given with -c/--config)") {
            _ = try ProjectLoader.load(p.options(configFiles: ["nope.ini"]))
        }
    }

    // MARK: Discovery order

    func testAlembicConfigEnvironment() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = wrong\n")
        try p.write("conf/prod.ini", "[alembic]\nscript_location = %(here)s/m\n")
        try p.mkdir("conf/m/versions")
        var options = p.options()
        options.environment = ["ALEMBIC_CONFIG": "conf/prod.ini"]
        let config = try ProjectLoader.load(options)
        XCTAssertEqual(config.configFile, p.path("conf/prod.ini"))
        XCTAssertEqual(config.scriptDirectory, p.path("conf/m"))
    }

    func testAlembicConfigNamingPyproject() throws {
        let p = try TempProject()
        try p.write("sub/pyproject.toml", "[tool.alembic]\nscript_location = \"%(here)s/m\"\n")
        try p.mkdir("sub/m/versions")
        var options = p.options()
        options.environment = ["ALEMBIC_CONFIG": p.path("sub/pyproject.toml")]
        let config = try ProjectLoader.load(options)
        XCTAssertNil(config.configFile)
        XCTAssertEqual(config.pyprojectFile, p.path("sub/pyproject.toml"))
        XCTAssertEqual(config.scriptDirectory, p.path("sub/m"))
    }

    func testFlaskMigrateFallbackIni() throws {
        // Flask-Migrate: migrations/alembic.ini with no script_location, env.py and versions/ beside it.
        let p = try TempProject()
        try p.write("migrations/alembic.ini", "# A generic, single database configuration.\n\n[alembic]\n# template used to generate migration files\n# file_template = %%(rev)s_%%(slug)s\n\n[loggers]\nkeys = root\n")
        try p.write("migrations/env.py", "")
        try p.mkdir("migrations/versions")
        let config = try ProjectLoader.load(p.options())
        XCTAssertEqual(config.configFile, p.path("migrations/alembic.ini"))
        XCTAssertEqual(config.scriptDirectory, p.path("migrations"))
        XCTAssertEqual(config.versionLocations, [p.path("migrations/versions")])
        XCTAssertEqual(config.notes, [
            "Using config file \(p.path("migrations/alembic.ini")) (Flask-Migrate layout)",
            "No script_location in \(p.path("migrations/alembic.ini")); using its directory, which holds env.py and versions/ (Flask-Migrate layout)",
        ])
    }

    func testFlaskMigrateLayoutWithExplicitIni() throws {
        let p = try TempProject()
        try p.write("db/alembic.ini", "[alembic]\n")
        try p.write("db/env.py", "")
        try p.mkdir("db/versions")
        let config = try ProjectLoader.load(p.options(configFiles: ["db/alembic.ini"]))
        XCTAssertEqual(config.scriptDirectory, p.path("db"))
    }

    func testPlainAlembicIniBeatsFlaskFallback() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = top\n")
        try p.mkdir("top/versions")
        try p.write("migrations/alembic.ini", "[alembic]\n")
        XCTAssertEqual(try ProjectLoader.load(p.options()).configFile, p.path("alembic.ini"))
    }

    func testScriptLocationOptionWithoutConfig() throws {
        let p = try TempProject()
        try p.mkdir("m/versions")
        var options = p.options()
        options.scriptLocation = "m"
        let config = try ProjectLoader.load(options)
        XCTAssertNil(config.configFile)
        XCTAssertNil(config.pyprojectFile)
        XCTAssertEqual(config.scriptDirectory, p.path("m"))
        XCTAssertEqual(config.versionLocations, [p.path("m/versions")])
    }

    func testScriptLocationOptionOverridesConfig() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = %(bad\ntimezone = UTC\n")
        try p.mkdir("m/versions")
        var options = p.options()
        options.scriptLocation = p.path("m")
        let config = try ProjectLoader.load(options)
        XCTAssertEqual(config.scriptDirectory, p.path("m"))
        XCTAssertEqual(config.timezone, "UTC")
    }

    func testVersionLocationOptionWithoutConfig() throws {
        let p = try TempProject()
        try p.mkdir("v1")
        var options = p.options()
        options.versionLocations = ["v1", p.path("v2")]
        let config = try ProjectLoader.load(options)
        XCTAssertNil(config.scriptDirectory)
        XCTAssertEqual(config.versionLocations, [p.path("v1"), p.path("v2")])
    }

    func testVersionLocationOptionReplacesConfig() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = m\npath_separator = os\nversion_locations = a:b\n")
        try p.mkdir("m/versions")
        var options = p.options()
        options.versionLocations = ["only"]
        XCTAssertEqual(try ProjectLoader.load(options).versionLocations, [p.path("only")])
    }

    // MARK: package:path

    func testPackageResourceOnPrependSysPath() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = myapp.db:migrations\nprepend_sys_path = src\npath_separator = os\n")
        try p.write("src/myapp/__init__.py")
        try p.write("src/myapp/db/__init__.py")
        try p.mkdir("src/myapp/db/migrations/versions")
        let config = try ProjectLoader.load(p.options())
        XCTAssertEqual(config.scriptDirectory, p.path("src/myapp/db/migrations"))
        XCTAssertEqual(config.notes, ["Using config file \(p.path("alembic.ini"))"])
    }

    func testPackageResourceWithSubdirectoriesFoundInCurrentDirectory() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = pkg:sub:dir\n")
        try p.write("pkg/__init__.py")
        try p.mkdir("pkg/sub/dir/versions")
        let config = try ProjectLoader.load(p.options())
        XCTAssertEqual(config.scriptDirectory, p.path("pkg/sub/dir"))
        XCTAssertTrue(config.notes.contains(
            "Package 'pkg' found at \(p.path("pkg")), which is not on prepend_sys_path; Alembic finds it there only if the package is installed"))
    }

    func testPackageResourceVersionLocation() throws {
        // With path_separator = os the ':' of "pkg:versions" would split it, so use ';'.
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = m\nprepend_sys_path = .\npath_separator = ;\nversion_locations = pkg:versions\n")
        try p.write("pkg/__init__.py")
        try p.mkdir("pkg/versions")
        try p.mkdir("m")
        XCTAssertEqual(try ProjectLoader.load(p.options()).versionLocations, [p.path("pkg/versions")])
    }

    // MARK: Errors with exact messages

    func testNoConfigurationFound() throws {
        let p = try TempProject()
        let cwd = p.path("")
        assertProjectError(
            "No Alembic configuration found: looked for \(cwd)/alembic.ini, \(cwd)/pyproject.toml (with [tool.alembic]), \(cwd)/migrations/alembic.ini. Use -c to name the config file, or --script-location to name the migrations directory."
        ) { _ = try ProjectLoader.load(p.options()) }
    }

    func testPyprojectWithoutToolAlembicIsNotAConfiguration() throws {
        let p = try TempProject()
        try p.write("pyproject.toml", "[project]\nname = \"x\"\n")
        XCTAssertThrowsError(try ProjectLoader.load(p.options()))
    }

    func testMissingAlembicSection() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembics]\nscript_location = m\n")
        assertProjectError(
            "No 'script_location' key found in configuration: \(p.path("alembic.ini")) has no [alembic] section. Use --script-location to give the migrations directory."
        ) { _ = try ProjectLoader.load(p.options()) }
    }

    func testMissingNamedSection() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = m\n")
        var options = p.options()
        options.sectionName = "tenant"
        assertProjectError(
            "No 'script_location' key found in configuration: \(p.path("alembic.ini")) has no [tenant] section. Use --script-location to give the migrations directory."
        ) { _ = try ProjectLoader.load(options) }
    }

    func testMissingScriptLocation() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nsqlalchemy.url = sqlite://\n")
        try p.write("pyproject.toml", "[tool.alembic]\ntimezone = \"UTC\"\n")
        assertProjectError(
            "No 'script_location' key found in configuration: no script_location in section [alembic] of \(p.path("alembic.ini")), and no script_location in [tool.alembic] of \(p.path("pyproject.toml")). Use --script-location to give the migrations directory."
        ) { _ = try ProjectLoader.load(p.options()) }
    }

    func testBadInterpolationInScriptLocation() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = %(root)s/migrations\n")
        assertProjectError(
            "Bad value substitution: option 'script_location' in section 'alembic' contains an interpolation key 'root' which is not a valid option name. Raw value: '%(root)s/migrations' (in \(p.path("alembic.ini")))"
        ) { _ = try ProjectLoader.load(p.options()) }
    }

    func testBadInterpolationInSqlalchemyURLIsNotFatal() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = m\nsqlalchemy.url = postgresql://u:p%40ss@h/db\n")
        try p.mkdir("m/versions")
        let config = try ProjectLoader.load(p.options())
        XCTAssertNil(config.sqlalchemyURL)
        XCTAssertEqual(config.sqlalchemyURLError?.message,
            "'%' must be followed by '%' or '(', found: '%40ss@h/db': option 'sqlalchemy.url' in section 'alembic' (in \(p.path("alembic.ini")))")
    }

    func testMissingScriptDirectory() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
        assertProjectError(
            "Path doesn't exist: \(p.path("migrations")).  Please use the 'init' command to create a new scripts folder."
        ) { _ = try ProjectLoader.load(p.options()) }
    }

    func testUnknownPackage() throws {
        let p = try TempProject()
        try p.write("conf/alembic.ini", "[alembic]\nscript_location = nopkg:migrations\nprepend_sys_path = src\npath_separator = os\n")
        assertProjectError(
            "Can't find package 'nopkg' for script_location 'nopkg:migrations' in \(p.path("conf/alembic.ini")); looked for \(p.path("src/nopkg")), \(p.path("nopkg")), \(p.path("conf/nopkg")). Use --script-location to give the directory."
        ) { _ = try ProjectLoader.load(p.options(configFiles: ["conf/alembic.ini"])) }
    }

    func testBadTOML() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = m\n")
        try p.write("pyproject.toml", "[tool.alembic]\nscript_location = \"m\n")
        assertProjectError(
            "Invalid TOML in \(p.path("pyproject.toml")) (line 2, column 19): unterminated string"
        ) { _ = try ProjectLoader.load(p.options()) }
    }

    func testBadTruncateSlugLength() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = m\ntruncate_slug_length = forty\n")
        try p.mkdir("m/versions")
        assertProjectError(
            "Bad truncate_slug_length in section [alembic] of \(p.path("alembic.ini")): invalid literal for int() with base 10: 'forty'"
        ) { _ = try ProjectLoader.load(p.options()) }
        try p.write("alembic.ini", "[alembic]\nscript_location = m\n")
        try p.write("pyproject.toml", "[tool.alembic]\ntruncate_slug_length = \"4 0\"\n")
        assertProjectError(
            "Bad truncate_slug_length in [tool.alembic] of \(p.path("pyproject.toml")): invalid literal for int() with base 10: '4 0'"
        ) { _ = try ProjectLoader.load(p.options()) }
    }

    func testBadTOMLInterpolation() throws {
        let p = try TempProject()
        try p.write("pyproject.toml", "[tool.alembic]\nscript_location = \"%(root)s/m\"\n")
        assertProjectError(
            "[tool.alembic] key 'script_location' in \(p.path("pyproject.toml")): KeyError 'root' in '%(root)s/m'"
        ) { _ = try ProjectLoader.load(p.options()) }
    }
}
