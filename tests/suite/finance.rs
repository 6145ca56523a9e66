//! The finance back office: gifts listed with their totals, offline gifts,
//! refunds, monthly gifts, the receipts register and its gap report, the
//! exports read back by Python's own CSV reader, the 222 bis figures, the
//! accounting journal, event replay, and the roles on every page — on SQLite,
//! and on PostgreSQL when `TEST_DATABASE_URL` is set.

use crate::common;

use std::collections::HashMap;
use std::io::Read;

use common::staff::{Browser, location, post, record_offline, signed_in, token_of};
use common::{give, pdf_text, spawn_app, visible_text, with_changes};
use soutenir::domain::dates::in_paris;
use soutenir::domain::money::Cents;
use soutenir::store::DonationFilter;
use time::OffsetDateTime;

fn this_year() -> i32 {
    in_paris(OffsetDateTime::now_utc()).year()
}

async fn get_bytes(b: &Browser<'_>, path: &str) -> (u16, String, Vec<u8>) {
    let response = b
        .client
        .get(format!("{}{path}", b.app.address))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (
        status,
        content_type,
        response.bytes().await.unwrap().to_vec(),
    )
}

/// Rows of a CSV as Python's `csv` module reads them (a BOM is taken off with
/// `utf-8-sig`). `None` (with the reason printed) where Python is missing,
/// except under `CI=true`, where that fails.
fn python_csv(bytes: &[u8], delimiter: &str) -> Option<Vec<HashMap<String, String>>> {
    use std::io::Write;
    let script = "import csv, io, json, sys\n\
                  text = sys.stdin.buffer.read().decode('utf-8-sig')\n\
                  rows = list(csv.DictReader(io.StringIO(text, newline=''), delimiter=sys.argv[1]))\n\
                  print(json.dumps(rows))";
    let child = std::process::Command::new("python3")
        .args(["-c", script, delimiter])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(err) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "python3 is needed to read CSV back: {err}"
            );
            eprintln!("SKIPPED: python3 not available ({err}): CSV not read back");
            return None;
        }
    };
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python csv failed");
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

fn sum(rows: &[HashMap<String, String>], column: &str) -> i64 {
    rows.iter()
        .map(|r| {
            r[column]
                .parse::<i64>()
                .unwrap_or_else(|_| panic!("{column}: {r:?}"))
        })
        .sum()
}

const CHEQUE: &[(&str, &str)] = &[
    ("campaign", "dorlotons"),
    ("amount", "150"),
    ("method", "cheque"),
    ("cheque_number", "8812345"),
    ("bank", "Crédit Exemple"),
    ("first_name", "Dominique"),
    ("last_name", "Durand"),
    ("email", "dominique@example.org"),
    ("address", "3 rue du Port"),
    ("postal_code", "44000"),
    ("city", "Nantes"),
    ("country", "FR"),
    ("wants_receipt", "on"),
];

fn raised(progress: &serde_json::Value) -> i64 {
    progress["raised_cents"].as_i64().expect("raised_cents")
}

#[tokio::test]
async fn an_offline_cheque_counts_on_the_bar_and_its_receipt_ticks_cheque() {
    let app = spawn_app().await;
    let b = signed_in(&app, "tresorerie@example.org", "finance").await;
    let before = raised(&app.progress_json("dorlotons").await);
    let campaign = app.campaign_id("dorlotons").await;
    let gifts_before = app.store().count_donations(campaign).await.unwrap();

    // Faulty fields: French messages beside them, nothing recorded.
    let tomorrow = OffsetDateTime::now_utc() + time::Duration::days(2);
    let tomorrow = format!(
        "{:04}-{:02}-{:02}",
        tomorrow.year(),
        u8::from(tomorrow.month()),
        tomorrow.day()
    );
    let bad = with_changes(
        CHEQUE,
        &[
            ("cheque_number", ""),
            ("amount", "abc"),
            ("email", "pas-une-adresse"),
            ("first_name", ""),
        ],
    );
    let mut bad = bad;
    bad.push(("received_on", &tomorrow));
    let response = record_offline(&b, &bad).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    for (field, words) in [
        ("cheque_number", "numéro du chèque"),
        ("received_on", "futur"),
        ("email", "adresse"),
        ("amount", ""),
        ("first_name", "Indiquez le prénom du donateur."),
    ] {
        let at = html
            .find(&format!("id=\"err-{field}\""))
            .unwrap_or_else(|| panic!("no message beside {field}"));
        assert!(
            html[at..at + 300].contains(words),
            "{field}: {}",
            &html[at..at + 300]
        );
    }
    assert!(html.contains("value=\"Durand\""), "typed values are kept");
    assert_eq!(
        app.store().count_donations(campaign).await.unwrap(),
        gifts_before
    );
    assert_eq!(raised(&app.progress_json("dorlotons").await), before);

    // A good one: received a week ago.
    let week_ago = in_paris(OffsetDateTime::now_utc() - time::Duration::days(7)).date();
    let received_on = format!(
        "{:04}-{:02}-{:02}",
        week_ago.year(),
        u8::from(week_ago.month()),
        week_ago.day()
    );
    let mut good = CHEQUE.to_vec();
    good.push(("received_on", &received_on));
    let response = record_offline(&b, &good).await;
    assert_eq!(response.status(), 303);
    let page = location(&response).to_owned();
    assert!(page.starts_with("/admin/donations/"), "{page}");
    assert_eq!(
        raised(&app.progress_json("dorlotons").await),
        before + 15_000
    );

    app.drain_jobs().await;
    let (status, html) = b.get_text(&page).await;
    assert_eq!(status, 200);
    let text = visible_text(&html);
    assert!(text.contains("chèque n° 8812345, Crédit Exemple"), "{text}");
    assert!(text.contains("Don hors ligne enregistré"), "{text}");
    assert!(text.contains("Courriel de remerciement"), "{text}");
    let number = format!("{}-000001", this_year());
    assert!(text.contains(&format!("n° {number}")), "{text}");

    let mails: Vec<_> = app
        .outbox_emails()
        .into_iter()
        .filter(|m| m.to == "dominique@example.org")
        .collect();
    assert_eq!(mails.len(), 1);
    let pdf = mails[0]
        .attachments
        .iter()
        .find(|(n, _)| n.ends_with(".pdf"))
        .map(|(_, b)| b.clone())
        .expect("the receipt attached to the thank-you");
    if let Some(text) = pdf_text(&pdf) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains("☐ Remise d'espèces ☒ Chèque ☐ Virement, prélèvement, carte bancaire"),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "Date du versement ou du don : {}",
                soutenir::domain::receipt::short_date(week_ago)
            )),
            "{text}"
        );
        assert!(text.contains("***150,00 €***"), "{text}");
    }

    // The same form sent twice (a double click) records one gift.
    let (_, html) = b.get_text("/admin/donations/new").await;
    let csrf = common::hidden_field(&html, "csrf_token");
    let key = common::hidden_field(&html, "idempotency_key");
    let mut twice = vec![
        ("csrf_token", csrf.as_str()),
        ("idempotency_key", key.as_str()),
    ];
    twice.extend(with_changes(CHEQUE, &[("method", "cash")]));
    twice.push(("received_on", &received_on));
    let first = post(&b, "/admin/donations/new", &twice).await;
    let second = post(&b, "/admin/donations/new", &twice).await;
    assert_eq!(location(&first), location(&second));
    assert_eq!(
        raised(&app.progress_json("dorlotons").await),
        before + 30_000
    );
}

