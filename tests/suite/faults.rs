//! Faults: the server killed with SIGKILL in the middle of a webhook storm,
//! then restarted; what was not acknowledged is delivered again, as Stripe
//! does. Every payment is recorded once, the receipts are gapless, the totals
//! exact — on the backend under test (SQLite, or PostgreSQL in CI's second run).

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::TestDb;
use common::binary::{Running, soutenir, start};
use serde_json::json;
use soutenir::payments::stripe::signature;
use soutenir::store::{Frequency, Store};
use tokio::sync::Mutex;

const WEBHOOK_SECRET: &str = "whsec_storm";
const PAYMENTS: usize = 770;
const SENDERS: usize = 8;

/// The server on `db`, configured for Stripe; its logs go to `log`.
async fn server(db: &TestDb, dir: &std::path::Path, log: &str) -> Running {
    let mut cmd = soutenir(dir);
    let stderr = std::fs::File::create(dir.join(log)).unwrap();
    cmd.env("DATABASE_URL", &db.url)
        .env(
            "SOUTENIR_SECRET",
            "storm-3f9a0c2e7b1d4f6a8c0e2b4d6f8a1c3e5a7b9c",
        )
        .env("STRIPE_SECRET_KEY", "sk_test_storm")
        .env("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
        // No Stripe API here: the events carry everything the webhook needs.
        .env("STRIPE_API_BASE", "http://127.0.0.1:9/")
        .env("SOUTENIR_OUTBOX_DIR", dir.join("outbox"))
        .env("SOUTENIR_JOB_LEASE", "3")
        .env("RUST_LOG", "soutenir=warn")
        .stderr(stderr);
    start(cmd).await
}

/// Sends `events[i]` for every `i` of `todo` from `SENDERS` tasks; returns the
/// indexes not acknowledged with a 2xx (refused, failed, or no answer).
async fn deliver(
    url: String,
    events: Arc<Vec<String>>,
    todo: Vec<usize>,
    acknowledged: Arc<AtomicUsize>,
) -> Vec<usize> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let todo = Arc::new(todo);
    let next = Arc::new(AtomicUsize::new(0));
    let missed = Arc::new(Mutex::new(Vec::new()));
    let senders: Vec<_> = (0..SENDERS)
        .map(|_| {
            let (client, url, events, todo, next, missed, acknowledged) = (
                client.clone(),
                format!("{url}/webhooks/stripe"),
                Arc::clone(&events),
                Arc::clone(&todo),
                Arc::clone(&next),
                Arc::clone(&missed),
                Arc::clone(&acknowledged),
            );
            tokio::spawn(async move {
                while let Some(&i) = todo.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let body = &events[i];
                    let now = time::OffsetDateTime::now_utc().unix_timestamp();
                    let answer = client
                        .post(&url)
                        .header(
                            "stripe-signature",
                            signature::sign(WEBHOOK_SECRET, body.as_bytes(), now),
                        )
                        .header("content-type", "application/json")
                        .body(body.clone())
                        .send()
                        .await;
                    match answer {
                        Ok(response) if response.status().is_success() => {
                            acknowledged.fetch_add(1, Ordering::SeqCst);
                        }
                        _ => missed.lock().await.push(i),
                    }
                }
            })
        })
        .collect();
    for sender in senders {
        sender.await.unwrap();
    }
    let mut missed = missed.lock().await.clone();
    missed.sort_unstable();
    missed
}

