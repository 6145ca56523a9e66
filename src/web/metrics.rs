//! Prometheus metrics at `GET /metrics`, in the text format, for the addresses
//! of `SOUTENIR_METRICS_FROM` (loopback by default); 404 for everyone else.
//! Counters live in memory: each instance reports its own.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::client_ip::ClientIp;

/// Upper bounds of the request-duration histogram, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

/// One route's requests: counts by method and status, and their durations.
#[derive(Default, Clone)]
struct RouteStats {
    answered: Vec<(&'static str, u16, u64)>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// What the site counts while it runs.
#[derive(Default)]
pub struct Metrics {
    /// By route pattern (a small, fixed set): one lock and, once a route has
    /// been seen, no allocation per request.
    routes: Mutex<HashMap<String, RouteStats>>,
    /// Requests refused by a rate limit, by limit.
    limited: Mutex<BTreeMap<&'static str, u64>>,
    /// Payment-provider events, by outcome.
    events: Mutex<BTreeMap<String, u64>>,
    /// Live progress streams open now.
    pub live_streams: AtomicI64,
    /// The edge's routes (`edge::Route`), counted with atomics: no lock on
    /// the bar's hot path.
    edge: [EdgeStats; super::edge::Route::ALL.len()],
}

/// One edge route's answers (200 or 304: anything else is the router's) and
/// their durations.
#[derive(Default)]
struct EdgeStats {
    ok: AtomicU64,
    not_modified: AtomicU64,
    buckets: [AtomicU64; BUCKETS.len()],
    nanos: AtomicU64,
}

impl EdgeStats {
    fn snapshot(&self) -> RouteStats {
        let (ok, not_modified) = (
            self.ok.load(Ordering::Relaxed),
            self.not_modified.load(Ordering::Relaxed),
        );
        let mut stats = RouteStats {
            count: ok + not_modified,
            sum: self.nanos.load(Ordering::Relaxed) as f64 / 1e9,
            ..RouteStats::default()
        };
        for (into, from) in stats.buckets.iter_mut().zip(&self.buckets) {
            *into = from.load(Ordering::Relaxed);
        }
        for (status, n) in [(200, ok), (304, not_modified)] {
            if n > 0 {
                stats.answered.push(("GET", status, n));
            }
        }
        stats
    }
}

impl Metrics {
    pub fn rate_limited(&self, limit: &'static str) {
        if let Ok(mut limited) = self.limited.lock() {
            *limited.entry(limit).or_default() += 1;
        }
    }

    pub fn provider_event(&self, outcome: &str) {
        if let Ok(mut events) = self.events.lock() {
            *events.entry(outcome.to_owned()).or_default() += 1;
        }
    }

    /// An answer of the edge: `not_modified` for a 304.
    pub fn edge_request(&self, route: super::edge::Route, not_modified: bool, elapsed: Duration) {
        let stats = &self.edge[route as usize];
        let counter = if not_modified {
            &stats.not_modified
        } else {
            &stats.ok
        };
        counter.fetch_add(1, Ordering::Relaxed);
        let seconds = elapsed.as_secs_f64();
        // Cumulative buckets: the first that holds it and every one above.
        for (bucket, bound) in stats.buckets.iter().zip(BUCKETS) {
            if seconds <= bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        stats.nanos.fetch_add(
            u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }

    fn request(&self, method: &'static str, route: &str, status: u16, seconds: f64) {
        let Ok(mut routes) = self.routes.lock() else {
            return;
        };
        if !routes.contains_key(route) {
            routes.insert(route.to_owned(), RouteStats::default());
        }
        let Some(stats) = routes.get_mut(route) else {
            return;
        };
        match stats
            .answered
            .iter_mut()
            .find(|(m, s, _)| *m == method && *s == status)
        {
            Some((_, _, n)) => *n += 1,
            None => stats.answered.push((method, status, 1)),
        }
        for (bucket, bound) in stats.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        stats.count += 1;
        stats.sum += seconds;
    }
}

/// Counts a live stream as open until dropped.
pub struct LiveStream(std::sync::Arc<Metrics>);

impl LiveStream {
    pub fn open(metrics: &std::sync::Arc<Metrics>) -> LiveStream {
        metrics.live_streams.fetch_add(1, Ordering::Relaxed);
        LiveStream(std::sync::Arc::clone(metrics))
    }
}

impl Drop for LiveStream {
    fn drop(&mut self) {
        self.0.live_streams.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Counts every request by its route (the pattern, never the address typed:
/// no unbounded labels) and status, and times it.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // The pattern is shared by the router: cloning it is a reference count.
    let route = request.extensions().get::<MatchedPath>().cloned();
    let method = method_label(request.method());
    let start = Instant::now();
    let response = next.run(request).await;
    state.metrics.request(
        method,
        route.as_ref().map_or("unmatched", MatchedPath::as_str),
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}

/// A method as a label: the standard ones by name, any other (a client may
/// make up as many as it likes) as `OTHER`, so that series stay few.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "OTHER",
    }
}

/// Escapes a label value.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn resident_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// `GET /metrics`
pub async fn show_metrics(State(state): State<AppState>, client: ClientIp) -> Response {
    if !state.config.metrics_from.contains(&client.0) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut out = String::new();
    let m = &state.metrics;
    let _ = writeln!(
        out,
        "# HELP soutenir_http_requests_total HTTP requests answered, by method, route and status.\n\
         # TYPE soutenir_http_requests_total counter"
    );
    // Sorted, so that scrapes list series in a stable order.
    let mut routes: BTreeMap<String, RouteStats> = m
        .routes
        .lock()
        .map(|routes| routes.iter().map(|(r, s)| (r.clone(), s.clone())).collect())
        .unwrap_or_default();
    // The edge's answers are its routes' too.
    for (route, edge) in super::edge::Route::ALL.iter().zip(&m.edge) {
        let answered = edge.snapshot();
        if answered.count == 0 {
            continue;
        }
        let stats = routes.entry(route.pattern().to_owned()).or_default();
        stats
            .answered
            .extend(answered.answered.iter().map(|(m, s, n)| (*m, *s, *n)));
        for (into, from) in stats.buckets.iter_mut().zip(answered.buckets) {
            *into += from;
        }
        stats.count += answered.count;
        stats.sum += answered.sum;
    }
    for stats in routes.values_mut() {
        stats.answered.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        // The router's and the edge's answers of a kind, as one series.
        let mut merged: Vec<(&'static str, u16, u64)> = Vec::new();
        for (m, s, n) in stats.answered.drain(..) {
            match merged.last_mut() {
                Some(last) if last.0 == m && last.1 == s => last.2 += n,
                _ => merged.push((m, s, n)),
            }
        }
        stats.answered = merged;
    }
    for (route, stats) in &routes {
        for (method, status, n) in &stats.answered {
            let _ = writeln!(
                out,
                "soutenir_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                label(route)
            );
        }
    }
    let _ = writeln!(
        out,
        "# HELP soutenir_http_request_duration_seconds Time to answer a request (until its headers), by route.\n\
         # TYPE soutenir_http_request_duration_seconds histogram"
    );
    for (route, stats) in &routes {
        let (count, sum) = (stats.count, stats.sum);
        let route = label(route);
        for (bound, n) in BUCKETS.iter().zip(stats.buckets) {
            let _ = writeln!(
                out,
                "soutenir_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "soutenir_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}\n\
             soutenir_http_request_duration_seconds_sum{{route=\"{route}\"}} {sum}\n\
             soutenir_http_request_duration_seconds_count{{route=\"{route}\"}} {count}"
        );
    }
    let _ = writeln!(
        out,
        "# HELP soutenir_edge_answers_total Answers made from memory ahead of the router (counted in soutenir_http_requests_total too), by route.\n\
         # TYPE soutenir_edge_answers_total counter"
    );
    for (route, edge) in super::edge::Route::ALL.iter().zip(&m.edge) {
        let n = edge.ok.load(Ordering::Relaxed) + edge.not_modified.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "soutenir_edge_answers_total{{route=\"{}\"}} {n}",
            route.pattern()
        );
    }
    let _ = writeln!(
        out,
        "# HELP soutenir_rate_limited_total Requests refused by a rate limit, by limit.\n\
         # TYPE soutenir_rate_limited_total counter"
    );
    if let Ok(limited) = m.limited.lock() {
        for (limit, n) in limited.iter() {
            let _ = writeln!(out, "soutenir_rate_limited_total{{limit=\"{limit}\"}} {n}");
        }
    }
    let _ = writeln!(
        out,
        "# HELP soutenir_provider_events_total Payment-provider webhook deliveries, by outcome.\n\
         # TYPE soutenir_provider_events_total counter"
    );
    if let Ok(events) = m.events.lock() {
        for (outcome, n) in events.iter() {
            let _ = writeln!(
                out,
                "soutenir_provider_events_total{{outcome=\"{}\"}} {n}",
                label(outcome)
            );
        }
    }
    let _ = writeln!(
        out,
        "# HELP soutenir_live_streams Live progress streams (SSE) open.\n\
         # TYPE soutenir_live_streams gauge\n\
         soutenir_live_streams {}",
        m.live_streams.load(Ordering::Relaxed)
    );
    let database_up = state.store.ping().await.is_ok();
    let _ = writeln!(
        out,
        "# HELP soutenir_database_up Whether the database answered the scrape.\n\
         # TYPE soutenir_database_up gauge\n\
         soutenir_database_up {}",
        u8::from(database_up)
    );
    if database_up {
        let _ = writeln!(
            out,
            "# HELP soutenir_outbox_jobs Outbox jobs (emails, receipts), by status; dead ones need a look.\n\
             # TYPE soutenir_outbox_jobs gauge"
        );
        for status in ["queued", "running", "dead"] {
            if let Ok(n) = state.store.count_jobs(status).await {
                let _ = writeln!(out, "soutenir_outbox_jobs{{status=\"{status}\"}} {n}");
            }
        }
    }
    let _ = writeln!(
        out,
        "# HELP soutenir_campaign_raised_cents Amount shown on each campaign's bar, in cents.\n\
         # TYPE soutenir_campaign_raised_cents gauge\n\
         # HELP soutenir_campaign_donations Gifts counted on each campaign's bar.\n\
         # TYPE soutenir_campaign_donations gauge"
    );
    for snapshot in state.progress.all() {
        let slug = label(&snapshot.slug);
        let _ = writeln!(
            out,
            "soutenir_campaign_raised_cents{{campaign=\"{slug}\"}} {}\n\
             soutenir_campaign_donations{{campaign=\"{slug}\"}} {}",
            snapshot.totals.raised.get(),
            snapshot.totals.donation_count
        );
    }
    if let Some(bytes) = resident_memory_bytes() {
        let _ = writeln!(
            out,
            "# HELP process_resident_memory_bytes Resident memory of the process.\n\
             # TYPE process_resident_memory_bytes gauge\n\
             process_resident_memory_bytes {bytes}"
        );
    }
    let mut response = out.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}
