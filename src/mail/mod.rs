//! Outgoing email: SMTP (lettre) when `SMTP_URL` is set, else `.eml` files under
//! `outbox/`. Messages are built from askama templates, text and HTML.

pub mod messages;

use std::path::PathBuf;

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};

/// A message ready to send.
#[derive(Debug, Clone)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachments: Vec<Attachment>,
}

/// A file sent with a message (a receipt's PDF).
#[derive(Debug, Clone)]
pub struct Attachment {
    pub filename: String,
    /// `application/pdf`
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    /// Whose name the messages go out under, who gets the replies, who signs.
    site: Option<crate::domain::site::SiteHandle>,
}

/// Where a message's templates put the signature: replaced when the message
/// is sent by [`SiteIdentity::signature`](crate::domain::site::SiteIdentity::signature),
/// the organisation's as the settings say at that moment.
pub const SIGNATURE: &str = "[[signature]]";

/// Where the HTML layout puts the organisation's name (soutenir's without one).
pub const ORGANISATION: &str = "[[organisation]]";

/// Where a message written in `lang` puts its signature (« L'équipe de … »,
/// « The … team »), replaced when it is sent as [`SIGNATURE`] is.
pub fn signature_in(lang: impl std::borrow::Borrow<crate::i18n::Lang>) -> String {
    format!("[[signature:{}]]", lang.borrow().code())
}

impl Mailer {
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://…` (TLS) or
    /// `smtp://host:25` (plain); `None`: files under `outbox_dir`.
    pub fn new(smtp_url: Option<&str>, from: &str, outbox_dir: PathBuf) -> anyhow::Result<Mailer> {
        let from: Mailbox = from
            .parse()
            .with_context(|| format!("SOUTENIR_MAIL_FROM is not an address: {from}"))?;
        let transport = match smtp_url {
            Some(url) => {
                let transport: AsyncSmtpTransport<Tokio1Executor> =
                    AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                        .context("SMTP_URL is not a valid smtp:// or smtps:// URL")?
                        .timeout(Some(std::time::Duration::from_secs(20)))
                        .build();
                Transport::Smtp(transport)
            }
            None => {
                std::fs::create_dir_all(&outbox_dir)
                    .with_context(|| format!("cannot create {}", outbox_dir.display()))?;
                Transport::Files(AsyncFileTransport::<Tokio1Executor>::new(outbox_dir))
            }
        };
        Ok(Mailer {
            transport,
            from,
            site: None,
        })
    }

    /// Messages go out under the organisation's name (the address stays
    /// `SOUTENIR_MAIL_FROM`'s), with `Reply-To` its contact address, signed
    /// with its name.
    pub fn signed_by(self, site: crate::domain::site::SiteHandle) -> Mailer {
        Mailer {
            site: Some(site),
            ..self
        }
    }

    pub fn describe(&self) -> &'static str {
        match self.transport {
            Transport::Smtp(_) => "smtp",
            Transport::Files(_) => "files",
        }
    }

    pub async fn send(&self, email: &Email) -> anyhow::Result<()> {
        let to: Mailbox = email.to.parse().context("recipient address refused")?;
        // An erased donor's address, or a donor without one: no one to write to.
        if !crate::store::reachable(&email.to) {
            tracing::info!("email not sent: the recipient has no address");
            return Ok(());
        }
        let site = self
            .site
            .as_ref()
            .map(crate::domain::site::current)
            .unwrap_or_default();
        let mut from = self.from.clone();
        if !site.name.trim().is_empty() {
            from.name = Some(site.name.clone());
        }
        let mut builder = Message::builder().from(from).to(to).subject(&email.subject);
        if let Ok(reply_to) = site.contact_email.parse::<Mailbox>() {
            builder = builder.reply_to(reply_to);
        }
        let html_escaped = |text: &str| {
            askama::filters::escape(text, askama::filters::Html)
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        let signature = site.signature();
        let name = match site.name.trim() {
            "" => "soutenir",
            name => name,
        };
        let mut signed = Email {
            text: email.text.replace(SIGNATURE, &signature),
            html: email
                .html
                .replace(SIGNATURE, &html_escaped(&signature))
                .replace(ORGANISATION, &html_escaped(name)),
            ..email.clone()
        };
        for lang in crate::i18n::Lang::all() {
            let marker = signature_in(lang);
            let theirs = match site.name.trim() {
                "" => lang.t("mail-team-anonymous"),
                org => lang.t1("mail-team", "org", org),
            };
            signed.text = signed.text.replace(&marker, &theirs);
            signed.html = signed.html.replace(&marker, &html_escaped(&theirs));
        }
        let message = builder
            .multipart(body(&signed)?)
            .context("building the message")?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.context("SMTP delivery")?;
            }
            Transport::Files(files) => {
                files.send(message).await.context("writing the .eml file")?;
            }
        }
        Ok(())
    }
}

/// Text and HTML alternatives, and the attachments if any.
fn body(email: &Email) -> anyhow::Result<MultiPart> {
    let alternatives = MultiPart::alternative_plain_html(email.text.clone(), email.html.clone());
    if email.attachments.is_empty() {
        return Ok(alternatives);
    }
    let mut mixed = MultiPart::mixed().multipart(alternatives);
    for file in &email.attachments {
        let content_type = lettre::message::header::ContentType::parse(file.content_type)
            .context("attachment content type")?;
        mixed = mixed.singlepart(
            lettre::message::Attachment::new(file.filename.clone())
                .body(file.bytes.clone(), content_type),
        );
    }
    Ok(mixed)
}
