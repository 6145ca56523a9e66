//! The bar for other sites: iframe page, script, SVG badge, live Server-Sent Events.

use crate::common;

use std::time::Duration;

use common::{GIFT, TestApp, TestDb, spawn_app, spawn_app_with, visible_text};

const NNBSP: char = '\u{202F}';

/// Reads a Server-Sent Events response until `needle` shows up.
async fn wait_for(
    stream: &mut reqwest::Response,
    seen: &mut String,
    needle: &str,
    within: Duration,
) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    while !seen.contains(needle) {
        match tokio::time::timeout_at(deadline, stream.chunk()).await {
            Ok(Ok(Some(chunk))) => seen.push_str(&String::from_utf8_lossy(&chunk)),
            _ => return false,
        }
    }
    true
}

async fn open_events(app: &TestApp) -> reqwest::Response {
    let response = app.get("/api/v1/campaigns/dorlotons/events").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    response
}

#[tokio::test]
async fn server_sent_events_deliver_the_new_total_after_a_gift() {
    let app = spawn_app().await;
    let mut stream = open_events(&app).await;
    let mut seen = String::new();
    assert!(
        wait_for(
            &mut stream,
            &mut seen,
            "\"raised_cents\":0",
            Duration::from_secs(5)
        )
        .await,
        "{seen}"
    );
    assert!(seen.contains("event: progress"), "{seen}");
    assert!(seen.contains("retry: 3000"), "{seen}");
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    assert!(
        wait_for(
            &mut stream,
            &mut seen,
            "\"raised_cents\":3050",
            Duration::from_secs(2)
        )
        .await,
        "no update: {seen}"
    );
}

#[tokio::test]
async fn a_gift_on_one_instance_reaches_the_subscribers_of_another() {
    let Some(db) = common::postgres_or_skip("LISTEN/NOTIFY between instances").await else {
        return;
    };
    let url = db.url.clone();
    let a = spawn_app_with(db, |_| {}).await;
    let b = spawn_app_with(TestDb::existing(&url), |_| {}).await;
    let mut stream = open_events(&b).await;
    let mut seen = String::new();
    assert!(
        wait_for(
            &mut stream,
            &mut seen,
            "\"raised_cents\":0",
            Duration::from_secs(5)
        )
        .await
    );
    a.give_demo("dorlotons", GIFT, "succeeded").await;
    // Well within the 5 s periodic refresh: the notification carried it.
    assert!(
        wait_for(
            &mut stream,
            &mut seen,
            "\"raised_cents\":3050",
            Duration::from_secs(1)
        )
        .await,
        "instance B did not hear of the gift within 1 s: {seen}"
    );
}

