/// The one thing the app loop needs from a terminal.
public protocol Terminal: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Waits up to `timeoutMilliseconds` for input, or until `wakeUp` is called from any thread; nil when none came.
    func nextEvent(timeoutMilliseconds: Int) -> InputEvent?
    /// A descriptor to write a byte to from any thread to end a wait in `nextEvent` early (an effect answered).
    var wakeDescriptor: Int32 { get }
    func draw(_ grid: Grid)
    /// Sends raw bytes to the terminal (OSC 52 clipboard), outside the grid.
    func writeRaw(_ text: String)
    func shutdown()
}
