//! Emails after a gift go through the durable outbox: to files, or to a real SMTP
//! server, even one that is down at first.

use crate::common;

use std::time::Duration;

use common::{GIFT, SmtpServer, TestDb, free_port, gift_with, spawn_app, spawn_app_with};

const NNBSP: char = '\u{202F}';

#[tokio::test]
async fn a_confirmed_gift_sends_a_thank_you_email() {
    let app = spawn_app().await;
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let emails = app.outbox_emails();
    assert_eq!(emails.len(), 1, "{emails:?}");
    let email = &emails[0];
    assert_eq!(email.to, "camille@example.org");
    assert_eq!(
        email.subject,
        "Merci pour votre don à « Dorlotons Dégooglisons »"
    );
    assert!(email.text.contains("Bonjour Camille,"), "{}", email.text);
    assert!(
        email
            .text
            .contains(&format!("Votre don de 30,50{NNBSP}€ du ")),
        "{}",
        email.text
    );
    assert!(
        email
            .text
            .contains(&format!("votre don vous coûte 10,37{NNBSP}€")),
        "{}",
        email.text
    );
    assert!(email.html.contains("Merci Camille"), "{}", email.html);
    assert!(
        email
            .text
            .contains(&format!("{}/campaigns/dorlotons", app.address))
    );
}

#[tokio::test]
async fn a_monthly_gift_announces_its_start_once() {
    let app = spawn_app().await;
    let monthly = gift_with(&[
        ("frequency", "monthly"),
        ("amount", "10"),
        ("amount_other", ""),
    ]);
    app.give_demo("dorlotons", &monthly, "succeeded").await;
    soutenir::app::charge_demo_monthly(&*app.store())
        .await
        .unwrap();
    app.drain_jobs().await;
    let emails = app.outbox_emails();
    assert_eq!(
        emails.len(),
        1,
        "one email for the start, none for next month: {emails:?}"
    );
    assert_eq!(
        emails[0].subject,
        "Votre don mensuel à « Dorlotons Dégooglisons » a commencé"
    );
    assert!(emails[0].text.contains(&format!("10{NNBSP}€ par mois")));
}

#[tokio::test]
async fn a_failed_payment_is_told_to_the_donor() {
    let app = spawn_app().await;
    app.give_demo("dorlotons", GIFT, "failed").await;
    app.drain_jobs().await;
    let emails = app.outbox_emails();
    assert_eq!(emails.len(), 1);
    assert_eq!(
        emails[0].subject,
        "Votre paiement pour « Dorlotons Dégooglisons » n'a pas abouti"
    );
    assert!(emails[0].text.contains("aucun montant n'a été encaissé"));
}

#[tokio::test]
async fn mail_goes_through_a_real_smtp_server() {
    let port = free_port();
    let Some(smtp) = SmtpServer::start(port) else {
        return;
    };
    let app = spawn_app_with(TestDb::new().await, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{}", smtp.port).into());
        c.mail_from = "Association Exemple <dons@exemple.org>".to_owned();
    })
    .await;
    app.give_demo("dorlotons", GIFT, "succeeded").await;
    app.drain_jobs().await;
    let received = smtp.received();
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(received[0].to, "camille@example.org");
    assert_eq!(received[0].from, "dons@exemple.org");
    assert!(received[0].text.contains(&format!("30,50{NNBSP}€")));
    assert!(
        app.outbox_emails().is_empty(),
        "nothing written to files when SMTP is set"
    );
}

#[tokio::test]
async fn mail_waits_while_smtp_is_down_and_arrives_once_it_is_back() {
    let port = free_port();
    let app = spawn_app_with(TestDb::new().await, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}").into());
    })
    .await;
    let donors: Vec<String> = (0..5).map(|i| format!("donor{i}@example.org")).collect();
    for email in &donors {
        app.give_demo("dorlotons", &gift_with(&[("email", email)]), "succeeded")
            .await;
    }
    // Let the first delivery attempts fail against the closed port.
    let store = app.store();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let jobs = store.recent_jobs(20).await.unwrap();
        let emails: Vec<_> = jobs
            .iter()
            .filter(|j| j.kind == "donation_confirmed")
            .collect();
        // Each failed twice, and waiting (between attempts) to be retried.
        if emails.len() == donors.len()
            && emails
                .iter()
                .all(|j| j.attempts >= 2 && j.status == "queued")
        {
            for email in emails {
                assert!(
                    email.last_error.as_deref().unwrap_or("").contains("SMTP"),
                    "{email:?}"
                );
            }
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the email job did not fail twice: {jobs:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let Some(smtp) = SmtpServer::start(port) else {
        return;
    };
    app.drain_jobs().await;
    let received = smtp.received();
    assert_eq!(
        received.len(),
        donors.len(),
        "each email arrives once: {received:?}"
    );
    let mut recipients: Vec<&str> = received.iter().map(|m| m.to.as_str()).collect();
    recipients.sort();
    assert_eq!(
        recipients,
        donors.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(
        received
            .iter()
            .all(|m| m.subject == "Merci pour votre don à « Dorlotons Dégooglisons »")
    );
}