#[tokio::test]
async fn the_embed_may_be_framed_and_other_pages_may_not() {
    let app = spawn_app().await;
    let embed = app.get("/embed/dorlotons").await;
    assert_eq!(embed.status(), 200);
    assert!(!embed.headers().contains_key("x-frame-options"));
    let policy = embed.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.ends_with("frame-ancestors *"), "{policy}");
    for path in ["/", "/campaigns/dorlotons", "/me", "/nulle-part"] {
        let page = app.get(path).await;
        assert_eq!(page.headers()["x-frame-options"], "DENY", "{path}");
        let policy = page.headers()["content-security-policy"].to_str().unwrap();
        assert!(
            policy.ends_with("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
    }
}

#[tokio::test]
async fn the_embed_shows_everything_without_javascript() {
    let app = spawn_app().await;
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    let (status, html) = app.get_text("/embed/dorlotons").await;
    assert_eq!(status, 200);
    let text = visible_text(&html);
    assert!(
        text.contains(&format!("30,50{NNBSP}€ collectés sur 60{NNBSP}000{NNBSP}€")),
        "{text}"
    );
    assert!(text.contains("1 donateur"), "{text}");
    assert!(text.contains("Faire un don"), "{text}");
    assert!(html.contains(r#"role="progressbar""#));
    assert!(html.contains(&format!(
        r#"href="{}/campaigns/dorlotons" target="_blank" rel="noopener""#,
        app.address
    )));
    assert!(
        text.contains("les sommes remboursées sont déduites"),
        "says how it counts: {text}"
    );
    assert!(
        !text.contains("Mode démonstration"),
        "no site banner inside the embed"
    );

    let (_, dark) = app
        .get_text("/embed/dorlotons?theme=dark&compact=1&lang=en")
        .await;
    assert!(dark.contains(r#"<html lang="en">"#));
    assert!(dark.contains("embed--dark") && dark.contains("embed--compact"));
    let text = visible_text(&dark);
    assert!(
        text.contains("raised of") && text.contains("Donate"),
        "{text}"
    );
    // The note under the bar follows the language (not shown when compact).
    let (_, english) = app.get_text("/embed/dorlotons?lang=en").await;
    let text = visible_text(&english);
    assert!(
        text.contains("Each monthly payment counts once received; refunds are deducted."),
        "{text}"
    );
    assert!(!text.contains("versement"), "{text}");

    // The year-end reminder shows only in December (see domain::reminder's tests).
    let (_, reminder) = app.get_text("/embed/dorlotons?reminder=year-end").await;
    let in_december = time::OffsetDateTime::now_utc().month() == time::Month::December;
    assert_eq!(
        visible_text(&reminder).contains("pour un don déductible"),
        in_december
    );
    assert_eq!(app.get("/embed/inconnue").await.status(), 404);
}

#[tokio::test]
async fn the_badge_is_valid_svg_with_a_title() {
    let app = spawn_app().await;
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    let response = app.get("/campaigns/dorlotons/badge.svg").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "image/svg+xml; charset=utf-8"
    );
    let svg = response.text().await.unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let title = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .expect("<title>");
    let title = title.text().unwrap();
    assert!(title.starts_with("Dorlotons Dégooglisons"), "{title}");
    assert!(
        title.contains(&format!("30,50{NNBSP}€ sur 60{NNBSP}000{NNBSP}€")),
        "{title}"
    );
    assert_eq!(app.get("/campaigns/inconnue/badge.svg").await.status(), 404);
}

#[tokio::test]
async fn the_badge_escapes_the_campaign_title() {
    let app = spawn_app().await;
    let mut c = common::campaign(
        "piege",
        soutenir::domain::campaign::Goal::Amount(soutenir::domain::money::Cents::from_euros(10)),
    );
    c.title = "<script>alert(1)</script> & « co »".to_owned();
    app.store()
        .create_campaign(&c, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let svg = app.get_text("/campaigns/piege/badge.svg").await.1;
    let doc = roxmltree::Document::parse(&svg).expect("still well-formed");
    assert!(doc.descendants().all(|n| !n.has_tag_name("script")));
}

#[tokio::test]
async fn the_widget_script_is_small_and_self_contained() {
    let app = spawn_app().await;
    let response = app.get("/widget.js").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    let js = response.text().await.unwrap();
    assert!(js.len() <= 8 * 1024, "{} bytes", js.len());
    assert!(js.contains("attachShadow"));
    assert!(js.contains("EventSource"));
    assert!(!js.contains("import "), "no dependencies");
}

#[tokio::test]
async fn the_campaign_page_offers_the_snippets() {
    let app = spawn_app().await;
    let (_, html) = app.get_text("/campaigns/dorlotons").await;
    let text = visible_text(&html);
    assert!(text.contains("Relayer la campagne"));
    assert!(
        text.contains(&format!(r#"<iframe src="{}/embed/dorlotons""#, app.address)),
        "{text}"
    );
    assert!(text.contains(&format!(
        r#"<script src="{}/widget.js" data-campaign="dorlotons" async></script>"#,
        app.address
    )));
    assert!(text.contains(&format!("{}/campaigns/dorlotons/badge.svg", app.address)));
    assert!(text.contains(&format!(
        "{}/api/v1/campaigns/dorlotons/progress",
        app.address
    )));
}

#[tokio::test]
async fn each_embed_fits_its_suggested_iframe_height_from_narrow_to_wide() {
    let Some(toolkit) = crate::browser::browser_toolkit() else {
        return;
    };
    let app = common::spawn_app().await;
    // The longest message the embed shows, with line breaks.
    let long = format!(
        "{}\n{}\n{}\n{}",
        "a".repeat(60),
        "b".repeat(60),
        "c".repeat(60),
        "d".repeat(60)
    );
    app.give_demo(
        "dorlotons",
        &common::gift_with(&[("message", long.as_str())]),
        "succeeded",
    )
    .await;
    let admin = common::staff::signed_in(&app, "admin@example.org", "admin").await;
    assert_eq!(common::staff::approve_pending(&admin).await, 1);
    use soutenir::web::embed::{IFRAME_HEIGHT, IFRAME_HEIGHT_COMPACT, IFRAME_HEIGHT_MESSAGES};
    let variants = [
        format!("/embed/dorlotons|{IFRAME_HEIGHT}"),
        format!("/embed/dorlotons?lang=en&reminder=year-end|{IFRAME_HEIGHT}"),
        format!("/embed/dorlotons?compact=1|{IFRAME_HEIGHT_COMPACT}"),
        format!("/embed/dorlotons?compact=1&theme=dark&lang=en|{IFRAME_HEIGHT_COMPACT}"),
        format!("/embed/dorlotons?messages=1|{IFRAME_HEIGHT_MESSAGES}"),
    ];
    let args: Vec<&str> = variants.iter().map(String::as_str).collect();
    let j = crate::browser::run_journey(&toolkit, "embedfit", &app.address, &args).await;
    let fits = j.all("FIT");
    assert_eq!(fits.len(), variants.len() * 5, "{fits:?}");
    for fit in fits {
        let parts: Vec<&str> = fit.split(' ').collect();
        let [url, width, content, button, frame] = parts[..] else {
            panic!("{fit}");
        };
        let (content, button, frame): (u32, u32, u32) = (
            content.parse().unwrap(),
            button.parse().unwrap(),
            frame.parse().unwrap(),
        );
        assert!(
            content <= frame && button <= frame,
            "{url} at {width} px needs {content} px (its button ends at {button}), the suggested iframe is {frame} px"
        );
    }
    // The campaign page's snippet suggests that height.
    let (_, page) = app.get_text("/campaigns/dorlotons").await;
    assert!(
        page.contains(&format!("height=&#34;{IFRAME_HEIGHT}&#34;")),
        "the snippet's height"
    );
}
