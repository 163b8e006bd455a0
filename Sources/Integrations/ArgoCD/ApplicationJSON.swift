import Foundation
import RunbookEngine

/// The fields of `argocd app get APP -o json` the runbook reads (the Application without
/// apiVersion/kind: `metadata`, `spec`, `status`), decoded leniently: absent is not an error.
struct ApplicationJSON: Decodable {
    struct Metadata: Decodable {
        var name: String?
        var annotations: [String: String]?
        var labels: [String: String]?
        var ownerReferences: [OwnerReference]?
    }
    struct OwnerReference: Decodable { var kind: String?; var name: String? }
    struct Spec: Decodable {
        var syncPolicy: SyncPolicy?; var destination: Destination?; var project: String?; var revisionHistoryLimit: Double?
        var source: SpecSource?; var sources: [SpecSource]?
    }
    struct SpecSource: Decodable { var targetRevision: String? }
    struct Destination: Decodable { var server: String?; var name: String? }
    struct SyncPolicy: Decodable { var automated: Automated? }
    struct Automated: Decodable { var prune: Bool?; var selfHeal: Bool?; var allowEmpty: Bool?; var enabled: Bool? }
    struct Status: Decodable {
        var health: Health?
        var sync: Sync?
        var history: [History]?
        var operationState: Operation?
        var summary: Summary?
        var resources: [Resource]?
    }
    struct Resource: Decodable { var group: String?; var kind: String?; var namespace: String?; var name: String? }
    struct Health: Decodable { var status: String? }
    struct Sync: Decodable { var status: String?; var revision: String? }
    struct History: Decodable { var id: Int; var revision: String?; var revisions: [String]?; var sources: [Source]?; var deployedAt: String? }
    struct Source: Decodable { var repoURL: String?; var path: String?; var chart: String? }
    struct Operation: Decodable {
        var phase: String?
        var message: String?
        var syncResult: SyncResult?
        var startedAt: String?
        var finishedAt: String?
    }
    struct SyncResult: Decodable { var revision: String? }
    struct Summary: Decodable { var images: [String]? }

    var metadata: Metadata?
    var spec: Spec?
    var status: Status?

    /// Reads the CLI's output; anything unreadable is a `.malformed` PortError naming the command.
    static func decode(_ stdout: String, command: String, app: String) throws -> Application {
        let json: ApplicationJSON
        do { json = try JSONDecoder().decode(ApplicationJSON.self, from: Data(stdout.utf8)) } catch {
            let start = stdout.trimmingCharacters(in: .whitespacesAndNewlines).prefix(60)
            throw PortError(.malformed, "\(command) printed something that is not an Application's JSON (\(Self.reason(error))): \(start.isEmpty ? "nothing" : String(start))")
        }
        guard json.metadata != nil || json.status != nil else {
            throw PortError(.malformed, "\(command) printed JSON without metadata or status: not an Application")
        }
        return try json.application(fallbackName: app, command: command)
    }

    func application(fallbackName: String, command: String) throws -> Application {
        let status = self.status
        var history: [HistoryEntry] = []
        for entry in status?.history ?? [] {
            let sources = try Self.sources(of: entry, command: command)
            // A multi-source entry's `revision` is there but empty: its commit is its primary source's.
            guard let revision = entry.revision.flatMap({ $0.isEmpty ? nil : Revision($0) }) ?? sources.flatMap(HistorySource.primary) else {
                throw PortError(.malformed, "\(command): history \(entry.id) has no revision")
            }
            guard let deployed = entry.deployedAt.flatMap(Self.date) else {
                throw PortError(.malformed, "\(command): history \(entry.id) has no readable deployedAt")
            }
            history.append(HistoryEntry(id: HistoryID(entry.id), revision: revision, deployedAt: deployed, sources: sources))
        }
        // Argo CD stores history oldest first; sort anyway so "current" is always the newest.
        history.sort { $0.id < $1.id }

        var autoSync: AutoSync?
        if let automated = spec?.syncPolicy?.automated, automated.enabled != false {
            autoSync = AutoSync(prune: automated.prune ?? false, selfHeal: automated.selfHeal ?? false,
                                allowEmpty: automated.allowEmpty ?? false)
        }
        var operation: OperationState?
        if let state = status?.operationState, let text = state.phase {
            guard let phase = OperationPhase(rawValue: text) else {
                throw PortError(.malformed, "\(command): unknown operation phase '\(text)'")
            }
            operation = OperationState(phase: phase, message: state.message ?? "",
                                       syncRevision: state.syncResult?.revision.map { Revision($0) },
                                       startedAt: state.startedAt.flatMap(Self.date), finishedAt: state.finishedAt.flatMap(Self.date))
        }
        var application = Application(
            name: metadata?.name ?? fallbackName,
            health: status?.health?.status.flatMap(HealthStatus.init(rawValue:)) ?? .unknown,
            sync: status?.sync?.status.flatMap(SyncStatus.init(rawValue:)) ?? .unknown,
            syncRevision: status?.sync?.revision.map { Revision($0) },
            autoSync: autoSync, history: history, operation: operation,
            images: status?.summary?.images ?? [],
            resources: status?.resources.map { list in
                list.compactMap { resource in
                    guard let kind = resource.kind, let name = resource.name else { return nil }
                    return ManagedResource(group: resource.group ?? "", kind: kind, namespace: resource.namespace ?? "", name: name)
                }
            },
            destination: spec?.destination.flatMap { destination in
                let server = destination.server.flatMap { $0.isEmpty ? nil : $0 }, name = destination.name.flatMap { $0.isEmpty ? nil : $0 }
                return server == nil && name == nil ? nil : AppDestination(server: server, name: name)
            },
            project: spec?.project.flatMap { $0.isEmpty ? nil : $0 },
            parent: metadata.flatMap { Self.parent(of: $0, name: metadata?.name ?? fallbackName) },
            // Read as a number, so an absurd one cannot make the whole Application unreadable; only a
            // whole number Argo CD could hold is kept (anything else reads as not set).
            historyLimit: spec?.revisionHistoryLimit.flatMap { (0...1_000_000).contains($0) ? Int(exactly: $0) : nil })
        application.targetRevisions = Self.targetRevisions(spec)
        return application
    }

