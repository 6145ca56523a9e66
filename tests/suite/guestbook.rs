//! The guestbook end to end: a donor's message waits for a moderator, is shown
//! escaped once approved, can be rejected, hidden, edited and withdrawn; staff
//! roles and CSRF tokens guard every change — on SQLite, and on PostgreSQL when
//! `TEST_DATABASE_URL` is set.

use crate::common;

use common::staff::{Browser, invite, location, post, set_password, token_of};
use common::{
    SmtpServer, TestApp, TestDb, free_port, gift_with, spawn_app, spawn_app_with, visible_text,
};
use soutenir::links;

const XSS: &str = "<script>alert('xss')</script> Merci & bravo \"à vous\"";

/// A moderator, signed in.
async fn moderator(app: &TestApp) -> Browser<'_> {
    let b = Browser::new(app);
    let link = invite(app, Some("modo@example.org"), "moderator").await;
    set_password(&b, &link, "").await;
    b
}

/// Posts the moderation form as the page's own buttons do.
async fn decide(b: &Browser<'_>, action: &str, ids: &[i64], reason: &str) -> reqwest::Response {
    let csrf = token_of(b, "/admin").await;
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut fields = vec![
        ("csrf_token", csrf.as_str()),
        ("status", "pending"),
        ("action", action),
        ("reason", reason),
    ];
    fields.extend(ids.iter().map(|id| ("ids", id.as_str())));
    post(b, "/admin/guestbook", &fields).await
}

