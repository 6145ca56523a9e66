//! Campaign management by admins: create, edit, close (form replaced by a
//! thank-you, bar frozen), open again; roles — on SQLite, and on PostgreSQL when
//! `TEST_DATABASE_URL` is set.

use crate::common;

use common::staff::{Browser, location, post, signed_in, token_of};
use common::{GIFT, hidden_field, spawn_app, visible_text, with_changes};

const HIVER: &[(&str, &str)] = &[
    ("slug", "hiver"),
    ("title", "Campagne d'hiver"),
    ("body_markdown", "Aidez-nous **cet hiver**."),
    ("goal_kind", "amount"),
    ("goal_amount", "20 000"),
    ("goal_donors", ""),
    ("starts_on", "2026-01-01"),
    ("ends_on", "2099-12-31"),
    ("suggested_amounts", "15 40 90"),
    ("monthly_counting", "each_payment"),
];

async fn submit(b: &Browser<'_>, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = token_of(b, path).await;
    let mut all = vec![("csrf_token", csrf.as_str())];
    all.extend_from_slice(fields);
    post(b, path, &all).await
}

#[tokio::test]
async fn an_admin_creates_and_edits_a_campaign_with_errors_beside_the_fields() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    let before = app.store().count_campaigns().await.unwrap();

    let bad = with_changes(
        HIVER,
        &[
            ("slug", "Hiver 2026"),
            ("title", ""),
            ("goal_amount", "zéro"),
            ("ends_on", "2025-01-01"),
            ("suggested_amounts", "15 beaucoup"),
        ],
    );
    let response = submit(&admin, "/admin/campaigns/new", &bad).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    for field in [
        "slug",
        "title",
        "goal_amount",
        "ends_on",
        "suggested_amounts",
    ] {
        assert!(
            html.contains(&format!("id=\"err-{field}\"")),
            "no message beside {field}"
        );
    }
    assert!(
        html.contains("Aidez-nous **cet hiver**."),
        "typed text kept"
    );
    assert_eq!(app.store().count_campaigns().await.unwrap(), before);

    let response = submit(&admin, "/admin/campaigns/new", HIVER).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/admin/campaigns?notice=cree");
    let (status, html) = app.get_text("/campaigns/hiver").await;
    assert_eq!(status, 200);
    let text = visible_text(&html);
    assert!(text.contains("Campagne d'hiver"), "{text}");
    assert!(html.contains("<strong>cet hiver</strong>"));
    assert!(text.contains("40"), "suggested amounts shown: {text}");
    let progress = app.progress_json("hiver").await;
    assert_eq!(progress["goal_cents"], 2_000_000);

    // The same slug again: refused beside the field.
    let response = submit(&admin, "/admin/campaigns/new", HIVER).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("déjà cet identifiant"), "{html}");

    // Edit: a donors goal and a new title show at once.
    let id = app.campaign_id("hiver").await;
    let path = format!("/admin/campaigns/{id}");
    let (status, html) = admin.get_text(&path).await;
    assert_eq!(status, 200);
    assert_eq!(hidden_value(&html, "suggested_amounts"), "15 40 90");
    assert_eq!(hidden_value(&html, "ends_on"), "2099-12-31");
    let edited = with_changes(
        HIVER,
        &[
            ("title", "Hiver solidaire"),
            ("goal_kind", "donors"),
            ("goal_donors", "500"),
        ],
    );
    let response = submit(&admin, &path, &edited).await;
    assert_eq!(response.status(), 303);
    let (_, html) = app.get_text("/campaigns/hiver").await;
    assert!(visible_text(&html).contains("Hiver solidaire"));
    let progress = app.progress_json("hiver").await;
    assert_eq!(progress["goal_kind"], "donors");
    assert_eq!(progress["goal_donors"], 500);
    assert!(
        app.store()
            .recent_audit(5)
            .await
            .unwrap()
            .iter()
            .any(|(who, action, _)| who == "admin@example.org" && action == "campaign.updated")
    );
}

