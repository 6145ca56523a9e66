//! Benchmark: Server-Sent Events fan-out. Starts the application in a child
//! process (so that each side has its own file-descriptor budget), opens N
//! concurrent subscribers to the progress stream on 127.0.0.1, then confirms one
//! gift and measures how long until every subscriber has the new total, and the
//! server's memory.
//!
//!     cargo run --release --example bench_sse -- [N] [DATABASE_URL] [INSTANCES]
//!
//! With a PostgreSQL `DATABASE_URL` (an empty database) and `INSTANCES` 2, two
//! servers share it, each with half the subscribers; the gift is made on the
//! first, and the second learns it as production instances do (the
//! database's notifications).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("serve") {
        return serve(args.get(2).cloned());
    }
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let database_url = args.get(2).filter(|u| u.starts_with("postgres")).cloned();
    let instances: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1).max(1);
    // One after the other: the first creates the schema and the sample campaign.
    let mut servers = Vec::new();
    let mut addrs = Vec::new();
    for _ in 0..instances {
        let mut command = Command::new(std::env::current_exe()?);
        command.arg("serve");
        if let Some(url) = &database_url {
            command.arg(url);
        }
        let mut server = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let mut lines = BufReader::new(server.stdout.take().expect("stdout")).lines();
        let address = lines.next().expect("server address")?;
        addrs.push(address.trim_start_matches("http://").to_owned());
        servers.push(server);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(async {
        let ready = Arc::new(AtomicUsize::new(0));
        let updated = Arc::new(AtomicUsize::new(0));
        let (go_tx, _) = tokio::sync::broadcast::channel::<()>(1);
        let mut tasks = Vec::with_capacity(n);
        let started = Instant::now();
        for i in 0..n {
            let addr = addrs[i % addrs.len()].clone();
            let (ready, updated) = (Arc::clone(&ready), Arc::clone(&updated));
            tasks.push(tokio::spawn(async move {
                // Connected and given the current total within 10 s, or again
                // (as a browser's EventSource would): a connection the
                // listen queue dropped under the burst is not a lost reader.
                let (mut stream, mut seen) = loop {
                    let attempt = async {
                        let mut stream = loop {
                            match TcpStream::connect(&addr).await {
                                Ok(s) => break s,
                                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
                            }
                        };
                        let request = format!(
                            "GET /api/v1/campaigns/dorlotons/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
                        );
                        stream.write_all(request.as_bytes()).await.ok()?;
                        let mut seen = Vec::new();
                        let mut buf = [0u8; 4096];
                        while !String::from_utf8_lossy(&seen).contains("\"raised_cents\":0") {
                            let read = stream.read(&mut buf).await.ok()?;
                            if read == 0 {
                                return None;
                            }
                            seen.extend_from_slice(&buf[..read]);
                        }
                        Some((stream, seen))
                    };
                    if let Ok(Some(connected)) =
                        tokio::time::timeout(Duration::from_secs(10), attempt).await
                    {
                        break connected;
                    }
                };
                let mut buf = [0u8; 4096];
                let mut first = false;
                loop {
                    if !first {
                        first = true;
                        ready.fetch_add(1, Ordering::SeqCst);
                        continue;
                    }
                    let read = stream.read(&mut buf).await.ok()?;
                    if read == 0 {
                        return None;
                    }
                    seen.extend_from_slice(&buf[..read]);
                    let text = String::from_utf8_lossy(&seen);
                    if text.contains("\"raised_cents\":4200") {
                        updated.fetch_add(1, Ordering::SeqCst);
                        return Some(Instant::now());
                    }
                }
            }));
        }
        while ready.load(Ordering::SeqCst) < n {
            if started.elapsed() > Duration::from_secs(120) {
                anyhow::bail!("only {} of {n} subscribers connected", ready.load(Ordering::SeqCst));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let connect_time = started.elapsed();
        drop(go_tx);
        Ok((tasks, connect_time, updated))
    });
    let (tasks, connect_time, updated) = result?;
    let rss_before: Vec<u64> = servers.iter().map(|s| rss_kib(s.id())).collect();
    let gift_at = Instant::now();
    writeln!(servers[0].stdin.as_mut().expect("stdin"), "gift")?;
    let last = runtime.block_on(async {
        let mut last = gift_at;
        for task in tasks {
            if let Ok(Ok(Some(at))) = tokio::time::timeout(Duration::from_secs(30), task).await {
                last = last.max(at);
            }
        }
        last
    });
    let rss_after: Vec<u64> = servers.iter().map(|s| rss_kib(s.id())).collect();
    println!(
        "subscribers: {n} on {instances} instance(s) (connected in {:.2} s)",
        connect_time.as_secs_f64()
    );
    println!(
        "one gift → all {} subscribers updated in {:.0} ms",
        updated.load(Ordering::SeqCst),
        (last - gift_at).as_secs_f64() * 1e3
    );
    for (i, (before, after)) in rss_before.iter().zip(&rss_after).enumerate() {
        println!(
            "server {i} RSS: {} MiB with the subscribers connected, {} MiB after the update",
            before / 1024,
            after / 1024
        );
    }
    for server in &mut servers {
        server.kill().ok();
    }
    Ok(())
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// The server side: the real application on a fresh SQLite database; a line
/// « gift » on stdin confirms one 42 € gift through the shared payment path.
fn serve(database_url: Option<String>) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let dir = tempfile::tempdir()?;
        let mut config = soutenir::config::Config::defaults();
        config.database_url = database_url
            .unwrap_or_else(|| format!("sqlite:{}", dir.path().join("sse.db").display()));
        config.bind = "127.0.0.1:0".to_owned();
        config.outbox_dir = dir.path().join("outbox");
        let app = soutenir::app::Application::build(config).await?;
        println!("{}", app.base_url());
        let state = app.state().clone();
        tokio::spawn(app.run_until_stopped());
        let mut stdin = tokio::io::BufReader::new(tokio::io::stdin());
        let mut line = String::new();
        while tokio::io::AsyncBufReadExt::read_line(&mut stdin, &mut line).await? > 0 {
            if line.trim() == "gift" {
                let campaign = state
                    .store
                    .campaign_by_slug("dorlotons")
                    .await?
                    .expect("campaign")
                    .campaign
                    .id;
                let pending = state
                    .store
                    .create_pending_donation(
                        &soutenir::store::NewDonation {
                            lang: "fr".to_owned(),
                            campaign_id: campaign,
                            donor: soutenir::store::DonorDetails {
                                email: "sse@example.org".into(),
                                first_name: "Bench".into(),
                                last_name: "Mark".into(),
                                address: "1 rue du Test".into(),
                                postal_code: "75001".into(),
                                city: "Paris".into(),
                                country: "FR".into(),
                            },
                            amount: soutenir::domain::money::Cents::new(4200),
                            frequency: soutenir::store::Frequency::Once,
                            provider: soutenir::store::Provider::Demo,
                            idempotency_key: None,
                            wants_receipt: false,
                            message: None,
                            display_name: String::new(),
                            show_amount: false,
                            company: None,
                        },
                        time::OffsetDateTime::now_utc(),
                    )
                    .await?;
                soutenir::gifts::confirm(
                    &*state.store,
                    &state.progress,
                    soutenir::gifts::Payment {
                        public_id: &pending.public_id,
                        method: "card",
                        provider_ref: None,
                        received_at: time::OffsetDateTime::now_utc(),
                        event: None,
                    },
                )
                .await?;
            }
            line.clear();
        }
        Ok(())
    })
}
