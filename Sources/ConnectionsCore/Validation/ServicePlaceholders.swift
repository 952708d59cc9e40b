import Foundation

extension Service {
    /// Every URL of the service that may hold `{placeholders}`: the API base, the sign-in URLs, the after-connect lookups.
    public var urlTemplates: [String] {
        var texts = [apiBase] + afterConnect.map(\.url)
        switch auth {
        case .oauth2(let settings):
            texts += [settings.authorizeURL, settings.tokenURL, settings.refreshURL, settings.revokeURL, settings.deviceAuthorizationURL]
        case .oauth1(let settings): texts += [settings.requestTokenURL, settings.authorizeURL, settings.accessTokenURL]
        case .apiKey, .basic: break
        }
        return texts.filter { !$0.isEmpty }
    }

    /// The values that do not fit a place they fill in `texts` (every URL of the service when nil), one problem per
    /// name: each value checked for its place, and a whole URL's host against `allowed_hosts`.
    public func placeholderProblems(_ values: [String: String], in texts: [String]? = nil) -> [PlaceholderProblem] {
        var problems: [PlaceholderProblem] = []
        var seen = Set<String>()
        func add(_ problem: PlaceholderProblem) {
            if seen.insert(problem.name).inserted { problems.append(problem) }
        }
        let hostPatterns = texts == nil ? allowedHosts.map { URLTemplate(hostPattern: $0) } : []
        let templates = (texts ?? urlTemplates).map { URLTemplate($0) } + hostPatterns
        for template in templates {
            template.filling(values).problems.forEach(add)
            for (name, position) in template.placeholders where position == .url && !seen.contains(name) {
                guard let value = values[name], let reason = CredentialScope.wholeURLProblem(value, service: self, values: values) else {
                    continue
                }
                add(PlaceholderProblem(name: name, value: value, template: template.text, reason: reason))
            }
        }
        return problems
    }
}