/// The last lines of a log file.
fn log_tail(path: &std::path::Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

#[tokio::test]
async fn a_server_killed_mid_storm_records_every_payment_once_after_restart() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let first = server(&db, dir.path(), "first.log").await;
    let store: Arc<dyn Store> = soutenir::store::connect(&db.url).await.unwrap();
    store
        .save_organisation(
            &common::real_organisation(),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    let campaign = store
        .campaign_by_slug("dorlotons")
        .await
        .unwrap()
        .unwrap()
        .campaign
        .id;

    // 770 gifts waiting for Stripe, each with its completed-session event; 30 %
    // of the events delivered twice; all shuffled.
    let mut expected = 0;
    let mut payments = Vec::with_capacity(PAYMENTS);
    let mut events = Vec::new();
    for i in 0..PAYMENTS {
        let cents = 500 + i as i64 * 7;
        expected += cents;
        let mut gift = common::new_donation(
            campaign,
            &format!("donor{}@example.org", i % 600),
            cents,
            Frequency::Once,
            "stripe",
        );
        // One gift in five asks for a receipt (rendering PDFs is what takes time
        // in a debug build; the numbering is what is checked).
        gift.wants_receipt = i % 5 == 0;
        let pending = store
            .create_pending_donation(&gift, time::OffsetDateTime::now_utc())
            .await
            .unwrap();
        let event = json!({
            "id": format!("evt_storm_{i}"),
            "object": "event",
            "type": "checkout.session.completed",
            "created": time::OffsetDateTime::now_utc().unix_timestamp(),
            "data": { "object": {
                "id": format!("cs_storm_{i}"),
                "object": "checkout.session",
                "metadata": { "donation_id": pending.public_id },
                "client_reference_id": pending.public_id,
                "amount_total": cents,
                "currency": "eur",
                "payment_status": "paid",
                "payment_intent": format!("pi_storm_{i}"),
            }},
        })
        .to_string();
        if i % 10 < 3 {
            events.push(event.clone());
        }
        events.push(event);
        payments.push(pending.public_id);
    }
    let mut seed: u64 = 0x5eed_f00d;
    for i in (1..events.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        events.swap(i, (seed >> 33) as usize % (i + 1));
    }
    let deliveries = events.len();
    assert!(deliveries >= 1000, "{deliveries}");
    let events = Arc::new(events);

    // The storm, and SIGKILL once about a third of it is acknowledged.
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let storm = tokio::spawn(deliver(
        first.url.clone(),
        Arc::clone(&events),
        (0..deliveries).collect(),
        Arc::clone(&acknowledged),
    ));
    let mut first = first;
    while acknowledged.load(Ordering::SeqCst) < deliveries / 3 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.child.start_kill().unwrap();
    first.child.wait().await.unwrap();
    let missed = storm.await.unwrap();
    let acked_before = acknowledged.load(Ordering::SeqCst);
    assert!(
        !missed.is_empty() && acked_before < deliveries,
        "the kill should interrupt the storm"
    );
    println!(
        "killed after {acked_before} of {deliveries} deliveries were acknowledged; {} to deliver again",
        missed.len()
    );

    // Restarted on the same database; Stripe delivers again what was not acknowledged.
    let second = server(&db, dir.path(), "second.log").await;
    let again = deliver(
        second.url.clone(),
        Arc::clone(&events),
        missed,
        Arc::new(AtomicUsize::new(0)),
    )
    .await;
    assert!(
        again.is_empty(),
        "{} deliveries refused after restart",
        again.len()
    );

    // The outbox (thank-you emails with their receipts) catches up, including
    // the batch the killed process had claimed.
    let deadline = std::time::Instant::now() + Duration::from_secs(240);
    loop {
        let pending =
            store.count_jobs("queued").await.unwrap() + store.count_jobs("running").await.unwrap();
        if pending == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{pending} outbox jobs still pending; the server said:\n{}",
            log_tail(&dir.path().join("second.log"))
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(store.count_jobs("dead").await.unwrap(), 0);

    // Every payment recorded once, the totals exact.
    for public_id in &payments {
        let d = store.donation(public_id).await.unwrap().unwrap();
        assert_eq!(d.status.as_str(), "succeeded", "{public_id}");
    }
    let totals = store
        .campaign_by_slug("dorlotons")
        .await
        .unwrap()
        .unwrap()
        .totals;
    assert_eq!(totals.raised.get(), expected);
    assert_eq!(totals.donation_count, PAYMENTS as i64);
    assert_eq!(totals.donor_count, 600);
    let recorded = store.payment_events(10_000, 0).await.unwrap();
    assert_eq!(recorded.len(), PAYMENTS, "each event stored once");
    assert!(recorded.iter().all(|e| e.outcome == "applied"));

    // One receipt per gift that asked for one, numbered without a gap or a
    // number lost to the crash.
    let wanted = PAYMENTS.div_ceil(5);
    let year = soutenir::domain::dates::in_paris(time::OffsetDateTime::now_utc()).year();
    let (used, last) = store.receipt_numbers(year).await.unwrap();
    assert_eq!(used.len(), wanted);
    assert_eq!(last, wanted as i64);
    assert!(soutenir::receipts::export::gaps(&used, last).is_empty());
    for (i, public_id) in payments.iter().enumerate() {
        let d = store.donation(public_id).await.unwrap().unwrap();
        let receipts: Vec<_> = store
            .donor_receipts(d.donor_id)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.donation_id == Some(d.id))
            .collect();
        assert_eq!(receipts.len(), usize::from(i % 5 == 0), "{public_id}");
    }
    second.stop().await;
}
