//! The donor space: link by email, gifts listed, monthly gift changed or stopped.

use crate::common;

use common::{GIFT, TestApp, gift_with, hidden_field, spawn_app, visible_text};

const NNBSP: char = '\u{202F}';

fn donor_link(app: &TestApp, email_text: &str) -> String {
    let start = email_text
        .find(&format!("{}/me/", app.address))
        .expect("a donor-space link");
    email_text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

async fn post_form(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .post(format!("{}{path}", app.address))
        .form(fields)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn asking_for_the_link_says_the_same_for_known_and_unknown_addresses() {
    let app = spawn_app().await;
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let before = app.outbox_emails().len();

    let (_, form) = app.get_text("/me").await;
    let csrf = hidden_field(&form, "csrf_token");
    let known = post_form(
        &app,
        "/me",
        &[("csrf_token", &csrf), ("email", "Camille@Example.org")],
    )
    .await;
    assert_eq!(known.status(), 200);
    let known_text = visible_text(&known.text().await.unwrap());
    let unknown = post_form(
        &app,
        "/me",
        &[("csrf_token", &csrf), ("email", "personne@example.org")],
    )
    .await;
    assert_eq!(unknown.status(), 200);
    let unknown_text = visible_text(&unknown.text().await.unwrap());
    assert_eq!(
        known_text, unknown_text,
        "the answer must not tell whether the address is known"
    );
    assert!(known_text.contains("Si des dons sont associés à cette adresse"));

    app.drain_jobs().await;
    let emails = app.outbox_emails();
    assert_eq!(
        emails.len(),
        before + 1,
        "one link, for the known address only"
    );
    let link_email = emails
        .iter()
        .find(|e| e.subject == "Votre espace donateur")
        .expect("link email");
    assert_eq!(link_email.to, "camille@example.org");

    let bad = post_form(
        &app,
        "/me",
        &[("csrf_token", &csrf), ("email", "pas-une-adresse")],
    )
    .await;
    assert_eq!(bad.status(), 422);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains(r#"<p class="field-error" id="err-email">"#)
    );
}

#[tokio::test]
async fn the_link_shows_the_donors_gifts() {
    let app = spawn_app().await;
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let thank_you = &app.outbox_emails()[0];
    let link = donor_link(&app, &thank_you.text);
    let page = app.client.get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    let text = visible_text(&page.text().await.unwrap());
    assert!(text.contains("Bonjour Camille"), "{text}");
    assert!(
        text.contains(&format!(
            "Dorlotons Dégooglisons Don ponctuel 30,50{NNBSP}€ Reçu"
        )),
        "{text}"
    );

    // A token altered by hand opens nothing.
    let mut forged = link.clone();
    forged.pop();
    forged.push(if link.ends_with('0') { '1' } else { '0' });
    assert_eq!(app.client.get(&forged).send().await.unwrap().status(), 404);

    // Nor does the same token written another way (a sign, a leading zero,
    // an upper-case signature).
    let (base, token) = link.rsplit_once('/').unwrap();
    let mut parts = token.splitn(3, '.');
    let (id, expires, signature) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    for variant in [
        format!("+{id}.{expires}.{signature}"),
        format!("0{id}.{expires}.{signature}"),
        format!("{id}.0{expires}.{signature}"),
        format!("{id}.{expires}.{}", signature.to_uppercase()),
    ] {
        let answer = app
            .client
            .get(format!("{base}/{variant}"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 404, "{variant}");
    }
}

#[tokio::test]
async fn a_donor_changes_then_stops_a_monthly_gift() {
    let app = spawn_app().await;
    let monthly = gift_with(&[
        ("frequency", "monthly"),
        ("amount", "10"),
        ("amount_other", ""),
    ]);
    app.give_demo("dorlotons", &monthly, "succeeded").await;
    app.drain_jobs().await;
    let link = donor_link(&app, &app.outbox_emails()[0].text);
    let path = link.trim_start_matches(&app.address).to_owned();
    let (_, page) = app.get_text(&path).await;
    let text = visible_text(&page);
    assert!(
        text.contains(&format!(
            "10{NNBSP}€ par mois pour «{NNBSP}Dorlotons Dégooglisons{NNBSP}» — Actif"
        )),
        "{text}"
    );
    let csrf = hidden_field(&page, "csrf_token");
    let action = page
        .split(r#"action=""#)
        .map(|s| s.split('"').next().unwrap())
        .find(|a| a.ends_with("/amount"))
        .unwrap()
        .to_owned();

    let refused = post_form(&app, &action, &[("csrf_token", &csrf), ("amount", "0,2")]).await;
    assert_eq!(refused.status(), 422);
    assert!(visible_text(&refused.text().await.unwrap()).contains("Le don minimum est de 1"));
    let forged = post_form(&app, &action, &[("csrf_token", "00"), ("amount", "15")]).await;
    assert_eq!(forged.status(), 403);

    let changed = post_form(&app, &action, &[("csrf_token", &csrf), ("amount", "15")]).await;
    assert_eq!(changed.status(), 303);
    assert_eq!(
        soutenir::app::charge_demo_monthly(&*app.store())
            .await
            .unwrap(),
        1
    );
    app.state.progress.refresh_all(&*app.store()).await.unwrap();
    assert_eq!(
        app.progress_json("dorlotons").await["raised_cents"],
        2500,
        "10 € then 15 €"
    );

    let cancel = action.replace("/amount", "/cancel");
    let stopped = post_form(&app, &cancel, &[("csrf_token", &csrf)]).await;
    assert_eq!(stopped.status(), 303);
    let (_, page) = app
        .get_text(stopped.headers()["location"].to_str().unwrap())
        .await;
    let text = visible_text(&page);
    assert!(text.contains("Votre don mensuel est arrêté"), "{text}");
    assert!(text.contains("— Arrêté"), "{text}");
    assert_eq!(
        soutenir::app::charge_demo_monthly(&*app.store())
            .await
            .unwrap(),
        0,
        "no more debits"
    );
    app.drain_jobs().await;
    assert!(
        app.outbox_emails()
            .iter()
            .any(|e| e.subject == "Votre don mensuel à « Dorlotons Dégooglisons » est arrêté")
    );
}

#[tokio::test]
async fn a_donor_cannot_touch_someone_elses_monthly_gift() {
    let app = spawn_app().await;
    let monthly = gift_with(&[
        ("frequency", "monthly"),
        ("amount", "10"),
        ("amount_other", ""),
    ]);
    app.give_demo("dorlotons", &monthly, "succeeded").await;
    app.give_demo(
        "dorlotons",
        &gift_with(&[("email", "autre@example.org")]),
        "succeeded",
    )
    .await;
    app.drain_jobs().await;
    let emails = app.outbox_emails();
    let victim = emails
        .iter()
        .find(|e| e.to == "camille@example.org")
        .unwrap();
    let attacker = emails.iter().find(|e| e.to == "autre@example.org").unwrap();
    let victim_page = app
        .client
        .get(donor_link(&app, &victim.text))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let cancel = victim_page
        .split(r#"action=""#)
        .map(|s| s.split('"').next().unwrap())
        .find(|a| a.ends_with("/cancel"))
        .unwrap();
    let gift_id = cancel.split('/').nth(4).unwrap();
    let attacker_link = donor_link(&app, &attacker.text);
    let attacker_path = attacker_link.trim_start_matches(&app.address);
    assert_eq!(app.get(attacker_path).await.status(), 200);
    // The CSRF token belongs to the browser's cookie, whatever page it comes from.
    let csrf = hidden_field(&app.get_text("/me").await.1, "csrf_token");
    let attempt = post_form(
        &app,
        &format!("{attacker_path}/monthly/{gift_id}/cancel"),
        &[("csrf_token", &csrf)],
    )
    .await;
    assert_eq!(attempt.status(), 404);
    assert_eq!(
        app.store()
            .active_subscriptions(soutenir::store::Provider::Demo)
            .await
            .unwrap()
            .len(),
        1
    );
}
