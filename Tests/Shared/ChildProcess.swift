import ConnectionsCore
import Foundation

/// Child processes through posix_spawn and waitpid. Foundation's Process can spin forever in
/// `waitUntilExit` off the main thread on Linux, so the tests do not use it.
enum Spawn {
    struct Pipes {
        var input: Int32 = -1
        var output: Int32 = -1
        var errors: Int32 = -1
    }

    /// Starts `executable`; the returned descriptors are the parent's ends (stdin to write, stdout and stderr to read).
    static func start(_ executable: String, _ arguments: [String], environment: [String: String]?) throws -> (pid: pid_t, pipes: Pipes) {
        var stdin: [Int32] = [0, 0], stdout: [Int32] = [0, 0], stderr: [Int32] = [0, 0]
        // Close-on-exec: no other child may inherit these ends, or a server would never see its stdin close.
        guard pipe(&stdin) == 0, pipe(&stdout) == 0, pipe(&stderr) == 0 else { throw CocoaError(.fileWriteUnknown) }
        for descriptor in stdin + stdout + stderr { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdout[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderr[1], 2)
        ChildLauncher.closeInheritedDescriptors(&actions)
        // The test runner's threads block signals; the child starts with none blocked and default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        ChildLauncher.startWithDefaultSignals(&attributes)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment = environment ?? ProcessInfo.processInfo.environment
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(stdin[0]); close(stdout[1]); close(stderr[1])
        guard result == 0 else {
            close(stdin[1]); close(stdout[0]); close(stderr[0])
            throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: executable])
        }
        return (pid, Pipes(input: stdin[1], output: stdout[0], errors: stderr[0]))
    }

    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return -1 }
        }
        // WIFEXITED / WEXITSTATUS, spelled out: Swift does not import the macros.
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    static func readAll(_ descriptor: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 { data.append(buffer, count: count) } else if count == 0 || errno != EINTR { break }
        }
        close(descriptor)
        return data
    }

    static func write(_ text: String, to descriptor: Int32) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBufferPointer { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            offset += written
        }
    }
}

/// Runs a program to completion and collects its output.
struct ChildProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// curl with these arguments; the HTTP status and the body.
    static func curl(_ arguments: [String]) throws -> (status: Int, body: String) {
        let result = try run("/usr/bin/curl", ["-sS", "-w", "\n%{http_code}"] + arguments)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: String? = nil) throws
        -> Result
    {
        let (pid, pipes) = try Spawn.start(executable, arguments, environment: environment)
        if let input { Spawn.write(input, to: pipes.input) }
        close(pipes.input)
        // Drain stderr alongside stdout so that neither pipe fills up and blocks the child.
        let errorData = DataBox()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errorData.data = Spawn.readAll(pipes.errors) }
        let outputData = Spawn.readAll(pipes.output)
        group.wait()
        let status = Spawn.wait(pid)
        return Result(
            status: status, stdout: String(decoding: outputData, as: UTF8.self), stderr: String(decoding: errorData.data, as: UTF8.self))
    }

    /// The first of `names` found on PATH (or given as an absolute path).
    static func find(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            if name.hasPrefix("/") { if FileManager.default.isExecutableFile(atPath: name) { return name } else { continue } }
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }
}

final class DataBox: @unchecked Sendable {
    var data = Data()
}

/// A long-running helper (a test server) that prints one ready line, and stops when the value is released.
final class BackgroundServer: @unchecked Sendable {
    let pid: pid_t
    private let pipes: Spawn.Pipes
    let readyLine: String

    init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        (pid, pipes) = try Spawn.start(executable, arguments, environment: environment)
        var line = Data()
        var byte: UInt8 = 0
        while read(pipes.output, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        readyLine = String(decoding: line, as: UTF8.self)
        // Keep draining its output so that it never blocks on a full pipe.
        let output = pipes.output, errors = pipes.errors
        DispatchQueue.global().async { _ = Spawn.readAll(output) }
        DispatchQueue.global().async { _ = Spawn.readAll(errors) }
    }

    deinit {
        close(pipes.input)
        kill(pid, SIGTERM)
        _ = Spawn.wait(pid)
    }
}
