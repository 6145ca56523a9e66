//! The `soutenir` binary as a newcomer runs it: no configuration, then PostgreSQL.

use crate::common;

use std::time::Duration;

use common::binary::{soutenir, start};

fn admin_link(lines: &[String]) -> Option<String> {
    lines
        .iter()
        .find_map(|l| {
            l.split(" : ")
                .nth(1)
                .filter(|url| url.contains("/admin/setup/"))
        })
        .map(str::to_owned)
}

#[tokio::test]
async fn fresh_start_creates_the_database_seeds_the_sample_and_prints_links() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = soutenir(dir.path());
    cmd.env("SOUTENIR_BINDD", "typo");
    let server = start(cmd).await;
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    assert!(
        server
            .lines
            .iter()
            .any(|l| l.contains("« Dorlotons Dégooglisons » a été créée")),
        "{:?}",
        server.lines
    );
    let link = admin_link(&server.lines).expect("one-time admin link printed");
    let token = link.rsplit('/').next().unwrap();
    assert_eq!(token.len(), 64, "{link}");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    let setup = reqwest::get(&link).await.unwrap();
    assert_eq!(
        setup.status(),
        200,
        "the printed link opens the password form"
    );
    assert!(
        setup
            .text()
            .await
            .unwrap()
            .contains("Choisir votre mot de passe")
    );
    assert!(
        dir.path().join("soutenir.db").exists(),
        "soutenir.db created in the working directory"
    );

    let html = reqwest::get(format!("{}/campaigns/dorlotons", server.url))
        .await
        .unwrap();
    assert_eq!(html.status(), 200);
    assert!(
        html.text()
            .await
            .unwrap()
            .contains("Dorlotons Dégooglisons")
    );
    let stderr = server.stop().await;
    assert!(
        stderr.contains("SOUTENIR_BINDD"),
        "unknown variable warned about: {stderr}"
    );

    // A restart keeps the data and seeds nothing; without an admin yet, a fresh
    // link is printed.
    let again = start(soutenir(dir.path())).await;
    assert!(
        !again.lines.iter().any(|l| l.contains("a été créée")),
        "{:?}",
        again.lines
    );
    let second_link = admin_link(&again.lines).expect("link printed again while no admin exists");
    assert_ne!(second_link.rsplit('/').next(), Some(token));
    let home = reqwest::get(format!("{}/", again.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        home.matches(r#"role="progressbar""#).count(),
        1,
        "still one campaign"
    );
    again.stop().await;
}

#[tokio::test]
async fn the_same_binary_runs_on_postgresql() {
    let Some(db) = common::postgres_or_skip("the binary").await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = soutenir(dir.path());
    cmd.env("DATABASE_URL", &db.url);
    let server = start(cmd).await;
    assert!(
        server.lines.iter().any(|l| l.contains("a été créée")),
        "{:?}",
        server.lines
    );
    assert!(admin_link(&server.lines).is_some());
    assert!(
        !dir.path().join("soutenir.db").exists(),
        "no SQLite file when PostgreSQL is configured"
    );
    let body: serde_json::Value = reqwest::get(format!(
        "{}/api/v1/campaigns/dorlotons/progress",
        server.url
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(body["goal_cents"], 6_000_000);
    assert_eq!(
        reqwest::get(format!("{}/healthz", server.url))
            .await
            .unwrap()
            .status(),
        200
    );
    let stderr = server.stop().await;
    assert!(
        !stderr.contains("soutenir:soutenir@"),
        "database password never logged"
    );
}

#[tokio::test]
async fn migrate_creates_the_schema_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let output = soutenir(dir.path()).arg("migrate").output().await.unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "Base de données à jour (sqlite)."
    );
    let store = soutenir::store::connect(&format!(
        "sqlite:{}",
        dir.path().join("soutenir.db").display()
    ))
    .await
    .unwrap();
    assert_eq!(
        store.count_campaigns().await.unwrap(),
        0,
        "migrate seeds nothing"
    );
}

#[tokio::test]
async fn help_lists_commands_and_defaults_but_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let output = soutenir(dir.path())
        .env("STRIPE_SECRET_KEY", "sk_test_leak")
        .env("SOUTENIR_SECRET", "do-not-print")
        .arg("--help")
        .output()
        .await
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "serve",
        "migrate",
        "127.0.0.1:8080",
        "sqlite:soutenir.db",
        "DATABASE_URL",
        "SOUTENIR_SECRET",
    ] {
        assert!(help.contains(expected), "--help lacks {expected}: {help}");
    }
    assert!(
        !help.contains("sk_test_leak") && !help.contains("do-not-print"),
        "{help}"
    );
}

