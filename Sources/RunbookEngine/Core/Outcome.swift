import Foundation

/// A port's answer as a journaled value: what came back, or the error a person reads.
public enum Outcome<Value: Sendable & Equatable & Codable>: Sendable, Equatable, Codable {
    case ok(Value)
    case failed(PortError)

    public var value: Value? {
        if case .ok(let value) = self { return value }
        return nil
    }

    public var error: PortError? {
        if case .failed(let error) = self { return error }
        return nil
    }
}

extension Outcome where Value == [LatencySample] {
    /// New samples replace the old ones from their first timestamp on; the rest of the window is kept.
    func merged(into old: [LatencySample]?, window start: Date) -> Outcome {
        guard case .ok(let fresh) = self, let old, !old.isEmpty else { return self }
        let cut = fresh.first?.at ?? .distantFuture
        return .ok((old.filter { $0.at < cut } + fresh).filter { $0.at >= start })
    }
}
