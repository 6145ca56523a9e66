//! Real browser: Debian's Chromium, driven by playwright-core, loads a page of
//! another site that embeds the bar twice (iframe and script); after a demo gift
//! both bars change without a reload. The screenshot is kept under
//! `target/test-artifacts/`.

use crate::common;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use common::{GIFT, spawn_app};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// The browser toolkit, or a printed reason to skip (a failure under `CI=true`).
pub(crate) fn browser_toolkit() -> Option<PathBuf> {
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
        Some(reason) => common::missing_part("browser test", reason),
    }
}

/// A foreign page (another origin) in language `lang`, holding the iframe embed
/// (its address ending with `embed_query`) and the widget script.
async fn foreign_site_in(app_url: &str, lang: &str, embed_query: &str) -> String {
    let html = format!(
        r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Un blog ami</title>
<style>body {{ font-family: serif; color: red; }} strong {{ font-size: 40px; }}</style></head>
<body><h1>Un blog qui soutient la campagne</h1>
<iframe src="{app_url}/embed/dorlotons{embed_query}" title="Progression" width="420" height="200" style="border:0"></iframe>
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
    foreign_page_journey("fr", "", "30,50", "embed-after-gift.png").await;
}

#[tokio::test]
async fn an_english_page_shows_the_embed_and_the_widget_in_english() {
    // The embed by its `lang`, the widget by the page's own.
    foreign_page_journey("en", "?lang=en", "€30.50", "embed-after-gift-en.png").await;
}

async fn foreign_page_journey(lang: &str, embed_query: &str, expected: &str, shot: &str) {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let foreign = foreign_site_in(&app.address, lang, embed_query).await;
    let artifacts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let screenshot = artifacts.join(shot);
    let _ = std::fs::remove_file(&screenshot);

    let mut node = tokio::process::Command::new("node")
        .arg(toolkit.join("embed.js"))
        .arg(&foreign)
        .arg(&screenshot)
        .arg(expected)
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
    // axe-core on the embed and the widget as the live update left them.
    let audited = tokio::time::timeout(Duration::from_secs(30), lines.next_line()).await;
    assert_eq!(
        audited.ok().and_then(|l| l.ok()).flatten().as_deref(),
        Some("AXE 0"),
        "no serious or critical accessibility violation after the update"
    );
    assert!(node.wait().await.unwrap().success());
    assert!(
        std::fs::metadata(&screenshot).unwrap().len() > 1000,
        "screenshot kept"
    );
}

/// The cost lines `cost.js` printed on the sample campaign's form.
async fn cost_lines(
    toolkit: &std::path::Path,
    app: &common::TestApp,
    args: &[&str],
) -> Vec<String> {
    let output = tokio::process::Command::new("node")
        .arg(toolkit.join("cost.js"))
        .arg(format!("{}/campaigns/dorlotons", app.address))
        .args(args)
        .output()
        .await
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout.lines().map(str::to_owned).collect()
}

#[tokio::test]
async fn the_cost_after_reduction_follows_what_the_donor_types() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let lines = cost_lines(&toolkit, &app, &[]).await;
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
async fn in_english_the_cost_follows_too_and_says_the_reduction_is_french() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let lines = cost_lines(&toolkit, &app, &["english"]).await;
    assert_eq!(
        lines[0],
        "For French taxpayers: after the 66% income tax reduction, your gift costs you €15.30."
    );
    assert_eq!(
        lines[1],
        "For French taxpayers: after the 66% income tax reduction, your gift costs you €34."
    );
    assert_eq!(lines[2], "€34 after French tax reduction");
}

