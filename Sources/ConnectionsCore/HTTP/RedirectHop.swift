import Foundation

/// Where a request goes next while its redirects are followed: the method changes as browsers change it (303, and
/// 301/302 after a POST, become a GET without a body), and once a redirect leaves the first origin what follows
/// carries the request's uncredentialed form without the `originBound` headers, or is not followed at all.
struct RedirectHop: Sendable {
    private let request: HTTPRequest
    private let origin: Origin?
    private(set) var method: String
    private(set) var url: URL
    private(set) var headers: [KeyValue]
    private(set) var body: Data?
    private var credentialed = true
    private var followed = 0

    init(_ request: HTTPRequest) {
        self.request = request
        origin = Origin(request.url)
        method = request.method
        url = request.url
        headers = request.headers
        body = request.body
    }

    /// Moves on to where `response` redirects and says so; false when it is the answer (not a redirect, or one that
    /// is not followed). Throws past the last redirect allowed.
    mutating func follow(_ response: HTTPResponse) throws(HTTPError) -> Bool {
        guard HTTPClient.redirectStatuses.contains(response.status), let location = response.header("Location"),
            let next = URL(string: location, relativeTo: url)?.absoluteURL, let scheme = next.scheme?.lowercased(),
            scheme == "http" || scheme == "https", next.host?.isEmpty == false, next.user == nil, next.password == nil
        else { return false }
        let leaves = credentialed && Origin(next) != origin
        if leaves, request.crossOrigin == nil { return false }
        guard followed < HTTPClient.maximumRedirects else {
            throw .failed(host: Origin.hostLabel(request.url), reason: "more than \(HTTPClient.maximumRedirects) redirects")
        }
        if response.status == 303 && method != "HEAD" || [301, 302].contains(response.status) && method == "POST" {
            method = "GET"
            body = nil
            headers.removeAll { ["content-type", "content-length"].contains($0.key.lowercased()) }
        }
        if leaves, let stripped = request.crossOrigin {
            headers = stripped.headers.filter { header in
                let name = header.key.lowercased()
                return !HTTPClient.originBound.contains(name) && (body != nil || !["content-type", "content-length"].contains(name))
            }
            if body != nil { body = stripped.body }
            credentialed = false
        }
        url = next
        followed += 1
        return true
    }
}
