//! A donor's identity is theirs: a donor is an email address, and each gift
//! keeps the name and address typed with it. Someone giving with another
//! person's address never sees that person's name, never puts their own on
//! that person's receipt, and the address's owner (who proves it by the
//! emailed link) sees every gift made with it, under which name, and corrects
//! the details of their next receipts. On SQLite, and on PostgreSQL under
//! `.ci/run`.

use crate::common;

use common::{GIFT, TestApp, gift_with, hidden_field, pdf_text, spawn_app, visible_text};
use soutenir::links;
use soutenir::store::{DonorDetails, Frequency, NewDonation};
use time::OffsetDateTime;

const CAROL: &str = "carol@example.org";

/// The squatter: Carol's address, a false name and address.
const MALLORY: &[(&str, &str)] = &[
    ("email", CAROL),
    ("first_name", "Mallory"),
    ("last_name", "Intrus"),
    ("address", "1 rue Fausse"),
    ("postal_code", "13001"),
    ("city", "Marseille"),
];

/// Carol herself.
const CAROL_HERSELF: &[(&str, &str)] = &[
    ("email", CAROL),
    ("first_name", "Carol"),
    ("last_name", "Dupré"),
    ("address", "3 rue Haute"),
    ("postal_code", "75011"),
    ("city", "Paris"),
];

fn space_link(app: &TestApp, donor: i64) -> String {
    let expires = OffsetDateTime::now_utc().unix_timestamp() + 3600;
    format!(
        "/me/{}",
        links::donor_token(&app.state.secret, donor, expires)
    )
}

async fn carol_id(app: &TestApp) -> i64 {
    app.store()
        .donor_id_by_email(CAROL)
        .await
        .unwrap()
        .expect("carol is a donor")
}