#[tokio::test]
async fn below_the_minimum_the_cost_line_promises_no_receipt_as_the_donor_types() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let org = soutenir::store::Organisation {
        receipt_min: soutenir::domain::money::Cents::from_euros(50),
        ..common::real_organisation()
    };
    app.store()
        .save_organisation(&org, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let lines = cost_lines(&toolkit, &app, &["minimum"]).await;
    // The same sentence the thank-you page gives (domain::tax::gift_tax_note).
    assert_eq!(
        lines[0],
        soutenir::i18n::Lang::FR.tax_note(&soutenir::domain::tax::gift_tax_note(
            soutenir::domain::tax::ReductionRate::GENERAL,
            soutenir::domain::donation::DonorKind::Person,
            soutenir::domain::money::Cents::from_euros(45),
            false,
            org.receipt_min,
        ))
    );
    assert!(
        lines[0].starts_with(
            "Les dons de moins de 50,00\u{202f}€ ne donnent pas lieu à un reçu fiscal"
        ),
        "{}",
        lines[0]
    );
    // Without a receipt asked, the line is the cost again (no promise made).
    assert_eq!(
        lines[1],
        "Après réduction d'impôt de 66\u{202F}%, votre don vous coûte 15,30\u{202F}€."
    );
    assert_eq!(
        lines[2],
        "Après réduction d'impôt de 66\u{202F}%, votre don vous coûte 20,40\u{202F}€."
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

/// Where journeys keep their screenshots and downloads.
fn journey_artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts/journeys");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What a journey printed: its `KEY value` lines, in order.
pub(crate) struct Journey(Vec<(String, String)>);

impl Journey {
    pub(crate) fn get(&self, key: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("the journey printed no {key}: {:?}", self.0))
    }

    /// Every value printed under `key`, in order.
    pub(crate) fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// axe-core ran on each of `pages`, and found nothing serious or critical.
    pub(crate) fn assert_accessible(&self, pages: &[&str]) {
        let violations: Vec<&str> = self
            .0
            .iter()
            .filter(|(k, _)| k == "AXE")
            .map(|(_, v)| v.as_str())
            .collect();
        assert!(violations.is_empty(), "{violations:#?}");
        for page in pages {
            assert!(
                self.0.iter().any(|(k, v)| k == "AUDITED" && v == page),
                "axe-core did not run on {page}: {:?}",
                self.0
            );
        }
    }
}

fn parse_lines(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .map(|line| {
            let (key, value) = line.split_once(' ').unwrap_or((line, ""));
            (key.to_owned(), value.to_owned())
        })
        .collect()
}

/// Runs journey `name` of `journeys.js` to its end.
pub(crate) async fn run_journey(
    toolkit: &std::path::Path,
    name: &str,
    base: &str,
    args: &[&str],
) -> Journey {
    let output = tokio::process::Command::new("node")
        .arg(toolkit.join("journeys.js"))
        .arg(name)
        .arg(journey_artifacts())
        .arg(base)
        .args(args)
        .output()
        .await
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "journey {name} failed:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = parse_lines(&stdout);
    assert!(
        lines.iter().any(|(k, v)| k == "DONE" && v == name),
        "{stdout}"
    );
    Journey(lines)
}

#[tokio::test]
async fn a_keyboard_only_donor_corrects_an_error_and_gives_with_a_message() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let j = run_journey(&toolkit, "keyboard", &app.address, &[]).await;
    assert_eq!(
        j.get("FOCUS_VISIBLE"),
        "true",
        "the focused button shows it"
    );
    assert_eq!(
        j.get("ERROR_FOCUS"),
        "erreurs alert",
        "focus moved to the errors"
    );
    assert!(
        j.get("ERROR_TEXT")
            .contains("Votre don n'est pas encore parti")
    );
    assert!(
        !j.get("AMOUNT_DESCRIBED_BY").is_empty(),
        "the amount's error is tied to its field"
    );
    assert!(
        j.get("COST").contains("votre don vous coûte 8,50\u{202f}€"),
        "the cost follows the amount typed: {}",
        j.get("COST")
    );
    assert!(j.get("PAY_PAGE").starts_with("/pay/demo/"));
    assert!(j.get("THANKS").ends_with("/thanks"));
    j.assert_accessible(&[
        "campaign",
        "form-with-errors",
        "form-filled",
        "pay",
        "thanks",
    ]);
    let store = app.store();
    let donor = store
        .donor_id_by_email("clavier@example.org")
        .await
        .unwrap()
        .expect("the gift was recorded");
    let gifts = store.donor_gifts(donor).await.unwrap();
    assert_eq!(gifts.len(), 1, "one gift, not one per try");
    assert_eq!(gifts[0].amount.get(), 2500);
    assert_eq!(gifts[0].status.as_str(), "succeeded");
    let messages = store.donor_messages(donor).await.unwrap();
    assert_eq!(messages[0].message, "Merci, au clavier seulement !");
    assert_eq!(messages[0].status, "pending");
}

