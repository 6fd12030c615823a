import Foundation

/// A regular expression written as SQLAlchemy writes it for Python's `re`, run with
/// ICU's engine, whose syntax and matching agree with `re` for the patterns Retort
/// borrows (groups, lazy quantifiers, `\w`, `\s`, look-behind, `re.I`; `.` stops at a
/// line break in both unless `dotAll`).
struct PythonPattern: @unchecked Sendable {
    /// One match: the text of each group, nil for a group that took no part.
    struct Match {
        var groups: [String?]
        /// Where the whole match starts and ends in the searched text (UTF-16 offsets).
        var range: NSRange
        /// Group `i` (0 is the whole match).
        subscript(_ i: Int) -> String? { i < groups.count ? groups[i] : nil }
    }

    private let expression: NSRegularExpression

    init(_ pattern: String, ignoreCase: Bool = false, dotAll: Bool = false) {
        var options: NSRegularExpression.Options = []
        if ignoreCase { options.insert(.caseInsensitive) }
        if dotAll { options.insert(.dotMatchesLineSeparators) }
        // The patterns are constants of this module: one that does not compile is a bug.
        do {
            expression = try NSRegularExpression(pattern: pattern, options: options)
        } catch {
            preconditionFailure("bad pattern \(pattern): \(error)")
        }
    }

    /// `re.search`: the first match anywhere.
    func search(_ text: String) -> Match? {
        let ns = text as NSString
        return expression.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)).map { match(ns, $0) }
    }

    /// `re.match`: a match that starts at the beginning.
    func matchAtStart(_ text: String) -> Match? {
        let ns = text as NSString
        return expression.firstMatch(in: text, options: .anchored, range: NSRange(location: 0, length: ns.length))
            .map { match(ns, $0) }
    }

    /// `re.finditer`: every match, left to right, none overlapping.
    func all(_ text: String) -> [Match] {
        let ns = text as NSString
        return expression.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { match(ns, $0) }
    }

    /// `re.split`: the text between the matches.
    func split(_ text: String) -> [String] {
        let ns = text as NSString
        var pieces: [String] = []
        var start = 0
        for result in expression.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            pieces.append(ns.substring(with: NSRange(location: start, length: result.range.location - start)))
            start = result.range.location + result.range.length
        }
        pieces.append(ns.substring(from: start))
        return pieces
    }

    private func match(_ text: NSString, _ result: NSTextCheckingResult) -> Match {
        let groups = (0..<result.numberOfRanges).map { i -> String? in
            let range = result.range(at: i)
            return range.location == NSNotFound ? nil : text.substring(with: range)
        }
        return Match(groups: groups, range: result.range)
    }
}

/// Escapes text to stand for itself in a pattern.
enum NSRegularExpressionEscape {
    static func escape(_ text: String) -> String { NSRegularExpression.escapedPattern(for: text) }
}
