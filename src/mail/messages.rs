//! The messages soutenir sends, one template pair (text, HTML) each.

use askama::Template;

use super::Email;
use crate::domain::tax::ReductionRate;
use crate::store::DonationSummary;

/// What every message about a gift shows.
pub struct GiftMail<'a> {
    pub first_name: &'a str,
    pub campaign_title: &'a str,
    pub campaign_url: String,
    /// « 30,50 € » or « 10 € par mois »
    pub amount: String,
    pub cost_sentence: String,
    pub date: String,
    pub wants_receipt: bool,
    /// A signed link to the donor's space.
    pub space_url: String,
    /// The receipt sent with the message, if any.
    pub receipt_number: Option<String>,
    /// The organisation's minimum, when the gift is below it (no receipt).
    pub below_minimum: Option<String>,
    /// « Exemple SAS (SAS, SIREN 732 829 320) » when a company gives.
    pub company: Option<String>,
    /// The language the message is written in.
    pub lang: crate::i18n::Lang,
    /// The campaign's thank-you text, as written (Markdown reads as plain
    /// text) and as HTML; set by [`GiftMail::thanks_from`].
    pub thanks: Option<(String, String)>,
}

impl<'a> GiftMail<'a> {
    pub fn new(
        d: &'a DonationSummary,
        rate: ReductionRate,
        base_url: &str,
        space_url: String,
        lang: crate::i18n::Lang,
    ) -> GiftMail<'a> {
        let monthly = d.frequency == crate::domain::donation::Frequency::Monthly;
        let when = d.confirmed_at.unwrap_or(d.created_at);
        GiftMail {
            first_name: &d.donor_first_name,
            campaign_title: &d.campaign_title,
            campaign_url: format!("{base_url}/campaigns/{}", d.campaign_slug),
            amount: if monthly {
                lang.t1("amount-monthly", "amount", lang.money_short(d.amount))
            } else {
                lang.money_short(d.amount)
            },
            cost_sentence: lang.tax_note(&crate::domain::tax::donor_cost_note(
                rate,
                d.donor_kind(),
                d.amount,
                monthly,
            )),
            company: d.company.as_ref().map(|c| c.describe()),
            date: lang.date(crate::domain::dates::in_paris(when).date()),
            wants_receipt: d.wants_receipt,
            space_url,
            receipt_number: None,
            below_minimum: None,
            lang,
            thanks: None,
        }
    }

    /// Adds the campaign's thank-you text in the message's language.
    pub fn thanks_from(&mut self, campaign: &crate::domain::campaign::Campaign) {
        self.thanks = campaign
            .thanks_in(self.lang.code())
            .map(|t| (t.text.to_owned(), crate::domain::markdown::render(t.text)));
    }
}

#[derive(Template)]
#[template(path = "emails/thank_you.txt")]
struct ThankYouText<'a> {
    g: &'a GiftMail<'a>,
}

#[derive(Template)]
#[template(path = "emails/thank_you.html")]
struct ThankYouHtml<'a> {
    g: &'a GiftMail<'a>,
}

#[derive(Template)]
#[template(path = "emails/monthly_started.txt")]
struct MonthlyStartedText<'a> {
    g: &'a GiftMail<'a>,
}

#[derive(Template)]
#[template(path = "emails/monthly_started.html")]
struct MonthlyStartedHtml<'a> {
    g: &'a GiftMail<'a>,
}

#[derive(Template)]
#[template(path = "emails/payment_failed.txt")]
struct PaymentFailedText<'a> {
    g: &'a GiftMail<'a>,
}

#[derive(Template)]
#[template(path = "emails/payment_failed.html")]
struct PaymentFailedHtml<'a> {
    g: &'a GiftMail<'a>,
}

#[derive(Template)]
#[template(path = "emails/transfer_instructions.txt")]
struct TransferText<'a> {
    g: &'a GiftMail<'a>,
    t: &'a crate::bank::TransferDetails,
}

#[derive(Template)]
#[template(path = "emails/transfer_instructions.html")]
struct TransferHtml<'a> {
    g: &'a GiftMail<'a>,
    t: &'a crate::bank::TransferDetails,
}

/// A gift pledged by transfer: the account, the amount, the reference.
pub fn transfer_instructions(
    to: &str,
    g: &GiftMail<'_>,
    t: &crate::bank::TransferDetails,
) -> askama::Result<Email> {
    Ok(Email {
        to: to.to_owned(),
        subject: g
            .lang
            .t1("mail-transfer-subject", "reference", &t.reference),
        text: TransferText { g, t }.render()?,
        html: TransferHtml { g, t }.render()?,
        attachments: Vec::new(),
    })
}

pub fn thank_you(to: &str, g: &GiftMail<'_>) -> askama::Result<Email> {
    Ok(Email {
        to: to.to_owned(),
        subject: g
            .lang
            .t1("mail-thanks-subject", "campaign", g.campaign_title),
        text: ThankYouText { g }.render()?,
        html: ThankYouHtml { g }.render()?,
        attachments: Vec::new(),
    })
}

