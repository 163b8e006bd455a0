/// Whether the old binary still works against the schema a migration leaves behind.
/// Ordered: a migration gets the worst verdict of its statements.
public enum Verdict: Int, Comparable, Sendable, CaseIterable, Codable {
    case safe, review, unsafe

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The word shown on screen and in JSON: SAFE, REVIEW, UNSAFE.
    public var word: String {
        switch self {
        case .safe: "SAFE"
        case .review: "REVIEW"
        case .unsafe: "UNSAFE"
        }
    }

    public init?(word: String) {
        guard let verdict = Verdict.allCases.first(where: { $0.word == word }) else { return nil }
        self = verdict
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let word = try container.decode(String.self)
        guard let verdict = Verdict(word: word) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown verdict \(word)")
        }
        self = verdict
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(word)
    }
}
