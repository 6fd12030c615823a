import Foundation

/// The helper running under the project's Python: requests go to its standard input,
/// answers and events come back from its standard output one JSON object a line, and
/// whatever env.py prints or logs (its standard error) is kept, never shown on the way.
public final class BridgeProcess: @unchecked Sendable {
    /// What starting or talking to the helper can fail with.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private var buffered = Data()
    private let logLock = NSLock()
    private var log = Data()
    /// The first message, `ready` or `unusable`.
    public private(set) var greeting: BridgeMessage?

    /// Starts `python` on the helper script with `initial` (paths, configuration) as its
    /// argument, and waits for its first message.
    public init(python: String, initial: [String: Any], environment: [String: String]) throws {
        // A helper that ended must be an error on the next request, not a SIGPIPE ending Retort.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = URL(fileURLWithPath: python)
        let argument = String(decoding: BridgeMessage.encode(initial).dropLast(), as: UTF8.self)
        process.arguments = ["-c", BridgeScript.source, argument]
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.logLock.lock()
            self.log.append(data)
            if self.log.count > 1 << 20 { self.log.removeFirst(self.log.count - (1 << 20)) }
            self.logLock.unlock()
        }
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot start \(python): \(error.localizedDescription)")
        }
        greeting = try next()
    }

    deinit {
        errors.fileHandleForReading.readabilityHandler = nil
        if process.isRunning { process.terminate() }
    }

    /// Sends one request.
    public func send(_ request: [String: Any]) throws {
        do {
            try input.fileHandleForWriting.write(contentsOf: BridgeMessage.encode(request))
        } catch {
            throw Failure(description: "the project's Python ended unexpectedly\(logTail(prefix: ":\n"))")
        }
    }

    /// The next message; throws when the helper ended first.
    public func next() throws -> BridgeMessage {
        while true {
            if let newline = buffered.firstIndex(of: 0x0A) {
                let line = buffered[buffered.startIndex..<newline]
                buffered.removeSubrange(buffered.startIndex...newline)
                if let message = BridgeMessage(line: Data(line)) { return message }
                continue
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                process.waitUntilExit()
                throw Failure(
                    description: "the project's Python ended unexpectedly (exit status \(process.terminationStatus))"
                        + logTail(prefix: ":\n"))
            }
            buffered.append(chunk)
        }
    }

    /// Sends `request` and returns the first message `until` accepts, handing every
    /// message before it to `events`.
    public func request(
        _ request: [String: Any], until done: (BridgeMessage) -> Bool, events: (BridgeMessage) -> Void = { _ in }
    ) throws -> BridgeMessage {
        try send(request)
        while true {
            let message = try next()
            if done(message) { return message }
            events(message)
        }
    }

    /// Everything the helper wrote to standard error so far (env.py's prints and logs).
    public var logText: String {
        logLock.lock()
        defer { logLock.unlock() }
        return String(decoding: log, as: UTF8.self)
    }

    /// Where the log stands now, to take what comes after it with `log(since:)`.
    public var logMark: Int {
        logLock.lock()
        defer { logLock.unlock() }
        return log.count
    }

    /// The log written since `mark`.
    public func log(since mark: Int) -> String {
        logLock.lock()
        defer { logLock.unlock() }
        return String(decoding: log.suffix(from: min(mark, log.count)), as: UTF8.self)
    }

    /// Ends the helper: it is asked to quit, and killed if it does not within a second.
    public func close() {
        guard process.isRunning else { return }
        try? send(["op": "quit"])
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(1)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { kill() }
    }

    /// Ends the helper at once (SIGKILL): the database rolls back what its open transaction held.
    public func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private func logTail(prefix: String) -> String {
        let lines = logText.split(separator: "\n", omittingEmptySubsequences: false).suffix(20)
        let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "" : prefix + text
    }
}
