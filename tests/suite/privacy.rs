//! Personal data: a donor downloads everything held about them and has it
//! erased, except the receipts the law keeps six years; a daily job applies the
//! retention period; moderators never see a donor's contact details.

use crate::common;

use common::staff::{Browser, location, post, signed_in, token_of};
use common::{
    GIFT, TestApp, TestDb, gift_with, hidden_field, spawn_app, spawn_app_with, visible_text,
};
use soutenir::links;
use time::OffsetDateTime;

fn space_link(app: &TestApp, donor: i64) -> String {
    let expires = OffsetDateTime::now_utc().unix_timestamp() + 3600;
    format!(
        "/me/{}",
        links::donor_token(&app.state.secret, donor, expires)
    )
}

/// A receipt's PDF as finance downloads it from the register.
async fn register_pdf(staff: &Browser<'_>, number: &str) -> Vec<u8> {
    let response = staff
        .client
        .get(format!("{}/admin/receipts/{number}/pdf", staff.app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.bytes().await.unwrap().to_vec()
}

async fn camille(app: &TestApp) -> i64 {
    app.store()
        .donor_id_by_email("camille@example.org")
        .await
        .unwrap()
        .expect("the donor exists")
}

/// A one-off gift with a receipt and a guestbook message, and a monthly gift.
async fn a_donor_with_everything(app: &TestApp) -> i64 {
    app.give_demo(
        "dorlotons",
        &gift_with(&[
            ("message", "Bravo à toute l'équipe"),
            ("display_name", "Camille"),
        ]),
        "succeeded",
    )
    .await;
    app.give_demo(
        "dorlotons",
        &gift_with(&[
            ("frequency", "monthly"),
            ("amount", "10"),
            ("amount_other", ""),
        ]),
        "succeeded",
    )
    .await;
    app.drain_jobs().await;
    camille(app).await
}

#[tokio::test]
async fn a_donor_downloads_everything_held_about_them() {
    let app = spawn_app().await;
    let donor = a_donor_with_everything(&app).await;
    let space = space_link(&app, donor);
    let (_, page) = app.get_text(&space).await;
    assert!(
        page.contains(&format!("href=\"{space}/data.json\"")),
        "link to the data"
    );
    assert!(
        page.contains(&format!("href=\"{space}/erase\"")),
        "link to erasure"
    );

    let response = app.get(&format!("{space}/data.json")).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(headers["cache-control"], "no-store");
    let data: serde_json::Value = response.json().await.unwrap();
    let person = &data["donor"];
    assert_eq!(person["email"], "camille@example.org");
    assert_eq!(person["first_name"], "Camille");
    assert_eq!(person["last_name"], "Martin");
    assert_eq!(person["address"], "12 rue des Lilas");
    assert_eq!(person["postal_code"], "69007");
    assert_eq!(person["city"], "Lyon");
    let gifts = data["gifts"].as_array().unwrap();
    assert_eq!(gifts.len(), 2);
    let mut amounts: Vec<i64> = gifts
        .iter()
        .map(|g| g["amount_cents"].as_i64().unwrap())
        .collect();
    amounts.sort();
    assert_eq!(amounts, [1000, 3050]);
    assert!(gifts.iter().all(|g| g["status"] == "succeeded"));
    let monthly = data["monthly_gifts"].as_array().unwrap();
    assert_eq!(monthly.len(), 1);
    assert_eq!(monthly[0]["amount_cents"], 1000);
    assert_eq!(monthly[0]["status"], "active");
    let messages = data["guestbook_messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["message"], "Bravo à toute l'équipe");
    assert!(
        messages[0].get("moderated_by").is_none(),
        "staff addresses are not the donor's data"
    );
    let receipts = data["tax_receipts"].as_array().unwrap();
    assert_eq!(receipts.len(), 1);
    assert_eq!(receipts[0]["amount_cents"], 3050);
    assert_eq!(receipts[0]["donor_as_printed"]["last_name"], "Martin");
    assert!(data["retention"].as_str().unwrap().contains("six ans"));

    // Someone else's link, or a forged one, gets nothing.
    let mut forged = space.clone();
    forged.pop();
    forged.push(if space.ends_with('0') { '1' } else { '0' });
    assert_eq!(app.get(&format!("{forged}/data.json")).await.status(), 404);
}

#[tokio::test]
async fn erasure_anonymises_everything_but_the_receipts_the_law_keeps() {
    let app = spawn_app().await;
    let donor = a_donor_with_everything(&app).await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    let raised_before = app.progress_json("dorlotons").await["raised_cents"].clone();
    let receipt = store.donor_receipts(donor).await.unwrap().remove(0);
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    let pdf_before = register_pdf(&admin, &receipt.number).await;
    // The message is published, and a provider event names the donor.
    assert_eq!(common::staff::approve_pending(&admin).await, 1);
    let now = OffsetDateTime::now_utc();
    store
        .save_event(
            soutenir::store::Provider::Stripe,
            "evt_naming",
            "checkout.session.completed",
            r#"{"customer_details":{"email":"Camille@Example.org","name":"Camille Martin"}}"#,
            "applied",
            "",
            now,
        )
        .await
        .unwrap();
    store
        .save_event(
            soutenir::store::Provider::Stripe,
            "evt_other",
            "checkout.session.completed",
            r#"{"customer_details":{"email":"lea@example.org"}}"#,
            "applied",
            "",
            now,
        )
        .await
        .unwrap();

    let space = space_link(&app, donor);
    let (status, page) = app.get_text(&format!("{space}/erase")).await;
    assert_eq!(status, 200);
    let text = visible_text(&page);
    for expected in [
        "Ce qui sera effacé",
        "vos messages au livre d'or (1)",
        "vos dons mensuels en cours seront arrêtés",
        "Ce que la loi nous oblige à garder",
        "Le reçu fiscal déjà émis",
        "six ans après son émission (article L102 B du livre des procédures fiscales)",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    // Paid through the demo only: no payment provider holds anything of theirs.
    assert!(!text.contains("garde de son côté"), "{text}");
    let csrf = hidden_field(&page, "csrf_token");
    let erase = format!("{}{space}/erase", app.address);

    // Unconfirmed, or without the form's token: nothing happens.
    let unconfirmed = app
        .client
        .post(&erase)
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(unconfirmed.status(), 422);
    let html = unconfirmed.text().await.unwrap();
    assert!(html.contains(r#"aria-describedby="err-confirm""#));
    assert!(visible_text(&html).contains("Cochez cette case pour confirmer l'effacement."));
    let forged = app
        .client
        .post(&erase)
        .form(&[("csrf_token", "00"), ("confirm", "on")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert!(
        store.donor_contact(donor).await.unwrap().is_some(),
        "nothing erased yet"
    );

    let done = app
        .client
        .post(&erase)
        .form(&[("csrf_token", csrf.as_str()), ("confirm", "on")])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let text = visible_text(&done.text().await.unwrap());
    assert!(text.contains("Vos données sont effacées"), "{text}");
    assert!(text.contains("vos dons mensuels arrêtés"), "{text}");

    // The person is gone…
    let details = store.donor_details(donor).await.unwrap().unwrap();
    assert!(details.email.ends_with(".invalid"), "{}", details.email);
    for field in [
        &details.first_name,
        &details.last_name,
        &details.address,
        &details.postal_code,
        &details.city,
    ] {
        assert!(field.is_empty(), "{details:?}");
    }
    assert_eq!(
        store
            .donor_id_by_email("camille@example.org")
            .await
            .unwrap(),
        None
    );
    for path in [
        space.clone(),
        format!("{space}/data.json"),
        format!("{space}/erase"),
        format!("{space}/receipts/{}.pdf", receipt.number),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
    let (_, guestbook) = app.get_text("/campaigns/dorlotons/guestbook").await;
    assert!(
        !guestbook.contains("Bravo à toute l'équipe"),
        "message gone from the site"
    );
    common::assert_camille_erased(&app, donor, "donateur").await;
    assert_eq!(
        soutenir::app::charge_demo_monthly(&*store).await.unwrap(),
        0,
        "never charged again"
    );
    assert_eq!(
        store
            .event_payload(soutenir::store::Provider::Stripe, "evt_naming")
            .await
            .unwrap()
            .map(|(_, payload)| payload)
            .as_deref(),
        Some(soutenir::store::ERASED_PAYLOAD)
    );
    assert!(
        store
            .event_payload(soutenir::store::Provider::Stripe, "evt_other")
            .await
            .unwrap()
            .unwrap()
            .1
            .contains("lea@example.org")
    );
    let (_, found) = admin
        .get_text("/admin/donations?status=all&search=martin")
        .await;
    assert!(
        !visible_text(&found).contains("Martin"),
        "finance finds no name"
    );
    assert!(!visible_text(&found).contains("camille@example.org"));

    // …the books and the receipt are not.
    assert_eq!(store.count_donations(campaign).await.unwrap(), 2);
    app.state.progress.refresh_all(&*store).await.unwrap();
    assert_eq!(
        app.progress_json("dorlotons").await["raised_cents"],
        raised_before
    );
    let kept = store
        .receipt_by_number(&receipt.number)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.status.as_str(), "valid");
    assert_eq!(
        kept.donor_last_name, "Martin",
        "the receipt keeps what it certified"
    );
    let pdf_after = register_pdf(&admin, &receipt.number).await;
    assert_eq!(pdf_before, pdf_after, "the same receipt, byte for byte");
    // Nothing is written to the erased address; the same person can give again.
    app.drain_jobs().await;
    assert!(
        app.outbox_emails()
            .iter()
            .all(|e| !e.to.ends_with(".invalid"))
    );
    assert_eq!(store.count_jobs("dead").await.unwrap(), 0);
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    assert_ne!(camille(&app).await, donor, "a new donor record");
}

#[tokio::test]
async fn a_donor_who_paid_online_is_told_the_provider_keeps_its_own_records() {
    let app = spawn_app().await;
    let store = app.store();
    let campaign = app.campaign_id("dorlotons").await;
    let now = OffsetDateTime::now_utc();
    let gift = common::new_donation(
        campaign,
        "camille@example.org",
        2_500,
        soutenir::store::Frequency::Once,
        "stripe",
    );
    common::paid(&*store, &gift, Some("pi_camille"), now).await;
    let donor = camille(&app).await;

    let (status, page) = app
        .get_text(&format!("{}/erase", space_link(&app, donor)))
        .await;
    assert_eq!(status, 200);
    let text = visible_text(&page);
    assert!(
        text.contains(
            "Stripe, par qui vous avez payé en ligne, garde de son côté la trace de vos paiements"
        ),
        "{text}"
    );
    assert!(text.contains("cet effacement ne l'atteint pas"), "{text}");
    assert!(
        text.contains("nous ne garderons rien qui vous identifie"),
        "{text}"
    );
}

#[tokio::test]
async fn an_admin_erases_a_donor_who_asked_by_post() {
    let app = spawn_app().await;
    let donor = a_donor_with_everything(&app).await;
    let store = app.store();
    let gift = store.donor_gifts(donor).await.unwrap()[0].public_id.clone();
    let page = format!("/admin/donations/{gift}");
    let action = format!("{page}/erase-donor");

    // Finance staff see the gift, not the erasure, and cannot send it.
    let finance = signed_in(&app, "tresorerie@example.org", "finance").await;
    let (status, html) = finance.get_text(&page).await;
    assert_eq!(status, 200);
    assert!(!html.contains(&action), "{html}");
    let csrf = token_of(&finance, &page).await;
    let refused = post(
        &finance,
        &action,
        &[("csrf_token", &csrf), ("confirm", "on")],
    )
    .await;
    assert_eq!(refused.status(), 403);

    // An admin: unconfirmed, refused beside the box; nothing erased.
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    let (_, html) = admin.get_text(&page).await;
    assert!(
        visible_text(&html).contains("Effacer les données du donateur"),
        "{html}"
    );
    let csrf = token_of(&admin, &page).await;
    let unconfirmed = post(&admin, &action, &[("csrf_token", &csrf)]).await;
    assert_eq!(unconfirmed.status(), 422);
    let html = unconfirmed.text().await.unwrap();
    assert!(html.contains(r#"aria-describedby="err-confirm""#), "{html}");
    let beside = &html[html
        .find(r#"id="err-confirm""#)
        .expect("a message beside the box")..];
    assert!(
        visible_text(beside).contains("Cochez cette case pour confirmer l'effacement."),
        "{html}"
    );
    assert_eq!(camille(&app).await, donor);

    // Confirmed: erased as by the donor's own link, and the audit log names the admin.
    let erased = post(&admin, &action, &[("csrf_token", &csrf), ("confirm", "on")]).await;
    assert_eq!(erased.status(), 303);
    assert_eq!(location(&erased), format!("{page}?efface"));
    let (_, html) = admin.get_text(&format!("{page}?efface")).await;
    let text = visible_text(&html);
    assert!(text.contains("Données du donateur effacées"), "{text}");
    assert!(
        text.contains("Les données de ce donateur ont été effacées."),
        "{text}"
    );
    assert!(!text.contains("Camille"), "{text}");
    common::assert_camille_erased(&app, donor, "admin@example.org").await;
}

#[tokio::test]
async fn the_daily_job_applies_the_retention_period() {
    // The first instance's own daily job must not run into the seeding below:
    // it keeps data a century.
    let first = spawn_app_with(TestDb::new().await, |c| c.retention_years = 100).await;
    let store = first.store();
    let campaign = first.campaign_id("dorlotons").await;
    let now = OffsetDateTime::now_utc();
    let long_ago = now - time::Duration::days(7 * 366);
    // A donor whose one gift and receipt are seven years old…
    let old_gift = common::new_donation(
        campaign,
        "ancien@example.org",
        5000,
        soutenir::store::Frequency::Once,
        "demo",
    );
    common::paid(&*store, &old_gift, None, long_ago).await;
    let old_donor = store
        .donor_id_by_email("ancien@example.org")
        .await
        .unwrap()
        .unwrap();
    let gift = store.donor_gifts(old_donor).await.unwrap().remove(0);
    let old_receipt = soutenir::receipts::issue_for_gift(&*store, &gift, long_ago)
        .await
        .unwrap()
        .expect("receipt due");
    store
        .save_event(
            soutenir::store::Provider::Stripe,
            "evt_old",
            "checkout.session.completed",
            r#"{"customer_details":{"email":"someone@example.org"}}"#,
            "applied",
            "",
            long_ago,
        )
        .await
        .unwrap();
    // …and one who gave this year.
    common::give(&*store, campaign, "recent@example.org", 2000).await;
    let recent = store
        .donor_id_by_email("recent@example.org")
        .await
        .unwrap()
        .unwrap();
    let recent_gift = store.donor_gifts(recent).await.unwrap().remove(0);
    let recent_receipt = soutenir::receipts::issue_for_gift(&*store, &recent_gift, now)
        .await
        .unwrap()
        .expect("receipt due");

    // A second instance starts: its daily job runs at once.
    let second = spawn_app_with(TestDb::existing(&first.db.url), |_| {}).await;
    let mut waited = 0;
    while store.donor_contact(old_donor).await.unwrap().is_some() {
        assert!(waited < 100, "the retention job did not run");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += 1;
    }
    let old = store
        .receipt_by_number(&old_receipt.number)
        .await
        .unwrap()
        .unwrap();
    // The job erases the donor first, then the receipts, in one run: wait for both.
    let mut old = old;
    while old.purged_at.is_none() {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        old = store
            .receipt_by_number(&old_receipt.number)
            .await
            .unwrap()
            .unwrap();
    }
    assert_eq!(
        (
            old.donor_first_name.as_str(),
            old.donor_last_name.as_str(),
            old.donor_address.as_str()
        ),
        ("", "", "")
    );
    assert_eq!(
        old.amount_cents, 5000,
        "the register keeps number and amount"
    );
    assert_eq!(old.number, old_receipt.number);
    assert_eq!(
        store
            .event_payload(soutenir::store::Provider::Stripe, "evt_old")
            .await
            .unwrap()
            .map(|(_, payload)| payload)
            .as_deref(),
        Some(soutenir::store::ERASED_PAYLOAD)
    );
    // The recent donor and receipt are untouched.
    assert_eq!(
        store
            .donor_contact(recent)
            .await
            .unwrap()
            .map(|(email, _)| email)
            .as_deref(),
        Some("recent@example.org")
    );
    let kept = store
        .receipt_by_number(&recent_receipt.number)
        .await
        .unwrap()
        .unwrap();
    assert!(kept.purged_at.is_none());
    assert_eq!(kept.donor_last_name, "Martin");
    // Finance sees the old receipt as archived, not a broken PDF.
    let finance = signed_in(&second, "compta@example.org", "finance").await;
    let pdf = finance
        .client
        .get(format!(
            "{}/admin/receipts/{}/pdf",
            second.address, old_receipt.number
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 410);
    assert!(visible_text(&pdf.text().await.unwrap()).contains("durée de conservation légale"));
}

#[tokio::test]
async fn moderators_never_see_a_donor_s_contact_details() {
    let app = spawn_app().await;
    a_donor_with_everything(&app).await;
    let moderator = signed_in(&app, "modo@example.org", "moderator").await;
    for path in [
        "/admin",
        "/admin/guestbook",
        "/admin/guestbook?status=pending",
        "/admin/guestbook?status=approved",
        "/admin/guestbook?status=rejected",
        "/admin/guestbook?status=hidden",
        "/admin/password",
    ] {
        let (status, html) = moderator.get_text(path).await;
        assert_eq!(status, 200, "{path}");
        for detail in [
            "camille@example.org",
            "Martin",
            "12 rue des Lilas",
            "69007",
            "Lyon",
        ] {
            assert!(!html.contains(detail), "{path} shows {detail}");
        }
    }
    let (_, queue) = moderator.get_text("/admin/guestbook").await;
    assert!(
        visible_text(&queue).contains("Bravo à toute l'équipe"),
        "the message itself is shown"
    );
    for path in [
        "/admin/donations",
        "/admin/subscriptions",
        "/admin/receipts",
        "/admin/exports/donations.csv",
    ] {
        let (status, _) = moderator.get_text(path).await;
        assert_eq!(status, 403, "{path}");
    }
}
