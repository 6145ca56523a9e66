//! A company that gives: its form fields, its 60 % sentence, its receipt on the
//! companies' model (Cerfa 16216*03), and its kind shown to staff, in exports,
//! in the register and in the 222 bis figures.

use crate::common;

use common::staff::{Browser, post, signed_in};
use common::{TestApp, pdf_text, spawn_app, visible_text};
use soutenir::domain::dates::in_paris;
use time::OffsetDateTime;

/// The public form, given in a company's name.
pub const COMPANY_GIFT: &[(&str, &str)] = &[
    ("amount", "other"),
    ("amount_other", "1000"),
    ("frequency", "once"),
    ("donor_kind", "company"),
    ("company_name", "Exemple Logiciels SAS"),
    ("company_legal_form", "SAS"),
    ("company_siren", "732 829 320"),
    ("email", "compta@exemple-logiciels.fr"),
    ("first_name", "Alix"),
    ("last_name", "Bernard"),
    ("address", "4 quai de Saône"),
    ("postal_code", "69009"),
    ("city", "Lyon"),
    ("country", "FR"),
    ("wants_receipt", "on"),
];

fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The PDF attached to the one mail sent to `to` with an attachment.
fn attached_pdf(app: &TestApp, to: &str) -> (common::ReceivedEmail, Vec<u8>) {
    let mail = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.to == to && !m.attachments.is_empty())
        .expect("a mail with the receipt");
    let pdf = mail.attachments[0].1.clone();
    (mail, pdf)
}

