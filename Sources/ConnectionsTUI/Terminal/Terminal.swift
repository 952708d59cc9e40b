/// The one thing the app loop needs from a terminal.
public protocol Terminal: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Waits up to `timeoutMilliseconds` for input; nil on timeout.
    func nextEvent(timeoutMilliseconds: Int) -> InputEvent?
    func draw(_ grid: Grid)
    /// Sends raw bytes to the terminal (OSC 52 clipboard), outside the grid.
    func writeRaw(_ text: String)
    func shutdown()
}