#[tokio::test]
async fn a_cheque_from_a_donor_without_email_gets_a_receipt_to_post() {
    let app = spawn_app().await;
    let b = signed_in(&app, "tresorerie@example.org", "finance").await;
    let before = raised(&app.progress_json("dorlotons").await);
    let (_, form) = b.get_text("/admin/donations/new").await;
    assert!(
        visible_text(&form).contains("Adresse électronique (facultative)"),
        "{form}"
    );

    let today = in_paris(OffsetDateTime::now_utc()).date().to_string();
    let mut no_email = with_changes(CHEQUE, &[("email", "")]);
    no_email.push(("received_on", &today));
    let response = record_offline(&b, &no_email).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let page = location(&response).to_owned();
    let (_, html) = b.get_text(&page).await;
    assert!(
        visible_text(&html).contains(
            "Le donateur n'a pas d'adresse électronique : imprimez son reçu et envoyez-le par courrier."
        ),
        "{html}"
    );
    assert_eq!(
        raised(&app.progress_json("dorlotons").await),
        before + 15_000
    );

    // The receipt is issued all the same, to print; nothing is sent.
    app.drain_jobs().await;
    let (_, html) = b.get_text(&page).await;
    let text = visible_text(&html);
    let number = format!("{}-000001", this_year());
    assert!(text.contains(&format!("n° {number}")), "{text}");
    assert!(
        text.contains("Dominique Durand — sans adresse électronique"),
        "{text}"
    );
    assert!(
        text.contains("Téléchargez son reçu, imprimez-le et envoyez-le par courrier."),
        "{text}"
    );
    assert!(
        text.contains("non envoyé : pas d'adresse électronique"),
        "{text}"
    );
    assert_eq!(app.outbox_emails().len(), 0, "nothing is mailed");
    let (status, content_type, pdf) = get_bytes(&b, &format!("/admin/receipts/{number}/pdf")).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/pdf");
    if let Some(text) = pdf_text(&pdf) {
        assert!(text.contains("Durand"), "{text}");
        assert!(text.contains("3 rue du Port"), "{text}");
    }

    // Another cheque without an address is another donor, not the same one.
    let response = record_offline(&b, &with_changes(&no_email, &[("amount", "20")])).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let rows = app
        .store()
        .search_donations(
            &DonationFilter {
                search: Some("durand".to_owned()),
                ..DonationFilter::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_ne!(rows[0].donor_id, rows[1].donor_id);
    let (_, html) = b.get_text("/admin/donations?q=durand").await;
    assert_eq!(
        visible_text(&html)
            .matches("sans adresse électronique")
            .count(),
        2,
        "{html}"
    );
    // The export leaves the address blank.
    let (_, _, csv) = get_bytes(
        &b,
        &format!("/admin/exports/donations.csv?year={}", this_year()),
    )
    .await;
    if let Some(rows) = python_csv(&csv, ",") {
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r["donor_email"].is_empty()), "{rows:?}");
        assert!(rows.iter().all(|r| r["donor_last_name"] == "Durand"));
    }
}

