/// Rendering shared by the kinds' renderers and the report's pages. Numbers are formatted by
/// the one rule of `QuireSupport.NumberFormat`.
public enum OutputRendering {
}
