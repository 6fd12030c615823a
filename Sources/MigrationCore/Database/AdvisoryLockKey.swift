/// The PostgreSQL advisory lock key that serialises migration runs on one version table.
///
/// The key is the 64-bit FNV-1a hash of `retort:<schema>.<table>` (UTF-8), read as a
/// signed bigint: `<schema>` is `--version-table-schema`, or else the session's
/// `current_schema()` (usually `public`), and `<table>` the version table's name, both
/// as written, unquoted. Runs on the same table take the same lock; runs on different
/// tables (two applications sharing a database) do not wait for each other. Any other
/// tool can take the same lock to keep Retort out, e.g. for `public.alembic_version`:
/// `SELECT pg_advisory_lock(<AdvisoryLockKey.key(schema: "public", table: "alembic_version")>)`.
public enum AdvisoryLockKey {
    /// The text that is hashed.
    public static func text(schema: String, table: String) -> String {
        "retort:\(schema).\(table)"
    }

    public static func key(schema: String, table: String) -> Int64 {
        Int64(bitPattern: fnv1a64(text(schema: schema, table: table)))
    }

    /// FNV-1a, 64 bits: offset basis 0xcbf29ce484222325, prime 0x100000001b3.
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