#[tokio::test]
async fn a_refund_moves_the_bar_back_and_cancels_the_receipt_then_replaces_it() {
    let app = spawn_app().await;
    let b = signed_in(&app, "tresorerie@example.org", "finance").await;
    let before = raised(&app.progress_json("dorlotons").await);
    let mut good = CHEQUE.to_vec();
    let today = in_paris(OffsetDateTime::now_utc()).date();
    let today = format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    good.push(("received_on", &today));
    let response = record_offline(&b, &good).await;
    let page = location(&response).split('?').next().unwrap().to_owned();
    app.drain_jobs().await;
    let year = this_year();

    // More than what is left: refused beside the field, nothing changes.
    let csrf = token_of(&b, &page).await;
    let refund_path = format!("{page}/refund");
    let response = post(
        &b,
        &refund_path,
        &[("csrf_token", &csrf), ("amount", "200"), ("confirm", "on")],
    )
    .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"err-amount\""), "{html}");
    assert_eq!(
        raised(&app.progress_json("dorlotons").await),
        before + 15_000
    );
    // Without the form token: 403, nothing changes.
    let response = post(&b, &refund_path, &[("amount", "50")]).await;
    assert_eq!(response.status(), 403);
    // Not confirmed: asked beside the box, the amount kept, nothing changes.
    let response = post(&b, &refund_path, &[("csrf_token", &csrf), ("amount", "50")]).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"err-refund-confirm\""), "{html}");
    assert!(html.contains("value=\"50\""), "{html}");
    assert!(html.contains("class=\"button button--danger\" type=\"submit\">Rembourser"));
    assert_eq!(
        raised(&app.progress_json("dorlotons").await),
        before + 15_000
    );

    // Part of it: the bar moves back by that much, the receipt is replaced.
    let response = post(
        &b,
        &refund_path,
        &[("csrf_token", &csrf), ("amount", "50"), ("confirm", "on")],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        raised(&app.progress_json("dorlotons").await),
        before + 10_000
    );
    app.drain_jobs().await;
    let store = app.store();
    let first = store
        .receipt_by_number(&format!("{year}-000001"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.status.as_str(), "cancelled");
    let second = store
        .receipt_by_number(&format!("{year}-000002"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (second.status.as_str(), second.amount_cents),
        ("valid", 10_000)
    );
    assert_eq!(second.replaces_receipt_id, Some(first.id));

    // The rest: the gift is refunded, its receipt cancelled, nothing re-issued.
    let response = post(
        &b,
        &refund_path,
        &[("csrf_token", &csrf), ("amount", "100"), ("confirm", "on")],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(raised(&app.progress_json("dorlotons").await), before);
    app.drain_jobs().await;
    let (_, html) = b.get_text(&format!("/admin/receipts?year={year}")).await;
    let text = visible_text(&html);
    assert!(
        text.contains(&format!("annulé, remplacé par le n° {year}-000002")),
        "{text}"
    );
    assert!(text.contains("0 reçu valide , pour un total"), "{text}");
    assert!(
        text.contains("Aucun numéro manquant, aucun doublon."),
        "{text}"
    );
    let (_, html) = b.get_text(&page).await;
    let text = visible_text(&html);
    assert!(text.contains("remboursé"), "{text}");
    assert!(!html.contains("/refund\""), "nothing left to refund");
    // The donor was told twice (cancelled and replaced, then cancelled).
    let told = app
        .outbox_emails()
        .into_iter()
        .filter(|m| m.to == "dominique@example.org")
        .count();
    assert_eq!(told, 3, "thank-you, then one email per cancellation");
}

#[tokio::test]
async fn exports_read_back_by_a_csv_reader_equal_the_database() {
    let app = spawn_app().await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    // Names a spreadsheet would take for formulas, commas, quotes, accents.
    for (i, cents) in [1_000i64, 2_550, 99_999, 30_000, 4_200].iter().enumerate() {
        give(&*store, campaign, &format!("d{i}@example.org"), *cents).await;
    }
    app.drain_jobs().await;
    let b = signed_in(&app, "tresorerie@example.org", "finance").await;
    let year = this_year();

    // Refund one through the back office, fully.
    let (_, html) = b.get_text("/admin/donations?q=d2%40example.org").await;
    let at = html
        .find("<td><a href=\"/admin/donations/")
        .expect("the gift's link")
        + 13;
    let page: String = html[at..].chars().take_while(|c| *c != '"').collect();
    let csrf = token_of(&b, &page).await;
    let response = post(
        &b,
        &format!("{page}/refund"),
        &[
            ("csrf_token", &csrf),
            ("amount", "999,99"),
            ("confirm", "on"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    app.drain_jobs().await;

    // The list's totals are the database's.
    let filter = DonationFilter {
        status: Some("received".to_owned()),
        ..DonationFilter::default()
    };
    let totals = store.donation_totals(&filter).await.unwrap();
    assert_eq!(totals.count, 5);
    assert_eq!(totals.amount_cents, 137_749);
    assert_eq!(totals.refunded_cents, 99_999);
    let (status, html) = b.get_text("/admin/donations").await;
    assert_eq!(status, 200);
    let text = visible_text(&html).replace(['\u{202f}', '\u{a0}'], " ");
    assert!(
        text.contains("5 dons · montant 1 377,49 € · remboursé 999,99 € · net 377,50 €"),
        "{text}"
    );
    // A filter the page cannot read says so beside the field.
    let (status, html) = b.get_text("/admin/donations?from=14%2F03").await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"err-from\""));

    // donations.csv: UTF-8, one header, cents and euros, totals as in the database.
    let (status, content_type, csv) =
        get_bytes(&b, &format!("/admin/exports/donations.csv?year={year}")).await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    assert!(!csv.starts_with("\u{feff}".as_bytes()));
    if let Some(rows) = python_csv(&csv, ",") {
        assert_eq!(rows.len(), 5);
        assert_eq!(sum(&rows, "amount_cents"), totals.amount_cents);
        assert_eq!(sum(&rows, "refunded_cents"), totals.refunded_cents);
        assert_eq!(
            sum(&rows, "net_cents"),
            totals.amount_cents - totals.refunded_cents
        );
        let refunded = rows
            .iter()
            .find(|r| r["donor_email"] == "d2@example.org")
            .unwrap();
        assert_eq!(refunded["status"], "refunded");
        assert_eq!(refunded["amount_eur"], "999.99");
        assert_eq!(refunded["receipt_number"], "", "its receipt was cancelled");
        let date = &refunded["received_on"];
        assert!(
            date.starts_with(&format!("{year}-")) && date.len() == 10,
            "{date}"
        );
    }
    // The Excel variant: BOM, `;`, decimal comma.
    let (status, _, excel) = get_bytes(
        &b,
        &format!("/admin/exports/donations.csv?year={year}&format=excel"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(excel.starts_with("\u{feff}".as_bytes()));
    let header = String::from_utf8_lossy(&excel[3..])
        .lines()
        .next()
        .unwrap()
        .to_owned();
    assert!(header.starts_with("id;received_on;"), "{header}");
    if let Some(rows) = python_csv(&excel, ";") {
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().any(|r| r["amount_eur"] == "999,99"));
        assert_eq!(sum(&rows, "amount_cents"), totals.amount_cents);
    }

    // receipts.csv: every number of the year, in order; valid ones sum to the
    // 222 bis figures.
    let (status, _, receipts) =
        get_bytes(&b, &format!("/admin/exports/receipts.csv?year={year}")).await;
    assert_eq!(status, 200);
    let figures = store.receipt_figures(year).await.unwrap();
    let (count, total) = (figures.count(), figures.cents());
    assert_eq!(count, 4);
    assert_eq!(total, 1_000 + 2_550 + 30_000 + 4_200);
    if let Some(rows) = python_csv(&receipts, ",") {
        let numbers: Vec<_> = rows.iter().map(|r| r["number"].clone()).collect();
        let expected: Vec<_> = (1..=5).map(|n| format!("{year}-{n:06}")).collect();
        assert_eq!(numbers, expected);
        let valid: Vec<_> = rows
            .iter()
            .filter(|r| r["status"] == "valid")
            .cloned()
            .collect();
        assert_eq!(valid.len() as i64, count);
        assert_eq!(sum(&valid, "amount_cents"), total);
        assert!(rows.iter().all(|r| r["issued_on"].len() == 10));
    }
    let (status, html) = b
        .get_text(&format!("/admin/receipts/declaration?year={year}"))
        .await;
    assert_eq!(status, 200);
    let text = visible_text(&html).replace(['\u{202f}', '\u{a0}'], " ");
    assert!(text.contains("Nombre de reçus délivrés 4"), "{text}");
    assert!(text.contains("Montant total 377,50 €"), "{text}");
    let (_, _, declaration) = get_bytes(
        &b,
        &format!("/admin/receipts/declaration?year={year}&format=csv"),
    )
    .await;
    if let Some(rows) = python_csv(&declaration, ",") {
        assert_eq!(rows[0]["receipts"], count.to_string());
        assert_eq!(rows[0]["amount_cents"], total.to_string());
    }

    // The ZIP: one PDF per valid receipt, named by number.
    let (status, content_type, zip) =
        get_bytes(&b, &format!("/admin/exports/receipts.zip?year={year}")).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    names.sort();
    let mut valid_numbers = Vec::new();
    for r in store.receipt_register(year, 0, 100).await.unwrap() {
        if r.status.as_str() == "valid" {
            valid_numbers.push(format!("{}.pdf", r.number));
        }
    }
    assert_eq!(valid_numbers.len(), 4);
    assert_eq!(names, valid_numbers);
    let d0 = store
        .search_donations(
            &DonationFilter {
                search: Some("d0@example.org".to_owned()),
                ..DonationFilter::default()
            },
            1,
            0,
        )
        .await
        .unwrap()
        .pop()
        .unwrap();
    let mut first = Vec::new();
    archive
        .by_name(&format!("{}.pdf", d0.receipt_number.unwrap()))
        .unwrap()
        .read_to_end(&mut first)
        .unwrap();
    assert!(first.starts_with(b"%PDF-"));
    // Byte for byte the PDF the donor was sent.
    let sent = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.to == "d0@example.org")
        .and_then(|m| m.attachments.into_iter().find(|(n, _)| n.ends_with(".pdf")))
        .map(|(_, bytes)| bytes)
        .unwrap();
    assert!(first == sent, "the ZIP's PDF differs from the one emailed");

    // The journal: FEC columns, balanced, gifts then the refund, under the
    // FEC's name for a whole year; in ISO 8859-15, or UTF-8 on request.
    let path = format!("/admin/exports/journal?year={year}");
    let response = b
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; charset=iso-8859-15"
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("W000000000FEC{year}1231.txt")),
        "{:?}",
        response.headers()["content-disposition"]
    );
    let latin9 = response.bytes().await.unwrap().to_vec();
    let (status, _, journal) = get_bytes(&b, &format!("{path}&encoding=utf-8")).await;
    assert_eq!(status, 200);
    let text = String::from_utf8(journal.clone()).unwrap();
    assert_eq!(encoding_rs::ISO_8859_15.decode(&latin9).0, text);
    assert!(text.starts_with("JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise\r\n"));
    if let Some(rows) = python_csv(&journal, "|") {
        assert_eq!(rows.len(), 12, "five gifts and one refund, two lines each");
        let cents = |v: &str| v.replace(',', "").parse::<i64>().unwrap();
        let debit: i64 = rows.iter().map(|r| cents(&r["Debit"])).sum();
        let credit: i64 = rows.iter().map(|r| cents(&r["Credit"])).sum();
        assert_eq!(debit, credit);
        let gifts_credit: i64 = rows
            .iter()
            .filter(|r| r["CompteNum"] == "754")
            .map(|r| cents(&r["Credit"]) - cents(&r["Debit"]))
            .sum();
        assert_eq!(gifts_credit, totals.amount_cents - totals.refunded_cents);
        assert!(rows.iter().all(|r| r["EcritureDate"].len() == 8));
        assert!(rows.iter().any(|r| r["CompteNum"] == "467"));
        // Numbered 1 to 6 in the order booked; the pieces are the receipts.
        let nums: Vec<&str> = rows
            .iter()
            .step_by(2)
            .map(|r| r["EcritureNum"].as_str())
            .collect();
        assert_eq!(nums, ["1", "2", "3", "4", "5", "6"]);
        assert!(
            rows[0]["PieceRef"].starts_with(&format!("{year}-")),
            "{:?}",
            rows[0]
        );
    }
    // Exported again: the same bytes.
    let again = get_bytes(&b, &format!("{path}&encoding=utf-8")).await.2;
    assert!(again == journal, "a second export differs");
    // Only what follows entry 4: the last two.
    let (_, _, tail) = get_bytes(&b, &format!("{path}&encoding=utf-8&since=4")).await;
    let tail = String::from_utf8(tail).unwrap();
    let tail_nums: Vec<&str> = tail
        .lines()
        .skip(1)
        .map(|l| l.split('|').nth(2).unwrap())
        .collect();
    assert_eq!(tail_nums, ["5", "5", "6", "6"]);
    assert_eq!(get_bytes(&b, &format!("{path}&since=x")).await.0, 400);

    // Accounts set now apply to what is booked from now on; what is booked
    // keeps its accounts. A bad one is refused beside its field.
    let csrf = token_of(&b, "/admin/exports").await;
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("journal", "DN"),
        ("gifts", "7541"),
        ("bank", "5121"),
        ("cash", "531"),
        ("clearing", "x"),
    ];
    let response = post(&b, "/admin/exports/accounts", &fields).await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("id=\"err-clearing\"")
    );
    let mut fields = fields.to_vec();
    fields[5] = ("clearing", "4671");
    let response = post(&b, "/admin/exports/accounts", &fields).await;
    assert_eq!(response.status(), 303);
    give(&*store, campaign, "d5@example.org", 1_500).await;
    app.drain_jobs().await;
    let (_, _, after) = get_bytes(&b, &format!("{path}&encoding=utf-8")).await;
    assert!(
        after.starts_with(&journal),
        "what was booked stays as it was"
    );
    if let Some(rows) = python_csv(&after, "|") {
        let new: Vec<_> = rows.iter().filter(|r| r["JournalCode"] == "DN").collect();
        assert_eq!(new.len(), 2, "the new gift, in the new journal");
        assert!(new.iter().any(|r| r["CompteNum"] == "7541"));
        assert!(new.iter().any(|r| r["CompteNum"] == "4671"));
        assert_eq!(
            new[0]["EcritureNum"], "1",
            "a journal of its own, numbered from 1"
        );
        assert_eq!(
            rows.iter().filter(|r| r["JournalCode"] == "DON").count(),
            12
        );
    }
}

