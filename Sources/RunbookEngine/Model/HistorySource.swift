import Foundation

/// One source of a multi-source Application's history entry: `status.history[].sources[i]` with
/// `revisions[i]` (the entry's own `revision` and `source` are empty then).
public struct HistorySource: Sendable, Equatable, Codable {
    /// `repoURL`: a git repository, or a Helm repository when `chart` is set.
    public var repoURL: String
    /// `path` inside a git repository (nil for a Helm chart).
    public var path: String?
    /// `chart`: the Helm chart's name; its revision is then a chart version, not a commit.
    public var chart: String?
    /// `revisions[i]`: the commit (or chart version) this source was deployed at.
    public var revision: Revision

    public init(repoURL: String, path: String? = nil, chart: String? = nil, revision: Revision) {
        self.repoURL = repoURL; self.path = path; self.chart = chart; self.revision = revision
    }

    /// What the History pane names the source by: "git.example.com/platform.git apps/catalog", "charts.example.com catalog (chart)".
    public var label: String {
        let repo = repoURL.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
        if let chart, !chart.isEmpty { return "\(repo.isEmpty ? "?" : repo) \(chart) (chart)" }
        guard let path, !path.isEmpty, path != "." else { return repo.isEmpty ? "?" : repo }
        return "\(repo.isEmpty ? "?" : repo) \(path)"
    }

    /// The entry's one revision for git (Step 0's migrations, Step 2's diagnosis, 3d's revert): the first
    /// source that is a git repository; a Helm chart's version is no commit. All charts: the first.
    public static func primary(_ sources: [HistorySource]) -> Revision? {
        (sources.first { ($0.chart ?? "").isEmpty } ?? sources.first)?.revision
    }
}
