//! The public pages a visitor opens: home, campaign, 404.

use crate::common;

use common::{campaign, give, spawn_app, visible_text};
use soutenir::domain::campaign::Goal;
use soutenir::domain::money::Cents;

const NNBSP: char = '\u{202F}';

#[tokio::test]
async fn campaign_page_shows_goal_progress_and_days_left() {
    let app = spawn_app().await;
    let (status, html) = app.get_text("/campaigns/dorlotons").await;
    assert_eq!(status, 200);
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains(r#"<html lang="fr">"#));
    let text = visible_text(&html);
    assert!(text.contains("Dorlotons Dégooglisons"), "{text}");
    assert!(
        text.contains(&format!("sur un objectif de 60{NNBSP}000{NNBSP}€")),
        "{text}"
    );
    assert!(text.contains(&format!("0{NNBSP}€")), "{text}");
    assert!(text.contains(&format!("0{NNBSP}% de l'objectif")), "{text}");
    assert!(text.contains("0 donateur"), "{text}");
    // Seeded today at midnight UTC for three weeks: 21 days left, or 20 and part of one.
    assert!(
        text.contains("21 jours restants") || text.contains("20 jours restants"),
        "{text}"
    );
    assert!(
        text.contains("Ces services ne vivent que de vos dons."),
        "{text}"
    );
}

#[tokio::test]
async fn progress_bar_is_an_accessible_element() {
    let app = spawn_app().await;
    let (_, html) = app.get_text("/campaigns/dorlotons").await;
    assert!(html.contains(r#"role="progressbar""#));
    assert!(html.contains(r#"aria-valuemin="0""#));
    assert!(html.contains(r#"aria-valuemax="100""#));
    assert!(html.contains(r#"aria-valuenow="0""#));
    assert!(html.contains(&format!(
        r#"aria-valuetext="0{NNBSP}€ collectés sur un objectif de 60{NNBSP}000{NNBSP}€, soit 0{NNBSP}%""#
    )));
}

#[tokio::test]
async fn pages_use_only_self_hosted_assets_and_work_without_javascript() {
    let app = spawn_app().await;
    let (_, html) = app.get_text("/campaigns/dorlotons").await;
    // Scripts only enhance: external, self-hosted, deferred; no inline code.
    for script in html.split("<script").skip(1) {
        let tag = script.split('>').next().unwrap();
        assert!(
            tag.contains(r#"src="/static/"#) && tag.contains("defer"),
            "script tag: {tag}"
        );
        assert!(
            script.split('>').nth(1).unwrap().starts_with("</script"),
            "inline script"
        );
    }
    // The page's alternates in other languages are links, not assets.
    let assets: String = html
        .lines()
        .filter(|l| !l.starts_with(r#"<link rel="alternate""#))
        .collect();
    for attr in [r#"href="http"#, r#"src="http"#, r#"href="//"#, r#"src="//"#] {
        assert!(!assets.contains(attr), "external asset: {attr}");
    }
    assert!(html.contains(r#"name="viewport""#));
    let css_path = html
        .split(r#"rel="stylesheet" href=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("stylesheet link");
    let css = app.get(css_path).await;
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    assert!(css.text().await.unwrap().contains(".progress__bar"));
}

#[tokio::test]
async fn home_shows_the_running_campaign() {
    let app = spawn_app().await;
    let (status, html) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert!(visible_text(&html).contains("Dorlotons Dégooglisons"));
    assert!(html.contains(r#"role="progressbar""#));
}

#[tokio::test]
async fn home_lists_campaigns_when_several_run() {
    let app = spawn_app().await;
    app.store()
        .create_campaign(
            &campaign("serveurs", Goal::Amount(Cents::from_euros(5000))),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    let (status, html) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"href="/campaigns/dorlotons""#));
    assert!(html.contains(r#"href="/campaigns/serveurs""#));
    assert_eq!(html.matches(r#"role="progressbar""#).count(), 2);
}

#[tokio::test]
async fn unknown_campaign_is_a_french_404_page() {
    let app = spawn_app().await;
    for path in [
        "/campaigns/nexiste-pas",
        "/nulle-part",
        "/campaigns/%3Cscript%3E",
    ] {
        let (status, html) = app.get_text(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(visible_text(&html).contains("Page introuvable"), "{path}");
        assert!(html.contains(r#"<html lang="fr">"#));
    }
}

#[tokio::test]
async fn page_shows_gifts_past_the_goal() {
    let app = spawn_app().await;
    let store = app.store();
    let c = store
        .create_campaign(
            &campaign("petit", Goal::Amount(Cents::from_euros(100))),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    give(&*store, c.id, "a@example.org", 10_000).await;
    give(&*store, c.id, "b@example.org", 2_650).await;
    let (_, html) = app.get_text("/campaigns/petit").await;
    let text = visible_text(&html);
    assert!(
        text.contains(&format!("126,50{NNBSP}€ sur un objectif de 100{NNBSP}€")),
        "{text}"
    );
    assert!(
        text.contains(&format!("127{NNBSP}% de l'objectif")),
        "{text}"
    );
    assert!(text.contains("2 donateurs"), "{text}");
    assert!(text.contains("2 dons reçus"), "{text}");
    assert!(
        html.contains(r#"aria-valuenow="100""#),
        "aria-valuenow stays within its range"
    );
    assert!(html.contains(r#"class="progress__fill" x="0" y="0" width="100""#));
}

#[tokio::test]
async fn donor_goal_counts_people() {
    let app = spawn_app().await;
    let store = app.store();
    let c = store
        .create_campaign(
            &campaign("mille", Goal::Donors(1000)),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    for i in 0..3 {
        give(&*store, c.id, &format!("d{i}@example.org"), 1_000).await;
    }
    give(&*store, c.id, "d0@example.org", 1_000).await;
    let (_, html) = app.get_text("/campaigns/mille").await;
    let text = visible_text(&html);
    assert!(
        text.contains(&format!(
            "3 donateurs sur un objectif de 1{NNBSP}000 donateurs"
        )),
        "{text}"
    );
    assert!(text.contains(&format!("40{NNBSP}€ collectés")), "{text}");
    assert!(text.contains(&format!("0{NNBSP}% de l'objectif")), "{text}");
}

#[tokio::test]
async fn campaign_text_cannot_inject_html() {
    let app = spawn_app().await;
    let mut new = campaign("piege", Goal::Amount(Cents::from_euros(100)));
    new.title = "<script>alert('titre')</script>".to_owned();
    new.body_markdown =
        "<script>alert(1)</script>\n\n[clic](javascript:alert(2)) <img src=x onerror=alert(3)>"
            .to_owned();
    app.store()
        .create_campaign(&new, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let (status, html) = app.get_text("/campaigns/piege").await;
    assert_eq!(status, 200);
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
}
