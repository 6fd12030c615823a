/// A Python parameter list, to give names to the positional arguments of a call the way
/// Python binds them: `sa.String(50)` is `length=50`, `op.add_column("t", col)` is
/// `table_name="t", column=col`.
struct Signature: Sendable {
    /// Positional-or-keyword parameters, in order.
    var parameters: [String]
    /// The name of `*args`, if the callable takes extra positional arguments.
    var variadic: String?

    init(_ parameters: [String], variadic: String? = nil) {
        self.parameters = parameters
        self.variadic = variadic
    }

    /// A call's arguments by parameter name.
    struct Bound: Sendable {
        var named: [String: PyValue] = [:]
        /// The `*args` values.
        var rest: [PyValue] = []
        /// Keywords that match no listed parameter (`**kw`: dialect options such as
        /// `postgresql_using`); they are in `named` too, for keyword-only parameters.
        var extra: [(name: String, value: PyValue)] = []

        subscript(_ name: String) -> PyValue? { named[name] }

        /// A string argument, or nil when absent or None.
        func string(_ name: String) -> String? { named[name]?.string }

        /// An int argument, or nil when absent or None.
        func int(_ name: String) -> Int? {
            if case .int(let i)? = named[name] { return i }
            return nil
        }

        /// True/False for a given boolean, nil when absent or None.
        func bool(_ name: String) -> Bool? {
            switch named[name] {
            case .bool(let b)?: return b
            case .int(let i)?: return i != 0
            default: return nil
            }
        }

        /// Whether the argument was given at all (even as None).
        func has(_ name: String) -> Bool { named[name] != nil }
    }

    /// Binds positional arguments to parameters in order, the rest to `*args`, then the
    /// keywords by name; fails (nil) on too many positional arguments, as Python would.
    func bind(_ arguments: [PyValue], _ keywords: [LibraryObject.Keyword]) -> Bound? {
        var bound = Bound()
        for (i, argument) in arguments.enumerated() {
            if i < parameters.count {
                bound.named[parameters[i]] = argument
            } else if variadic != nil {
                bound.rest.append(argument)
            } else {
                return nil
            }
        }
        for keyword in keywords {
            bound.named[keyword.name] = keyword.value
            if !parameters.contains(keyword.name) && keyword.name != variadic {
                bound.extra.append((keyword.name, keyword.value))
            }
        }
        return bound
    }
}