#[tokio::test]
async fn a_company_gives_from_the_form_and_gets_the_companies_receipt() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let j = run_journey(&toolkit, "company", &app.address, &[]).await;
    assert_eq!(
        j.get("COMPANY_HIDDEN"),
        "true",
        "a person's form by default"
    );
    assert!(
        j.get("COST_PERSON").contains("66\u{202f}%"),
        "{}",
        j.get("COST_PERSON")
    );
    assert_eq!(j.get("COMPANY_SHOWN"), "true");
    assert_eq!(
        j.get("COST_COMPANY"),
        "Après réduction d'impôt de 60\u{202f}%, ce don coûte 400\u{202f}€ à votre entreprise (réduction retenue dans la limite de 20\u{202f}000\u{202f}€ ou de 5\u{202f}‰ du chiffre d'affaires hors taxe, si ce montant est plus élevé)."
    );
    assert!(
        j.get("CEILING").contains("Cerfa n°\u{202f}16216*03"),
        "{}",
        j.get("CEILING")
    );
    assert!(
        j.get("SIREN_ERROR")
            .contains("Ce numéro SIREN n'existe pas"),
        "{}",
        j.get("SIREN_ERROR")
    );
    assert_eq!(j.get("STILL_COMPANY"), "true", "the choice is kept");
    assert!(j.get("PAY_PAGE").starts_with("/pay/demo/"));
    assert!(j.get("THANKS").ends_with("/thanks"));
    assert!(
        j.get("THANKS_TEXT")
            .contains("au nom de Exemple Logiciels SAS"),
        "{}",
        j.get("THANKS_TEXT")
    );
    j.assert_accessible(&["company-form", "company-form-with-errors", "company-thanks"]);
    app.drain_jobs().await;
    let mail = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.to == "compta@exemple-logiciels.fr" && !m.attachments.is_empty())
        .expect("the receipt is mailed");
    if let Some(text) = common::pdf_text(&mail.attachments[0].1) {
        assert!(text.contains("16216*03"), "{text}");
        assert!(text.contains("Exemple Logiciels SAS"), "{text}");
        assert!(!text.contains("11580"), "{text}");
    }
}

#[tokio::test]
async fn a_donor_without_javascript_gives_all_the_same() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let j = run_journey(&toolkit, "nojs", &app.address, &[]).await;
    assert!(j.get("THANKS").ends_with("/thanks"));
    let store = app.store();
    let donor = store
        .donor_id_by_email("sans-js@example.org")
        .await
        .unwrap()
        .expect("the gift was recorded");
    let gifts = store.donor_gifts(donor).await.unwrap();
    assert_eq!(gifts[0].amount.get(), 1200);
    assert_eq!(gifts[0].status.as_str(), "succeeded");
}

