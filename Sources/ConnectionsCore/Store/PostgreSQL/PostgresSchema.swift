import Foundation

/// The team store's tables, in their own schema `connections`, and the versioned steps that make them.
enum PostgresSchema {
    /// Each step brings the schema to the version of its position (1-based); never edit a published one.
    static let steps: [String] = [
        """
        CREATE TABLE connections.meta (key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE connections.services (
            link_name text PRIMARY KEY,
            name text NOT NULL,
            auth_type text NOT NULL,
            definition text NOT NULL,
            secrets bytea,
            created_at double precision NOT NULL,
            updated_at double precision NOT NULL
        );
        CREATE TABLE connections.connections (
            link_name text PRIMARY KEY,
            name text NOT NULL,
            service_link_name text NOT NULL,
            client_id text NOT NULL DEFAULT '',
            scopes text NOT NULL,
            parameters text NOT NULL,
            status text NOT NULL,
            status_reason text,
            token_type text,
            expires_at double precision,
            has_refresh_token boolean NOT NULL DEFAULT false,
            granted_scopes text,
            token_extra text,
            secrets bytea,
            created_at double precision NOT NULL,
            updated_at double precision NOT NULL,
            token_obtained_at double precision,
            created_by text,
            authorized_by text
        );
        CREATE INDEX connections_by_name ON connections.connections (lower(name), link_name);
        CREATE INDEX connections_by_service ON connections.connections (service_link_name);
        -- Every change to a connection, by any machine, is announced to the listening terminals.
        CREATE FUNCTION connections.announce() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('connections_changed', TG_OP || ' ' || COALESCE(NEW.link_name, OLD.link_name));
            RETURN NULL;
        END $$;
        CREATE TRIGGER announce AFTER INSERT OR UPDATE OR DELETE ON connections.connections
            FOR EACH ROW EXECUTE FUNCTION connections.announce();
        """,
        // Every row authenticated (`RowAuthentication`); `migrate` stamps the rows there are.
        """
        ALTER TABLE connections.connections ADD COLUMN row_mac bytea;
        ALTER TABLE connections.services ADD COLUMN row_mac bytea;
        """,
        // What is remembered of a connection's use (ConnectionHealth); empty cells leave the rows' tags as they were.
        """
        ALTER TABLE connections.connections ADD COLUMN account text, ADD COLUMN last_refresh_at double precision,
            ADD COLUMN last_verified_at double precision, ADD COLUMN last_verification_passed boolean, ADD COLUMN last_error text,
            ADD COLUMN consecutive_failures double precision, ADD COLUMN refresh_token_expires_at double precision;
        """,
        // Each connection's summary authenticated on its own, so that a list reads no secrets; `migrate` stamps them.
        """
        ALTER TABLE connections.connections ADD COLUMN summary_mac bytea;
        """,
        // When the last refresh or check failed, for keep-alive's back-off; empty cells leave the tags as they were.
        """
        ALTER TABLE connections.connections ADD COLUMN last_failure_at double precision;
        """,
    ]

    /// The step from which rows carry their authentication.
    static let authenticatedRowsVersion = 2
    /// The step from which connections carry a summary tag.
    static let summaryTagsVersion = 4

    static var version: Int { steps.count }

    /// The advisory lock migrating holds for its transaction (`pg_advisory_xact_lock`). A refresh takes a session-level
    /// lock of its own, keyed by a hash of the link name (`PostgresRefreshLease`).
    static let migrationLock = 0x636F_6E6E_6D69_6772

    /// Brings the schema up to date, once, however many machines start at the same moment; refuses a newer one.
    /// `stampRows` stamps the rows of a store from before summary tags, in the same transaction: every row when it
    /// had no authentication yet (`trustingAll`), else the authentic ones.
    static func migrate(
        _ connection: PostgresConnection, stampRows: (PostgresConnection, _ trustingAll: Bool) throws(StoreError) -> Void
    ) throws(StoreError) {
        try connection.transaction { () throws(StoreError) in
            try connection.execute("SELECT pg_advisory_xact_lock($1)", [.text(String(migrationLock))])
            try connection.execute("CREATE SCHEMA IF NOT EXISTS connections")
            let hasMeta =
                try connection.execute(
                    "SELECT 1 FROM information_schema.tables WHERE table_schema = 'connections' AND table_name = 'meta'"
                ).isEmpty == false
            var current = 0
            if hasMeta {
                let rows = try connection.execute("SELECT value FROM connections.meta WHERE key = 'schema_version'")
                current = rows.first?.first.flatMap { $0.flatMap { Int($0) } } ?? 0
            }
            if current > version { throw .teamStoreTooNew(place: connection.address.place, version: current, known: version) }
            for step in steps.dropFirst(current) { try connection.executeScript(step) }
            if current > 0, current < summaryTagsVersion { try stampRows(connection, current < authenticatedRowsVersion) }
            if current < version {
                try connection.execute(
                    """
                    INSERT INTO connections.meta (key, value) VALUES ('schema_version', $1)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """, [.text(String(version))])
            }
        }
    }
}
