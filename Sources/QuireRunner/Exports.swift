// Every API of the runner speaks in step values (ops return them, records summarise them), so
// whoever imports the runner sees the value kinds too.
@_exported import QuireValues
