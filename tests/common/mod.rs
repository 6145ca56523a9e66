//! Shared test helpers: a fresh database per test (SQLite file, or a new
//! PostgreSQL database when `TEST_DATABASE_URL` is set) and the real application
//! started on port 0.

#![allow(dead_code)]

use std::sync::Arc;

use soutenir::app::Application;
use soutenir::config::Config;
use soutenir::store::Store;
use soutenir::web::AppState;
use sqlx::Connection;

pub mod binary;
pub mod staff;

/// A check `$check(&TestDb)` run on both backends, as two tests `$name::sqlite`
/// and `$name::postgres` (the latter skipped, with its reason printed, where
/// no PostgreSQL is configured; failed under `CI=true`).
#[macro_export]
macro_rules! conformance_db {
    ($name:ident, $check:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$check(&$crate::common::TestDb::sqlite()).await;
            }

            #[tokio::test]
            async fn postgres() {
                let Some(db) = $crate::common::postgres_or_skip(stringify!($name)).await else {
                    return;
                };
                super::$check(&db).await;
            }
        }
    };
}

/// A database that exists for one test and is dropped after it.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_cleanup: Option<(String, String)>,
}

impl TestDb {
    /// The backend under test: PostgreSQL when `TEST_DATABASE_URL` is set, else SQLite.
    pub async fn new() -> TestDb {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => TestDb::postgres(&admin_url).await,
            _ => TestDb::sqlite(),
        }
    }

    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("soutenir.db").display());
        TestDb {
            url,
            _dir: Some(dir),
            pg_cleanup: None,
        }
    }

    /// Creates a new, empty database on the server `admin_url` points at.
    pub async fn postgres(admin_url: &str) -> TestDb {
        drop_leftover_databases(admin_url).await;
        let name = format!(
            "soutenir_test_{}",
            soutenir::tokens::random_hex(8).expect("random")
        );
        let mut conn = sqlx::PgConnection::connect(admin_url)
            .await
            .unwrap_or_else(|e| {
                panic!("TEST_DATABASE_URL is set but PostgreSQL is unreachable: {e}")
            });
        sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&mut conn)
            .await
            .expect("create test database");
        conn.close().await.ok();
        let url = replace_db_name(admin_url, &name);
        TestDb {
            url,
            _dir: None,
            pg_cleanup: Some((admin_url.to_owned(), name)),
        }
    }

    /// A database another test value owns (a second instance on the same data):
    /// not dropped by this one.
    pub fn existing(url: &str) -> TestDb {
        TestDb {
            url: url.to_owned(),
            _dir: None,
            pg_cleanup: None,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg_cleanup.is_some()
    }
}

/// `postgres://u:p@h:5432/admin?x=y` with the database name replaced.
pub fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let path_start = base[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .unwrap_or(base.len());
    format!("{}/{name}{query}", &base[..path_start])
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.pg_cleanup.take() else {
            return;
        };
        // Not joined: the test's own runtime must keep running (its LISTEN
        // connection has to read for PostgreSQL to let the database go). Whatever
        // is left when the process exits is dropped by the next run.
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&admin_url).await.ok()?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .execute(&mut conn)
                    .await
                    .ok()
            })
        });
    }
}

/// Drops the test databases earlier runs left behind, once per process. A
/// database still in use (by a test of another process) is not dropped.
async fn drop_leftover_databases(admin_url: &str) {
    static ONCE: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    ONCE.get_or_init(|| async {
        let Ok(mut conn) = sqlx::PgConnection::connect(admin_url).await else { return };
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT datname FROM pg_database WHERE datname LIKE 'soutenir\\_test\\_%' \
             AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = pg_database.datname)",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap_or_default();
        for name in names {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\"")).execute(&mut conn).await;
        }
    })
    .await;
}

