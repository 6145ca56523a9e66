//! The association in front of its donors: its name and logo on every page,
//! its own pages (legal notice, personal data, contact), emails in its name.

use crate::common;

use common::staff::{Browser, invite, set_password, token_of};
use common::{GIFT, spawn_app, visible_text};

const PNG: &str = "89504e470d0a1a0a0000000d4948445200000001000000010804000000b51c0c020000000b4944415478da6364600000000600023081d02f0000000049454e44ae426082";

fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The organisation form with a site, a contact address and additions to
/// its pages.
fn form(csrf: &str, changes: &[(&str, &str)]) -> reqwest::multipart::Form {
    let mut all = vec![
        ("website", "https://amis-du-libre.example/"),
        ("contact_email", "Contact@Amis-du-Libre.example"),
        ("association_1901", "on"),
        (
            "legal_text",
            "Hébergé par **Exemple Hébergement**, Lyon. <script>alert(1)</script>",
        ),
        (
            "privacy_text",
            "Délégué à la protection des données : dpo@amis-du-libre.example",
        ),
    ];
    for change in changes {
        all.retain(|(n, _)| *n != change.0);
        all.push(*change);
    }
    common::organisation_form(csrf, &all)
}

#[tokio::test]
async fn pages_and_emails_name_the_association_with_its_logo_pages_and_reply_address() {
    let app = spawn_app().await;
    let admin = Browser::new(&app);
    let link = invite(&app, Some("admin@example.org"), "admin").await;
    set_password(&admin, &link, "").await;
    let url = format!("{}/admin/organisation", app.address);

    // A site that is not an address: refused beside the field, nothing saved.
    let csrf = token_of(&admin, "/admin/organisation").await;
    let response = admin
        .client
        .post(&url)
        .multipart(form(&csrf, &[("website", "amis-du-libre")]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"err-website\""), "{html}");
    assert!(visible_text(&html).contains("Indiquez l'adresse complète du site"));

    let png = hex::decode(PNG).unwrap();
    let csrf = token_of(&admin, "/admin/organisation").await;
    let response = admin
        .client
        .post(&url)
        .multipart(
            form(&csrf, &[])
                .part(
                    "logo",
                    reqwest::multipart::Part::bytes(png.clone()).file_name("logo.png"),
                )
                .part(
                    "signature",
                    reqwest::multipart::Part::bytes(common::signature_png())
                        .file_name("signature.png"),
                ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);

    // Every public page: the name and logo, linking to its site; the footer.
    for path in [
        "/campaigns/dorlotons",
        "/me",
        "/campaigns/dorlotons/guestbook",
        "/nulle-part",
    ] {
        let (_, html) = app.get_text(path).await;
        assert!(
            html.contains("<a class=\"brand\" href=\"https://amis-du-libre.example\"><img class=\"brand__logo\" src=\"/organisation/logo.png\""),
            "{path}: {html}"
        );
        let text = visible_text(&html);
        assert!(text.contains("Les Amis du Libre"), "{path}");
        for link in ["Mentions légales", "Données personnelles", "Contact"] {
            assert!(text.contains(link), "{path}: {link}");
        }
    }
    let logo = app.get("/organisation/logo.png").await;
    assert_eq!(logo.status(), 200);
    assert_eq!(logo.headers()["content-type"], "image/png");
    assert_eq!(logo.bytes().await.unwrap().to_vec(), png);

    // Its own pages, from the settings and the admin's additions (escaped).
    let (status, legal) = app.get_text("/mentions-legales").await;
    assert_eq!(status, 200);
    let text = folded(&visible_text(&legal));
    for fact in [
        "Les Amis du Libre",
        "RNA W691234567",
        "3 rue de la République, 69001 Lyon, France",
        "Responsable de la publication : Dominique Roux (Président)",
        "contact@amis-du-libre.example",
        "Hébergé par Exemple Hébergement",
    ] {
        assert!(text.contains(fact), "« {fact} » in {text}");
    }
    assert!(!legal.contains("<script>alert"), "{legal}");
    let (_, privacy) = app.get_text("/donnees-personnelles").await;
    let text = folded(&visible_text(&privacy));
    for fact in [
        "Le responsable du traitement est Les Amis du Libre",
        "Stripe",
        "conservés 6 ans après leur émission",
        "votre espace donateur",
        "CNIL",
        "dpo@amis-du-libre.example",
    ] {
        assert!(text.contains(fact), "« {fact} » in {text}");
    }
    assert!(privacy.contains("href=\"/me\""));
    let (_, contact) = app.get_text("/contact").await;
    assert!(
        contact.contains("href=\"mailto:contact@amis-du-libre.example\""),
        "{contact}"
    );

    // Emails: from its name, replies to its team, signed with its name.
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let mail = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.to == "camille@example.org")
        .expect("the thank-you");
    assert_eq!(mail.from_name, "Les Amis du Libre");
    assert_eq!(mail.reply_to, "contact@amis-du-libre.example");
    assert!(
        mail.text.contains("L'équipe de Les Amis du Libre"),
        "{}",
        mail.text
    );
    assert!(!mail.text.contains("[[signature]]"));
    assert!(mail.html.contains("♥ Les Amis du Libre"), "{}", mail.html);
    assert!(
        mail.html.contains("L&#39;équipe de Les Amis du Libre")
            || mail.html.contains("L'équipe de Les Amis du Libre"),
        "{}",
        mail.html
    );
}

