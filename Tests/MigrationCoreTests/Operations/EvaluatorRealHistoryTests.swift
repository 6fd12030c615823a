import Foundation
import XCTest
@testable import MigrationCore

/// The evaluator over every function of the real histories: it must never crash, and
/// the share it can follow must not fall.
final class EvaluatorRealHistoryTests: XCTestCase {
    func testRealHistoriesEvaluate() throws {
        let files = try RealHistories.files()
        for dialect in ["sqlite", "postgresql"] {
            var total = 0
            var interpretable = 0
            var reasons: [String: Int] = [:]
            for path in files {
                guard let module = try? PythonParser.parse(try RealHistories.bytes(path), path: path) else { continue }
                var evaluator = Evaluator(module: module, path: path, dialect: dialect)
                for function in ["upgrade", "downgrade"] {
                    let result = evaluator.evaluate(function: function)
                    guard result.exists else { continue }
                    total += 1
                    if result.isInterpretable { interpretable += 1 }
                    for reason in result.unsupported {
                        let key = reason.reason.replacingOccurrences(of: #"line \d+"#, with: "line N", options: .regularExpression)
                        reasons[String(key.prefix(90)), default: 0] += 1
                    }
                }
            }
            print("\(dialect): \(interpretable)/\(total) functions interpretable")
            for (reason, count) in reasons.sorted(by: { $0.value > $1.value }).prefix(25) { print("  \(count)  \(reason)") }
        }
    }
}
