//! Headers every response carries: a Content Security Policy without inline
//! script or style, framing refused except for the embed, no MIME sniffing, a
//! referrer policy, and HSTS when the site is served over https — on every kind
//! of page, for visitors and staff.

use crate::common;

use common::staff::signed_in;
use common::{TestDb, spawn_app, spawn_app_with};

/// Every kind of response: public pages, forms, API, assets, errors, staff.
const PATHS: &[&str] = &[
    "/",
    "/campaigns/dorlotons",
    "/campaigns/dorlotons/guestbook",
    "/embed/dorlotons",
    "/me",
    "/api/v1/campaigns/dorlotons/progress",
    "/campaigns/dorlotons/badge.svg",
    "/widget.js",
    "/receipts/verify/2026-000001?k=00",
    "/admin/login",
    "/admin",
    "/admin/donations",
    "/admin/receipts",
    "/nulle-part",
];

fn directives(policy: &str) -> Vec<(String, String)> {
    policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let (name, value) = d.split_once(' ').unwrap_or((d, ""));
            (name.to_owned(), value.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn every_response_has_a_strict_policy_and_only_the_embed_may_be_framed() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    for path in PATHS {
        let response = admin
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        let headers = response.headers();
        let policy = headers["content-security-policy"].to_str().unwrap();
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        assert!(!policy.contains("unsafe-eval"), "{path}: {policy}");
        let d = directives(policy);
        let get = |name: &str| {
            d.iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .unwrap_or_else(|| panic!("{path}: no {name} in {policy}"))
        };
        assert_eq!(get("default-src"), "'self'", "{path}");
        assert_eq!(get("script-src"), "'self'", "{path}");
        assert_eq!(get("style-src"), "'self'", "{path}");
        assert_eq!(get("object-src"), "'none'", "{path}");
        assert_eq!(get("base-uri"), "'none'", "{path}");
        assert_eq!(
            get("form-action"),
            "'self'",
            "{path}: demo mode posts here only"
        );
        if path.starts_with("/embed/") {
            assert_eq!(get("frame-ancestors"), "*", "{path}");
            assert!(!headers.contains_key("x-frame-options"), "{path}");
        } else {
            assert_eq!(get("frame-ancestors"), "'none'", "{path}");
            assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        }
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert!(
            !headers.contains_key("strict-transport-security"),
            "{path}: no HSTS over plain http"
        );
    }
}

#[tokio::test]
async fn https_sites_send_hsts_and_stripe_sites_may_post_to_checkout() {
    let app = spawn_app_with(TestDb::new().await, |c| {
        c.base_url = Some("https://dons.example.org".to_owned());
        c.stripe_secret_key = Some("sk_test_headers".to_owned().into());
        c.stripe_webhook_secret = Some("whsec_headers".to_owned().into());
    })
    .await;
    for path in [
        "/",
        "/campaigns/dorlotons",
        "/embed/dorlotons",
        "/admin/login",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        assert_eq!(
            headers["strict-transport-security"], "max-age=31536000",
            "{path}"
        );
        let policy = headers["content-security-policy"].to_str().unwrap();
        assert!(
            policy.contains("form-action 'self' https://checkout.stripe.com;"),
            "{path}: {policy}"
        );
    }
}

#[tokio::test]
async fn oversized_requests_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let campaign = app.campaign_id("dorlotons").await;
    let (csrf, key) = app.form_tokens("dorlotons").await;
    let huge = "x".repeat(soutenir::web::MAX_BODY_BYTES + 1);
    let mut fields = common::gift_with(&[("message", huge.as_str())]);
    fields.push(("csrf_token", &csrf));
    fields.push(("idempotency_key", &key));
    let response = app
        .client
        .post(format!("{}/campaigns/dorlotons/donate", app.address))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = common::visible_text(&response.text().await.unwrap());
    assert!(page.contains("Envoi trop volumineux"), "{page}");
    assert!(page.contains("rien n'a été enregistré"), "{page}");
    assert_eq!(app.store().count_donations(campaign).await.unwrap(), 0);
    for path in ["/webhooks/stripe", "/me", "/admin/login"] {
        let response = app
            .client
            .post(format!("{}{path}", app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(huge.clone())
            .send()
            .await
            .unwrap();
        assert!(
            response.status().as_u16() == 413,
            "{path}: {}",
            response.status()
        );
    }
}

#[tokio::test]
async fn the_organisation_s_images_keep_their_own_larger_limit() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    let csrf = common::staff::token_of(&admin, "/admin/organisation").await;
    // Larger than the general limit, within the images' own: read, then refused
    // as not a PNG, beside its field.
    let not_png = vec![b'x'; soutenir::web::MAX_BODY_BYTES * 2];
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf)
        .part(
            "logo",
            reqwest::multipart::Part::bytes(not_png)
                .file_name("logo.png")
                .mime_str("image/png")
                .unwrap(),
        );
    let response = admin
        .client
        .post(format!("{}/admin/organisation", app.address))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"err-logo\""), "{html}");
}

#[tokio::test]
async fn a_post_another_site_made_the_browser_send_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let campaign = app.campaign_id("dorlotons").await;
    let post = |headers: &'static [(&'static str, &'static str)], email: &'static str| {
        let app = &app;
        async move {
            let (csrf, key) = app.form_tokens("dorlotons").await;
            let mut form = common::gift_with(&[("email", email)]);
            form.push(("csrf_token", &csrf));
            form.push(("idempotency_key", &key));
            let mut request = app
                .client
                .post(format!("{}/campaigns/dorlotons/donate", app.address))
                .form(&form);
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            request.send().await.unwrap()
        }
    };
    for headers in [
        &[("origin", "https://evil.example")][..],
        &[("origin", "null"), ("sec-fetch-site", "cross-site")][..],
        &[("sec-fetch-site", "cross-site")][..],
        &[
            ("sec-fetch-site", "same-site"),
            ("origin", "https://a.example"),
        ][..],
    ] {
        let refused = post(headers, "cible@example.org").await;
        assert_eq!(refused.status(), 403, "{headers:?}");
        let text = common::visible_text(&refused.text().await.unwrap());
        assert!(text.contains("venait d'un autre site"), "{text}");
    }
    assert_eq!(app.store().count_donations(campaign).await.unwrap(), 0);
    // The site's own pages post as before.
    let origin: &'static str = app.address.clone().leak();
    let own: &'static [(&'static str, &'static str)] =
        vec![("origin", origin), ("sec-fetch-site", "same-origin")].leak();
    assert_eq!(post(own, "moi@example.org").await.status(), 303);
    assert_eq!(post(&[], "programme@example.org").await.status(), 303);
    assert_eq!(app.store().count_donations(campaign).await.unwrap(), 2);
}