#[tokio::test]
async fn a_monthly_donor_stops_their_gift_from_the_donor_space() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let mut node = tokio::process::Command::new("node")
        .arg(toolkit.join("journeys.js"))
        .arg("monthly")
        .arg(journey_artifacts())
        .arg(&app.address)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node starts");
    let mut lines = BufReader::new(node.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    loop {
        let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
            .await
            .expect("the journey goes on")
            .unwrap()
            .unwrap_or_else(|| panic!("the journey ended early: {printed:?}"));
        printed.push(line.clone());
        if line == "WAITING link" {
            break;
        }
    }
    let store = app.store();
    let donor = store
        .donor_id_by_email("mensuel@example.org")
        .await
        .unwrap()
        .expect("the monthly gift was recorded");
    let expires = time::OffsetDateTime::now_utc().unix_timestamp() + 3600;
    let link = format!(
        "{}/me/{}\n",
        app.address,
        soutenir::links::donor_token(&app.state.secret, donor, expires)
    );
    node.stdin
        .as_mut()
        .unwrap()
        .write_all(link.as_bytes())
        .await
        .unwrap();
    drop(node.stdin.take());
    while let Ok(Some(line)) = lines.next_line().await {
        printed.push(line);
    }
    assert!(node.wait().await.unwrap().success(), "{printed:?}");
    let j = Journey(parse_lines(&printed.join("\n")));
    assert_eq!(j.get("BEFORE"), "Actif");
    assert!(j.get("NOTICE").contains("Votre don mensuel est arrêté"));
    assert_eq!(j.get("AFTER"), "Arrêté");
    j.assert_accessible(&["donor-space"]);
    let subscriptions = store.donor_subscriptions(donor).await.unwrap();
    assert_eq!(subscriptions[0].status.as_str(), "cancelled");
    assert_eq!(
        soutenir::app::charge_demo_monthly(&*store).await.unwrap(),
        0,
        "no more debits"
    );
}

#[tokio::test]
async fn a_moderator_publishes_a_message_from_the_queue() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    app.give_demo(
        "dorlotons",
        &common::gift_with(&[("message", "Longue vie au logiciel libre")]),
        "succeeded",
    )
    .await;
    let link = common::staff::invite(&app, Some("modo@example.org"), "moderator").await;
    let j = run_journey(
        &toolkit,
        "moderate",
        &app.address,
        &[
            &format!("{}{link}", app.address),
            "Longue vie au logiciel libre",
        ],
    )
    .await;
    assert_eq!(j.get("NOTICE"), "1 message publié.");
    assert_eq!(j.get("PUBLISHED"), "true");
    j.assert_accessible(&["moderation-queue", "guestbook"]);
}

#[tokio::test]
async fn finance_downloads_the_year_s_gifts() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    let link = common::staff::invite(&app, Some("compta@example.org"), "finance").await;
    let j = run_journey(
        &toolkit,
        "finance",
        &app.address,
        &[&format!("{}{link}", app.address)],
    )
    .await;
    j.assert_accessible(&[
        "exports",
        "/admin",
        "/admin/donations",
        "/admin/receipts",
        "/admin/subscriptions",
    ]);
    let csv = std::fs::read_to_string(j.get("DOWNLOADED")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "a header and the one gift: {csv}");
    assert!(rows[1].contains("camille@example.org"), "{csv}");
    assert!(rows[1].contains("3050"), "{csv}");
}

#[tokio::test]
async fn admin_pages_have_no_serious_accessibility_violation() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let id = app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let link = common::staff::invite(&app, Some("admin@example.org"), "admin").await;
    let donation = format!("/admin/donations/{id}");
    let year = soutenir::domain::dates::in_paris(time::OffsetDateTime::now_utc()).year();
    let declaration = format!("/admin/receipts/declaration?year={year}");
    let pages = [
        "/admin",
        "/admin/campaigns",
        "/admin/campaigns/new",
        "/admin/organisation",
        "/admin/users",
        "/admin/guestbook",
        "/admin/events",
        donation.as_str(),
        "/admin/donations/new",
        declaration.as_str(),
        "/admin/password",
    ];
    let setup = format!("{}{link}", app.address);
    let mut args = vec![setup.as_str()];
    args.extend(pages);
    let j = run_journey(&toolkit, "audit", &app.address, &args).await;
    j.assert_accessible(&pages);
}

#[tokio::test]
async fn public_pages_have_no_serious_accessibility_violation() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    app.give_demo(
        "dorlotons",
        &common::gift_with(&[("message", "Un message publié")]),
        "succeeded",
    )
    .await;
    // Published: the guestbook and the embed show it.
    let admin = common::staff::signed_in(&app, "admin@example.org", "admin").await;
    assert_eq!(common::staff::approve_pending(&admin).await, 1);
    let pages = [
        "/",
        "/campaigns/dorlotons/guestbook",
        "/embed/dorlotons?messages=1",
        "/me",
        "/admin/login",
    ];
    let j = run_journey(&toolkit, "audit", &app.address, &pages).await;
    j.assert_accessible(&pages);
}

