import ArgumentParser
import ConnectionsCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the commands print for a person, made safe for a terminal first (provider text can hold escape sequences).
enum Output {
    static func say(_ text: String, terminator: String = "\n") {
        print(TerminalText.safeLines(text), terminator: terminator)
    }

    /// The terminal's width when standard output is one; nil when piped or redirected, where tables stay whole.
    static var terminalWidth: Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// A credential printed for a script (`$(connections token LINK)`): printable ASCII only, as RFC 6749 says a
    /// token is, so that it can neither split a header nor drive the terminal.
    static func credential(_ value: Secret, linkName: String) throws {
        guard !value.exposedValue.isEmpty, value.exposedValue.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else {
            throw ValidationError(
                "The stored credential of \(linkName) holds characters a token may not contain (line breaks or control characters), so it "
                    + "is not printed. Connect \(linkName) again."
            )
        }
        print(value.exposedValue)
    }
}

enum StandardError {
    /// Writes `text`, made safe for a terminal, with write(2) itself: no copy into `Data`, no lock of FileHandle's (the
    /// proxy logs a line a request).
    static func write(_ text: String) {
        var safe = TerminalText.safeLines(text)
        safe.withUTF8 { writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
    }
}
