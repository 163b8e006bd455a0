/// Splits a length between slots: every slot its minimum first, then ideals in order, then what is
/// left by weight up to each maximum. Slots that get nothing are hidden.
struct Slot {
    var min: Int
    var ideal: Int
    var max: Int
    var weight: Int
    init(min: Int, ideal: Int, max: Int = .max, weight: Int = 0) {
        self.min = min; self.ideal = Swift.max(min, ideal); self.max = Swift.max(self.ideal, max); self.weight = weight
    }
}

enum Stack {
    static func split(_ total: Int, _ slots: [Slot]) -> [Int] {
        var sizes = Array(repeating: 0, count: slots.count)
        var left = max(0, total)
        for (index, slot) in slots.enumerated() {
            let give = min(slot.min, left)
            sizes[index] = give; left -= give
        }
        for (index, slot) in slots.enumerated() where left > 0 {
            let give = min(slot.ideal - sizes[index], left)
            if give > 0 { sizes[index] += give; left -= give }
        }
        while left > 0 {
            var gave = false
            for (index, slot) in slots.enumerated() where slot.weight > 0 && sizes[index] < slot.max && left > 0 {
                let give = min(slot.weight, left, slot.max - sizes[index])
                sizes[index] += give; left -= give; gave = true
            }
            if !gave { break }
        }
        return sizes
    }
}
