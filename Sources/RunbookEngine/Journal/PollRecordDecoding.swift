import Foundation

// The journal's fast path: the lines every poll writes (nearly all of a journal) read straight from
// their bytes, for the same values JSONDecoder gives. Decisions, results of gates and anything
// unexpected throw `JSONCursor.Unexpected` and go to JSONDecoder (JournalCodec.decode).
// A field added to one of these types must be added here too, or its lines quietly take the slow
// path again (JournalFastPathTests fails when a walk's poll does).

extension JournalRecord {
    private enum Field: String, JSONField { case event, seq, time, v }

    init(pollLine line: UnsafeRawBufferPointer) throws {
        var json = JSONCursor(line)
        var event: Event?, seq: Int?, time: String?, v: Int?
        try json.object(Field.self) { field, json in
            switch field {
            case .event: event = try Event(pollJSON: &json)
            case .seq: seq = try json.int()
            case .time: time = try json.string()
            case .v: v = try json.int()
            }
        }
        try json.end()
        self.v = try v.required()
        self.seq = try seq.required()
        self.time = try time.required()
        self.event = try event.required()
        try checkRanges()
    }
}

extension Event {
    private enum Field: String, JSONField { case at, kind }

    init(pollJSON json: inout JSONCursor) throws {
        var at: Date?, kind: Kind?
        try json.object(Field.self) { field, json in
            switch field {
            case .at: at = try json.date()
            case .kind: kind = try Kind(pollJSON: &json)
            }
        }
        self.init(at: try at.required(), try kind.required())
    }
}

extension Event.Kind {
    /// The kinds a poll writes; any other kind is left to JSONDecoder.
    private enum Poll: String, JSONField { case alertRead, appRead, deploymentRead, latencyRead, metricsRead, podsRead, revertRead, timerFired }
    private enum RevertField: String, JSONField { case outcome = "_0", of }

    init(pollJSON json: inout JSONCursor) throws {
        var kind: Self?
        try json.object(Poll.self) { poll, json in
            guard kind == nil else { throw JSONCursor.Unexpected() } // a kind is an object with one key
            kind = try Self.read(poll, &json)
        }
        self = try kind.required()
    }

    private static func read(_ poll: Poll, _ json: inout JSONCursor) throws -> Self {
        switch poll {
        case .appRead:
            return .appRead(try json.unlabelled { try Outcome(pollJSON: &$0) { try Application(pollJSON: &$0) } })
        case .podsRead:
            return .podsRead(try json.unlabelled { try Outcome(pollJSON: &$0) { try $0.array { try PodImage(pollJSON: &$0) } } })
        case .deploymentRead:
            return .deploymentRead(try json.unlabelled { try Outcome(pollJSON: &$0) { try $0.array { try $0.string() } } })
        case .latencyRead:
            return .latencyRead(try json.unlabelled { try Outcome(pollJSON: &$0) { try $0.array { try LatencySample(pollJSON: &$0) } } })
        case .metricsRead:
            return .metricsRead(try json.unlabelled { try $0.array { try MetricReading(pollJSON: &$0) } })
        case .alertRead:
            return .alertRead(try json.unlabelled { try Outcome(pollJSON: &$0) { try $0.nullable { try $0.date() } } })
        case .timerFired:
            return .timerFired(try json.unlabelled { try $0.string(Timer.self) })
        case .revertRead:
            var outcome: Outcome<Revision?>?, of: Revision?
            try json.object(RevertField.self) { field, json in
                switch field {
                case .outcome: outcome = try Outcome(pollJSON: &json) { try $0.nullable { Revision(try $0.string()) } }
                case .of: of = Revision(try json.string())
                }
            }
            return .revertRead(try outcome.required(), of: try of.required())
        }
    }
}

private enum OutcomeCase: String, JSONField { case failed, ok }
private enum PortErrorField: String, JSONField { case kind, message }

