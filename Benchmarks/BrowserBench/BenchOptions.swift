/// The benchmark's command line: `-c INI [--first-frame] [--keys N] [--width W] [--height H]`.
///
/// Read by hand rather than with ArgumentParser: the first-frame row times process start,
/// and the browser target does not link ArgumentParser either.
struct BenchOptions {
    var configFiles: [String] = []
    /// Stop after the first frame, for timing process start → first frame from outside.
    var firstFrameOnly = false
    /// Time this many SQL previews through the project's Python (`$RETORT_PYTHON`) instead.
    var bridgePreviews: Int?
    /// How many keys to replay for each kind of key.
    var keys = 200
    var width = 120
    var height = 40

    static let usage = """
        usage: retort-browser-bench -c INI [--first-frame] [--keys N] [--width W] [--height H]
          -c, --config INI   the project, as for retort (repeatable: an ini and a pyproject.toml)
          --first-frame      exit right after rendering the first frame
          --keys N           keys replayed per kind (default 200)
          --width, --height  the screen size (default 120x40)
        """

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    init(arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ option: String) throws -> String {
            guard let value = rest.popFirst() else { throw UsageError(description: "\(option) needs a value") }
            return value
        }
        func number(_ option: String) throws -> Int {
            let text = try value(option)
            guard let n = Int(text), n > 0 else { throw UsageError(description: "\(option): not a positive number: \(text)") }
            return n
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "-c", "--config": configFiles.append(try value(argument))
            case "--first-frame": firstFrameOnly = true
            case "--bridge-previews": bridgePreviews = try number(argument)
            case "--keys": keys = try number(argument)
            case "--width": width = try number(argument)
            case "--height": height = try number(argument)
            default: throw UsageError(description: "unknown argument '\(argument)'")
            }
        }
        if configFiles.isEmpty { throw UsageError(description: "-c INI is required") }
    }
}
