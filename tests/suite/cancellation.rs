//! Visitors who give up mid-request: connections closed (FIN or RST) a few
//! milliseconds after a donation form was sent, by the hundred and from many
//! clients at once, must leave nothing half-done — no connection stuck inside a
//! transaction, no lost write — and the next visitor, webhook, staff member and
//! command must be served as if nothing had happened; also across a restart.
//! And the store itself: a write dropped at any point commits whole or not at
//! all, and the next write goes through (both backends).

use crate::common;

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use common::TestDb;
use common::binary::{self, Running, soutenir, start};
use serde_json::json;
use soutenir::payments::stripe::signature;
use soutenir::store::{Frequency, Store};
use tokio::io::AsyncWriteExt;

const WEBHOOK_SECRET: &str = "whsec_cancellation";
const CUT_OFF_FORMS: usize = 300;
const CLIENTS: usize = 40;

async fn server(db: &TestDb, dir: &std::path::Path, log: &str) -> Running {
    let mut cmd = soutenir(dir);
    cmd.env("DATABASE_URL", &db.url)
        .env("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
        .env("SOUTENIR_DONATION_RATE", "0")
        .env("SOUTENIR_OUTBOX_DIR", dir.join("outbox"))
        .env("RUST_LOG", "soutenir=warn")
        .stderr(std::fs::File::create(dir.join(log)).unwrap());
    start(cmd).await
}

fn host_of(url: &str) -> String {
    url.trim_start_matches("http://").to_owned()
}

/// Posts a complete donation form for `email` and closes the connection
/// `delay_us` microseconds later, with a RST when `reset`, without reading
/// the answer.
async fn cut_off_gift(url: &str, email: &str, delay_us: u64, reset: bool) {
    let form = common::fresh_form(url).await;
    let (head, body) = form.raw_gift_as(&host_of(url), email);
    let mut stream = tokio::net::TcpStream::connect(host_of(url)).await.unwrap();
    stream
        .write_all(format!("{head}{body}").as_bytes())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_micros(delay_us)).await;
    if reset {
        // A zero linger resets at once instead of blocking on drop.
        #[allow(deprecated)]
        stream.set_linger(Some(Duration::ZERO)).unwrap();
    }
    drop(stream);
}

/// Sets the password behind a one-time link, then signs in from another
/// browser; true when the admin home page answers.
async fn staff_signs_in(url: &str, link: &str, email: &str) -> bool {
    let setup = binary::browser();
    let csrf = binary::form_token(&setup, link).await;
    let password = common::staff::PASSWORD;
    let set = setup
        .post(link)
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("email", email),
            ("password", password),
            ("password_confirm", password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 303, "{}", set.text().await.unwrap());
    let other = binary::browser();
    if binary::log_in(&other, url, email, password).await != 303 {
        return false;
    }
    other
        .get(format!("{url}/admin"))
        .send()
        .await
        .unwrap()
        .status()
        == 200
}

