import Foundation

/// RFC 8628: what the user must type where, and the code the program polls with.
public struct DeviceAuthorization: Sendable, Equatable {
    public var deviceCode: String
    public var userCode: String
    public var verificationURI: String
    public var verificationURIComplete: String?
    public var expiresIn: Int
    public var interval: Int

    public init(
        deviceCode: String, userCode: String, verificationURI: String, verificationURIComplete: String?, expiresIn: Int, interval: Int
    ) {
        self.deviceCode = deviceCode
        self.userCode = userCode
        self.verificationURI = verificationURI
        self.verificationURIComplete = verificationURIComplete
        self.expiresIn = expiresIn
        self.interval = interval
    }

    static func parse(_ response: HTTPResponse) throws(ConnectError) -> DeviceAuthorization {
        let fields = try TokenResponse.fields(of: response)
        if let error = fields["error"] as? String {
            throw .provider(
                error: TerminalText.safe(error), description: (fields["error_description"] as? String).map { TerminalText.safe($0) },
                status: response.status)
        }
        guard let deviceCode = fields["device_code"] as? String, let userCode = fields["user_code"] as? String,
            let uri = (fields["verification_uri"] ?? fields["verification_url"]) as? String
        else {
            throw .unreadableResponse(
                status: response.status, contentType: response.contentType, excerpt: TokenResponse.excerpt(response.body))
        }
        try TokenResponse.checkToken(deviceCode, field: "device_code")
        let lifetime = try Lifetime.seconds(fields["expires_in"], field: "expires_in") ?? 600
        let interval = try Lifetime.seconds(fields["interval"], field: "interval") ?? 5
        return DeviceAuthorization(
            deviceCode: deviceCode, userCode: TerminalText.safe(userCode), verificationURI: TerminalText.safe(uri),
            verificationURIComplete: (fields["verification_uri_complete"] as? String).map { TerminalText.safe($0) },
            // A device code lives minutes; hours of polling or of waiting between polls help nobody.
            expiresIn: Int(min(lifetime, 86_400)), interval: Int(min(max(interval, 1), 300)))
    }
}

extension TokenEndpoint {
    public func startDeviceAuthorization() async throws(ConnectError) -> DeviceAuthorization {
        var form: [KeyValue] = []
        if let scope = client.scopeParameter { form.append(KeyValue("scope", scope)) }
        let response = try await send(url: client.settings.deviceAuthorizationURL, label: "Device authorization URL", form: form)
        return try DeviceAuthorization.parse(response)
    }

    /// Polls until the user approves, denies, or the code expires; honours `slow_down`.
    public func pollDeviceToken(_ authorization: DeviceAuthorization, now: @Sendable () -> Date = Date.init) async throws(ConnectError)
        -> TokenSet
    {
        let deadline = now().addingTimeInterval(TimeInterval(authorization.expiresIn))
        var interval = max(1, authorization.interval)
        while now() < deadline {
            do {
                try await Task.sleep(for: .seconds(interval))
            } catch {
                throw .cancelled
            }
            do {
                return try await deviceToken(deviceCode: authorization.deviceCode)
            } catch .provider(let error, let description, _) where error == "authorization_pending" || error == "slow_down" {
                _ = description
                if error == "slow_down" { interval += 5 }
            } catch .provider(let error, _, _) where error == "expired_token" {
                throw .deviceCodeExpired
            } catch .provider(let error, let description, _) where error == "access_denied" {
                throw .denied(reason: description ?? "the request was denied")
            }
        }
        throw .deviceCodeExpired
    }
}
