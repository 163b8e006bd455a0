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