/// Camille (`camille@example.org`, one receipt, a monthly gift, a guestbook
/// message) erased as their own erasure link does — not found by address,
/// monthly gift stopped, no message left (the text itself gone from the
/// database), the receipt kept — and the audit log names `actor`.
pub async fn assert_camille_erased(app: &TestApp, donor: i64, actor: &str) {
    let store = app.store();
    assert_eq!(
        store
            .donor_id_by_email("camille@example.org")
            .await
            .unwrap(),
        None
    );
    assert_eq!(monthly_statuses(&*store, donor).await, ["cancelled"]);
    assert!(store.donor_messages(donor).await.unwrap().is_empty());
    assert_eq!(
        raw_count(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM guestbook_entries g JOIN donations d ON d.id = g.donation_id \
                 WHERE d.donor_id = {donor} AND (g.status <> 'withdrawn' OR g.message <> '' OR g.display_name <> '')"
            )
        )
        .await,
        0,
        "every message withdrawn and emptied"
    );
    assert_eq!(store.donor_receipts(donor).await.unwrap().len(), 1);
    let audit = store.recent_audit(10).await.unwrap();
    assert!(
        audit.iter().any(|(who, action, target)| who == actor
            && action == "donor.erased"
            && target == &format!("donor:{donor}")),
        "{audit:?}"
    );
}

/// The statuses of a donor's monthly gifts, sorted.
pub async fn monthly_statuses(store: &dyn Store, donor: i64) -> Vec<String> {
    let mut statuses: Vec<String> = store
        .donor_subscriptions(donor)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.status.to_string())
        .collect();
    statuses.sort();
    statuses
}

/// A count read straight from a test database.
pub async fn raw_count(db: &TestDb, sql: &str) -> i64 {
    use sqlx::Connection;
    if db.is_postgres() {
        let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
    } else {
        let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
    }
}

/// Runs one statement on a test database behind the application's back (to
/// leave it as an older version, or a fault, would have).
pub async fn raw_sql(db: &TestDb, sql: &str) {
    use sqlx::Connection;
    if db.is_postgres() {
        let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
        sqlx::query(sql).execute(&mut conn).await.unwrap();
    } else {
        let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        sqlx::query(sql).execute(&mut conn).await.unwrap();
    }
}

/// The application, serving on a random local port.
pub struct TestApp {
    pub outbox: tempfile::TempDir,
    pub address: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub startup_notes: Vec<String>,
    pub db: TestDb,
}

pub fn test_config(database_url: &str) -> Config {
    let mut config = Config::defaults();
    config.database_url = database_url.to_owned();
    config.bind = "127.0.0.1:0".to_owned();
    config.base_url = None;
    // Tests issue yearly summaries when they mean to (`app::queue_due_summaries`
    // has its own test): one issued by itself at start would race them.
    config.annual_receipts_auto = false;
    config
}

pub async fn spawn_app() -> TestApp {
    let db = TestDb::new().await;
    spawn_app_on(db).await
}

pub async fn spawn_app_on(db: TestDb) -> TestApp {
    spawn_app_with(db, |_| {}).await
}

/// Starts the application after `adjust` has changed its configuration, as
/// an association that has saved its details ([`real_organisation`]).
pub async fn spawn_app_with(db: TestDb, adjust: impl FnOnce(&mut Config)) -> TestApp {
    let app = spawn_fresh_install(db, adjust).await;
    app.store()
        .save_organisation(&real_organisation(), time::OffsetDateTime::now_utc())
        .await
        .expect("organisation saved");
    app
}

/// The sample's details, saved by an admin with a signature: receipts are
/// real, and read as the sample's.
pub fn real_organisation() -> soutenir::store::Organisation {
    soutenir::store::Organisation {
        details_saved: true,
        signature_png: Some(signature_png()),
        ..soutenir::app::sample_organisation()
    }
}

/// A signature image: a small PNG.
pub fn signature_png() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/static/img/sample-signature.png"
    ))
    .expect("signature image")
}

/// Starts the application as a fresh install leaves it: the sample
/// organisation untouched, so receipts are specimens.
pub async fn spawn_fresh_install(db: TestDb, adjust: impl FnOnce(&mut Config)) -> TestApp {
    let outbox = tempfile::tempdir().expect("outbox dir");
    let mut config = test_config(&db.url);
    config.outbox_dir = outbox.path().to_owned();
    config.retry_base_ms = 200;
    // Tests post many forms from one address; the limit has its own test.
    config.donation_rate = 0;
    config.api_rate = 0;
    adjust(&mut config);
    let app = Application::build(config)
        .await
        .expect("application builds");
    // Where it listens, even when its public URL is another (https) one.
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    let startup_notes = app.startup_notes.clone();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("http client");
    TestApp {
        outbox,
        address,
        client,
        state,
        startup_notes,
        db,
    }
}

