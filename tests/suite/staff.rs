//! Staff accounts: one-time links, login, logout, throttling, sessions — on
//! SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.

use crate::common;

use common::staff::{
    Browser, PASSWORD, change_password, invite, location, log_in, log_out, post, set_password,
    signed_in, token_of,
};
use common::{spawn_app, visible_text};

#[tokio::test]
async fn the_first_admin_link_sets_a_password_once_and_signs_in() {
    let app = spawn_app().await;
    let b = Browser::new(&app);
    let link = invite(&app, None, "admin").await;
    let csrf = token_of(&b, &link).await;

    // Too short, then not the same twice: refused beside the field, nothing created.
    let short = post(
        &b,
        &link,
        &[
            ("csrf_token", &csrf),
            ("email", "admin@example.org"),
            ("password", "court"),
            ("password_confirm", "court"),
        ],
    )
    .await;
    assert_eq!(short.status(), 422);
    let text = visible_text(&short.text().await.unwrap());
    assert!(text.contains("au moins 12 caractères"), "{text}");
    let csrf = token_of(&b, &link).await;
    let different = post(
        &b,
        &link,
        &[
            ("csrf_token", &csrf),
            ("email", "admin@example.org"),
            ("password", PASSWORD),
            ("password_confirm", "autre-chose-encore"),
        ],
    )
    .await;
    assert_eq!(different.status(), 422);
    assert!(
        visible_text(&different.text().await.unwrap()).contains("pas identiques"),
        "mismatch explained"
    );
    let store = app.store();
    assert!(
        store
            .staff_by_email("admin@example.org")
            .await
            .unwrap()
            .is_none()
    );

    // Without its CSRF token: 403, nothing created.
    let forged = post(
        &b,
        &link,
        &[
            ("email", "admin@example.org"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ],
    )
    .await;
    assert_eq!(forged.status(), 403);
    assert!(
        store
            .staff_by_email("admin@example.org")
            .await
            .unwrap()
            .is_none()
    );

    let home = set_password(&b, &link, "admin@example.org").await;
    assert!(home.contains("admin@example.org"), "{home}");
    assert!(home.contains("administration"), "{home}");
    let user = store
        .staff_by_email("admin@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.role.as_str(), "admin");
    let hash = user.password_hash.unwrap();
    assert!(hash.starts_with("$argon2id$"), "argon2id, not {hash}");
    assert!(!hash.contains(PASSWORD));
    assert!(store.has_active_admin().await.unwrap());

    // The link worked once.
    let (status, again) = b.get_text(&link).await;
    assert_eq!(status, 404);
    assert!(visible_text(&again).contains("déjà utilisé"));
    let audit = store.recent_audit(10).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|(who, what, _)| who == "admin@example.org" && what == "account.password_set"),
        "{audit:?}"
    );
}

