import Foundation

/// A FIFO the health hooks write their events into (`cat > FIFO`): reading one waits for a hook to run, however long
/// after its command ended it starts, since hooks are not waited for.
struct HookEvents {
    let path: String

    init(in directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("events.fifo").path
        guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// The config that sends both events here.
    var config: String {
        """
        hooks:
          on_failure: [/bin/sh, -c, 'cat > "$0"', \(path)]
          on_recovery: [/bin/sh, -c, 'cat > "$0"', \(path)]
        """
    }

    /// The next event a hook wrote, once it closed the FIFO; nil when none came within a minute.
    func next() throws -> [String: Any]? {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { throw CocoaError(.fileReadUnknown) }
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        // Linux reports the end (POLLHUP) only once a writer came and went, so this waits for a hook to write.
        while true {
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let count = poll(&ready, 1, 60_000)
            if count == 0 { return nil }
            if count < 0 {
                if errno == EINTR { continue }
                throw CocoaError(.fileReadUnknown)
            }
            let read = Glibc.read(descriptor, &buffer, buffer.count)
            if read > 0 {
                data.append(contentsOf: buffer[0..<read])
            } else if read == 0 {
                break
            } else if errno != EAGAIN && errno != EINTR {
                throw CocoaError(.fileReadUnknown)
            }
        }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? ["unreadable": String(decoding: data, as: UTF8.self)]
    }
}
