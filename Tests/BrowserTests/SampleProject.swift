import Foundation
import MigrationCore

/// The sample project (`DemoProject`), written once per test run into a temporary
/// directory that the tests share and do not change (those that change it copy it).
enum SampleProject {
    static let directory: URL = {
        do {
            return URL(fileURLWithPath: try DemoProject.writeTemporary(prefix: "retort-sample"))
        } catch {
            fatalError("cannot write the sample project: \(error)")
        }
    }()

    static var ini: URL { directory.appendingPathComponent("alembic.ini") }
}