pub fn monthly_started(to: &str, g: &GiftMail<'_>) -> askama::Result<Email> {
    Ok(Email {
        to: to.to_owned(),
        subject: g
            .lang
            .t1("mail-monthly-started-subject", "campaign", g.campaign_title),
        text: MonthlyStartedText { g }.render()?,
        html: MonthlyStartedHtml { g }.render()?,
        attachments: Vec::new(),
    })
}

pub fn payment_failed(to: &str, g: &GiftMail<'_>) -> askama::Result<Email> {
    Ok(Email {
        to: to.to_owned(),
        subject: g
            .lang
            .t1("mail-failed-subject", "campaign", g.campaign_title),
        text: PaymentFailedText { g }.render()?,
        html: PaymentFailedHtml { g }.render()?,
        attachments: Vec::new(),
    })
}

#[derive(Template)]
#[template(path = "emails/monthly_payment_failed.txt")]
struct MonthlyPaymentFailedText<'a> {
    g: &'a GiftMail<'a>,
}

#[derive(Template)]
#[template(path = "emails/monthly_payment_failed.html")]
struct MonthlyPaymentFailedHtml<'a> {
    g: &'a GiftMail<'a>,
}

/// A monthly debit after the first was refused; the provider will try again.
pub fn monthly_payment_failed(to: &str, g: &GiftMail<'_>) -> askama::Result<Email> {
    Ok(Email {
        to: to.to_owned(),
        subject: g
            .lang
            .t1("mail-debit-failed-subject", "campaign", g.campaign_title),
        text: MonthlyPaymentFailedText { g }.render()?,
        html: MonthlyPaymentFailedHtml { g }.render()?,
        attachments: Vec::new(),
    })
}

#[derive(Template)]
#[template(path = "emails/monthly_cancelled.txt")]
struct MonthlyCancelledText<'a> {
    g: &'a GiftMail<'a>,
}

#[derive(Template)]
#[template(path = "emails/monthly_cancelled.html")]
struct MonthlyCancelledHtml<'a> {
    g: &'a GiftMail<'a>,
}

pub fn monthly_cancelled(to: &str, g: &GiftMail<'_>) -> askama::Result<Email> {
    Ok(Email {
        to: to.to_owned(),
        subject: g
            .lang
            .t1("mail-cancelled-subject", "campaign", g.campaign_title),
        text: MonthlyCancelledText { g }.render()?,
        html: MonthlyCancelledHtml { g }.render()?,
        attachments: Vec::new(),
    })
}

#[derive(Template)]
#[template(path = "emails/donor_link.txt")]
struct DonorLinkText<'a> {
    first_name: &'a str,
    url: &'a str,
    lang: crate::i18n::Lang,
}

#[derive(Template)]
#[template(path = "emails/donor_link.html")]
struct DonorLinkHtml<'a> {
    first_name: &'a str,
    url: &'a str,
    lang: crate::i18n::Lang,
}

/// The link to a donor's space, in `lang` (their latest gift's).
pub fn donor_link(
    to: &str,
    first_name: &str,
    url: &str,
    lang: crate::i18n::Lang,
) -> askama::Result<Email> {
    Ok(Email {
        to: to.to_owned(),
        subject: lang.t("mail-space-short"),
        text: DonorLinkText {
            first_name,
            url,
            lang,
        }
        .render()?,
        html: DonorLinkHtml {
            first_name,
            url,
            lang,
        }
        .render()?,
        attachments: Vec::new(),
    })
}

/// A pending message, as the moderators' digest lists it.
pub struct DigestEntry {
    pub name: String,
    pub campaign: String,
    pub date: String,
    pub excerpt: String,
}

#[derive(Template)]
#[template(path = "emails/guestbook_digest.txt")]
struct GuestbookDigestText<'a> {
    total: i64,
    truncated: bool,
    entries: &'a [DigestEntry],
    url: &'a str,
}

#[derive(Template)]
#[template(path = "emails/guestbook_digest.html")]
struct GuestbookDigestHtml<'a> {
    total: i64,
    truncated: bool,
    entries: &'a [DigestEntry],
    url: &'a str,
}

/// The moderators' daily digest: `total` messages wait, `entries` the oldest.
pub fn guestbook_digest(
    to: &str,
    total: i64,
    entries: &[DigestEntry],
    url: &str,
) -> askama::Result<Email> {
    let truncated = total > entries.len() as i64;
    Ok(Email {
        to: to.to_owned(),
        subject: crate::i18n::Lang::FR.t_with(
            "staff-mail-digest-subject",
            &[("n", crate::i18n::Arg::Num(total))],
        ),
        text: GuestbookDigestText {
            total,
            truncated,
            entries,
            url,
        }
        .render()?,
        html: GuestbookDigestHtml {
            total,
            truncated,
            entries,
            url,
        }
        .render()?,
        attachments: Vec::new(),
    })
}

