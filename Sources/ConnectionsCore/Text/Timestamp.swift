import Foundation

/// Fast, allocation-light formatting of times for lists of thousands of rows. Saturating: any date, however far
/// off, prints (as year 1 or 9999 at the extremes) instead of trapping.
public enum Timestamp {
    /// `2026-11-30T03:04:35Z`.
    public static func iso8601(_ date: Date) -> String {
        var seconds = time_t(date.clampedSecondsSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else { return "\(year)-01-01T00:00:00Z" }
        var text: [UInt8] = []
        text.reserveCapacity(20)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4)
        text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        text.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// `in 1h 2m`, `in 45s`, or `expired 3m ago`.
    public static func relative(_ date: Date, now: Date) -> String {
        let (seconds, text) = span(date, now: now)
        return seconds > 0 ? "in " + text : "expired " + text + " ago"
    }

    /// `3m 2s ago` for what happened, `in 1h 2m` for what is to come.
    public static func ago(_ date: Date, now: Date) -> String {
        let (seconds, text) = span(date, now: now)
        return seconds > 0 ? "in " + text : text + " ago"
    }

    private static func span(_ date: Date, now: Date) -> (seconds: Int, text: String) {
        let difference = date.clampedSecondsSince1970 - now.clampedSecondsSince1970
        let seconds = Int(difference.rounded())
        let span = abs(seconds)
        switch span {
        case ..<60: return (seconds, "\(span)s")
        case ..<3600: return (seconds, "\(span / 60)m \(span % 60)s")
        case ..<86400: return (seconds, "\(span / 3600)h \(span % 3600 / 60)m")
        case ..<(3 * 365 * 86400): return (seconds, "\(span / 86400)d \(span % 86400 / 3600)h")
        default: return (seconds, "\(span / (365 * 86400)) years")
        }
    }
}