#[tokio::test]
async fn hundreds_of_abandoned_gifts_leave_the_till_open() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let first = server(&db, dir.path(), "first.log").await;
    let url = first.url.clone();

    // 300 forms from 40 clients at once, each cut 0–5 ms after it was sent,
    // one in two with a RST.
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (url, next) = (url.clone(), Arc::clone(&next));
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    if i >= CUT_OFF_FORMS {
                        break;
                    }
                    let delay_us = (i as u64 * 7919) % 5_000;
                    cut_off_gift(&url, &format!("gone{i}@example.org"), delay_us, i % 2 == 1).await;
                }
            })
        })
        .collect();
    for client in clients {
        client.await.unwrap();
    }

    // The health check can write, a gift goes through, a webhook is applied.
    let health = reqwest::get(format!("{url}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200, "{}", health.text().await.unwrap());
    let gift = binary::give_demo(&url, "after@example.org").await;
    let store: Arc<dyn Store> = soutenir::store::connect(&db.url).await.unwrap();
    let campaign = store
        .campaign_by_slug("dorlotons")
        .await
        .unwrap()
        .unwrap()
        .campaign
        .id;
    let pending = store
        .create_pending_donation(
            &common::new_donation(
                campaign,
                "webhook@example.org",
                4_200,
                Frequency::Once,
                "stripe",
            ),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    let event = json!({
        "id": "evt_after_cut_offs",
        "object": "event",
        "type": "checkout.session.completed",
        "created": time::OffsetDateTime::now_utc().unix_timestamp(),
        "data": { "object": {
            "id": "cs_after_cut_offs",
            "object": "checkout.session",
            "metadata": { "donation_id": pending.public_id },
            "client_reference_id": pending.public_id,
            "amount_total": 4_200,
            "currency": "eur",
            "payment_status": "paid",
            "payment_intent": "pi_after_cut_offs",
        }},
    })
    .to_string();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let webhook = reqwest::Client::new()
        .post(format!("{url}/webhooks/stripe"))
        .header(
            "stripe-signature",
            signature::sign(WEBHOOK_SECRET, event.as_bytes(), now),
        )
        .header("content-type", "application/json")
        .body(event)
        .send()
        .await
        .unwrap();
    assert_eq!(webhook.status(), 200, "{}", webhook.text().await.unwrap());

    // A command beside the server writes (no « database is locked »), and the
    // staff member it invites signs in.
    let invited = soutenir(dir.path())
        .env("DATABASE_URL", &db.url)
        .env("SOUTENIR_BASE_URL", &url)
        .args([
            "user",
            "add",
            "--email",
            "tresorier@example.org",
            "--role",
            "admin",
        ])
        .output()
        .await
        .unwrap();
    assert!(
        invited.status.success(),
        "{}",
        String::from_utf8_lossy(&invited.stderr)
    );
    let link = String::from_utf8_lossy(&invited.stdout)
        .split_whitespace()
        .find(|w| w.contains("/admin/setup/"))
        .expect("a setup link")
        .to_owned();
    assert!(staff_signs_in(&url, &link, "tresorier@example.org").await);

    let log = first.stop().await;
    let log = format!(
        "{log}{}",
        std::fs::read_to_string(dir.path().join("first.log")).unwrap_or_default()
    );
    assert!(
        !log.contains("non-zero transaction depth") && !log.contains("database is locked"),
        "{log}"
    );

    // Restarted: everything written meanwhile is there.
    let second = server(&db, dir.path(), "second.log").await;
    let store: Arc<dyn Store> = soutenir::store::connect(&db.url).await.unwrap();
    let after = store.donation(&gift).await.unwrap().expect("the gift");
    assert_eq!(after.status.as_str(), "succeeded");
    let hooked = store.donation(&pending.public_id).await.unwrap().unwrap();
    assert_eq!(hooked.status.as_str(), "succeeded");
    assert!(
        store
            .staff_by_email("tresorier@example.org")
            .await
            .unwrap()
            .is_some()
    );
    let audit = store.recent_audit(50).await.unwrap();
    assert!(
        audit.iter().any(|(_, action, _)| action == "staff.invited"),
        "{audit:?}"
    );
    // Each abandoned form is a pending gift or nothing, never a half-written one.
    let abandoned = store
        .search_donations(&Default::default(), 1_000, 0)
        .await
        .unwrap();
    for row in abandoned
        .iter()
        .filter(|r| r.donor_email.starts_with("gone"))
    {
        assert_eq!(row.status.as_str(), "pending", "{row:?}");
    }
    // Signed in with the password set before the restart.
    assert_eq!(
        binary::log_in(
            &binary::browser(),
            &second.url,
            "tresorier@example.org",
            common::staff::PASSWORD
        )
        .await,
        303
    );
    second.stop().await;
}

/// Polls `future` `polls` times (each poll lets it run as far as it can
/// without waiting), then drops it.
async fn poll_then_drop<F: Future>(future: F, polls: usize, pause: Duration) -> Option<F::Output> {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..polls {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return Some(out);
        }
        // Let the database's threads and sockets make progress between polls.
        if pause.is_zero() {
            tokio::task::yield_now().await;
        } else {
            tokio::time::sleep(pause).await;
        }
    }
    None
}

// Writes dropped after 1, 2, … 40 polls, with the database given no time, 50 µs
// or 200 µs between polls, five times over (600 drops: the window between
// SQLite's `BEGIN` and sqlx's guard is a matter of timing, hit in one sweep in
// five; 600 make it certain): each either committed whole (the donation and
// its donor exist) or left nothing, and the writer takes the next transaction
// at once. Drops land before, inside and after `BEGIN`, between statements
// and inside `COMMIT`.
crate::conformance_db!(
    writes_dropped_at_any_point_commit_whole_or_not_at_all,
    check_dropped_writes
);
async fn check_dropped_writes(db: &TestDb) {
    let store: Arc<dyn Store> = soutenir::store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let campaign = store
        .create_campaign(
            &common::campaign(
                "c",
                soutenir::domain::campaign::Goal::Amount(
                    soutenir::domain::money::Cents::from_euros(1_000),
                ),
            ),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap()
        .id;
    let mut completed = 0;
    let mut tried = 0;
    let sweeps = (0..5)
        .flat_map(|_| [0, 50, 200])
        .flat_map(|pause| (1..=40).map(move |polls| (pause, polls)));
    for (pause, polls) in sweeps {
        tried += 1;
        let i = tried;
        let mut gift = common::new_donation(
            campaign,
            &format!("dropped{i}@example.org"),
            1_000 + i,
            Frequency::Once,
            "demo",
        );
        gift.idempotency_key = Some(format!("key-{i}"));
        let now = time::OffsetDateTime::now_utc();
        if poll_then_drop(
            store.create_pending_donation(&gift, now),
            polls,
            Duration::from_micros(pause),
        )
        .await
        .is_some()
        {
            completed += 1;
        }
        // The next write is never refused for a transaction left open.
        let next = tokio::time::timeout(
            Duration::from_secs(10),
            store.create_pending_donation(
                &common::new_donation(
                    campaign,
                    &format!("next{i}@example.org"),
                    500,
                    Frequency::Once,
                    "demo",
                ),
                now,
            ),
        )
        .await
        .expect("the writer is free again within 10 s");
        assert!(
            next.is_ok(),
            "after {polls} polls ({pause} µs apart): {next:?}"
        );
        store.check_writable().await.unwrap();
        // Replayed with the same key: either the earlier one, whole, or a new one.
        let again = store.create_pending_donation(&gift, now).await.unwrap();
        let row = store.donation(&again.public_id).await.unwrap().unwrap();
        assert_eq!(row.amount.get(), 1_000 + i);
        assert_eq!(row.donor_email, format!("dropped{i}@example.org"));
    }
    assert!(completed < tried, "some writes were really dropped midway");
    assert_eq!(store.count_donations(campaign).await.unwrap(), 2 * tried);
}

#[tokio::test]
async fn the_health_check_fails_when_no_write_can_begin() {
    use sqlx::Connection;
    let app = common::spawn_app_on(TestDb::sqlite()).await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    // Another process holds SQLite's write lock: reads still work, writes cannot begin.
    let mut holder = sqlx::SqliteConnection::connect(&app.db.url).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut holder)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let (status, body) = app.get_text("/healthz").await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("cannot be written"), "{body}");
    assert_eq!(app.get("/campaigns/dorlotons").await.status(), 200);
    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    holder.close().await.unwrap();
    let mut healthy = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if app.get("/healthz").await.status() == 200 {
            healthy = true;
            break;
        }
    }
    assert!(
        healthy,
        "the health check recovers once the lock is released"
    );
}
