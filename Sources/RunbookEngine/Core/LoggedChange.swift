import Foundation

/// Step 2's evidence as the Output log keeps it: the classification, `git show REV --stat` as git printed
/// it (its first lines), and the changed keys per file. Text from git: the screen passes it through `TerminalSafe`.
public struct LoggedChange: Sendable, Equatable, Codable {
    public var at: Date
    public var revision: Revision
    /// "Helm values edit (autoscaling.minReplicas)", or the older journals' kind.
    public var summary: String
    public var kind: ChangeKind?
    public var stat: String
    /// Stat lines left out at the bottom (beyond `OutputLog.maxOutputLines`).
    public var droppedLines: Int
    /// Nil when the journal predates reading the diff.
    public var files: [FileChange]?
    /// Where the image digest is pinned, in words ("the Helm values (app/catalog/values.yaml image.digest)").
    public var pins: [String]

    init(at: Date, revision: Revision, change: ChangeEvidence) {
        self.at = at
        self.revision = revision
        summary = change.files == nil ? (change.kind?.title ?? "no files changed") + " (from the file names: no diff in this journal)" : change.summary
        kind = change.kind
        let lines = change.stat.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        stat = OutputLog.cut(lines.prefix(OutputLog.maxOutputLines))
        droppedLines = max(0, lines.count - OutputLog.maxOutputLines)
        files = change.files
        pins = change.imagePins.map { pin in
            let digests = (pin.oldDigest ?? pin.old ?? "none") + " → " + (pin.newDigest ?? pin.new ?? "none")
            return "image pinned in \(pin.whereText): \(digests)"
        }
    }
}
