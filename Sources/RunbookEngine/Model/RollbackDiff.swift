import Foundation

/// `argocd app diff APP --revision TARGET`: what the rollback would change on the cluster, read before
/// its gate opens. Kept as the CLI printed it (the journal holds the text); the summary is read from it.
public struct RollbackDiff: Sendable, Equatable, Codable {
    /// The revision the live state was compared with (the rollback target).
    public var revision: Revision
    /// The CLI's output: a `===== group/Kind namespace/name ======` header per resource, then `diff`'s
    /// lines, `<` the live state and `>` the target. Empty when the CLI said there is no difference.
    public var text: String

    public init(revision: Revision, text: String) { self.revision = revision; self.text = text }

    /// The command that reads it: `argocd app diff APP --revision REV`, or for a multi-source entry one
    /// `--revisions R --source-positions N` pair per source (counted from 1), so the whole app is compared
    /// with what rolling back to that entry deploys.
    public static func argv(app: String, revision: Revision, sources: [HistorySource]) -> [String] {
        guard !sources.isEmpty else { return ["argocd", "app", "diff", app, "--revision", revision.rawValue] }
        return ["argocd", "app", "diff", app] + sources.enumerated().flatMap { position, source in
            ["--revisions", source.revision.rawValue, "--source-positions", String(position + 1)]
        }
    }

    /// One image the rollback swaps: live (now) → target.
    public struct ImageChange: Sendable, Equatable {
        public var resource: String
        public var from: String
        public var to: String
    }

    /// The resources that would change, as the headers name them ("apps/Deployment bookstore/catalog").
    public var resources: [String] { sections.map(\.resource) }

    public var isEmpty: Bool { resources.isEmpty && text.allSatisfy(\.isWhitespace) }

    /// Each `image:` the live side has and the target side has otherwise, paired in order per resource.
    public var imageChanges: [ImageChange] {
        sections.flatMap { section -> [ImageChange] in
            let live = section.lines.compactMap { Self.image(in: $0, side: "<") }
            let target = section.lines.compactMap { Self.image(in: $0, side: ">") }
            return zip(live, target).filter { $0 != $1 }.map { ImageChange(resource: section.resource, from: $0, to: $1) }
        }
    }

    /// "1 resource will change (apps/Deployment bookstore/catalog); image …@sha256:bad → …@sha256:good".
    public var summary: String {
        guard !isEmpty else {
            return "no difference against \(revision.short): nothing would change — is \(revision.short) the right target?"
        }
        let count = resources.count
        let names = resources.isEmpty ? "" : " (\(resources.joined(separator: ", ")))"
        let images = imageChanges.map { "image \($0.from) → \($0.to)" }
        return (["\(count) resource\(count == 1 ? "" : "s") will change\(names)"] + images).joined(separator: "; ")
    }

    private struct Section { var resource: String; var lines: [Substring] }

    private var sections: [Section] {
        var sections: [Section] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("===== "), trimmed.hasSuffix(" ======") {
                let name = trimmed.dropFirst(6).dropLast(7).trimmingCharacters(in: .whitespaces)
                // The core group is empty: "/Service ns/name" reads as "Service ns/name".
                sections.append(Section(resource: name.hasPrefix("/") ? String(name.dropFirst()) : name, lines: []))
            } else if !sections.isEmpty {
                sections[sections.count - 1].lines.append(line)
            }
        }
        return sections
    }

    /// The image on a `diff` line of `side` ("<" or ">"): `<         image: ghcr.io/acme/catalog@sha256:…`.
    private static func image(in line: Substring, side: Character) -> String? {
        guard line.first == side else { return nil }
        var rest = line.dropFirst().drop { $0 == " " }
        if rest.hasPrefix("- ") { rest = rest.dropFirst(2).drop { $0 == " " } }
        guard rest.hasPrefix("image:") else { return nil }
        let value = rest.dropFirst(6).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        return value.isEmpty ? nil : value
    }
}
