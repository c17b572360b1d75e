import QuireSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Evaluates a type-checked expression column at a time.
///
/// Missing values: numbers are NaN, so arithmetic and functions propagate them; every comparison
/// (`!=` too) and `in` with a missing operand is false; `is_missing` is the only way to see one.
struct ExpressionEvaluator {
    let frame: Frame
    /// The groups and order window functions run in; nil: the whole frame in row order.
    var layout: WindowLayout?

    func evaluate(_ node: ExpressionNode) -> ExpressionOperand {
        switch node.kind {
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .boolean(let b): return .boolean(b)
        case .name(let name):
            guard let column = frame[name] else { preconditionFailure("the checker let through `\(name)`") }
            switch column.values {
            case .numeric(let numbers): return .numbers(numbers)
            case .categorical(let strings): return .strings(strings)
            case .date(let seconds): return .dates(seconds)
            }
        case .unary(let op, let operand):
            let value = evaluate(operand)
            if op == "not" { return Self.mapBoolean(value) { !$0 } }
            return Self.mapNumber(value) { -$0 }
        case .binary(let op, let lhs, let rhs):
            let l = evaluate(lhs)
            let r = evaluate(rhs)
            switch op {
            case "and": return Self.combineBooleans(l, r) { $0 && $1 }
            case "or": return Self.combineBooleans(l, r) { $0 || $1 }
            case "+": return Self.combineNumbers(l, r) { $0 + $1 }
            case "-": return Self.combineNumbers(l, r) { $0 - $1 }
            case "*": return Self.combineNumbers(l, r) { $0 * $1 }
            case "/": return Self.combineNumbers(l, r) { $0 / $1 }
            case "%": return Self.combineNumbers(l, r, Self.floorModulo)
            case "<": return Self.compareNumbers(l, r) { $0 < $1 }
            case "<=": return Self.compareNumbers(l, r) { $0 <= $1 }
            case ">": return Self.compareNumbers(l, r) { $0 > $1 }
            case ">=": return Self.compareNumbers(l, r) { $0 >= $1 }
            case "==", "!=":
                let equal = op == "=="
                switch (l, r) {
                case (.number, _), (.numbers, _), (.date, _), (.dates, _):
                    // IEEE `!=` is true for NaN; a missing value makes every comparison false.
                    return equal
                        ? Self.compareNumbers(l, r) { $0 == $1 }
                        : Self.compareNumbers(l, r) { $0 != $1 && !$0.isNaN && !$1.isNaN }
                case (.boolean, _), (.booleans, _):
                    return Self.combineBooleans(l, r) { equal ? $0 == $1 : $0 != $1 }
                default:
                    return Self.compareStrings(l, r, equal: equal)
                }
            default:
                preconditionFailure("unknown operator \(op)")
            }
        case .inList(let operand, let items, let negated):
            let value = evaluate(operand)
            var result: ExpressionOperand
            switch value {
            case .number, .numbers:
                let set = Set(
                    items.compactMap { item -> Double? in
                        if case .number(let x) = item.kind { return x } else { return nil }
                    })
                result = Self.mapNumberToBoolean(value) { set.contains($0) }
                if negated { result = Self.mapNumberToBoolean(value) { !$0.isNaN && !set.contains($0) } }
                return result
            default:
                let set = Set(
                    items.compactMap { item -> String? in
                        if case .string(let s) = item.kind { return s } else { return nil }
                    })
                return Self.stringMembership(value, set, negated: negated)
            }
        case .call(let name, let arguments):
            let values = arguments.map(evaluate)
            if let value = evaluateStringCall(name, arguments, values) { return value }
            if Expression.windowFunctions[name] != nil { return window(name, values) }
            switch name {
            case "abs": return Self.mapNumber(values[0]) { Swift.abs($0) }
            case "log": return Self.mapNumber(values[0]) { log($0) }
            case "exp": return Self.mapNumber(values[0]) { exp($0) }
            case "sqrt": return Self.mapNumber(values[0]) { $0.squareRoot() }
            case "round":
                if values.count == 1 { return Self.mapNumber(values[0]) { $0.rounded(.toNearestOrEven) } }
                return Self.combineNumbers(values[0], values[1]) { x, digits in
                    guard digits.isFinite else { return .nan }
                    let scale = pow(10, digits.rounded(.towardZero))
                    return (x * scale).rounded(.toNearestOrEven) / scale
                }
            case "min", "max":
                let pick: (Double, Double) -> Double =
                    name == "min"
                    ? { a, b in a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }
                    : { a, b in a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }
                return values.dropFirst().reduce(values[0]) { Self.combineNumbers($0, $1, pick) }
            case "is_missing", "is_null":
                switch values[0].asNumbers {
                case .number(let x): return .boolean(x.isNaN)
                case .numbers(let xs): return .booleans(xs.map(\.isNaN))
                case .strings(let ss): return .booleans(ss.codes.map { $0 < 0 })
                default: return .boolean(false)
                }
            case "if":
                return choose(values[0], values[1], values[2])
            case "pow":
                return Self.combineNumbers(values[0], values[1]) { pow($0, $1) }
            default:
                if let value = Self.dateFunction(name, arguments: arguments, values: values) { return value }
                preconditionFailure("unknown function \(name)")
            }
        }
    }

    /// Python's `%`: the result has the divisor's sign (pandas and numpy agree).
    static func floorModulo(_ a: Double, _ b: Double) -> Double {
        let r = fmod(a, b)
        if r != 0, (r < 0) != (b < 0) { return r + b }
        return r
    }

    // MARK: Element-wise helpers

