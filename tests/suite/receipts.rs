//! Tax receipts: issued with the thank-you, every mention on the PDF, the right
//! payment box, the verification link, byte-identical re-downloads, numbering
//! without gaps under concurrent confirmations — on SQLite, and on PostgreSQL
//! when `TEST_DATABASE_URL` is set.

use crate::common;

use std::sync::Arc;

use common::{GIFT, TestApp, gift_with, pdf_text, spawn_app, visible_text};
use soutenir::domain::dates::in_paris;
use soutenir::domain::receipt::short_date;
use soutenir::links;
use time::OffsetDateTime;

/// The one email to `to` in the outbox, and its PDF attachment.
fn receipt_mail(app: &TestApp, to: &str) -> (common::ReceivedEmail, Vec<u8>) {
    let mails: Vec<_> = app
        .outbox_emails()
        .into_iter()
        .filter(|m| m.to == to)
        .collect();
    assert_eq!(
        mails.len(),
        1,
        "{:?}",
        mails.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    let mail = mails.into_iter().next().unwrap();
    let pdf = mail
        .attachments
        .iter()
        .find(|(name, _)| name.ends_with(".pdf"))
        .map(|(_, bytes)| bytes.clone())
        .expect("a PDF attached");
    (mail, pdf)
}

/// pdftotext's text with runs of spaces folded.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn space_link(app: &TestApp, donor: i64) -> String {
    let expires = OffsetDateTime::now_utc().unix_timestamp() + 3600;
    format!(
        "/me/{}",
        links::donor_token(&app.state.secret, donor, expires)
    )
}

#[tokio::test]
async fn a_one_off_gift_gets_its_receipt_with_the_thank_you_holding_every_mention() {
    let app = spawn_app().await;
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let (mail, pdf) = receipt_mail(&app, "camille@example.org");
    let year = in_paris(OffsetDateTime::now_utc()).year();
    let number = format!("{year}-000001");
    assert!(
        mail.text
            .contains(&format!("reçu fiscal n° {number} est joint")),
        "{}",
        mail.text
    );
    let Some(text) = pdf_text(&pdf) else { return };
    let text = folded(&text);
    let today = short_date(in_paris(OffsetDateTime::now_utc()).date());
    // RECEIPTS.md's list for the 11580*05, mention by mention.
    for mention in [
        // 1. Header.
        "Reçu des dons et versements effectués par les particuliers au titre des articles 200 et 978 du code général des impôts",
        "2041-RD",
        "N° 11580*05",
        &format!("Numéro d'ordre du reçu : {number}"),
        // 2. The beneficiary and its category box (with its sub-box).
        "Organisme bénéficiaire des dons et versements",
        "Nom ou dénomination : Association Exemple",
        "Numéro SIREN ou RNA : W000000000",
        "Adresse : 1 place de l'Exemple, 69001 Lyon, France",
        "Objet : Promouvoir et diffuser le logiciel libre",
        "☒ Œuvre ou organisme d'intérêt général ayant un caractère philanthropique, éducatif, scientifique, social, humanitaire, sportif, familial, culturel",
        "☒ Association loi 1901",
        // 3. The donor.
        "Donateur",
        "Nom : Martin",
        "Prénoms : Camille",
        "Adresse : 12 rue des Lilas, 69007 Lyon, France",
        // 4. The amount, framed, and in words.
        "Le bénéficiaire reconnaît avoir reçu des dons et versements ouvrant droit à réduction d'impôt d'un montant de :",
        "***30,50 €***",
        "Somme en toutes lettres : trente euros et cinquante centimes",
        // 5.
        &format!("Date du versement ou du don : {today}"),
        // 6. Two boxes only.
        "Le bénéficiaire certifie sur l'honneur que les dons et versements qu'il reçoit ouvrent droit à la réduction d'impôt prévue à l'article",
        "☒ 200 du CGI ☐ 978 du CGI",
        // 7.–9.
        "Forme du don : ☐ Acte authentique ☐ Acte sous seing privé ☒ Déclaration de don manuel ☐ Autres",
        "Nature du don : ☒ Numéraire ☐ Titres de sociétés cotés ☐ Abandon exprès de revenus ou de produits ☐ Frais engagés par les bénévoles, dont ils renoncent expressément au remboursement ☐ Autres",
        "En cas de don en numéraire, mode de versement du don : ☐ Remise d'espèces ☐ Chèque ☒ Virement, prélèvement, carte bancaire",
        // 10.
        "Date et signature",
        &format!("Date d'émission : {today}"),
        "Camille Exemple",
        "Trésorière",
        // 11. The footnotes, the 978/200 rule and the 1740 A reminder.
        "Un même don ne peut ouvrir droit à la fois à la réduction d'impôt sur le revenu de l'article 200 et à la réduction d'impôt sur la fortune immobilière de l'article 978",
        "L'article 1740 A du code général des impôts prévoit une amende",
        "Vérifier ce reçu",
    ] {
        assert!(text.contains(mention), "missing « {mention} » in:\n{text}");
    }
    // *05 has no 238 bis box; a real organisation's receipt is no specimen.
    for absent in ["238 bis", "SPECIMEN", "Autre organisme"] {
        assert!(!text.contains(absent), "« {absent} » in:\n{text}");
    }

    // The printed verification link works; a wrong key or number says the same.
    let start = text
        .find("/receipts/verify/")
        .expect("the verification path");
    let path: String = text[start..].split_whitespace().next().unwrap().to_owned();
    let (status, html) = app.get_text(&path).await;
    assert_eq!(status, 200, "{path}");
    let page = visible_text(&html);
    assert!(page.contains("authentique et valable"), "{page}");
    assert!(
        page.contains("C. M***") && !page.contains("Martin"),
        "{page}"
    );
    assert!(
        page.contains("30,50") && page.contains("Association Exemple"),
        "{page}"
    );
    let forged = path.replace("?k=", "?k=00");
    let (status, forged_page) = app.get_text(&forged[..forged.len() - 2]).await;
    assert_eq!(status, 404);
    let unknown = path.replace(&number, &format!("{year}-000099"));
    let (status, unknown_page) = app.get_text(&unknown).await;
    assert_eq!(status, 404);
    assert_eq!(visible_text(&forged_page), visible_text(&unknown_page));
    assert!(visible_text(&unknown_page).contains("Reçu inconnu"));

    // The donor space lists it; every download is the same bytes as the mail's.
    let donor = app
        .store()
        .donor_id_by_email("camille@example.org")
        .await
        .unwrap()
        .unwrap();
    let space = space_link(&app, donor);
    let (_, html) = app.get_text(&space).await;
    assert!(visible_text(&html).contains(&number));
    for _ in 0..2 {
        let response = app.get(&format!("{space}/receipts/{number}.pdf")).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        assert_eq!(response.bytes().await.unwrap().as_ref(), pdf.as_slice());
    }
    // Someone else's link cannot fetch it.
    let other = space_link(&app, donor + 1);
    let response = app.get(&format!("{other}/receipts/{number}.pdf")).await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn no_receipt_when_none_was_asked_for() {
    let app = spawn_app().await;
    app.give_demo(
        "dorlotons",
        &gift_with(&[("wants_receipt", ""), ("email", "sans@example.org")]),
        "succeeded",
    )
    .await;
    app.drain_jobs().await;
    let mails: Vec<_> = app.outbox_emails();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].attachments.is_empty());
    assert!(!mails[0].text.contains("reçu fiscal"), "{}", mails[0].text);
}