impl TestApp {
    pub fn store(&self) -> Arc<dyn Store> {
        Arc::clone(&self.state.store)
    }

    /// The id of a campaign, by slug.
    pub async fn campaign_id(&self, slug: &str) -> i64 {
        self.state
            .store
            .campaign_by_slug(slug)
            .await
            .expect("store")
            .expect("campaign")
            .campaign
            .id
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request")
    }

    /// Opens the campaign page as a browser would and returns the form's hidden
    /// CSRF token and idempotency key.
    pub async fn form_tokens(&self, slug: &str) -> (String, String) {
        let (_, html) = self.get_text(&format!("/campaigns/{slug}")).await;
        (
            hidden_field(&html, "csrf_token"),
            hidden_field(&html, "idempotency_key"),
        )
    }

    /// Posts the donation form with these fields (plus the tokens a browser sends).
    pub async fn post_donation(&self, slug: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let (csrf, key) = self.form_tokens(slug).await;
        self.post_donation_with(slug, fields, &csrf, &key).await
    }

    pub async fn post_donation_with(
        &self,
        slug: &str,
        fields: &[(&str, &str)],
        csrf: &str,
        key: &str,
    ) -> reqwest::Response {
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", csrf), ("idempotency_key", key)];
        form.extend_from_slice(fields);
        self.client
            .post(format!("{}/campaigns/{slug}/donate", self.address))
            .form(&form)
            .send()
            .await
            .expect("post donation")
    }

    /// Gives through the demo gateway: form, payment page, outcome. Returns the
    /// donation's public id.
    pub async fn give_demo(&self, slug: &str, fields: &[(&str, &str)], outcome: &str) -> String {
        let response = self.post_donation(slug, fields).await;
        assert_eq!(
            response.status(),
            303,
            "{}",
            response.text().await.unwrap_or_default()
        );
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let id = location.rsplit('/').next().unwrap().to_owned();
        let (status, page) = self.get_text(&format!("/pay/demo/{id}")).await;
        assert_eq!(status, 200);
        let csrf = hidden_field(&page, "csrf_token");
        let done = self
            .client
            .post(format!("{}/pay/demo/{id}", self.address))
            .form(&[("csrf_token", csrf.as_str()), ("outcome", outcome)])
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), 303);
        assert_eq!(
            done.headers()["location"],
            format!("/donations/{id}/thanks").as_str()
        );
        id
    }

    /// Waits until the outbox has nothing left to do, and checks nothing failed for good.
    pub async fn drain_jobs(&self) {
        let store = self.store();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let pending = store.count_jobs("queued").await.unwrap()
                + store.count_jobs("running").await.unwrap();
            if pending == 0 {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{pending} outbox jobs still pending"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(
            store.count_jobs("dead").await.unwrap(),
            0,
            "an outbox job was given up"
        );
    }

    /// The emails written to the outbox folder, parsed.
    pub fn outbox_emails(&self) -> Vec<ReceivedEmail> {
        read_emails(self.outbox.path())
    }

    pub async fn progress_json(&self, slug: &str) -> serde_json::Value {
        self.get(&format!("/api/v1/campaigns/{slug}/progress"))
            .await
            .json()
            .await
            .unwrap()
    }

    /// `GET path` with these request headers: the status, headers and body.
    pub async fn get_with(
        &self,
        path: &str,
        headers: &[(&str, &str)],
    ) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
        let mut request = self.client.get(format!("{}{path}", self.address));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (status, headers, response.bytes().await.unwrap().to_vec())
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
}

