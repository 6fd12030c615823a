/// Session advisory locks, which serialise migration runs on one database. They belong
/// to the session, not to a transaction, so a runner can hold one on its own connection
/// while `CREATE INDEX CONCURRENTLY` runs on another, and the server releases them when
/// the session ends, also when the process is killed.
extension PostgresConnection {
    /// A session holding an advisory lock, as `pg_stat_activity` shows it.
    public struct LockHolder: Sendable, Equatable {
        public var pid: Int32
        /// Empty when the session set none, or when the server hides it from this role.
        public var applicationName: String
        /// When the holding session started (`backend_start`), as the server prints it.
        public var since: String?
    }

    /// `pg_try_advisory_lock(key)`: whether this session now holds the lock. It never
    /// waits; the caller polls. Taking a lock this session holds already succeeds again
    /// and must be released as often.
    public func tryAdvisoryLock(_ key: Int64) throws(DatabaseError) -> Bool {
        try query("SELECT pg_try_advisory_lock($1::bigint)", [String(key)]).first?.first == "t"
    }

    /// `pg_advisory_unlock(key)`: whether this session held the lock (the server adds a
    /// warning to the notices when it did not).
    @discardableResult
    public func advisoryUnlock(_ key: Int64) throws(DatabaseError) -> Bool {
        try query("SELECT pg_advisory_unlock($1::bigint)", [String(key)]).first?.first == "t"
    }

    /// The sessions holding the advisory lock `key` in this database. A bigint key is
    /// stored in `pg_locks` as its high and low 32 bits, with `objsubid` 1.
    public func advisoryLockHolders(_ key: Int64) throws(DatabaseError) -> [LockHolder] {
        let bits = UInt64(bitPattern: key)
        let rows = try query(
            """
            SELECT l.pid, coalesce(a.application_name, ''), a.backend_start::text
            FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
              AND l.classid = $1::oid AND l.objid = $2::oid
            ORDER BY l.pid
            """, [String(bits >> 32), String(bits & 0xFFFF_FFFF)])
        return rows.map { row in
            LockHolder(pid: Int32(row[0] ?? "") ?? 0, applicationName: row[1] ?? "", since: row[2])
        }
    }
}

extension PostgresConnection {
    /// The other sessions holding locks on the tables `names` (in this database), as
    /// `pid 123 (application 'psql') holds AccessShareLock on items`.
    public func tableLockHolders(_ names: [String]) throws(DatabaseError) -> [String] {
        guard !names.isEmpty else { return [] }
        let rows = try query(
            """
            SELECT DISTINCT l.pid, coalesce(a.application_name, ''), l.mode, c.relname
            FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_class c ON c.oid = l.relation
            LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
            WHERE l.granted AND l.pid <> pg_backend_pid() AND c.relname = ANY(string_to_array($1, chr(1)))
            ORDER BY 1, 4, 3
            """, [names.joined(separator: "\u{1}")])
        return rows.map { row in
            let application = (row[1] ?? "").isEmpty ? "" : " (application '\(row[1] ?? "")')"
            return "pid \(row[0] ?? "?")\(application) holds \(row[2] ?? "a lock") on \(row[3] ?? "?")"
        }
    }
}
