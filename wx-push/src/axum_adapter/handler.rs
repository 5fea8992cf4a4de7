//! What a push handler may return: a [`Reply`], or a `Result` whose error asks WeChat to
//! send the push again.

use super::super::reply::Reply;

/// The error type a failing handler's error is turned into before it is logged.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The output of a push handler's future.
///
/// - [`Reply`]: the push is handled; the reply is sent (encrypted if the push was).
/// - `Result<Reply, E>`: `Ok` as above; `Err` means "not handled": the push is released
///   from the dedup store and answered so that WeChat re-sends it (see the module docs for
///   how), and the error is logged with `tracing::error!` through its `Display`, so keep
///   secrets and message content out of it.
pub trait HandlerOutput: Send + 'static {
    /// The reply, or why the push was not handled.
    fn into_handler_result(self) -> Result<Reply, BoxError>;
}

impl HandlerOutput for Reply {
    fn into_handler_result(self) -> Result<Reply, BoxError> {
        Ok(self)
    }
}

impl<E> HandlerOutput for Result<Reply, E>
where
    E: Into<BoxError> + Send + 'static,
{
    fn into_handler_result(self) -> Result<Reply, BoxError> {
        self.map_err(Into::into)
    }
}
