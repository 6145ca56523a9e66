//! The public JSON API, health check.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use super::AppState;
use super::client_ip::ClientIp;
use super::error::ApiError;

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/api/v1/campaigns/{slug}/progress", get(show_progress))
        .route("/api/v1/campaigns/{slug}/events", get(stream_progress))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limit_per_client,
        ))
        .route("/healthz", get(show_health))
        .route("/metrics", get(super::metrics::show_metrics))
}

/// At most `SOUTENIR_API_RATE` requests per client address per minute; more get
/// 429 with `Retry-After`.
async fn limit_per_client(
    State(state): State<AppState>,
    client: ClientIp,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    // A conditional request (`If-None-Match`: a 304, most often) is a
    // cacheable read: never refused for its address.
    let key = client.to_string();
    if request.headers().contains_key(header::IF_NONE_MATCH) || state.api_limit.allow(&key) {
        return next.run(request).await;
    }
    tracing::warn!(client = %client, path = %request.uri().path(), "api: too many requests");
    state.metrics.rate_limited("api");
    let retry_after = state.api_limit.retry_after(&key);
    come_back_later(StatusCode::TOO_MANY_REQUESTS, "api-too-many", retry_after)
}

/// A JSON refusal that says when to try again (`Retry-After`, and in the body).
/// `error`: the message's key.
fn come_back_later(status: StatusCode, error: &str, retry_after: u64) -> Response {
    let error = crate::i18n::Lang::FR.t(error);
    let mut response = (
        status,
        axum::Json(serde_json::json!({ "error": error, "retry_after": retry_after })),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    allow_any_origin(&mut response);
    response
}

pub(super) fn allow_any_origin(response: &mut Response) {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
}

/// `GET /api/v1/campaigns/{slug}/progress`: served from memory, with a strong ETag.
async fn show_progress(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    request_headers: HeaderMap,
) -> Result<Response, ApiError> {
    let snapshot = state
        .progress
        .get_or_load(&*state.store, &slug)
        .await?
        .ok_or(ApiError::NotFound)?;
    let not_modified = request_headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tags| etag_matches(tags.as_bytes(), snapshot.etag.as_bytes()));
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            snapshot.json.clone(),
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, snapshot.etag.clone());
    headers.insert(header::CACHE_CONTROL, state.progress_cache_control.clone());
    allow_any_origin(&mut response);
    Ok(response)
}

/// `Cache-Control` of the progress JSON.
pub fn progress_cache_control(max_age: u32) -> HeaderValue {
    HeaderValue::from_str(&format!("public, max-age={max_age}"))
        .unwrap_or(HeaderValue::from_static("no-cache"))
}

/// `If-None-Match` holds `*` or a comma-separated list of tags.
pub(super) fn etag_matches(if_none_match: &[u8], etag: &[u8]) -> bool {
    if_none_match
        .split(|&b| b == b',')
        .map(|tag| tag.trim_ascii())
        .any(|tag| tag == b"*" || tag == etag || tag.strip_prefix(b"W/") == Some(etag))
}

/// `GET /api/v1/campaigns/{slug}/events`: Server-Sent Events. The current
/// progress on connect (with a `retry:` hint), then every change; a comment every
/// 15 s keeps proxies from closing the stream. (The edge answers it the same
/// way, ahead of the router, when the campaign is in memory.)
async fn stream_progress(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    client: ClientIp,
) -> Result<Response, ApiError> {
    state
        .progress
        .get_or_load(&*state.store, &slug)
        .await?
        .ok_or(ApiError::NotFound)?;
    let Some(slot) = state.streams.take(client.0) else {
        tracing::warn!(client = %client, "live stream refused: too many open");
        state.metrics.rate_limited("streams");
        return Ok(come_back_later(
            StatusCode::SERVICE_UNAVAILABLE,
            "api-too-many-streams",
            STREAM_RETRY_AFTER,
        ));
    };
    live_stream(
        &state.progress,
        &state.metrics,
        &slug,
        slot,
        state.stopping.clone(),
    )
    .ok_or(ApiError::NotFound)
}