#[tokio::test]
async fn on_a_phone_the_campaign_page_leads_to_the_form_and_its_bar_moves_without_reload() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let screenshot = journey_artifacts().join("campaign-390-first-screen.png");
    let mut node = tokio::process::Command::new("node")
        .arg(toolkit.join("live.js"))
        .arg(format!("{}/campaigns/dorlotons", app.address))
        .arg(&screenshot)
        .arg("30,50")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node starts");
    let mut lines = BufReader::new(node.stdout.take().unwrap()).lines();
    let mut next_line = async || {
        tokio::time::timeout(Duration::from_secs(60), lines.next_line())
            .await
            .ok()
            .and_then(|l| l.ok())
            .flatten()
            .unwrap_or_default()
    };
    assert_eq!(
        next_line().await,
        "FIRST_SCREEN true",
        "title, bar and button in the first screen"
    );
    assert_eq!(
        next_line().await,
        "ORDER true",
        "the form before the guestbook and the relay"
    );
    assert_eq!(
        next_line().await,
        "JUMP true",
        "the button brings the form into view"
    );
    assert_eq!(next_line().await, "READY");
    // A gift made elsewhere (another browser): the page's bar follows.
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    node.stdin
        .as_mut()
        .unwrap()
        .write_all(b"go\n")
        .await
        .unwrap();
    let updated = next_line().await;
    assert!(
        updated.starts_with("UPDATED navigations=1 "),
        "the bar moved without a reload: {updated}"
    );
    assert!(node.wait().await.unwrap().success());
    assert!(std::fs::metadata(&screenshot).unwrap().len() > 1000);
}

#[tokio::test]
async fn a_new_admin_sets_up_the_association_from_the_first_link_to_the_public_page() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = common::spawn_fresh_install(common::TestDb::new().await, |_| {}).await;
    let link = common::staff::invite(&app, None, "admin").await;
    let files = tempfile::tempdir().unwrap();
    let signature = files.path().join("signature.png");
    std::fs::write(&signature, common::signature_png()).unwrap();
    let logo = files.path().join("logo.png");
    std::fs::write(&logo, common::signature_png()).unwrap();
    let j = run_journey(
        &toolkit,
        "firstrun",
        &app.address,
        &[
            &format!("{}{link}", app.address),
            logo.to_str().unwrap(),
            signature.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(j.get("LANDED"), "/admin/start");
    assert_eq!(j.get("TODO"), "4");
    assert!(
        j.get("STEP1").contains("Premiers pas, étape 1 sur 3"),
        "{}",
        j.get("STEP1")
    );
    assert_eq!(j.get("BACK"), "/admin/start");
    // The organisation and its receipts done; the campaign and the team left.
    assert_eq!(j.get("TODO_AFTER"), "2");
    assert_eq!(j.get("PREVIEW"), "true");
    assert!(
        j.get("COMPLETE").contains("La configuration est terminée"),
        "{}",
        j.get("COMPLETE")
    );
    assert!(
        j.get("HEADER").contains("Les Amis du Libre"),
        "{}",
        j.get("HEADER")
    );
    assert_eq!(j.get("HEADER_BG"), "rgb(31, 61, 107)");
    assert_eq!(j.get("LOGO"), "true");
    j.assert_accessible(&["start", "campaign"]);
    let org = app.store().organisation().await.unwrap().unwrap();
    assert!(
        org.details_saved && org.missing().is_empty(),
        "{:?}",
        org.missing()
    );
}

#[tokio::test]
async fn an_admin_invites_a_moderator_from_the_web_who_signs_in_with_the_moderator_s_bar() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let link = common::staff::invite(&app, Some("admin@example.org"), "admin").await;
    let j = run_journey(
        &toolkit,
        "invite",
        &app.address,
        &[&format!("{}{link}", app.address)],
    )
    .await;
    assert!(
        j.get("INVITED").contains("modo@example.org"),
        "{}",
        j.get("INVITED")
    );
    assert!(j.get("INVITED").contains("envoyé par courriel"));
    let sent = j.get("LINK");
    assert!(
        sent.starts_with(&format!("{}/admin/setup/", app.address)),
        "{sent}"
    );
    // The same link went by email.
    let mail = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.to.contains("modo@example.org"))
        .expect("the invitation email");
    assert!(mail.text.contains(sent), "{}", mail.text);
    // The link names the account it opens.
    assert_eq!(j.get("ACCOUNT"), "modo@example.org");
    assert_eq!(j.get("MODERATOR_AT"), "/admin");
    assert_eq!(j.get("NAV"), "Accueil|Livre d'or");
    j.assert_accessible(&["users"]);
}

