import QuireNotebook
import QuireRunner
import QuireSupport
import QuireValues

/// The values a notebook quotes (`{{ eval.roc_auc | .3f }}`, `${params.seed}`), read from a
/// run's results when the report is rendered.
///
/// A value is written with its format and escaped like any other text. One that cannot be read
/// (its step failed, was skipped or did not run, or its output lacks it) is written as a marker,
/// `⟨eval.roc_auc: not run⟩`, styled and explained in its `title`, and ``warnings`` reports it.
/// Prose is not part of any step's cache key: editing it, quotes included, re-renders the report
/// from the cached results without running a step.
public struct QuotedValues: Sendable {
    /// A quote's value, or why it has none.
    public enum Resolution: Sendable, Equatable {
        /// The value's text, formatted.
        case value(String)
        /// A short reason for the marker (`not run`, `failed`) and a sentence for its title.
        case unavailable(reason: String, explanation: String)
    }

    let run: RunResult?

    /// The values of `run` (nil: the notebook has not run, and every quote of a step is a marker).
    public init(run: RunResult?) {
        self.run = run
    }

    /// What `quote` shows.
    public func resolve(_ quote: Quote) -> Resolution {
        guard let run else {
            return .unavailable(reason: "not run", explanation: "the notebook has not run")
        }
        let plan = run.plan
        let target = QuoteTarget.resolve(
            quote, params: plan.params, stepIDs: plan.steps.map(\.id), schema: { plan.step($0)?.schema })
        switch target {
        case .failure(let diagnostic):
            return .unavailable(reason: "unknown", explanation: diagnostic.message)
        case .success(.parameter(let name)):
            guard let value = plan.params[name] else {
                return .unavailable(reason: "unknown", explanation: "no parameter '\(name)'")
            }
            switch value {
            case .integer(let integer): return .value(Self.text(.number(Double(integer)), format: quote.format))
            case .number(let number): return .value(Self.text(.number(number), format: quote.format))
            case .bool(let flag): return .value(Self.text(.flag(flag), format: quote.format))
            default: return .value(value.displayText)
            }
        case .success(.output(let step, let output, let field, let index)):
            guard let result = run.result(step) else {
                return .unavailable(reason: "not run", explanation: "step '\(step)' did not run")
            }
            switch result.status {
            case .failed:
                return .unavailable(reason: "failed", explanation: "step '\(step)' failed, so it has no value to quote")
            case .skipped:
                return .unavailable(
                    reason: "skipped",
                    explanation: "step '\(step)' was skipped (its `when:` was false, or a step it needs was skipped)")
            case .notRun:
                return .unavailable(
                    reason: "not run", explanation: "step '\(step)' did not run: a step it needs failed")
            case .ok, .cached:
                break
            }
            guard let summary = result.outputs[output]?.summary else {
                return .unavailable(reason: "no value", explanation: "step '\(step)' has no output '\(output)'")
            }
            switch QuotableFields.value(of: summary, field: field, index: index) {
            case .success(let value):
                return .value(Self.text(value, format: quote.format))
            case .failure(.noRow(let count)):
                return .unavailable(
                    reason: "no row \(index ?? 0)", explanation: "the table has \(count) row\(count == 1 ? "" : "s")")
            case .failure(.noColumn(let columns)):
                return .unavailable(
                    reason: "no value",
                    explanation: "the table has no column '\(field)'; its columns are "
                        + columns.joined(separator: ", "))
            case .failure:
                return .unavailable(
                    reason: "no value", explanation: "\(summary.kind.article) of this run has no value '\(field)'")
            }
        }
    }

    /// A value's text: numbers with `format` (shortest digits without one), flags `true`/`false`.
    public static func text(_ value: QuotableFields.Value, format: QuoteFormat?) -> String {
        switch value {
        case .number(let number): format.map { $0.format(number) } ?? QuoteFormat.plain(number)
        case .text(let text): text
        case .flag(let flag): flag ? "true" : "false"
        }
    }

    /// The marker's text: `⟨eval.roc_auc: not run⟩`.
    static func marker(_ quote: Quote, reason: String) -> String { "⟨\(quote.name): \(reason)⟩" }

    /// `quote` as plain text (the page's `<title>`, the index): the value, or the marker's text.
    public func text(_ quote: Quote) -> String {
        switch resolve(quote) {
        case .value(let text): text
        case .unavailable(let reason, _): Self.marker(quote, reason: reason)
        }
    }

    /// `quote` as HTML: the value escaped, or the marker in a styled `span` whose title explains it.
    public func html(_ quote: Quote) -> HTML {
        switch resolve(quote) {
        case .value(let text):
            .text(text)
        case .unavailable(let reason, let explanation):
            .element(
                "span", ["class": "quote-missing", "title": explanation], .text(Self.marker(quote, reason: reason)))
        }
    }

    /// `text` with its quotes filled in, as plain text.
    public func text(_ text: QuotedText) -> String { text.text { self.text($0) } }

    /// `text` with its quotes filled in, as HTML.
    public func html(_ text: QuotedText) -> HTML {
        var html = HTML.empty
        for piece in text.pieces {
            switch piece {
            case .text(let text): html += .text(text)
            case .quote(let quote): html += self.html(quote)
            }
        }
        return html
    }

    /// A prose run's HTML with its placeholders replaced by the values.
    public func fill(_ html: String, quotes: [Quote]) -> String {
        QuotePlaceholder.fill(html) { index in
            quotes.indices.contains(index) ? self.html(quotes[index]).markup : ""
        }
    }

    /// The notebook's title with its quotes filled in.
    public func title(of notebook: Notebook) -> String { text(notebook.quotedTitle) }

    /// A warning (`quote-unavailable`) for each quote the report shows as a marker, at the quote.
    public func warnings(for notebook: Notebook) -> [Diagnostic] {
        notebook.quotes.compactMap { quote in
            guard case .unavailable(let reason, let explanation) = resolve(quote) else { return nil }
            return .warning(
                .quoteUnavailable, "'\(quote.name)' is quoted, but has no value (\(reason)): \(explanation)",
                at: quote.range, hint: "the report shows ⟨\(quote.name): \(reason)⟩ in its place")
        }
    }
}