#[tokio::test]
async fn a_bad_database_url_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = soutenir(dir.path())
        .env("DATABASE_URL", "mysql://x@y/z")
        .output()
        .await
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("DATABASE_URL must start with sqlite: or postgres://"),
        "{stderr}"
    );
}

#[tokio::test]
async fn the_database_and_the_emails_are_readable_by_the_service_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let server = start(soutenir(dir.path())).await;
    common::binary::give_demo(&server.url, "perm@example.org").await;
    let outbox = dir.path().join("outbox");
    let mut emails = Vec::new();
    for _ in 0..100 {
        emails = std::fs::read_dir(&outbox)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        if !emails.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!emails.is_empty(), "the thank-you email is written");
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    for file in ["soutenir.db", "soutenir.db-wal", "soutenir.db-shm"] {
        let path = dir.path().join(file);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{file}");
        }
    }
    assert_eq!(mode(&outbox), 0o700, "outbox/");
    for email in &emails {
        assert_eq!(mode(email), 0o600, "{}", email.display());
    }
    server.stop().await;
}

#[tokio::test]
async fn a_weak_site_secret_is_refused_at_start() {
    for weak in ["", "short", &"secret".repeat(8)] {
        let dir = tempfile::tempdir().unwrap();
        let output = soutenir(dir.path())
            .env("SOUTENIR_SECRET", weak)
            .output()
            .await
            .unwrap();
        assert!(!output.status.success(), "started with {weak:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("SOUTENIR_SECRET is too weak")
                && stderr.contains("openssl rand -hex 32"),
            "{weak:?}: {stderr}"
        );
        assert!(weak.is_empty() || !stderr.contains(weak), "{stderr}");
    }
}

#[tokio::test]
async fn demo_charge_monthly_adds_next_months_payments() {
    let app = common::spawn_app().await;
    let monthly = common::gift_with(&[
        ("frequency", "monthly"),
        ("amount", "10"),
        ("amount_other", ""),
    ]);
    app.give_demo("dorlotons", &monthly, "succeeded").await;
    let dir = tempfile::tempdir().unwrap();
    let output = soutenir(dir.path())
        .env("DATABASE_URL", &app.db.url)
        .args(["demo", "charge-monthly"])
        .output()
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "1 don mensuel de démonstration prélevé."
    );
    app.state.progress.refresh_all(&*app.store()).await.unwrap();
    assert_eq!(app.progress_json("dorlotons").await["raised_cents"], 2000);
}

#[tokio::test]
async fn donations_erase_erases_donors_as_their_own_link_does() {
    let app = common::spawn_app().await;
    let store = app.store();
    app.give_demo(
        "dorlotons",
        &common::gift_with(&[("message", "Bravo"), ("display_name", "Camille")]),
        "succeeded",
    )
    .await;
    app.give_demo(
        "dorlotons",
        &common::gift_with(&[
            ("frequency", "monthly"),
            ("amount", "10"),
            ("amount_other", ""),
        ]),
        "succeeded",
    )
    .await;
    app.drain_jobs().await;
    let donor = store
        .donor_id_by_email("camille@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(store.donor_receipts(donor).await.unwrap().len(), 1);
    let erase = |args: Vec<String>| {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = soutenir(dir.path());
        cmd.env("DATABASE_URL", &app.db.url)
            .args(["donations", "erase"])
            .args(args);
        async move {
            let output = cmd.output().await.unwrap();
            drop(dir);
            output
        }
    };

    let output = erase(vec![
        "--donor".into(),
        donor.to_string(),
        "--donor".into(),
        "999999".into(),
    ])
    .await;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            format!(
                "Donateur {donor} : données effacées (1 don mensuel arrêté, 1 reçu fiscal gardé comme la loi l'impose)."
            ),
            "Donateur 999999 : inconnu ou déjà effacé, rien à faire.".to_owned(),
        ]
    );
    assert!(!stderr.contains("camille@example.org"), "{stderr}");

    // Gone as by the donor's own link; the receipt kept; the audit log says who.
    common::assert_camille_erased(&app, donor, "ligne de commande").await;

    // Again (after restoring a backup, say): nothing to do; no donor named: refused.
    let again = erase(vec![
        "--donor".into(),
        donor.to_string(),
        "--provider-done".into(),
    ])
    .await;
    assert!(again.status.success());
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).trim(),
        format!("Donateur {donor} : inconnu ou déjà effacé, rien à faire.")
    );
    let none = erase(vec![]).await;
    assert!(!none.status.success());
    assert!(
        String::from_utf8_lossy(&none.stderr).contains("--donor"),
        "{}",
        String::from_utf8_lossy(&none.stderr)
    );
}