    /// `spec.sources[].targetRevision` when the app has several sources, else `spec.source.targetRevision`
    /// ("" where unset: Argo CD tracks HEAD); nil when the output has no source at all.
    static func targetRevisions(_ spec: Spec?) -> [String]? {
        if let sources = spec?.sources, !sources.isEmpty { return sources.map { $0.targetRevision ?? "" } }
        return spec?.source.map { [$0.targetRevision ?? ""] }
    }

    /// Who manages the Application's own manifest. An ApplicationSet owns the apps it generates
    /// (`ownerReferences`); a parent Application (app of apps) marks what it manages with its tracking-id
    /// annotation (`PARENT:argoproj.io/Application:NAMESPACE/NAME`) or, with label tracking, the
    /// `app.kubernetes.io/instance` label. A mark naming the app itself is not a parent.
    static func parent(of metadata: Metadata, name: String) -> AppParent? {
        if let owner = metadata.ownerReferences?.first(where: { $0.kind == "ApplicationSet" }), let set = owner.name, !set.isEmpty {
            return AppParent(kind: .applicationSet, name: set, seenIn: "ownerReferences")
        }
        if let tracking = metadata.annotations?["argocd.argoproj.io/tracking-id"],
           let colon = tracking.firstIndex(of: ":") {
            // With apps in any namespace the tracking app is NAMESPACE_NAME.
            let tracker = String(tracking[..<colon])
            let parentName = tracker.split(separator: "_", maxSplits: 1).last.map(String.init) ?? tracker
            if !parentName.isEmpty, parentName != name, tracker != name {
                return AppParent(kind: .application, name: parentName, seenIn: "the argocd.argoproj.io/tracking-id annotation")
            }
            return nil
        }
        if let instance = metadata.labels?["app.kubernetes.io/instance"], !instance.isEmpty, instance != name {
            return AppParent(kind: .application, name: instance, seenIn: "the app.kubernetes.io/instance label")
        }
        return nil
    }

    /// A multi-source entry's `sources[i]` paired with `revisions[i]`; nil for a single-source entry.
    /// Lists of different lengths, or an empty revision, cannot say what a source was deployed at: refused.
    static func sources(of entry: History, command: String) throws -> [HistorySource]? {
        guard let revisions = entry.revisions, !revisions.isEmpty else { return nil }
        // A single-source entry with its own revision is read as one, whatever else it lists.
        if (entry.sources ?? []).isEmpty, !(entry.revision ?? "").isEmpty { return nil }
        let sources = entry.sources.flatMap { $0.isEmpty ? nil : $0 } ?? revisions.map { _ in Source() }
        guard sources.count == revisions.count, !revisions.contains(where: \.isEmpty) else {
            throw PortError(.malformed, "\(command): history \(entry.id) has \(revisions.count) revisions for \(sources.count) sources")
        }
        return zip(sources, revisions).map { source, revision in
            HistorySource(repoURL: source.repoURL ?? "", path: source.path.flatMap { $0.isEmpty ? nil : $0 },
                          chart: source.chart.flatMap { $0.isEmpty ? nil : $0 }, revision: Revision(revision))
        }
    }

    /// RFC 3339, as Kubernetes writes times (`2020-05-15T21:18:07Z`), with or without fractions.
    static func date(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted: "not JSON"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "unexpected type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.keyNotFound(let key, let context):
            "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        default: "\(error)"
        }
    }
}
