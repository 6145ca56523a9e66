//! The HTTP server loop: hyper's HTTP/1 connections with the limits
//! `axum::serve` does not offer — a deadline for a request's headers and for
//! its body — so that slow clients cannot hold connections open.
//!
//! Each request runs on a task of its own, to its end, whether or not its
//! client is still there: a visitor who closes the connection mid-request
//! (mobile networks do this all day) must not cancel a write half-way. hyper
//! drops a request's future when its connection closes; had the handler run in
//! that future, the drop could land between a transaction's `BEGIN` and the
//! guard that rolls it back, leaving the database's one writer inside a
//! transaction (see `store::guard` for the second line of defence).

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

/// How long, once the server stops, requests whose client went away may still
/// take to finish.
const ABANDONED_GRACE: Duration = Duration::from_secs(20);

/// How long clients may take.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// To send a request's headers (also how long an idle kept-alive
    /// connection stays open).
    pub headers: Duration,
    /// To send a whole request body.
    pub body: Duration,
}

/// Serves `router` on `listener` until `shutdown` completes, then lets the
/// requests under way finish. What `edge` has ready it answers at once, on
/// the connection's task (it reads memory and writes nothing: no task of
/// its own, no layer); the rest goes to the router.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    edge: Option<std::sync::Arc<super::edge::Edge>>,
    timeouts: Timeouts,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let router = router.layer(tower_http::timeout::RequestBodyDeadlineLayer::new(
        timeouts.body,
    ));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts.headers);
    let graceful = GracefulShutdown::new();
    let requests = TaskTracker::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, most likely: let some close.
                    tracing::warn!(error = %err, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let requests = requests.clone();
        let edge = edge.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            let ready = edge.as_ref().and_then(|edge| edge.answer(&request, peer));
            let handled = match ready {
                Some(answer) => Err(answer),
                None => {
                    request
                        .extensions_mut()
                        .insert(ConnectInfo::<SocketAddr>(peer));
                    Ok(requests.spawn(router.clone().oneshot(request)))
                }
            };
            async move {
                let handled = match handled {
                    Ok(handled) => handled,
                    Err(answer) => return Ok(answer),
                };
                match handled.await {
                    Ok(answer) => answer,
                    // A handler panicked: its task ended, the server goes on.
                    Err(err) => {
                        tracing::error!(error = %err, "request handler panicked");
                        Ok(axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response())
                    }
                }
            }
        });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, "connection closed with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    // Requests whose client left are not watched by `graceful`: wait for them too.
    requests.close();
    if tokio::time::timeout(ABANDONED_GRACE, requests.wait())
        .await
        .is_err()
    {
        tracing::warn!(
            left = requests.len(),
            "stopping with requests still running"
        );
    }
    Ok(())
}