#[tokio::test]
async fn login_answers_alike_for_an_unknown_address_and_a_wrong_password() {
    let app = spawn_app().await;
    let b = Browser::new(&app);
    let link = invite(&app, Some("tresorier@example.org"), "finance").await;
    let home = set_password(&b, &link, "").await;
    assert!(home.contains("finances"), "{home}");
    log_out(&b).await;
    let (status, _) = b.get_text("/admin").await;
    assert_eq!(status, 303, "signed out: sent to the login page");

    let (wrong_status, wrong) = log_in(&b, "tresorier@example.org", "pas-le-bon-mot").await;
    let (unknown_status, unknown) = log_in(&b, "personne@example.org", PASSWORD).await;
    assert_eq!((wrong_status, unknown_status), (401, 401));
    let message = "Adresse ou mot de passe incorrect.";
    assert!(
        wrong.contains(message) && unknown.contains(message),
        "{wrong}\n{unknown}"
    );
    assert_eq!(
        wrong.replace("tresorier@example.org", ""),
        unknown.replace("personne@example.org", ""),
        "the two answers differ only by the address typed"
    );

    let (status, target) = log_in(&b, "Tresorier@Example.org ", PASSWORD).await;
    assert_eq!((status, target.as_str()), (303, "/admin"));
    let (status, html) = b.get_text("/admin").await;
    assert_eq!(status, 200);
    assert!(visible_text(&html).contains("tresorier@example.org"));

    // Logging out needs the form's token.
    let response = post(&b, "/admin/logout", &[]).await;
    assert_eq!(response.status(), 403);
    let (status, _) = b.get_text("/admin").await;
    assert_eq!(status, 200, "still signed in");
    log_out(&b).await;
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_lax() {
    let app = spawn_app().await;
    let b = Browser::new(&app);
    let link = invite(&app, Some("moderation@example.org"), "moderator").await;
    set_password(&b, &link, "").await;
    log_out(&b).await;

    let csrf = token_of(&b, "/admin/login").await;
    let response = post(
        &b,
        "/admin/login",
        &[
            ("csrf_token", &csrf),
            ("email", "moderation@example.org"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("soutenir_staff="))
        .expect("a session cookie")
        .to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");

    // A login form without its token is refused and signs nobody in.
    log_out(&b).await;
    let forged = post(
        &b,
        "/admin/login",
        &[("email", "moderation@example.org"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(forged.status(), 403);
    let (status, _) = b.get_text("/admin").await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn login_is_throttled_per_account() {
    let app = spawn_app().await;
    let b = Browser::new(&app);
    let link = invite(&app, Some("cible@example.org"), "admin").await;
    set_password(&b, &link, "").await;
    log_out(&b).await;
    for attempt in 0..10 {
        let (status, _) = log_in(&b, "cible@example.org", "mauvais-mot-de-passe").await;
        assert_eq!(status, 401, "attempt {attempt}");
    }
    // Even the right password waits now.
    let (status, text) = log_in(&b, "cible@example.org", PASSWORD).await;
    assert_eq!(status, 429);
    assert!(text.contains("Trop de tentatives"), "{text}");
    let (status, _) = b.get_text("/admin").await;
    assert_eq!(status, 303, "not signed in");
}

#[tokio::test]
async fn a_staff_member_changes_their_password() {
    let app = spawn_app().await;
    let b = Browser::new(&app);
    let link = invite(&app, Some("compta@example.org"), "finance").await;
    set_password(&b, &link, "").await;
    let new_password = "nouveau-mot-de-passe-long";

    let wrong = change_password(&b, "pas-le-mot-actuel", new_password).await;
    assert_eq!(wrong.status(), 422);
    assert!(visible_text(&wrong.text().await.unwrap()).contains("pas votre mot de passe actuel"));

    let changed = change_password(&b, PASSWORD, new_password).await;
    assert_eq!(changed.status(), 200);
    assert!(visible_text(&changed.text().await.unwrap()).contains("est changé"));
    log_out(&b).await;
    assert_eq!(log_in(&b, "compta@example.org", PASSWORD).await.0, 401);
    assert_eq!(log_in(&b, "compta@example.org", new_password).await.0, 303);
}

#[tokio::test]
async fn only_admins_manage_accounts_and_a_disabled_account_is_signed_out() {
    let app = spawn_app().await;
    let admin = Browser::new(&app);
    let moderator = Browser::new(&app);
    let anonymous = Browser::new(&app);
    let link = invite(&app, Some("admin@example.org"), "admin").await;
    set_password(&admin, &link, "").await;
    let link = invite(&app, Some("modo@example.org"), "moderator").await;
    set_password(&moderator, &link, "").await;

    assert_eq!(anonymous.get_text("/admin/users").await.0, 303);
    let (status, html) = moderator.get_text("/admin/users").await;
    assert_eq!(status, 403);
    assert!(visible_text(&html).contains("Accès refusé"));
    let (status, html) = admin.get_text("/admin/users").await;
    assert_eq!(status, 200);
    assert!(html.contains("modo@example.org"));
    // Signed in at setup: the admin's own « Dernière connexion » is today, not
    // « jamais ».
    let today = soutenir::domain::dates::french_date(time::OffsetDateTime::now_utc().date());
    let own = visible_text(&html);
    // The staff bar names the admin first; the table's row is the last mention.
    let row = own
        .split("admin@example.org")
        .last()
        .expect("the admin's row");
    assert!(row.trim_start().contains(&today), "{own}");
    let head: String = row.chars().take(60).collect();
    assert!(!head.contains("jamais"), "{own}");

    let modo = app
        .store()
        .staff_by_email("modo@example.org")
        .await
        .unwrap()
        .unwrap();
    let path = format!("/admin/users/{}/disable", modo.id);
    // A moderator cannot disable anyone, and nobody can without the form's token.
    let csrf = token_of(&moderator, "/admin").await;
    assert_eq!(
        post(&moderator, &path, &[("csrf_token", &csrf)])
            .await
            .status(),
        403
    );
    assert_eq!(post(&admin, &path, &[]).await.status(), 403);
    assert!(
        !app.store()
            .staff_by_id(modo.id)
            .await
            .unwrap()
            .unwrap()
            .disabled
    );

    let csrf = token_of(&admin, "/admin/users").await;
    // Unconfirmed: nothing changes, and the page says why.
    let response = post(&admin, &path, &[("csrf_token", &csrf)]).await;
    assert_eq!(location(&response), "/admin/users?confirmer");
    let (_, html) = admin.get_text("/admin/users?confirmer").await;
    assert!(visible_text(&html).contains("cochez la case de confirmation"));
    assert!(html.contains("button--danger"));
    assert!(
        !app.store()
            .staff_by_id(modo.id)
            .await
            .unwrap()
            .unwrap()
            .disabled
    );
    assert_eq!(moderator.get_text("/admin").await.0, 200);
    let response = post(&admin, &path, &[("csrf_token", &csrf), ("confirm", "on")]).await;
    assert_eq!(response.status(), 303);
    assert!(
        app.store()
            .staff_by_id(modo.id)
            .await
            .unwrap()
            .unwrap()
            .disabled
    );
    // The moderator's open session ends, and logging in answers like a wrong password.
    assert_eq!(moderator.get_text("/admin").await.0, 303);
    let (status, text) = log_in(&moderator, "modo@example.org", PASSWORD).await;
    assert_eq!(status, 401);
    assert!(text.contains("Adresse ou mot de passe incorrect."));
    let audit = app.store().recent_audit(20).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|(who, what, target)| who == "admin@example.org"
                && what == "staff.disabled"
                && target == "modo@example.org"),
        "{audit:?}"
    );
}

#[tokio::test]
async fn changing_a_password_ends_the_account_s_other_sessions() {
    let app = spawn_app().await;
    let laptop = Browser::new(&app);
    let link = invite(&app, Some("compta@example.org"), "finance").await;
    set_password(&laptop, &link, "").await;
    // The same account signed in from another browser (a stolen session, say).
    let other = Browser::new(&app);
    assert_eq!(log_in(&other, "compta@example.org", PASSWORD).await.0, 303);
    assert_eq!(other.get_text("/admin").await.0, 200);

    let new_password = "nouveau-mot-de-passe-long";
    let changed = change_password(&laptop, PASSWORD, new_password).await;
    assert_eq!(changed.status(), 200);
    // The other session is over; this one goes on, and its forms still work.
    assert_eq!(
        other.get_text("/admin").await.0,
        303,
        "signed out elsewhere"
    );
    assert_eq!(laptop.get_text("/admin").await.0, 200);
    log_out(&laptop).await;
}

#[tokio::test]
async fn a_form_token_made_for_another_browser_is_refused_to_a_staff_session() {
    let app = spawn_app().await;
    let admin = Browser::new(&app);
    let link = invite(&app, Some("admin@example.org"), "admin").await;
    set_password(&admin, &link, "").await;
    // An attacker gets a cookie and its matching token from a public page, and
    // plants that cookie in the admin's browser (a sibling subdomain can).
    let page = reqwest::get(format!("{}/admin/login", app.address))
        .await
        .unwrap();
    let planted = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("soutenir_csrf="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let token = common::hidden_field(&page.text().await.unwrap(), "csrf_token");
    let session = admin
        .client
        .get(format!("{}/admin", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(session.status(), 200);
    let session_cookie = format!(
        "soutenir_staff={}",
        common::staff::cookie_of(&admin, "soutenir_staff")
    );
    let forged = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}/admin/logout", app.address))
        .header("cookie", format!("{session_cookie}; {planted}"))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    // The admin is still signed in, and their own forms work.
    assert_eq!(admin.get_text("/admin").await.0, 200);
    log_out(&admin).await;
}

#[tokio::test]
async fn an_admin_invites_a_moderator_from_the_web_and_the_link_is_emailed_and_shown() {
    let app = spawn_app().await;
    let admin = Browser::new(&app);
    let link = invite(&app, Some("admin@example.org"), "admin").await;
    set_password(&admin, &link, "").await;
    let csrf = token_of(&admin, "/admin/users").await;

    // A wrong address: refused beside the field, nothing created.
    let response = post(
        &admin,
        "/admin/users/invite",
        &[
            ("csrf_token", &csrf),
            ("email", "modo@"),
            ("role", "moderator"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"err-email\""), "{html}");
    assert!(html.contains("value=\"modo@\""), "what was typed is kept");
    // Without the form's token: refused.
    let response = post(
        &admin,
        "/admin/users/invite",
        &[("email", "modo@example.org"), ("role", "moderator")],
    )
    .await;
    assert_eq!(response.status(), 403);

    let response = post(
        &admin,
        "/admin/users/invite",
        &[
            ("csrf_token", &csrf),
            ("email", "Modo@Example.org"),
            ("role", "moderator"),
        ],
    )
    .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let shown = html
        .split("<code id=\"invitation-link\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the link is shown")
        .to_owned();
    assert!(shown.contains("/admin/setup/"), "{shown}");
    assert!(visible_text(&html).contains("le lien lui a été envoyé par courriel"));
    let mail = app
        .outbox_emails()
        .into_iter()
        .find(|m| m.to == "modo@example.org")
        .expect("the invitation is emailed");
    assert!(mail.text.contains(&shown), "{}", mail.text);
    let role = soutenir::store::Role::Moderator.label();
    assert!(
        mail.text.contains(&format!("rôle « {role} »")),
        "{}",
        mail.text
    );

    // The link works once, for a moderator.
    let path = shown.trim_start_matches(&app.address).to_owned();
    let modo = Browser::new(&app);
    set_password(&modo, &path, "").await;
    assert_eq!(modo.get_text("/admin/guestbook").await.0, 200);
    assert_eq!(modo.get_text("/admin/users").await.0, 403);
    // Inviting an address that has an account says so.
    let response = post(
        &admin,
        "/admin/users/invite",
        &[
            ("csrf_token", &csrf),
            ("email", "modo@example.org"),
            ("role", "finance"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(
        visible_text(&response.text().await.unwrap()).contains("Cette adresse a déjà un compte.")
    );
}

/// The links of the staff bar in `html`, and the one marked current.
fn bar_of(html: &str) -> (Vec<String>, Option<String>) {
    let start = html
        .find("<nav class=\"staff-bar\"")
        .unwrap_or_else(|| panic!("no staff bar: {html}"));
    let bar = &html[start..start + html[start..].find("</nav>").unwrap()];
    let links_end = bar.find("</ul>").unwrap();
    let mut labels = Vec::new();
    let mut current = None;
    for piece in bar[..links_end].split("<a href=").skip(1) {
        let label =
            piece[piece.find('>').unwrap() + 1..piece.find("</a>").unwrap()].replace("&#39;", "'");
        if piece[..piece.find('>').unwrap()].contains("aria-current") {
            current = Some(label.clone());
        }
        labels.push(label);
    }
    (labels, current)
}

#[tokio::test]
async fn every_staff_page_has_the_bar_of_its_role_and_signs_out_from_anywhere() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin@example.org", "admin").await;
    let finance = signed_in(&app, "tresorerie@example.org", "finance").await;
    let moderator = signed_in(&app, "modo@example.org", "moderator").await;

    let every = [
        "Accueil",
        "Dons",
        "Dons mensuels",
        "Reçus fiscaux",
        "Exports",
        "Banque",
        "Paiements",
        "Livre d'or",
        "Campagnes",
        "Organisme",
        "Équipe",
    ];
    for (path, current) in [
        ("/admin", "Accueil"),
        ("/admin/start", ""),
        ("/admin/donations", "Dons"),
        ("/admin/donations/new", "Dons"),
        ("/admin/subscriptions", "Dons mensuels"),
        ("/admin/receipts", "Reçus fiscaux"),
        ("/admin/receipts/declaration", "Reçus fiscaux"),
        ("/admin/exports", "Exports"),
        ("/admin/events", "Paiements"),
        ("/admin/bank", "Banque"),
        ("/admin/guestbook", "Livre d'or"),
        ("/admin/campaigns", "Campagnes"),
        ("/admin/campaigns/new", "Campagnes"),
        ("/admin/organisation", "Organisme"),
        ("/admin/users", "Équipe"),
        ("/admin/password", ""),
    ] {
        let (status, html) = admin.get_text(path).await;
        assert_eq!(status, 200, "{path}");
        let (links, marked) = bar_of(&html);
        assert_eq!(links, every, "{path}");
        assert_eq!(marked.as_deref().unwrap_or(""), current, "{path}");
        assert!(html.contains("action=\"/admin/logout\""), "{path}");
        assert!(visible_text(&html).contains("admin@example.org (administration)"));
    }
    let (_, html) = finance.get_text("/admin/receipts").await;
    assert_eq!(
        bar_of(&html).0,
        [
            "Accueil",
            "Dons",
            "Dons mensuels",
            "Reçus fiscaux",
            "Exports",
            "Banque",
            "Paiements"
        ]
    );
    let (_, html) = moderator.get_text("/admin/guestbook").await;
    assert_eq!(
        bar_of(&html),
        (
            vec!["Accueil".to_owned(), "Livre d'or".to_owned()],
            Some("Livre d'or".to_owned())
        )
    );
    // Not signed in: no bar on the login page.
    let (_, html) = Browser::new(&app).get_text("/admin/login").await;
    assert!(!html.contains("staff-bar"), "{html}");

    // Sign-out from a page deep in the back office, with the bar's own token.
    let (_, html) = finance.get_text("/admin/exports").await;
    let bar = &html[html.find("<nav class=\"staff-bar\"").unwrap()..];
    let token = common::hidden_field(bar, "csrf_token");
    let response = post(&finance, "/admin/logout", &[("csrf_token", &token)]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/admin/login");
    assert_eq!(finance.get_text("/admin/exports").await.0, 303);
    // The others stay signed in.
    assert_eq!(moderator.get_text("/admin/guestbook").await.0, 200);
}

#[tokio::test]
async fn the_register_the_exports_and_the_declaration_choose_their_year_from_a_menu() {
    let app = spawn_app().await;
    let finance = signed_in(&app, "tresorerie@example.org", "finance").await;
    let year = soutenir::domain::dates::in_paris(time::OffsetDateTime::now_utc()).year();
    for path in [
        "/admin/receipts",
        "/admin/exports",
        "/admin/receipts/declaration",
    ] {
        let (status, html) = finance.get_text(path).await;
        assert_eq!(status, 200, "{path}");
        let menu = &html[html
            .find("<form class=\"year-menu\"")
            .unwrap_or_else(|| panic!("{path}: no year menu"))..];
        let menu = &menu[..menu.find("</form>").unwrap()];
        assert!(
            menu.contains(&format!("method=\"get\" action=\"{path}\"")),
            "{menu}"
        );
        assert!(menu.contains("<select"), "{menu}");
        assert!(
            menu.contains(&format!(
                "<option value=\"{year}\" selected>{year}</option>"
            )),
            "{menu}"
        );
        assert!(
            menu.contains(&format!("<option value=\"{}\">", year - 1)),
            "{menu}"
        );
        assert!(menu.contains("name=\"year\""), "{menu}");
        // Choosing last year from it shows last year.
        let (status, html) = finance.get_text(&format!("{path}?year={}", year - 1)).await;
        assert_eq!(status, 200);
        assert!(
            html.contains(&format!("<option value=\"{}\" selected>", year - 1)),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_staff_home_shows_today_the_week_the_campaign_and_what_waits() {
    let app = spawn_app().await;
    let finance = signed_in(&app, "tresorerie@example.org", "finance").await;
    let moderator = signed_in(&app, "modo@example.org", "moderator").await;
    let figures = |html: &str| {
        let list = &html[html.find("id=\"figures\"").expect("figures")..];
        visible_text(&list[..list.find("</ul>").unwrap()]).replace(['\u{202f}', '\u{a0}'], " ")
    };
    let (_, home) = finance.get_text("/admin").await;
    let before = figures(&home);
    assert!(before.contains("0,00 € aujourd'hui (0 don)"), "{before}");
    assert!(before.contains("0,00 € cette semaine (0 don)"), "{before}");

    app.give_demo("dorlotons", common::GIFT, "succeeded").await;
    let with_message = common::gift_with(&[
        ("amount_other", "20"),
        ("email", "dominique@example.org"),
        ("message", "Merci pour tout !"),
    ]);
    app.give_demo("dorlotons", &with_message, "succeeded").await;
    app.drain_jobs().await;

    let (_, home) = finance.get_text("/admin").await;
    let after = figures(&home);
    assert!(after.contains("50,50 € aujourd'hui (2 dons)"), "{after}");
    assert!(after.contains("50,50 € cette semaine (2 dons)"), "{after}");
    assert!(
        after.contains("Dorlotons Dégooglisons : 50,50 € sur"),
        "{after}"
    );
    // Finance staff do not moderate: no queue for them.
    assert!(!after.contains("modération"), "{after}");

    let (_, home) = moderator.get_text("/admin").await;
    let theirs = figures(&home);
    assert!(
        theirs.contains("1 message en attente de modération"),
        "{theirs}"
    );
    assert!(!theirs.contains("aujourd'hui"), "{theirs}");
}