/// The journal's entries of `year`: (date, account, debit, credit, label).
async fn journal_entries(b: &Browser<'_>, year: i32) -> Vec<[String; 5]> {
    let (status, _, journal) = get_bytes(b, &format!("/admin/exports/journal?year={year}")).await;
    assert_eq!(status, 200);
    let (text, _, unmappable) = encoding_rs::ISO_8859_15.decode(&journal);
    assert!(!unmappable);
    text.split("\r\n")
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('|').collect();
            [f[3], f[4], f[11], f[12], f[10]].map(str::to_owned)
        })
        .collect()
}

#[tokio::test]
async fn a_gift_refunded_in_part_across_the_year_s_end_is_reversed_in_each_year_s_books() {
    let app = spawn_app().await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    let noon = |year, month, day| {
        time::Date::from_calendar_date(year, month, day)
            .unwrap()
            .with_hms(12, 0, 0)
            .unwrap()
            .assume_utc()
    };
    use time::Month::{December, January, November};
    let gift = common::new_donation(
        campaign,
        "noel@example.org",
        10_000,
        soutenir::store::Frequency::Once,
        "stripe",
    );
    let gift = common::paid(&*store, &gift, Some("pi_noel"), noon(2024, November, 15)).await;
    // 30 € refunded in December, then 20 € more in January (the provider
    // reports the running total, 50 €), then that event again.
    for (total, at) in [
        (3_000, noon(2024, December, 20)),
        (5_000, noon(2025, January, 10)),
        (5_000, noon(2025, January, 11)),
    ] {
        store
            .refund_donation(&gift, Cents::new(total), at)
            .await
            .unwrap();
    }

    // Each movement is booked once its job is done.
    app.drain_jobs().await;
    let b = signed_in(&app, "tresorerie@example.org", "finance").await;
    let row = |date: &str, account: &str, debit: &str, credit: &str, label: &str| {
        [date, account, debit, credit, label].map(str::to_owned)
    };
    assert_eq!(
        journal_entries(&b, 2024).await,
        [
            row(
                "20241115",
                "467",
                "100,00",
                "0,00",
                "Don Camille Martin dorlotons"
            ),
            row(
                "20241115",
                "754",
                "0,00",
                "100,00",
                "Don Camille Martin dorlotons"
            ),
            row(
                "20241220",
                "754",
                "30,00",
                "0,00",
                "Remboursement don Camille Martin dorlotons"
            ),
            row(
                "20241220",
                "467",
                "0,00",
                "30,00",
                "Remboursement don Camille Martin dorlotons"
            ),
        ]
    );
    assert_eq!(
        journal_entries(&b, 2025).await,
        [
            row(
                "20250110",
                "754",
                "20,00",
                "0,00",
                "Remboursement don Camille Martin dorlotons"
            ),
            row(
                "20250110",
                "467",
                "0,00",
                "20,00",
                "Remboursement don Camille Martin dorlotons"
            ),
        ]
    );
    // The gift itself keeps its running total and last date.
    let donation = store.donation_row(&gift).await.unwrap().unwrap();
    assert_eq!(donation.refunded_cents, 5_000);
    assert_eq!(donation.refunded_at, Some(noon(2025, January, 10)));
}

