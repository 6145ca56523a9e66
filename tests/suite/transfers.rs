//! Gifts by bank transfer: a third way to give on the form, where the
//! organisation gave its account; the donor gets the account and a personal
//! reference, on the page and by email; the gift waits as pledged — on
//! SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.

use crate::common;

use common::{gift_with, spawn_app, visible_text};
use soutenir::domain::transfer::Reference;

fn folded(text: &str) -> String {
    text.replace(['\u{202f}', '\u{a0}'], " ")
}

#[tokio::test]
async fn a_donor_pledges_a_transfer_and_gets_the_account_and_a_reference_to_write() {
    let app = spawn_app().await;
    let store = app.store();

    // No account given: no choice on the form, and a forged one is refused.
    let (_, page) = app.get_text("/campaigns/dorlotons").await;
    assert!(!page.contains("name=\"payment\""), "{page}");
    let response = app
        .post_donation("dorlotons", &gift_with(&[("payment", "transfer")]))
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"err-payment\""), "{html}");

    store
        .set_setting("bank_iban", "FR7630006000011234567890189")
        .await
        .unwrap();
    store.set_setting("bank_bic", "AGRIFRPP").await.unwrap();
    // As saving the organisation page does (this test writes the setting).
    app.state.refresh_site().await.unwrap();
    let (_, page) = app.get_text("/campaigns/dorlotons").await;
    assert!(
        page.contains("name=\"payment\" value=\"transfer\""),
        "{page}"
    );

    // A monthly gift cannot be a transfer: said beside the field.
    let response = app
        .post_donation(
            "dorlotons",
            &gift_with(&[("payment", "transfer"), ("frequency", "monthly")]),
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"err-payment\""), "{html}");
    assert!(visible_text(&html).contains("Un don mensuel se règle par carte ou par prélèvement"));

    let before = app.progress_json("dorlotons").await["raised_cents"].clone();
    let (csrf, key) = app.form_tokens("dorlotons").await;
    let fields = gift_with(&[("payment", "transfer")]);
    let response = app
        .post_donation_with("dorlotons", &fields, &csrf, &key)
        .await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.ends_with("/virement"), "{location}");
    let id = location.split('/').nth(2).unwrap().to_owned();

    let (status, page) = app.get_text(&location).await;
    assert_eq!(status, 200);
    let text = folded(&visible_text(&page));
    assert!(text.contains("FR76 3000 6000 0112 3456 7890 189"), "{text}");
    assert!(text.contains("AGRIFRPP"));
    assert!(text.contains("30,50 €"), "{text}");
    let marker = "id=\"reference\">";
    let at = page.find(marker).expect("the reference") + marker.len();
    let shown: String = page[at..].chars().take_while(|c| *c != '<').collect();
    let reference = Reference::parse(&shown).expect("a reference with a right check");
    assert_eq!(reference.to_string(), shown);

    // Pledged: not on the bar, not paid, but said beside it.
    let progress = app.progress_json("dorlotons").await;
    assert_eq!(progress["raised_cents"], before);
    assert_eq!(progress["pledged_cents"], 3_050);
    let (_, page) = app.get_text("/campaigns/dorlotons").await;
    assert!(
        folded(&visible_text(&page))
            .contains("S'y ajouteront 30,50 € promis par virement, comptés à leur arrivée"),
        "{page}"
    );
    let (_, embed) = app.get_text("/embed/dorlotons").await;
    assert!(
        folded(&visible_text(&embed))
            .contains("S'y ajouteront 30,50 € promis par virement, comptés à leur arrivée"),
        "{embed}"
    );
    let gift = store.donation(&id).await.unwrap().unwrap();
    assert_eq!(gift.status.as_str(), "pending");
    assert_eq!(gift.provider.as_str(), "offline");
    assert_eq!(gift.method.as_deref(), Some("transfer"));
    assert_eq!(
        store.transfer_reference(gift.id).await.unwrap().as_deref(),
        Some(reference.code())
    );

    // The same form sent again is the same pledge, with the same reference.
    let again = app
        .post_donation_with("dorlotons", &fields, &csrf, &key)
        .await;
    assert_eq!(again.headers()["location"].to_str().unwrap(), location);
    assert_eq!(
        store.transfer_reference(gift.id).await.unwrap().as_deref(),
        Some(reference.code())
    );

    // By email too, once.
    app.drain_jobs().await;
    let mails: Vec<_> = app
        .outbox_emails()
        .into_iter()
        .filter(|m| m.subject.contains(&shown))
        .collect();
    assert_eq!(mails.len(), 1, "one email with the reference");
    let mail = folded(&mails[0].text);
    assert!(
        mail.contains("IBAN : FR76 3000 6000 0112 3456 7890 189"),
        "{mail}"
    );
    assert!(mail.contains(&format!("Référence à indiquer dans le libellé : {shown}")));

    // A bank's statement line holding it, however spaced, finds it again.
    let line = format!(
        "VIR SEPA M MARTIN {}",
        shown.replace('-', " ").to_lowercase()
    );
    assert_eq!(Reference::find(&line), Some(reference));
}