/// The PDF attached to `mail`, as text (None where pdftotext is missing).
fn attached_receipt(mail: &common::ReceivedEmail) -> Option<String> {
    let (_, pdf) = mail
        .attachments
        .iter()
        .find(|(name, _)| name.ends_with(".pdf"))
        .expect("a receipt attached");
    pdf_text(pdf).map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[tokio::test]
async fn a_squatter_who_gave_first_is_on_no_page_email_or_receipt_of_the_owner() {
    let app = spawn_app().await;
    let squatter = app
        .give_demo("dorlotons", &gift_with(MALLORY), "succeeded")
        .await;
    let carol = app
        .give_demo("dorlotons", &gift_with(CAROL_HERSELF), "succeeded")
        .await;
    app.drain_jobs().await;

    // Each thank-you page names whoever gave that gift, and no one else.
    let (status, page) = app.get_text(&format!("/donations/{carol}/thanks")).await;
    assert_eq!(status, 200);
    let page = visible_text(&page);
    assert!(page.contains("Merci Carol"), "{page}");
    assert!(
        !page.contains("Mallory") && !page.contains("Intrus"),
        "{page}"
    );
    let (_, page) = app.get_text(&format!("/donations/{squatter}/thanks")).await;
    assert!(visible_text(&page).contains("Merci Mallory"));

    // Carol's receipt (with her thank-you) certifies Carol, at her address.
    let store = app.store();
    let gift = store.donation(&carol).await.unwrap().unwrap();
    let receipts = store.donor_receipts(gift.donor_id).await.unwrap();
    let hers = receipts
        .iter()
        .find(|r| r.donation_id == Some(gift.id))
        .expect("Carol's receipt");
    assert_eq!(
        (
            hers.donor_first_name.as_str(),
            hers.donor_last_name.as_str(),
            hers.donor_address.as_str(),
            hers.donor_city.as_str()
        ),
        ("Carol", "Dupré", "3 rue Haute", "Paris")
    );
    let mails: Vec<_> = app
        .outbox_emails()
        .into_iter()
        .filter(|m| m.to == CAROL)
        .collect();
    assert_eq!(mails.len(), 2, "one thank-you for each gift");
    let to_carol = mails
        .iter()
        .find(|m| m.text.contains("Bonjour Carol,"))
        .expect("Carol's thank-you greets her");
    assert!(!to_carol.text.contains("Mallory"), "{}", to_carol.text);
    if let Some(text) = attached_receipt(to_carol) {
        assert!(text.contains("Nom : Dupré"), "{text}");
        assert!(text.contains("Prénoms : Carol"), "{text}");
        assert!(text.contains("3 rue Haute"), "{text}");
        for other in ["Mallory", "Intrus", "Fausse", "Marseille"] {
            assert!(!text.contains(other), "« {other} » on Carol's receipt");
        }
    }
    // The squatter's receipt carries the squatter's details, not Carol's.
    let theirs = receipts
        .iter()
        .find(|r| r.donation_id != Some(gift.id))
        .expect("the squatter's receipt");
    assert_eq!(
        (theirs.donor_first_name.as_str(), theirs.donor_city.as_str()),
        ("Mallory", "Marseille")
    );

    // The donor space (reached by the link, which proves the address) lists
    // both gifts and under which name each was made; it greets no one by a
    // name that may not be theirs.
    let (status, space) = app.get_text(&space_link(&app, gift.donor_id)).await;
    assert_eq!(status, 200);
    let text = visible_text(&space);
    assert!(text.contains("Mallory Intrus"), "{text}");
    assert!(text.contains("Carol Dupré"), "{text}");
    assert!(
        !text.contains("Bonjour Carol") && !text.contains("Bonjour Mallory"),
        "{text}"
    );

    // The emailed link greets no one by name either.
    let asked = app
        .client
        .post(format!("{}/me", app.address))
        .form(&[
            ("email", CAROL),
            (
                "csrf_token",
                &hidden_field(&app.get_text("/me").await.1, "csrf_token"),
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 200);
    app.drain_jobs().await;
    let link_mail = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.subject == "Votre espace donateur")
        .expect("the link is sent");
    assert!(link_mail.text.starts_with("Bonjour,"), "{}", link_mail.text);
}

#[tokio::test]
async fn an_address_used_under_one_name_is_still_greeted_by_it() {
    let app = spawn_app().await;
    app.give_demo("dorlotons", &gift_with(CAROL_HERSELF), "succeeded")
        .await;
    app.give_demo(
        "dorlotons",
        &common::with_changes(
            &gift_with(CAROL_HERSELF),
            &[("first_name", "CAROL"), ("amount", "12")],
        ),
        "succeeded",
    )
    .await;
    app.drain_jobs().await;
    let (_, space) = app.get_text(&space_link(&app, carol_id(&app).await)).await;
    assert!(visible_text(&space).contains("Bonjour Carol"), "{space}");
}

#[tokio::test]
async fn nothing_public_tells_an_address_s_earlier_gifts() {
    let app = spawn_app().await;
    // Alice gives; then someone gives with Alice's address under another name.
    let alice = gift_with(&[("email", "alice@example.org"), ("first_name", "Alice")]);
    app.give_demo("dorlotons", &alice, "succeeded").await;
    let other = gift_with(&[("email", "alice@example.org"), ("first_name", "Bob")]);
    // The pages of the second gift (payment, thank-you) know only what was
    // typed with it.
    let response = app.post_donation("dorlotons", &other).await;
    assert_eq!(response.status(), 303);
    let id = response.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let (_, pay) = app.get_text(&format!("/pay/demo/{id}")).await;
    assert!(!pay.contains("Alice"), "{pay}");
    let (_, thanks) = app.get_text(&format!("/donations/{id}/thanks")).await;
    assert!(!thanks.contains("Alice"), "{thanks}");
}

/// Posts the donor space's details form.
async fn post_details(app: &TestApp, link: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let (_, page) = app.get_text(link).await;
    let token = hidden_field(&page, "csrf_token");
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    app.client
        .post(format!("{}{link}/details", app.address))
        .form(&form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_owner_corrects_the_details_of_their_next_receipts() {
    let app = spawn_app().await;
    let store = app.store();
    // A monthly gift made under a misspelt name and an old address, and a
    // one-off gift whose receipt is already issued.
    let misspelt = [
        ("first_name", "Carole"),
        ("last_name", "Dupre"),
        ("address", "9 rue Ancienne"),
        ("postal_code", "69001"),
        ("city", "Lyon"),
    ];
    let once = app
        .give_demo(
            "dorlotons",
            &gift_with(&[&[("email", CAROL)][..], &misspelt].concat()),
            "succeeded",
        )
        .await;
    let monthly = app
        .give_demo(
            "dorlotons",
            &gift_with(&[&[("email", CAROL), ("frequency", "monthly")][..], &misspelt].concat()),
            "succeeded",
        )
        .await;
    app.drain_jobs().await;
    let donor = carol_id(&app).await;
    let link = space_link(&app, donor);
    let once_gift = store.donation(&once).await.unwrap().unwrap();
    let monthly_gift = store.donation(&monthly).await.unwrap().unwrap();
    let issued = store.donor_receipts(donor).await.unwrap();
    assert_eq!(issued.len(), 1, "the one-off gift's receipt");

    // The form shows the details on file; a bad one is refused beside its
    // field and changes nothing.
    let (_, page) = app.get_text(&link).await;
    assert!(
        page.contains(r#"name="address" value="9 rue Ancienne""#),
        "{page}"
    );
    let refused = post_details(
        &app,
        &link,
        &[
            ("first_name", "Carol"),
            ("last_name", "Dupré"),
            ("address", "3 rue Haute"),
            ("postal_code", "750"),
            ("city", "Paris"),
            ("country", "FR"),
        ],
    )
    .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains(r#"<p class="field-error" id="err-d-postal_code">Un code postal français a cinq chiffres.</p>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"value="3 rue Haute""#),
        "what was typed is kept"
    );
    let unchanged = store.gift_identity(monthly_gift.id).await.unwrap().unwrap();
    assert_eq!(unchanged.first_name, "Carole");
    // Without the form token, nothing either.
    let forged = app
        .client
        .post(format!("{}{link}/details", app.address))
        .form(&[("first_name", "Eve"), ("last_name", "X")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);

    let done = post_details(
        &app,
        &link,
        &[
            ("first_name", "Carol"),
            ("last_name", "Dupré"),
            ("address", "3 rue Haute"),
            ("postal_code", "75011"),
            ("city", "Paris"),
            ("country", "FR"),
        ],
    )
    .await;
    assert_eq!(done.status(), 303);
    assert_eq!(
        done.headers()["location"].to_str().unwrap(),
        format!("{link}?coordonnees")
    );
    let (_, page) = app.get_text(&format!("{link}?coordonnees")).await;
    assert!(
        visible_text(&page).contains("vos prochains reçus porteront ces coordonnées"),
        "{page}"
    );

    // The monthly gift (not yet covered by a receipt) and its next payments
    // carry the corrected details; the issued receipt and its gift keep theirs.
    let corrected = store.gift_identity(monthly_gift.id).await.unwrap().unwrap();
    assert_eq!(
        (corrected.first_name.as_str(), corrected.city.as_str()),
        ("Carol", "Paris")
    );
    let next = store
        .create_subscription_payment(
            monthly_gift.subscription_id.unwrap(),
            None,
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    let next = store.donation(&next.public_id).await.unwrap().unwrap();
    let next = store.gift_identity(next.id).await.unwrap().unwrap();
    assert_eq!(
        (next.last_name.as_str(), next.address.as_str()),
        ("Dupré", "3 rue Haute")
    );
    let kept = store.gift_identity(once_gift.id).await.unwrap().unwrap();
    assert_eq!(kept.first_name, "Carole", "its receipt is issued");
    let receipt = store.receipt(issued[0].id).await.unwrap().unwrap();
    assert_eq!(
        (receipt.donor_first_name.as_str(), receipt.status.as_str()),
        ("Carole", "valid")
    );
    // Staff find each gift under the name it carries now.
    let filter = soutenir::store::DonationFilter {
        search: Some("carole".to_owned()),
        ..Default::default()
    };
    let found: Vec<String> = store
        .search_donations(&filter, 10, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.public_id)
        .collect();
    assert_eq!(found, vec![once.clone()]);
}

/// A monthly gift made with `email` under `identity`, paid on each of `dates`.
async fn monthly_under(app: &TestApp, identity: DonorDetails, dates: &[OffsetDateTime]) {
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    let gift = NewDonation {
        lang: "fr".to_owned(),
        donor: identity.clone(),
        ..common::new_donation(campaign, &identity.email, 1000, Frequency::Monthly, "demo")
    };
    common::monthly_payments(&*store, &gift, dates).await;
}

#[tokio::test]
async fn one_address_two_people_two_yearly_summaries_each_in_its_own_name() {
    use time::macros::datetime;
    let app = spawn_app().await;
    let store = app.store();
    let carol = DonorDetails {
        first_name: "Carol".into(),
        last_name: "Dupré".into(),
        address: "3 rue Haute".into(),
        postal_code: "75011".into(),
        city: "Paris".into(),
        ..common::donor(CAROL)
    };
    let mallory = DonorDetails {
        first_name: "Mallory".into(),
        last_name: "Intrus".into(),
        address: "1 rue Fausse".into(),
        postal_code: "13001".into(),
        city: "Marseille".into(),
        ..common::donor(CAROL)
    };
    monthly_under(
        &app,
        mallory,
        &[
            datetime!(2025-02-10 9:00 UTC),
            datetime!(2025-03-10 9:00 UTC),
        ],
    )
    .await;
    monthly_under(
        &app,
        carol,
        &[
            datetime!(2025-01-15 9:00 UTC),
            datetime!(2025-02-15 9:00 UTC),
            datetime!(2025-03-15 9:00 UTC),
        ],
    )
    .await;
    app.drain_jobs().await;

    let now = OffsetDateTime::now_utc();
    let run = soutenir::receipts::issue_annual(&*store, 2025, now, |_, _| {})
        .await
        .unwrap();
    assert_eq!((run.issued.len(), run.already, run.skipped), (2, 0, 0));
    let mut issued: Vec<(String, String, i64, usize)> = Vec::new();
    for r in &run.issued {
        let lines = store.receipt_lines(r.id).await.unwrap().len();
        issued.push((
            r.donor_first_name.clone(),
            r.donor_city.clone(),
            r.amount_cents,
            lines,
        ));
    }
    issued.sort();
    assert_eq!(
        issued,
        vec![
            ("Carol".into(), "Paris".into(), 3_000, 3),
            ("Mallory".into(), "Marseille".into(), 2_000, 2),
        ]
    );
    // Idempotent, also for summaries issued before the identity was recorded
    // with them (filled in when the database migrates).
    let again = soutenir::receipts::issue_annual(&*store, 2025, now, |_, _| {})
        .await
        .unwrap();
    assert_eq!((again.issued.len(), again.already), (0, 2));
    common::raw_sql(&app.db, "UPDATE receipts SET donor_key = NULL").await;
    store.migrate().await.unwrap();
    let after_upgrade = soutenir::receipts::issue_annual(&*store, 2025, now, |_, _| {})
        .await
        .unwrap();
    assert_eq!((after_upgrade.issued.len(), after_upgrade.already), (0, 2));

    // Each summary's email greets the person it certifies.
    app.drain_jobs().await;
    let greetings: Vec<bool> = app
        .outbox_emails()
        .into_iter()
        .filter(|m| m.subject.starts_with("Votre reçu fiscal 2025"))
        .map(|m| m.text.starts_with("Bonjour Carol,") || m.text.starts_with("Bonjour Mallory,"))
        .collect();
    assert_eq!(greetings, vec![true, true]);
}

#[tokio::test]
async fn an_erased_donor_s_gifts_keep_no_name() {
    let app = spawn_app().await;
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let store = app.store();
    let donor = store
        .donor_id_by_email("camille@example.org")
        .await
        .unwrap()
        .unwrap();
    let gift = store.donor_gifts(donor).await.unwrap().pop().unwrap();
    assert!(
        store
            .erase_donor(donor, OffsetDateTime::now_utc())
            .await
            .unwrap()
    );
    let left = store.gift_identity(gift.id).await.unwrap().unwrap();
    assert_eq!(
        (
            left.first_name.as_str(),
            left.last_name.as_str(),
            left.address.as_str()
        ),
        ("", "", "")
    );
    let row = store.donation_row(&gift.public_id).await.unwrap().unwrap();
    assert_eq!(row.donor_first_name, "");
}
