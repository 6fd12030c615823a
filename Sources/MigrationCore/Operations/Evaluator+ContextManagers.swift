/// `with helper(op):` where `helper` is a `@contextlib.contextmanager` generator (as
/// projects write `disable_sqlite_fkeys`): the generator runs until its `yield`, the block
/// runs there with the caller's names, then the generator runs on to its end — the order
/// Python runs them in.
extension Evaluator {
    /// A `with` block waiting for its context manager's `yield`.
    struct ContextManagerRun {
        var body: [Statement]
        var target: Expression?
        /// The call depth the generator's own statements run at (a `yield` deeper down
        /// belongs to another function).
        var depth: Int
        /// The caller's state, restored while the block runs.
        var path: String
        var globals: [String: PyValue]
        var scope: ProjectModule?
        var scriptLine: Int?
        var frameCount: Int
        var yielded = false
    }

    /// Runs `item` as a `@contextmanager` function's `with` block; false when its context
    /// expression is not a call of one (the caller handles it).
    mutating func runContextManager(_ item: WithItem, _ body: [Statement], line: Int) throws -> Bool {
        guard case .call(let callee, let arguments, let keywords) = item.contextExpression.kind,
            case .function(let function) = try evaluate(callee), function.isContextManager
        else { return false }
        contextManagers.append(
            ContextManagerRun(
                body: body, target: item.optionalVars, depth: callDepth + 1, path: path, globals: globals, scope: scope,
                scriptLine: scriptLine, frameCount: frames.count))
        defer { contextManagers.removeLast() }
        _ = try evaluateCall(callee, arguments, keywords, line: line)
        guard contextManagers.last?.yielded == true else {
            throw Flow.stop(unsupportedHere(line, "\(function.definition.name)() did not yield (Python raises \"generator didn't yield\")"))
        }
        return true
    }

    /// The generator reached its `yield`: the block runs now, with the caller's names
    /// (what it binds stays the caller's), and the generator goes on afterwards.
    mutating func resumeWithBlock(yielding value: PyValue, line: Int) throws -> PyValue {
        guard var waiting = contextManagers.popLast() else { return .none }
        defer { contextManagers.append(waiting) }
        guard !waiting.yielded else {
            throw Flow.stop(unsupportedHere(line, "a context manager that yields twice (Python raises \"generator didn't stop\")"))
        }
        waiting.yielded = true
        let generator = (path: path, globals: globals, scope: scope, scriptLine: scriptLine)
        let generatorFrames = Array(frames[waiting.frameCount...])
        frames.removeLast(frames.count - waiting.frameCount)
        path = waiting.path
        globals = waiting.globals
        scope = waiting.scope
        scriptLine = waiting.scriptLine
        defer {
            frames += generatorFrames
            path = generator.path
            globals = generator.globals
            scope = generator.scope
            scriptLine = generator.scriptLine
        }
        if let target = waiting.target { try assign(value, to: target) }
        do {
            try run(waiting.body)
        } catch Flow.returned, Flow.breakLoop, Flow.continueLoop {
            throw Flow.stop(unsupportedHere(line, "return, break or continue inside a block of a context manager function"))
        }
        return .none
    }
}
