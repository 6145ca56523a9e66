//! A hostile-input corpus against every public form and API: markup, SQL
//! metacharacters, Unicode edge cases, huge fields, wrong encodings, malformed
//! multipart and JSON. Never a 5xx, never a payload rendered as markup,
//! nothing stored from a refused request.

use crate::common;

use common::staff::signed_in;
use common::{TestApp, gift_with, spawn_app, visible_text};

/// Values a person, a broken client or an attacker may type.
fn corpus() -> Vec<String> {
    let mut values: Vec<String> = [
        "<script>alert('x1')</script>",
        "\"><img src=x onerror=alert('x2')>",
        "javascript:alert('x3')",
        "'; DROP TABLE donations; --",
        "' OR '1'='1",
        "%_\\",
        "nul\u{0000}byte",
        "\u{202E}evil\u{202C}",
        "e\u{0301}\u{0301}\u{0301}\u{0301}",
        "😀🇫🇷𝔘𝔫𝔦",
        "\u{FEFF}bom\u{200B}",
        "{{7*7}}${7*7}",
        "\r\nBcc: victim@example.org",
        "../../etc/passwd",
        "   ",
        "-1",
        "1e308",
        "0,001",
        "99999999999999999999999",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    values.push("é".repeat(5_000));
    values
}

/// The markers of the corpus that must never reach a page as markup.
const LIVE_MARKUP: &[&str] = &["<script>alert(", "<img src=x onerror"];

fn assert_no_live_markup(html: &str, place: &str) {
    for marker in LIVE_MARKUP {
        assert!(!html.contains(marker), "{place}: {marker} reached the page");
    }
}

const DONATION_FIELDS: &[&str] = &[
    "amount",
    "amount_other",
    "frequency",
    "email",
    "first_name",
    "last_name",
    "address",
    "postal_code",
    "city",
    "country",
    "message",
    "display_name",
];

#[tokio::test]
async fn every_donation_field_survives_the_corpus() {
    let app = spawn_app().await;
    let campaign = app.campaign_id("dorlotons").await;
    let mut stored = 0;
    let mut refused = 0;
    for field in DONATION_FIELDS {
        for value in corpus() {
            let mut fields = gift_with(&[]);
            fields.retain(|(k, _)| k != field);
            fields.push((field, value.as_str()));
            if *field == "amount" {
                fields.retain(|(k, _)| *k != "amount_other");
            }
            let response = app.post_donation("dorlotons", &fields).await;
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            let place = format!("{field}={value:?}");
            assert!(status < 500, "{place}: {status}");
            assert_no_live_markup(&body, &place);
            match status {
                303 => stored += 1,
                422 => {
                    refused += 1;
                    // The page says what is wrong beside the field changed.
                    let named = if *field == "amount_other" {
                        "amount"
                    } else {
                        field
                    };
                    assert!(body.contains(&format!("id=\"err-{named}\"")), "{place}");
                }
                other => panic!("{place}: unexpected {other}"),
            }
            assert_eq!(
                app.store().count_donations(campaign).await.unwrap(),
                stored,
                "{place}: a refused form stored something"
            );
        }
    }
    assert!(refused > 50, "the corpus should trip validation: {refused}");
    assert!(stored > 50, "harmless-but-odd values should pass: {stored}");

    // Staff pages show what was stored, as text.
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    for path in ["/admin/donations?status=all", "/admin", "/admin/guestbook"] {
        let (status, html) = admin.get_text(path).await;
        assert_eq!(status, 200, "{path}");
        assert_no_live_markup(&html, path);
    }
}

#[tokio::test]
async fn a_hostile_gift_paid_and_approved_shows_as_text_everywhere() {
    let app = spawn_app().await;
    let xss_name = "<script>alert('x1')</script>";
    let xss_message = "\"><img src=x onerror=alert('x2')> '; DROP TABLE donations; --";
    let id = app
        .give_demo(
            "dorlotons",
            &gift_with(&[
                ("first_name", xss_name),
                ("last_name", "' OR '1'='1"),
                ("city", "\u{202E}evil"),
                ("message", xss_message),
                ("display_name", xss_name),
            ]),
            "succeeded",
        )
        .await;
    app.drain_jobs().await;
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    assert_eq!(
        common::staff::approve_pending(&admin).await,
        1,
        "the message waited for moderation"
    );

    for path in [
        "/campaigns/dorlotons",
        "/campaigns/dorlotons/guestbook",
        "/embed/dorlotons?messages=1",
        &format!("/donations/{id}/thanks"),
    ] {
        let (status, html) = app.get_text(path).await;
        assert_eq!(status, 200, "{path}");
        assert_no_live_markup(&html, path);
    }
    let (_, guestbook) = app.get_text("/campaigns/dorlotons/guestbook").await;
    assert!(
        visible_text(&guestbook).contains("onerror=alert('x2')"),
        "the message is shown, as text"
    );
    for path in [
        "/admin/donations?status=all",
        "/admin/guestbook?status=approved",
    ] {
        let (status, html) = admin.get_text(path).await;
        assert_eq!(status, 200, "{path}");
        assert_no_live_markup(&html, path);
    }
    let (status, html) = admin.get_text(&format!("/admin/donations/{id}")).await;
    assert_eq!(status, 200);
    assert_no_live_markup(&html, "gift page");
    for email in app.outbox_emails() {
        assert_no_live_markup(&email.html, &email.subject);
    }
}

/// Sends `body` with `content_type` to `path`; the status and the page.
async fn post_raw(app: &TestApp, path: &str, content_type: &str, body: Vec<u8>) -> (u16, String) {
    let response = app
        .client
        .post(format!("{}{path}", app.address))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn malformed_bodies_get_a_french_answer_and_store_nothing() {
    let app = spawn_app().await;
    let campaign = app.campaign_id("dorlotons").await;
    let (csrf, key) = app.form_tokens("dorlotons").await;
    let good: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(gift_with(&[]))
        .append_pair("csrf_token", &csrf)
        .append_pair("idempotency_key", &key)
        .finish();
    let bodies: Vec<(&str, &str, Vec<u8>)> = vec![
        (
            "percent-encoded invalid UTF-8",
            "application/x-www-form-urlencoded",
            format!("{good}&first_name=%FF%FE%C0").into_bytes(),
        ),
        (
            "raw Latin-1 bytes",
            "application/x-www-form-urlencoded",
            [good.as_bytes(), b"&city=Orl\xe9ans"].concat(),
        ),
        (
            "broken multipart",
            "multipart/form-data; boundary=xyz",
            b"--xyz\r\nContent-Disposition: form-data; name=\"amount\"\r\n\r\n10\r\n--x".to_vec(),
        ),
        (
            "multipart without boundary",
            "multipart/form-data",
            b"amount=10".to_vec(),
        ),
        (
            "JSON",
            "application/json",
            br#"{"amount": "10", "email": "a@b.fr"}"#.to_vec(),
        ),
        (
            "truncated JSON",
            "application/json",
            br#"{"amount": "#.to_vec(),
        ),
        (
            "a field twice",
            "application/x-www-form-urlencoded",
            format!("{good}&amount=5&amount=10").into_bytes(),
        ),
        (
            "binary noise",
            "application/x-www-form-urlencoded",
            (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
    ];
    for (what, content_type, body) in bodies {
        let (status, page) =
            post_raw(&app, "/campaigns/dorlotons/donate", content_type, body).await;
        assert!((400..500).contains(&status), "{what}: {status}");
        assert!(
            page.contains("lang=\"fr\""),
            "{what}: a French page, not axum's text: {page}"
        );
        assert_eq!(
            app.store().count_donations(campaign).await.unwrap(),
            0,
            "{what}"
        );
    }
    for path in ["/me", "/admin/login"] {
        for (content_type, body) in [
            (
                "application/x-www-form-urlencoded",
                b"email=%FF%FE".to_vec(),
            ),
            ("application/json", b"{".to_vec()),
            ("multipart/form-data; boundary=a", b"--a\r\n".to_vec()),
        ] {
            let (status, page) = post_raw(&app, path, content_type, body).await;
            assert!(
                (400..500).contains(&status),
                "{path} {content_type}: {status}"
            );
            assert_no_live_markup(&page, path);
        }
    }
    // A NUL character in an otherwise valid form (PostgreSQL cannot hold one).
    for path in ["/me", "/admin/login"] {
        let (_, html) = app.get_text(path).await;
        let csrf = common::hidden_field(&html, "csrf_token");
        let body = format!("csrf_token={csrf}&email=a%00b%40example.org&password=x%00y");
        let (status, page) = post_raw(
            &app,
            path,
            "application/x-www-form-urlencoded",
            body.into_bytes(),
        )
        .await;
        assert!((400..500).contains(&status), "{path} with NUL: {status}");
        assert!(page.contains("lang=\"fr\""), "{path}: {page}");
    }
    // The webhook: malformed JSON, signed or not, is refused and recorded nowhere.
    for (body, signature) in [
        (b"{".to_vec(), None),
        (b"not json at all \xff".to_vec(), Some("t=1,v1=00")),
        (br#"{"id": 5, "type": []}"#.to_vec(), Some("garbage")),
    ] {
        let mut request = app
            .client
            .post(format!("{}/webhooks/stripe", app.address))
            .header("content-type", "application/json")
            .body(body);
        if let Some(signature) = signature {
            request = request.header("stripe-signature", signature);
        }
        let status = request.send().await.unwrap().status().as_u16();
        assert!((400..500).contains(&status), "webhook: {status}");
    }
    app.drain_jobs().await;
    assert!(
        app.outbox_emails().is_empty(),
        "nothing was sent for refused requests"
    );
}

#[tokio::test]
async fn hostile_paths_and_queries_never_break_a_page() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    let hostile = [
        "%3Cscript%3Ealert('x1')%3C%2Fscript%3E",
        "'%20OR%20'1'%3D'1",
        "..%2F..%2Fetc%2Fpasswd",
        "%00",
        "%FF%FE",
        "%F0%9F%98%80",
        "-1",
        "99999999999999999999999",
        "%E2%80%AE",
    ];
    let mut paths = Vec::new();
    for h in hostile {
        for template in [
            "/campaigns/{}",
            "/campaigns/dorlotons/guestbook?page={}",
            "/campaigns/dorlotons?amount={}&frequency={}",
            "/embed/{}",
            "/embed/dorlotons?messages={}&theme={}",
            "/campaigns/{}/badge.svg",
            "/api/v1/campaigns/{}/progress",
            "/receipts/verify/{}?k={}",
            "/me/{}",
            "/me/{}/receipts/{}",
            "/static/{}",
            "/donations/{}/thanks",
        ] {
            paths.push(template.replace("{}", h));
        }
        for template in [
            "/admin/donations?search={}&status={}&from={}&to={}&campaign={}&page={}",
            "/admin/donations/{}",
            "/admin/receipts?year={}",
            "/admin/receipts/declaration?year={}",
            "/admin/guestbook?status={}&page={}",
            "/admin/subscriptions?status={}",
            "/admin/events?page={}",
            "/admin/exports/donations.csv?year={}&status={}",
        ] {
            paths.push(template.replace("{}", h));
        }
    }
    for path in &paths {
        let client = if path.starts_with("/admin") {
            &admin.client
        } else {
            &app.client
        };
        let response = client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert!(status < 500, "{path}: {status}");
        let body = response.text().await.unwrap_or_default();
        assert_no_live_markup(&body, path);
    }
}

#[tokio::test]
async fn the_donor_space_forms_survive_the_corpus() {
    let app = spawn_app().await;
    app.give_demo(
        "dorlotons",
        &gift_with(&[
            ("frequency", "monthly"),
            ("amount", "10"),
            ("amount_other", ""),
            ("message", "Premier message"),
        ]),
        "succeeded",
    )
    .await;
    let donor = app
        .store()
        .donor_id_by_email("camille@example.org")
        .await
        .unwrap()
        .unwrap();
    let expires = time::OffsetDateTime::now_utc().unix_timestamp() + 3600;
    let space = format!(
        "/me/{}",
        soutenir::links::donor_token(&app.state.secret, donor, expires)
    );
    let (_, page) = app.get_text(&space).await;
    let csrf = common::hidden_field(&page, "csrf_token");
    let actions: Vec<String> = page
        .split(r#"action=""#)
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .filter(|a| a.ends_with("/amount") || a.contains("/messages/") && !a.ends_with("/withdraw"))
        .collect();
    assert_eq!(actions.len(), 2, "{actions:?}");
    for action in &actions {
        let mut statuses = std::collections::BTreeMap::new();
        let mut values = corpus();
        // One ordinary value, to show the form still works after the rest.
        values.push("12,50".to_owned());
        for value in values {
            let fields: Vec<(&str, &str)> = if action.ends_with("/amount") {
                vec![("csrf_token", &csrf), ("amount", &value)]
            } else {
                vec![
                    ("csrf_token", &csrf),
                    ("message", &value),
                    ("display_name", &value),
                ]
            };
            let response = app
                .client
                .post(format!("{}{action}", app.address))
                .form(&fields)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            assert!(status < 500, "{action} {value:?}: {status}");
            assert_no_live_markup(&body, action);
            *statuses.entry(status).or_insert(0) += 1;
        }
        // Odd but harmless values are taken, the rest refused beside the field.
        assert!(statuses.contains_key(&303), "{action}: {statuses:?}");
        assert!(statuses.contains_key(&422), "{action}: {statuses:?}");
        assert_eq!(statuses.keys().len(), 2, "{action}: {statuses:?}");
    }
    // What was accepted shows as text on the donor's page and nowhere as markup.
    let (status, page) = app.get_text(&space).await;
    assert_eq!(status, 200);
    assert_no_live_markup(&page, "donor space");
    let subscription = &app.store().donor_subscriptions(donor).await.unwrap()[0];
    assert_eq!(
        subscription.amount.get(),
        1250,
        "only the ordinary amount was taken"
    );
}
