//! Limits that keep one client from hurting the others: per-client request
//! rates on the JSON API, the donation form and the login (configurable), the
//! client's address taken from a trusted proxy only, and deadlines for slow
//! headers and bodies.

use crate::common;

use std::time::{Duration, Instant};

use common::{TestApp, TestDb, gift_with, spawn_app_with, visible_text};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn progress_from(app: &TestApp, forwarded_for: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(format!(
        "{}/api/v1/campaigns/dorlotons/progress",
        app.address
    ));
    if let Some(client) = forwarded_for {
        request = request.header("x-forwarded-for", client);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_json_api_answers_429_past_its_rate_and_forged_forwarding_changes_nothing() {
    let app = spawn_app_with(TestDb::new().await, |c| c.api_rate = 5).await;
    for i in 0..5 {
        // Not behind a trusted proxy: whatever the client claims, it is its peer address.
        let response = progress_from(&app, Some(&format!("198.51.100.{i}"))).await;
        assert_eq!(response.status(), 200, "request {i}");
    }
    let refused = progress_from(&app, Some("198.51.100.77")).await;
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(refused.headers()["access-control-allow-origin"], "*");
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["retry_after"], retry_after);
    assert!(body["error"].as_str().unwrap().contains("trop de requêtes"));
    // The live stream counts too; the health check (load balancers) does not.
    let stream = app.get("/api/v1/campaigns/dorlotons/events").await;
    assert_eq!(stream.status(), 429);
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limits() {
    let app = spawn_app_with(TestDb::new().await, |c| {
        c.api_rate = 2;
        c.donation_rate = 1;
        c.trusted_proxies = soutenir::config::parse_networks("127.0.0.1").unwrap();
    })
    .await;
    for _ in 0..2 {
        assert_eq!(progress_from(&app, Some("203.0.113.1")).await.status(), 200);
    }
    assert_eq!(progress_from(&app, Some("203.0.113.1")).await.status(), 429);
    // A client cannot escape by writing its own entry in front of the proxy's.
    assert_eq!(
        progress_from(&app, Some("203.0.113.2, 203.0.113.1"))
            .await
            .status(),
        429
    );
    assert_eq!(progress_from(&app, Some("203.0.113.2")).await.status(), 200);

    // The donation form: one attempt an hour per client here.
    let campaign = app.campaign_id("dorlotons").await;
    let donate = |client: &'static str, email: &'static str| {
        let app = &app;
        async move {
            let (csrf, key) = app.form_tokens("dorlotons").await;
            let mut form = gift_with(&[("email", email)]);
            form.push(("csrf_token", &csrf));
            form.push(("idempotency_key", &key));
            app.client
                .post(format!("{}/campaigns/dorlotons/donate", app.address))
                .header("x-forwarded-for", client)
                .form(&form)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(donate("192.0.2.10", "a@example.org").await.status(), 303);
    let refused = donate("192.0.2.10", "b@example.org").await;
    assert_eq!(refused.status(), 429);
    assert!(visible_text(&refused.text().await.unwrap()).contains("Trop de tentatives"));
    assert_eq!(donate("192.0.2.11", "c@example.org").await.status(), 303);
    assert_eq!(app.store().count_donations(campaign).await.unwrap(), 2);
}

#[tokio::test]
async fn the_login_rate_is_configurable() {
    let app = spawn_app_with(TestDb::new().await, |c| c.login_rate = 2).await;
    let b = common::staff::Browser::new(&app);
    for attempt in 0..2 {
        let (status, _) = common::staff::log_in(&b, "x@example.org", "mauvais").await;
        assert_eq!(status, 401, "attempt {attempt}");
    }
    let (status, text) = common::staff::log_in(&b, "x@example.org", "mauvais").await;
    assert_eq!(status, 429);
    assert!(text.contains("Trop de tentatives"), "{text}");
}

/// Reads until the server closes the connection; what it sent, and when.
async fn read_until_closed(stream: &mut tokio::net::TcpStream) -> (String, Duration) {
    let start = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match tokio::time::timeout(Duration::from_secs(15), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Err(_) => panic!("the server kept a stalled connection open for 15 s"),
        }
    }
    (
        String::from_utf8_lossy(&received).into_owned(),
        start.elapsed(),
    )
}

#[tokio::test]
async fn slow_headers_and_slow_bodies_are_cut_off() {
    let app = spawn_app_with(TestDb::new().await, |c| {
        c.header_timeout = 1;
        c.body_timeout = 2;
    })
    .await;
    let campaign = app.campaign_id("dorlotons").await;
    let host = app.address.trim_start_matches("http://").to_owned();

    // Headers begun and never finished: the connection is closed.
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    stream
        .write_all(b"GET /campaigns/dorlotons HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let (_, waited) = read_until_closed(&mut stream).await;
    assert!(waited < Duration::from_secs(5), "{waited:?}");

    // A body announced and sent in part: the request is abandoned, nothing stored.
    let (head, body) = common::fresh_form(&app.address).await.raw_gift(&host);
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
        .write_all(&body.as_bytes()[..body.len() / 2])
        .await
        .unwrap();
    let (answer, waited) = read_until_closed(&mut stream).await;
    assert!(waited < Duration::from_secs(8), "{waited:?}");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 4"),
        "{answer}"
    );
    assert_eq!(app.store().count_donations(campaign).await.unwrap(), 0);

    // A prompt client is served as usual on the same server.
    assert_eq!(app.get("/campaigns/dorlotons").await.status(), 200);
}

#[tokio::test]
async fn metrics_count_requests_limits_and_streams_for_local_scrapers_only() {
    let app = spawn_app_with(TestDb::new().await, |c| c.api_rate = 1).await;
    assert_eq!(app.get("/campaigns/dorlotons").await.status(), 200);
    assert_eq!(progress_from(&app, None).await.status(), 200);
    assert_eq!(progress_from(&app, None).await.status(), 429);
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    // The exposition format: `name{labels} value`, names in [a-z_].
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (series, value) = line.rsplit_once(' ').unwrap();
        assert!(value.parse::<f64>().is_ok(), "{line}");
        let name = series.split('{').next().unwrap();
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{line}"
        );
        assert_eq!(series.contains('{'), series.ends_with('}'), "{line}");
    }
    for expected in [
        "soutenir_http_requests_total{method=\"GET\",route=\"/campaigns/{slug}\",status=\"200\"} 1",
        "soutenir_http_requests_total{method=\"GET\",route=\"/api/v1/campaigns/{slug}/progress\",status=\"429\"} 1",
        "soutenir_rate_limited_total{limit=\"api\"} 1",
        "soutenir_campaign_raised_cents{campaign=\"dorlotons\"} 0",
        "soutenir_database_up 1",
        "soutenir_outbox_jobs{status=\"dead\"} 0",
        "soutenir_http_request_duration_seconds_count{route=\"/campaigns/{slug}\"} 1",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    assert!(text.contains("process_resident_memory_bytes "), "{text}");

    let sse = app
        .client
        .get(format!("{}/api/v1/campaigns/dorlotons/events", app.address))
        .header("x-forwarded-for", "198.51.100.1")
        .send()
        .await;
    // The API limit (1 a minute) was used up: the stream is refused and not counted.
    assert_eq!(sse.unwrap().status(), 429);
    assert!(
        app.get("/metrics")
            .await
            .text()
            .await
            .unwrap()
            .contains("soutenir_live_streams 0")
    );

    // Anyone else gets nothing.
    let private = spawn_app_with(TestDb::new().await, |c| {
        c.metrics_from = soutenir::config::parse_networks("10.0.0.0/8").unwrap();
    })
    .await;
    assert_eq!(private.get("/metrics").await.status(), 404);
}

#[tokio::test]
async fn metrics_count_open_live_streams() {
    let app = spawn_app_with(TestDb::new().await, |_| {}).await;
    let mut stream = app
        .client
        .get(format!("{}/api/v1/campaigns/dorlotons/events", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    stream.chunk().await.unwrap();
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(text.contains("soutenir_live_streams 1"), "{text}");
}
