import Foundation
import Testing
@testable import ConnectionsCore

/// The one "wait for one value" primitive every waiter in the code uses.
@Suite struct FirstResultTests {
    @Test func theFirstOutcomeIsKeptWhicheverSideComesFirst() async throws {
        let early = FirstResult<Int>()
        #expect(early.finish(.success(1)))
        #expect(!early.finish(.success(2)), "a later outcome is dropped")
        #expect(try await early.value() == 1)

        let late = FirstResult<Int>()
        let waiter = Task { try await late.value() }
        late.finish(.success(3))
        late.finish(.failure(CancellationError()))
        #expect(try await waiter.value == 3)
    }

    @Test func aCancelledWaiterEndsTheWaitAndClosesIt() async throws {
        let result = FirstResult<Int>()
        let waiter = Task { try await result.value() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(result.isFinished)
        #expect(!result.finish(.success(4)), "nothing is delivered after a cancel")
    }

    @Test func aDeadlineAnswersAtOnceAndCancelsTheWork() async throws {
        struct Late: Error {}
        let work = FirstResult<Int>()
        await #expect(throws: Late.self) {
            try await Deadline.run(seconds: 0.05, onTimeout: Late()) { try await work.value() }
        }
        #expect(work.isFinished, "the abandoned work was cancelled")
    }
}
