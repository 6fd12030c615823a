import Foundation

/// One JSON object the helper wrote: an answer to a request or an event on the way to one.
public struct BridgeMessage: @unchecked Sendable {
    /// The decoded object (JSON values only: strings, numbers, booleans, arrays, objects, NSNull).
    public let fields: [String: Any]

    public init(_ fields: [String: Any]) {
        self.fields = fields
    }

    /// Decodes one line; nil when it is not a JSON object.
    init?(line: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: line), let fields = object as? [String: Any] else {
            return nil
        }
        self.fields = fields
    }

    /// The `event` field: what kind of message this is.
    public var event: String { string("event") ?? "" }

    public func string(_ key: String) -> String? { fields[key] as? String }

    public func int(_ key: String) -> Int? { (fields[key] as? NSNumber)?.intValue }

    public func double(_ key: String) -> Double? { (fields[key] as? NSNumber)?.doubleValue }

    /// A boolean field; nil when absent or null.
    public func bool(_ key: String) -> Bool? { fields[key] as? Bool }

    public func strings(_ key: String) -> [String]? { fields[key] as? [String] }

    public func object(_ key: String) -> BridgeMessage? {
        (fields[key] as? [String: Any]).map(BridgeMessage.init)
    }

    public func objects(_ key: String) -> [BridgeMessage] {
        ((fields[key] as? [Any]) ?? []).compactMap { ($0 as? [String: Any]).map(BridgeMessage.init) }
    }

    /// Whether the key holds a value other than null.
    public func has(_ key: String) -> Bool {
        guard let value = fields[key] else { return false }
        return !(value is NSNull)
    }

    /// The object as one line of JSON (a request).
    static func encode(_ fields: [String: Any]) -> Data {
        var data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }
}
