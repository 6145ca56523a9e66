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

/// Posts the donation form as `client` behind the trusted local proxy.
async fn donate_from(app: &TestApp, client: &str, email: &str) -> reqwest::Response {
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
    assert_eq!(
        donate_from(&app, "192.0.2.10", "a@example.org")
            .await
            .status(),
        303
    );
    let refused = donate_from(&app, "192.0.2.10", "b@example.org").await;
    assert_eq!(refused.status(), 429);
    assert!(visible_text(&refused.text().await.unwrap()).contains("Trop de tentatives"));
    assert_eq!(
        donate_from(&app, "192.0.2.11", "c@example.org")
            .await
            .status(),
        303
    );
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

/// The server's resident memory, in MiB.
fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap();
    kb / 1024.0
}

/// What floods of client-made keys may add to the server's memory.
const FLOOD_BOUND_MIB: f64 = 32.0;

#[tokio::test]
async fn floods_of_client_made_keys_leave_memory_bounded() {
    use common::binary::{soutenir, start};
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = soutenir(dir.path());
    cmd.env("RUST_LOG", "soutenir=error");
    let server = start(cmd).await;
    let pid = server.child.id().unwrap();
    let url = server.url.clone();
    let client = reqwest::Client::new();
    // Warm up: the pages and the login form once each.
    for path in ["/campaigns/dorlotons", "/admin/login", "/metrics"] {
        assert_eq!(
            client
                .get(format!("{url}{path}"))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    }
    let before = rss_mib(pid);

    // 800 logins with a distinct 100 KiB address each, from one address that
    // is throttled after the first ten; then 2 000 made-up HTTP methods.
    let mut senders = Vec::new();
    for sender in 0..8 {
        let url = url.clone();
        senders.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap();
            let csrf = common::binary::form_token(&client, &format!("{url}/admin/login")).await;
            let mut statuses = Vec::new();
            for i in 0..100 {
                let email = format!("{}{sender}-{i}@example.org", "a".repeat(100 * 1024));
                let answer = client
                    .post(format!("{url}/admin/login"))
                    .form(&[
                        ("csrf_token", csrf.as_str()),
                        ("email", &email),
                        ("password", "x"),
                    ])
                    .send()
                    .await
                    .unwrap();
                statuses.push(answer.status().as_u16());
            }
            for i in 0..250 {
                let method =
                    reqwest::Method::from_bytes(format!("M{sender}X{i}").as_bytes()).unwrap();
                client
                    .request(method, format!("{url}/"))
                    .send()
                    .await
                    .unwrap();
            }
            statuses
        }));
    }
    let mut throttled = 0;
    for sender in senders {
        throttled += sender.await.unwrap().iter().filter(|&&s| s == 429).count();
    }
    assert!(throttled >= 780, "{throttled} of 800 throttled");
    let after = rss_mib(pid);
    let metrics = client
        .get(format!("{url}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    println!("resident memory: {before:.1} MiB before, {after:.1} MiB after the floods");
    assert!(
        after - before < FLOOD_BOUND_MIB,
        "memory grew by {:.1} MiB ({before:.1} → {after:.1})",
        after - before
    );
    assert!(
        !metrics.contains("M3X17"),
        "a made-up method became a series"
    );
    assert!(metrics.contains("method=\"OTHER\""), "{metrics}");
    server.stop().await;
}

#[tokio::test]
async fn guessing_from_elsewhere_never_locks_the_owner_out() {
    let app = spawn_app_with(TestDb::new().await, |c| {
        c.donation_rate = 3;
        c.trusted_proxies = soutenir::config::parse_networks("127.0.0.1").unwrap();
    })
    .await;
    let owner = common::staff::Browser::new(&app);
    let link = common::staff::invite(&app, Some("cible@example.org"), "admin").await;
    common::staff::set_password(&owner, &link, "").await;
    common::staff::log_out(&owner).await;

    // Ten wrong passwords for the account from another address: that address waits.
    let attacker = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login_from = |client: reqwest::Client, from: &'static str, password: &'static str| {
        let app = &app;
        async move {
            let page = client
                .get(format!("{}/admin/login", app.address))
                .header("x-forwarded-for", from)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let csrf = common::hidden_field(&page, "csrf_token");
            client
                .post(format!("{}/admin/login", app.address))
                .header("x-forwarded-for", from)
                .form(&[
                    ("csrf_token", csrf.as_str()),
                    ("email", "cible@example.org"),
                    ("password", password),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    for _ in 0..10 {
        assert_eq!(
            login_from(attacker.clone(), "203.0.113.66", "devine").await,
            401
        );
    }
    assert_eq!(
        login_from(attacker.clone(), "203.0.113.66", "devine").await,
        429
    );
    // The owner, from their own address, gets in.
    assert_eq!(
        login_from(
            owner.client.clone(),
            "198.51.100.7",
            common::staff::PASSWORD
        )
        .await,
        303
    );

    // Three gifts tried under someone's address from one place do not block
    // that person from theirs.
    for _ in 0..3 {
        assert_eq!(
            donate_from(&app, "203.0.113.66", "victime@example.org")
                .await
                .status(),
            303
        );
    }
    assert_eq!(
        donate_from(&app, "203.0.113.66", "victime@example.org")
            .await
            .status(),
        429
    );
    assert_eq!(
        donate_from(&app, "198.51.100.7", "victime@example.org")
            .await
            .status(),
        303
    );
}

/// Opens a live stream as `client` (behind the trusted local proxy); its
/// status and, while open, the connection.
async fn open_stream(host: &str, client: &str) -> (u16, String, tokio::net::TcpStream) {
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    stream
        .write_all(
            format!(
                "GET /api/v1/campaigns/dorlotons/events HTTP/1.1\r\nHost: {host}\r\n\
                 X-Forwarded-For: {client}\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.unwrap() == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, stream)
}

#[tokio::test]
async fn live_streams_are_capped_and_pages_keep_answering_at_1024_open_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = common::binary::soutenir_with_open_files(dir.path(), 1024);
    // A cap per address is off by default (thousands of readers share a
    // mobile network's address); set, it holds.
    cmd.env("SOUTENIR_TRUSTED_PROXIES", "127.0.0.1")
        .env("SOUTENIR_API_RATE", "0")
        .env("SOUTENIR_STREAMS_PER_CLIENT", "100")
        .env("RUST_LOG", "soutenir=error");
    let server = common::binary::start(cmd).await;
    let host = server.url.trim_start_matches("http://").to_owned();

    // One address: 100 streams, then 503 with Retry-After.
    let mut open = Vec::new();
    for _ in 0..100 {
        let (status, head, stream) = open_stream(&host, "203.0.113.1").await;
        assert_eq!(status, 200, "{head}");
        open.push(stream);
    }
    let (status, head, _) = open_stream(&host, "203.0.113.1").await;
    assert_eq!(status, 503, "{head}");
    assert!(
        head.to_ascii_lowercase().contains("retry-after: 30"),
        "{head}"
    );

    // Many addresses: 1 024 open files less 256 kept for pages, 768 streams in all.
    let mut client = 2;
    loop {
        let (status, head, stream) = open_stream(&host, &format!("203.0.113.{client}")).await;
        if status != 200 {
            assert_eq!(status, 503, "{head}");
            break;
        }
        open.push(stream);
        if open.len() % 100 == 0 {
            client += 1;
        }
        assert!(open.len() <= 768, "more streams than the cap");
    }
    assert_eq!(open.len(), 768);

    // Pages, the JSON the widget falls back to, and the health check answer.
    let pages = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    for path in [
        "/campaigns/dorlotons",
        "/api/v1/campaigns/dorlotons/progress",
        "/healthz",
    ] {
        for _ in 0..20 {
            let answer = pages.get(format!("{}{path}", server.url)).send().await;
            assert_eq!(
                answer.map(|a| a.status().as_u16()).ok(),
                Some(200),
                "{path}"
            );
        }
    }
    // A closed stream gives its place back.
    drop(open.pop());
    let mut reopened = false;
    for _ in 0..50 {
        let (status, _, stream) = open_stream(&host, "198.51.100.9").await;
        if status == 200 {
            open.push(stream);
            reopened = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(reopened);
    drop(open);
    server.stop().await;
}
