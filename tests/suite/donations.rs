//! A donor gives through the form and the demo gateway, over HTTP.

use crate::common;

use common::{GIFT, TestDb, gift_with, spawn_app, spawn_app_with, visible_text};

const NNBSP: char = '\u{202F}';

#[tokio::test]
async fn the_campaign_page_offers_the_form() {
    let app = spawn_app().await;
    let (_, html) = app.get_text("/campaigns/dorlotons").await;
    assert!(html.contains(r#"action="/campaigns/dorlotons/donate""#));
    for label in [
        "Une fois",
        "Tous les mois",
        "Je souhaite un reçu fiscal",
        "Autre montant",
        "Nom affiché",
    ] {
        assert!(html.contains(label), "{label}");
    }
    // Suggested amounts with their cost, the receipt box checked by default.
    assert!(
        html.contains(&format!("soit 10,20{NNBSP}€ après réduction")),
        "30 € costs 10,20 €"
    );
    assert!(html.contains(r#"name="wants_receipt" value="on" checked"#));
    assert!(
        visible_text(&html).contains("Le reçu fiscal doit porter votre adresse postale complète")
    );
    assert!(html.contains(r#"id="cost""#));
}

#[tokio::test]
async fn a_demo_one_off_gift_moves_the_bar_by_its_exact_cents() {
    let app = spawn_app().await;
    let response = app.post_donation("dorlotons", GIFT).await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{}/pay/demo/", app.address)),
        "{location}"
    );

    let id = location.rsplit('/').next().unwrap();
    let (_, page) = app.get_text(&format!("/pay/demo/{id}")).await;
    let text = visible_text(&page);
    assert!(
        text.contains("Mode démonstration — aucun paiement réel"),
        "{text}"
    );
    assert!(text.contains(&format!("30,50{NNBSP}€")), "{text}");
    // 30,50 € − 66 % (20,13 €) = 10,37 €: stated by the server, no JS needed.
    assert!(
        text.contains(&format!("votre don vous coûte 10,37{NNBSP}€")),
        "{text}"
    );
    assert_eq!(
        app.progress_json("dorlotons").await["raised_cents"],
        0,
        "nothing counts before payment"
    );

    let id = app.give_demo("dorlotons", GIFT, "succeeded").await;
    let (status, thanks) = app.get_text(&format!("/donations/{id}/thanks")).await;
    assert_eq!(status, 200);
    assert!(visible_text(&thanks).contains(&format!("Merci Camille{NNBSP}!")));

    let progress = app.progress_json("dorlotons").await;
    assert_eq!(progress["raised_cents"], 3050);
    assert_eq!(progress["donor_count"], 1);
    assert_eq!(progress["donation_count"], 1);
    let (_, page) = app.get_text("/campaigns/dorlotons").await;
    assert!(visible_text(&page).contains(&format!(
        "30,50{NNBSP}€ sur un objectif de 60{NNBSP}000{NNBSP}€"
    )));
}

#[tokio::test]
async fn a_failed_demo_payment_counts_for_nothing() {
    let app = spawn_app().await;
    let id = app.give_demo("dorlotons", GIFT, "failed").await;
    let (_, thanks) = app.get_text(&format!("/donations/{id}/thanks")).await;
    assert!(visible_text(&thanks).contains("Le paiement n'a pas abouti"));
    let progress = app.progress_json("dorlotons").await;
    assert_eq!(progress["raised_cents"], 0);
    assert_eq!(progress["donation_count"], 0);
    // The payment page of a settled donation goes to its result.
    let again = app.get(&format!("/pay/demo/{id}")).await;
    assert_eq!(again.status(), 303);
}

#[tokio::test]
async fn a_demo_monthly_gift_starts_and_charges_each_month() {
    let app = spawn_app().await;
    let monthly = gift_with(&[
        ("frequency", "monthly"),
        ("amount", "10"),
        ("amount_other", ""),
    ]);
    let id = app.give_demo("dorlotons", &monthly, "succeeded").await;
    let (_, thanks) = app.get_text(&format!("/donations/{id}/thanks")).await;
    assert!(visible_text(&thanks).contains(&format!("10{NNBSP}€ par mois")));
    let subs = app
        .store()
        .active_subscriptions(soutenir::store::Provider::Demo)
        .await
        .unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].amount.get(), 1000);

    // Next month, as `soutenir demo charge-monthly` does it.
    assert_eq!(
        soutenir::app::charge_demo_monthly(&*app.store())
            .await
            .unwrap(),
        1
    );
    app.state.progress.refresh_all(&*app.store()).await.unwrap();
    let progress = app.progress_json("dorlotons").await;
    assert_eq!(progress["raised_cents"], 2000);
    assert_eq!(progress["donation_count"], 2);
    assert_eq!(progress["donor_count"], 1);
}

#[tokio::test]
async fn bad_input_is_refused_beside_each_field_and_creates_nothing() {
    let app = spawn_app().await;
    let campaign = app.campaign_id("dorlotons").await;
    let long_message = "m".repeat(1001);
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            gift_with(&[("amount_other", "0,50")]),
            "amount",
            "Le don minimum est de 1",
        ),
        (
            gift_with(&[("amount_other", "abc")]),
            "amount",
            "Le montant doit être un nombre",
        ),
        (
            gift_with(&[("amount_other", "1e3")]),
            "amount",
            "Le montant doit être un nombre",
        ),
        (
            gift_with(&[("amount_other", "-5")]),
            "amount",
            "ne peut pas être négatif",
        ),
        (
            gift_with(&[("amount_other", "30,505")]),
            "amount",
            "au plus deux chiffres après la virgule",
        ),
        (
            gift_with(&[("amount_other", "100000,01")]),
            "amount",
            "Au-delà de 100",
        ),
        (
            gift_with(&[("amount_other", "")]),
            "amount",
            "Choisissez ou saisissez un montant",
        ),
        (
            gift_with(&[("frequency", "weekly")]),
            "frequency",
            "Choisissez « Une fois » ou « Tous les mois »",
        ),
        (
            gift_with(&[("email", "camille@")]),
            "email",
            "ne semble pas valide",
        ),
        (
            gift_with(&[("email", "")]),
            "email",
            "Indiquez votre adresse électronique",
        ),
        (
            gift_with(&[("first_name", "  ")]),
            "first_name",
            "Indiquez votre prénom",
        ),
        (
            gift_with(&[("address", "")]),
            "address",
            "Le reçu fiscal exige votre adresse postale",
        ),
        (
            gift_with(&[("postal_code", "6900")]),
            "postal_code",
            "cinq chiffres",
        ),
        (
            gift_with(&[("country", "ZZ")]),
            "country",
            "Choisissez un pays",
        ),
        (
            gift_with(&[("message", &long_message)]),
            "message",
            "1\u{202f}001 caractères",
        ),
    ];
    for (fields, field, message) in cases {
        let response = app.post_donation("dorlotons", &fields).await;
        assert_eq!(response.status(), 422, "{field}: {message}");
        let html = response.text().await.unwrap();
        let error = format!(r#"<p class="field-error" id="err-{field}">"#);
        let beside = html
            .split(&error)
            .nth(1)
            .unwrap_or_else(|| panic!("no error beside {field}"));
        assert!(
            beside
                .split("</p>")
                .next()
                .unwrap()
                .contains(&message.replace('\'', "&#39;"))
                || beside.contains(message),
            "{field}: expected « {message} » in {}",
            beside.split("</p>").next().unwrap()
        );
        assert!(html.contains(r#"role="alert""#), "error summary");
        // What the donor typed stays in the form.
        assert!(html.contains(r#"value="Camille""#) || field == "first_name");
        assert!(html.contains("12 rue des Lilas") || field == "address");
    }
    assert_eq!(app.store().count_donations(campaign).await.unwrap(), 0);
}

#[tokio::test]
async fn a_refused_form_still_states_the_cost_after_reduction() {
    let app = spawn_app().await;
    let response = app
        .post_donation(
            "dorlotons",
            &gift_with(&[("amount_other", "45"), ("email", "x")]),
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    // 45 € − 29,70 € = 15,30 €
    assert!(visible_text(&html).contains(&format!("votre don vous coûte 15,30{NNBSP}€")));
    assert!(html.contains(r#"name="amount_other" value="45""#));

    // A suggested amount typed by hand selects that amount.
    let response = app
        .post_donation(
            "dorlotons",
            &gift_with(&[("amount_other", "30"), ("email", "x")]),
        )
        .await;
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"value="30" checked"#));
    assert!(visible_text(&html).contains(&format!("votre don vous coûte 10,20{NNBSP}€")));
}

#[tokio::test]
async fn the_same_form_sent_twice_is_one_donation() {
    let app = spawn_app().await;
    let campaign = app.campaign_id("dorlotons").await;
    let (csrf, key) = app.form_tokens("dorlotons").await;
    let first = app.post_donation_with("dorlotons", GIFT, &csrf, &key).await;
    let second = app.post_donation_with("dorlotons", GIFT, &csrf, &key).await;
    assert_eq!(first.status(), 303);
    assert_eq!(first.headers()["location"], second.headers()["location"]);
    assert_eq!(app.store().count_donations(campaign).await.unwrap(), 1);
    // Same key, another amount (the donor went back and changed it): a new gift.
    let changed = app
        .post_donation_with(
            "dorlotons",
            &gift_with(&[("amount_other", "40")]),
            &csrf,
            &key,
        )
        .await;
    assert_ne!(changed.headers()["location"], first.headers()["location"]);
    assert_eq!(app.store().count_donations(campaign).await.unwrap(), 2);
}

#[tokio::test]
async fn a_post_without_a_valid_csrf_token_is_refused() {
    let app = spawn_app().await;
    let campaign = app.campaign_id("dorlotons").await;
    let (_, key) = app.form_tokens("dorlotons").await;
    let forged = app.post_donation_with("dorlotons", GIFT, "", &key).await;
    assert_eq!(forged.status(), 403);
    assert!(visible_text(&forged.text().await.unwrap()).contains("Formulaire expiré"));
    let wrong = app
        .post_donation_with("dorlotons", GIFT, &"ab".repeat(32), &key)
        .await;
    assert_eq!(wrong.status(), 403);
    // A fresh client (another site's visitor) has no cookie at all.
    let stranger = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let (csrf, _) = app.form_tokens("dorlotons").await;
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", &csrf)];
    form.extend_from_slice(GIFT);
    let cross_site = stranger
        .post(format!("{}/campaigns/dorlotons/donate", app.address))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    assert_eq!(app.store().count_donations(campaign).await.unwrap(), 0);
}

#[tokio::test]
async fn a_filled_honeypot_creates_nothing() {
    let app = spawn_app().await;
    let campaign = app.campaign_id("dorlotons").await;
    let response = app
        .post_donation(
            "dorlotons",
            &gift_with(&[("website", "http://spam.example")]),
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/campaigns/dorlotons");
    assert_eq!(app.store().count_donations(campaign).await.unwrap(), 0);
}

#[tokio::test]
async fn what_a_visitor_types_comes_back_escaped() {
    let app = spawn_app().await;
    let payload = r#""><script>alert(1)</script>"#;
    let response = app
        .post_donation(
            "dorlotons",
            &gift_with(&[
                ("first_name", payload),
                ("message", payload),
                ("email", "bad"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)"), "raw payload reflected");
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "escaped payload shown back"
    );
    assert!(
        html.contains(r#"name="first_name" value="&#34;&#62;&#60;script&#62;"#),
        "the quote cannot close the attribute"
    );
}

#[tokio::test]
async fn every_page_says_demo_mode() {
    let app = spawn_app().await;
    let (_, html) = app.get_text("/campaigns/dorlotons").await;
    assert!(
        visible_text(&html).contains("Mode démonstration — aucun paiement réel n'est encaissé")
    );
    assert!(
        app.startup_notes
            .iter()
            .any(|n| n.contains("Mode démonstration"))
    );
}

#[tokio::test]
async fn too_many_attempts_from_one_address_get_a_polite_429() {
    let app = spawn_app_with(TestDb::new().await, |c| c.donation_rate = 3).await;
    let campaign = app.campaign_id("dorlotons").await;
    for i in 0..3 {
        let email = format!("d{i}@example.org");
        let response = app
            .post_donation("dorlotons", &gift_with(&[("email", &email)]))
            .await;
        assert_eq!(response.status(), 303);
    }
    let blocked = app
        .post_donation("dorlotons", &gift_with(&[("email", "d9@example.org")]))
        .await;
    assert_eq!(blocked.status(), 429);
    assert!(blocked.headers().contains_key("retry-after"));
    assert!(visible_text(&blocked.text().await.unwrap()).contains("Trop de tentatives"));
    assert_eq!(app.store().count_donations(campaign).await.unwrap(), 3);
}

#[tokio::test]
async fn typos_on_a_shared_network_are_not_payment_attempts() {
    let app = spawn_app_with(TestDb::new().await, |c| c.donation_rate = 3).await;
    let campaign = app.campaign_id("dorlotons").await;
    // An office behind one address: ten forms refused for a typo, each
    // answered beside its field, none a 429.
    for i in 0..10 {
        let email = format!("bureau{i}@exemple");
        let response = app
            .post_donation("dorlotons", &gift_with(&[("email", &email)]))
            .await;
        assert_eq!(response.status(), 422, "typo {i}");
    }
    // The attempts that go to the payment provider are what the limit counts.
    for i in 0..3 {
        let email = format!("bureau{i}@example.org");
        let response = app
            .post_donation("dorlotons", &gift_with(&[("email", &email)]))
            .await;
        assert_eq!(response.status(), 303, "attempt {i}");
    }
    let blocked = app
        .post_donation("dorlotons", &gift_with(&[("email", "bureau9@example.org")]))
        .await;
    assert_eq!(blocked.status(), 429);
    let retry: u64 = blocked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let text = visible_text(&blocked.text().await.unwrap());
    let minutes = retry.div_ceil(60);
    assert!(
        text.contains(&format!("réessayer dans {minutes} minutes")),
        "{text}"
    );
    assert!(text.contains("écrivez à Association Exemple"), "{text}");
    assert_eq!(app.store().count_donations(campaign).await.unwrap(), 3);
    // Refused forms have their own ceiling: a flood of them is stopped too.
    let mut statuses = Vec::new();
    for i in 0..10 {
        let email = format!("flot{i}@exemple");
        let response = app
            .post_donation("dorlotons", &gift_with(&[("email", &email)]))
            .await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses[..5], [422; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
}

#[tokio::test]
async fn the_demo_payment_page_is_never_cached() {
    let app = spawn_app().await;
    let response = app.post_donation("dorlotons", GIFT).await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let id = location.rsplit('/').next().unwrap();
    let page = app.get(&format!("/pay/demo/{id}")).await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
}
