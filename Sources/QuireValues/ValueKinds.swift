import QuireSupport

/// The value kinds a run knows, by name: how the cache's records are decoded and rendered.
///
/// A run's options carry one (``standard`` unless a program adds its own kinds), and the run
/// hands it on to the report, the JSON summary and the Prometheus exporter.
public struct ValueKinds: Sendable {
    /// The kinds in registration order: Prometheus families are written in this order.
    public private(set) var definitions: [any ValueKindDefinition.Type]
    private var byName: [String: any ValueKindDefinition.Type]

    /// A registry of `definitions`; a later kind with the same name replaces an earlier one.
    public init(_ definitions: [any ValueKindDefinition.Type]) {
        self.definitions = []
        byName = [:]
        for definition in definitions { register(definition) }
    }

    /// Every kind Quire ships, one line each.
    public static let standard = ValueKinds([
        FrameKind.self,
        ProfileKind.self,
        ModelKind.self,
        EvaluationKind.self,
        TableKind.self,
        MonitorKind.self,
        WrittenFileKind.self,
        TransformKind.self,
        ChartKind.self,
    ])

    /// Adds (or replaces) a kind.
    public mutating func register(_ definition: any ValueKindDefinition.Type) {
        if let index = definitions.firstIndex(where: { $0.kind == definition.kind }) {
            definitions[index] = definition
        } else {
            definitions.append(definition)
        }
        byName[definition.kind.name] = definition
    }

    /// The definition of `kind`, if registered.
    public func definition(of kind: ValueKind) -> (any ValueKindDefinition.Type)? {
        byName[kind.name]
    }

    /// The output `summary` as a report shows it, under its name `name`. A kind this registry
    /// does not know shows as its name.
    public func render(_ summary: OutputSummary, name: String, options: RenderOptions) -> HTML {
        definition(of: summary.kind)?.render(stored: summary, name: name, options: options)
            ?? .element("p", [:], .text("\(name): \(summary.kind.name)"))
    }

    /// The kind's keys of an output's object in the JSON summary.
    public func json(of summary: OutputSummary) -> [String: JSONValue] {
        definition(of: summary.kind)?.json(stored: summary) ?? [:]
    }

    /// The metrics an output contributes to its step in the JSON summary.
    public func metrics(of summary: OutputSummary) -> [String: Double] {
        definition(of: summary.kind)?.metrics(stored: summary) ?? [:]
    }

    /// An output's Prometheus samples.
    public func samples(of summary: OutputSummary, output: String, reproducible: Bool) -> [GaugeSample] {
        definition(of: summary.kind)?.samples(stored: summary, output: output, reproducible: reproducible) ?? []
    }
}

extension ValueKindDefinition {
    /// Renders a stored summary; nothing when it is not of this kind or does not decode.
    static func render(stored summary: OutputSummary, name: String, options: RenderOptions) -> HTML {
        summary.as(Self.self).map { render($0, name: name, options: options) } ?? .empty
    }

    static func json(stored summary: OutputSummary) -> [String: JSONValue] {
        summary.as(Self.self).map { json(of: $0) } ?? [:]
    }

    static func metrics(stored summary: OutputSummary) -> [String: Double] {
        summary.as(Self.self).map { metrics(of: $0) } ?? [:]
    }

    static func samples(stored summary: OutputSummary, output: String, reproducible: Bool) -> [GaugeSample] {
        summary.as(Self.self).map { samples(of: $0, output: output, reproducible: reproducible) } ?? []
    }
}
