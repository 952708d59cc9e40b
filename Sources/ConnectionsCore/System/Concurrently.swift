/// Runs `body` for each item, at most `limit` at a time; the results in the items' order. `done` is called as each
/// one ends (for a progress line), on the calling task.
public func concurrently<Item: Sendable, Result: Sendable>(
    _ items: [Item], limit: Int, done: (Int) -> Void = { _ in }, _ body: @escaping @Sendable (Item) async -> Result
) async -> [Result] {
    await withTaskGroup(of: (Int, Result).self) { group in
        var next = items.enumerated().makeIterator()
        for _ in 0..<max(1, limit) {
            guard let (index, item) = next.next() else { break }
            group.addTask { (index, await body(item)) }
        }
        var results: [Result?] = Array(repeating: nil, count: items.count)
        var finished = 0
        for await (index, result) in group {
            results[index] = result
            finished += 1
            done(finished)
            if let (index, item) = next.next() { group.addTask { (index, await body(item)) } }
        }
        return results.compactMap { $0 }
    }
}
