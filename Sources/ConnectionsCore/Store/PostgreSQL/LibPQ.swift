import CLibPQ
import Foundation

/// libpq, PostgreSQL's own client (so PGPASSWORD, `~/.pgpass`, `sslmode` and service files work as in psql), opened
/// with dlopen the first time a team store is used. Linked, it and the twenty libraries it needs (Kerberos, LDAP,
/// TLS) would be loaded by every command, local ones too, doubling a `token` call's start-up.
struct LibPQ: @unchecked Sendable {
    typealias Connection = OpaquePointer?
    typealias Result = OpaquePointer?
    typealias Text = UnsafeMutablePointer<CChar>?
    typealias Texts = UnsafePointer<UnsafePointer<CChar>?>?

    let connectdbParams: @convention(c) (Texts, Texts, Int32) -> Connection
    let status: @convention(c) (Connection) -> ConnStatusType
    let errorMessage: @convention(c) (Connection) -> Text
    let finish: @convention(c) (Connection) -> Void
    let reset: @convention(c) (Connection) -> Void
    let execParams:
        @convention(c) (
            Connection, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?, Texts, UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
        )
            -> Result
    let exec: @convention(c) (Connection, UnsafePointer<CChar>?) -> Result
    let clear: @convention(c) (Result) -> Void
    let resultStatus: @convention(c) (Result) -> ExecStatusType
    let resultErrorField: @convention(c) (Result, Int32) -> Text
    let ntuples: @convention(c) (Result) -> Int32
    let nfields: @convention(c) (Result) -> Int32
    let getisnull: @convention(c) (Result, Int32, Int32) -> Int32
    let getvalue: @convention(c) (Result, Int32, Int32) -> Text
    let consumeInput: @convention(c) (Connection) -> Int32
    let notifies: @convention(c) (Connection) -> UnsafeMutablePointer<PGnotify>?
    let freemem: @convention(c) (UnsafeMutableRawPointer?) -> Void
    let socket: @convention(c) (Connection) -> Int32

    static let shared: Swift.Result<LibPQ, StoreError> = Swift.Result { () throws(StoreError) in try load() }

    private static func load() throws(StoreError) -> LibPQ {
        guard let handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL) else {
            throw .libpqMissing(reason: dlerror().map { String(cString: $0) } ?? "not found")
        }
        func function<T>(_ name: String, _: T.Type = T.self) throws(StoreError) -> T {
            guard let symbol = dlsym(handle, name) else { throw .libpqMissing(reason: "it has no \(name)") }
            return unsafeBitCast(symbol, to: T.self)
        }
        return LibPQ(
            connectdbParams: try function("PQconnectdbParams"), status: try function("PQstatus"),
            errorMessage: try function("PQerrorMessage"), finish: try function("PQfinish"), reset: try function("PQreset"),
            execParams: try function("PQexecParams"), exec: try function("PQexec"), clear: try function("PQclear"),
            resultStatus: try function("PQresultStatus"), resultErrorField: try function("PQresultErrorField"),
            ntuples: try function("PQntuples"), nfields: try function("PQnfields"), getisnull: try function("PQgetisnull"),
            getvalue: try function("PQgetvalue"), consumeInput: try function("PQconsumeInput"), notifies: try function("PQnotifies"),
            freemem: try function("PQfreemem"), socket: try function("PQsocket"))
    }
}
