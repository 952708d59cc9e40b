import Testing
@testable import ConnectionsCore

/// Where a team store URL leads decides whether libpq may go without TLS: libpq's own default (`prefer`) lets a
/// man in the middle answer "no TLS here", so a host reached over the network gets `sslmode=require`.
@Suite struct PostgresAddressTests {
    func sslMode(_ url: String, environment: [String: String] = [:]) throws -> String? {
        try PostgresAddress(url).libpqParameters(environment: environment).first { $0.keyword == "sslmode" }?.value
    }

    @Test func aHostOnTheNetworkIsReachedOverTLS() throws {
        #expect(try sslMode("postgresql://team@db.example.com/connections") == "require")
        #expect(try sslMode("postgres://team@10.0.0.5:6432/connections") == "require")
        #expect(try sslMode("postgresql://team@[2001:db8::1]/connections") == "require")
        #expect(try sslMode("postgresql://team@localhost/connections?host=db.example.com") == "require", "the host parameter wins")
        #expect(try sslMode("postgresql:///connections", environment: ["PGHOST": "db.example.com"]) == "require")
        #expect(
            try sslMode("postgresql://db.example.com/c", environment: ["PGSSLMODE": "prefer"]) == "require",
            "a weaker mode in the environment does not lower it")
    }

    @Test func whatTheURLSaysIsKept() throws {
        #expect(try sslMode("postgresql://team@db.example.com/connections?sslmode=disable") == nil)
        #expect(try sslMode("postgresql://team@db.example.com/connections?sslmode=verify-full&sslrootcert=/etc/root.crt") == nil)
        #expect(try sslMode("postgresql://db.example.com/c", environment: ["PGSSLMODE": "verify-full"]) == nil)
    }

    @Test func thisMachineAndUnixSocketsStayAsTheyAre() throws {
        for url in [
            "postgresql://team@127.0.0.1:5432/connections", "postgresql://team@localhost/connections", "postgresql://team@[::1]/c",
            "postgresql:///connections", "postgresql://%2Fvar%2Frun%2Fpostgresql/connections",
            "postgresql:///connections?host=/var/run/postgresql",
        ] {
            #expect(try sslMode(url) == nil, "\(url)")
        }
        let parameters = try PostgresAddress("postgresql://db.example.com/c").libpqParameters(environment: [:])
        #expect(parameters.last?.keyword == "dbname", "the URL comes last, so that its own settings win")
    }
}