#[tokio::test]
async fn fifty_concurrent_confirmations_get_numbers_without_gaps_or_repeats() {
    let app = spawn_app().await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    let now = OffsetDateTime::now_utc();
    let mut ids = Vec::new();
    for i in 0..50 {
        let gift = soutenir::store::NewDonation {
            lang: "fr".to_owned(),
            donor: soutenir::store::DonorDetails {
                address: "1 rue".into(),
                postal_code: "75001".into(),
                city: "Paris".into(),
                ..common::donor(&format!("n{i}@example.org"))
            },
            ..common::new_donation(
                campaign,
                &format!("n{i}@example.org"),
                1000 + i,
                soutenir::store::Frequency::Once,
                "demo",
            )
        };
        ids.push(
            store
                .create_pending_donation(&gift, now)
                .await
                .unwrap()
                .public_id,
        );
    }
    // Confirmed all at once, and each receipt issued by its own task, twice,
    // through two connections to the database as two app instances would.
    let second = soutenir::store::connect(&app.db.url).await.unwrap();
    let mut tasks = Vec::new();
    for (i, id) in ids.iter().chain(ids.iter()).enumerate() {
        let store = if i % 2 == 0 {
            Arc::clone(&store)
        } else {
            Arc::clone(&second)
        };
        let id = id.clone();
        tasks.push(tokio::spawn(async move {
            store
                .confirm_donation(&id, "card", None, OffsetDateTime::now_utc())
                .await
                .unwrap();
            let gift = store.donation(&id).await.unwrap().unwrap();
            soutenir::receipts::issue_for_gift(&*store, &gift, OffsetDateTime::now_utc())
                .await
                .unwrap()
                .unwrap()
                .number
        }));
    }
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.unwrap());
    }
    let year = in_paris(OffsetDateTime::now_utc()).year();
    let mut distinct = numbers.clone();
    distinct.sort();
    distinct.dedup();
    let expected: Vec<String> = (1..=50).map(|n| format!("{year}-{n:06}")).collect();
    assert_eq!(distinct, expected, "fifty numbers, one per gift, no gap");
    app.drain_jobs().await;
}

#[tokio::test]
async fn a_refund_cancels_the_receipt_and_a_new_one_covers_what_remains() {
    let app = spawn_app().await;
    let id = app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let store = app.store();
    let year = in_paris(OffsetDateTime::now_utc()).year();
    let first = format!("{year}-000001");
    let second = format!("{year}-000002");

    // 10,50 € of the 30,50 € refunded: the first receipt is cancelled, a second
    // one covers 20 €.
    store
        .refund_donation(
            &id,
            soutenir::domain::money::Cents::new(1050),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap()
        .expect("refund recorded");
    app.drain_jobs().await;
    let old = store.receipt_by_number(&first).await.unwrap().unwrap();
    assert_eq!(old.status.as_str(), "cancelled");
    let new = store.receipt_by_number(&second).await.unwrap().unwrap();
    assert_eq!((new.status.as_str(), new.amount_cents), ("valid", 2000));
    assert_eq!(new.replaces_receipt_id, Some(old.id));
    let totals = store
        .campaign_by_slug("dorlotons")
        .await
        .unwrap()
        .unwrap()
        .totals;
    assert_eq!(totals.raised.get(), 2000, "the bar moved back");

    let mails: Vec<_> = app
        .outbox_emails()
        .into_iter()
        .filter(|m| m.subject.contains("annulé"))
        .collect();
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0]
            .text
            .contains(&format!("remplacé par le reçu n° {second}")),
        "{}",
        mails[0].text
    );
    let replacement_pdf = &mails[0].attachments[0].1;
    if let Some(text) = pdf_text(replacement_pdf) {
        let text = folded(&text);
        assert!(
            text.contains(&format!("Ce reçu remplace le reçu n° {first}, annulé.")),
            "{text}"
        );
        assert!(
            text.contains("***20,00 €***") && text.contains("vingt euros"),
            "{text}"
        );
        assert!(
            text.contains("Nom : Martin"),
            "the donor details carried over: {text}"
        );
    }

    // The cancelled receipt shows as such: verification page and stamped PDF.
    let key = soutenir::receipts::verify_key(&app.state.secret, &first);
    let (status, html) = app
        .get_text(&format!("/receipts/verify/{first}?k={key}"))
        .await;
    assert_eq!(status, 200);
    assert!(visible_text(&html).contains("annulé"), "{html}");
    let donor = store
        .donor_id_by_email("camille@example.org")
        .await
        .unwrap()
        .unwrap();
    let space = space_link(&app, donor);
    let stamped = app
        .get(&format!("{space}/receipts/{first}.pdf"))
        .await
        .bytes()
        .await
        .unwrap();
    if let Some(text) = pdf_text(&stamped) {
        assert!(folded(&text).contains("ANNULÉ"), "{text}");
    }

    // Refunded in full: the replacement is cancelled too, and nothing replaces it.
    store
        .refund_donation(
            &id,
            soutenir::domain::money::Cents::new(3050),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    app.drain_jobs().await;
    let new = store.receipt_by_number(&second).await.unwrap().unwrap();
    assert_eq!(new.status.as_str(), "cancelled");
    assert!(
        store
            .receipt_by_number(&format!("{year}-000003"))
            .await
            .unwrap()
            .is_none()
    );
    let last = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.subject.contains(&second))
        .expect("told about the second cancellation");
    assert!(last.text.contains("aucun nouveau reçu"), "{}", last.text);
    assert!(last.attachments.is_empty());
}

