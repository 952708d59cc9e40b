import ArgumentParser
import ConnectionsCore

/// `k=v` on the command line (or `K: V` for headers).
struct KeyValueArgument: ExpressibleByArgument {
    let pair: KeyValue

    init?(argument: String) {
        guard let separator = argument.firstIndex(of: "="), separator != argument.startIndex else { return nil }
        pair = KeyValue(String(argument[..<separator]), String(argument[argument.index(after: separator)...]))
    }

    init(header: String) throws {
        guard let separator = header.firstIndex(of: ":"), separator != header.startIndex else {
            throw ValidationError("Header '\(header)' must look like 'Name: value'.")
        }
        pair = KeyValue(
            String(header[..<separator]).trimmingCharacters(in: .whitespaces),
            String(header[header.index(after: separator)...]).trimmingCharacters(in: .whitespaces))
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