/// The live stream of `slug` in `slot` (`None`: not in memory): its headers,
/// and a body that sends the current progress, then each change, each one
/// the snapshot's bytes made once (`Snapshot::event`), until the server
/// stops. The slot, and the stream's count in the metrics, go with it.
pub fn live_stream(
    progress: &crate::progress::ProgressCache,
    metrics: &Arc<super::metrics::Metrics>,
    slug: &str,
    slot: StreamSlot,
    stopping: tokio::sync::watch::Receiver<bool>,
) -> Option<Response> {
    let mut changes = progress.subscribe(slug)?;
    let open = (super::metrics::LiveStream::open(metrics), slot);
    let current = Arc::clone(&changes.borrow_and_update());
    let updates = stream::unfold((changes, open), |(mut changes, open)| async move {
        changes.changed().await.ok()?;
        let snapshot = Arc::clone(&changes.borrow_and_update());
        Some((snapshot.event.clone(), (changes, open)))
    });
    let mut stopping = stopping;
    let stop = async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    let body = LiveBody {
        first: Some(current.event.clone()),
        updates: Box::pin(updates),
        stop: Box::pin(stop),
        beat: Box::pin(tokio::time::sleep(KEEP_ALIVE)),
    };
    let mut response = Response::new(axum::body::Body::new(body));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    allow_any_origin(&mut response);
    Some(response)
}

/// How often a live stream sends a comment (whatever else it sent).
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// What the first event adds: how soon to reconnect after a cut.
const RETRY: &[u8] = b"retry: 3000\n\n";

/// A live stream's body, lean: ten thousand of them are open at once.
struct LiveBody {
    first: Option<axum::body::Bytes>,
    updates: std::pin::Pin<Box<dyn futures_util::Stream<Item = axum::body::Bytes> + Send>>,
    stop: std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>,
    beat: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl http_body::Body for LiveBody {
    type Data = axum::body::Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Infallible>>> {
        use std::task::Poll;
        let frame = |bytes| Poll::Ready(Some(Ok(http_body::Frame::data(bytes))));
        if let Some(first) = self.first.take() {
            // The event, then the hint, before the blank line that ends it.
            let mut bytes = Vec::with_capacity(first.len() + RETRY.len());
            bytes.extend_from_slice(&first[..first.len() - 1]);
            bytes.extend_from_slice(RETRY);
            return frame(axum::body::Bytes::from(bytes));
        }
        if self.stop.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        match self.updates.as_mut().poll_next(cx) {
            // The beat keeps its own pace: a comment every 15 s, whatever
            // else was sent (no timer to move per event).
            Poll::Ready(Some(event)) => return frame(event),
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => {}
        }
        if self.beat.as_mut().poll(cx).is_ready() {
            self.rearm();
            return frame(axum::body::Bytes::from_static(":\u{2665}\n\n".as_bytes()));
        }
        Poll::Pending
    }
}

impl LiveBody {
    fn rearm(&mut self) {
        self.beat
            .as_mut()
            .reset(tokio::time::Instant::now() + KEEP_ALIVE);
    }
}

/// Seconds a refused live stream is told to wait (it polls the JSON meanwhile).
const STREAM_RETRY_AFTER: u64 = 30;

/// File descriptors kept for everything but live streams (pages, the
/// database, emails) when the total is derived from the open-file limit.
const FD_HEADROOM: u64 = 256;

/// Caps on the live streams open at once, per client address and in all: a
/// stream holds a connection (a file descriptor) for as long as it lasts, and
/// pages must keep answering whatever the streams.
pub struct StreamSlots {
    max_total: usize,
    per_client: usize,
    /// Streams open now, by client address; an address leaves the map with its
    /// last stream, so the map never holds more than `max_total` entries.
    open: std::sync::Mutex<(usize, std::collections::HashMap<std::net::IpAddr, usize>)>,
}

impl StreamSlots {
    /// `per_client` and `max_total` streams at most (0: no cap; a `max_total`
    /// of 0 is derived from the open-file limit `fd_limit`).
    pub fn new(per_client: u32, max_total: u32, fd_limit: Option<u64>) -> StreamSlots {
        let derived = fd_limit.map_or(10_000, |limit| {
            limit.saturating_sub(FD_HEADROOM).clamp(16, 50_000)
        });
        StreamSlots {
            max_total: if max_total == 0 {
                derived as usize
            } else {
                max_total as usize
            },
            per_client: if per_client == 0 {
                usize::MAX
            } else {
                per_client as usize
            },
            open: std::sync::Mutex::default(),
        }
    }