#[tokio::test]
async fn a_shared_campaign_link_shows_a_preview_and_private_pages_stay_out_of_search_engines() {
    let app = spawn_app().await;
    let response = app.get("/campaigns/dorlotons").await;
    assert!(response.headers().get("x-robots-tag").is_none());
    let html = response.text().await.unwrap();
    for tag in [
        "<meta property=\"og:title\" content=\"Dorlotons Dégooglisons\">",
        "<meta property=\"og:type\" content=\"website\">",
        "<meta name=\"twitter:card\" content=\"summary\">",
        "/campaigns/dorlotons\">",
    ] {
        assert!(html.contains(tag), "{tag} in {html}");
    }
    let description = html
        .split("<meta name=\"description\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a meta description");
    assert!(
        description.starts_with("Depuis des années, notre association propose"),
        "{description}"
    );
    assert!(
        description.chars().count() <= 160 && !description.contains("**"),
        "{description}"
    );
    for private in ["/me", "/admin/login"] {
        let response = app.get(private).await;
        assert_eq!(
            response
                .headers()
                .get("x-robots-tag")
                .map(|v| v.to_str().unwrap()),
            Some("noindex, nofollow"),
            "{private}"
        );
    }
}

/// The `href` of the link whose text is `label` in `html`.
fn href_of(html: &str, label: &str) -> String {
    let at = html
        .find(&format!(">{label}</a>"))
        .unwrap_or_else(|| panic!("no « {label} » link"));
    let start = html[..at].rfind("href=\"").unwrap() + 6;
    html[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&")
        .replace("&#38;", "&")
}

#[tokio::test]
async fn the_thank_you_page_tells_what_comes_next_and_offers_to_share_and_give_monthly() {
    let app = spawn_app().await;
    let fields = common::gift_with(&[("message", "Bravo !"), ("display_name", "Camille")]);
    let id = app.give_demo("dorlotons", &fields, "succeeded").await;
    let (_, html) = app.get_text(&format!("/donations/{id}/thanks")).await;
    let text = visible_text(&html);
    assert!(
        text.contains("Votre reçu fiscal vous sera envoyé par courriel."),
        "{text}"
    );
    assert!(
        text.contains("Votre message au livre d'or sera publié après relecture"),
        "{text}"
    );
    // Plain share links to the campaign, no script.
    let campaign = format!("{}/campaigns/dorlotons", app.address);
    let encoded: String = form_urlencoded::byte_serialize(campaign.as_bytes()).collect();
    let mail = href_of(&html, "Par courriel");
    assert!(
        mail.starts_with("mailto:?subject=") && mail.contains(&encoded),
        "{mail}"
    );
    assert!(href_of(&html, "Facebook").contains(&encoded));
    assert!(
        !html.contains("<script src=\"http"),
        "no third-party script"
    );
    // After a one-off gift: the same amount every month, one click away.
    let offer = html
        .split("href=\"")
        .map(|rest| {
            rest.split('"')
                .next()
                .unwrap()
                .replace("&amp;", "&")
                .replace("&#38;", "&")
        })
        .find(|href| href.contains("frequency=monthly"))
        .expect("the monthly offer");
    assert_eq!(
        offer,
        "/campaigns/dorlotons?frequency=monthly&amount=30,50#don"
    );
    let (_, form) = app.get_text(offer.trim_end_matches("#don")).await;
    assert!(
        form.contains("name=\"frequency\" value=\"monthly\" checked"),
        "monthly chosen"
    );
    assert!(
        form.contains("name=\"amount_other\" value=\"30,50\""),
        "amount kept"
    );

    // Below the minimum, the page promises no receipt.
    let org = soutenir::store::Organisation {
        receipt_min: soutenir::domain::money::Cents::from_euros(50),
        ..common::real_organisation()
    };
    app.store()
        .save_organisation(&org, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let id = app
        .give_demo(
            "dorlotons",
            &common::gift_with(&[("email", "petit@example.org")]),
            "succeeded",
        )
        .await;
    let (_, html) = app.get_text(&format!("/donations/{id}/thanks")).await;
    let text = visible_text(&html);
    assert!(
        text.contains("Aucun reçu fiscal n'est établi pour ce don."),
        "{text}"
    );
    assert!(!text.contains("vous sera envoyé"), "{text}");
}

#[tokio::test]
async fn after_a_failed_payment_trying_again_keeps_what_was_typed() {
    let app = spawn_app().await;
    let fields = common::gift_with(&[("email", "essai@example.org"), ("amount_other", "42")]);
    let id = app.give_demo("dorlotons", &fields, "failed").await;
    let (_, html) = app.get_text(&format!("/donations/{id}/thanks")).await;
    let retry = href_of(&html, "Réessayer");
    assert_eq!(retry, format!("/campaigns/dorlotons?reprendre={id}#don"));
    let (status, form) = app.get_text(retry.trim_end_matches("#don")).await;
    assert_eq!(status, 200);
    for kept in [
        "value=\"essai@example.org\"",
        "value=\"Camille\"",
        "value=\"Martin\"",
        "value=\"12 rue des Lilas\"",
        "value=\"69007\"",
        "name=\"amount_other\" value=\"42\"",
    ] {
        assert!(form.contains(kept), "{kept}");
    }
    // A gift that went through is never handed back this way.
    let paid = app
        .give_demo(
            "dorlotons",
            &common::gift_with(&[("email", "paye@example.org")]),
            "succeeded",
        )
        .await;
    let (_, form) = app
        .get_text(&format!("/campaigns/dorlotons?reprendre={paid}"))
        .await;
    assert!(!form.contains("paye@example.org"));
    assert!(!form.contains("12 rue des Lilas"));
}

#[tokio::test]
async fn the_favicon_is_found_where_browsers_look_and_the_guestbook_is_never_stale() {
    let app = spawn_app().await;
    let response = app.get("/favicon.ico").await;
    assert_eq!(response.status(), 308);
    let to = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/static/favicon.svg?v="), "{to}");
    let icon = app.get(&to).await;
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    // A message approved a moment ago shows on the next visit.
    let guestbook = app.get("/campaigns/dorlotons/guestbook").await;
    assert_eq!(guestbook.headers()["cache-control"], "no-cache");
}

/// The first-run setup's steps on `/admin/start`, each with « fait » or « à faire ».
async fn steps(admin: &Browser<'_>) -> Vec<(String, bool)> {
    let (status, html) = admin.get_text("/admin/start").await;
    assert_eq!(status, 200, "{html}");
    let list = &html[html.find("id=\"steps\"").unwrap()..];
    let list = &list[..list.find("</ol>").unwrap()];
    list.split("<li class=\"")
        .skip(1)
        .map(|item| {
            let title = &item[item.find("<strong>").unwrap() + 8..item.find("</strong>").unwrap()];
            (title.replace("&#39;", "'"), item.starts_with("done"))
        })
        .collect()
}

#[tokio::test]
async fn a_new_admin_is_led_through_the_first_run_setup_until_donors_see_the_association() {
    let app = common::spawn_fresh_install(common::TestDb::new().await, |_| {}).await;
    let admin = Browser::new(&app);
    // The first admin's link, as the first start prints it.
    let link = invite(&app, None, "admin").await;
    let csrf = token_of(&admin, &link).await;
    let response = common::staff::post(
        &admin,
        &link,
        &[
            ("csrf_token", &csrf),
            ("email", "camille@amis-du-libre.example"),
            ("password", common::staff::PASSWORD),
            ("password_confirm", common::staff::PASSWORD),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(common::staff::location(&response), "/admin/start");
    let titles = [
        "Présenter l'organisme",
        "Compléter les reçus fiscaux",
        "Rédiger la campagne",
        "Inviter l'équipe",
    ];
    assert_eq!(
        steps(&admin).await,
        titles.map(|t| (t.to_owned(), false)).to_vec()
    );
    // The staff home nags until it is done.
    let (_, home) = admin.get_text("/admin").await;
    assert!(home.contains("id=\"setup-banner\""), "{home}");
    assert!(visible_text(&home).contains("vos donateurs voient encore des données d'exemple"));

    // Step 1 and 2 on the organisation page, which says where it stands and
    // comes back to the setup.
    let (_, page) = admin.get_text("/admin/organisation").await;
    assert!(
        visible_text(&page).contains("Premiers pas, étape 1 sur 3"),
        "{page}"
    );
    assert!(page.contains("name=\"next\" value=\"start\""));
    let url = format!("{}/admin/organisation", app.address);
    // A colour white text cannot be read on: refused beside the field, nothing saved.
    let csrf = token_of(&admin, "/admin/organisation").await;
    let response = admin
        .client
        .post(&url)
        .multipart(form(
            &csrf,
            &[("brand_colour", "#e8a100"), ("next", "start")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"err-brand_colour\""), "{html}");
    assert!(visible_text(&html).contains("Cette couleur est trop claire"));
    assert!(
        !app.store()
            .organisation()
            .await
            .unwrap()
            .unwrap()
            .details_saved
    );

    let csrf = token_of(&admin, "/admin/organisation").await;
    let response = admin
        .client
        .post(&url)
        .multipart(
            form(&csrf, &[("brand_colour", "1F3D6B"), ("next", "start")])
                .part(
                    "logo",
                    reqwest::multipart::Part::bytes(hex::decode(PNG).unwrap())
                        .file_name("logo.png"),
                )
                .part(
                    "signature",
                    reqwest::multipart::Part::bytes(common::signature_png())
                        .file_name("signature.png"),
                ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(common::staff::location(&response), "/admin/start");
    assert_eq!(
        steps(&admin).await.iter().map(|s| s.1).collect::<Vec<_>>(),
        [true, true, false, false]
    );

    // Donors now see the association, in its colour.
    let (_, public) = app.get_text("/campaigns/dorlotons").await;
    let header = &public[public.find("<header").unwrap()..public.find("</header>").unwrap()];
    assert!(
        visible_text(header).contains("Les Amis du Libre"),
        "{header}"
    );
    assert!(header.contains("href=\"https://amis-du-libre.example\""));
    assert!(header.contains("src=\"/organisation/logo.png\""));
    assert!(!public.contains("Association Exemple"));
    assert!(
        public.contains("href=\"/organisation/theme.css?v=1f3d6b\""),
        "{public}"
    );
    let theme = app.get("/organisation/theme.css?v=1f3d6b").await;
    assert_eq!(
        theme.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        theme.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let css = theme.text().await.unwrap();
    assert!(css.contains("--brand: #1f3d6b;"), "{css}");
    assert!(css.contains("--brand-dark: #172d50;"), "{css}");

    // Step 3: the sample campaign rewritten.
    let id = app.campaign_id("dorlotons").await;
    let path = format!("/admin/campaigns/{id}");
    let csrf = token_of(&admin, &path).await;
    let response = common::staff::post(
        &admin,
        &path,
        &[
            ("csrf_token", csrf.as_str()),
            ("slug", "dorlotons"),
            ("title", "Les Amis du Libre ont besoin de vous"),
            ("body_markdown", "Notre campagne **2027**."),
            ("goal_kind", "amount"),
            ("goal_amount", "20 000"),
            ("goal_donors", ""),
            ("starts_on", "2026-01-01"),
            ("ends_on", "2099-12-31"),
            ("suggested_amounts", "15 40 90"),
            ("monthly_counting", "each_payment"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    assert_eq!(
        steps(&admin).await.iter().map(|s| s.1).collect::<Vec<_>>(),
        [true, true, true, false]
    );
    let (_, start) = admin.get_text("/admin/start").await;
    assert!(visible_text(&start).contains("La configuration est terminée"));
    let (_, home) = admin.get_text("/admin").await;
    assert!(!home.contains("id=\"setup-banner\""), "{home}");
    // Done: the next sign-in goes home.
    common::staff::log_out(&admin).await;
    let (status, target) = common::staff::log_in(
        &admin,
        "camille@amis-du-libre.example",
        common::staff::PASSWORD,
    )
    .await;
    assert_eq!((status, target.as_str()), (303, "/admin"));
}

/// `path` asked with `Accept-Encoding: accept`, its body decoded.
async fn fetched(
    app: &common::TestApp,
    path: &str,
    accept: &str,
) -> (reqwest::header::HeaderMap, String) {
    use std::io::Read;
    let response = reqwest::Client::new()
        .get(format!("{}{path}", app.address))
        .header("accept-encoding", accept)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap();
    let mut text = String::new();
    match headers.get("content-encoding").map(|v| v.to_str().unwrap()) {
        Some("br") => {
            brotli::Decompressor::new(&bytes[..], 4096)
                .read_to_string(&mut text)
                .unwrap();
        }
        Some("gzip") => {
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .unwrap();
        }
        None => text = String::from_utf8(bytes.to_vec()).unwrap(),
        Some(other) => panic!("unexpected encoding {other}"),
    }
    (headers, text)
}

#[tokio::test]
async fn pages_styles_and_scripts_go_compressed_and_versioned_assets_are_kept_a_year() {
    let app = spawn_app().await;
    let (_, plain) = fetched(&app, "/campaigns/dorlotons", "identity").await;
    // The page is now kept (`edge::the_campaign_page_is_made_once…`): a
    // gzip joined around the visitor's values, made once; brotli cannot be
    // joined so, and would be a compression per visit.
    for (accept, coding) in [
        ("gzip, deflate, br", "gzip"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
    ] {
        let (headers, page) = fetched(&app, "/campaigns/dorlotons", accept).await;
        assert_eq!(headers["content-encoding"], coding, "{accept}");
        let vary: Vec<&str> = headers
            .get_all("vary")
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert!(
            vary.iter().any(|v| v.contains("accept-encoding")),
            "{vary:?}"
        );
        // The same page (its form tokens aside).
        assert_eq!(page.len(), plain.len(), "{accept}");
        assert!(page.contains("Dorlotons Dégooglisons"));
    }
    let (headers, _) = fetched(&app, "/campaigns/dorlotons", "identity").await;
    assert!(headers.get("content-encoding").is_none());

    // The stylesheet the pages link: compressed once, cached for a year.
    let href = plain
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the stylesheet's address")
        .to_owned();
    assert!(href.starts_with("/static/soutenir.css?v="), "{href}");
    let (headers, css) = fetched(&app, &href, "br, gzip").await;
    assert_eq!(headers["content-encoding"], "br");
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        css.as_bytes(),
        include_bytes!("../../static/css/soutenir.css")
    );
    let (headers, again) = fetched(&app, &href, "gzip").await;
    assert_eq!(headers["content-encoding"], "gzip");
    assert_eq!(again, css);
    // Each representation has its own tag.
    let (plain_headers, _) = fetched(&app, &href, "identity").await;
    assert_ne!(plain_headers["etag"], headers["etag"]);
    // An old version's address is not kept for good.
    let (headers, _) = fetched(&app, "/static/soutenir.css?v=0000", "gzip").await;
    assert_eq!(headers["cache-control"], "public, max-age=86400");
    // The script too; the small progress JSON goes as it is.
    let (headers, _) = fetched(&app, "/widget.js", "br").await;
    assert_eq!(headers["content-encoding"], "br");
    let (headers, _) = fetched(&app, "/api/v1/campaigns/dorlotons/progress", "br").await;
    assert!(headers.get("content-encoding").is_none());
}

#[tokio::test]
async fn the_bank_account_for_transfers_is_checked_and_kept_in_its_plain_form() {
    let app = spawn_app().await;
    let admin = Browser::new(&app);
    let link = invite(&app, Some("admin@example.org"), "admin").await;
    set_password(&admin, &link, "").await;
    let url = format!("{}/admin/organisation", app.address);
    let store = app.store();
    // A wrong check digit, a BIC too short: each said beside its field, nothing saved.
    let csrf = token_of(&admin, "/admin/organisation").await;
    let response = admin
        .client
        .post(&url)
        .multipart(form(
            &csrf,
            &[
                ("bank_iban", "FR76 3000 6000 0112 3456 7890 188"),
                ("bank_bic", "AGRIFRP"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"err-bank_iban\""), "{html}");
    assert!(html.contains("id=\"err-bank_bic\""), "{html}");
    assert!(visible_text(&html).contains("Cet IBAN n'est pas valable"));
    assert_eq!(store.setting("bank_iban").await.unwrap(), None);

    let csrf = token_of(&admin, "/admin/organisation").await;
    let response = admin
        .client
        .post(&url)
        .multipart(form(
            &csrf,
            &[
                ("bank_iban", "fr76 3000 6000 0112 3456 7890 189"),
                ("bank_bic", "agrifrpp"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        store.setting("bank_iban").await.unwrap().as_deref(),
        Some("FR7630006000011234567890189")
    );
    assert_eq!(
        store.setting("bank_bic").await.unwrap().as_deref(),
        Some("AGRIFRPP")
    );
    let (_, page) = admin.get_text("/admin/organisation").await;
    assert!(
        page.contains("value=\"FR7630006000011234567890189\""),
        "{page}"
    );
}
