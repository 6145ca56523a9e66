//! Benchmark: confirmed donations per second through the signed-webhook path.
//!
//! Starts the real application in this process (release build), creates N pending
//! Stripe donations, then sends N signed `checkout.session.completed` events over
//! HTTP on 127.0.0.1 from C concurrent senders, and prints throughput and latency
//! percentiles. Checks at the end that every payment counted exactly once.
//!
//!     cargo run --release --example bench_webhooks -- [DATABASE_URL] [N] [C]
//!
//! DATABASE_URL defaults to a fresh SQLite file in a temporary directory; for
//! PostgreSQL give a URL to an empty database. Mail goes over SMTP, as in
//! production, to a minimal sink in this process that accepts every message (an
//! `.eml` file per mail would measure the file system instead); the run waits
//! until every thank-you mail has left, and says when.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use soutenir::app::Application;
use soutenir::config::Config;
use soutenir::domain::money::Cents;
use soutenir::payments::stripe::signature;
use soutenir::store::{DonorDetails, Frequency, NewDonation};

const SECRET: &str = "whsec_bench";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = tempfile::tempdir()?;
    let database_url = args
        .get(1)
        .filter(|a| !a.is_empty() && *a != "sqlite")
        .cloned()
        .unwrap_or_else(|| format!("sqlite:{}", dir.path().join("bench.db").display()));
    let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5000);
    let concurrency: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(16);

    let mut config = Config::defaults();
    config.database_url = database_url.clone();
    config.bind = "127.0.0.1:0".to_owned();
    config.outbox_dir = dir.path().join("outbox");
    config.stripe_secret_key = Some("sk_test_bench".to_owned().into());
    config.stripe_webhook_secret = Some(SECRET.to_owned().into());
    config.stripe_api_base = Some("http://127.0.0.1:9/".to_owned());
    let (smtp_port, mails) = smtp_sink().await?;
    config.smtp_url = Some(format!("smtp://127.0.0.1:{smtp_port}").into());
    let app = Application::build(config).await?;
    let address = app.base_url().to_owned();
    let store = Arc::clone(&app.state().store);
    tokio::spawn(app.run_until_stopped());

    let campaign = store
        .campaign_by_slug("dorlotons")
        .await?
        .ok_or_else(|| anyhow::anyhow!("no sample campaign"))?;
    let before = campaign.totals.raised.get();
    let now = time::OffsetDateTime::now_utc();
    let mut events = Vec::with_capacity(n);
    let mut expected = 0i64;
    for i in 0..n {
        let cents = 1000 + (i as i64 % 97);
        expected += cents;
        let pending = store
            .create_pending_donation(
                &NewDonation {
                    lang: "fr".to_owned(),
                    campaign_id: campaign.campaign.id,
                    donor: DonorDetails {
                        email: format!("bench{i}@example.org"),
                        first_name: "Bench".into(),
                        last_name: "Mark".into(),
                        address: "1 rue du Test".into(),
                        postal_code: "75001".into(),
                        city: "Paris".into(),
                        country: "FR".into(),
                    },
                    amount: Cents::new(cents),
                    frequency: Frequency::Once,
                    provider: soutenir::store::Provider::Stripe,
                    idempotency_key: None,
                    wants_receipt: true,
                    message: None,
                    display_name: String::new(),
                    show_amount: false,
                    company: None,
                },
                now,
            )
            .await?;
        let body = serde_json::json!({
            "id": format!("evt_bench_{i}"),
            "object": "event",
            "type": "checkout.session.completed",
            "created": now.unix_timestamp(),
            "data": { "object": {
                "id": format!("cs_bench_{i}"),
                "object": "checkout.session",
                "metadata": { "donation_id": pending.public_id },
                "amount_total": cents,
                "currency": "eur",
                "payment_status": "paid",
                "status": "complete",
                "payment_intent": format!("pi_bench_{i}"),
            }}
        })
        .to_string();
        events.push(body);
    }
    let events = Arc::new(events);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let url = format!("{address}/webhooks/stripe");
    let next = Arc::new(AtomicUsize::new(0));
    eprintln!("sending {n} signed events");
    let started = Instant::now();
    let senders: Vec<_> = (0..concurrency)
        .map(|_| {
            let (events, next, client, url) = (
                Arc::clone(&events),
                Arc::clone(&next),
                client.clone(),
                url.clone(),
            );
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(body) = events.get(i) else { break };
                    let header = signature::sign(
                        SECRET,
                        body.as_bytes(),
                        time::OffsetDateTime::now_utc().unix_timestamp(),
                    );
                    let t = Instant::now();
                    let response = client
                        .post(&url)
                        .header("stripe-signature", header)
                        .body(body.clone())
                        .send()
                        .await
                        .expect("request");
                    assert!(
                        response.status().is_success(),
                        "status {}",
                        response.status()
                    );
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = Vec::with_capacity(n);
    for sender in senders {
        latencies.extend(sender.await?);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let after = store
        .campaign_by_slug("dorlotons")
        .await?
        .expect("campaign")
        .totals;
    let backend = if database_url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    println!("backend: {backend}, payments: {n}, concurrent senders: {concurrency}");
    println!(
        "confirmed donations/s: {:.0}   p50 {:.2} ms   p99 {:.2} ms   max {:.2} ms   ({:.2} s)",
        n as f64 / elapsed.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        elapsed.as_secs_f64()
    );
    anyhow::ensure!(
        after.raised.get() - before == expected,
        "totals do not add up"
    );
    println!(
        "check: raised {} cents = sum of the {n} payments",
        after.raised.get() - before
    );
    let drained = Instant::now();
    while mails.load(Ordering::Relaxed) < n && drained.elapsed() < Duration::from_secs(120) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!(
        "outbox: {} thank-you mails delivered over SMTP {:.2} s after the first payment",
        mails.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A minimal SMTP server on 127.0.0.1 that accepts and drops every message;
/// returns its port and the count of messages received.
async fn smtp_sink() -> anyhow::Result<(u16, Arc<AtomicUsize>)> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let counter = Arc::clone(&counter);
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    let reply: &[u8] = if in_data {
                        if line != "." {
                            continue;
                        }
                        in_data = false;
                        counter.fetch_add(1, Ordering::Relaxed);
                        b"250 queued\r\n"
                    } else {
                        match line.get(..4).map(str::to_ascii_uppercase).as_deref() {
                            Some("EHLO") => b"250-sink\r\n250 8BITMIME\r\n",
                            Some("DATA") => {
                                in_data = true;
                                b"354 go ahead\r\n"
                            }
                            Some("QUIT") => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                return;
                            }
                            _ => b"250 ok\r\n",
                        }
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    Ok((port, count))
}
