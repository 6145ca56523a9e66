//! Real browser: Debian's Chromium, driven by playwright-core, loads a page of
//! another site that embeds the bar twice (iframe and script); after a demo gift
//! both bars change without a reload. The screenshot is kept under
//! `target/test-artifacts/`.

mod common;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use common::{GIFT, spawn_app};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// The browser toolkit, or a printed reason to skip (a failure under `CI=true`).
fn browser_toolkit() -> Option<PathBuf> {
    use std::io::Write;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let missing = if !std::path::Path::new("/usr/bin/chromium").exists() {
        Some("/usr/bin/chromium is not installed (apt-get install chromium)")
    } else if !dir.join("node_modules/playwright-core").exists() {
        Some("playwright-core is not installed (npm install --prefix tests/browser)")
    } else if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        Some("node is not installed")
    } else {
        None
    };
    match missing {
        None => Some(dir),
        Some(reason) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but {reason}"
            );
            let _ = writeln!(std::io::stderr(), "SKIPPED browser test: {reason}");
            None
        }
    }
}

/// Serves one page on another port: a foreign site that embeds the campaign.
async fn foreign_site(app_url: &str) -> String {
    let html = format!(
        r#"<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Un blog ami</title>
<style>body {{ font-family: serif; color: red; }} strong {{ font-size: 40px; }}</style></head>
<body><h1>Un blog qui soutient la campagne</h1>
<iframe src="{app_url}/embed/dorlotons" title="Progression" width="420" height="200" style="border:0"></iframe>
<p>Et par script&#8239;:</p>
<script src="{app_url}/widget.js" data-campaign="dorlotons" async></script>
</body></html>"#
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let router = axum::Router::new().route(
        "/",
        axum::routing::get(move || async move { axum::response::Html(html) }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await });
    address
}

#[tokio::test]
async fn a_foreign_page_shows_the_bar_move_after_a_gift() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let foreign = foreign_site(&app.address).await;
    let artifacts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let screenshot = artifacts.join("embed-after-gift.png");
    let _ = std::fs::remove_file(&screenshot);

    let mut node = tokio::process::Command::new("node")
        .arg(toolkit.join("embed.js"))
        .arg(&foreign)
        .arg(&screenshot)
        .arg("30,50")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node starts");
    let mut lines = BufReader::new(node.stdout.take().unwrap()).lines();
    let ready = tokio::time::timeout(Duration::from_secs(60), lines.next_line()).await;
    assert_eq!(
        ready.ok().and_then(|l| l.ok()).flatten().as_deref(),
        Some("READY"),
        "both bars drawn"
    );

    app.give_demo("dorlotons", GIFT, "succeeded").await;
    node.stdin
        .as_mut()
        .unwrap()
        .write_all(b"go\n")
        .await
        .unwrap();
    let updated = tokio::time::timeout(Duration::from_secs(30), lines.next_line()).await;
    let updated = updated
        .ok()
        .and_then(|l| l.ok())
        .flatten()
        .unwrap_or_default();
    assert_eq!(
        updated, "UPDATED navigations=1",
        "both bars moved, without a reload"
    );
    assert!(node.wait().await.unwrap().success());
    assert!(
        std::fs::metadata(&screenshot).unwrap().len() > 1000,
        "screenshot kept"
    );
}

#[tokio::test]
async fn the_cost_after_reduction_follows_what_the_donor_types() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let output = tokio::process::Command::new("node")
        .arg(toolkit.join("cost.js"))
        .arg(format!("{}/campaigns/dorlotons", app.address))
        .output()
        .await
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    // 45 € typed: 45 − 29,70 = 15,30 €; then « 30 € » picked: 10,20 €; monthly: « par mois ».
    assert_eq!(
        lines[0],
        "Après réduction d'impôt de 66\u{202F}%, votre don vous coûte 15,30\u{202F}€."
    );
    assert_eq!(
        lines[1],
        "Après réduction d'impôt de 66\u{202F}%, votre don vous coûte 10,20\u{202F}€."
    );
    assert_eq!(
        lines[2],
        "Après réduction d'impôt de 66\u{202F}%, votre don vous coûte 10,20\u{202F}€ par mois."
    );
}

#[tokio::test]
async fn pages_run_under_their_content_security_policy_without_a_violation() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let urls: Vec<String> = [
        "/",
        "/campaigns/dorlotons",
        "/campaigns/dorlotons/guestbook",
        "/embed/dorlotons?messages=1",
        "/me",
        "/admin/login",
    ]
    .iter()
    .map(|p| format!("{}{p}", app.address))
    .collect();
    let output = tokio::process::Command::new("node")
        .arg(toolkit.join("csp.js"))
        .args(&urls)
        .output()
        .await
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("LOADED 200 "))
            .count(),
        urls.len(),
        "{stdout}"
    );
    assert!(stdout.ends_with("DONE\n"), "{stdout}");
    let violations: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("VIOLATION"))
        .collect();
    assert!(violations.is_empty(), "{violations:#?}");
}
