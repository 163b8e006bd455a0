/// One rule's answer for one statement (or one action of a multi-action ALTER TABLE).
struct Judgement: Sendable, Equatable {
    var verdict: Verdict
    var rule: String
    var reason: String

    static func safe(_ rule: String, _ reason: String) -> Judgement { Judgement(verdict: .safe, rule: rule, reason: reason) }
    static func review(_ rule: String, _ reason: String) -> Judgement { Judgement(verdict: .review, rule: rule, reason: reason) }
    static func unsafe(_ rule: String, _ reason: String) -> Judgement { Judgement(verdict: .unsafe, rule: rule, reason: reason) }

    /// The worst of several judgements; the first one wins a tie, so reasons follow statement order.
    static func worst(_ judgements: [Judgement]) -> Judgement? {
        judgements.reduce(nil) { worst, next in
            guard let worst else { return next }
            return next.verdict > worst.verdict ? next : worst
        }
    }
}