/// The value of the text field `name` in `html`.
fn hidden_value(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no field {name}"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn a_closed_campaign_takes_no_gift_and_its_bar_stays_where_it_was() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    // A gift started before the campaign closes, paid after.
    let response = app.post_donation("dorlotons", GIFT).await;
    assert_eq!(response.status(), 303);
    let late = location(&response).rsplit('/').next().unwrap().to_owned();
    let raised = |p: serde_json::Value| p["raised_cents"].as_i64().unwrap();
    let before = raised(app.progress_json("dorlotons").await);
    // A form opened before the campaign closes, sent after.
    let (open_csrf, open_key) = app.form_tokens("dorlotons").await;

    let id = app.campaign_id("dorlotons").await;
    let (_, html) = admin.get_text("/admin/campaigns").await;
    let csrf = hidden_field(&html, "csrf_token");
    let response = post(
        &admin,
        &format!("/admin/campaigns/{id}/close"),
        &[("csrf_token", &csrf)],
    )
    .await;
    assert_eq!(location(&response), "/admin/campaigns?notice=close");

    let (status, html) = app.get_text("/campaigns/dorlotons").await;
    assert_eq!(status, 200);
    assert!(!html.contains("/campaigns/dorlotons/donate"), "no form");
    assert!(visible_text(&html).contains("Cette campagne est terminée. Merci"));
    let gifts = app.store().count_donations(id).await.unwrap();
    let response = app
        .post_donation_with("dorlotons", GIFT, &open_csrf, &open_key)
        .await;
    // Back to the campaign page (and its thank-you), not to a payment.
    assert_eq!(location(&response), "/campaigns/dorlotons");
    assert_eq!(app.store().count_donations(id).await.unwrap(), gifts);

    // The late payment is recorded, the bar does not move.
    let (_, page) = app.get_text(&format!("/pay/demo/{late}")).await;
    let csrf_pay = hidden_field(&page, "csrf_token");
    app.client
        .post(format!("{}/pay/demo/{late}", app.address))
        .form(&[("csrf_token", csrf_pay.as_str()), ("outcome", "succeeded")])
        .send()
        .await
        .unwrap();
    let gift = app.store().donation(&late).await.unwrap().unwrap();
    assert_eq!(gift.status.as_str(), "succeeded");
    assert_eq!(raised(app.progress_json("dorlotons").await), before);
    let (_, api) = app.get_text("/api/v1/campaigns/dorlotons/progress").await;
    assert!(
        api.contains(&format!("\"raised_cents\":{before},")),
        "{api}"
    );

    // Open again: the bar shows everything received.
    let response = post(
        &admin,
        &format!("/admin/campaigns/{id}/close"),
        &[("csrf_token", &csrf), ("action", "open")],
    )
    .await;
    assert_eq!(location(&response), "/admin/campaigns?notice=ouverte");
    assert_eq!(
        raised(app.progress_json("dorlotons").await),
        before + gift.amount.get()
    );
    let (_, html) = app.get_text("/campaigns/dorlotons").await;
    assert!(html.contains("/campaigns/dorlotons/donate"));
}

#[tokio::test]
async fn only_admins_manage_campaigns() {
    let app = spawn_app().await;
    let finance = signed_in(&app, "tresorerie@example.org", "finance").await;
    let moderator = signed_in(&app, "moderation@example.org", "moderator").await;
    let visitor = Browser::new(&app);
    let id = app.campaign_id("dorlotons").await;
    for page in [
        "/admin/campaigns".to_owned(),
        "/admin/campaigns/new".to_owned(),
        format!("/admin/campaigns/{id}"),
    ] {
        for b in [&finance, &moderator] {
            let (status, _) = b.get_text(&page).await;
            assert_eq!(status, 403, "{page}");
        }
        let (status, _) = visitor.get_text(&page).await;
        assert_eq!(status, 303, "{page}");
    }
    let csrf = token_of(&finance, "/admin").await;
    let response = post(
        &finance,
        &format!("/admin/campaigns/{id}/close"),
        &[("csrf_token", &csrf)],
    )
    .await;
    assert_eq!(response.status(), 403);
    let (_, html) = app.get_text("/campaigns/dorlotons").await;
    assert!(html.contains("/campaigns/dorlotons/donate"), "still open");
}

#[tokio::test]
async fn the_campaign_text_is_previewed_as_the_page_will_show_it_without_saving() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    let id = app.campaign_id("dorlotons").await;
    let path = format!("/admin/campaigns/{id}");
    let before = app.store().campaign_by_id(id).await.unwrap().unwrap();
    let mut draft = with_changes(
        HIVER,
        &[
            ("slug", "dorlotons"),
            (
                "body_markdown",
                "Un **grand** merci <script>alert(1)</script>",
            ),
        ],
    );
    draft.push(("preview", "1"));
    let response = submit(&admin, &path, &draft).await;
    assert_eq!(response.status(), 200, "{}", location(&response));
    let html = response.text().await.unwrap();
    let preview = &html[html.find("id=\"apercu\"").expect("the preview")..];
    let preview = &preview[..preview.find("</section>").unwrap()];
    assert!(
        preview.contains("Un <strong>grand</strong> merci"),
        "{preview}"
    );
    assert!(!preview.contains("<script>"), "{preview}");
    assert!(visible_text(&html).contains("rien n'est enregistré"));
    // The text stays in the form, and nothing was saved.
    assert!(
        html.contains("Un **grand** merci &#60;script&#62;"),
        "{html}"
    );
    let after = app.store().campaign_by_id(id).await.unwrap().unwrap();
    assert_eq!(after.campaign.body_markdown, before.campaign.body_markdown);
    assert_eq!(after.campaign.title, before.campaign.title);
}