#[tokio::test]
async fn the_register_cancels_resends_and_reissues_receipts() {
    let app = spawn_app().await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    give(&*store, campaign, "r1@example.org", 5_000).await;
    app.drain_jobs().await;
    let b = signed_in(&app, "tresorerie@example.org", "finance").await;
    let year = this_year();
    let number = format!("{year}-000001");
    let register = format!("/admin/receipts?year={year}");
    let csrf = token_of(&b, &register).await;

    // Download.
    let (status, content_type, pdf) = get_bytes(&b, &format!("/admin/receipts/{number}/pdf")).await;
    assert_eq!((status, content_type.as_str()), (200, "application/pdf"));
    assert!(pdf.starts_with(b"%PDF-"));

    // Resend: one more email with the same PDF.
    let response = post(
        &b,
        &format!("/admin/receipts/{number}/resend"),
        &[("csrf_token", &csrf)],
    )
    .await;
    assert_eq!(response.status(), 303);
    app.drain_jobs().await;
    let mails: Vec<_> = app
        .outbox_emails()
        .into_iter()
        .filter(|m| m.to == "r1@example.org")
        .collect();
    assert_eq!(mails.len(), 2);
    let resent = mails[1]
        .attachments
        .iter()
        .find(|(n, _)| n.ends_with(".pdf"))
        .map(|(_, b)| b.clone())
        .unwrap();
    assert_eq!(resent, pdf);

    // The register leads to a page that says what cancelling does and asks.
    let (_, register_page) = b.get_text(&register).await;
    assert!(
        register_page.contains(&format!("href=\"/admin/receipts/{number}/cancel\"")),
        "{register_page}"
    );
    let (status, page) = b
        .get_text(&format!("/admin/receipts/{number}/cancel"))
        .await;
    assert_eq!(status, 200);
    assert!(
        visible_text(&page).contains("ne redevient jamais valable"),
        "{page}"
    );
    assert!(page.contains("button--danger"));
    // Without a reason, or unconfirmed: each said beside its field, nothing changes.
    for (fields, field) in [
        (vec![("reason", "  "), ("confirm", "on")], "reason"),
        (vec![("reason", "adresse erronée")], "confirm"),
    ] {
        let mut all = vec![("csrf_token", csrf.as_str())];
        all.extend(fields);
        let response = post(&b, &format!("/admin/receipts/{number}/cancel"), &all).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!("id=\"err-{field}\"")), "{html}");
        assert!(html.contains("value=\"adresse erronée\"") || field == "reason");
    }
    assert_eq!(
        store
            .receipt_by_number(&number)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str(),
        "valid"
    );
    // Cancel and re-issue: a new number, pointing back, for the same amount.
    let response = post(
        &b,
        &format!("/admin/receipts/{number}/cancel"),
        &[
            ("csrf_token", &csrf),
            ("reason", "adresse erronée"),
            ("reissue", "on"),
            ("confirm", "on"),
        ],
    )
    .await;
    assert!(
        location(&response).contains("notice=reemis"),
        "{}",
        location(&response)
    );
    let old = store.receipt_by_number(&number).await.unwrap().unwrap();
    assert_eq!(old.status.as_str(), "cancelled");
    assert_eq!(old.cancel_reason.as_deref(), Some("adresse erronée"));
    let new = store
        .receipt_by_number(&format!("{year}-000002"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((new.status.as_str(), new.amount_cents), ("valid", 5_000));
    assert_eq!(new.replaces_receipt_id, Some(old.id));
    let (_, html) = b.get_text(&register).await;
    let text = visible_text(&html);
    assert!(text.contains("annulé, remplacé par le n°"), "{text}");
    assert!(text.contains("(adresse erronée)"), "{text}");
    assert!(
        text.contains("Aucun numéro manquant, aucun doublon."),
        "{text}"
    );
    let audit = store.recent_audit(10).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|(who, action, target)| who == "tresorerie@example.org"
                && action == "receipt.cancelled"
                && target == &format!("receipt:{number}"))
    );
}

