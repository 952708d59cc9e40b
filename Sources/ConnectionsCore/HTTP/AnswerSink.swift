import NIOCore

/// Where `HTTPClient.relay` hands a final answer as it arrives, on the event loop the relay was given. Each future
/// completes when the part has been passed on: the API's answer is read no faster than the sink takes it.
public protocol AnswerSink: AnyObject {
    func head(_ status: Int, _ headers: [KeyValue]) -> EventLoopFuture<Void>
    func body(_ buffer: ByteBuffer) -> EventLoopFuture<Void>
}
