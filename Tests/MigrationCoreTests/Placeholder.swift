import XCTest
@testable import MigrationCore
