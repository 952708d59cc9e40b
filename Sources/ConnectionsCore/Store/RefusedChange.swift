/// Lets the error a change throws (a validation failure) leave a store's transaction as it was thrown: the
/// transaction is rolled back with a stand-in store error, and the caller gets the original.
final class RefusedChange {
    private(set) var error: (any Error)?

    func attempt(_ change: () throws -> Void) throws(StoreError) {
        do {
            try change()
        } catch {
            self.error = error
            throw StoreError.database("the change was refused")
        }
    }

    /// Runs a store job that calls `attempt`; a refused change throws its own error.
    func run<T>(_ job: () throws(StoreError) -> T) throws -> T {
        do {
            return try job()
        } catch {
            throw self.error ?? error
        }
    }
}