#[tokio::test]
async fn a_campaign_gets_an_image_with_its_text_on_its_page_and_in_link_previews() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    let id = app.campaign_id("dorlotons").await;
    let path = format!("/admin/campaigns/{id}");
    let url = format!("{}{path}/image", app.address);
    let png = common::signature_png();
    let send = |form: reqwest::multipart::Form| admin.client.post(&url).multipart(form).send();

    // Not an image, or no words for it: refused beside the field, nothing kept.
    let csrf = token_of(&admin, &path).await;
    for (bytes, alt, field) in [
        (b"GIF89a....".to_vec(), "Des bénévoles", "image"),
        (png.clone(), "  ", "alt"),
    ] {
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", csrf.clone())
            .text("alt", alt)
            .part(
                "image",
                reqwest::multipart::Part::bytes(bytes).file_name("photo"),
            );
        let response = send(form).await.unwrap();
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!("id=\"err-{field}\"")), "{html}");
    }
    assert!(app.store().campaign_image(id).await.unwrap().is_none());
    // Without the form's token: refused.
    let form = reqwest::multipart::Form::new()
        .text("alt", "x")
        .part("image", reqwest::multipart::Part::bytes(png.clone()));
    assert_eq!(send(form).await.unwrap().status(), 403);

    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf.clone())
        .text("alt", "Des bénévoles autour d'une table")
        .part(
            "image",
            reqwest::multipart::Part::bytes(png.clone()).file_name("photo.png"),
        );
    let response = send(form).await.unwrap();
    assert_eq!(response.status(), 303);

    let (_, page) = app.get_text("/campaigns/dorlotons").await;
    let at = page
        .find("class=\"campaign__image\"")
        .expect("the image on the page");
    let tag = &page[at..at + page[at..].find('>').unwrap()];
    assert!(
        tag.contains("alt=\"Des bénévoles autour d&#39;une table\""),
        "{tag}"
    );
    let src = tag
        .split("src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(src.starts_with("/campaigns/dorlotons/image?v="), "{src}");
    assert!(page.contains(&format!(
        "<meta property=\"og:image\" content=\"{}{src}\">",
        app.address
    )));
    assert!(page.contains("summary_large_image"));
    let image = app.get(src).await;
    assert_eq!(image.status(), 200);
    assert_eq!(image.headers()["content-type"], "image/png");
    assert_eq!(
        image.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(image.bytes().await.unwrap().to_vec(), png);

    // Removed: the page has no image, its address answers 404.
    let (_, edit) = admin.get_text(&path).await;
    assert!(edit.contains("Retirer l&#39;image") || edit.contains("Retirer l'image"));
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf)
        .text("remove", "on");
    assert_eq!(send(form).await.unwrap().status(), 303);
    let (_, page) = app.get_text("/campaigns/dorlotons").await;
    assert!(!page.contains("campaign__image"));
    assert_eq!(app.get(src).await.status(), 404);
}

