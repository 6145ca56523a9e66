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
        folded(&visible_text(&embed)).contains("S'y ajouteront 30,50 € promis par virement."),
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
    let response = app
        .post_donation(
            "dorlotons",
            &gift_with(&[
                ("payment", "transfer"),
                ("email", email),
                ("amount_other", amount),
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