    static func mapNumber(_ value: ExpressionOperand, _ f: (Double) -> Double) -> ExpressionOperand {
        switch value {
        case .number(let x): return .number(f(x))
        case .numbers(let xs): return .numbers(xs.map(f))
        default: preconditionFailure("number expected")
        }
    }

    static func mapNumberToBoolean(_ value: ExpressionOperand, _ f: (Double) -> Bool) -> ExpressionOperand {
        switch value {
        case .number(let x): return .boolean(f(x))
        case .numbers(let xs): return .booleans(xs.map(f))
        default: preconditionFailure("number expected")
        }
    }

    static func mapBoolean(_ value: ExpressionOperand, _ f: (Bool) -> Bool) -> ExpressionOperand {
        switch value {
        case .boolean(let b): return .boolean(f(b))
        case .booleans(let bs): return .booleans(bs.map(f))
        default: preconditionFailure("boolean expected")
        }
    }

    static func combineNumbers(_ l: ExpressionOperand, _ r: ExpressionOperand, _ f: (Double, Double) -> Double)
        -> ExpressionOperand
    {
        switch (l, r) {
        case let (.number(a), .number(b)): return .number(f(a, b))
        case let (.numbers(xs), .number(b)): return .numbers(xs.map { f($0, b) })
        case let (.number(a), .numbers(ys)): return .numbers(ys.map { f(a, $0) })
        case let (.numbers(xs), .numbers(ys)):
            return .numbers(
                [Double](unsafeUninitializedCapacity: xs.count) { out, n in
                    for i in 0..<xs.count { out[i] = f(xs[i], ys[i]) }
                    n = xs.count
                })
        default: preconditionFailure("numbers expected")
        }
    }

    static func compareNumbers(_ l: ExpressionOperand, _ r: ExpressionOperand, _ f: (Double, Double) -> Bool)
        -> ExpressionOperand
    {
        switch (l.asNumbers, r.asNumbers) {
        case let (.number(a), .number(b)): return .boolean(f(a, b))
        case let (.numbers(xs), .number(b)): return .booleans(xs.map { f($0, b) })
        case let (.number(a), .numbers(ys)): return .booleans(ys.map { f(a, $0) })
        case let (.numbers(xs), .numbers(ys)): return .booleans(zip(xs, ys).map(f))
        default: preconditionFailure("numbers expected")
        }
    }

    static func combineBooleans(_ l: ExpressionOperand, _ r: ExpressionOperand, _ f: (Bool, Bool) -> Bool)
        -> ExpressionOperand
    {
        switch (l, r) {
        case let (.boolean(a), .boolean(b)): return .boolean(f(a, b))
        case let (.booleans(xs), .boolean(b)): return .booleans(xs.map { f($0, b) })
        case let (.boolean(a), .booleans(ys)): return .booleans(ys.map { f(a, $0) })
        case let (.booleans(xs), .booleans(ys)): return .booleans(zip(xs, ys).map(f))
        default: preconditionFailure("booleans expected")
        }
    }

    static func compareStrings(_ l: ExpressionOperand, _ r: ExpressionOperand, equal: Bool) -> ExpressionOperand {
        switch (l, r) {
        case let (.string(a), .string(b)):
            return .boolean((a == b) == equal)
        case let (.strings(column), .string(text)), let (.string(text), .strings(column)):
            guard let code = column.categories.firstIndex(of: text).map(Int32.init) else {
                return .booleans(column.codes.map { equal ? false : $0 >= 0 })
            }
            return .booleans(column.codes.map { equal ? $0 == code : ($0 >= 0 && $0 != code) })
        case let (.strings(a), .strings(b)):
            var lookup: [String: Int32] = [:]
            for (i, category) in b.categories.enumerated() where lookup[category] == nil { lookup[category] = Int32(i) }
            let translate = a.categories.map { lookup[$0] ?? -2 }  // -2: not in b
            return .booleans(
                zip(a.codes, b.codes).map { x, y in
                    guard x >= 0, y >= 0 else { return false }
                    return (translate[Int(x)] == y) == equal
                })
        default:
            preconditionFailure("strings expected")
        }
    }

    static func stringMembership(_ value: ExpressionOperand, _ set: Set<String>, negated: Bool) -> ExpressionOperand {
        switch value {
        case .string(let s): return .boolean(set.contains(s) != negated)
        case .strings(let column):
            let member = column.categories.map { set.contains($0) }
            return .booleans(column.codes.map { $0 >= 0 && member[Int($0)] != negated })
        default: preconditionFailure("strings expected")
        }
    }

    func choose(_ condition: ExpressionOperand, _ a: ExpressionOperand, _ b: ExpressionOperand) -> ExpressionOperand {
        if case .boolean(let flag) = condition { return flag ? a : b }
        guard case .booleans(let flags) = condition else { preconditionFailure("condition expected") }
        let count = flags.count
        switch (a.materialized(count: count), b.materialized(count: count)) {
        case let (.numbers(xs), .numbers(ys)):
            return .numbers((0..<count).map { flags[$0] ? xs[$0] : ys[$0] })
        case let (.booleans(xs), .booleans(ys)):
            return .booleans((0..<count).map { flags[$0] ? xs[$0] : ys[$0] })
        case let (.dates(xs), .dates(ys)):
            return .dates((0..<count).map { flags[$0] ? xs[$0] : ys[$0] })
        case let (.strings(xs), .strings(ys)):
            return .strings(CategoricalValues((0..<count).map { flags[$0] ? xs[$0] : ys[$0] }))
        default:
            preconditionFailure("branches of the same type expected")
        }
    }
}
