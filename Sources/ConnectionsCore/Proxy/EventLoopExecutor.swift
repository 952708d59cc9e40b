import NIOCore

/// Runs a task's work on one SwiftNIO event loop: a proxied request, its client's connection and the API's pooled
/// connection then hand work to each other on one thread instead of waking another for every step.
final class EventLoopExecutor: TaskExecutor, Sendable {
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job), executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}
