//! The donor side in French and English: the language chosen by the
//! switcher's cookie, then `?lang=`, then the browser, then French; the page
//! says which (`<html lang>`, alternates) and that it varies with it; staff
//! pages stay French.

use crate::common;

use common::{spawn_app, visible_text};

async fn page(
    app: &common::TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, reqwest::header::HeaderMap, String) {
    let (status, headers, body) = app.get_with(path, headers).await;
    (status, headers, String::from_utf8(body).unwrap())
}

/// Chooses English with the switcher: this browser keeps it in its cookie.
async fn speak_english(app: &common::TestApp) {
    let response = app
        .client
        .get(format!("{}/lang/en?back=/campaigns/dorlotons", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
}

/// Fails unless `text` holds each of `said`.
fn says(text: &str, said: &[&str]) {
    for s in said {
        assert!(text.contains(s), "{s}: {text}");
    }
}

fn folded(text: &str) -> String {
    text.replace(['\u{202f}', '\u{a0}'], " ")
}

#[tokio::test]
async fn a_browser_in_english_gets_the_campaign_in_english_and_may_switch() {
    let app = spawn_app().await;
    let english = [("accept-language", "en-GB,en;q=0.9,fr;q=0.3")];
    let (status, headers, html) = page(&app, "/campaigns/dorlotons", &english).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="en">"#), "{html}");
    let text = folded(&visible_text(&html));
    says(
        &text,
        &[
            "Donate",
            "Frequency",
            "Once",
            "Every month",
            "Your details",
            "I would like a tax receipt (for French taxpayers)",
            "Continue to payment",
            "Guestbook",
            "Share the campaign",
            "of the goal",
            "Skip to content",
            "Germany",
            "United Kingdom",
        ],
    );
    for french in [
        "Faire un don",
        "Fréquence",
        "Tous les mois",
        "Vos coordonnées",
        "Continuer vers le paiement",
        "Livre d'or",
        "de l'objectif",
        "donateurs",
        "Mentions légales",
        "Allemagne",
        "après réduction",
        "Après réduction",
    ] {
        assert!(
            !text.contains(french),
            "{french} on the English page: {text}"
        );
    }
    // Amounts the English way, the goal of the sample campaign included.
    assert!(text.contains("of a €60,000 goal"), "{text}");
    // It says it varies with the language, and where the other one is.
    let vary: Vec<&str> = headers
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        vary.iter().any(|v| v.contains("Accept-Language")),
        "{vary:?}"
    );
    let base = &app.address;
    assert!(html.contains(&format!(
        r#"<link rel="alternate" hreflang="fr" href="{base}/campaigns/dorlotons?lang=fr">"#
    )));
    assert!(html.contains(&format!(
        r#"<link rel="alternate" hreflang="en" href="{base}/campaigns/dorlotons?lang=en">"#
    )));

    // No preference: French.
    let (_, _, html) = page(&app, "/campaigns/dorlotons", &[]).await;
    assert!(html.contains(r#"<html lang="fr">"#));
    assert!(visible_text(&html).contains("Faire un don"));
    // A browser asking for neither: French; one refusing English: French.
    for accept in ["de-DE,es;q=0.5", "en;q=0, de"] {
        let (_, _, html) = page(&app, "/campaigns/dorlotons", &[("accept-language", accept)]).await;
        assert!(html.contains(r#"<html lang="fr">"#), "{accept}");
    }
    // `?lang=` beats the browser.
    let (_, _, html) = page(&app, "/campaigns/dorlotons?lang=fr", &english).await;
    assert!(html.contains(r#"<html lang="fr">"#));

    // The switcher, on the page, keeps the choice in a cookie that wins.
    let switch = "/lang/fr?back=%2Fcampaigns%2Fdorlotons";
    let (_, _, html) = page(&app, "/campaigns/dorlotons", &english).await;
    assert!(
        html.contains(&format!(
            r#"<a href="{switch}" hreflang="fr" lang="fr">Français</a>"#
        )),
        "{html}"
    );
    let response = app
        .client
        .get(format!("{}{switch}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/campaigns/dorlotons");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.starts_with("lang=fr;") && cookie.contains("Max-Age=31536000"),
        "{cookie}"
    );
    let (_, _, html) = page(
        &app,
        "/campaigns/dorlotons?lang=en",
        &[("accept-language", "en"), ("cookie", "lang=fr")],
    )
    .await;
    assert!(
        html.contains(r#"<html lang="fr">"#),
        "the explicit choice wins"
    );
    // A switch never leaves the site.
    for hostile in [
        "https%3A%2F%2Fevil.example",
        "%2F%2Fevil.example",
        "javascript:alert(1)",
    ] {
        let response = app
            .client
            .get(format!("{}/lang/en?back={hostile}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["location"], "/", "{hostile}");
    }

    // Error pages speak it too; staff pages stay French.
    let (status, _, html) = page(&app, "/campaigns/nulle-part", &english).await;
    assert_eq!(status, 404);
    assert!(visible_text(&html).contains("Page not found"), "{html}");
    let (_, headers, html) = page(&app, "/admin/login", &english).await;
    assert!(html.contains(r#"<html lang="fr">"#));
    assert!(!html.contains("hreflang"), "no switcher on staff pages");
    assert!(
        headers
            .get_all("vary")
            .iter()
            .all(|v| !v.to_str().unwrap().contains("Accept-Language"))
    );
}

#[tokio::test]
async fn the_embed_and_the_badge_follow_their_lang() {
    let app = spawn_app().await;
    let (_, _, html) = page(&app, "/embed/dorlotons?lang=en", &[]).await;
    assert!(html.contains(r#"<html lang="en">"#));
    let text = folded(&visible_text(&html));
    assert!(
        text.contains("raised of €60,000") && text.contains("Donate"),
        "{text}"
    );
    assert!(
        !text.contains("Faire un don") && !text.contains("collectés"),
        "{text}"
    );
    // Without `lang`, the browser's language.
    let (_, _, html) = page(&app, "/embed/dorlotons", &[("accept-language", "en-US")]).await;
    assert!(html.contains(r#"<html lang="en">"#));
    // The widget carries every language's words, from the files.
    let (_, _, script) = page(&app, "/widget.js", &[]).await;
    assert!(script.contains(r#""raisedOf":"raised of""#), "{script}");
    assert!(script.contains(r#""raisedOf":"collectés sur""#));
    assert!(!script.contains("/*WORDS*/"));
    let (_, _, svg) = page(&app, "/campaigns/dorlotons/badge.svg?lang=en", &[]).await;
    assert!(folded(&svg).contains(" of €60,000 — "), "{svg}");
    let (_, _, svg) = page(
        &app,
        "/campaigns/dorlotons/badge.svg",
        &[("accept-language", "en")],
    )
    .await;
    assert!(
        folded(&svg).contains(" sur 60 000 € — "),
        "an image's language is its address's: {svg}"
    );
}

#[tokio::test]
async fn the_form_s_messages_are_in_the_donor_s_language() {
    let app = spawn_app().await;
    speak_english(&app).await;
    let response = app
        .post_donation(
            "dorlotons",
            &common::gift_with(&[
                ("amount_other", "0,50"),
                ("email", "pas-une-adresse"),
                ("postal_code", "123"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en">"#));
    let text = folded(&visible_text(&html));
    says(
        &text,
        &[
            "Your gift has not gone yet: check the fields marked.",
            "The minimum gift is €1.",
            "This email address does not look valid",
            "A French postal code has five digits.",
        ],
    );
    assert!(!text.contains("Le don minimum"), "{text}");
}

#[tokio::test]
async fn a_gift_made_in_english_keeps_its_language_to_the_thank_you() {
    let app = spawn_app().await;
    speak_english(&app).await;
    let id = app
        .give_demo("dorlotons", &common::gift_with(&[]), "succeeded")
        .await;
    let gift = app.store().donation(&id).await.unwrap().unwrap();
    assert_eq!(gift.lang, "en", "recorded with the gift");
    // Another browser, in French, opening the gift's page: the gift's language.
    let stranger = reqwest::Client::new();
    let html = stranger
        .get(format!("{}/donations/{id}/thanks", app.address))
        .header("accept-language", "fr-FR")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"<html lang="en">"#), "{html}");
    let text = folded(&visible_text(&html));
    says(
        &text,
        &[
            "Thank you, Camille!",
            "Your gift of €30.50 to “Dorlotons Dégooglisons” is recorded.",
            "For French taxpayers: after the 66% income tax reduction, your gift costs you €10.37.",
            "Your tax receipt will be sent to you by email.",
            "Spread the word",
        ],
    );
    assert!(
        !text.contains("Merci") && !text.contains("Votre don"),
        "{text}"
    );
    // The thank-you email too, in English (its receipt stays French by law).
    app.drain_jobs().await;
    let mail = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.to == "camille@example.org" && m.subject.starts_with("Thank you"))
        .expect("the thank-you in English");
    assert_eq!(
        mail.subject,
        "Thank you for your gift to “Dorlotons Dégooglisons”"
    );
    let body = folded(&mail.text);
    for said in [
        "Hello Camille,",
        "Thank you! Your gift of €30.50 made on ",
        "For French taxpayers: after the 66% income tax reduction, your gift costs you €10.37.",
        "Thank you for your support,",
        " team",
    ] {
        assert!(body.contains(said), "{said}: {body}");
    }
    for french in ["Bonjour", "Merci", "Votre", "L'équipe", "espace donateur"] {
        assert!(!body.contains(french), "{french}: {body}");
    }
    assert!(mail.html.contains(r#"<html lang="en">"#));
    // Its donor space, and the page to erase one's data, in English too.
    let link = mail
        .text
        .lines()
        .find(|l| l.starts_with("Your donor space"))
        .and_then(|l| l.split_once(": "))
        .map(|(_, url)| url.trim().to_owned())
        .expect("the donor space's link");
    let path = &link[link.find("/me/").expect("a donor link")..];
    let (status, space) = app.get_text(path).await;
    assert_eq!(status, 200);
    let text = folded(&visible_text(&space));
    says(
        &text,
        &[
            "My gifts",
            "One-off gift",
            "€30.50",
            "Received",
            "Details for my next receipts",
            "Erase my data…",
        ],
    );
    assert!(
        !text.contains("Mes dons") && !text.contains("Don ponctuel"),
        "{text}"
    );
    let (_, erase) = app.get_text(&format!("{path}/erase")).await;
    let text = folded(&visible_text(&erase));
    assert!(
        text.contains("What will be erased")
            && text.contains("I understand that erasure is final."),
        "{text}"
    );
    // Unless that browser chose French.
    let html = stranger
        .get(format!("{}/donations/{id}/thanks?lang=fr", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(visible_text(&html).contains("Merci Camille"), "{html}");
}

#[tokio::test]
async fn a_monthly_gift_in_english_gets_its_emails_in_english() {
    let app = spawn_app().await;
    app.client
        .get(format!("{}/lang/en?back=/", app.address))
        .send()
        .await
        .unwrap();
    app.give_demo(
        "dorlotons",
        &common::gift_with(&[("frequency", "monthly"), ("amount_other", "10")]),
        "succeeded",
    )
    .await;
    app.drain_jobs().await;
    let mail = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.to == "camille@example.org")
        .expect("the monthly gift's email");
    assert_eq!(
        mail.subject,
        "Your monthly gift to “Dorlotons Dégooglisons” has started"
    );
    let text = folded(&mail.text);
    says(
        &text,
        &[
            "Thank you! Your gift of €10 a month to “Dorlotons Dégooglisons” started on ",
            "after the 66% income tax reduction, your gift costs you €3.40 a month.",
            "You can change or stop your monthly gift at any time from your donor space.",
        ],
    );
}

/// The words a template writes itself, outside `{{ … }}` and `{% … %}`:
/// its text between tags, and the attributes people read.
fn raw_words(template: &str) -> Vec<String> {
    // Template code and comments out.
    let mut text = String::with_capacity(template.len());
    let mut rest = template;
    // Sentences written as strings in the template's code (`plural(n,
    // "don", "dons")`): a message key has neither spaces nor accents.
    let mut literals = Vec::new();
    while let Some(at) = rest.find(['{']) {
        text.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = if after.starts_with("{{") {
            after.find("}}").map(|e| e + 2)
        } else if after.starts_with("{%") {
            after.find("%}").map(|e| e + 2)
        } else if after.starts_with("{#") {
            after.find("#}").map(|e| e + 2)
        } else {
            Some(1)
        };
        let end = end.unwrap_or(after.len());
        if end > 1 {
            text.push(' ');
            if !after.starts_with("{#") {
                literals.extend(
                    after[..end]
                        .split('"')
                        .skip(1)
                        .step_by(2)
                        .filter(|l| {
                            l.chars().any(char::is_alphabetic)
                                && l.chars().any(|c| c == ' ' || !c.is_ascii())
                        })
                        .map(str::to_owned),
                );
            }
        } else {
            text.push('{');
        }
        rest = &after[end..];
    }
    text.push_str(rest);
    // The attributes people read, then the tags out.
    let mut words = Vec::new();
    // (`content` is left out: the meta tags' are codes, `width=device-width`.)
    for attr in ["placeholder=\"", "aria-label=\"", "title=\"", "alt=\""] {
        for part in text.split(attr).skip(1) {
            words.push(part[..part.find('"').unwrap_or(0)].to_owned());
        }
    }
    let mut outside = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                outside.push(' ');
            }
            _ if !in_tag => outside.push(c),
            _ => {}
        }
    }
    words.push(outside);
    words.extend(literals);
    // What may stand in any language: names, codes, signs.
    const ANY: &[&str] = &[
        "soutenir", "IBAN", "BIC", "PDF", "JSON", "Stripe", "nbsp", "8239", "quot",
    ];
    words
        .iter()
        .flat_map(|w| {
            w.split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() > 1 && !ANY.contains(w))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_template_writes_its_words_through_the_translation_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    // Every page, part and message: donors', visitors', embedding sites'
    // and the staff's (French, but from the files too).
    let mut translated = Vec::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "html" || e == "txt" || e == "svg")
            {
                translated.push(path.strip_prefix(&root).unwrap().display().to_string());
            }
        }
    }
    assert!(translated.len() > 60, "{translated:?}");
    let mut found = Vec::new();
    for name in &translated {
        let template = std::fs::read_to_string(root.join(name)).expect(name);
        let words = raw_words(&template);
        if !words.is_empty() {
            found.push(format!("{name}: {words:?}"));
        }
    }
    assert!(
        found.is_empty(),
        "words written in the templates:\n{}",
        found.join("\n")
    );
    // The check finds words where there are some.
    assert_eq!(
        raw_words(
            r#"<p title="Aide">Bonjour {{ name }}</p><input placeholder="{{ demo.t("x") }}">{{ plural(n, "don", "dons reçus") }}"#
        ),
        ["Aide", "Bonjour", "dons", "reçus"]
    );
}

#[tokio::test]
async fn the_legal_and_personal_data_pages_speak_english_too() {
    let app = spawn_app().await;
    let english = [("accept-language", "en")];
    let (_, _, html) = page(&app, "/donnees-personnelles", &english).await;
    let text = folded(&visible_text(&html));
    says(
        &text,
        &[
            "What is collected, and why",
            "No advertising cookie or third-party tracker is used.",
            "A “lang” cookie keeps the language you chose",
            "Tax receipts and the payments they certify are kept 6 years",
            "the CNIL, the French data protection authority",
        ],
    );
    let (_, _, html) = page(&app, "/mentions-legales", &english).await;
    let text = folded(&visible_text(&html));
    says(
        &text,
        &[
            "Legal notice",
            "Publisher of the site",
            "Director of publication:",
            "France",
        ],
    );
    assert!(
        !text.contains("Éditeur") && !text.contains("Paiements"),
        "{text}"
    );
}

#[tokio::test]
async fn the_campaign_s_thanks_and_amount_labels_are_in_the_reader_s_language() {
    let app = spawn_app().await;
    // The form: each suggested amount's label in the page's language.
    let (_, _, html) = page(&app, "/campaigns/dorlotons?lang=en", &[]).await;
    let text = folded(&visible_text(&html));
    says(&text, &["A domain name for a year", "A month of a server"]);
    assert!(!text.contains("Un mois de serveur"), "{text}");
    let (_, _, html) = page(&app, "/campaigns/dorlotons", &[]).await;
    says(
        &folded(&visible_text(&html)),
        &["Un nom de domaine pour un an", "Un mois de serveur"],
    );

    // A gift in English: the campaign's own thanks, in English, on the
    // thank-you page and in the email.
    speak_english(&app).await;
    let id = app
        .give_demo("dorlotons", &common::gift_with(&[]), "succeeded")
        .await;
    let (_, html) = app.get_text(&format!("/donations/{id}/thanks")).await;
    assert!(
        html.contains("Thanks to you, our services stay <strong>free and open to all</strong>."),
        "{html}"
    );
    assert!(!html.contains("Grâce à vous"));
    app.drain_jobs().await;
    let mail = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.subject.starts_with("Thank you"))
        .expect("the thank-you");
    assert!(
        mail.text
            .contains("Thanks to you, our services stay **free and open to all**."),
        "{}",
        mail.text
    );
    assert!(mail.html.contains("<strong>free and open to all</strong>"));

    // A gift in French reads the French thanks.
    app.client
        .get(format!("{}/lang/fr?back=/", app.address))
        .send()
        .await
        .unwrap();
    let id = app
        .give_demo("dorlotons", &common::gift_with(&[]), "succeeded")
        .await;
    let (_, html) = app.get_text(&format!("/donations/{id}/thanks")).await;
    assert!(
        html.contains("Grâce à vous, nos services restent"),
        "{html}"
    );
}

#[tokio::test]
async fn links_keep_the_language_a_bare_link_would_lose() {
    let app = spawn_app().await;
    // Chosen by `?lang=` in a French browser: every link of the site carries it.
    let french = [("accept-language", "fr-FR")];
    let (_, _, html) = page(&app, "/campaigns/dorlotons?lang=en", &french).await;
    for link in [
        r#"href="/mentions-legales?lang=en""#,
        r#"href="/me?lang=en""#,
        r#"href="/?lang=en""#,
    ] {
        assert!(html.contains(link), "{link}: {html}");
    }
    // The guestbook reached that way is English, and links back in English.
    let (_, _, html) = page(&app, "/campaigns/dorlotons/guestbook?lang=en", &french).await;
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(
        html.contains(r#"href="/campaigns/dorlotons?lang=en#don""#),
        "{html}"
    );
    // The embed's link opens the campaign in the embed's language.
    let (_, _, html) = page(&app, "/embed/dorlotons?lang=en", &french).await;
    assert!(
        html.contains(&format!(
            r#"href="{}/campaigns/dorlotons?lang=en""#,
            app.address
        )),
        "{html}"
    );
    // Where a bare link is read in the same language (the browser's, the
    // cookie's), links stay bare.
    let (_, _, html) = page(&app, "/campaigns/dorlotons", &[("accept-language", "en")]).await;
    assert!(html.contains(r#"href="/mentions-legales""#), "{html}");
    let (_, _, html) = page(
        &app,
        "/campaigns/dorlotons?lang=en",
        &[("cookie", "lang=en")],
    )
    .await;
    assert!(html.contains(r#"href="/mentions-legales""#));
    // A form of the donor space keeps it through its redirect.
    let response = app
        .client
        .post(format!("{}/me?lang=en", app.address))
        .header("accept-language", "fr-FR")
        .form(&[("email", "personne@example.org")])
        .send()
        .await
        .unwrap();
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en">"#), "{html}");
}

#[tokio::test]
async fn a_receipt_cancelled_after_a_refund_is_said_in_the_gift_s_language() {
    let app = spawn_app().await;
    speak_english(&app).await;
    let id = app
        .give_demo("dorlotons", &common::gift_with(&[]), "succeeded")
        .await;
    app.drain_jobs().await;
    app.store()
        .refund_donation(
            &id,
            soutenir::domain::money::Cents::new(1050),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap()
        .expect("refund recorded");
    app.drain_jobs().await;
    let mail = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.subject.contains("is cancelled"))
        .expect("the cancellation, in English");
    let body = folded(&mail.text);
    says(
        &body,
        &[
            "Hello Camille,",
            "As your gift was refunded, your tax receipt no. ",
            " for €30.50 is cancelled: do not use it for your tax return.",
            "It is replaced by receipt no. ",
            ", for €20.00, the part of your gift that remains given.",
            "Your receipts are also in your donor space: ",
        ],
    );
    for french in ["Bonjour", "reçu", "remboursement", "Vous recevez"] {
        assert!(!body.contains(french), "{french}: {body}");
        assert!(!mail.html.contains(french), "{french}: {}", mail.html);
    }
    assert!(mail.html.contains(r#"<html lang="en">"#));
    assert!(
        mail.html
            .contains("You get this message because you made a gift.")
    );
}

#[test]
fn every_message_the_code_asks_for_is_in_the_files() {
    use soutenir::i18n::{Lang, keys, staff_keys};
    let mut known = keys(Lang::FR);
    known.extend(staff_keys());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut folders = vec![root.join("templates"), root.join("src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    let mut asked = 0;
    let mut missing = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        // `t("key"`, `t1("key"`, `tn("key"`, `t_with("key"`, `add_key(field, "key"`.
        for call in [
            ".t(\"",
            ".t1(\"",
            ".t2(\"",
            ".t3(\"",
            ".tn(\"",
            ".t_with(\"",
        ] {
            for part in text.split(call).skip(1) {
                let key = &part[..part.find('"').unwrap_or(0)];
                if key.is_empty()
                    || !key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    continue;
                }
                asked += 1;
                // (The one a unit test asks for to see a missing one shown.)
                if key != "no-such-message" && !known.iter().any(|k| k == key) {
                    missing.push(format!("{}: {key}", path.display()));
                }
            }
        }
    }
    assert!(asked > 500, "{asked}");
    assert!(
        missing.is_empty(),
        "no such message:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_code_of_pages_emails_and_commands_writes_no_sentence_of_its_own() {
    // What the web, the emails, the jobs, the payments, the bank and the
    // command line say comes from the files; French kept in code is the
    // receipts' legal wording (domain::cerfa, receipts::pdf) and the
    // accountant's files (journal, exports), by law and by format.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<std::path::PathBuf> = ["main.rs", "config.rs", "privacy.rs", "gifts.rs"]
        .iter()
        .map(|f| root.join(f))
        .collect();
    let mut folders: Vec<_> = ["web", "mail", "jobs", "payments", "bank"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 30, "{files:?}");
    let mut found = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for literal in line.split('"').skip(1).step_by(2) {
                if literal.chars().any(|c| "éèàêçùâîôûÉÀ«»".contains(c)) {
                    found.push(format!("{}:{}: {literal}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "sentences in code:\n{}", found.join("\n"));
}
