import Foundation
import Synchronization

/// Starts helper programs (the browser, clipboard tools) with nothing of ours but stdin, stdout and stderr.
/// Foundation's Process lets every open descriptor through; a browser that inherited the loopback listener
/// would keep its port bound long after the sign-in ended.
public enum ChildLauncher {
    /// Starts `executable` with stdio on /dev/null and does not wait; the child is reaped in the background, and
    /// its exit status arrives in the result. Nil when it could not start.
    public static func launch(_ executable: String, _ arguments: [String], environment: [String: String]) -> FirstResult<Int32>? {
        guard let pid = spawn(executable, arguments, environment: environment, stdin: nil) else { return nil }
        let exit = FirstResult<Int32>()
        Thread.detachNewThread { exit.finish(.success(reap(pid))) }
        return exit
    }

    /// Runs `executable` with `input` on its stdin; true when it exits with 0. With a `timeout`, a child still running
    /// then is killed (and the answer is false).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], input: Data, timeout: TimeInterval? = nil
    ) -> Bool {
        guard let pid = spawn(executable, arguments, environment: environment, input: input) else { return false }
        guard let timeout else { return reap(pid) == 0 }
        let ended = DispatchSemaphore(value: 0)
        let status = Mutex<Int32>(-1)
        Thread.detachNewThread {
            let code = reap(pid)
            status.withLock { $0 = code }
            ended.signal()
        }
        if ended.wait(timeout: .now() + timeout) == .timedOut {
            kill(pid, SIGKILL)
            ended.wait()
            return false
        }
        return status.withLock { $0 } == 0
    }

    /// Starts `executable` with `input` on its stdin and does not wait (the child is reaped in the background); false
    /// when it could not start.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String], input: Data) -> Bool {
        guard let pid = spawn(executable, arguments, environment: environment, input: input) else { return false }
        Thread.detachNewThread { _ = reap(pid) }
        return true
    }

    /// Spawns `executable` and writes `input` to its stdin, then closes it.
    private static func spawn(_ executable: String, _ arguments: [String], environment: [String: String], input: Data) -> pid_t? {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        let pid = spawn(executable, arguments, environment: environment, stdin: ends[0])
        close(ends[0])
        guard let pid else {
            close(ends[1])
            return nil
        }
        input.withUnsafeBytes { writeAll(ends[1], $0) }
        close(ends[1])
        return pid
    }

    /// Adds "close every descriptor from 3 up" to spawn file actions.
    public static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        if let addCloseFrom {
            _ = addCloseFrom(&actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
        for descriptor in open where descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
    }

    /// The child starts with no signal blocked and every handler at its default (threads here block some).
    public static func startWithDefaultSignals(_ attributes: inout posix_spawnattr_t, extraFlags: Int32 = 0) {
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | extraFlags))
    }

    /// glibc 2.34+ has `posix_spawn_file_actions_addclosefrom_np`, but its header hides it from Swift.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// Runs `executable` and returns what it printed (up to 64 KB), or nil when it did not exit with 0.
    public static func output(_ executable: String, _ arguments: [String], environment: [String: String]) -> String? {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        let pid = spawn(executable, arguments, environment: environment, stdin: nil, stdout: ends[1])
        close(ends[1])
        defer { close(ends[0]) }
        guard let pid else { return nil }
        var collected = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while collected.count < 65_536 {
            let count = read(ends[0], &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            collected.append(contentsOf: buffer[0..<count])
        }
        return reap(pid) == 0 ? String(decoding: collected, as: UTF8.self) : nil
    }

    private static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String], stdin: Int32?, stdout: Int32? = nil
    ) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        if let stdout {
            posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        closeInheritedDescriptors(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A session of its own: Ctrl-C in our terminal does not reach the browser.
        startWithDefaultSignals(&attributes, extraFlags: 0x80 /* POSIX_SPAWN_SETSID */)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        return posix_spawn(&pid, executable, &actions, &attributes, argv, envp) == 0 ? pid : nil
    }

    private static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return -1 }
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