#[tokio::test]
async fn user_add_prints_a_one_time_link_for_that_address_and_role() {
    let dir = tempfile::tempdir().unwrap();
    let output = soutenir(dir.path())
        .args([
            "user",
            "add",
            "--email",
            "Moderation@Example.org",
            "--role",
            "moderator",
        ])
        .env("SOUTENIR_BASE_URL", "https://dons.example.org/")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let link = stdout
        .split_whitespace()
        .find(|w| w.starts_with("https://dons.example.org/admin/setup/"))
        .unwrap_or_else(|| panic!("no link in {stdout}"));
    let token = link.rsplit('/').next().unwrap();
    let store = soutenir::store::connect(&format!(
        "sqlite:{}",
        dir.path().join("soutenir.db").display()
    ))
    .await
    .unwrap();
    let invitation = store
        .invitation(
            &soutenir::tokens::hash_token(token),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap()
        .expect("a valid invitation");
    assert_eq!(invitation.email.as_deref(), Some("moderation@example.org"));
    assert_eq!(invitation.role.as_str(), "moderator");

    // An unknown role is refused before anything is written.
    let refused = soutenir(dir.path())
        .args(["user", "add", "--email", "x@example.org", "--role", "boss"])
        .output()
        .await
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("moderator"));
}

#[tokio::test]
async fn receipts_annual_issues_the_summaries_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("soutenir.db").display());
    // A fresh database with the sample organisation, and one monthly donor.
    let output = soutenir(dir.path()).arg("migrate").output().await.unwrap();
    assert!(output.status.success());
    let store = soutenir::store::connect(&url).await.unwrap();
    store
        .ensure_organisation(
            &common::real_organisation(),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    let campaign = store
        .create_campaign(
            &common::campaign(
                "annuel",
                soutenir::domain::campaign::Goal::Amount(
                    soutenir::domain::money::Cents::from_euros(100),
                ),
            ),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    let paid = time::macros::datetime!(2025-03-10 10:00 UTC);
    let gift = soutenir::store::NewDonation {
        lang: "fr".to_owned(),
        donor: soutenir::store::DonorDetails {
            address: "8 rue Mercière".into(),
            postal_code: "69002".into(),
            city: "Lyon".into(),
            ..common::donor("m@example.org")
        },
        ..common::new_donation(
            campaign.id,
            "m@example.org",
            2500,
            soutenir::store::Frequency::Monthly,
            "demo",
        )
    };
    let pending = store.create_pending_donation(&gift, paid).await.unwrap();
    store
        .confirm_donation(&pending.public_id, "card", None, paid)
        .await
        .unwrap();
    drop(store);

    for expected in [
        "1 reçu récapitulatif 2025 émis, 0 déjà",
        "0 reçu récapitulatif 2025 émis, 1 déjà",
    ] {
        let output = soutenir(dir.path())
            .args(["receipts", "annual", "--year", "2025"])
            .output()
            .await
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains(expected), "{stdout}");
    }

    // A year still running, or to come, has no summary: refused, nothing issued.
    let this_year = soutenir::domain::dates::in_paris(time::OffsetDateTime::now_utc()).year();
    for year in [this_year, this_year + 1, 2030.max(this_year + 4)] {
        let refused = soutenir(dir.path())
            .args(["receipts", "annual", "--year", &year.to_string()])
            .output()
            .await
            .unwrap();
        assert!(!refused.status.success(), "{year} accepted");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.contains(&format!("l'année {year} n'est pas terminée")),
            "{stderr}"
        );
    }
    assert_eq!(
        common::raw_count(
            &common::TestDb::existing(&url),
            "SELECT COUNT(*) FROM receipts"
        )
        .await,
        1,
        "only the 2025 summary was issued"
    );
}

