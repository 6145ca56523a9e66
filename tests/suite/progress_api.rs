//! `GET /api/v1/campaigns/{slug}/progress` and `GET /healthz`.

use crate::common;

use common::{campaign, give, spawn_app};
use soutenir::domain::campaign::Goal;
use soutenir::domain::money::Cents;

#[tokio::test]
async fn progress_json_follows_the_contract() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/campaigns/dorlotons/progress").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert_eq!(response.headers()["cache-control"], "public, max-age=5");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["slug"], "dorlotons");
    assert_eq!(body["currency"], "EUR");
    assert_eq!(body["goal_cents"], 6_000_000);
    assert_eq!(body["raised_cents"], 0);
    assert_eq!(body["donor_count"], 0);
    assert_eq!(body["donation_count"], 0);
    assert!(body["percent"].is_number());
    assert_eq!(body["percent"].as_f64(), Some(0.0));
    let updated_at = body["updated_at"].as_str().expect("updated_at is a string");
    time::OffsetDateTime::parse(updated_at, &time::format_description::well_known::Rfc3339)
        .expect("RFC 3339 date");
    assert!(updated_at.ends_with('Z'));
}

#[tokio::test]
async fn progress_json_reports_confirmed_gifts_and_percent_beyond_100() {
    let app = spawn_app().await;
    let store = app.store();
    let c = store
        .create_campaign(
            &campaign("petit", Goal::Amount(Cents::from_euros(100))),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    give(&*store, c.id, "a@example.org", 12_687).await;
    app.state.progress.refresh_all(&*store).await.unwrap();
    let body: serde_json::Value = app
        .get("/api/v1/campaigns/petit/progress")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["raised_cents"], 12_687);
    assert_eq!(body["donor_count"], 1);
    assert_eq!(body["donation_count"], 1);
    assert_eq!(body["percent"].to_string(), "126.87");
}

#[tokio::test]
async fn progress_json_has_a_strong_etag() {
    let app = spawn_app().await;
    let first = app.get("/api/v1/campaigns/dorlotons/progress").await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong ETag: {etag}"
    );
    let again = app
        .client
        .get(format!(
            "{}/api/v1/campaigns/dorlotons/progress",
            app.address
        ))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty());

    let other = app
        .client
        .get(format!(
            "{}/api/v1/campaigns/dorlotons/progress",
            app.address
        ))
        .header("if-none-match", "\"autre\"")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
}

#[tokio::test]
async fn unknown_campaign_is_a_json_404() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/campaigns/nexiste-pas/progress").await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "campagne introuvable");
}

#[tokio::test]
async fn health_check_answers_ok() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/healthz").await;
    assert_eq!(status, 200);
    assert_eq!(body, "ok");
}
