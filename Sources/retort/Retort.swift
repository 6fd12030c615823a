import ArgumentParser

@main
struct Retort: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retort",
        abstract: "A terminal browser and runner for Alembic migration histories.")
}