/// The text a person reads: tags removed, entities for spaces decoded, runs of
/// white space folded (narrow no-break spaces kept).
pub fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&#8239;", "\u{202F}")
        .replace("&nbsp;", "\u{A0}")
        .replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    decoded
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A donor with a full address.
pub fn donor(email: &str) -> soutenir::store::DonorDetails {
    soutenir::store::DonorDetails {
        email: email.to_owned(),
        first_name: "Camille".to_owned(),
        last_name: "Martin".to_owned(),
        address: "12 rue des Lilas".to_owned(),
        postal_code: "69007".to_owned(),
        city: "Lyon".to_owned(),
        country: "FR".to_owned(),
    }
}

/// A gift as the donation form leaves it: receipt wanted, no message.
pub fn new_donation(
    campaign_id: i64,
    email: &str,
    cents: i64,
    frequency: soutenir::store::Frequency,
    provider: &'static str,
) -> soutenir::store::NewDonation {
    soutenir::store::NewDonation {
        lang: "fr".to_owned(),
        campaign_id,
        donor: donor(email),
        amount: soutenir::domain::money::Cents::new(cents),
        frequency,
        provider: soutenir::store::Provider::parse(provider).expect("a provider"),
        idempotency_key: None,
        wants_receipt: true,
        message: None,
        display_name: String::new(),
        show_amount: false,
        company: None,
    }
}

/// Records `donation` and its payment by card at `at` (the provider's
/// `reference`, if any), as a payment would; returns its public id.
pub async fn paid(
    store: &dyn Store,
    donation: &soutenir::store::NewDonation,
    reference: Option<&str>,
    at: time::OffsetDateTime,
) -> String {
    let pending = store
        .create_pending_donation(donation, at)
        .await
        .expect("pending donation");
    store
        .confirm_donation(&pending.public_id, "card", reference, at)
        .await
        .expect("confirmation");
    pending.public_id
}

/// A monthly gift created as `gift` says, its payments received by card at
/// each of `dates` (the first one starts it); returns the payments' ids.
pub async fn monthly_payments(
    store: &dyn Store,
    gift: &soutenir::store::NewDonation,
    dates: &[time::OffsetDateTime],
) -> Vec<String> {
    let first = store
        .create_pending_donation(gift, dates[0])
        .await
        .expect("pending donation");
    store
        .confirm_donation(&first.public_id, "card", None, dates[0])
        .await
        .expect("confirmation");
    let subscription = store
        .donation(&first.public_id)
        .await
        .unwrap()
        .unwrap()
        .subscription_id
        .expect("a monthly gift");
    let mut ids = vec![first.public_id];
    for at in &dates[1..] {
        let payment = store
            .create_subscription_payment(subscription, None, *at)
            .await
            .expect("a monthly payment");
        store
            .confirm_donation(&payment.public_id, "card", None, *at)
            .await
            .expect("confirmation");
        ids.push(payment.public_id);
    }
    ids
}

/// Records a confirmed one-off gift through the store, as a payment would.
pub async fn give(
    store: &dyn Store,
    campaign_id: i64,
    email: &str,
    cents: i64,
) -> soutenir::store::Confirmation {
    let now = time::OffsetDateTime::now_utc();
    let pending = store
        .create_pending_donation(
            &new_donation(
                campaign_id,
                email,
                cents,
                soutenir::store::Frequency::Once,
                "demo",
            ),
            now,
        )
        .await
        .expect("pending donation");
    store
        .confirm_donation(&pending.public_id, "card", None, now)
        .await
        .expect("confirmation")
}

/// A running campaign with the given goal.
pub fn campaign(
    slug: &str,
    goal: soutenir::domain::campaign::Goal,
) -> soutenir::store::NewCampaign {
    use soutenir::domain::campaign::{MonthlyCounting, Slug};
    let now = time::OffsetDateTime::now_utc();
    soutenir::store::NewCampaign {
        slug: Slug::parse(slug).expect("slug"),
        title: format!("Campagne {slug}"),
        body_markdown: "Un texte.".to_owned(),
        goal,
        starts_at: now - time::Duration::days(1),
        ends_at: now + time::Duration::days(10),
        suggested_amounts: vec![],
        monthly_counting: MonthlyCounting::EachPayment,
        lang: "fr".to_owned(),
        thanks_markdown: String::new(),
        amount_labels: vec![],
        translations: Default::default(),
    }
}

