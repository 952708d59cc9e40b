import Foundation

/// A child process that runs while the test talks to it: lines of its stderr can be awaited one by one,
/// and its stdin written to.
final class RunningProcess: @unchecked Sendable {
    let pid: pid_t
    private let pipes: Spawn.Pipes
    private let lock = NSLock()
    private var errorLines: [String] = []
    private var errorBuffer = Data()
    private var stdoutData = Data()
    private var lineWaiters: [(predicate: (String) -> Bool, continuation: CheckedContinuation<String?, Never>)] = []
    private var closed = false
    private var inputClosed = false
    private let finished = DispatchGroup()

    init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        (pid, pipes) = try Spawn.start(executable, arguments, environment: environment)
        finished.enter()
        finished.enter()
        let output = pipes.output, errors = pipes.errors
        DispatchQueue.global().async { [self] in
            let data = Spawn.readAll(output)
            lock.withLock { stdoutData = data }
            finished.leave()
        }
        DispatchQueue.global().async { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(errors, &buffer, buffer.count)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                received(Data(buffer[0..<count]))
            }
            close(errors)
            lock.lock()
            closed = true
            let waiters = lineWaiters
            lineWaiters = []
            lock.unlock()
            for waiter in waiters { waiter.continuation.resume(returning: nil) }
            finished.leave()
        }
    }

    private func received(_ chunk: Data) {
        lock.lock()
        errorBuffer.append(chunk)
        var ready: [(CheckedContinuation<String?, Never>, String)] = []
        while let newline = errorBuffer.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: errorBuffer[errorBuffer.startIndex..<newline], as: UTF8.self)
            errorBuffer.removeSubrange(errorBuffer.startIndex...newline)
            errorLines.append(line)
            lineWaiters.removeAll { waiter in
                guard waiter.predicate(line) else { return false }
                ready.append((waiter.continuation, line))
                return true
            }
        }
        lock.unlock()
        for (continuation, line) in ready { continuation.resume(returning: line) }
    }

    /// The first stderr line (already seen or still to come) that satisfies `predicate`; nil if stderr closes first.
    func stderrLine(where predicate: @escaping (String) -> Bool) async -> String? {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let line = errorLines.first(where: predicate) {
                lock.unlock()
                continuation.resume(returning: line)
            } else if closed {
                lock.unlock()
                continuation.resume(returning: nil)
            } else {
                lineWaiters.append((predicate, continuation))
                lock.unlock()
            }
        }
    }

    func write(_ text: String) {
        Spawn.write(text, to: pipes.input)
    }

    func closeInput() {
        lock.withLock {
            if !inputClosed { close(pipes.input) }
            inputClosed = true
        }
    }

    /// Waits for the exit and returns status, stdout and all of stderr.
    func wait() -> ChildProcess.Result {
        closeInput()
        let status = Spawn.wait(pid)
        finished.wait()
        return lock.withLock {
            ChildProcess.Result(
                status: status, stdout: String(decoding: stdoutData, as: UTF8.self),
                stderr: (errorLines + [String(decoding: errorBuffer, as: UTF8.self)]).joined(separator: "\n"))
        }
    }
}