async fn csv_rows(b: &Browser<'_>, path: &str) -> Vec<std::collections::HashMap<String, String>> {
    let response = b
        .client
        .get(format!("{}{path}", b.app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let bytes = response.bytes().await.unwrap();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn a_wrong_siren_is_refused_beside_its_field_in_french_and_nothing_is_recorded() {
    let app = spawn_app().await;
    for (siren, message) in [
        ("732829321", "Ce numéro SIREN n'existe pas"),
        ("7328", "Un numéro SIREN a exactement 9 chiffres"),
    ] {
        let fields = common::with_changes(COMPANY_GIFT, &[("company_siren", siren)]);
        let response = app.post_donation("dorlotons", &fields).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        // Beside the field, tied to it for screen readers; what was typed kept.
        let error = html
            .split("id=\"err-company_siren\"")
            .nth(1)
            .expect("the message beside the field");
        let error = error[..300].replace("&#39;", "'");
        assert!(error.contains(message), "{error}");
        assert!(html.contains("aria-describedby=\"err-company_siren\""));
        assert!(html.contains("value=\"Exemple Logiciels SAS\""));
    }
    assert_eq!(
        common::raw_count(&app.db, "SELECT COUNT(*) FROM donations").await,
        0
    );
}

#[tokio::test]
async fn a_company_s_gift_gets_the_companies_receipt_and_its_60_percent_everywhere() {
    let app = spawn_app().await;
    let id = app.give_demo("dorlotons", COMPANY_GIFT, "succeeded").await;
    app.drain_jobs().await;

    // The thank-you page: the company, 60 % with its ceiling, never 66 %.
    let (status, html) = app.get_text(&format!("/donations/{id}/thanks")).await;
    assert_eq!(status, 200);
    let page = folded(&visible_text(&html));
    assert!(
        page.contains("au nom de Exemple Logiciels SAS (SAS, SIREN 732 829 320)"),
        "{page}"
    );
    assert!(
        page.contains("Après réduction d'impôt de 60 %, ce don coûte 400 € à votre entreprise"),
        "{page}"
    );
    assert!(
        page.contains("20 000 € ou de 5 ‰ du chiffre d'affaires"),
        "{page}"
    );
    assert!(!page.contains("66 %"), "{page}");

    // The email says the same, and carries the companies' receipt.
    let (mail, pdf) = attached_pdf(&app, "compta@exemple-logiciels.fr");
    let text = folded(&mail.text);
    assert!(
        text.contains("Don d'entreprise, au nom de Exemple Logiciels SAS"),
        "{text}"
    );
    assert!(
        text.contains("60 %, ce don coûte 400 € à votre entreprise"),
        "{text}"
    );
    assert!(
        !text.contains("66 %") && !text.contains("vous coûte"),
        "{text}"
    );
    if let Some(receipt) = pdf_text(&pdf) {
        let receipt = folded(&receipt);
        let year = in_paris(OffsetDateTime::now_utc()).year();
        for mention in [
            "Reçu des dons et versements effectués par les entreprises au titre de l'article 238 bis du code général des impôts",
            "2041-MEC-SD",
            "N° 16216*03",
            &format!("Numéro d'ordre du reçu : {year}-000001"),
            "Organisme bénéficiaire des dons et versements",
            "Entreprise donatrice",
            "Dénomination : Exemple Logiciels SAS",
            "Forme juridique : SAS",
            "Numéro SIREN : 732829320",
            "Adresse : 4 quai de Saône, 69009 Lyon, France",
            "***1 000,00 €***",
            "Somme en toutes lettres : mille euros",
            "Date ou période au cours de laquelle les dons et versements ont été effectués",
            "article 238 bis du code général des impôts",
            "Forme des versements : ☐ Remise d'espèces ☐ Chèque ☒ Virement, prélèvement ou carte bancaire ☐ Autre",
            "Dons en nature : néant",
            "Camille Exemple",
            "L'article 1740 A du code général des impôts",
        ] {
            assert!(
                receipt.contains(mention),
                "missing « {mention} » in:\n{receipt}"
            );
        }
        // Never the individuals' model.
        for absent in ["11580", "2041-RD", "200 du CGI", "Donateur Nom", "Prénoms"] {
            assert!(!receipt.contains(absent), "« {absent} » in:\n{receipt}");
        }
    }

    // The donor space lists the gift under the company's name.
    let store = app.store();
    let donor = store
        .donor_id_by_email("compta@exemple-logiciels.fr")
        .await
        .unwrap()
        .unwrap();
    let expires = OffsetDateTime::now_utc().unix_timestamp() + 3600;
    let token = soutenir::links::donor_token(&app.state.secret, donor, expires);
    let (status, space) = app.get_text(&format!("/me/{token}")).await;
    assert_eq!(status, 200);
    assert!(
        visible_text(&space)
            .contains("Entreprise Exemple Logiciels SAS (SAS, SIREN 732 829 320) — Alix Bernard"),
        "{space}"
    );

    // Staff see the kind: the gift's page, the CSV, the register, the 222 bis.
    let b = signed_in(&app, "finance@example.org", "finance").await;
    let (_, gift_page) = b.get_text(&format!("/admin/donations/{id}")).await;
    assert!(
        visible_text(&gift_page)
            .contains("Entreprise Exemple Logiciels SAS (SAS, SIREN 732 829 320) — Alix Bernard"),
        "{gift_page}"
    );
    let year = in_paris(OffsetDateTime::now_utc()).year();
    let gifts = csv_rows(&b, "/admin/exports/donations.csv").await;
    assert_eq!(gifts.len(), 1);
    assert_eq!(gifts[0]["donor_kind"], "company");
    assert_eq!(gifts[0]["company_name"], "Exemple Logiciels SAS");
    assert_eq!(gifts[0]["company_siren"], "732829320");
    let receipts = csv_rows(&b, &format!("/admin/exports/receipts.csv?year={year}")).await;
    assert_eq!(receipts[0]["model"], "16216*03");
    assert_eq!(receipts[0]["donor_kind"], "company");
    let (_, register) = b.get_text(&format!("/admin/receipts?year={year}")).await;
    assert!(
        visible_text(&register).contains("Entreprise Exemple Logiciels SAS"),
        "{register}"
    );

    // A person's gift beside it: the figures split by model.
    app.give_demo("dorlotons", common::GIFT, "succeeded").await;
    app.drain_jobs().await;
    let (_, declaration) = b
        .get_text(&format!("/admin/receipts/declaration?year={year}"))
        .await;
    let text = folded(&visible_text(&declaration));
    assert!(
        text.contains("Particuliers Cerfa n° 11580*05 (articles 200 et 978) 1 30,50 €"),
        "{text}"
    );
    assert!(
        text.contains("Entreprises Cerfa n° 16216*03 (article 238 bis) 1 1 000,00 €"),
        "{text}"
    );
    let figures = csv_rows(
        &b,
        &format!("/admin/receipts/declaration?year={year}&format=csv"),
    )
    .await;
    assert_eq!(figures[0]["receipts"], "2");
    assert_eq!(figures[0]["companies_receipts"], "1");
    assert_eq!(figures[0]["companies_amount_cents"], "100000");
    assert_eq!(figures[0]["individuals_amount_cents"], "3050");
}

#[tokio::test]
async fn staff_record_a_company_s_cheque_and_it_gets_the_companies_receipt() {
    let app = spawn_app().await;
    let b = signed_in(&app, "finance@example.org", "finance").await;
    let (status, html) = b.get_text("/admin/donations/new").await;
    assert_eq!(status, 200);
    assert!(visible_text(&html).contains("Une entreprise (reçu Cerfa 16216*03"));
    let csrf = common::hidden_field(&html, "csrf_token");
    let key = common::hidden_field(&html, "idempotency_key");
    let mut fields = vec![
        ("csrf_token", csrf.as_str()),
        ("idempotency_key", key.as_str()),
        ("campaign", "dorlotons"),
        ("amount", "2500"),
        ("method", "cheque"),
        ("cheque_number", "0042"),
        ("received_on", ""),
        ("donor_kind", "company"),
        ("company_name", "Boulangerie Dupont"),
        ("company_legal_form", "SARL"),
        ("company_siren", "732829321"),
        ("email", "contact@dupont.example"),
        ("address", "1 rue du Four"),
        ("postal_code", "69001"),
        ("city", "Lyon"),
        ("wants_receipt", "on"),
    ];
    let today = in_paris(OffsetDateTime::now_utc()).date().to_string();
    fields.retain(|(k, _)| *k != "received_on");
    fields.push(("received_on", &today));
    // A SIREN that does not check: refused beside the field.
    let response = post(&b, "/admin/donations/new", &fields).await;
    assert_eq!(response.status(), 422);
    let page = visible_text(&response.text().await.unwrap());
    assert!(page.contains("Ce numéro SIREN n'existe pas"), "{page}");
    for field in fields.iter_mut() {
        if field.0 == "company_siren" {
            field.1 = "732829320";
        }
    }
    let response = post(&b, "/admin/donations/new", &fields).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    app.drain_jobs().await;
    let (_, pdf) = attached_pdf(&app, "contact@dupont.example");
    if let Some(text) = pdf_text(&pdf) {
        let text = folded(&text);
        assert!(text.contains("N° 16216*03"), "{text}");
        assert!(text.contains("Dénomination : Boulangerie Dupont"), "{text}");
        assert!(text.contains("Forme juridique : SARL"), "{text}");
        assert!(text.contains("☐ Remise d'espèces ☒ Chèque"), "{text}");
        assert!(!text.contains("11580"), "{text}");
    }
}

#[tokio::test]
async fn a_company_s_monthly_gifts_get_one_yearly_receipt_on_the_companies_model() {
    use time::macros::datetime;
    let app = spawn_app().await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    let company = soutenir::domain::donation::Company {
        name: "Exemple Logiciels SAS".into(),
        legal_form: "SAS".into(),
        siren: "732829320".into(),
    };
    let email = "compta@exemple-logiciels.fr";
    let gift = soutenir::store::NewDonation {
        lang: "fr".to_owned(),
        donor: soutenir::store::DonorDetails {
            address: "4 quai de Saône".into(),
            postal_code: "69009".into(),
            city: "Lyon".into(),
            ..common::donor(email)
        },
        company: Some(company.clone()),
        ..common::new_donation(
            campaign,
            email,
            5000,
            soutenir::store::Frequency::Monthly,
            "demo",
        )
    };
    let dates = [
        datetime!(2025-01-10 10:00 UTC),
        datetime!(2025-02-10 10:00 UTC),
        datetime!(2025-03-10 10:00 UTC),
    ];
    common::monthly_payments(&*store, &gift, &dates).await;
    // The same address gives in its own name too: a person's summary apart.
    let own = soutenir::store::NewDonation {
        lang: "fr".to_owned(),
        company: None,
        ..gift.clone()
    };
    common::monthly_payments(&*store, &own, &[datetime!(2025-04-10 10:00 UTC)]).await;
    let run = soutenir::receipts::issue_annual(&*store, 2025, OffsetDateTime::now_utc(), |_, _| {})
        .await
        .unwrap();
    assert_eq!(run.issued.len(), 2, "{run:?}");
    let summary = run
        .issued
        .iter()
        .find(|r| r.cerfa_revision == "16216*03")
        .expect("the company's summary");
    assert_eq!(summary.amount_cents, 15_000);
    assert_eq!(summary.company(), Some(company));
    let person = run
        .issued
        .iter()
        .find(|r| r.cerfa_revision == "11580*05")
        .expect("the person's summary");
    assert_eq!(person.amount_cents, 5_000);
    let pdf = soutenir::receipts::render(&*store, &app.state.secret, "http://x", summary)
        .await
        .unwrap();
    if let Some(text) = pdf_text(&pdf) {
        let text = folded(&text);
        assert!(text.contains("N° 16216*03"), "{text}");
        assert!(
            text.contains("Date ou période au cours de laquelle les dons et versements ont été effectués : du 01/01/2025 au 31/12/2025"),
            "{text}"
        );
        assert!(
            text.contains("Dénomination : Exemple Logiciels SAS"),
            "{text}"
        );
    }
    // Run again: nothing new.
    let again =
        soutenir::receipts::issue_annual(&*store, 2025, OffsetDateTime::now_utc(), |_, _| {})
            .await
            .unwrap();
    assert!(
        again.issued.is_empty() && again.replaced.is_empty(),
        "{again:?}"
    );
}
