//! Staff helpers: one-time links, and browsers with their own cookies that set a
//! password, log in and out.

use soutenir::store::NewInvitation;
use soutenir::tokens;
use time::OffsetDateTime;

use super::{TestApp, hidden_field, visible_text};

pub const PASSWORD: &str = "cheval-batterie-agrafe";

/// A one-time link as `soutenir user add` (with an address) or the first start
/// (without) makes it.
pub async fn invite(app: &TestApp, email: Option<&str>, role: &'static str) -> String {
    let token = tokens::random_hex(32).unwrap();
    let now = OffsetDateTime::now_utc();
    app.store()
        .create_invitation(
            &NewInvitation {
                token_hash: tokens::hash_token(&token),
                purpose: if email.is_some() {
                    "invitation"
                } else {
                    "first_admin"
                },
                email: email.map(str::to_owned),
                role: soutenir::store::Role::parse(role).expect("a role"),
                expires_at: now + time::Duration::hours(48),
            },
            now,
        )
        .await
        .unwrap();
    format!("/admin/setup/{token}")
}

/// A browser: its own cookies (session, CSRF), no redirects followed.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub client: reqwest::Client,
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(std::sync::Arc::clone(&jar))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Browser { app, client, jar }
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.app.address))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }
}

/// The value of the browser's cookie `name` for the site.
pub fn cookie_of(b: &Browser<'_>, name: &str) -> String {
    use reqwest::cookie::CookieStore;
    let url: url::Url = b.app.address.parse().unwrap();
    let cookies = b.jar.cookies(&url).expect("cookies");
    cookies
        .to_str()
        .unwrap()
        .split("; ")
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no cookie {name}"))
        .to_owned()
}

pub async fn post(b: &Browser<'_>, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    b.client
        .post(format!("{}{path}", b.app.address))
        .form(fields)
        .send()
        .await
        .unwrap()
}

pub fn location(response: &reqwest::Response) -> &str {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The CSRF token of the form at `path`.
pub async fn token_of(b: &Browser<'_>, path: &str) -> String {
    let (status, html) = b.get_text(path).await;
    assert_eq!(status, 200, "{path}: {html}");
    hidden_field(&html, "csrf_token")
}

/// Sets the password behind `link` and returns the signed-in home page's text.
pub async fn set_password(b: &Browser<'_>, link: &str, email: &str) -> String {
    let csrf = token_of(b, link).await;
    let response = post(
        b,
        link,
        &[
            ("csrf_token", &csrf),
            ("email", email),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    // An admin is led to the first-run setup until it is done (tested in
    // `staff::a_new_admin_is_led_through_the_first_run_setup`).
    assert!(
        matches!(location(&response), "/admin" | "/admin/start"),
        "{}",
        location(&response)
    );
    let (status, html) = b.get_text("/admin").await;
    assert_eq!(status, 200);
    visible_text(&html)
}

/// Posts the password form: `current`, then `new` twice.
pub async fn change_password(b: &Browser<'_>, current: &str, new: &str) -> reqwest::Response {
    let csrf = token_of(b, "/admin/password").await;
    post(
        b,
        "/admin/password",
        &[
            ("csrf_token", &csrf),
            ("current", current),
            ("password", new),
            ("password_confirm", new),
        ],
    )
    .await
}

pub async fn log_out(b: &Browser<'_>) {
    let csrf = token_of(b, "/admin").await;
    let response = post(b, "/admin/logout", &[("csrf_token", &csrf)]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/admin/login");
}

pub async fn log_in(b: &Browser<'_>, email: &str, password: &str) -> (u16, String) {
    let csrf = token_of(b, "/admin/login").await;
    let response = post(
        b,
        "/admin/login",
        &[
            ("csrf_token", &csrf),
            ("email", email),
            ("password", password),
        ],
    )
    .await;
    let status = response.status().as_u16();
    let target = location(&response).to_owned();
    let body = response.text().await.unwrap();
    (
        status,
        if status == 303 {
            target
        } else {
            visible_text(&body)
        },
    )
}

/// A browser signed in as a new staff member with this address and role.
pub async fn signed_in<'a>(app: &'a TestApp, email: &str, role: &'static str) -> Browser<'a> {
    let b = Browser::new(app);
    let link = invite(app, Some(email), role).await;
    set_password(&b, &link, email).await;
    b
}

/// Publishes every message waiting for moderation, as a moderator (or an
/// admin) ticking them all would; returns how many.
pub async fn approve_pending(b: &Browser<'_>) -> usize {
    let (status, queue) = b.get_text("/admin/guestbook?status=pending").await;
    assert_eq!(status, 200, "{queue}");
    let mut ids: Vec<String> = queue
        .match_indices(r#"name="ids" value=""#)
        .map(|(at, p)| {
            let rest = &queue[at + p.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect();
    ids.dedup();
    if ids.is_empty() {
        return 0;
    }
    let csrf = hidden_field(&queue, "csrf_token");
    let mut fields = vec![
        ("csrf_token", csrf.as_str()),
        ("status", "pending"),
        ("action", "approve"),
        ("reason", ""),
    ];
    fields.extend(ids.iter().map(|id| ("ids", id.as_str())));
    let response = post(b, "/admin/guestbook", &fields).await;
    assert_eq!(response.status(), 303);
    ids.len()
}

/// Records an offline gift through the form; returns the response.
pub async fn record_offline(b: &Browser<'_>, fields: &[(&str, &str)]) -> reqwest::Response {
    let (status, html) = b.get_text("/admin/donations/new").await;
    assert_eq!(status, 200, "{html}");
    let csrf = hidden_field(&html, "csrf_token");
    let key = hidden_field(&html, "idempotency_key");
    let mut all = vec![
        ("csrf_token", csrf.as_str()),
        ("idempotency_key", key.as_str()),
    ];
    all.extend_from_slice(fields);
    post(b, "/admin/donations/new", &all).await
}
