//! Every page of the site, public and staff, on a site with something on each
//! (a published message, a gift with its receipt, a monthly gift, a waiting
//! message, a failed payment): checked by the Nu Html Checker (0 errors), and,
//! in Chromium, by axe-core with screenshots at 390 and 1280 px kept as
//! artifacts (`target/test-artifacts/journeys/screens/`).

use std::path::PathBuf;

use crate::common;

use common::staff::{Browser, signed_in};
use common::{TestApp, gift_with, spawn_app};

/// The pages to visit: public ones (seen by a visitor), staff ones (seen
/// by an admin).
pub struct Pages {
    pub public: Vec<String>,
    pub staff: Vec<String>,
}

/// The donor-space link in an email's text.
fn donor_link(app: &TestApp, text: &str) -> String {
    let start = text
        .find(&format!("{}/me/", app.address))
        .expect("a donor-space link");
    text[start + app.address.len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// Gives content to every page of `app`; returns the pages and an admin's
/// browser.
pub async fn prepare(app: &TestApp) -> (Pages, Browser<'_>) {
    let once = app
        .give_demo(
            "dorlotons",
            &gift_with(&[("message", "Longue vie au logiciel libre !")]),
            "succeeded",
        )
        .await;
    let monthly = gift_with(&[
        ("frequency", "monthly"),
        ("email", "mensuel@example.org"),
        ("message", "Un message en attente"),
    ]);
    app.give_demo("dorlotons", &monthly, "succeeded").await;
    let failed = app
        .give_demo(
            "dorlotons",
            &gift_with(&[("email", "echec@example.org")]),
            "failed",
        )
        .await;
    // A gift left at the payment page.
    let response = app
        .post_donation("dorlotons", &gift_with(&[("email", "hesite@example.org")]))
        .await;
    let pending = response.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    // A gift pledged by transfer, where the organisation gave its account.
    let store = app.store();
    store
        .set_setting("bank_iban", "FR7630006000011234567890189")
        .await
        .unwrap();
    store.set_setting("bank_bic", "AGRIFRPP").await.unwrap();
    // As saving the organisation page does (this test writes the setting).
    app.state.refresh_site().await.unwrap();
    let response = app
        .post_donation(
            "dorlotons",
            &gift_with(&[("email", "virement@example.org"), ("payment", "transfer")]),
        )
        .await;
    let transfer = response.headers()["location"].to_str().unwrap().to_owned();
    app.drain_jobs().await;
    let admin = signed_in(app, "admin@example.org", "admin").await;
    // Publish the one-off gift's message; the monthly one waits.
    let (_, queue) = admin.get_text("/admin/guestbook").await;
    let at = queue
        .find("Longue vie au logiciel libre")
        .expect("the message in the queue");
    let id_at = queue[..at].rfind("name=\"ids\" value=\"").unwrap() + 18;
    let id: String = queue[id_at..].chars().take_while(|c| *c != '"').collect();
    let csrf = common::hidden_field(&queue, "csrf_token");
    let response = common::staff::post(
        &admin,
        "/admin/guestbook",
        &[
            ("csrf_token", &csrf),
            ("status", "pending"),
            ("action", "approve"),
            ("ids", &id),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);

    let mail = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.to.contains("camille@example.org") && m.text.contains("/me/"))
        .expect("an email with the donor-space link");
    let space = donor_link(app, &mail.text);
    let year = soutenir::domain::dates::in_paris(time::OffsetDateTime::now_utc()).year();
    let number = format!("{year}-000001");
    let receipt = app
        .store()
        .receipt_by_number(&number)
        .await
        .unwrap()
        .expect("the one-off gift's receipt");
    let verify = receipt
        .verify_url
        .as_deref()
        .and_then(|url| url.find("/receipts/verify/").map(|at| url[at..].to_owned()))
        .expect("the receipt's verification address");
    let campaign = app.campaign_id("dorlotons").await;
    let setup = common::staff::invite(app, Some("nouveau@example.org"), "moderator").await;
    // A statement with credits to handle, and a cheque on its deposit slip.
    let statement =
        soutenir::bank::parse_camt053(include_str!("../fixtures/camt053-sample.xml")).unwrap();
    let now = time::OffsetDateTime::now_utc();
    soutenir::bank::import(&*store, &app.state.progress, &statement, now)
        .await
        .unwrap();
    let today = soutenir::domain::dates::in_paris(now).date().to_string();
    let response = common::staff::record_offline(
        &admin,
        &[
            ("campaign", "dorlotons"),
            ("amount", "80"),
            ("method", "cheque"),
            ("cheque_number", "7654321"),
            ("bank", "Crédit Exemple"),
            ("first_name", "Claude"),
            ("last_name", "Morel"),
            ("email", ""),
            ("address", "3 rue du Port"),
            ("postal_code", "44000"),
            ("city", "Nantes"),
            ("country", "FR"),
            ("received_on", &today),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let cheques: Vec<String> = store
        .cheques_to_deposit(10)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.public_id)
        .collect();
    let deposit = store
        .create_cheque_deposit(&cheques, year, "admin@example.org", now)
        .await
        .unwrap()
        .expect("a deposit slip");

    let public = vec![
        "/".to_owned(),
        "/campaigns/dorlotons".to_owned(),
        "/campaigns/dorlotons?lang=en".to_owned(),
        "/campaigns/dorlotons/guestbook".to_owned(),
        "/embed/dorlotons".to_owned(),
        "/embed/dorlotons?messages=1&lang=en".to_owned(),
        "/embed/dorlotons?compact=1".to_owned(),
        format!("/donations/{once}/thanks"),
        format!("/donations/{failed}/thanks"),
        format!("/pay/demo/{pending}"),
        transfer,
        "/me".to_owned(),
        space.clone(),
        format!("{space}/erase"),
        verify,
        "/mentions-legales".to_owned(),
        "/donnees-personnelles".to_owned(),
        "/contact".to_owned(),
        "/campaigns/nulle-part".to_owned(),
        "/admin/login".to_owned(),
        setup,
    ];
    let staff = vec![
        "/admin".to_owned(),
        "/admin/start".to_owned(),
        "/admin/campaigns".to_owned(),
        "/admin/campaigns/new".to_owned(),
        format!("/admin/campaigns/{campaign}"),
        "/admin/donations".to_owned(),
        "/admin/donations/new".to_owned(),
        format!("/admin/donations/{once}"),
        "/admin/subscriptions".to_owned(),
        "/admin/events".to_owned(),
        format!("/admin/receipts?year={year}"),
        format!("/admin/receipts/{number}/cancel"),
        format!("/admin/receipts/declaration?year={year}"),
        format!("/admin/exports?year={year}"),
        "/admin/guestbook".to_owned(),
        "/admin/guestbook?status=approved".to_owned(),
        "/admin/organisation".to_owned(),
        "/admin/users".to_owned(),
        "/admin/password".to_owned(),
        format!("/admin/closing?year={}", year - 1),
        "/admin/bank".to_owned(),
        format!("/admin/bank/deposits/{}", deposit.id),
    ];
    (Pages { public, staff }, admin)
}

/// The Nu Html Checker (`vnu.jar`, from npm) and a JRE, or a printed reason
/// to skip (a failure under `CI=true`).
fn nu_checker() -> Option<PathBuf> {
    let jar = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    let missing = if !jar.exists() {
        Some("vnu.jar is not installed (npm install --prefix tests/browser)")
    } else if std::process::Command::new("java")
        .arg("-version")
        .output()
        .is_err()
    {
        Some("java is not installed (apt-get install default-jre-headless)")
    } else {
        None
    };
    match missing {
        None => Some(jar),
        Some(reason) => common::missing_part("Nu Html Checker", reason),
    }
}

/// The file name a page is kept under.
fn file_name(path: &str) -> String {
    let name: String = path
        .trim_start_matches('/')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let name = if name.is_empty() {
        "home".to_owned()
    } else {
        name
    };
    name.chars().take(80).collect()
}

#[tokio::test]
async fn every_page_and_every_form_with_errors_passes_the_nu_html_checker() {
    let Some(jar) = nu_checker() else {
        return;
    };
    let app = spawn_app().await;
    let app = &app;
    let (tour, admin) = prepare(app).await;
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut keep = |name: String, html: String| {
        let file = dir.path().join(format!("{name}.html"));
        std::fs::write(&file, html).unwrap();
        files.push(file);
    };
    for path in &tour.public {
        let (status, html) = Browser::new(app).get_text(path).await;
        assert!(status == 200 || status == 404, "{path}: {status}");
        keep(file_name(path), html);
    }
    for path in &tour.staff {
        let (status, html) = admin.get_text(path).await;
        assert_eq!(status, 200, "{path}");
        keep(format!("staff-{}", file_name(path)), html);
    }
    // Forms sent back with their errors.
    let response = app
        .post_donation(
            "dorlotons",
            &gift_with(&[
                ("amount_other", "beaucoup"),
                ("email", "pas-une-adresse"),
                ("postal_code", ""),
                ("donor_kind", "company"),
                ("company_siren", "123"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 422);
    keep(
        "donation-form-with-errors".to_owned(),
        response.text().await.unwrap(),
    );
    let csrf = common::staff::token_of(&admin, "/admin/campaigns/new").await;
    let response = common::staff::post(
        &admin,
        "/admin/campaigns/new",
        &[
            ("csrf_token", &csrf),
            ("slug", "Pas un slug"),
            ("title", ""),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    keep(
        "staff-campaign-with-errors".to_owned(),
        response.text().await.unwrap(),
    );
    let csrf = common::staff::token_of(&admin, "/admin/donations/new").await;
    let response =
        common::staff::post(&admin, "/admin/donations/new", &[("csrf_token", &csrf)]).await;
    assert_eq!(response.status(), 422);
    keep(
        "staff-offline-with-errors".to_owned(),
        response.text().await.unwrap(),
    );
    let csrf = common::staff::token_of(&admin, "/admin/organisation").await;
    let response = admin
        .client
        .post(format!("{}/admin/organisation", app.address))
        .multipart(common::organisation_form(
            &csrf,
            &[("legal_name", ""), ("brand_colour", "#ffff00")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    keep(
        "staff-organisation-with-errors".to_owned(),
        response.text().await.unwrap(),
    );

    let output = tokio::process::Command::new("java")
        .arg("-Xss4m")
        .arg("-jar")
        .arg(&jar)
        .arg("--format")
        .arg("json")
        .arg("--errors-only")
        .args(&files)
        .output()
        .await
        .expect("java runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|_| {
        panic!(
            "the checker's report: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let errors: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .map(|m| {
            format!(
                "{} line {}: {}",
                m["url"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or(""),
                m["lastLine"],
                m["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "{} errors on {} pages:\n{}",
        errors.len(),
        files.len(),
        errors.join("\n")
    );
    assert!(files.len() >= 40, "{} pages checked", files.len());
}

#[tokio::test]
async fn every_page_at_390_and_1280_px_is_screenshot_and_passes_axe_core() {
    let Some(toolkit) = crate::browser::browser_toolkit() else {
        return;
    };
    let app = spawn_app().await;
    let (pages, _admin) = prepare(&app).await;
    let link = common::staff::invite(&app, Some("ecrans@example.org"), "admin").await;
    let link = format!("{}{link}", app.address);
    let mut args: Vec<&str> = vec![&link];
    args.extend(pages.public.iter().map(String::as_str));
    args.push("--");
    args.extend(pages.staff.iter().map(String::as_str));
    // This run's screenshots only.
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts/journeys/screens");
    let _ = std::fs::remove_dir_all(&dir);
    let j = crate::browser::run_journey(&toolkit, "screens", &app.address, &args).await;
    let audited: Vec<String> = pages
        .public
        .iter()
        .chain(&pages.staff)
        .flat_map(|p| [format!("{p} @390"), format!("{p} @1280")])
        .collect();
    j.assert_accessible(&audited.iter().map(String::as_str).collect::<Vec<_>>());
    let expected = 2 * (pages.public.len() + pages.staff.len());
    assert_eq!(j.get("SHOTS"), expected.to_string());
    let kept = std::fs::read_dir(j.get("DIR"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".png"))
        .count();
    assert!(
        kept >= expected,
        "{kept} screenshots kept, {expected} expected"
    );
}