#[tokio::test]
async fn the_gap_report_names_missing_numbers() {
    let app = spawn_app().await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    give(&*store, campaign, "g1@example.org", 5_000).await;
    app.drain_jobs().await;
    let year = this_year();
    let b = signed_in(&app, "tresorerie@example.org", "finance").await;
    let (_, html) = b.get_text(&format!("/admin/receipts?year={year}")).await;
    assert!(visible_text(&html).contains("Aucun numéro manquant, aucun doublon."));
    // Numbers the counter gave that no receipt holds (as if rows were lost).
    common::raw_sql(
        &app.db,
        &format!("UPDATE receipt_counters SET last_number = 3 WHERE year = {year}"),
    )
    .await;
    let (_, html) = b.get_text(&format!("/admin/receipts?year={year}")).await;
    let text = visible_text(&html).replace('\u{202f}', " ");
    assert!(
        text.contains(&format!(
            "Anomalie : numéros manquants {year}-000002 à {year}-000003."
        )),
        "{text}"
    );
    assert_eq!(
        soutenir::receipts::export::gaps(&[1, 2, 4, 7], 8),
        vec![(3, 3), (5, 6), (8, 8)]
    );
}

#[tokio::test]
async fn finance_stops_a_monthly_gift_at_the_donor_s_request() {
    let app = spawn_app().await;
    app.give_demo(
        "dorlotons",
        &common::gift_with(&[("frequency", "monthly"), ("email", "mensuel@example.org")]),
        "succeeded",
    )
    .await;
    app.drain_jobs().await;
    let b = signed_in(&app, "tresorerie@example.org", "finance").await;
    let (status, html) = b.get_text("/admin/subscriptions?status=active").await;
    assert_eq!(status, 200);
    let text = visible_text(&html);
    assert!(
        text.contains("mensuel@example.org") && text.contains("actif"),
        "{text}"
    );
    let at = html.find("/admin/subscriptions/").unwrap();
    let action: String = html[at..].chars().take_while(|c| *c != '"').collect();
    let csrf = common::hidden_field(&html, "csrf_token");
    // Unconfirmed: nothing changes, and the page says why.
    let response = post(&b, &action, &[("csrf_token", &csrf)]).await;
    assert_eq!(location(&response), "/admin/subscriptions?confirmer");
    let (_, html) = b.get_text("/admin/subscriptions?status=active").await;
    assert!(visible_text(&html).contains("mensuel@example.org"));
    let response = post(&b, &action, &[("csrf_token", &csrf), ("confirm", "on")]).await;
    assert_eq!(response.status(), 303);
    app.drain_jobs().await;
    let (_, html) = b.get_text("/admin/subscriptions?status=cancelled").await;
    let text = visible_text(&html);
    assert!(
        text.contains("mensuel@example.org") && text.contains("arrêté"),
        "{text}"
    );
    let (_, html) = b.get_text("/admin/subscriptions?status=active").await;
    assert!(!visible_text(&html).contains("mensuel@example.org"));
    assert!(
        app.outbox_emails()
            .iter()
            .any(|m| m.to == "mensuel@example.org" && m.text.contains("arrêté")),
        "the donor is told"
    );
}

