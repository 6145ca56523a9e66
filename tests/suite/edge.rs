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
    app.get_with(path, headers).await
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

/// `html` with the form's per-visitor values blanked.
fn without_tokens(html: &str) -> String {
    let mut out = html.to_owned();
    for name in ["csrf_token", "idempotency_key"] {
        let value = common::hidden_field(html, name);
        assert!(!value.is_empty(), "{name} in the form");
        out = out.replace(&value, "…");
    }
    out
}

fn edge_answers(metrics: &str, route: &str) -> u64 {
    let line = format!("soutenir_edge_answers_total{{route=\"{route}\"}} ");
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&line))
        .unwrap_or_else(|| panic!("no {line} in:\n{metrics}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn the_campaign_page_is_made_once_and_each_visitor_gets_a_form_of_their_own() {
    let app = spawn_app().await;
    let page = "/campaigns/dorlotons";
    let metrics = || async { String::from_utf8(get(&app, "/metrics", &[]).await.2).unwrap() };
    let before = edge_answers(&metrics().await, "/campaigns/{slug}");

    // The router makes the page; then the edge answers it, to each new
    // visitor (a client keeping no cookie) with a cookie and a token of
    // their own.
    let visitor = || async {
        let response = reqwest::Client::new()
            .get(format!("{}{page}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let headers = response.headers().clone();
        (headers, response.text().await.unwrap())
    };
    let (routed, first) = visitor().await;
    let (kept, second) = visitor().await;
    assert_eq!(
        edge_answers(&metrics().await, "/campaigns/{slug}"),
        before + 1,
        "the second answer is the edge's"
    );
    assert_eq!(without_tokens(&first), without_tokens(&second));
    for name in ["csrf_token", "idempotency_key"] {
        assert_ne!(
            common::hidden_field(&first, name),
            common::hidden_field(&second, name),
            "{name} is each visitor's"
        );
    }
    // The same headers as the router's, but the new visitor's cookie.
    let names = |h: &reqwest::header::HeaderMap| {
        let mut names: Vec<String> = h
            .keys()
            .map(|k| k.as_str().to_owned())
            .filter(|k| !["date", "content-length", "transfer-encoding"].contains(&k.as_str()))
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(&routed), names(&kept));
    for name in [
        "content-type",
        "cache-control",
        "content-security-policy",
        "x-frame-options",
        "x-content-type-options",
        "referrer-policy",
    ] {
        assert_eq!(header(&routed, name), header(&kept, name), "{name}");
    }
    let varies = |h: &reqwest::header::HeaderMap| {
        h.get_all("vary")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(varies(&routed), varies(&kept));
    assert!(varies(&kept).join(",").contains("Accept-Language, Cookie"));
    assert!(header(&kept, "set-cookie").starts_with("soutenir_csrf="));
    assert_eq!(header(&kept, "cache-control"), "no-store");
    // A visitor who has their cookie keeps their token; the key is new.
    let (_, _, mine) = get(&app, page, &[]).await;
    let (_, again, mine_again) = get(&app, page, &[]).await;
    let (mine, mine_again) = (
        String::from_utf8(mine).unwrap(),
        String::from_utf8(mine_again).unwrap(),
    );
    assert!(again.get("set-cookie").is_none());
    assert_eq!(
        common::hidden_field(&mine, "csrf_token"),
        common::hidden_field(&mine_again, "csrf_token")
    );
    assert_ne!(
        common::hidden_field(&mine, "idempotency_key"),
        common::hidden_field(&mine_again, "idempotency_key")
    );

    // Gzipped once, the visitor's values spliced in: a valid stream.
    let (_, gz, zipped) = get(&app, page, &[("accept-encoding", "gzip")]).await;
    assert_eq!(header(&gz, "content-encoding"), "gzip");
    let unzipped = String::from_utf8(gunzip(&zipped)).unwrap();
    assert_eq!(without_tokens(&unzipped), without_tokens(&first));

    // The kept form works: a gift given from it (the client keeps its
    // cookie), and the page shows the new total at once.
    assert!(first.contains("0\u{202f}€"), "nothing given yet");
    app.give_demo("dorlotons", &common::gift_with(&[]), "succeeded")
        .await;
    let (_, after) = app.get_text(page).await;
    assert!(
        after.contains("30,50\u{202f}€"),
        "{}",
        common::visible_text(&after)
    );

    // Each language is its own page; a prefilled link is the router's.
    get(&app, "/campaigns/dorlotons?lang=en", &[]).await;
    let (_, _, english_again) = get(&app, "/campaigns/dorlotons?lang=en", &[]).await;
    let english = String::from_utf8(english_again).unwrap();
    assert!(english.contains("<html lang=\"en\""), "English kept apart");
    assert!(english.contains("€30.50"));
    let counted = edge_answers(&metrics().await, "/campaigns/{slug}");
    let (_, prefilled) = app.get_text("/campaigns/dorlotons?amount=42").await;
    assert!(
        prefilled.contains(r#"value="42""#),
        "the amount the link set"
    );
    assert_eq!(edge_answers(&metrics().await, "/campaigns/{slug}"), counted);
}

#[tokio::test]
async fn the_guestbook_page_is_made_once_too() {
    // (That a moderation shows at once is `guestbook::a_message_stays_hidden…`.)
    let app = spawn_app().await;
    let page = "/campaigns/dorlotons/guestbook";
    let (_, _, first) = get(&app, page, &[]).await;
    let (_, kept, second) = get(&app, page, &[]).await;
    assert_eq!(first, second);
    assert_eq!(header(&kept, "cache-control"), "no-cache");
    let metrics = String::from_utf8(get(&app, "/metrics", &[]).await.2).unwrap();
    assert_eq!(edge_answers(&metrics, "/campaigns/{slug}/guestbook"), 1);
}
