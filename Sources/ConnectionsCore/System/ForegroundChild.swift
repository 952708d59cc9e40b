import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program in our place, as `connections exec` does: our stdin, stdout and stderr, none of our other
/// descriptors, in our process group (so it can read the terminal, and Ctrl-C reaches it from the terminal itself);
/// SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 sent to us by another process are passed on to it.
public enum ForegroundChild {
    public enum End: Sendable, Equatable {
        case exited(Int32)
        case killed(signal: Int32)
    }

    static let forwardedSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2]

    /// Where a shell would find `command`: as given when it holds a slash, else the first executable file of that name
    /// in `path` (an empty entry is the current directory).
    public static func resolve(_ command: String, path: String?) throws(ExecError) -> String {
        if command.contains("/") {
            if let problem = problem(command) {
                throw problem.exists ? .notExecutable(command, reason: problem.reason) : .commandNotFound(command)
            }
            return command
        }
        guard !command.isEmpty else { throw .commandNotFound(command) }
        var found: (exists: Bool, reason: String)?
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + command
            guard let problem = problem(candidate) else { return candidate }
            if problem.exists, found == nil { found = problem }
        }
        if let found { throw .notExecutable(command, reason: found.reason) }
        throw .commandNotFound(command)
    }

    private static func problem(_ file: String) -> (exists: Bool, reason: String)? {
        var info = stat()
        guard stat(file, &info) == 0 else { return (false, "no such file") }
        if (info.st_mode & S_IFMT) == S_IFDIR { return (true, "it is a directory") }
        return access(file, X_OK) == 0 ? nil : (true, "permission denied")
    }

    /// Starts `executable` (`arguments` are its argv, the first being its name) with `environment`, waits for it, and
    /// says how it ended. Signals are forwarded from just before it starts until it ends.
    public static func run(_ executable: String, arguments: [String], environment: [String: String]) throws(ExecError) -> End {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        ChildLauncher.closeInheritedDescriptors(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        ChildLauncher.startWithDefaultSignals(&attributes)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // Touched here, so that the signal handler never initializes them.
        SignalForwarding.child.store(0, ordering: .sequentiallyConsistent)
        SignalForwarding.pending.store(0, ordering: .sequentiallyConsistent)
        installForwarding()
        var pid: pid_t = 0
        let started = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard started == 0 else {
            restoreSignals()
            throw .notExecutable(executable, reason: String(cString: strerror(started)))
        }
        SignalForwarding.child.store(pid, ordering: .sequentiallyConsistent)
        let early = SignalForwarding.pending.exchange(0, ordering: .sequentiallyConsistent)
        if early != 0 { kill(pid, early) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        SignalForwarding.child.store(0, ordering: .sequentiallyConsistent)
        restoreSignals()
        // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out: Swift does not import the macros.
        return (status & 0x7F) == 0 ? .exited((status >> 8) & 0xFF) : .killed(signal: status & 0x7F)
    }

    /// Ends this process as the child ended: with its exit code, or killed by the same signal (no core file of ours);
    /// should the signal not end us, with 128 + its number, as a shell reports it.
    public static func exit(like end: End) -> Never {
        switch end {
        case .exited(let code):
            Foundation.exit(code)
        case .killed(let number):
            var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
            _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
            signal(number, SIG_DFL)
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, number)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            raise(number)
            Foundation.exit(128 + number)
        }
    }

    private static func installForwarding() {
        for number in forwardedSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = forwardSignal
            action.sa_flags = SA_SIGINFO | SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
        var set = sigset_t()
        sigemptyset(&set)
        for number in forwardedSignals { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    private static func restoreSignals() {
        for number in forwardedSignals { signal(number, SIG_DFL) }
    }
}

/// The child that signals go to; 0 before it starts, when a signal is kept in `pending`.
private enum SignalForwarding {
    static let child = Atomic<Int32>(0)
    static let pending = Atomic<Int32>(0)
}

/// What the terminal sends (Ctrl-C, Ctrl-\) reaches the whole foreground process group, the child included: only what
/// another process sent us (`kill`) is passed on, so that the child gets each signal once.
private func forwardSignal(_ number: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    let sentByKernel: Int32 = 0x80  // SI_KERNEL
    if info?.pointee.si_code == sentByKernel { return }
    let child = SignalForwarding.child.load(ordering: .sequentiallyConsistent)
    if child > 0 {
        kill(child, number)
    } else {
        SignalForwarding.pending.store(number, ordering: .sequentiallyConsistent)
    }
}
