/// An error reading an Alembic project's configuration or scripts.
///
/// The message names the file (and, where it applies, the section, key or line)
/// so a user can find the problem without a stack trace; `description` is that
/// one-line message.
public struct ProjectError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The complete one-line message shown to the user.
    public var message: String
    /// The file the problem is in, when there is one.
    public var file: String?
    /// The 1-based line in `file`, when known.
    public var line: Int?

    public init(_ message: String, file: String? = nil, line: Int? = nil) {
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { message }
}

/// Python's `repr()` of a string, used so messages read like ConfigParser's.
func pythonRepr(_ text: String) -> String {
    // Python prefers single quotes and switches to double quotes only when that
    // avoids escaping.
    let quote: Character = (text.contains("'") && !text.contains("\"")) ? "\"" : "'"
    var out = String(quote)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if Character(scalar) == quote {
                out += "\\" + String(quote)
            } else if scalar.value < 0x20 || scalar.value == 0x7F {
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    out.append(quote)
    return out
}