/// A fresh PostgreSQL database for tests that check PostgreSQL whatever backend
/// the rest of the run uses. The server comes from `TEST_POSTGRES_URL`, else
/// `TEST_DATABASE_URL`. Without either the test is skipped, saying so on the
/// terminal, except under `CI=true`, where it fails.
pub async fn postgres_or_skip(what: &str) -> Option<TestDb> {
    use std::io::Write;
    let url = ["TEST_POSTGRES_URL", "TEST_DATABASE_URL"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
    match url {
        Some(url) => Some(TestDb::postgres(&url).await),
        None => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{what}: CI=true but neither TEST_POSTGRES_URL nor TEST_DATABASE_URL is set"
            );
            // Written to the real stderr, not the captured one, so the skip shows.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {what} on PostgreSQL: set TEST_POSTGRES_URL or TEST_DATABASE_URL to run it"
            );
            None
        }
    }
}

/// The value of a hidden input in a page.
pub fn hidden_field(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    html.split(&marker)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no hidden field {name}"))
        .to_owned()
}

/// What a first visit to the campaign page gives a browser: the CSRF cookie
/// (as a `Cookie` header) and the form's token and idempotency key.
pub struct FreshForm {
    pub cookie: String,
    pub csrf: String,
    pub key: String,
}

impl FreshForm {
    /// The gift `GIFT` as a browser posts it, head and body apart, for tests
    /// that write them on a socket at their own pace.
    pub fn raw_gift(&self, host: &str) -> (String, String) {
        self.raw_gift_as(host, "camille@example.org")
    }

    /// The same gift, from the donor at `email`.
    pub fn raw_gift_as(&self, host: &str, email: &str) -> (String, String) {
        let mut form = gift_with(&[("email", email)]);
        form.push(("csrf_token", &self.csrf));
        form.push(("idempotency_key", &self.key));
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let head = format!(
            "POST /campaigns/dorlotons/donate HTTP/1.1\r\nHost: {host}\r\nCookie: {}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
            self.cookie,
            body.len()
        );
        (head, body)
    }
}

/// Opens the campaign page as a new browser would (no cookie yet).
pub async fn fresh_form(base_url: &str) -> FreshForm {
    let response = reqwest::get(format!("{base_url}/campaigns/dorlotons"))
        .await
        .unwrap();
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").to_owned())
        .collect::<Vec<_>>()
        .join("; ");
    let html = response.text().await.unwrap();
    FreshForm {
        cookie,
        csrf: hidden_field(&html, "csrf_token"),
        key: hidden_field(&html, "idempotency_key"),
    }
}

/// A complete one-off gift, as a donor fills the form.
pub const GIFT: &[(&str, &str)] = &[
    ("amount", "other"),
    ("amount_other", "30,50"),
    ("frequency", "once"),
    ("email", "camille@example.org"),
    ("first_name", "Camille"),
    ("last_name", "Martin"),
    ("address", "12 rue des Lilas"),
    ("postal_code", "69007"),
    ("city", "Lyon"),
    ("country", "FR"),
    ("wants_receipt", "on"),
];

/// `GIFT` with some fields replaced or added.
pub fn gift_with<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields: Vec<(&str, &str)> = GIFT
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .copied()
        .collect();
    fields.extend(changes.iter().filter(|(_, v)| !v.is_empty()).copied());
    fields
}

/// `base` with the values of `changes` in place of its own (empty ones kept:
/// a field sent empty).
pub fn with_changes<'a>(
    base: &[(&'a str, &'a str)],
    changes: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    base.iter()
        .map(|(k, v)| {
            changes
                .iter()
                .find(|(c, _)| c == k)
                .map_or((*k, *v), |(c, nv)| (*c, *nv))
        })
        .collect()
}

/// An email as a person reads it.
#[derive(Debug, Clone)]
pub struct ReceivedEmail {
    pub to: String,
    pub from: String,
    /// The display name of the sender, if any.
    pub from_name: String,
    /// The `Reply-To` address, if any.
    pub reply_to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// `(file name, bytes)`
    pub attachments: Vec<(String, Vec<u8>)>,
}

