import XCTest
@testable import Browser