extension Outcome {
    /// `{"ok":{"_0":…}}` or `{"failed":{"_0":{"kind":…,"message":…}}}`.
    init(pollJSON json: inout JSONCursor, value: (inout JSONCursor) throws -> Value) throws {
        var outcome: Self?
        try json.object(OutcomeCase.self) { outcomeCase, json in
            guard outcome == nil else { throw JSONCursor.Unexpected() } // one key, like a kind
            switch outcomeCase {
            case .ok: outcome = .ok(try json.unlabelled(value))
            case .failed: outcome = .failed(try json.unlabelled { try PortError(pollJSON: &$0) })
            }
        }
        self = try outcome.required()
    }
}

extension PortError {
    init(pollJSON json: inout JSONCursor) throws {
        var kind: Kind?, message: String?
        try json.object(PortErrorField.self) { field, json in
            switch field {
            case .kind: kind = try json.string(Kind.self)
            case .message: message = try json.string()
            }
        }
        self.init(try kind.required(), try message.required())
    }
}

extension Application {
    private enum Field: String, JSONField { case autoSync, destination, health, history, historyLimit, images, name, operation, parent, project, resources, sync, syncRevision, targetRevisions }

    init(pollJSON json: inout JSONCursor) throws {
        var autoSync: AutoSync?, destination: AppDestination?, health: HealthStatus?, history: [HistoryEntry]?, images: [String]?, name: String?
        var operation: OperationState?, parent: AppParent?, project: String?, historyLimit: Int?, resources: [ManagedResource]?, sync: SyncStatus?, syncRevision: Revision?
        var targetRevisions: [String]?
        try json.object(Field.self) { field, json in
            switch field {
            case .autoSync: autoSync = try json.nullable { try AutoSync(pollJSON: &$0) }
            case .destination: destination = try AppDestination(pollJSON: &json)
            case .health: health = try json.string(HealthStatus.self)
            case .history: history = try json.array { try HistoryEntry(pollJSON: &$0) }
            case .historyLimit: historyLimit = try json.int()
            case .images: images = try json.array { try $0.string() }
            case .name: name = try json.string()
            case .operation: operation = try json.nullable { try OperationState(pollJSON: &$0) }
            case .parent: parent = try AppParent(pollJSON: &json)
            case .project: project = try json.string()
            case .resources: resources = try json.nullable { try $0.array { try ManagedResource(pollJSON: &$0) } }
            case .sync: sync = try json.string(SyncStatus.self)
            case .syncRevision: syncRevision = try json.nullable { Revision(try $0.string()) }
            case .targetRevisions: targetRevisions = try json.array { try $0.string() }
            }
        }
        self.init(name: try name.required(), health: try health.required(), sync: try sync.required(), syncRevision: syncRevision,
                  autoSync: autoSync, history: try history.required(), operation: operation, images: try images.required(),
                  resources: resources, destination: destination, project: project, parent: parent,
                  historyLimit: historyLimit, targetRevisions: targetRevisions)
    }
}

extension AppParent {
    private enum Field: String, JSONField { case kind, name, seenIn }

    init(pollJSON json: inout JSONCursor) throws {
        var kind: Kind?, name: String?, seenIn: String?
        try json.object(Field.self) { field, json in
            switch field {
            case .kind: kind = try json.string(Kind.self)
            case .name: name = try json.string()
            case .seenIn: seenIn = try json.string()
            }
        }
        self.init(kind: try kind.required(), name: try name.required(), seenIn: try seenIn.required())
    }
}

extension AppDestination {
    private enum Field: String, JSONField { case name, server }

    init(pollJSON json: inout JSONCursor) throws {
        var name: String?, server: String?
        try json.object(Field.self) { field, json in
            switch field {
            case .name: name = try json.string()
            case .server: server = try json.string()
            }
        }
        self.init(server: server, name: name)
    }
}

extension ManagedResource {
    private enum Field: String, JSONField { case group, kind, name, namespace }

    init(pollJSON json: inout JSONCursor) throws {
        var group: String?, kind: String?, name: String?, namespace: String?
        try json.object(Field.self) { field, json in
            switch field {
            case .group: group = try json.string()
            case .kind: kind = try json.string()
            case .name: name = try json.string()
            case .namespace: namespace = try json.string()
            }
        }
        self.init(group: try group.required(), kind: try kind.required(), namespace: try namespace.required(), name: try name.required())
    }
}

extension AutoSync {
    private enum Field: String, JSONField { case allowEmpty, prune, selfHeal }

