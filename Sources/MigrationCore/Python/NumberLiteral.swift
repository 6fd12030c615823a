/// Values of number tokens: ints (big ones as decimal text), floats and imaginary numbers.
extension Parser {
    /// The constant a number token spells; the tokenizer has already checked its form.
    func numberValue(_ t: Token) throws -> Constant {
        // Fast path: short plain decimal integers, the common case.
        if t.end - t.start <= 18 {
            var value = 0
            var plain = true
            for i in t.start..<t.end {
                let c = src[i]
                guard c >= 0x30 && c <= 0x39 else { plain = false; break }
                value = value * 10 + Int(c - 0x30)
            }
            if plain { return .int(value) }
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(t.end - t.start)
        var isFloat = false
        var isImaginary = false
        let isHex = t.end - t.start > 2 && src[t.start] == UInt8(ascii: "0") && src[t.start + 1] | 0x20 == UInt8(ascii: "x")
        for i in t.start..<t.end {
            let c = src[i]
            if c == UInt8(ascii: "_") { continue }
            if !isHex {
                switch c | 0x20 {
                case UInt8(ascii: "j"): isImaginary = true; continue
                case UInt8(ascii: "."), UInt8(ascii: "e"): isFloat = true
                default: break
                }
            }
            digits.append(c)
        }
        let text = String(decoding: digits, as: UTF8.self)
        if isImaginary || isFloat {
            guard let value = Double(text) else { throw error("invalid number literal", at: t) }
            return isImaginary ? .imaginary(value) : .float(value)
        }
        var radix = 10
        var body = digits[...]
        if digits.count > 2 && digits[0] == UInt8(ascii: "0") {
            switch digits[1] | 0x20 {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: break
            }
            if radix != 10 { body = digits[2...] }
        }
        if let value = Int(String(decoding: body, as: UTF8.self), radix: radix) { return .int(value) }
        return .bigInt(Parser.decimalDigits(body, radix: radix))
    }

    /// Converts digits in `radix` to decimal text, for integers beyond `Int`.
    static func decimalDigits(_ digits: ArraySlice<UInt8>, radix: Int) -> String {
        if radix == 10 {
            let trimmed = digits.drop { $0 == UInt8(ascii: "0") }
            return trimmed.isEmpty ? "0" : String(decoding: trimmed, as: UTF8.self)
        }
        // Little-endian limbs in base 10^9.
        var limbs: [UInt64] = [0]
        let base: UInt64 = 1_000_000_000
        for c in digits {
            let lower = c | 0x20
            let d = UInt64(lower >= UInt8(ascii: "a") ? lower - UInt8(ascii: "a") + 10 : c - UInt8(ascii: "0"))
            var carry = d
            for k in 0..<limbs.count {
                let v = limbs[k] * UInt64(radix) + carry
                limbs[k] = v % base
                carry = v / base
            }
            while carry > 0 { limbs.append(carry % base); carry /= base }
        }
        var text = String(limbs.last ?? 0)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }
}
