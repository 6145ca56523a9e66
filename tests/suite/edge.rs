//! The bar's public reads from the edge: the same answers as the router's
//! (headers, CORS, ETag and 304, compression made once), refreshed by the
//! change that moves the bar, counted in the metrics, and never refused for
//! their address.

use crate::common;

use std::io::Read;

use common::{TestDb, spawn_app, spawn_app_with};

async fn get(
    app: &common::TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut request = app.client.get(format!("{}{path}", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

fn header<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or_else(|| panic!("no {name} in {headers:?}"))
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[tokio::test]
async fn the_edge_answers_as_the_router_would_with_etags_304s_and_compression() {
    let app = spawn_app().await;
    for path in [
        "/embed/dorlotons",
        "/embed/dorlotons?theme=dark&compact=1&lang=en",
        "/campaigns/dorlotons/badge.svg?lang=en",
        "/widget.js",
        "/api/v1/campaigns/dorlotons/progress",
    ] {
        let (status, headers, body) = get(&app, path, &[]).await;
        assert_eq!(status, 200, "{path}");
        for name in [
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
            "cache-control",
            "content-type",
        ] {
            header(&headers, name);
        }
        let etag = header(&headers, "etag").to_owned();
        assert!(
            etag.starts_with('"') && etag.ends_with('"'),
            "{path}: {etag}"
        );
        // The same again: the same bytes, the same tag.
        let (_, again, same) = get(&app, path, &[]).await;
        assert_eq!(same, body, "{path}");
        assert_eq!(header(&again, "etag"), etag);
        // Revalidated: 304, nothing sent, the headers kept.
        let (status, headers304, empty) = get(&app, path, &[("if-none-match", &etag)]).await;
        assert_eq!(status, 304, "{path}");
        assert!(empty.is_empty());
        assert_eq!(header(&headers304, "etag"), etag);
        header(&headers304, "content-security-policy");
        header(&headers304, "cache-control");
        if path != "/embed/dorlotons" && !path.starts_with("/embed/") {
            assert_eq!(header(&headers304, "access-control-allow-origin"), "*");
        }
        // Compressed once each way, the same document once decoded.
        if !path.starts_with("/api/") {
            let (_, gz, zipped) = get(&app, path, &[("accept-encoding", "gzip")]).await;
            assert_eq!(header(&gz, "content-encoding"), "gzip", "{path}");
            assert_eq!(gunzip(&zipped), body, "{path}");
            assert!(header(&gz, "vary").contains("Accept-Encoding"));
            let (_, br, squeezed) = get(&app, path, &[("accept-encoding", "br, gzip")]).await;
            assert_eq!(header(&br, "content-encoding"), "br", "{path}");
            assert_eq!(unbrotli(&squeezed), body, "{path}");
        }
    }
    // Only the embed may be framed, by anyone.
    let (_, embed, _) = get(&app, "/embed/dorlotons", &[]).await;
    assert!(header(&embed, "content-security-policy").ends_with("frame-ancestors *"));
    assert!(embed.get("x-frame-options").is_none());
    assert!(header(&embed, "vary").contains("Accept-Language"));
    let (_, badge, _) = get(&app, "/campaigns/dorlotons/badge.svg", &[]).await;
    assert_eq!(header(&badge, "x-frame-options"), "DENY");

    // The embed the edge keeps and the one the router makes (the latest
    // message asked for) carry the same headers, but for the body's own.
    let (_, routed, _) = get(&app, "/embed/dorlotons?messages=1", &[]).await;
    for name in [
        "content-security-policy",
        "cache-control",
        "content-type",
        "x-content-type-options",
        "referrer-policy",
    ] {
        assert_eq!(header(&routed, name), header(&embed, name), "{name}");
    }
}

#[tokio::test]
async fn a_gift_gives_the_edge_s_answers_a_new_version_at_once() {
    let app = spawn_app().await;
    let (_, before, old) = get(&app, "/embed/dorlotons?lang=en", &[]).await;
    let etag = header(&before, "etag").to_owned();
    let (_, badge_before, _) = get(&app, "/campaigns/dorlotons/badge.svg", &[]).await;
    let old_text = String::from_utf8(old).unwrap();
    assert!(old_text.contains("€0"), "{old_text}");
    app.give_demo("dorlotons", &common::gift_with(&[]), "succeeded")
        .await;
    // The tag a browser kept no longer matches: the new figures come.
    let (status, after, new) = get(
        &app,
        "/embed/dorlotons?lang=en",
        &[("if-none-match", &etag)],
    )
    .await;
    assert_eq!(status, 200);
    assert_ne!(header(&after, "etag"), etag);
    let new_text = String::from_utf8(new).unwrap();
    assert!(new_text.contains("€30.50"), "{new_text}");
    let (_, badge_after, svg) = get(&app, "/campaigns/dorlotons/badge.svg", &[]).await;
    assert_ne!(header(&badge_after, "etag"), header(&badge_before, "etag"));
    assert!(String::from_utf8(svg).unwrap().contains("30,50"));
}

#[tokio::test]
async fn the_edge_s_answers_are_counted_and_never_refused_for_their_address() {
    // A per-address limit, set: unconditional JSON requests count, a
    // conditional one (a 304, most often) never does, nor does the embed.
    let app = spawn_app_with(TestDb::new().await, |c| c.api_rate = 2).await;
    let path = "/api/v1/campaigns/dorlotons/progress";
    let (_, headers, _) = get(&app, path, &[]).await;
    let etag = header(&headers, "etag").to_owned();
    assert_eq!(get(&app, path, &[]).await.0, 200);
    assert_eq!(get(&app, path, &[]).await.0, 429, "the limit holds");
    for _ in 0..50 {
        assert_eq!(get(&app, path, &[("if-none-match", &etag)]).await.0, 304);
        assert_eq!(get(&app, "/embed/dorlotons", &[]).await.0, 200);
    }
    let metrics = String::from_utf8(get(&app, "/metrics", &[]).await.2).unwrap();
    for expected in [
        r#"soutenir_http_requests_total{method="GET",route="/api/v1/campaigns/{slug}/progress",status="304"} 50"#,
        r#"soutenir_http_requests_total{method="GET",route="/api/v1/campaigns/{slug}/progress",status="200"} 2"#,
        r#"soutenir_http_requests_total{method="GET",route="/api/v1/campaigns/{slug}/progress",status="429"} 1"#,
        r#"soutenir_http_requests_total{method="GET",route="/embed/{slug}",status="200"} 50"#,
        r#"soutenir_http_request_duration_seconds_count{route="/embed/{slug}"} 50"#,
    ] {
        assert!(
            metrics.contains(expected),
            "{expected} missing from:\n{metrics}"
        );
    }
    // By default no address is limited at all.
    let open = spawn_app().await;
    for _ in 0..700 {
        assert_eq!(get(&open, path, &[]).await.0, 200);
    }
}