#[tokio::test]
async fn a_failed_payment_event_can_be_replayed() {
    let app = spawn_app().await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    let pending = store
        .create_pending_donation(
            &common::new_donation(
                campaign,
                "rejeu@example.org",
                4_000,
                soutenir::store::Frequency::Once,
                "stripe",
            ),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    store
        .confirm_donation(
            &pending.public_id,
            "card",
            Some("pi_rejeu"),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    let raised_in_db = || async {
        store
            .campaign_by_id(campaign)
            .await
            .unwrap()
            .unwrap()
            .totals
            .raised
            .get()
    };
    let before = raised_in_db().await;
    // A refund event that failed when it came (the database was unreachable).
    let payload = serde_json::json!({
        "id": "evt_rejeu",
        "type": "charge.refunded",
        "data": { "object": { "object": "charge", "payment_intent": "pi_rejeu", "amount_refunded": 4000 } }
    })
    .to_string();
    store
        .save_event(
            soutenir::store::Provider::Stripe,
            "evt_rejeu",
            "charge.refunded",
            &payload,
            "failed",
            "pool timed out",
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    let b = signed_in(&app, "tresorerie@example.org", "finance").await;
    let (_, html) = b.get_text("/admin/events").await;
    assert!(html.contains("Rejouer"), "a failed event offers a replay");
    let csrf = common::hidden_field(&html, "csrf_token");
    let response = post(
        &b,
        "/admin/events/replay",
        &[("csrf_token", &csrf), ("event_id", "evt_rejeu")],
    )
    .await;
    assert_eq!(location(&response), "/admin/events?rejoue=applied");
    assert_eq!(raised_in_db().await, before - 4_000);
    let (_, html) = b.get_text("/admin/events").await;
    let text = visible_text(&html);
    assert!(text.contains("appliqué"), "{text}");
    assert!(!html.contains("Rejouer"));
    // Replaying again changes nothing.
    let response = post(
        &b,
        "/admin/events/replay",
        &[("csrf_token", &csrf), ("event_id", "evt_rejeu")],
    )
    .await;
    assert_eq!(location(&response), "/admin/events?rejoue=none");
    assert_eq!(raised_in_db().await, before - 4_000);
}

#[tokio::test]
async fn every_finance_page_and_export_needs_its_role() {
    let app = spawn_app().await;
    let year = this_year();
    let pages = [
        "/admin/donations".to_owned(),
        "/admin/donations/new".to_owned(),
        "/admin/subscriptions".to_owned(),
        "/admin/events".to_owned(),
        format!("/admin/receipts?year={year}"),
        format!("/admin/receipts/declaration?year={year}"),
        "/admin/exports".to_owned(),
        format!("/admin/exports/donations.csv?year={year}"),
        format!("/admin/exports/receipts.csv?year={year}"),
        format!("/admin/exports/receipts.zip?year={year}"),
        format!("/admin/exports/journal.csv?year={year}"),
    ];
    let visitor = Browser::new(&app);
    let moderator = signed_in(&app, "moderation@example.org", "moderator").await;
    let finance = signed_in(&app, "tresorerie@example.org", "finance").await;
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    for page in &pages {
        let response = visitor
            .client
            .get(format!("{}{page}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{page}");
        assert_eq!(location(&response), "/admin/login", "{page}");
        let (status, _) = moderator.get_text(page).await;
        assert_eq!(status, 403, "moderator on {page}");
        let (status, _) = finance.get_text(page).await;
        assert_eq!(status, 200, "finance on {page}");
        let (status, _) = admin.get_text(page).await;
        assert_eq!(status, 200, "admin on {page}");
    }
    // Changes: a moderator is refused even with a valid form token.
    let csrf = token_of(&moderator, "/admin").await;
    for action in [
        "/admin/donations/new",
        "/admin/exports/accounts",
        "/admin/events/replay",
        &format!("/admin/receipts/{year}-000001/cancel"),
    ] {
        let response = post(&moderator, action, &[("csrf_token", &csrf)]).await;
        assert_eq!(response.status(), 403, "moderator posting {action}");
    }
    // Finance without the form token: refused.
    let response = post(&finance, "/admin/donations/new", CHEQUE).await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn plain_csv_exports_never_hand_a_typed_formula_to_a_spreadsheet() {
    let app = spawn_app().await;
    let campaign = app.campaign_id("dorlotons").await;
    let mut gift = common::new_donation(
        campaign,
        "formule@example.org",
        5_000,
        soutenir::store::Frequency::Once,
        "demo",
    );
    gift.donor.first_name = "=HYPERLINK(\"http://evil.example/\",\"x\")".to_owned();
    gift.donor.last_name = "+33 6 12".to_owned();
    gift.donor.city = "@SUM(A1:A9)".to_owned();
    gift.donor.postal_code = "-2+3".to_owned();
    common::paid(&*app.store(), &gift, None, OffsetDateTime::now_utc()).await;
    app.drain_jobs().await;
    let b = signed_in(&app, "tresorerie@example.org", "finance").await;
    let year = this_year();
    for path in ["donations.csv", "receipts.csv"] {
        let (status, _, csv) = get_bytes(&b, &format!("/admin/exports/{path}?year={year}")).await;
        assert_eq!(status, 200);
        let mut reader = csv::Reader::from_reader(csv.as_slice());
        let headers = reader.headers().unwrap().clone();
        let rows: Vec<HashMap<String, String>> = reader
            .records()
            .map(|r| {
                headers
                    .iter()
                    .map(str::to_owned)
                    .zip(r.unwrap().iter().map(str::to_owned))
                    .collect()
            })
            .collect();
        assert_eq!(rows.len(), 1, "{path}: {rows:?}");
        let row = &rows[0];
        assert_eq!(
            row["donor_first_name"], "'=HYPERLINK(\"http://evil.example/\",\"x\")",
            "{path}"
        );
        assert_eq!(row["donor_last_name"], "'+33 6 12", "{path}");
        assert_eq!(row["donor_city"], "'@SUM(A1:A9)", "{path}");
        assert_eq!(row["donor_postal_code"], "'-2+3", "{path}");
    }
}

#[tokio::test]
async fn the_222_bis_figures_count_gifts_by_the_year_they_were_received() {
    use time::macros::datetime;
    let app = spawn_app().await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    // A cheque received on 20 December 2025, receipted now; and a 2025
    // monthly gift whose summary is issued now.
    let cheque = common::new_donation(
        campaign,
        "cheque@example.org",
        15_000,
        soutenir::store::Frequency::Once,
        "offline",
    );
    common::paid(&*store, &cheque, None, datetime!(2025-12-20 10:00 UTC)).await;
    let monthly = common::new_donation(
        campaign,
        "mensuel@example.org",
        1_000,
        soutenir::store::Frequency::Monthly,
        "demo",
    );
    common::monthly_payments(
        &*store,
        &monthly,
        &[
            datetime!(2025-06-10 9:00 UTC),
            datetime!(2025-07-10 9:00 UTC),
        ],
    )
    .await;
    app.drain_jobs().await;
    soutenir::receipts::issue_annual(&*store, 2025, OffsetDateTime::now_utc(), |_, _| {})
        .await
        .unwrap();
    // And a gift of this year.
    give(&*store, campaign, "cette-annee@example.org", 3_000).await;
    app.drain_jobs().await;

    let this = this_year();
    assert!(this >= 2026);
    assert_eq!(
        store.receipt_figures(2025).await.unwrap().individuals,
        (2, 15_000 + 2_000),
        "2025's gifts, receipted in {this}, count for 2025"
    );
    assert_eq!(
        store.receipt_figures(this).await.unwrap().individuals,
        (1, 3_000)
    );
    assert_eq!(
        store.issued_figures(this).await.unwrap(),
        (3, 15_000 + 2_000 + 3_000),
        "all three were issued this year"
    );
    let b = signed_in(&app, "tresorerie@example.org", "finance").await;
    let (status, html) = b.get_text("/admin/receipts/declaration?year=2025").await;
    assert_eq!(status, 200);
    let text = visible_text(&html);
    assert!(text.contains("Nombre de reçus délivrés 2"), "{text}");
    assert!(
        text.contains("quelle que soit sa date d'émission"),
        "the page says how they were counted: {text}"
    );
}