/// Pledges a transfer of `amount` euros as `email`; returns the gift's id and
/// its reference.
async fn pledge(app: &common::TestApp, email: &str, amount: &str) -> (String, Reference) {
    pledge_as(app, email, amount, "Camille", "Martin").await
}

/// [`pledge`], in the name of `first` `last`.
async fn pledge_as(
    app: &common::TestApp,
    email: &str,
    amount: &str,
    first: &str,
    last: &str,
) -> (String, Reference) {
    let response = app
        .post_donation(
            "dorlotons",
            &gift_with(&[
                ("payment", "transfer"),
                ("email", email),
                ("amount_other", amount),
                ("first_name", first),
                ("last_name", last),
            ]),
        )
        .await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let id = location.split('/').nth(2).unwrap().to_owned();
    let gift = app.store().donation(&id).await.unwrap().unwrap();
    let code = app
        .store()
        .transfer_reference(gift.id)
        .await
        .unwrap()
        .unwrap();
    (id, Reference::parse(&code).unwrap())
}

#[tokio::test]
async fn a_bank_statement_confirms_the_pledges_it_pays_once_and_lists_the_rest() {
    let app = spawn_app().await;
    let store = app.store();
    store
        .set_setting("bank_iban", "FR7630006000011234567890189")
        .await
        .unwrap();
    app.state.refresh_site().await.unwrap();
    let (first, first_ref) = pledge(&app, "dupont@example.org", "50").await;
    let (second, second_ref) = pledge(&app, "lefevre@example.org", "20").await;
    // Paid short (its line says 45 €): the line stays to handle.
    let (short, short_ref) = pledge(&app, "martin@example.org", "50").await;
    app.drain_jobs().await;
    let before = app.progress_json("dorlotons").await["raised_cents"]
        .as_i64()
        .unwrap();
    assert_eq!(
        app.progress_json("dorlotons").await["pledged_cents"],
        12_000
    );
    // The sample statement, with these gifts' references where its donors wrote them.
    let statement = include_str!("../fixtures/camt053-sample.xml")
        .replace("DON 7KQ4 PE", &first_ref.to_string().replace('-', " "))
        .replace("DONHX9MCR", &format!("DON{}", second_ref.code()))
        .replace("ADHESION ET DON", &format!("ADHESION ET {short_ref}"));

    let admin = common::staff::signed_in(&app, "tresorerie@example.org", "finance").await;
    let import = |bytes: Vec<u8>| {
        let admin = &admin;
        async move {
            let csrf = common::staff::token_of(admin, "/admin/bank").await;
            let form = reqwest::multipart::Form::new()
                .text("csrf_token", csrf)
                .part(
                    "statement",
                    reqwest::multipart::Part::bytes(bytes).file_name("releve.xml"),
                );
            let response = admin
                .client
                .post(format!("{}/admin/bank/import", admin.app.address))
                .multipart(form)
                .send()
                .await
                .unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let (status, html) = import(statement.clone().into_bytes()).await;
    assert_eq!(status, 200, "{html}");
    let text = folded(&visible_text(&html));
    assert!(
        text.contains("Relevé RELEVE-2026-11-30 : 7 lignes nouvelles (0 déjà importée), 2 dons reçus par virement confirmés."),
        "{text}"
    );
    for id in [&first, &second] {
        let gift = store.donation(id).await.unwrap().unwrap();
        assert_eq!(gift.status.as_str(), "succeeded", "{id}");
        assert_eq!(gift.method.as_deref(), Some("transfer"));
    }
    assert_eq!(
        store
            .donation(&short)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str(),
        "pending"
    );
    assert_eq!(
        app.progress_json("dorlotons").await["raised_cents"]
            .as_i64()
            .unwrap(),
        before + 7_000
    );
    // The pledge paid short is still pledged; the two paid are not any more.
    assert_eq!(app.progress_json("dorlotons").await["pledged_cents"], 5_000);
    // What is left to handle: the credits not matched, not the debit.
    let list = &html[html.find("id=\"unmatched\"").expect("the list")..];
    let list = visible_text(&list[..list.find("</table>").unwrap()]);
    for who in [
        "M Alain Martin",
        "REMISE CHEQUES",
        "Jean Petit",
        "Dominique Roux",
    ] {
        assert!(list.contains(who), "{who}: {list}");
    }
    assert!(
        !list.contains("FRAIS") && !list.contains("Camille Dupont"),
        "{list}"
    );

    // The year's closing sees what is left to reconcile: the pledge paid
    // short, and the four credits matched to no gift.
    let this_year = soutenir::domain::dates::in_paris(time::OffsetDateTime::now_utc()).year();
    let pledged_this_year = i64::from(this_year == 2026);
    assert_eq!(
        store.year_openings(2026).await.unwrap().unreconciled,
        4 + pledged_this_year
    );

    // The thank-you and the receipt follow, through the normal path.
    app.drain_jobs().await;
    let thanked = app
        .outbox_emails()
        .into_iter()
        .filter(|m| m.to == "dupont@example.org" && !m.attachments.is_empty())
        .count();
    assert_eq!(thanked, 1, "one thank-you with its receipt");

    // The same statement again: nothing changes.
    let (status, html) = import(statement.into_bytes()).await;
    assert_eq!(status, 200);
    assert!(
        folded(&visible_text(&html))
            .contains("0 ligne nouvelle (7 déjà importées), 0 don reçu par virement confirmé."),
        "{html}"
    );
    assert_eq!(
        app.progress_json("dorlotons").await["raised_cents"]
            .as_i64()
            .unwrap(),
        before + 7_000
    );
    // Not a statement: said beside the field.
    let (status, html) = import(b"<html></html>".to_vec()).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"err-statement\""), "{html}");
    assert!(visible_text(&html).contains("n'est pas un relevé CAMT.053"));
}

