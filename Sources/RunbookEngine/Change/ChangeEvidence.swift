import Foundation

/// Step 2's evidence: what the bad revision changed, as `git show REV --stat` prints it and as its diff
/// reads (the lines that matter, per file). Text from git: pass it through `TerminalSafe` before showing.
public struct ChangeEvidence: Sendable, Equatable, Codable {
    /// `git show REV --stat`: the commit's header, its message and the files it touched.
    public var stat: String
    /// The files the diff changed, with the lines that matter; nil in journals written before the
    /// console read the diff (they carry the stat alone).
    public var files: [FileChange]?

    public init(stat: String, files: [FileChange]?) { self.stat = stat; self.files = files }

    /// The kinds the diff shows, most important first; empty when the diff was not read.
    public var kinds: [ChangeKind] { Array(Set((files ?? []).flatMap(\.kinds))).sorted() }

    /// The change as one kind: CRDs over an image over a patch over a values edit; config only when every
    /// changed line is config (env vars, feature-flag keys, ConfigMaps), the runbook's kill-switch case.
    public var kind: ChangeKind? {
        guard files != nil else { return LegacyChangeKind.read(stat: stat) }
        let kinds = self.kinds
        // Config only means nothing else: a flag flip beside a migration or a manifest edit is not the kill switch's case.
        if kinds.first == .configOnly, kinds.contains(.other) { return .other }
        return kinds.first
    }

    /// The changed keys of one kind ("autoscaling.minReplicas"), in the diff's order, each once.
    public func keys(_ kind: ChangeKind) -> [String] {
        var seen = Set<String>()
        return (files ?? []).flatMap { $0.lines.filter { $0.kind == kind }.map(\.key) }.filter { seen.insert($0).inserted }
    }

    /// The classification in words, naming what it was judged on: "Helm values edit (autoscaling.minReplicas)".
    public var summary: String {
        guard let kind else { return "no files changed" }
        let keys = files == nil ? [] : keys(kind)
        let named = keys.isEmpty ? "" : " (" + keys.prefix(4).joined(separator: ", ") + (keys.count > 4 ? ", …" : "") + ")"
        let also = kinds.dropFirst().filter { $0 != .other }.map(\.title)
        return kind.title + named + (also.isEmpty ? "" : "; also " + also.joined(separator: ", "))
    }

    /// Where the image digest is pinned, from the lines that changed it.
    public var imagePins: [ImagePin] {
        (files ?? []).flatMap { file in
            file.lines.filter { $0.kind == .image }.compactMap { line in
                ImagePin(file: file.path, key: line.key, old: line.old, new: line.new, place: file.role.pinPlace)
            }
        }
    }

    /// The CustomResourceDefinitions the diff adds or changes (their files).
    public var crdFiles: [String] { (files ?? []).filter { $0.kinds.contains(.helmCRDs) }.map(\.path) }

    // Journals written before the diff was read hold the stat as a plain string: read it, and write it back so.
    public init(from decoder: any Decoder) throws {
        if let stat = try? decoder.singleValueContainer().decode(String.self) {
            self.init(stat: stat, files: nil)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(stat: try container.decode(String.self, forKey: .stat),
                  files: try container.decodeIfPresent([FileChange].self, forKey: .files))
    }

    public func encode(to encoder: any Encoder) throws {
        guard let files else {
            var single = encoder.singleValueContainer()
            try single.encode(stat)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stat, forKey: .stat)
        try container.encode(files, forKey: .files)
    }

    private enum CodingKeys: String, CodingKey { case stat, files }
}

/// One file of the bad revision's diff: what kind of file it is and the lines of it that matter.
public struct FileChange: Sendable, Equatable, Codable {
    public var path: String
    public var role: FileRole
    /// What its changed lines are (CRD first); `.other` for a file whose lines say nothing the runbook asks about.
    public var kinds: [ChangeKind]
    /// The changed keys, old → new, at most `FileChange.maxLines`.
    public var lines: [KeyChange]
    /// Changed keys left out beyond `maxLines`.
    public var moreLines: Int

    public static let maxLines = 12

    public init(path: String, role: FileRole, kinds: [ChangeKind], lines: [KeyChange], moreLines: Int) {
        self.path = path; self.role = role; self.kinds = kinds; self.lines = lines; self.moreLines = moreLines
    }
}

/// What a file is to the deploy, by the names Helm and kustomize give their files and by its content.
public enum FileRole: String, Sendable, Codable {
    case helmValues, kustomization, chart, manifest, appConfig, migration, other

    var pinPlace: ImagePin.Place {
        switch self {
        case .helmValues: .helmValues
        case .kustomization: .kustomization
        default: .manifest
        }
    }
}

/// One changed key: `image.digest`, `autoscaling.minReplicas`, `images[ghcr.io/acme/catalog].digest`,
/// `env[FEATURE_X].value`; `old` nil when added, `new` nil when removed.
public struct KeyChange: Sendable, Equatable, Codable {
    public var key: String
    public var old: String?
    public var new: String?
    public var kind: ChangeKind

    public init(key: String, old: String?, new: String?, kind: ChangeKind) {
        self.key = key; self.old = old; self.new = new; self.kind = kind
    }

    /// "autoscaling.minReplicas: 4 → 1", "+ featureFlags.x: true", "− env[A].value: 1".
    public var text: String {
        switch (old, new) {
        case let (old?, new?): "\(key): \(old) → \(new)"
        case let (nil, new?): "+ \(key): \(new)"
        case let (old?, nil): "− \(key): \(old)"
        case (nil, nil): key
        }
    }
}

/// Where the bad revision pinned an image: the runbook's "image digest pinning" false start asks whether
/// it is in the Helm values or in the kustomization's `images:`.
public struct ImagePin: Sendable, Equatable {
    public enum Place: String, Sendable { case helmValues, kustomization, manifest }
    public var file: String
    public var key: String
    public var old: String?
    public var new: String?
    public var place: Place

    /// The digest the rollback should bring back (`sha256:…`), when the old value names one.
    public var oldDigest: String? { old.flatMap(Self.digest) }
    public var newDigest: String? { new.flatMap(Self.digest) }

    static func digest(_ value: String) -> String? {
        guard let range = value.range(of: "sha256:") else { return nil }
        let hex = value[range.upperBound...].prefix { $0.isHexDigit }
        return hex.isEmpty ? nil : "sha256:" + hex
    }

    /// "the Helm values (app/catalog/values.yaml image.digest)".
    public var whereText: String {
        switch place {
        case .helmValues: "the Helm values (\(file) \(key))"
        case .kustomization: "the kustomization's images: (\(file) \(key))"
        case .manifest: "a manifest (\(file) \(key))"
        }
    }
}

extension ChangeKind {
    /// The kind as a short title, without the advice the description carries.
    public var title: String {
        switch self {
        case .image: "image digest or tag bump"
        case .helmValues: "Helm values edit"
        case .kustomize: "Kustomize patch"
        case .configOnly: "config only"
        case .helmCRDs: "CRD change"
        case .other: "other files"
        }
    }
}
