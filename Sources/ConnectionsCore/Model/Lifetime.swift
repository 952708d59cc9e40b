import Foundation

/// Spans of time as providers send them (`expires_in`, `interval`), made safe to store and to compute with.
public enum Lifetime {
    /// Ten years: a longer lifetime is stored as this.
    public static let longest: TimeInterval = 10 * 365 * 86_400

    /// The seconds a provider gave as a number or as text: nil when absent or zero; an error for what is not a
    /// finite, non-negative number; absurdly long spans cut to `longest`.
    static func seconds(_ value: Any?, field: String) throws(ConnectError) -> TimeInterval? {
        let number: Double
        switch value {
        case nil, is NSNull: return nil
        case let given as NSNumber: number = given.doubleValue
        case let text as String:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            guard let parsed = Double(trimmed) else { throw .invalidLifetime(field: field, value: TerminalText.safe(trimmed, limit: 40)) }
            number = parsed
        default: throw .invalidLifetime(field: field, value: TerminalText.safe("\(value!)", limit: 40))
        }
        guard number.isFinite, number >= 0 else {
            let shown = number.isFinite && number == number.rounded() && abs(number) < 1e15 ? "\(Int(number))" : "\(number)"
            throw .invalidLifetime(field: field, value: shown)
        }
        return number == 0 ? nil : min(number, longest)
    }
}

extension Date {
    /// Year 1 to year 9999: every date we store or print stays inside this, whatever a row holds.
    static let earliestKept = -62_135_596_800.0
    static let latestKept = 253_402_300_799.0

    /// A date from seconds since 1970 that never traps: non-finite becomes nil, the rest is clamped.
    public static func saturating(secondsSince1970 seconds: Double?) -> Date? {
        guard let seconds, !seconds.isNaN else { return nil }
        return Date(timeIntervalSince1970: Swift.min(Swift.max(seconds, earliestKept), latestKept))
    }

    /// Seconds since 1970, clamped to the kept range.
    var clampedSecondsSince1970: Double {
        let seconds = timeIntervalSince1970
        return seconds.isNaN ? 0 : Swift.min(Swift.max(seconds, Date.earliestKept), Date.latestKept)
    }
}