/// French words a page or message in English must not hold, once the
/// proper names (the association's, the campaign's, a language's and a
/// country's own) are taken out.
fn french_words(text: &str) -> Vec<String> {
    let mut plain = text.to_owned();
    for name in [
        "Dorlotons Dégooglisons",
        "Association Exemple",
        "Français",
        "Côte d'Ivoire",
    ] {
        plain = plain.replace(name, " ");
    }
    const FRENCH: &[&str] = &[
        "de",
        "des",
        "du",
        "la",
        "le",
        "les",
        "et",
        "à",
        "un",
        "une",
        "pour",
        "par",
        "sur",
        "vous",
        "votre",
        "vos",
        "don",
        "dons",
        "merci",
        "montant",
        "reçu",
        "objectif",
        "donateurs",
        "paiement",
        "retour",
        "courriel",
        "mentions",
        "données",
        "campagne",
        "réduction",
    ];
    let mut found: Vec<String> = plain
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| FRENCH.contains(&w.to_lowercase().as_str()))
        .map(str::to_owned)
        .collect();
    found.extend(
        plain
            .chars()
            .filter(|c| "éèêàùçôîÉÈÀÇ".contains(*c))
            .map(|c| c.to_string()),
    );
    found.sort();
    found.dedup();
    found
}

#[tokio::test]
async fn an_english_reader_gives_from_the_form_to_the_thank_you_and_the_email_in_english() {
    let Some(toolkit) = browser_toolkit() else {
        return;
    };
    // The check finds French where there is some.
    assert_eq!(
        french_words("Faire un don à Dorlotons Dégooglisons"),
        ["don", "un", "à"]
    );
    let app = spawn_app().await;
    let j = run_journey(&toolkit, "english", &app.address, &[]).await;
    assert_eq!(j.get("LANG"), "en");
    for page in ["PAGE_CAMPAIGN", "PAGE_ERRORS", "PAGE_PAY", "PAGE_THANKS"] {
        let text = j.get(page);
        assert!(!text.is_empty(), "{page}");
        assert_eq!(french_words(text), Vec::<String>::new(), "{page}: {text}");
    }
    assert!(j.get("PAGE_ERRORS").contains("Your gift has not gone yet"));
    assert_eq!(
        j.get("COST"),
        "For French taxpayers: after the 66% income tax reduction, your gift costs you €13.60."
    );
    assert!(
        j.get("PAGE_THANKS").contains("Thank you, Robin!"),
        "{}",
        j.get("PAGE_THANKS")
    );
    j.assert_accessible(&["en-campaign", "en-form-with-errors", "en-pay", "en-thanks"]);

    // The thank-you email, in English too; only its receipt is French (by law).
    app.drain_jobs().await;
    let mails: Vec<_> = app
        .outbox_emails()
        .into_iter()
        .filter(|m| m.to == "reader@example.org")
        .collect();
    assert_eq!(mails.len(), 1, "one thank-you");
    let mail = &mails[0];
    assert!(
        mail.subject.starts_with("Thank you for your gift"),
        "{}",
        mail.subject
    );
    let text = mail.text.replace(['\u{202f}', '\u{a0}'], " ");
    // The receipt's number and the donor space's address are no words.
    let words: String = text
        .lines()
        .map(|l| l.split("http").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(french_words(&words), Vec::<String>::new(), "{text}");
    assert!(
        text.contains("attached to this message (in French, as the law has it)"),
        "{text}"
    );
    assert_eq!(mail.attachments.len(), 1, "the receipt");
}