pub fn parse_email(raw: &[u8]) -> ReceivedEmail {
    let message = mail_parser::MessageParser::default()
        .parse(raw)
        .expect("a valid email");
    let address = |a: Option<&mail_parser::Address>| {
        a.and_then(|a| a.first())
            .and_then(|a| a.address())
            .unwrap_or_default()
            .to_owned()
    };
    ReceivedEmail {
        to: address(message.to()),
        from: address(message.from()),
        from_name: message
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.name())
            .unwrap_or_default()
            .to_owned(),
        reply_to: address(message.reply_to()),
        subject: message.subject().unwrap_or_default().to_owned(),
        text: message
            .body_text(0)
            .map(|t| t.into_owned())
            .unwrap_or_default(),
        html: message
            .body_html(0)
            .map(|t| t.into_owned())
            .unwrap_or_default(),
        attachments: message
            .attachments()
            .map(|part| {
                (
                    mail_parser::MimeHeaders::attachment_name(part)
                        .unwrap_or_default()
                        .to_owned(),
                    part.contents().to_vec(),
                )
            })
            .collect(),
    }
}

/// The text of a PDF, as `pdftotext -layout` reads it (narrow no-break spaces
/// come out as plain spaces). Under `CI=true` a missing `pdftotext` fails;
/// elsewhere the caller skips, saying why.
pub fn pdf_text(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("receipt.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    match std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(err) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "pdftotext is required under CI=true: {err}"
            );
            eprintln!("skipped: pdftotext is not installed ({err})");
            None
        }
    }
}

/// Every `.eml` file under `dir` (recursively), oldest first.
pub fn read_emails(dir: &std::path::Path) -> Vec<ReceivedEmail> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let modified = entry.metadata().and_then(|m| m.modified()).ok();
                files.push((modified, path));
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|(_, p)| parse_email(&std::fs::read(p).expect("read email")))
        .collect()
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A real SMTP server (Python's aiosmtpd) storing what it receives in a Maildir.
pub struct SmtpServer {
    pub port: u16,
    pub maildir: tempfile::TempDir,
    child: std::process::Child,
}

impl SmtpServer {
    /// Starts aiosmtpd on `port`; `None` (test skipped, said on the terminal)
    /// when aiosmtpd is not installed, except under `CI=true` where that fails.
    pub fn start(port: u16) -> Option<SmtpServer> {
        use std::io::Write;
        let available = std::process::Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success());
        if !available {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but aiosmtpd is not installed (pip install aiosmtpd)"
            );
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: aiosmtpd is not installed (pip install aiosmtpd)"
            );
            return None;
        }
        let maildir = tempfile::tempdir().unwrap();
        let child = std::process::Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir.path().join("Maildir"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "aiosmtpd did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Some(SmtpServer {
            port,
            maildir,
            child,
        })
    }

    pub fn received(&self) -> Vec<ReceivedEmail> {
        read_emails(&self.maildir.path().join("Maildir"))
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A test's outside part is missing: under `CI=true` the test fails, else
/// it is skipped with the reason printed.
pub fn missing_part<T>(test: &str, reason: &str) -> Option<T> {
    use std::io::Write;
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {reason}"
    );
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {reason}");
    None
}

/// The organisation page's form, filled in as « Les Amis du Libre », with
/// `changes` in place of (or beside) its fields.
pub fn organisation_form(csrf: &str, changes: &[(&str, &str)]) -> reqwest::multipart::Form {
    let mut fields: Vec<(&str, &str)> = vec![
        ("csrf_token", csrf),
        ("legal_name", "Les Amis du Libre"),
        ("registration_kind", "rna"),
        ("registration_number", "W691234567"),
        ("address", "3 rue de la République"),
        ("postal_code", "69001"),
        ("city", "Lyon"),
        ("country", "FR"),
        ("object", "Défendre et promouvoir les logiciels libres"),
        ("category", "interet_general"),
        ("public_utility_decree_date", ""),
        ("reduction_rate_percent", "66"),
        ("signatory_name", "Dominique Roux"),
        ("signatory_role", "Président"),
        ("receipt_min", "0"),
    ];
    for (name, value) in changes {
        fields.retain(|(n, _)| n != name);
        fields.push((name, value));
    }
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name.to_owned(), value.to_owned());
    }
    form
}