    init(pollJSON json: inout JSONCursor) throws {
        var prune: Bool?, selfHeal: Bool?, allowEmpty: Bool?
        try json.object(Field.self) { field, json in
            switch field {
            case .allowEmpty: allowEmpty = try json.bool()
            case .prune: prune = try json.bool()
            case .selfHeal: selfHeal = try json.bool()
            }
        }
        self.init(prune: try prune.required(), selfHeal: try selfHeal.required(), allowEmpty: allowEmpty ?? false)
    }
}

extension HistoryEntry {
    private enum Field: String, JSONField { case deployedAt, id, revision, sources }

    init(pollJSON json: inout JSONCursor) throws {
        var deployedAt: Date?, id: HistoryID?, revision: Revision?, sources: [HistorySource]?
        try json.object(Field.self) { field, json in
            switch field {
            case .deployedAt: deployedAt = try json.date()
            case .id: id = HistoryID(try json.int())
            case .revision: revision = Revision(try json.string())
            case .sources: sources = try json.array { try HistorySource(pollJSON: &$0) }
            }
        }
        self.init(id: try id.required(), revision: try revision.required(), deployedAt: try deployedAt.required(), sources: sources)
    }
}

extension HistorySource {
    private enum Field: String, JSONField { case chart, path, repoURL, revision }

    init(pollJSON json: inout JSONCursor) throws {
        var chart: String?, path: String?, repoURL: String?, revision: Revision?
        try json.object(Field.self) { field, json in
            switch field {
            case .chart: chart = try json.string()
            case .path: path = try json.string()
            case .repoURL: repoURL = try json.string()
            case .revision: revision = Revision(try json.string())
            }
        }
        self.init(repoURL: try repoURL.required(), path: path, chart: chart, revision: try revision.required())
    }
}

extension OperationState {
    private enum Field: String, JSONField { case finishedAt, message, phase, startedAt, syncRevision }

    init(pollJSON json: inout JSONCursor) throws {
        var finishedAt: Date?, message: String?, phase: OperationPhase?, startedAt: Date?, syncRevision: Revision?
        try json.object(Field.self) { field, json in
            switch field {
            case .finishedAt: finishedAt = try json.nullable { try $0.date() }
            case .message: message = try json.string()
            case .phase: phase = try json.string(OperationPhase.self)
            case .startedAt: startedAt = try json.nullable { try $0.date() }
            case .syncRevision: syncRevision = try json.nullable { Revision(try $0.string()) }
            }
        }
        self.init(phase: try phase.required(), message: try message.required(), syncRevision: syncRevision,
                  startedAt: startedAt, finishedAt: finishedAt)
    }
}

extension PodImage {
    private enum Field: String, JSONField { case hash, image, pod, ready }

    init(pollJSON json: inout JSONCursor) throws {
        var hash: String?, image: String?, pod: String?, ready: Bool?
        try json.object(Field.self) { field, json in
            switch field {
            case .hash: hash = try json.nullable { try $0.string() }
            case .image: image = try json.string()
            case .pod: pod = try json.string()
            case .ready: ready = try json.bool()
            }
        }
        self.init(pod: try pod.required(), image: try image.required(), ready: try ready.required(), hash: hash)
    }
}

extension MetricReading {
    private enum Field: String, JSONField { case name, samples }

    init(pollJSON json: inout JSONCursor) throws {
        var name: String?, samples: Outcome<[LatencySample]>?
        try json.object(Field.self) { field, json in
            switch field {
            case .name: name = try json.string()
            case .samples: samples = try Outcome(pollJSON: &json) { try $0.array { try LatencySample(pollJSON: &$0) } }
            }
        }
        self.init(name: try name.required(), samples: try samples.required())
    }
}

extension LatencySample {
    private enum Field: String, JSONField { case at, seconds }

    init(pollJSON json: inout JSONCursor) throws {
        var at: Date?, seconds: Double?
        try json.object(Field.self) { field, json in
            switch field {
            case .at: at = try json.date()
            case .seconds: seconds = try json.double()
            }
        }
        self.init(at: try at.required(), seconds: try seconds.required())
    }
}
