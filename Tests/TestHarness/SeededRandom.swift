/// SplitMix64 (shared by the property tests and fuzzers): a small, fast generator whose whole future is its seed, so a failing sequence can be
/// regenerated from the number printed with it.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1p-53 < p }

    /// 0 ..< n.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    public mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    /// The index of one of `weights`, by weight.
    public mutating func weighted(_ weights: [Int]) -> Int {
        var roll = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }
}
