import Foundation

/// Reads the bad revision's diff (`git show REV` with whole files as context) into what changed per file:
/// YAML keys as dotted paths (`autoscaling.minReplicas`, `env[FLAG_X].value`, `images[ghcr.io/acme/catalog].digest`),
/// old → new, each judged by what it is, not by the commit message or the file's path alone.
public enum ChangeReader {
    /// Every file of `patch`, in the diff's order.
    public static func files(patch: String) -> [FileChange] {
        DiffFiles.split(patch).map(read)
    }

    static func read(_ diff: DiffFiles.File) -> FileChange {
        var old = YAMLSide(), new = YAMLSide()
        var removed: [YAMLSide.Entry] = [], added: [YAMLSide.Entry] = []
        for line in diff.lines {
            switch line.marker {
            case " ": old.take(line.text); new.take(line.text)
            case "-": if let entry = old.take(line.text) { removed.append(entry) }
            default: if let entry = new.take(line.text) { added.append(entry) }
            }
        }
        let role = FileRole.of(path: diff.path, isManifest: old.isManifest || new.isManifest)
        let isCRD = diff.path.split(separator: "/").contains("crds") || old.isCRD || new.isCRD
        func kind(_ entry: YAMLSide.Entry, _ side: YAMLSide) -> ChangeKind {
            isCRD ? .helmCRDs : Self.kind(key: entry.key, value: entry.value, role: role, documentKind: side.kind(of: entry))
        }
        var changes = pair(removed.map { ($0, kind($0, old)) }, added.map { ($0, kind($0, new)) })
        if role == .migration || diff.binary { changes = [] }
        let kinds = changes.isEmpty ? [isCRD ? .helmCRDs : role.defaultKind] : Array(Set(changes.map(\.kind))).sorted()
        return FileChange(path: diff.path, role: role, kinds: kinds, lines: Array(changes.prefix(FileChange.maxLines)),
                          moreLines: max(0, changes.count - FileChange.maxLines))
    }

    /// Removed and added values of the same key become one change; a value that only moved is no change.
    static func pair(_ removed: [(YAMLSide.Entry, ChangeKind)], _ added: [(YAMLSide.Entry, ChangeKind)]) -> [KeyChange] {
        var order: [String] = []
        var olds: [String: [(String, ChangeKind)]] = [:], news: [String: [(String, ChangeKind)]] = [:]
        for (entry, kind) in removed {
            if olds[entry.key] == nil, news[entry.key] == nil { order.append(entry.key) }
            olds[entry.key, default: []].append((entry.value, kind))
        }
        for (entry, kind) in added {
            if olds[entry.key] == nil, news[entry.key] == nil { order.append(entry.key) }
            news[entry.key, default: []].append((entry.value, kind))
        }
        return order.flatMap { key -> [KeyChange] in
            let o = olds[key] ?? [], n = news[key] ?? []
            return (0..<max(o.count, n.count)).compactMap { index in
                let before = index < o.count ? o[index] : nil, after = index < n.count ? n[index] : nil
                if before?.0 == after?.0 { return nil }
                let kind = [before?.1, after?.1].compactMap { $0 }.min() ?? .other
                return KeyChange(key: key, old: before?.0, new: after?.0, kind: kind)
            }
        }
    }

    /// One changed key's kind, from the key and value themselves and what the file (or its YAML document) is.
    static func kind(key: String, value: String, role: FileRole, documentKind: String?) -> ChangeKind {
        let parts = key.lowercased().split(separator: ".").map { $0.split(separator: "[").first.map(String.init) ?? "" }
        if documentKind == "CustomResourceDefinition" { return .helmCRDs }
        if role == .kustomization {
            switch parts.first ?? "" {
            case "images": return .image
            case "configmapgenerator", "secretgenerator": return .configOnly
            default: return .kustomize
            }
        }
        let last = parts.last ?? ""
        let imageKey = parts.contains { $0.contains("image") } && ["image", "digest", "tag", "repository", "newtag", "newname"].contains(last)
        if imageKey || value.contains("@sha256:") || value.hasPrefix("sha256:") { return .image }
        if documentKind == "ConfigMap" || parts.contains(where: { $0 == "env" || $0 == "envfrom" || $0.contains("flag") }) { return .configOnly }
        return role.defaultKind
    }
}

extension FileRole {
    /// A file's role by the names Helm and kustomize give their files, and for YAML whether it is a manifest.
    static func of(path: String, isManifest: Bool) -> FileRole {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last!) : ""
        if name == "kustomization.yaml" || name == "kustomization.yml" || name == "kustomization" { return .kustomization }
        if name == "chart.yaml" || name == "chart.lock" { return .chart }
        if name.hasPrefix("values") && (ext == "yaml" || ext == "yml") { return .helmValues }
        if ext == "sql" { return .migration }
        if ["yaml", "yml", "json"].contains(ext) { return isManifest ? .manifest : .appConfig }
        if name == ".env" || ["env", "properties", "toml", "ini", "conf"].contains(ext) { return .appConfig }
        return .other
    }

    /// The kind of a change in this file that no key says more about.
    var defaultKind: ChangeKind {
        switch self {
        case .helmValues: .helmValues
        case .kustomization: .kustomize
        case .appConfig: .configOnly
        case .chart, .manifest, .migration, .other: .other
        }
    }
}
