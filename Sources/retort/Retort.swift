import ArgumentParser
import Browser
import MigrationCore

#if canImport(Glibc)
    import Glibc
#endif

/// The `retort` command: a terminal browser and runner for Alembic migration histories.
@main
struct Retort: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retort",
        abstract: "A terminal browser and runner for Alembic migration histories.",
        discussion: "Reads an Alembic project as it is (alembic.ini, pyproject.toml, versions/*.py) without running it.",
        subcommands: [
            HistoryCommandLine.self, HeadsCommandLine.self, BranchesCommandLine.self, ShowCommandLine.self,
            CurrentCommandLine.self, EnvCommandLine.self,
            GraphCommandLine.self, CheckCommandLine.self, OpsCommandLine.self, SQLCommandLine.self,
            UpgradeCommandLine.self, DowngradeCommandLine.self, StampCommandLine.self, MergeCommandLine.self,
            SchemaCommandLine.self, DiffCommandLine.self, DriftCommandLine.self, LintCommandLine.self,
            DemoCommandLine.self,
        ])

    @OptionGroup var project: ProjectArguments

    @OptionGroup var appearance: ThemeArguments

    /// With no command, the browser opens on a terminal; elsewhere, the help.
    func run() throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw CleanExit.helpRequest(self) }
        do {
            var settings = BrowserApp.Settings(
                project: project.options, themeName: appearance.theme, environment: project.options.environment,
                databaseURL: project.url)
            settings.python = project.python
            settings.xArguments = project.xArguments
            settings.engine = try project.engineChoice()
            try BrowserApp.run(settings)
        } catch let error as CommandFailure {
            throw error
        } catch {
            throw CommandFailure(.project, "\(error)")
        }
    }

    static func main() {
        let arguments = ArgumentSplitter.split(Array(CommandLine.arguments.dropFirst()))
        var errors = StandardError()
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let failure as CommandFailure {
            print("FAILED: \(failure.message)", to: &errors)
            exit(withError: ExitCode(failure.status.rawValue))
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                // DESIGN.md: a usage error exits 1 (ArgumentParser's default is 64).
                print(fullMessage(for: error), to: &errors)
                exit(withError: ExitCode(CommandFailure.Status.usage.rawValue))
            }
            exit(withError: error)
        }
    }
}

/// Splits argparse-style attached values (`-r-1:head`, `-cfile.ini`) into two arguments,
/// which Alembic users write and ArgumentParser does not read.
enum ArgumentSplitter {
    static let valueTakingShortOptions: Set<Character> = ["r", "c", "n", "x"]

    static func split(_ arguments: [String]) -> [String] {
        var output: [String] = []
        for argument in arguments {
            let chars = Array(argument)
            if chars.count > 2, chars[0] == "-", chars[1] != "-", valueTakingShortOptions.contains(chars[1]) {
                output.append(String(chars[0...1]))
                output.append(String(chars[2...]))
            } else {
                output.append(argument)
            }
        }
        return output
    }
}
