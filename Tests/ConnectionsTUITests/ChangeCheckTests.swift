import ConnectionsCore
import Foundation
import Testing
@testable import ConnectionsTUI

/// The change check never piles up: one at a time, each ended by its answer whatever it is, started by the tick or at
/// once by an announced change; and a store that hangs holds up no task but other store calls.
@Suite struct ChangeCheckTests {
    let mark = ChangeMark(stamp: "1.0", newest: 0, count: 0)
    var check: [Effect] { [.checkForChanges(mark, openLink: nil)] }

    func marked() -> AppState {
        var state = AppState(width: 80, height: 24)
        _ = update(&state, .marked(mark))
        return state
    }

    @Test func ticksWhileACheckRunsStartNoOther() {
        var state = marked()
        #expect(update(&state, .tick(Date())) == check)
        #expect(update(&state, .tick(Date())).isEmpty)
        #expect(update(&state, .tick(Date())).isEmpty)
        _ = update(&state, .unchanged)
        #expect(update(&state, .tick(Date())) == check, "the answer ends it: the next tick checks again")
    }

    @Test(arguments: ["changed", "unchanged", "failed"])
    func everyAnswerEndsTheCheck(_ answer: String) {
        var state = marked()
        #expect(update(&state, .tick(Date())) == check)
        let action: Action =
            switch answer {
            case "changed": .changed(ConnectionChanges(mark: mark, changed: []), detail: nil)
            case "unchanged": .unchanged
            default: .changeCheckFailed("Cannot reach the team store")
            }
        #expect(update(&state, action).isEmpty)
        #expect(!state.checkingForChanges)
        #expect(update(&state, .tick(Date())) == check)
        if answer == "failed" { #expect(state.status?.text == "Cannot reach the team store" && state.status?.isError == true) }
    }

    /// An announcement checks at once; one that comes while a check runs starts the next as soon as that one ends.
    @Test func anAnnouncementChecksAtOnceOrRightAfterTheRunningCheck() {
        var state = marked()
        #expect(update(&state, .changesAnnounced) == check)
        #expect(update(&state, .changesAnnounced).isEmpty)
        #expect(update(&state, .tick(Date())).isEmpty)
        #expect(update(&state, .unchanged) == check)
        #expect(update(&state, .unchanged).isEmpty, "nothing announced since")
        var before = AppState(width: 80, height: 24)
        #expect(update(&before, .changesAnnounced).isEmpty, "no mark yet: the first load reads everything")
    }

    /// More checks than the cooperative pool has threads, each stuck in a store that hangs: the store is called on the
    /// store queue, never on a thread of the pool, and each check ends with its failure once the store answers.
    @Test func aHangingStoreLeavesTheCooperativePoolFree() async throws {
        let store = HangingStore()
        let answers = Answers()
        let runner = EffectRunner(
            workspace: Workspace(store: store, location: StoreLocation.resolve(home: "/nonexistent", environment: [:])),
            clipboard: Clipboard(environment: [:]), browser: BrowserLauncher(environment: ["PATH": "/nonexistent"]),
            sessions: ConnectSessions(), send: answers.append, writeToTerminal: { _ in })
        let checks = ProcessInfo.processInfo.activeProcessorCount * 2 + 2
        // Watched from a thread outside the pool, which releases the store in the end: a starved pool fails the test
        // rather than hangs it. The deadline leaves room for other tests that hold the pool's threads for a while.
        let reached = Waiting.Flag()
        Thread.detachNewThread {
            if Waiting.poll(seconds: 150, { store.entered > 0 }) { reached.set() }
            store.release()
        }
        // High priority: the checks are not queued behind the suite's other tests, which hold the default-priority
        // threads for minutes on a two-core machine.
        for _ in 0..<checks {
            Task.detached(priority: .high) { [mark] in await runner.run(.checkForChanges(mark, openLink: nil)) }
        }
        #expect(await Waiting.until(seconds: 150) { answers.failures == checks }, "each check ended with its failure")
        #expect(reached.isSet, "a check reached the store")
        #expect(store.calledOnStoreQueue == [true], "the store is called on the store queue alone")
    }
}

/// A store whose change check hangs until released, then fails as an unreachable team store does.
final class HangingStore: ConnectionStore, @unchecked Sendable {
    private let gate = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var count = 0
    var entered: Int { lock.withLock { count } }
    var place: String { "hanging" }
    private var down: StoreError { .teamStoreUnreachable(place: place, reason: "timeout expired") }

    func release() { for _ in 0..<1000 { gate.signal() } }

    /// Whether each change check was called on the store queue.
    var calledOnStoreQueue: Set<Bool> { lock.withLock { calledOn } }
    private var calledOn: Set<Bool> = []

    func changes(since mark: ChangeMark) throws(StoreError) -> ConnectionChanges? {
        let onStoreQueue = StoreIO.isCurrent
        lock.withLock {
            count += 1
            calledOn.insert(onStoreQueue)
        }
        gate.wait()
        throw down
    }
    func changeWaiter() -> (any ChangeWaiter)? { nil }
    func changeMark() throws(StoreError) -> ChangeMark { throw down }
    func customServices() throws(StoreError) -> [Service] { throw down }
    func customService(_ linkName: String) throws(StoreError) -> Service? { throw down }
    func saveService(_ service: Service, replace: Bool) throws(StoreError) { throw down }
    func deleteService(_ linkName: String) throws(StoreError) { throw down }
    func connectionSummaries(limit: Int?) throws(StoreError) -> [ConnectionSummary] { throw down }
    func connectionCount() throws(StoreError) -> Int { throw down }
    func connectionLinkNames() throws(StoreError) -> Set<String> { throw down }
    func connection(_ linkName: String) throws(StoreError) -> Connection? { throw down }
    func insertConnections(_ connections: [Connection]) throws(StoreError) { throw down }
    func insertAll(services: [Service], connections: [Connection]) throws(StoreError) { throw down }
    func deleteConnection(_ linkName: String) throws(StoreError) { throw down }
    func modifyConnection(_ linkName: String, _ change: (inout Connection) throws -> Void) throws -> Connection { throw down }
    func saveStatus(_ linkName: String, _ status: ConnectionStatus) throws(StoreError) { throw down }
    func refreshLease(_ linkName: String) async throws(StoreError) -> any RefreshLease { throw down }
}

/// The answers an effect runner sent.
final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    private var actions: [Action] = []

    func append(_ action: Action) { lock.withLock { actions.append(action) } }
    var failures: Int {
        lock.withLock { actions.count { if case .changeCheckFailed = $0 { true } else { false } } }
    }
}

/// Waiting on conditions with deadlines, on threads outside the cooperative pool, so that a starved pool cannot hold
/// up the wait itself.
enum Waiting {
    /// Whether `condition` holds within `seconds`, asked every millisecond on this thread.
    static func poll(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() && Date() < deadline { usleep(1000) }
        return condition()
    }

    static func until(seconds: Double, _ condition: @escaping @Sendable () -> Bool) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: poll(seconds: seconds, condition)) }
        }
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }
}
