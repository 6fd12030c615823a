/// Python arithmetic on the evaluator's 64-bit integers, and the sizes it refuses to
/// build: a script is data, and `"x" * 10**12`, a doubling loop or `2**100` must end in
/// a clear reason, not a trap, a hang or a silently different value.
extension Evaluator {
    /// The longest string the evaluator builds, in UTF-8 bytes (10 MB, as reasons say).
    static let maxStringLength = 10_000_000
    /// The most items a list or tuple it builds may hold (as reasons say).
    static let maxItems = 100_000

    enum IntegerResult: Equatable {
        case value(Int)
        /// Python would give a larger integer than 64 bits hold.
        case tooLarge
        /// Not an integer operation (or a ZeroDivisionError): left to the caller.
        case undefined
    }

    /// `a op b` with Python's semantics (floor division and modulo round toward minus
    /// infinity, shifts and powers are exact), or `.tooLarge` past 64 bits.
    static func integer(_ a: Int, _ op: BinaryOperator, _ b: Int) -> IntegerResult {
        func checked(_ result: (partialValue: Int, overflow: Bool)) -> IntegerResult {
            result.overflow ? .tooLarge : .value(result.partialValue)
        }
        switch op {
        case .add: return checked(a.addingReportingOverflow(b))
        case .sub: return checked(a.subtractingReportingOverflow(b))
        case .mult: return checked(a.multipliedReportingOverflow(by: b))
        case .floorDiv, .mod:
            guard b != 0 else { return .undefined }
            let (quotient, overflow) = a.dividedReportingOverflow(by: b)
            if overflow { return op == .mod ? .value(0) : .tooLarge }  // Int.min // -1
            let remainder = a - quotient * b
            let adjust = remainder != 0 && ((remainder < 0) != (b < 0))
            return op == .floorDiv ? .value(adjust ? quotient - 1 : quotient) : .value(adjust ? remainder + b : remainder)
        case .pow:
            guard b >= 0 else { return .undefined }  // a float in Python
            if a == 0 || a == 1 { return .value(b == 0 ? 1 : a) }
            if a == -1 { return .value(b % 2 == 0 ? 1 : -1) }
            var result = 1
            for _ in 0..<b {  // with |a| >= 2 this overflows within 63 steps
                let (product, overflow) = result.multipliedReportingOverflow(by: a)
                if overflow { return .tooLarge }
                result = product
            }
            return .value(result)
        case .lShift:
            guard b >= 0 else { return .undefined }  // ValueError in Python
            if a == 0 { return .value(0) }
            guard b < 63, (a << b) >> b == a else { return .tooLarge }
            return .value(a << b)
        case .rShift:
            guard b >= 0 else { return .undefined }
            return .value(a >> min(b, 63))
        case .bitOr: return .value(a | b)
        case .bitAnd: return .value(a & b)
        case .bitXor: return .value(a ^ b)
        case .div, .matMult: return .undefined
        }
    }

    /// A string result, or the reason it is not built.
    func sized(_ text: String, line: Int) -> PyValue {
        text.utf8.count <= Self.maxStringLength ? .string(text) : tooLong(line)
    }

    func tooLong(_ line: Int) -> PyValue {
        .unknown(unsupportedHere(line, "a string of more than 10 MB"))
    }

    func tooMany(_ line: Int) -> PyValue {
        .unknown(unsupportedHere(line, "a list of more than 100,000 items"))
    }
}
