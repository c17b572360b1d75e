import QuireSupport

/// "Did you mean" suggestions: QuireSupport's one implementation, named here so that the modules
/// above the notebook keep finding it without importing QuireSupport.
public typealias Suggestion = QuireSupport.Suggestion
