/// RFC 1123 names, as Kubernetes and Argo CD require them for apps, namespaces and deployments.
/// Checked before a name reaches any command line: a name starting with `-` would be read as a flag.
public enum KubernetesName {
    /// A DNS-1123 subdomain: at most 253 characters of lowercase letters, digits, `-` and `.`,
    /// starting and ending with a letter or digit (Application and Deployment names).
    public static func subdomainProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.count > 253 { return "is longer than 253 characters" }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            if label.isEmpty { return "has an empty part between dots (RFC 1123)" }
            if let problem = labelProblem(String(label), limit: 253) { return problem }
        }
        return nil
    }

    /// A DNS-1123 label: at most 63 characters, no dots (namespaces).
    public static func labelProblem(_ name: String, limit: Int = 63) -> String? {
        if name.isEmpty { return "is empty" }
        if name.count > limit { return "is longer than \(limit) characters" }
        if let bad = name.first(where: { !(("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-") }) {
            return "contains '\(bad)': only lowercase letters, digits and '-' are allowed (RFC 1123)"
        }
        if name.first == "-" || name.last == "-" { return "must start and end with a letter or digit (RFC 1123)" }
        return nil
    }
}