#[tokio::test]
async fn the_payment_box_follows_how_the_gift_was_paid() {
    let app = spawn_app().await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    for (i, (method, expected)) in [
        (
            "cheque",
            "☐ Remise d'espèces ☒ Chèque ☐ Virement, prélèvement, carte bancaire",
        ),
        (
            "cash",
            "☒ Remise d'espèces ☐ Chèque ☐ Virement, prélèvement, carte bancaire",
        ),
        (
            "transfer",
            "☐ Remise d'espèces ☐ Chèque ☒ Virement, prélèvement, carte bancaire",
        ),
        (
            "sepa_debit",
            "☐ Remise d'espèces ☐ Chèque ☒ Virement, prélèvement, carte bancaire",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let email = format!("box{i}@example.org");
        let gift = soutenir::store::NewDonation {
            lang: "fr".to_owned(),
            donor: soutenir::store::DonorDetails {
                address: "5 quai du Rhône".into(),
                postal_code: "69002".into(),
                city: "Lyon".into(),
                ..common::donor(&email)
            },
            ..common::new_donation(
                campaign,
                &email,
                123456,
                soutenir::store::Frequency::Once,
                "demo",
            )
        };
        let pending = store
            .create_pending_donation(&gift, OffsetDateTime::now_utc())
            .await
            .unwrap();
        store
            .confirm_donation(&pending.public_id, method, None, OffsetDateTime::now_utc())
            .await
            .unwrap();
        let summary = store.donation(&pending.public_id).await.unwrap().unwrap();
        let receipt =
            soutenir::receipts::issue_for_gift(&*store, &summary, OffsetDateTime::now_utc())
                .await
                .unwrap()
                .unwrap();
        let pdf = soutenir::receipts::render(&*store, &app.state.secret, &app.address, &receipt)
            .await
            .unwrap();
        let Some(text) = pdf_text(&pdf) else { return };
        let text = folded(&text);
        assert!(text.contains(expected), "{method}: {text}");
        assert!(
            text.contains("mille deux cent trente-quatre euros et cinquante-six centimes"),
            "{text}"
        );
        assert!(text.contains("***1 234,56 €***"), "{text}");
    }
    app.drain_jobs().await;
}

/// A monthly gift whose payments were received at `dates`; returns their ids.
async fn monthly_gift(app: &TestApp, email: &str, dates: &[OffsetDateTime]) -> Vec<String> {
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    let gift = soutenir::store::NewDonation {
        lang: "fr".to_owned(),
        donor: soutenir::store::DonorDetails {
            address: "8 rue Mercière".into(),
            postal_code: "69002".into(),
            city: "Lyon".into(),
            ..common::donor(email)
        },
        ..common::new_donation(
            campaign,
            email,
            1000,
            soutenir::store::Frequency::Monthly,
            "demo",
        )
    };
    common::monthly_payments(&*store, &gift, dates).await
}

#[tokio::test]
async fn the_yearly_summary_lists_the_year_s_monthly_payments_once_without_refunds() {
    use time::macros::datetime;
    let app = spawn_app().await;
    let store = app.store();
    // Twelve payments in 2025, Paris time: the first on 1 January at 00:30 (still
    // 31 December in UTC); then one that is 1 January 2026 in Paris.
    let mut dates = vec![datetime!(2024-12-31 23:30 UTC)];
    for month in 2..=12u8 {
        let month = time::Month::try_from(month).unwrap();
        dates.push(
            time::Date::from_calendar_date(2025, month, 10)
                .unwrap()
                .with_hms(9, 0, 0)
                .unwrap()
                .assume_utc(),
        );
    }
    dates.push(datetime!(2025-12-31 23:30 UTC));
    let ids = monthly_gift(&app, "mensuel@example.org", &dates).await;
    // June's payment was refunded.
    store
        .refund_donation(
            &ids[5],
            soutenir::domain::money::Cents::new(1000),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    // Another donor, who did not ask for a receipt.
    let none = soutenir::store::NewDonation {
        lang: "fr".to_owned(),
        wants_receipt: false,
        ..common::new_donation(
            app.campaign_id("dorlotons").await,
            "sans@example.org",
            500,
            soutenir::store::Frequency::Monthly,
            "demo",
        )
    };
    let p = store
        .create_pending_donation(&none, dates[3])
        .await
        .unwrap();
    store
        .confirm_donation(&p.public_id, "card", None, dates[3])
        .await
        .unwrap();
    app.drain_jobs().await;

    let now = OffsetDateTime::now_utc();
    let mut reported = Vec::new();
    let run = soutenir::receipts::issue_annual(&*store, 2025, now, |done, total| {
        reported.push((done, total))
    })
    .await
    .unwrap();
    assert_eq!((run.issued.len(), run.already, run.skipped), (1, 0, 1));
    assert_eq!(reported.last(), Some(&(2, 2)), "progress reaches the end");
    let summary = &run.issued[0];
    assert_eq!(summary.amount_cents, 11_000, "eleven payments of 10 €");
    assert_eq!(summary.amount_words, "cent dix euros");
    assert_eq!(store.receipt_lines(summary.id).await.unwrap().len(), 11);
    // Idempotent.
    let again = soutenir::receipts::issue_annual(&*store, 2025, now, |_, _| {})
        .await
        .unwrap();
    assert_eq!((again.issued.len(), again.already), (0, 1));

    app.drain_jobs().await;
    let mail = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.subject.starts_with("Votre reçu fiscal 2025"))
        .expect("the summary is emailed");
    assert_eq!(mail.to, "mensuel@example.org");
    let pdf = &mail.attachments[0].1;
    if let Some(text) = pdf_text(pdf) {
        let text = folded(&text);
        for mention in [
            "Date des versements : du 01/01/2025 au 31/12/2025 (détail en annexe)",
            "***110,00 €***",
            "Somme en toutes lettres : cent dix euros",
            &format!(
                "Annexe au reçu n° {} : détail des versements",
                summary.number
            ),
            "01/01/2025 10,00 €",
            "10/05/2025 10,00 €",
            "10/07/2025 10,00 €",
            "Total : 110,00 €",
        ] {
            assert!(text.contains(mention), "missing « {mention} » in:\n{text}");
        }
        assert!(
            !text.contains("10/06/2025"),
            "the refunded payment is left out"
        );
        assert!(
            !text.contains("01/01/2026"),
            "next year's payment is left out"
        );
    }

    // A payment refunded after the summary: it is cancelled and replaced.
    store
        .refund_donation(
            &ids[2],
            soutenir::domain::money::Cents::new(1000),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    app.drain_jobs().await;
    let old = store.receipt(summary.id).await.unwrap().unwrap();
    assert_eq!(old.status.as_str(), "cancelled");
    let year = in_paris(OffsetDateTime::now_utc()).year();
    let new = store
        .receipt_by_number(&format!("{year}-000002"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((new.kind.as_str(), new.amount_cents), ("annual", 10_000));
    assert_eq!(store.receipt_lines(new.id).await.unwrap().len(), 10);
    let rerun = soutenir::receipts::issue_annual(&*store, 2025, now, |_, _| {})
        .await
        .unwrap();
    assert_eq!(
        (rerun.issued.len(), rerun.already),
        (0, 1),
        "the replacement counts as the year's summary"
    );
}

/// A 1×1 PNG.
const PNG: &str = "89504e470d0a1a0a0000000d4948445200000001000000010804000000b51c0c020000000b4944415478da6364600000000600023081d02f0000000049454e44ae426082";

#[tokio::test]
async fn admins_set_the_organisation_and_issued_receipts_keep_their_details() {
    use common::staff::{Browser, invite, set_password, token_of};
    let app = spawn_app().await;
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let (_, before) = receipt_mail(&app, "camille@example.org");

    let admin = Browser::new(&app);
    let link = invite(&app, Some("admin@example.org"), "admin").await;
    set_password(&admin, &link, "").await;
    let url = format!("{}/admin/organisation", app.address);
    let csrf = token_of(&admin, "/admin/organisation").await;

    // Faulty fields and a file that is no PNG: refused beside each, nothing saved.
    let form = common::organisation_form(
        &csrf,
        &[("registration_number", "12345"), ("postal_code", "690")],
    )
    .part(
        "logo",
        reqwest::multipart::Part::bytes(b"GIF89a....".to_vec()).file_name("logo.gif"),
    );
    let response = admin
        .client
        .post(&url)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let text = visible_text(&response.text().await.unwrap());
    assert!(text.contains("W suivi de neuf chiffres"), "{text}");
    assert!(text.contains("cinq chiffres"), "{text}");
    assert!(text.contains("format PNG"), "{text}");
    let org = app.store().organisation().await.unwrap().unwrap();
    assert_eq!(org.issuer.legal_name, "Association Exemple");

    // Without the form's token: 403.
    let response = admin
        .client
        .post(&url)
        .multipart(common::organisation_form("", &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    let png = hex::decode(PNG).unwrap();
    let form = common::organisation_form(&csrf, &[])
        .part(
            "logo",
            reqwest::multipart::Part::bytes(png.clone()).file_name("logo.png"),
        )
        .part(
            "signature",
            reqwest::multipart::Part::bytes(png.clone()).file_name("signature.png"),
        );
    let response = admin
        .client
        .post(&url)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let org = app.store().organisation().await.unwrap().unwrap();
    assert_eq!(org.issuer.legal_name, "Les Amis du Libre");
    assert_eq!(org.logo_png.as_deref(), Some(png.as_slice()));
    let (_, page) = admin.get_text("/admin/organisation?enregistre").await;
    assert!(visible_text(&page).contains("Réglages enregistrés"));

    // A new receipt carries the new details; the old one re-downloads unchanged.
    app.give_demo(
        "dorlotons",
        &gift_with(&[("email", "lea@example.org")]),
        "succeeded",
    )
    .await;
    app.drain_jobs().await;
    let (_, after) = receipt_mail(&app, "lea@example.org");
    if let Some(text) = pdf_text(&after) {
        let text = folded(&text);
        assert!(
            text.contains("Nom ou dénomination : Les Amis du Libre"),
            "{text}"
        );
        assert!(text.contains("Dominique Roux"), "{text}");
    }
    let donor = app
        .store()
        .donor_id_by_email("camille@example.org")
        .await
        .unwrap()
        .unwrap();
    let year = in_paris(OffsetDateTime::now_utc()).year();
    let again = app
        .get(&format!(
            "{}/receipts/{year}-000001.pdf",
            space_link(&app, donor)
        ))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        again.as_ref(),
        before.as_slice(),
        "an issued receipt never changes"
    );

    // Finance may issue the yearly summaries but not change the settings.
    let finance = Browser::new(&app);
    let link = invite(&app, Some("compta@example.org"), "finance").await;
    set_password(&finance, &link, "").await;
    assert_eq!(finance.get_text("/admin/organisation").await.0, 403);
    let csrf = token_of(&finance, "/admin").await;
    let response = common::staff::post(
        &finance,
        "/admin/receipts/annual",
        &[("csrf_token", &csrf), ("year", "2025")],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(common::staff::location(&response), "/admin?annuel=2025");
    // The running year and the next are refused, with a reason on the page.
    let this_year = in_paris(OffsetDateTime::now_utc()).year();
    for year in [this_year, this_year + 1] {
        let csrf = token_of(&finance, "/admin").await;
        let refused = common::staff::post(
            &finance,
            "/admin/receipts/annual",
            &[("csrf_token", &csrf), ("year", &year.to_string())],
        )
        .await;
        assert_eq!(common::staff::location(&refused), "/admin?annuel=annee");
    }
    let (_, home) = finance.get_text("/admin?annuel=annee").await;
    assert!(
        visible_text(&home).contains("Choisissez une année terminée : les reçus récapitulatifs d'une année s'émettent à partir du 1er janvier suivant."),
        "{home}"
    );
    let moderator = Browser::new(&app);
    let link = invite(&app, Some("modo@example.org"), "moderator").await;
    set_password(&moderator, &link, "").await;
    let csrf = token_of(&moderator, "/admin").await;
    let response = common::staff::post(
        &moderator,
        "/admin/receipts/annual",
        &[("csrf_token", &csrf), ("year", "2025")],
    )
    .await;
    assert_eq!(response.status(), 403);
    app.drain_jobs().await;
}

#[tokio::test]
async fn a_gift_paid_while_the_settings_are_incomplete_gets_its_receipt_in_a_follow_up() {
    let app = spawn_app().await;
    let store = app.store();
    let mut org = common::real_organisation();
    org.issuer.signatory_name = String::new();
    store
        .save_organisation(&org, OffsetDateTime::now_utc())
        .await
        .unwrap();
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let mails = app.outbox_emails();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].attachments.is_empty());
    assert!(
        mails[0].text.contains("vous sera envoyé par courriel"),
        "{}",
        mails[0].text
    );

    // Completing the settings issues it and sends it on its own.
    org.issuer.signatory_name = "Camille Exemple".into();
    store
        .save_organisation(&org, OffsetDateTime::now_utc())
        .await
        .unwrap();
    store
        .enqueue_job(
            &soutenir::jobs::receipts_backlog_job(),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    app.drain_jobs().await;
    let year = in_paris(OffsetDateTime::now_utc()).year();
    let follow_up = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.subject == format!("Votre reçu fiscal n° {year}-000001"))
        .expect("the receipt follows");
    assert_eq!(follow_up.to, "camille@example.org");
    assert_eq!(follow_up.attachments.len(), 1);
    // Running the backlog again issues nothing more.
    store
        .enqueue_job(
            &soutenir::jobs::receipts_backlog_job(),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    app.drain_jobs().await;
    assert!(
        store
            .receipt_by_number(&format!("{year}-000002"))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(app.outbox_emails().len(), 2);
}

/// A receipt's PDF as the donor downloads it from their space.
async fn receipt_pdf(app: &TestApp, donor: i64, number: &str) -> (u16, Vec<u8>) {
    let response = app
        .get(&format!("{}/receipts/{number}.pdf", space_link(app, donor)))
        .await;
    (
        response.status().as_u16(),
        response.bytes().await.unwrap().to_vec(),
    )
}

#[tokio::test]
async fn a_receipt_from_before_addresses_were_recorded_keeps_its_address_once_downloaded() {
    let before = common::spawn_app_with(common::TestDb::new().await, |c| {
        c.base_url = Some("https://dons.example.org".to_owned());
    })
    .await;
    before.give_demo("dorlotons", GIFT, "succeeded").await;
    before.drain_jobs().await;
    let (_, emailed) = receipt_mail(&before, "camille@example.org");
    // As a version before migration 0007 left it: a hash, no address.
    common::raw_sql(&before.db, "UPDATE receipts SET verify_url = NULL").await;
    let store = before.store();
    let donor = store
        .donor_id_by_email("camille@example.org")
        .await
        .unwrap()
        .unwrap();
    let number = store.donor_receipts(donor).await.unwrap()[0].number.clone();

    // Downloaded from the same address: the same document, and the address
    // it prints is recorded.
    assert_eq!(
        receipt_pdf(&before, donor, &number).await,
        (200, emailed.clone())
    );
    let receipt = store.donor_receipts(donor).await.unwrap().remove(0);
    assert_eq!(
        receipt.verify_url.as_deref(),
        Some(
            soutenir::receipts::verify_url(
                "https://dons.example.org",
                &before.state.secret,
                &number
            )
            .as_str()
        )
    );
    // The site moves: the document does not.
    let after = common::spawn_app_with(common::TestDb::existing(&before.db.url), |c| {
        c.base_url = Some("https://ailleurs.example.org".to_owned());
    })
    .await;
    assert_eq!(receipt_pdf(&after, donor, &number).await, (200, emailed));
}

#[tokio::test]
async fn a_receipt_keeps_its_verification_address_when_the_site_moves() {
    let before = common::spawn_app_with(common::TestDb::new().await, |c| {
        c.base_url = Some("https://ancien.example.org".to_owned());
    })
    .await;
    before.give_demo("dorlotons", GIFT, "succeeded").await;
    before.drain_jobs().await;
    let (_, emailed) = receipt_mail(&before, "camille@example.org");
    // The same data served from a new address.
    let after = common::spawn_app_with(common::TestDb::existing(&before.db.url), |c| {
        c.base_url = Some("https://nouveau.example.org".to_owned());
    })
    .await;
    let donor = after
        .store()
        .donor_id_by_email("camille@example.org")
        .await
        .unwrap()
        .unwrap();
    let receipt = after.store().donor_receipts(donor).await.unwrap().remove(0);
    assert!(
        receipt
            .verify_url
            .as_deref()
            .unwrap()
            .starts_with("https://ancien.example.org/receipts/verify/")
    );
    // Not refused as altered: the document as issued, byte for byte.
    assert_eq!(
        receipt_pdf(&after, donor, &receipt.number).await,
        (200, emailed)
    );
}

#[tokio::test]
async fn last_year_s_summaries_are_issued_by_themselves_on_their_day_once() {
    use soutenir::app::{SUMMARIES_ON_SETTING, queue_due_summaries};
    use time::macros::datetime;
    let app = spawn_app().await;
    let store = app.store();
    monthly_gift(
        &app,
        "auto@example.org",
        &[
            datetime!(2025-03-10 9:00 UTC),
            datetime!(2025-04-10 9:00 UTC),
        ],
    )
    .await;
    app.drain_jobs().await;
    let summaries = |app: &TestApp| {
        app.outbox_emails()
            .into_iter()
            .filter(|m| m.subject.starts_with("Votre reçu fiscal 2025"))
            .count()
    };

    // Before 15 January (Paris), nothing; from then on, once.
    let early = queue_due_summaries(&*store, datetime!(2026-01-14 22:00 UTC)).await;
    assert_eq!(early.unwrap(), None);
    let due = queue_due_summaries(&*store, datetime!(2026-01-14 23:30 UTC)).await;
    assert_eq!(due.unwrap(), Some(2025), "00:30 on 15 January in Paris");
    for later in [
        datetime!(2026-01-15 10:00 UTC),
        datetime!(2026-03-02 10:00 UTC),
    ] {
        assert_eq!(queue_due_summaries(&*store, later).await.unwrap(), None);
    }
    app.drain_jobs().await;
    assert_eq!(summaries(&app), 1, "the summary is issued and sent");
    let year = in_paris(OffsetDateTime::now_utc()).year();
    let receipt = store
        .receipt_by_number(&format!("{year}-000001"))
        .await
        .unwrap()
        .expect("the summary");
    assert_eq!(
        (receipt.kind.as_str(), receipt.amount_cents),
        ("annual", 2_000)
    );

    // The organisation may choose another day.
    store
        .set_setting(SUMMARIES_ON_SETTING, "02-01")
        .await
        .unwrap();
    let before = queue_due_summaries(&*store, datetime!(2027-01-20 10:00 UTC)).await;
    assert_eq!(before.unwrap(), None);
    let on_the_day = queue_due_summaries(&*store, datetime!(2027-02-01 10:00 UTC)).await;
    assert_eq!(on_the_day.unwrap(), Some(2026));
}

#[tokio::test]
async fn a_payment_of_the_year_recorded_after_its_summary_is_certified_once() {
    use time::macros::datetime;
    let app = spawn_app().await;
    let store = app.store();
    let ids = monthly_gift(
        &app,
        "tard@example.org",
        &[
            datetime!(2025-10-10 9:00 UTC),
            datetime!(2025-11-10 9:00 UTC),
        ],
    )
    .await;
    app.drain_jobs().await;
    let now = OffsetDateTime::now_utc();
    let first = soutenir::receipts::issue_annual(&*store, 2025, now, |_, _| {})
        .await
        .unwrap();
    let summary = first.issued[0].clone();
    assert_eq!(summary.amount_cents, 2_000);

    // December's debit is recorded afterwards, dated in 2025.
    let subscription = store
        .donation(&ids[0])
        .await
        .unwrap()
        .unwrap()
        .subscription_id
        .unwrap();
    let late_at = datetime!(2025-12-10 9:00 UTC);
    let late = store
        .create_subscription_payment(subscription, None, late_at)
        .await
        .unwrap();
    store
        .confirm_donation(&late.public_id, "card", None, late_at)
        .await
        .unwrap();
    app.drain_jobs().await;

    // It gets a supplementary receipt by itself, once; the summary stands.
    let key = soutenir::domain::search::identity_key(&summary.donor(), None);
    let standing = store
        .valid_summaries(summary.donor_id, 2025, &key)
        .await
        .unwrap();
    assert_eq!(standing.len(), 2, "{standing:?}");
    assert_eq!(standing[0].id, summary.id, "the summary stands");
    let supplement = standing[1].clone();
    assert_eq!((supplement.supplement, supplement.amount_cents), (1, 1_000));
    let lines = store.receipt_lines(supplement.id).await.unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].0, time::macros::date!(2025 - 12 - 10));
    let figures = store.receipt_figures(2025).await.unwrap();
    assert_eq!(
        (figures.count(), figures.cents()),
        (2, 3_000),
        "every euro once"
    );
    let told = app
        .outbox_emails()
        .into_iter()
        .find(|m| {
            m.subject
                == format!(
                    "Votre reçu fiscal complémentaire 2025 (n° {})",
                    supplement.number
                )
        })
        .expect("the supplementary receipt is emailed");
    assert!(
        told.text.contains("Votre reçu récapitulatif reste valable"),
        "{}",
        told.text
    );
    if let Some(text) = pdf_text(&told.attachments[0].1) {
        let text = folded(&text);
        assert!(
            text.contains("Reçu complémentaire n° 1 au reçu récapitulatif des versements de 2025"),
            "{text}"
        );
        assert!(text.contains("***10,00 €***"), "{text}");
        assert!(text.contains("10/12/2025"), "{text}");
    }

    // Running the year again changes nothing.
    let again = soutenir::receipts::issue_annual(&*store, 2025, now, |_, _| {})
        .await
        .unwrap();
    assert_eq!(
        (
            again.issued.len(),
            again.already,
            again.replaced.len(),
            again.supplements.len()
        ),
        (0, 1, 0, 0)
    );

    // The late payment refunded: its supplement is cancelled, the summary
    // untouched.
    store
        .refund_donation(
            &late.public_id,
            soutenir::domain::money::Cents::new(1_000),
            now,
        )
        .await
        .unwrap();
    app.drain_jobs().await;
    let standing = store
        .valid_summaries(summary.donor_id, 2025, &key)
        .await
        .unwrap();
    assert_eq!(standing.len(), 1);
    assert_eq!(standing[0].id, summary.id);
    let cancelled = store.receipt(supplement.id).await.unwrap().unwrap();
    assert_eq!(cancelled.status.as_str(), "cancelled");
    assert_eq!(cancelled.cancel_reason.as_deref(), Some("don remboursé"));
}

#[tokio::test]
async fn a_cancelled_receipt_names_its_replacement_on_its_pdf_its_page_and_in_the_donor_space() {
    let app = spawn_app().await;
    let id = app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let store = app.store();
    let gift = store.donation(&id).await.unwrap().unwrap();
    let old = store
        .valid_receipt_covering(gift.id)
        .await
        .unwrap()
        .unwrap();
    store
        .refund_donation(
            &id,
            soutenir::domain::money::Cents::new(1_000),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    app.drain_jobs().await;
    let new = store
        .valid_receipt_covering(gift.id)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(new.number, old.number);

    // The cancelled receipt's page says which receipt replaces it, and links to it.
    let page = soutenir::receipts::verify_url("", &app.state.secret, &old.number);
    let (status, html) = app.get_text(&page).await;
    assert_eq!(status, 200);
    let text = visible_text(&html);
    assert!(
        text.contains(&format!(
            "Il est remplacé par le reçu n°\u{202F}{}",
            new.number
        )),
        "{text}"
    );
    let link = soutenir::receipts::verify_url("", &app.state.secret, &new.number);
    assert!(html.contains(&link.replace('&', "&amp;")), "{html}");
    let (_, replacement) = app.get_text(&link).await;
    assert!(visible_text(&replacement).contains("Ce reçu est authentique et valable."));

    // Its PDF too.
    let space = space_link(&app, gift.donor_id);
    let pdf = app
        .get(&format!("{space}/receipts/{}.pdf", old.number))
        .await
        .bytes()
        .await
        .unwrap();
    if let Some(text) = pdf_text(&pdf) {
        let text = folded(&text);
        assert!(text.contains("ANNULÉ"), "{text}");
        assert!(
            text.contains(&format!("Remplacé par le reçu n° {}.", new.number)),
            "{text}"
        );
    }

    // The donor space shows the gift refunded in part, and the replacement.
    let (_, html) = app.get_text(&space).await;
    let text = visible_text(&html);
    assert!(
        text.contains("Reçu, remboursé en partie (10,00\u{202F}€)"),
        "{text}"
    );
    assert!(
        text.contains(&format!("Annulé, remplacé par le n°\u{202F}{}", new.number)),
        "{text}"
    );
}

#[tokio::test]
async fn admins_set_the_day_the_yearly_summaries_go_out() {
    use common::staff::{Browser, invite, set_password, token_of};
    use soutenir::app::SUMMARIES_ON_SETTING;
    let app = spawn_app().await;
    let admin = Browser::new(&app);
    let link = invite(&app, Some("admin@example.org"), "admin").await;
    set_password(&admin, &link, "").await;
    let url = format!("{}/admin/organisation", app.address);
    let (_, page) = admin.get_text("/admin/organisation").await;
    assert!(
        page.contains(r#"name="summaries_on" value="15/01""#),
        "15 January by default"
    );

    // A day that is not in every year: refused beside the field, nothing saved.
    let csrf = token_of(&admin, "/admin/organisation").await;
    let refused = admin
        .client
        .post(&url)
        .multipart(common::organisation_form(
            &csrf,
            &[("summaries_on", "29/02")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains(r#"value="29/02""#), "what was typed is kept");
    assert!(
        visible_text(&html).contains("Indiquez un jour et un mois, par exemple 15/01"),
        "{html}"
    );
    assert_eq!(
        app.store().setting(SUMMARIES_ON_SETTING).await.unwrap(),
        None
    );

    let csrf = token_of(&admin, "/admin/organisation").await;
    let saved = admin
        .client
        .post(&url)
        .multipart(common::organisation_form(&csrf, &[("summaries_on", "1/3")]))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 303);
    assert_eq!(
        app.store()
            .setting(SUMMARIES_ON_SETTING)
            .await
            .unwrap()
            .as_deref(),
        Some("03-01")
    );
    let (_, page) = admin.get_text("/admin/organisation").await;
    assert!(
        page.contains(r#"name="summaries_on" value="01/03""#),
        "{page}"
    );
}

#[tokio::test]
async fn a_gift_below_the_minimum_is_promised_no_receipt_and_gets_one_only_when_staff_ask() {
    use common::staff::{location, post, signed_in, token_of};
    let app = spawn_app().await;
    let store = app.store();
    let mut org = store.organisation().await.unwrap().unwrap();
    org.receipt_min = soutenir::domain::money::Cents::from_euros(50);
    store
        .save_organisation(&org, OffsetDateTime::now_utc())
        .await
        .unwrap();
    let id = app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let mails: Vec<_> = app.outbox_emails();
    assert_eq!(mails.len(), 1);
    let thanks = &mails[0];
    assert!(
        thanks
            .text
            .contains("Les dons de moins de 50,00\u{202F}€ ne donnent pas lieu à un reçu fiscal."),
        "{}",
        thanks.text
    );
    assert!(!thanks.text.contains("vous sera envoyé"), "{}", thanks.text);
    assert!(!thanks.text.contains("vous coûte"), "{}", thanks.text);
    assert!(thanks.attachments.is_empty());
    // The thank-you page promises no reduction either.
    let (_, page) = app.get_text(&format!("/donations/{id}/thanks")).await;
    let page = visible_text(&page);
    assert!(
        page.contains("Les dons de moins de 50,00\u{202F}€ ne donnent pas lieu à un reçu fiscal"),
        "{page}"
    );
    assert!(!page.contains("vous coûte"), "{page}");

    // The minimum is lowered and the backlog runs: still no receipt for it.
    org.receipt_min = soutenir::domain::money::Cents::ZERO;
    store
        .save_organisation(&org, OffsetDateTime::now_utc())
        .await
        .unwrap();
    store
        .enqueue_job(
            &soutenir::jobs::receipts_backlog_job(),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    app.drain_jobs().await;
    let gift = store.donation(&id).await.unwrap().unwrap();
    assert!(
        store
            .valid_receipt_covering(gift.id)
            .await
            .unwrap()
            .is_none()
    );

    // Finance staff ask for it: issued and sent.
    let b = signed_in(&app, "tresorerie@example.org", "finance").await;
    let page = format!("/admin/donations/{id}");
    let (_, html) = b.get_text(&page).await;
    assert!(
        visible_text(&html).contains("Émettre son reçu fiscal"),
        "{html}"
    );
    let csrf = token_of(&b, &page).await;
    let response = post(&b, &format!("{page}/receipt"), &[("csrf_token", &csrf)]).await;
    assert_eq!(location(&response), format!("{page}?recu=emis"));
    app.drain_jobs().await;
    let receipt = store
        .valid_receipt_covering(gift.id)
        .await
        .unwrap()
        .expect("issued");
    assert_eq!(receipt.amount_cents, 3_050);
    assert!(
        app.outbox_emails()
            .iter()
            .any(|m| m.subject == format!("Votre reçu fiscal n° {}", receipt.number)),
        "the receipt is emailed"
    );
}

/// Posts the organisation form as `admin` (with `signature` if given); the
/// status and the page's visible text.
async fn post_settings(
    app: &TestApp,
    admin: &common::staff::Browser<'_>,
    changes: &[(&str, &str)],
    signature: Option<Vec<u8>>,
) -> (u16, String) {
    let csrf = common::staff::token_of(admin, "/admin/organisation").await;
    let mut form = common::organisation_form(&csrf, changes);
    if let Some(png) = signature {
        form = form.part(
            "signature",
            reqwest::multipart::Part::bytes(png).file_name("signature.png"),
        );
    }
    let response = admin
        .client
        .post(format!("{}/admin/organisation", app.address))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, visible_text(&response.text().await.unwrap()))
}

#[tokio::test]
async fn the_organisation_chooses_a_category_of_the_model_and_contradictions_are_refused() {
    use common::staff::{Browser, invite, set_password};
    let app = spawn_app().await;
    let admin = Browser::new(&app);
    let link = invite(&app, Some("admin@example.org"), "admin").await;
    set_password(&admin, &link, "").await;
    let (_, page) = admin.get_text("/admin/organisation").await;
    let page = visible_text(&page);
    for category in [
        "Œuvre ou organisme d'intérêt général ayant un caractère philanthropique",
        "Association loi 1901",
        "Association ou fondation reconnue d'utilité publique par décret en date du … publié au Journal officiel du …",
        "Organisme sans but lucratif fournissant gratuitement une aide alimentaire ou des soins médicaux",
        "Fonds de dotation",
        "Fondation d'entreprise",
        "Autres (précisez)",
    ] {
        assert!(page.contains(category), "« {category} » in {page}");
    }

    // Each contradiction refused beside its field; nothing saved.
    let refused: [(&[(&str, &str)], &str); 4] = [
        (
            &[("reduction_rate_percent", "75")],
            "Le taux de 75 % est réservé aux organismes qui aident gratuitement",
        ),
        (
            &[
                ("category", "autre"),
                ("category_detail", "Aide aux victimes"),
                ("reduction_rate_percent", "75"),
            ],
            "Le taux de 75 % est réservé",
        ),
        (
            &[("category", "autre")],
            "Précisez la catégorie de l'organisme",
        ),
        (
            &[
                ("category", "utilite_publique"),
                ("public_utility_decree_date", "2001-02-03"),
            ],
            "Indiquez la date du Journal officiel qui a publié le décret.",
        ),
    ];
    for (changes, message) in refused {
        let (status, text) = post_settings(&app, &admin, changes, None).await;
        assert_eq!(status, 422, "{changes:?}");
        assert!(folded(&text).contains(message), "{changes:?}: {text}");
    }
    let org = app.store().organisation().await.unwrap().unwrap();
    assert_eq!(org.issuer.legal_name, "Association Exemple");
    assert_eq!(org.issuer.reduction_rate_percent, 66);

    // A body recognised of public utility: both dates on the receipt, in the
    // sentence of the model; the Coluche category may take 75 %.
    let (status, _) = post_settings(
        &app,
        &admin,
        &[
            ("category", "utilite_publique"),
            ("public_utility_decree_date", "2001-02-03"),
            ("journal_officiel_date", "2001-02-10"),
        ],
        Some(common::signature_png()),
    )
    .await;
    assert_eq!(status, 303);
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let (_, pdf) = receipt_mail(&app, "camille@example.org");
    if let Some(text) = pdf_text(&pdf) {
        let text = folded(&text);
        assert!(
            text.contains("☒ Association ou fondation reconnue d'utilité publique par décret en date du 03/02/2001 publié au Journal officiel du 10/02/2001"),
            "{text}"
        );
        assert!(!text.contains("Association loi 1901"), "{text}");
    }
    let (status, _) = post_settings(
        &app,
        &admin,
        &[
            ("category", "aide_personnes"),
            ("reduction_rate_percent", "75"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 303);
    let org = app.store().organisation().await.unwrap().unwrap();
    assert_eq!(org.issuer.reduction_rate_percent, 75);
    assert!(org.signature_png.is_some(), "the signature is kept");
}

#[tokio::test]
async fn a_fresh_install_issues_specimens_until_an_admin_saves_real_details_and_a_signature() {
    use common::staff::{Browser, invite, set_password};
    let app = common::spawn_fresh_install(common::TestDb::new().await, |_| {}).await;
    let year = in_paris(OffsetDateTime::now_utc()).year();
    assert!(
        app.startup_notes
            .iter()
            .any(|n| n.contains("les reçus fiscaux sont des spécimens")),
        "{:?}",
        app.startup_notes
    );

    // The sample organisation: a specimen, numbered apart, and said to be one.
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let (mail, pdf) = receipt_mail(&app, "camille@example.org");
    let specimen = format!("SPECIMEN-{year}-000001");
    assert!(
        mail.text
            .contains(&format!("reçu fiscal n° {specimen} est joint")),
        "{}",
        mail.text
    );
    assert!(
        folded(&mail.text).contains("C'est un spécimen, sans valeur fiscale"),
        "{}",
        mail.text
    );
    if let Some(text) = pdf_text(&pdf) {
        let text = folded(&text);
        assert!(
            text.contains("SPECIMEN — document d'exemple sans valeur fiscale"),
            "{text}"
        );
        assert!(
            text.contains(&format!("Numéro d'ordre du reçu : {specimen}")),
            "{text}"
        );
        let start = text
            .find("/receipts/verify/")
            .expect("the verification path");
        let path = text[start..].split_whitespace().next().unwrap().to_owned();
        let (status, html) = app.get_text(&path).await;
        assert_eq!(status, 200);
        let page = folded(&visible_text(&html));
        assert!(
            page.contains("Ce document est un spécimen, pas un reçu fiscal"),
            "{page}"
        );
        assert!(!page.contains("authentique et valable"), "{page}");
    }

    // Staff are told; the register, the 222 bis figures and the gap report
    // never see it.
    let admin = Browser::new(&app);
    let link = invite(&app, Some("admin@example.org"), "admin").await;
    set_password(&admin, &link, "").await;
    let (_, home) = admin.get_text("/admin").await;
    assert!(
        visible_text(&home).contains("Reçus fiscaux en mode spécimen"),
        "{home}"
    );
    let (_, register) = admin
        .get_text(&format!("/admin/receipts?year={year}"))
        .await;
    assert!(!register.contains("SPECIMEN"), "{register}");
    let store = app.store();
    assert_eq!(store.receipt_figures(year).await.unwrap().count(), 0);
    assert_eq!(store.receipt_numbers(year).await.unwrap(), (Vec::new(), 0));
    assert_eq!(store.receipt_years().await.unwrap(), Vec::<i32>::new());

    // Real details saved without a signature: the sample's scribble goes with
    // the sample, and receipts wait for the signatory's.
    let (status, _) = post_settings(&app, &admin, &[], None).await;
    assert_eq!(status, 303);
    let org = store.organisation().await.unwrap().unwrap();
    assert!(org.details_saved && org.signature_png.is_none());
    let (_, home) = admin.get_text("/admin").await;
    let home = visible_text(&home);
    assert!(!home.contains("mode spécimen"), "{home}");
    assert!(home.contains("il manque la signature"), "{home}");
    app.give_demo(
        "dorlotons",
        &gift_with(&[("email", "dominique@example.org")]),
        "succeeded",
    )
    .await;
    app.drain_jobs().await;
    let mails: Vec<_> = app
        .outbox_emails()
        .into_iter()
        .filter(|m| m.to == "dominique@example.org")
        .collect();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].attachments.is_empty(), "no signature, no receipt");
    assert!(
        mails[0].text.contains("vous sera envoyé par courriel"),
        "{}",
        mails[0].text
    );

    // The signature uploaded: the waiting gift gets the first real number.
    let (status, _) = post_settings(&app, &admin, &[], Some(common::signature_png())).await;
    assert_eq!(status, 303);
    app.drain_jobs().await;
    let first = format!("{year}-000001");
    let follow_up = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.to == "dominique@example.org" && !m.attachments.is_empty())
        .expect("the receipt follows");
    assert_eq!(follow_up.subject, format!("Votre reçu fiscal n° {first}"));
    if let Some(text) = pdf_text(&follow_up.attachments[0].1) {
        let text = folded(&text);
        assert!(!text.contains("SPECIMEN"), "{text}");
        assert!(text.contains("Les Amis du Libre"), "{text}");
    }
    let (_, home) = admin.get_text("/admin").await;
    assert!(!visible_text(&home).contains("receipts-banner"));
    assert!(!home.contains("id=\"receipts-banner\""), "{home}");
    assert_eq!(store.receipt_figures(year).await.unwrap().count(), 1);
    assert_eq!(store.receipt_numbers(year).await.unwrap(), (vec![1], 1));
}