/// A database migrated by the binary in `dir`, with the real organisation and
/// campaign `slug`.
async fn migrated_with_campaign(
    dir: &std::path::Path,
    slug: &str,
) -> (
    std::sync::Arc<dyn soutenir::store::Store>,
    soutenir::domain::campaign::Campaign,
) {
    let url = format!("sqlite:{}", dir.join("soutenir.db").display());
    let output = soutenir(dir).arg("migrate").output().await.unwrap();
    assert!(output.status.success());
    let store = soutenir::store::connect(&url).await.unwrap();
    let now = time::OffsetDateTime::now_utc();
    store
        .ensure_organisation(&common::real_organisation(), now)
        .await
        .unwrap();
    let campaign = store
        .create_campaign(
            &common::campaign(
                slug,
                soutenir::domain::campaign::Goal::Amount(
                    soutenir::domain::money::Cents::from_euros(100),
                ),
            ),
            now,
        )
        .await
        .unwrap();
    (store, campaign)
}

#[tokio::test]
async fn receipts_export_writes_the_year_s_files_with_one_pdf_per_valid_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let now = time::OffsetDateTime::now_utc();
    let (store, campaign) = migrated_with_campaign(dir.path(), "export").await;
    let mut numbers = Vec::new();
    for (i, cents) in [1_000, 2_000, 3_500].into_iter().enumerate() {
        let email = format!("e{i}@example.org");
        common::give(&*store, campaign.id, &email, cents).await;
        let id = store.donor_id_by_email(&email).await.unwrap().unwrap();
        let gift = store.donor_gifts(id).await.unwrap().pop().unwrap();
        let receipt = soutenir::receipts::issue_for_gift(&*store, &gift, now)
            .await
            .unwrap()
            .unwrap();
        numbers.push(receipt.number);
    }
    // One cancelled: it stays in the register, not in the ZIP.
    let cancelled = store.receipt_by_number(&numbers[1]).await.unwrap().unwrap();
    store
        .replace_receipt(cancelled.id, "erreur de saisie", None, now)
        .await
        .unwrap();
    drop(store);

    let year = soutenir::domain::dates::in_paris(now).year().to_string();
    let out = dir.path().join("export");
    let output = soutenir(dir.path())
        .args(["receipts", "export", "--year", &year, "--out"])
        .arg(&out)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("2 reçus valides émis en {year}")),
        "{stdout}"
    );
    let receipts = std::fs::read_to_string(out.join("receipts.csv")).unwrap();
    let lines: Vec<&str> = receipts.lines().collect();
    assert!(
        lines[0].starts_with("number,status,kind,issued_on,"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 4, "a header and three receipts:\n{receipts}");
    assert!(lines[2].starts_with(&format!("{},cancelled,", numbers[1])));
    let donations = std::fs::read_to_string(out.join("donations.csv")).unwrap();
    assert_eq!(donations.lines().count(), 4, "{donations}");
    // The journal: the FEC's name for a whole year, in ISO 8859-15.
    let journal = std::fs::read(out.join(format!("W000000000FEC{year}1231.txt"))).unwrap();
    let (journal, _, unmappable) = encoding_rs::ISO_8859_15.decode(&journal);
    assert!(!unmappable);
    assert_eq!(journal.lines().count(), 7, "{journal}");
    let zip = std::fs::File::open(out.join("receipts.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(zip).unwrap();
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![format!("{}.pdf", numbers[0]), format!("{}.pdf", numbers[2])]
    );
    let mut pdf = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_index(0).unwrap(), &mut pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(!out.join("receipts.partial").exists());

    // The gifts alone, for a spreadsheet.
    let file = dir.path().join("dons.csv");
    let output = soutenir(dir.path())
        .args([
            "donations",
            "export",
            "--excel",
            "--campaign",
            "export",
            "--out",
        ])
        .arg(&file)
        .output()
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with("\u{feff}id;received_on;".as_bytes()));
    assert!(String::from_utf8_lossy(&bytes).contains(";35,00;"));
    assert_eq!(String::from_utf8_lossy(&bytes).lines().count(), 4);
}

