import ArgumentParser
import Foundation

/// A file named on the command line, `-` for standard input.
enum InputFile {
    /// Its bytes; `unreadable` is the error when there is no such file, or it cannot be read.
    static func contents(_ path: String, unreadable: @autoclosure () -> String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let contents = FileManager.default.contents(atPath: path) else { throw ValidationError(unreadable()) }
        return contents
    }
}