/// The ids of the entries in a moderation list, in the page's order.
async fn queue_ids(b: &Browser<'_>, status: &str) -> Vec<i64> {
    let (code, html) = b
        .get_text(&format!("/admin/guestbook?status={status}"))
        .await;
    assert_eq!(code, 200, "{html}");
    html.match_indices(r#"name="ids" value=""#)
        .map(|(at, pattern)| {
            let rest = &html[at + pattern.len()..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .fold(Vec::new(), |mut ids, id| {
            if !ids.contains(&id) {
                ids.push(id);
            }
            ids
        })
}

async fn public_text(app: &TestApp, path: &str) -> (String, String) {
    let (status, html) = app.get_text(path).await;
    assert_eq!(status, 200, "{path}");
    (visible_text(&html), html)
}

/// Raw HTML must hold the payload only escaped.
fn assert_inert(html: &str, place: &str) {
    assert!(
        !html.contains("<script>alert"),
        "{place}: script tag reached the page"
    );
    assert!(
        html.contains("&#60;script&#62;alert(") || html.contains("&lt;script&gt;alert("),
        "{place}: the message should be shown, escaped: {html}"
    );
}

#[tokio::test]
async fn a_message_stays_hidden_until_approved_then_shows_escaped_everywhere() {
    let app = spawn_app().await;
    app.give_demo(
        "dorlotons",
        &gift_with(&[
            ("message", XSS),
            ("display_name", "<b>Léa</b>"),
            ("show_amount", "on"),
        ]),
        "succeeded",
    )
    .await;

    // Paid, but not yet approved: nowhere in public.
    for path in [
        "/campaigns/dorlotons/guestbook",
        "/campaigns/dorlotons",
        "/embed/dorlotons?messages=1",
    ] {
        let (text, _) = public_text(&app, path).await;
        assert!(!text.contains("Merci & bravo"), "{path}: {text}");
    }

    let modo = moderator(&app).await;
    let (_, home) = modo.get_text("/admin").await;
    assert!(visible_text(&home).contains("1 message en attente"));
    let (status, queue) = modo.get_text("/admin/guestbook").await;
    assert_eq!(status, 200);
    assert_inert(&queue, "moderation queue");
    assert!(queue.contains("&#60;b&#62;Léa&#60;/b&#62;"), "name escaped");
    let text = visible_text(&queue);
    assert!(text.contains("Dorlotons Dégooglisons"), "{text}");
    assert!(
        !text.contains("camille@example.org"),
        "a moderator never sees the address"
    );
    let ids = queue_ids(&modo, "pending").await;
    assert_eq!(ids.len(), 1);

    let response = decide(&modo, "approve", &ids, "").await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        location(&response),
        "/admin/guestbook?status=pending&done=approve&count=1"
    );
    let (_, after) = modo.get_text(location(&response)).await;
    assert!(visible_text(&after).contains("1 message publié."));

    let (text, html) = public_text(&app, "/campaigns/dorlotons/guestbook").await;
    assert_inert(&html, "public guestbook");
    assert!(text.contains("<b>Léa</b>"), "{text}");
    assert!(
        text.contains("30,50\u{202F}€"),
        "amount shown, the donor agreed: {text}"
    );
    let (text, html) = public_text(&app, "/campaigns/dorlotons").await;
    assert_inert(&html, "campaign page");
    assert!(
        text.contains("Lire tous les messages du livre d'or"),
        "{text}"
    );
    let (_, html) = public_text(&app, "/embed/dorlotons?messages=1").await;
    assert_inert(&html, "embed");
    let (_, html) = public_text(&app, "/embed/dorlotons").await;
    assert!(
        !html.contains("alert("),
        "the embed shows messages only when asked"
    );

    let audit = app.store().recent_audit(5).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|(who, what, target)| who == "modo@example.org"
                && what == "guestbook.approved"
                && *target == format!("guestbook:{}", ids[0])),
        "{audit:?}"
    );
}

#[tokio::test]
async fn messages_of_failed_or_unpaid_gifts_never_reach_the_queue() {
    let app = spawn_app().await;
    app.give_demo(
        "dorlotons",
        &gift_with(&[("message", "Paiement refusé")]),
        "failed",
    )
    .await;
    // Sent to the payment page, never paid.
    let response = app
        .post_donation("dorlotons", &gift_with(&[("message", "Jamais payé")]))
        .await;
    assert_eq!(response.status(), 303);

    let counts = app.store().guestbook_counts().await.unwrap();
    assert!(
        !counts
            .iter()
            .any(|(status, _)| status == "pending" || status == "approved"),
        "{counts:?}"
    );
    let modo = moderator(&app).await;
    for status in ["pending", "approved", "rejected", "hidden"] {
        let (_, html) = modo
            .get_text(&format!("/admin/guestbook?status={status}"))
            .await;
        let text = visible_text(&html);
        assert!(
            !text.contains("Paiement refusé") && !text.contains("Jamais payé"),
            "{status}: {text}"
        );
    }
    let (text, _) = public_text(&app, "/campaigns/dorlotons/guestbook").await;
    assert!(text.contains("Aucun message publié"), "{text}");
}

#[tokio::test]
async fn moderation_needs_its_role_and_the_form_token() {
    let app = spawn_app().await;
    app.give_demo(
        "dorlotons",
        &gift_with(&[("message", "Courage !")]),
        "succeeded",
    )
    .await;
    let modo = moderator(&app).await;
    let ids = queue_ids(&modo, "pending").await;
    let id = ids[0].to_string();

    // Without the CSRF token: 403, nothing changes.
    let forged = post(
        &modo,
        "/admin/guestbook",
        &[("action", "approve"), ("ids", &id)],
    )
    .await;
    assert_eq!(forged.status(), 403);
    assert_eq!(queue_ids(&modo, "pending").await, ids);

    // Finance staff may not moderate; visitors are sent to the login page.
    let finance = Browser::new(&app);
    let link = invite(&app, Some("compta@example.org"), "finance").await;
    set_password(&finance, &link, "").await;
    let (status, html) = finance.get_text("/admin/guestbook").await;
    assert_eq!(status, 403);
    assert!(visible_text(&html).contains("Accès refusé"));
    let csrf = token_of(&finance, "/admin").await;
    let refused = post(
        &finance,
        "/admin/guestbook",
        &[("csrf_token", &csrf), ("action", "approve"), ("ids", &id)],
    )
    .await;
    assert_eq!(refused.status(), 403);
    let visitor = Browser::new(&app);
    let (status, _) = visitor.get_text("/admin/guestbook").await;
    assert_eq!(status, 303);
    assert_eq!(queue_ids(&modo, "pending").await, ids, "still waiting");

    // A moderator may not reach finance or administration pages; finance may.
    app.store()
        .save_event(
            soutenir::store::Provider::Stripe,
            "evt_<b>1</b>",
            "invoice.paid",
            "{}",
            "failed",
            "donation not found",
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    assert_eq!(modo.get_text("/admin/events").await.0, 403);
    assert_eq!(modo.get_text("/admin/users").await.0, 403);
    let (status, html) = finance.get_text("/admin/events").await;
    assert_eq!(status, 200);
    let text = visible_text(&html);
    assert!(
        text.contains("invoice.paid")
            && text.contains("échec")
            && text.contains("donation not found"),
        "{text}"
    );
    assert!(html.contains("evt_&#60;b&#62;1&#60;/b&#62;"), "escaped");
}

#[tokio::test]
async fn moderators_approve_and_reject_in_bulk_and_hide_a_message_later() {
    let app = spawn_app().await;
    for (i, name) in ["Ana", "", "Bruno", "Chloé"].iter().enumerate() {
        let email = format!("donateur{i}@example.org");
        app.give_demo(
            "dorlotons",
            &gift_with(&[
                ("email", &email),
                ("message", &format!("Message numéro {i}")),
                ("display_name", name),
            ]),
            "succeeded",
        )
        .await;
    }
    let modo = moderator(&app).await;
    let ids = queue_ids(&modo, "pending").await;
    assert_eq!(ids.len(), 4, "oldest first");
    let (_, html) = modo.get_text("/admin/guestbook").await;
    let text = visible_text(&html);
    let positions: Vec<usize> = (0..4)
        .map(|i| text.find(&format!("Message numéro {i}")).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "oldest first: {positions:?}"
    );

    // A reason too long is refused beside its field, and changes nothing.
    let response = decide(&modo, "reject", &ids[3..], &"x".repeat(501)).await;
    assert_eq!(response.status(), 422);
    assert!(visible_text(&response.text().await.unwrap()).contains("au plus 500 caractères"));
    assert_eq!(queue_ids(&modo, "pending").await.len(), 4);

    // A refusal's reason typed, then « Publier » (Enter in the reason field
    // presses the form's first button): nothing is published, the page says why.
    let response = decide(&modo, "approve", &ids[..3], "Hors sujet").await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        visible_text(&html).contains("Un motif de refus est écrit : rien n'est publié"),
        "{html}"
    );
    assert_eq!(queue_ids(&modo, "pending").await.len(), 4);
    // Publier comes first, then Refuser, on each message and for the selection.
    let (_, html) = modo.get_text("/admin/guestbook").await;
    for decision in html.split("<p class=\"decision\">").skip(1) {
        let approve = decision.find(">Publier").expect("Publier");
        let reject = decision.find(">Refuser").expect("Refuser");
        assert!(approve < reject, "{decision}");
    }
    assert_eq!(html.matches("<p class=\"decision\">").count(), 5);

    let response = decide(&modo, "approve", &ids[..3], "").await;
    assert_eq!(
        location(&response),
        "/admin/guestbook?status=pending&done=approve&count=3"
    );
    let response = decide(&modo, "reject", &ids[3..], "Hors sujet").await;
    assert_eq!(
        location(&response),
        "/admin/guestbook?status=pending&done=reject&count=1"
    );
    // Rejecting what was already published does nothing.
    let response = decide(&modo, "reject", &ids[..1], "").await;
    assert_eq!(
        location(&response),
        "/admin/guestbook?status=pending&done=none&count=0"
    );

    let (_, rejected) = modo.get_text("/admin/guestbook?status=rejected").await;
    let rejected = visible_text(&rejected);
    assert!(
        rejected.contains("Message numéro 3") && rejected.contains("motif\u{202F}: Hors sujet"),
        "{rejected}"
    );
    assert!(rejected.contains("par modo@example.org"), "{rejected}");

    let (text, _) = public_text(&app, "/campaigns/dorlotons/guestbook").await;
    for i in 0..3 {
        assert!(text.contains(&format!("Message numéro {i}")), "{text}");
    }
    assert!(!text.contains("Message numéro 3"));
    assert!(
        text.contains("Message numéro 1 — Anonyme"),
        "empty name shows as Anonyme: {text}"
    );
    assert!(
        !text.contains("30,50"),
        "no amount unless the donor agreed: {text}"
    );
    // Newest first.
    assert!(text.find("numéro 2").unwrap() < text.find("numéro 0").unwrap());

    // Hide one later.
    let csrf = token_of(&modo, "/admin/guestbook?status=approved").await;
    let id = ids[1].to_string();
    let response = post(
        &modo,
        "/admin/guestbook",
        &[
            ("csrf_token", &csrf),
            ("status", "approved"),
            ("action", "hide"),
            ("ids", &id),
        ],
    )
    .await;
    assert_eq!(
        location(&response),
        "/admin/guestbook?status=approved&done=hide&count=1"
    );
    let (text, _) = public_text(&app, "/campaigns/dorlotons/guestbook").await;
    assert!(!text.contains("Message numéro 1"), "{text}");
    assert_eq!(queue_ids(&modo, "hidden").await, vec![ids[1]]);
    let (_, campaign) = public_text(&app, "/campaigns/dorlotons").await;
    assert!(
        !campaign.contains("Message numéro 1"),
        "the campaign page forgets it at once"
    );
}

#[tokio::test]
async fn a_donor_edits_or_withdraws_their_message_from_the_donor_space() {
    let app = spawn_app().await;
    app.give_demo(
        "dorlotons",
        &gift_with(&[("message", "Premier jet"), ("display_name", "Camille")]),
        "succeeded",
    )
    .await;
    let modo = moderator(&app).await;
    let ids = queue_ids(&modo, "pending").await;
    decide(&modo, "approve", &ids, "").await;

    let store = app.store();
    let donor = store
        .donor_id_by_email("camille@example.org")
        .await
        .unwrap()
        .unwrap();
    let expires = time::OffsetDateTime::now_utc().unix_timestamp() + 3600;
    let token = links::donor_token(&app.state.secret, donor, expires);
    let space = format!("/me/{token}");
    let (status, html) = app.get_text(&space).await;
    assert_eq!(status, 200);
    let text = visible_text(&html);
    assert!(text.contains("Publié dans le livre d'or"), "{text}");
    let csrf = common::hidden_field(&html, "csrf_token");
    let edit = format!("/me/{token}/messages/{}", ids[0]);

    // Too long: refused beside the field, the text typed kept, nothing changes.
    let long = "é".repeat(1001);
    let response = post_as(
        &app,
        &edit,
        &[
            ("csrf_token", &csrf),
            ("message", &long),
            ("display_name", "Camille"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let text = visible_text(&response.text().await.unwrap());
    assert!(
        text.contains("1\u{202f}001 caractères ; 1\u{202f}000 au plus"),
        "{text}"
    );
    let (public, _) = public_text(&app, "/campaigns/dorlotons/guestbook").await;
    assert!(public.contains("Premier jet"));

    // Without the token: 403. Someone else's link: 404.
    let response = post_as(&app, &edit, &[("message", "Pirate")]).await;
    assert_eq!(response.status(), 403);
    let other = links::donor_token(&app.state.secret, donor + 1000, expires);
    let response = post_as(
        &app,
        &format!("/me/{other}/messages/{}", ids[0]),
        &[("csrf_token", &csrf), ("message", "Pirate")],
    )
    .await;
    assert_eq!(response.status(), 404);

    // An edit goes back to the queue, and leaves the public page meanwhile.
    let response = post_as(
        &app,
        &edit,
        &[
            ("csrf_token", &csrf),
            ("message", "Version corrigée"),
            ("display_name", ""),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let (_, html) = app.get_text(&format!("{space}?message")).await;
    let text = visible_text(&html);
    assert!(text.contains("sera publié après relecture"), "{text}");
    assert!(text.contains("En attente de relecture"), "{text}");
    let (public, _) = public_text(&app, "/campaigns/dorlotons/guestbook").await;
    assert!(
        !public.contains("Premier jet") && !public.contains("Version corrigée"),
        "{public}"
    );
    let (_, queue) = modo.get_text("/admin/guestbook").await;
    assert!(visible_text(&queue).contains("Version corrigée"));

    // Withdrawn: gone from the queue and the donor space.
    let response = post_as(&app, &format!("{edit}/withdraw"), &[("csrf_token", &csrf)]).await;
    assert_eq!(response.status(), 303);
    assert!(queue_ids(&modo, "pending").await.is_empty());
    let (_, html) = app.get_text(&space).await;
    assert!(!visible_text(&html).contains("Version corrigée"));
    let response = post_as(&app, &format!("{edit}/withdraw"), &[("csrf_token", &csrf)]).await;
    assert_eq!(response.status(), 404, "nothing left to withdraw");
}

async fn post_as(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .post(format!("{}{path}", app.address))
        .form(fields)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn moderators_get_a_daily_digest_only_when_messages_wait() {
    let port = free_port();
    let Some(smtp) = SmtpServer::start(port) else {
        return;
    };
    let app = spawn_app_with(TestDb::new().await, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}").into());
        c.guestbook_digest_hour = Some(8);
    })
    .await;
    let store = app.store();
    let modo = moderator(&app).await;
    let admin = Browser::new(&app);
    let link = invite(&app, Some("admin@example.org"), "admin").await;
    set_password(&admin, &link, "").await;
    let to_staff = || {
        smtp.received()
            .into_iter()
            .filter(|m| m.to.ends_with("@example.org") && !m.to.starts_with("camille"))
            .collect::<Vec<_>>()
    };

    // Nothing waits: no mail.
    let day = time::macros::date!(2026 - 11 - 26);
    soutenir::app::queue_guestbook_digest(&*store, day)
        .await
        .unwrap();
    app.drain_jobs().await;
    assert!(to_staff().is_empty(), "{:?}", to_staff());

    app.give_demo("dorlotons", &gift_with(&[("message", XSS)]), "succeeded")
        .await;
    app.give_demo(
        "dorlotons",
        &gift_with(&[("message", "Longue vie !"), ("display_name", "Léa")]),
        "succeeded",
    )
    .await;
    let next = day.next_day().unwrap();
    soutenir::app::queue_guestbook_digest(&*store, next)
        .await
        .unwrap();
    // Asked twice (two instances, a restart): sent once.
    soutenir::app::queue_guestbook_digest(&*store, next)
        .await
        .unwrap();
    app.drain_jobs().await;
    let mails = to_staff();
    assert_eq!(mails.len(), 1, "moderators only, once: {mails:?}");
    let digest = &mails[0];
    assert_eq!(digest.to, "modo@example.org");
    assert_eq!(digest.subject, "Livre d'or : 2 messages à relire");
    assert!(
        digest.text.contains("Longue vie !") && digest.text.contains("Léa"),
        "{}",
        digest.text
    );
    assert!(
        digest
            .text
            .contains(&format!("{}/admin/guestbook", app.address))
    );
    assert!(
        !digest.html.contains("<script>alert"),
        "escaped in the HTML part"
    );
    assert!(digest.html.contains("&#60;script&#62;") || digest.html.contains("&lt;script&gt;"));
    drop(modo);
}