#[tokio::test]
async fn secrets_and_donor_details_never_reach_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens there: every Stripe call and every email fails, and is logged.
    let dead = common::free_port();
    const SITE_SECRET: &str = "sentinel-site-secret-4f1a9c3e7b2d5f8a0c6e1b4d";
    const STRIPE_KEY: &str = "sk_test_sentinel_9c2b";
    const WEBHOOK_SECRET: &str = "whsec_sentinel_7d3e";
    const SMTP_PASSWORD: &str = "sentinel-smtp-pass-5e6f";
    const STREET: &str = "12 rue Sentinelle";
    const EMAIL: &str = "sentinelle@example.org";
    let mut cmd = soutenir(dir.path());
    cmd.env("RUST_LOG", "info,soutenir=debug,tower_http=debug")
        .env("SOUTENIR_SECRET", SITE_SECRET)
        .env("STRIPE_SECRET_KEY", STRIPE_KEY)
        .env("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
        .env("STRIPE_API_BASE", format!("http://127.0.0.1:{dead}/"))
        .env(
            "SMTP_URL",
            format!("smtp://mailer:{SMTP_PASSWORD}@127.0.0.1:{dead}"),
        )
        .env("SOUTENIR_RETRY_BASE_MS", "50");
    let server = start(cmd).await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // A gift whose checkout cannot reach Stripe.
    let html = client
        .get(format!("{}/campaigns/dorlotons", server.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut form = vec![
        ("csrf_token", common::hidden_field(&html, "csrf_token")),
        (
            "idempotency_key",
            common::hidden_field(&html, "idempotency_key"),
        ),
    ];
    for (k, v) in common::gift_with(&[("address", STREET), ("email", EMAIL)]) {
        form.push((k, v.to_owned()));
    }
    let response = client
        .post(format!("{}/campaigns/dorlotons/donate", server.url))
        .form(&form)
        .send()
        .await
        .unwrap();
    // Nothing charged; the donor is told to try again, not shown a crash.
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "60");
    let text = response.text().await.unwrap();
    assert!(
        common::visible_text(&text).contains("rien n'a été débité"),
        "{text}"
    );
    // The donor asks for their link: an email that cannot leave.
    let html = client
        .get(format!("{}/me", server.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    client
        .post(format!("{}/me", server.url))
        .form(&[
            (
                "csrf_token",
                common::hidden_field(&html, "csrf_token").as_str(),
            ),
            ("email", EMAIL),
        ])
        .send()
        .await
        .unwrap();
    // A forged webhook.
    client
        .post(format!("{}/webhooks/stripe", server.url))
        .header("stripe-signature", "t=1,v1=00")
        .body("{}")
        .send()
        .await
        .unwrap();
    // Links that are keys: a donor's space, the first admin's setup link, a
    // receipt's check.
    let donor_token = soutenir::links::donor_token(
        &soutenir::secret::Secret::from(SITE_SECRET.to_owned()),
        1,
        4_000_000_000,
    );
    let setup = server
        .lines
        .iter()
        .find_map(|l| l.split("/admin/setup/").nth(1))
        .expect("a first admin link")
        .to_owned();
    let receipt_key = "sentinelreceiptkey0c1d2e3f";
    for path in [
        format!("/me/{donor_token}"),
        format!("/me/{donor_token}/data.json"),
        format!("/admin/setup/{setup}"),
        format!("/receipts/verify/2026-000001?k={receipt_key}"),
    ] {
        client
            .get(format!("{}{path}", server.url))
            .send()
            .await
            .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let logs = server.stop().await;
    assert!(
        logs.contains("/me/[redacted]"),
        "donor links are traced, redacted"
    );
    for token in [donor_token.as_str(), setup.as_str(), receipt_key] {
        assert!(!logs.contains(token), "« {token} » is in the logs");
    }
    // The paths that could leak were taken, and logged.
    for logged in [
        "checkout could not start",
        "SMTP delivery",
        "stripe webhook refused: bad signature",
        "configuration config=",
    ] {
        assert!(logs.contains(logged), "« {logged} » not logged");
    }
    for secret in [
        SITE_SECRET,
        STRIPE_KEY,
        WEBHOOK_SECRET,
        SMTP_PASSWORD,
        STREET,
        EMAIL,
    ] {
        assert!(!logs.contains(secret), "« {secret} » is in the logs");
    }
}

#[tokio::test]
async fn sigterm_ends_live_streams_and_the_server_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start(soutenir(dir.path())).await;
    // A live progress stream: it never ends by itself.
    let mut response = reqwest::get(format!("{}/api/v1/campaigns/dorlotons/events", server.url))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let first = response.chunk().await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&first).contains("raised_cents"));

    let pid = server.child.id().expect("running").to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    // The stream ends (rather than keeping the server alive)…
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        while let Ok(Some(_)) = response.chunk().await {}
    })
    .await;
    assert!(ended.is_ok(), "the live stream did not end after SIGTERM");
    // …and the server exits on its own, successfully.
    let status = tokio::time::timeout(Duration::from_secs(25), server.child.wait())
        .await
        .expect("the server exits after SIGTERM")
        .unwrap();
    assert!(status.success(), "{status}");
    let logs = server.stop().await;
    assert!(logs.contains("outbox: stopped"), "{logs}");
}