/// The rows of the list of credits to handle: each line's id and its text.
fn lines_to_handle(html: &str) -> Vec<(i64, String)> {
    html.split("<tr id=\"line-")
        .skip(1)
        .map(|row| {
            let id = row[..row.find('"').unwrap()].parse().unwrap();
            let cells = &row[row.find('>').unwrap() + 1..row.find("</tr>").unwrap()];
            (id, folded(&visible_text(cells)))
        })
        .collect()
}

/// The staff browser's POST of `fields` (and the page's token) to `path`.
async fn staff_post(
    b: &common::staff::Browser<'_>,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let csrf = common::staff::token_of(b, "/admin/bank").await;
    let mut all = vec![("csrf_token", csrf.as_str())];
    all.extend_from_slice(fields);
    let response = common::staff::post(b, path, &all).await;
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

#[tokio::test]
async fn a_csv_statement_reconciles_by_reference_by_hand_and_by_cheque_deposit_once() {
    let app = spawn_app().await;
    let store = app.store();
    store
        .set_setting("bank_iban", "FR7630006000011234567890189")
        .await
        .unwrap();
    app.state.refresh_site().await.unwrap();
    let (paul, paul_ref) = pledge_as(&app, "paul@example.org", "40", "Paul", "Lefèvre").await;
    let (lea, lea_ref) = pledge_as(&app, "lea@example.org", "25", "Léa", "Roux").await;
    // Pledged 50 €, sent 60 € without the reference.
    let (sophie, sophie_ref) =
        pledge_as(&app, "sophie@example.org", "50", "Sophie", "Durand").await;
    // Never paid: cancelled by hand.
    let (never, _) = pledge_as(&app, "jamais@example.org", "15", "Jean", "Jamais").await;
    app.drain_jobs().await;

    let b = common::staff::signed_in(&app, "tresorerie@example.org", "finance").await;
    // Two cheques recorded, taken to the bank together.
    let today = soutenir::domain::dates::in_paris(time::OffsetDateTime::now_utc()).date();
    let received_on = today.to_string();
    for (amount, number, last) in [
        ("1000", "1111111", "Morel"),
        ("234,56", "2222222", "Garnier"),
    ] {
        let mut fields = common::with_changes(
            &[
                ("campaign", "dorlotons"),
                ("amount", "150"),
                ("method", "cheque"),
                ("cheque_number", "0"),
                ("bank", "Crédit Exemple"),
                ("first_name", "Claude"),
                ("last_name", "Durand"),
                ("email", ""),
                ("address", "3 rue du Port"),
                ("postal_code", "44000"),
                ("city", "Nantes"),
                ("country", "FR"),
            ],
            &[
                ("amount", amount),
                ("cheque_number", number),
                ("last_name", last),
            ],
        );
        fields.push(("received_on", &received_on));
        let response = common::staff::record_offline(&b, &fields).await;
        assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    }
    let year = soutenir::domain::dates::in_paris(time::OffsetDateTime::now_utc()).year();
    let cheques_open = || async { store.year_openings(year).await.unwrap().cheques_open };
    assert_eq!(cheques_open().await, 2, "two cheques to take to the bank");
    let (_, page) = b.get_text("/admin/bank").await;
    let cheques = &page[page
        .find("id=\"to-deposit\"")
        .expect("the cheques to deposit")..];
    let boxes: Vec<String> = cheques
        .split("name=\"c-")
        .skip(1)
        .map(|rest| format!("c-{}", &rest[..rest.find('"').unwrap()]))
        .collect();
    assert_eq!(boxes.len(), 2, "{cheques}");
    // Nothing ticked: said beside the list.
    let (status, _, html) = staff_post(&b, "/admin/bank/deposits", &[]).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"err-deposit\""), "{html}");
    let ticked: Vec<(&str, &str)> = boxes.iter().map(|name| (name.as_str(), "on")).collect();
    let (status, slip_url, _) = staff_post(&b, "/admin/bank/deposits", &ticked).await;
    assert_eq!(status, 303);
    assert_eq!(cheques_open().await, 1, "a slip waiting for its credit");
    let number = format!("BRC-{year}-001");
    let (status, slip) = b.get_text(&slip_url).await;
    assert_eq!(status, 200);
    let slip_text = folded(&visible_text(&slip));
    for said in [
        format!("Bordereau de remise de chèques n° {number}"),
        "FR76 3000 6000 0112 3456 7890 189".to_owned(),
        "Claude Morel".to_owned(),
        "chèque n° 2222222, Crédit Exemple".to_owned(),
        "2 chèques, total 1 234,56 €".to_owned(),
        "En attente du relevé".to_owned(),
    ] {
        assert!(slip_text.contains(&said), "{said}: {slip_text}");
    }
    // Deposited cheques leave the list.
    let (_, page) = b.get_text("/admin/bank").await;
    assert!(!page.contains("id=\"to-deposit\""));

    // The bank's CSV, dated today, with Paul's reference where he wrote it.
    let day = format!(
        "{:02}/{:02}/{}",
        today.day(),
        u8::from(today.month()),
        today.year()
    );
    let (csv, _, _) =
        encoding_rs::WINDOWS_1252.decode(include_bytes!("../fixtures/releve-banque.csv"));
    let csv = regex_free_dates(&csv, &day).replace("DON-7KQ4-PE", &paul_ref.to_string());
    let (csv, _, _) = encoding_rs::WINDOWS_1252.encode(&csv);
    let csv = csv.into_owned();
    let import = |fields: Vec<(&'static str, &'static str)>, bytes: Vec<u8>| {
        let b = &b;
        async move {
            let csrf = common::staff::token_of(b, "/admin/bank").await;
            let mut form = reqwest::multipart::Form::new().text("csrf_token", csrf);
            for (name, value) in fields {
                form = form.text(name, value);
            }
            let form = form.part(
                "statement",
                reqwest::multipart::Part::bytes(bytes).file_name("releve.csv"),
            );
            let response = b
                .client
                .post(format!("{}/admin/bank/import-csv", b.app.address))
                .multipart(form)
                .send()
                .await
                .unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let columns = vec![
        ("bank", "Banque Exemple"),
        ("delimiter", ";"),
        ("date_column", "Date opération"),
        ("date_order", "jma"),
        ("credit_column", "Crédit"),
        ("debit_column", "Débit"),
        ("label_column", "Libellé"),
    ];
    // A column the file does not have: said beside it, nothing imported.
    let mut wrong = columns.clone();
    wrong[4] = ("credit_column", "Montant crédit");
    let (status, html) = import(wrong, csv.clone()).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"err-csv-credit_column\""), "{html}");
    assert!(
        visible_text(&html).contains("Aucune colonne « montant credit »"),
        "{html}"
    );
    assert_eq!(
        store
            .donation(&paul)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str(),
        "pending"
    );

    let (status, html) = import(columns.clone(), csv.clone()).await;
    assert_eq!(status, 200, "{html}");
    let text = folded(&visible_text(&html));
    assert!(
        text.contains(&format!(
            "6 lignes nouvelles (0 déjà importée), 1 don reçu par virement confirmé, remise de chèques pointée : {number}."
        )),
        "{text}"
    );
    assert_eq!(
        store
            .donation(&paul)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str(),
        "succeeded"
    );
    let (_, slip) = b.get_text(&slip_url).await;
    assert!(
        folded(&visible_text(&slip)).contains(&format!(
            "Crédité sur le compte le {}",
            soutenir::domain::dates::french_date(today)
        )),
        "{slip}"
    );

    // Left to handle: Léa's two transfers, Sophie's; each proposed its pledge.
    let lines = lines_to_handle(&html);
    assert_eq!(lines.len(), 3, "{lines:?}");
    let roux: Vec<&(i64, String)> = lines
        .iter()
        .filter(|(_, t)| t.contains("ROUX LEA"))
        .collect();
    assert_eq!(roux.len(), 2);
    assert!(
        roux[0]
            .1
            .contains(&format!("Rapprocher de {lea_ref} Léa Roux, 25,00 €")),
        "{}",
        roux[0].1
    );
    assert!(
        roux[0]
            .1
            .contains("(même montant, même nom, promis le jour même)"),
        "{}",
        roux[0].1
    );
    let durand = lines
        .iter()
        .find(|(_, t)| t.contains("DURAND SOPHIE"))
        .unwrap();
    assert!(
        durand.1.contains(&format!(
            "Rapprocher de {sophie_ref} Sophie Durand, 50,00 €"
        )),
        "{}",
        durand.1
    );
    assert!(
        durand.1.contains("(même nom, promis le jour même)"),
        "{}",
        durand.1
    );

    // Léa's first transfer is her gift.
    let path = format!("/admin/bank/lines/{}/receive", roux[0].0);
    let (status, location, _) = staff_post(&b, &path, &[("reference", &lea_ref.to_string())]).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/admin/bank?done=received")
    );
    assert_eq!(
        store.donation(&lea).await.unwrap().unwrap().status.as_str(),
        "succeeded"
    );
    // Handled already: said, nothing changes.
    let (status, _, html) = staff_post(&b, &path, &[("reference", &lea_ref.to_string())]).await;
    assert_eq!(status, 422);
    assert!(visible_text(&html).contains("Cette ligne a déjà été traitée."));
    // Her second one is not a gift: set aside, but only with why.
    let path = format!("/admin/bank/lines/{}/set-aside", roux[1].0);
    let (status, _, html) = staff_post(&b, &path, &[("note", "  ")]).await;
    assert_eq!(status, 422);
    assert!(
        html.contains(&format!("id=\"err-note-{}\"", roux[1].0)),
        "{html}"
    );
    let (status, _, _) = staff_post(&b, &path, &[("note", "Cotisation 2027 <b>")]).await;
    assert_eq!(status, 303);

    // Sophie's: a reference mistyped is refused beside the field, kept.
    let path = format!("/admin/bank/lines/{}/receive", durand.0);
    let (status, _, html) = staff_post(&b, &path, &[("reference", "DON-7KQ4-P0")]).await;
    assert_eq!(status, 422);
    assert!(
        html.contains(&format!("id=\"err-reference-{}\"", durand.0)),
        "{html}"
    );
    assert!(
        html.contains("value=\"DON-7KQ4-P0\""),
        "what was typed stays"
    );
    // Her reference, however written: confirmed for the 60 € the bank received.
    let typed = sophie_ref.to_string().to_lowercase().replace('-', " ");
    let (status, location, _) = staff_post(&b, &path, &[("reference", &typed)]).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/admin/bank?done=received-amount")
    );
    let gift = store.donation(&sophie).await.unwrap().unwrap();
    assert_eq!(gift.status.as_str(), "succeeded");
    assert_eq!(gift.amount, soutenir::domain::money::Cents::new(6_000));

    // Nothing left to handle; what was set aside says why, escaped.
    let (_, page) = b.get_text("/admin/bank?done=set-aside").await;
    assert!(lines_to_handle(&page).is_empty(), "{page}");
    assert!(
        page.contains("Cotisation 2027 &#60;b&#62; (tresorerie@example.org)"),
        "{page}"
    );
    assert!(!page.contains("Cotisation 2027 <b>"));
    assert!(visible_text(&page).contains("La ligne est écartée, avec sa raison."));
    // Words from the address are never shown.
    let (_, page) = b.get_text("/admin/bank?done=Votre+compte+est+bloqué").await;
    assert!(!page.contains("bloqué"));

    // The pledge never paid: cancelled once confirmed, off the pledged sum.
    let pledged = app.progress_json("dorlotons").await["pledged_cents"]
        .as_i64()
        .unwrap();
    assert_eq!(pledged, 1_500);
    let path = format!("/admin/bank/pledges/{never}/cancel");
    let (status, _, html) = staff_post(&b, &path, &[]).await;
    assert_eq!(status, 422);
    assert!(
        html.contains(&format!("id=\"err-cancel-{never}\"")),
        "{html}"
    );
    let (status, _, _) = staff_post(&b, &path, &[("confirm", "on")]).await;
    assert_eq!(status, 303);
    assert_eq!(
        store
            .donation(&never)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str(),
        "failed"
    );
    assert_eq!(app.progress_json("dorlotons").await["pledged_cents"], 0);

    // The same statement again: nothing changes; the bank's columns were kept.
    let raised = app.progress_json("dorlotons").await["raised_cents"].clone();
    let (status, html) = import(columns, csv).await;
    assert_eq!(status, 200);
    assert!(
        folded(&visible_text(&html))
            .contains("0 ligne nouvelle (6 déjà importées), 0 don reçu par virement confirmé."),
        "{html}"
    );
    assert_eq!(app.progress_json("dorlotons").await["raised_cents"], raised);
    assert!(lines_to_handle(&html).is_empty());
    let (_, page) = b.get_text("/admin/bank").await;
    assert!(
        page.contains("value=\"Date opération\""),
        "the columns are kept"
    );
    assert!(
        page.contains("href=\"/admin/bank?format=Banque%20Exemple#csv-form\""),
        "{page}"
    );

    // The year has nothing left to reconcile.
    assert_eq!(store.year_openings(year).await.unwrap().unreconciled, 0);
    assert_eq!(cheques_open().await, 0);
}

/// The fixture's dates (`dd/mm/2026`) as `day`.
fn regex_free_dates(text: &str, day: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("/11/2026") {
        out.push_str(&rest[..at - 2]);
        out.push_str(day);
        rest = &rest[at + "/11/2026".len()..];
    }
    out.push_str(rest);
    out
}