    /// The total cap in force.
    pub fn max_total(&self) -> usize {
        self.max_total
    }

    /// A slot for a new stream from `client`, or `None` past a cap.
    pub fn take(self: &Arc<Self>, client: std::net::IpAddr) -> Option<StreamSlot> {
        let mut open = self.open.lock().ok()?;
        let (total, by_client) = &mut *open;
        let mine = by_client.get(&client).copied().unwrap_or(0);
        if *total >= self.max_total || mine >= self.per_client {
            return None;
        }
        *total += 1;
        by_client.insert(client, mine + 1);
        Some(StreamSlot {
            slots: Arc::clone(self),
            client,
        })
    }
}

/// A stream's place, given back when the stream ends.
pub struct StreamSlot {
    slots: Arc<StreamSlots>,
    client: std::net::IpAddr,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        if let Ok(mut open) = self.slots.open.lock() {
            let (total, by_client) = &mut *open;
            *total = total.saturating_sub(1);
            if let Some(mine) = by_client.get_mut(&self.client) {
                *mine -= 1;
                if *mine == 0 {
                    by_client.remove(&self.client);
                }
            }
        }
    }
}

/// `GET /healthz`: 200 when a write can be made now (the writer can begin a
/// transaction), 503 when it cannot.
async fn show_health(State(state): State<AppState>) -> Response {
    match state.health.check(&state.store).await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(reason) => (StatusCode::SERVICE_UNAVAILABLE, reason).into_response(),
    }
}

/// How long a write check's answer is reused: health checks every few
/// milliseconds (load balancers, monitoring) cost one write lock per second.
const HEALTH_FRESH: Duration = Duration::from_secs(1);

/// How long a write check may take before the database counts as unwritable.
const HEALTH_DEADLINE: Duration = Duration::from_secs(3);

/// The last write check, shared by concurrent health checks: one runs, the
/// others wait for its answer.
#[derive(Default)]
pub struct WriteProbe {
    last: tokio::sync::Mutex<Option<(std::time::Instant, Result<(), &'static str>)>>,
}

impl WriteProbe {
    pub async fn check(&self, store: &Arc<dyn crate::store::Store>) -> Result<(), &'static str> {
        let mut last = self.last.lock().await;
        if let Some((at, answer)) = *last
            && at.elapsed() < HEALTH_FRESH
        {
            return answer;
        }
        // On a task of its own, so that the deadline never cancels a write
        // transaction half-begun.
        let store = Arc::clone(store);
        let probe = tokio::spawn(async move { store.check_writable().await });
        let answer = match tokio::time::timeout(HEALTH_DEADLINE, probe).await {
            Ok(Ok(Ok(()))) => Ok(()),
            Ok(Ok(Err(err))) => {
                tracing::error!(error = ?err, "health check: the database cannot be written");
                Err("database cannot be written")
            }
            Ok(Err(err)) => {
                tracing::error!(error = %err, "health check: the write check failed");
                Err("database cannot be written")
            }
            Err(_) => {
                tracing::error!("health check: no write transaction could begin within 3 s");
                Err("database cannot be written (busy)")
            }
        };
        *last = Some((std::time::Instant::now(), answer));
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::etag_matches;

    #[test]
    fn if_none_match_lists_are_understood() {
        assert!(etag_matches(br#""abc""#, br#""abc""#));
        assert!(etag_matches(br#""x", "abc""#, br#""abc""#));
        assert!(etag_matches(br#"W/"abc""#, br#""abc""#));
        assert!(etag_matches(b"*", br#""abc""#));
        assert!(!etag_matches(br#""abd""#, br#""abc""#));
    }
}