#[tokio::test]
async fn sigterm_lets_a_request_under_way_finish() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let mut server = start(soutenir(dir.path())).await;
    // The gift is being sent — headers and half the form — when SIGTERM comes.
    let host = server.url.trim_start_matches("http://").to_owned();
    let (head, body) = common::fresh_form(&server.url).await.raw_gift(&host);
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let (first, rest) = body.split_at(body.len() / 2);
    stream.write_all(first.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pid = server.child.id().expect("running").to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    // No new connection is taken…
    assert!(
        tokio::net::TcpStream::connect(&host).await.is_err(),
        "the server still accepts connections after SIGTERM"
    );
    // …but the gift under way goes through.
    stream.write_all(rest.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .expect("an answer")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    let status = tokio::time::timeout(Duration::from_secs(25), server.child.wait())
        .await
        .expect("the server exits after SIGTERM")
        .unwrap();
    assert!(status.success(), "{status}");
    let store = soutenir::store::connect(&format!(
        "sqlite:{}",
        dir.path().join("soutenir.db").display()
    ))
    .await
    .unwrap();
    let campaign = store
        .campaign_by_slug("dorlotons")
        .await
        .unwrap()
        .unwrap()
        .campaign
        .id;
    assert_eq!(
        store.count_donations(campaign).await.unwrap(),
        1,
        "the gift was recorded"
    );
}

#[tokio::test]
async fn journal_export_writes_the_year_s_fec_file_the_same_each_time_and_after_n() {
    let dir = tempfile::tempdir().unwrap();
    let now = time::OffsetDateTime::now_utc();
    let (store, campaign) = migrated_with_campaign(dir.path(), "journal").await;
    for (i, cents) in [1_000, 2_000, 3_500].into_iter().enumerate() {
        common::give(&*store, campaign.id, &format!("j{i}@example.org"), cents).await;
    }
    let year = soutenir::domain::dates::in_paris(now).year();
    let out = dir.path().join("exports");
    std::fs::create_dir_all(&out).unwrap();
    let export = |args: Vec<String>| {
        let dir = dir.path().to_owned();
        async move {
            let output = soutenir(&dir)
                .args(["journal", "export"])
                .args(&args)
                .output()
                .await
                .unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            String::from_utf8_lossy(&output.stdout).into_owned()
        }
    };
    let year_arg = year.to_string();
    let stdout = export(vec![
        "--year".into(),
        year_arg.clone(),
        "--out".into(),
        out.display().to_string(),
    ])
    .await;
    assert!(stdout.contains("3 écritures"), "{stdout}");
    let file = out.join(format!("W000000000FEC{year}1231.txt"));
    let first = std::fs::read(&file).unwrap();
    let (text, _, unmappable) = encoding_rs::ISO_8859_15.decode(&first);
    assert!(!unmappable);
    assert_eq!(text.lines().count(), 7, "{text}");
    export(vec![
        "--year".into(),
        year_arg.clone(),
        "--out".into(),
        out.display().to_string(),
    ])
    .await;
    assert_eq!(std::fs::read(&file).unwrap(), first, "the same bytes again");
    let tail = dir.path().join("suite.txt");
    export(vec![
        "--year".into(),
        year_arg,
        "--since".into(),
        "2".into(),
        "--utf8".into(),
        "--out".into(),
        tail.display().to_string(),
    ])
    .await;
    let tail = std::fs::read_to_string(&tail).unwrap();
    let nums: Vec<&str> = tail
        .lines()
        .skip(1)
        .map(|l| l.split('|').nth(2).unwrap())
        .collect();
    assert_eq!(nums, ["3", "3"]);
}
