/// One problem with one field, worded for the user.
public struct FieldError: Sendable, Equatable, CustomStringConvertible {
    /// The field's key as in the service file, e.g. `oauth2.token_url`.
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// A whole form's worth of problems; thrown when a draft does not validate.
public struct ValidationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
