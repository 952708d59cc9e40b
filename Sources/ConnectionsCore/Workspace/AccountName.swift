import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who runs this process, for "created by" and a registered client's name: `$USER`, `$LOGNAME`, else the
/// account's name from the system (a service or container often sets neither variable).
public enum AccountName {
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        for key in ["USER", "LOGNAME"] {
            if let name = environment[key], !name.isEmpty { return name }
        }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name, let text = String(validatingCString: name), !text.isEmpty {
            return text
        }
        return "uid \(getuid())"
    }
}