#[tokio::test]
async fn a_campaign_is_written_in_its_language_and_translated_with_a_note_until_it_is() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    let response = submit(&admin, "/admin/campaigns/new", HIVER).await;
    assert_eq!(response.status(), 303);
    let edit = format!("/admin/campaigns/{}", app.campaign_id("hiver").await);
    // No English version yet: the form says what English readers see.
    let (_, form) = admin.get_text(&edit).await;
    assert!(form.contains(r#"id="missing-en""#), "{form}");
    assert!(visible_text(&form).contains("Pas encore de version English"));
    let english = [("accept-language", "en")];
    let page = |path: &'static str| {
        let app = &app;
        async move {
            app.client
                .get(format!("{}{path}", app.address))
                .header(english[0].0, english[0].1)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    // Meanwhile the English page shows the French text, marked as French.
    let html = page("/campaigns/hiver").await;
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(
        html.contains(r#"<h1 lang="fr">Campagne d&#39;hiver</h1>"#),
        "{html}"
    );

    // A text without its title: refused beside the field, nothing saved.
    let mut fields = HIVER.to_vec();
    fields.push(("body_markdown_en", "Help us **this winter**."));
    let response = submit(&admin, &edit, &fields).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"id="err-title_en""#), "{html}");
    assert!(
        html.contains("Help us **this winter**."),
        "what was typed stays"
    );
    fields.push(("title_en", "Winter campaign"));
    let response = submit(&admin, &edit, &fields).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let html = page("/campaigns/hiver").await;
    assert!(html.contains("<h1>Winter campaign</h1>"), "{html}");
    assert!(
        html.contains("Help us <strong>this winter</strong>."),
        "{html}"
    );
    assert!(html.contains(r#"<meta property="og:title" content="Winter campaign">"#));
    // French readers still read French; the embed follows its language.
    let (_, french) = app.get_text("/campaigns/hiver").await;
    assert!(french.contains("<h1>Campagne d&#39;hiver</h1>"));
    let (_, embed) = app.get_text("/embed/hiver?lang=en").await;
    assert!(embed.contains("Winter campaign"), "{embed}");
    let (_, form) = admin.get_text(&edit).await;
    assert!(!form.contains(r#"id="missing-en""#));

    // A campaign written in English speaks English to those who say nothing.
    let mut fields: Vec<(&str, &str)> = HIVER
        .iter()
        .map(|(k, v)| match *k {
            "slug" => (*k, "winter"),
            "title" => (*k, "Winter appeal"),
            _ => (*k, *v),
        })
        .collect();
    fields.push(("lang", "en"));
    let response = submit(&admin, "/admin/campaigns/new", &fields).await;
    assert_eq!(response.status(), 303);
    let (_, html) = app.get_text("/campaigns/winter").await;
    assert!(html.contains(r#"<html lang="en">"#), "{html}");
    let html = app
        .client
        .get(format!("{}/campaigns/winter", app.address))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"<html lang="fr">"#));
    assert!(
        html.contains(r#"<h1 lang="en">Winter appeal</h1>"#),
        "{html}"
    );
}

#[tokio::test]
async fn a_campaign_thanks_its_donors_and_labels_its_amounts_in_each_language() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    let mut fields = HIVER.to_vec();
    fields.push(("thanks_markdown", "Merci **infiniment** !"));
    // Four labels for three amounts: said beside the field, nothing saved.
    fields.push(("amount_labels", "Un repas\n\nUne nuit\nDe trop"));
    let response = submit(&admin, "/admin/campaigns/new", &fields).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"id="err-amount_labels""#), "{html}");
    assert!(
        visible_text(&html).contains("3 montants, 4 libellés"),
        "{html}"
    );
    assert_eq!(app.store().count_campaigns().await.unwrap(), 1);
    fields.pop();
    fields.push(("amount_labels", "Un repas\r\n\r\nUne nuit au chaud\r\n"));
    let response = submit(&admin, "/admin/campaigns/new", &fields).await;
    assert_eq!(response.status(), 303);
    let edit = format!("/admin/campaigns/{}", app.campaign_id("hiver").await);
    // Not yet in English: the form says so, English readers get the French.
    let (_, form) = admin.get_text(&edit).await;
    assert!(form.contains(r#"id="missing-thanks-en""#), "{form}");
    assert!(form.contains(r#"id="missing-labels-en""#));
    let (_, english) = app.get_text("/campaigns/hiver?lang=en").await;
    assert!(
        english.contains(r#"<span class="choice__note" lang="fr">Un repas</span>"#),
        "{english}"
    );
    // The amount between keeps no label.
    assert_eq!(english.matches("choice__note").count(), 2);

    fields.extend([
        ("title_en", "Winter campaign"),
        ("thanks_markdown_en", "Thank you **so much**!"),
        ("amount_labels_en", "A meal\n\nA warm night"),
    ]);
    let response = submit(&admin, &edit, &fields).await;
    assert_eq!(response.status(), 303);
    let (_, form) = admin.get_text(&edit).await;
    assert!(!form.contains(r#"id="missing-thanks-en""#));
    assert!(!form.contains(r#"id="missing-labels-en""#));
    assert!(
        form.contains("A meal\n\nA warm night"),
        "typed back: {form}"
    );
    let (_, english) = app.get_text("/campaigns/hiver?lang=en").await;
    assert!(english.contains(r#"<span class="choice__note">A warm night</span>"#));
    let (_, french) = app.get_text("/campaigns/hiver").await;
    assert!(french.contains(r#"<span class="choice__note">Une nuit au chaud</span>"#));
    let campaign = app
        .store()
        .campaign_by_slug("hiver")
        .await
        .unwrap()
        .unwrap()
        .campaign;
    assert_eq!(campaign.thanks_markdown, "Merci **infiniment** !");
    assert_eq!(
        campaign.thanks_in("en").map(|t| t.text),
        Some("Thank you **so much**!")
    );
}
