import Foundation
import XCTest

/// Runs a small Python script under CPython to get the expected trees.
///
/// The script lives in a string here rather than in a `.py` file so the test target holds
/// only Swift sources.
enum CPythonOracle {
    /// Writes the helper script to a temporary file and returns its path.
    static func scriptPath() throws -> String {
        let path = NSTemporaryDirectory() + "retort_ast_dump_\(ProcessInfo.processInfo.processIdentifier).py"
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// For each file, the dumped top-level statements (or `!!! message` on a syntax error).
    static func dumps(of files: [String], locations: Bool) throws -> [String: [String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", try scriptPath()] + (locations ? ["--locations"] : []) + files
        let pipe = Pipe()
        process.standardOutput = pipe
        do {
            try process.run()
        } catch {
            print("Skipping: cannot run python3: \(error)")
            throw XCTSkip("cannot run python3: \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            print("Skipping: python3 failed with status \(process.terminationStatus)")
            throw XCTSkip("python3 failed with status \(process.terminationStatus)")
        }
        var result: [String: [String]] = [:]
        var current: String?
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("=== ") {
                current = String(line.dropFirst(4))
                if let current { result[current] = [] }
            } else if let current, !line.isEmpty {
                result[current, default: []].append(String(line))
            }
        }
        return result
    }

    /// Prints CPython's tree in the form of `ASTDump`.
    static let script = #"""
"""Prints CPython's syntax tree of Python files in the compact form of ASTDump.swift.

Usage: python3 ast_dump.py [--locations] FILE...
For each file prints '=== FILE', then one line per top-level statement, or
'!!! message' when CPython rejects the file. Used by the Swift tests as an oracle.
"""
import ast
import sys

SKIP = {"ctx", "type_comment", "type_ignores", "kind"}


def quote(text):
    out = []
    for ch in text:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "'":
            out.append("\\'")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02x" % o)
        elif 0xD800 <= o <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def constant(value):
    if value is None or value is True or value is False:
        return repr(value)
    if value is Ellipsis:
        return "..."
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, complex):
        return "c:" + repr(value.imag)
    if isinstance(value, str):
        return "s:" + quote(value)
    if isinstance(value, bytes):
        return "b:'" + "".join(
            chr(b) if 0x20 <= b < 0x7F and b not in (0x5C, 0x27) else "\\x%02x" % b for b in value) + "'"
    return "?" + repr(value)


class Dumper:
    def __init__(self, source, locations):
        self.lines = source.splitlines()
        self.locations = locations

    def column(self, node):
        # CPython counts UTF-8 bytes from 0; the Swift tree counts scalars from 1.
        line = self.lines[node.lineno - 1] if node.lineno - 1 < len(self.lines) else b""
        return len(line[: node.col_offset].decode("utf-8", "replace")) + 1

    def dump(self, node):
        if isinstance(node, list):
            return "[" + ", ".join(self.dump(n) for n in node) + "]"
        if node is None:
            return "None"
        if isinstance(node, str):
            return quote(node)
        if isinstance(node, int):
            return str(node)
        if isinstance(node, ast.Constant):
            text = "Constant(" + constant(node.value) + ")"
        elif isinstance(node, (ast.operator, ast.unaryop, ast.cmpop, ast.boolop)):
            return type(node).__name__
        else:
            fields = [self.dump(getattr(node, f)) for f in node._fields if f not in SKIP]
            text = type(node).__name__ + "(" + ", ".join(fields) + ")"
        if self.locations and isinstance(node, (ast.stmt, ast.expr)):
            text += "@%d:%d" % (node.lineno, self.column(node))
        return text


def main():
    args = sys.argv[1:]
    locations = False
    if args and args[0] == "--locations":
        locations = True
        args = args[1:]
    out = sys.stdout
    for path in args:
        out.write("=== " + path + "\n")
        with open(path, "rb") as f:
            data = f.read()
        try:
            tree = ast.parse(data)
        except SyntaxError as e:
            out.write("!!! %s\n" % e.msg)
            continue
        source = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        dumper = Dumper(source.replace(b"\r\n", b"\n").replace(b"\r", b"\n"), locations)
        for stmt in tree.body:
            out.write(dumper.dump(stmt) + "\n")


if __name__ == "__main__":
    main()
"""#
}