#[derive(Template)]
#[template(path = "emails/receipt_issued.txt")]
struct ReceiptIssuedText<'a> {
    g: &'a GiftMail<'a>,
    number: &'a str,
}

#[derive(Template)]
#[template(path = "emails/receipt_issued.html")]
struct ReceiptIssuedHtml<'a> {
    g: &'a GiftMail<'a>,
    number: &'a str,
}

/// A receipt sent on its own (the thank-you had already left without it).
pub fn receipt_issued(to: &str, g: &GiftMail<'_>, number: &str) -> askama::Result<Email> {
    Ok(Email {
        to: to.to_owned(),
        subject: g.lang.t1("mail-receipt-subject", "number", number),
        text: ReceiptIssuedText { g, number }.render()?,
        html: ReceiptIssuedHtml { g, number }.render()?,
        attachments: Vec::new(),
    })
}

#[derive(Template)]
#[template(path = "emails/receipt_cancelled.txt")]
struct ReceiptCancelledText<'a> {
    lang: crate::i18n::Lang,
    first_name: &'a str,
    cancelled: &'a str,
    cancelled_amount: String,
    replacement: Option<(String, String)>,
    space_url: &'a str,
}

#[derive(Template)]
#[template(path = "emails/receipt_cancelled.html")]
struct ReceiptCancelledHtml<'a> {
    lang: crate::i18n::Lang,
    first_name: &'a str,
    cancelled: &'a str,
    cancelled_amount: String,
    replacement: Option<(String, String)>,
    space_url: &'a str,
}

/// A receipt cancelled after a refund, and its replacement if any: `(number, amount)`.
pub fn receipt_cancelled(
    to: &str,
    first_name: &str,
    cancelled: (&str, String),
    replacement: Option<(String, String)>,
    space_url: &str,
    lang: crate::i18n::Lang,
) -> askama::Result<Email> {
    let (number, amount) = cancelled;
    Ok(Email {
        to: to.to_owned(),
        subject: lang.t1("mail-cancelled-subject-receipt", "number", number),
        text: ReceiptCancelledText {
            lang,
            first_name,
            cancelled: number,
            cancelled_amount: amount.clone(),
            replacement: replacement.clone(),
            space_url,
        }
        .render()?,
        html: ReceiptCancelledHtml {
            lang,
            first_name,
            cancelled: number,
            cancelled_amount: amount,
            replacement,
            space_url,
        }
        .render()?,
        attachments: Vec::new(),
    })
}

/// What a yearly receipt's email says: `period` reads « 1er janvier 2026
/// au 31 décembre 2026 »; `supplement` for a supplementary receipt (payments
/// recorded after the summary).
pub struct AnnualMail<'a> {
    pub first_name: &'a str,
    pub year: i32,
    pub number: &'a str,
    pub amount: &'a str,
    pub period: &'a str,
    pub space_url: &'a str,
    pub supplement: bool,
    /// The donor's language (their latest gift's).
    pub lang: crate::i18n::Lang,
}

#[derive(Template)]
#[template(path = "emails/annual_receipt.txt")]
struct AnnualReceiptText<'a> {
    m: &'a AnnualMail<'a>,
}

#[derive(Template)]
#[template(path = "emails/annual_receipt.html")]
struct AnnualReceiptHtml<'a> {
    m: &'a AnnualMail<'a>,
}

/// A yearly summary receipt, or a supplementary one.
pub fn annual_receipt(to: &str, m: &AnnualMail<'_>) -> askama::Result<Email> {
    let (year, number) = (m.year, m.number);
    Ok(Email {
        to: to.to_owned(),
        subject: m.lang.t2(
            if m.supplement {
                "mail-annual-supplement-subject"
            } else {
                "mail-annual-subject"
            },
            "year",
            year,
            "number",
            number,
        ),
        text: AnnualReceiptText { m }.render()?,
        html: AnnualReceiptHtml { m }.render()?,
        attachments: Vec::new(),
    })
}

#[derive(Template)]
#[template(path = "emails/staff_invitation.txt")]
struct StaffInvitationText<'a> {
    url: &'a str,
    role: &'a str,
}

#[derive(Template)]
#[template(path = "emails/staff_invitation.html")]
struct StaffInvitationHtml<'a> {
    url: &'a str,
    role: &'a str,
}

/// An invitation to the team: the one-time link that sets a password.
pub fn staff_invitation(to: &str, url: &str, role: &str) -> askama::Result<Email> {
    Ok(Email {
        to: to.to_owned(),
        subject: crate::i18n::Lang::FR.t("staff-mail-invitation-subject"),
        text: StaffInvitationText { url, role }.render()?,
        html: StaffInvitationHtml { url, role }.render()?,
        attachments: Vec::new(),
    })
}
