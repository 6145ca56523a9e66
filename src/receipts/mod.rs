//! Tax receipts: issuing them (numbered in the database, details copied in),
//! rendering them to PDF again to the same bytes, and the keyed link that lets
//! anyone holding one check it.

pub mod export;
pub mod pdf;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime};

use crate::domain::dates::in_paris;
use crate::domain::donation::{DonorDetails, Frequency, country_name};
use crate::domain::lifecycle::GiftStatus;
use crate::domain::money::Cents;
use crate::domain::receipt::{Issuer, PaymentBox, ReceiptNumber};
use crate::domain::words::amount_in_words;
use crate::secret::Secret;
use crate::store::{DonationSummary, NewReceipt, Organisation, Receipt, Store};

/// The organisation's details as a receipt keeps them; images by hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    #[serde(flatten)]
    pub issuer: Issuer,
    pub logo_sha256: Option<String>,
    pub signature_sha256: Option<String>,
}

/// Bytes of the HMAC a verification key keeps.
const KEY_BYTES: usize = 12;

/// The HMAC of a receipt number under the site secret.
fn number_mac(secret: &Secret, number: &str) -> Hmac<Sha256> {
    let mut mac = secret.keyed(b"receipt:");
    mac.update(number.as_bytes());
    mac
}

/// The key printed in a receipt's verification link: an HMAC of its number.
pub fn verify_key(secret: &Secret, number: &str) -> String {
    hex::encode(&number_mac(secret, number).finalize().into_bytes()[..KEY_BYTES])
}

/// Whether `key` is the verification key of `number`, in constant time.
pub fn key_matches(secret: &Secret, number: &str, key: &str) -> bool {
    let Ok(given) = hex::decode(key) else {
        return false;
    };
    given.len() == KEY_BYTES
        && number_mac(secret, number)
            .verify_truncated_left(&given)
            .is_ok()
}

/// The public address that checks a receipt.
pub fn verify_url(base_url: &str, secret: &Secret, number: &str) -> String {
    format!(
        "{base_url}/receipts/verify/{number}?k={}",
        verify_key(secret, number)
    )
}

/// Why a gift gets no receipt (yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotDue {
    NotAsked,
    NotPaid,
    /// Monthly payments are covered by the yearly summary.
    Monthly,
    IncompleteAddress,
    BelowMinimum,
    /// The organisation's settings lack these (in French).
    OrganisationIncomplete(Vec<&'static str>),
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The snapshot of the organisation, and the images it names.
pub fn snapshot(org: &Organisation) -> (String, Vec<(String, Vec<u8>)>) {
    let mut images = Vec::new();
    let mut name = |png: &Option<Vec<u8>>| {
        png.as_ref().map(|bytes| {
            let sha = sha256_hex(bytes);
            images.push((sha.clone(), bytes.clone()));
            sha
        })
    };
    let snapshot = Snapshot {
        issuer: org.issuer.clone(),
        logo_sha256: name(&org.logo_png),
        signature_sha256: name(&org.signature_png),
    };
    let json = serde_json::to_string(&snapshot).unwrap_or_default();
    (json, images)
}

/// A donor's address is complete enough for a receipt.
pub fn address_complete(donor: &DonorDetails) -> bool {
    [
        &donor.address,
        &donor.postal_code,
        &donor.city,
        &donor.country,
    ]
    .iter()
    .all(|field| !field.trim().is_empty())
}

/// The receipt a confirmed one-off gift is due, issued at `now`.
pub fn single_receipt(
    gift: &DonationSummary,
    donor: &DonorDetails,
    org: &Organisation,
    now: OffsetDateTime,
) -> Result<NewReceipt, NotDue> {
    if !gift.wants_receipt {
        return Err(NotDue::NotAsked);
    }
    if gift.frequency == Frequency::Monthly {
        return Err(NotDue::Monthly);
    }
    let Some(paid_at) = gift
        .confirmed_at
        .filter(|_| gift.status == GiftStatus::Succeeded)
    else {
        return Err(NotDue::NotPaid);
    };
    if !address_complete(donor) {
        return Err(NotDue::IncompleteAddress);
    }
    if gift.amount.get() < org.receipt_min.get() {
        return Err(NotDue::BelowMinimum);
    }
    let missing = org.missing();
    if !missing.is_empty() {
        return Err(NotDue::OrganisationIncomplete(missing));
    }
    let (organisation_snapshot, images) = snapshot(org);
    let issued = in_paris(now);
    Ok(NewReceipt {
        kind: crate::store::ReceiptKind::Single,
        donor_id: gift.donor_id,
        donation_id: Some(gift.id),
        donor: donor.clone(),
        organisation_snapshot,
        images,
        amount: gift.amount,
        amount_words: amount_in_words(gift.amount),
        payment_box: PaymentBox::for_method(gift.method.as_deref().unwrap_or("card")),
        gift_date: Some(in_paris(paid_at).date()),
        period: None,
        covers_year: None,
        cerfa_revision: gift.donor_kind().model().revision().to_owned(),
        layout: pdf::LAYOUT,
        specimen: !org.details_saved,
        company: gift.company.clone(),
        supplement: 0,
        replaces_receipt_id: None,
        lines: Vec::new(),
        issued_at: now,
        year: issued.year(),
    })
}

/// Issues the receipt of a confirmed one-off gift if one is due (once: a second
/// call returns the first receipt).
pub async fn issue_for_gift(
    store: &dyn Store,
    gift: &DonationSummary,
    now: OffsetDateTime,
) -> anyhow::Result<Result<Receipt, NotDue>> {
    if !gift.wants_receipt || gift.frequency == Frequency::Monthly {
        return Ok(Err(NotDue::NotAsked));
    }
    let Some(org) = store.organisation().await? else {
        return Ok(Err(NotDue::OrganisationIncomplete(vec!["tout"])));
    };
    let Some(donor) = store.gift_identity(gift.id).await? else {
        return Ok(Err(NotDue::IncompleteAddress));
    };
    match single_receipt(gift, &donor, &org, now) {
        // Not entitled when paid: lowering the minimum later does not change
        // that, unless staff ask for its receipt.
        Err(NotDue::BelowMinimum) => {
            store
                .set_receipt_refused(gift.id, Some("below_minimum"))
                .await?;
            Ok(Err(NotDue::BelowMinimum))
        }
        Ok(new) => {
            let issued = store.issue_receipt(&new).await?;
            if issued.created {
                tracing::info!(receipt = %issued.receipt.number, donation.id = %gift.public_id, "receipt issued");
            }
            Ok(Ok(issued.receipt))
        }
        Err(not_due) => Ok(Err(not_due)),
    }
}

/// The receipt that replaces `old` (a one-off gift's), with the donor's
/// current name and address and what remains of the gift after refunds; `None`
/// if nothing remains or the gift is gone.
pub async fn reissue(
    store: &dyn Store,
    old: &Receipt,
    now: OffsetDateTime,
) -> anyhow::Result<Option<NewReceipt>> {
    let Some(gift_id) = old.donation_id else {
        return Ok(None);
    };
    let Some(gift) = store.donations_by_ids(&[gift_id]).await?.pop() else {
        return Ok(None);
    };
    let Some(donor) = store.gift_identity(gift.id).await? else {
        return Ok(None);
    };
    let left = gift.amount.get() - gift.refunded.get();
    if left <= 0 {
        return Ok(None);
    }
    let amount = Cents::new(left);
    let (organisation_snapshot, images) = match store.organisation().await? {
        Some(org) if org.missing().is_empty() => snapshot(&org),
        _ => (old.organisation_snapshot.clone(), Vec::new()),
    };
    let issued = in_paris(now);
    Ok(Some(NewReceipt {
        kind: crate::store::ReceiptKind::Single,
        donor_id: gift.donor_id,
        donation_id: Some(gift.id),
        donor,
        organisation_snapshot,
        images,
        amount,
        amount_words: amount_in_words(amount),
        payment_box: PaymentBox::parse(&old.payment_method)
            .unwrap_or(PaymentBox::TransferDebitCard),
        gift_date: old.gift_date,
        period: None,
        covers_year: None,
        cerfa_revision: old.model().revision().to_owned(),
        layout: pdf::LAYOUT,
        specimen: old.specimen,
        company: old.company(),
        supplement: 0,
        replaces_receipt_id: Some(old.id),
        lines: Vec::new(),
        issued_at: now,
        year: issued.year(),
    }))
}

/// What a run of the yearly summaries did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnualRun {
    /// Summaries issued now.
    pub issued: Vec<Receipt>,
    /// Donors whose summary for the year already existed.
    pub already: usize,
    /// Donors left out: no receipt asked, incomplete address, below the minimum.
    pub skipped: usize,
    /// Receipts issued again (the old one cancelled) because the payments they
    /// certify changed since (money went back).
    pub replaced: Vec<Receipt>,
    /// Supplementary receipts: payments of the year recorded after its
    /// summary, the summary standing.
    pub supplements: Vec<Receipt>,
}

/// The payments of `year` made by donor `donor_id` under the identity `key`,
/// for what is left of each after refunds: what its yearly receipts certify.
async fn identity_payments(
    store: &dyn Store,
    donor_id: i64,
    key: &str,
    year: i32,
) -> anyhow::Result<Vec<crate::store::MonthlyPayment>> {
    let payments = store
        .monthly_payments_between(
            paris_year_start(year),
            paris_year_start(year + 1),
            Some(donor_id),
        )
        .await?;
    Ok(payments
        .into_iter()
        .filter(|p| crate::domain::search::identity_key(&p.identity(), p.company().as_ref()) == key)
        .collect())
}

/// A payment as a yearly summary lists it: the day it was received in Paris,
/// what is left of it.
fn summary_line(p: &crate::store::MonthlyPayment) -> (i64, Date, Cents) {
    (
        p.donation_id,
        in_paris(p.confirmed_at).date(),
        Cents::new(p.amount_cents),
    )
}

/// The first moment of `year` in Paris, in UTC.
pub fn paris_year_start(year: i32) -> OffsetDateTime {
    let midnight = Date::from_calendar_date(year, time::Month::January, 1)
        .unwrap_or(Date::MIN)
        .midnight();
    // 1 January is always in winter time.
    midnight.assume_offset(time::UtcOffset::from_hms(1, 0, 0).unwrap_or(time::UtcOffset::UTC))
}

/// Issues the yearly summary of every donor whose monthly payments were received
/// in `year` (refunded ones left out), once: running it again issues nothing new,
/// but certifies what changed since ([`settle_identity`]). `progress` is told the
/// number of donors, then called after each.
pub async fn issue_annual(
    store: &dyn Store,
    year: i32,
    now: OffsetDateTime,
    mut progress: impl FnMut(usize, usize) + Send,
) -> anyhow::Result<AnnualRun> {
    issue_annual_of(store, year, None, now, &mut progress).await
}

/// [`issue_annual`] for one donor's identities only (`donor`), or for all.
async fn issue_annual_of(
    store: &dyn Store,
    year: i32,
    donor: Option<i64>,
    now: OffsetDateTime,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> anyhow::Result<AnnualRun> {
    if let Some(why) = crate::domain::receipt::summary_year_refused(year, now) {
        anyhow::bail!("{why}");
    }
    let org = store
        .organisation()
        .await?
        .ok_or_else(|| anyhow::anyhow!("the organisation's settings are missing"))?;
    let missing = org.missing();
    if !missing.is_empty() {
        anyhow::bail!(
            "the organisation's settings are incomplete: {}",
            missing.join(", ")
        );
    }
    let payments = store
        .monthly_payments_between(paris_year_start(year), paris_year_start(year + 1), donor)
        .await?;
    // One summary per donor and identity: payments made with one address under
    // two names (someone else using it, or a company and its contact) are two
    // donors' gifts.
    let mut groups: Vec<(i64, String, Vec<crate::store::MonthlyPayment>)> = Vec::new();
    let mut index: std::collections::HashMap<(i64, String), usize> = Default::default();
    for payment in payments {
        let key =
            crate::domain::search::identity_key(&payment.identity(), payment.company().as_ref());
        match index.get(&(payment.donor_id, key.clone())) {
            Some(&at) => groups[at].2.push(payment),
            None => {
                index.insert((payment.donor_id, key.clone()), groups.len());
                groups.push((payment.donor_id, key, vec![payment]));
            }
        }
    }
    let (snapshot, images) = snapshot(&org);
    let terms = YearTerms {
        snapshot,
        images,
        specimen: !org.details_saved,
        min: org.receipt_min,
        year,
    };
    let total = groups.len();
    let mut run = AnnualRun::default();
    for (done, (donor_id, key, payments)) in groups.into_iter().enumerate() {
        progress(done, total);
        let who = Identity {
            donor_id,
            key,
            donor: payments[0].identity(),
            company: payments[0].company(),
        };
        let settled = settle_identity(store, &terms, &who, &payments, now, Why::Run).await?;
        if settled.skipped {
            run.skipped += 1;
        } else if settled.already() {
            run.already += 1;
        }
        run.issued.extend(settled.issued);
        run.replaced.extend(settled.replaced);
        run.supplements.extend(settled.supplement);
    }
    progress(total, total);
    Ok(run)
}

/// What a yearly receipt issued now carries: the organisation as it is, and
/// the year.
struct YearTerms {
    snapshot: String,
    images: Vec<(String, Vec<u8>)>,
    specimen: bool,
    /// Below this yearly total, no receipt.
    min: Cents,
    year: i32,
}

/// Why yearly receipts are settled again: the reason a replaced one gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    /// A run of the year's summaries.
    Run,
    /// Money went back (or came back) on one of the year's payments.
    MoneyMoved,
}

impl Why {
    fn reason(self, old: Cents, new: Cents) -> &'static str {
        match self {
            Why::Run => "récapitulatif recalculé d'après les versements de l'année",
            Why::MoneyMoved if new.get() == 0 => "don remboursé",
            Why::MoneyMoved if new.get() > old.get() => "remboursement annulé",
            Why::MoneyMoved => "remboursement partiel",
        }
    }
}

/// What settling one identity's year did.
#[derive(Debug, Default)]
struct Settled {
    /// Not due: no receipt asked, an incomplete address, below the minimum.
    skipped: bool,
    /// The year's summary, issued now.
    issued: Option<Receipt>,
    /// Receipts rebuilt from the payments they cover (money went back, or
    /// came back).
    replaced: Vec<Receipt>,
    /// The supplementary receipt of payments recorded after the summary.
    supplement: Option<Receipt>,
}

impl Settled {
    /// Its receipts already certified exactly its payments.
    fn already(&self) -> bool {
        !self.skipped
            && self.issued.is_none()
            && self.replaced.is_empty()
            && self.supplement.is_none()
    }
}

/// Whose yearly receipts: a donor's address, under one identity.
struct Identity {
    donor_id: i64,
    /// [`crate::domain::search::identity_key`]
    key: String,
    donor: crate::store::DonorDetails,
    company: Option<crate::domain::donation::Company>,
}

/// Makes the valid yearly receipts of `who` certify `payments` (that
/// identity's payments of the year, with what is left of each) exactly once:
/// the summary if there is none; a receipt whose payments changed (refunded,
/// in part or in full, or brought back after a refund that failed) cancelled
/// and replaced by one rebuilt from the payments it covers; payments no
/// receipt ever covered (recorded after the summary: a late SEPA debit) in a
/// supplementary receipt, the summary standing.
async fn settle_identity(
    store: &dyn Store,
    terms: &YearTerms,
    who: &Identity,
    payments: &[crate::store::MonthlyPayment],
    now: OffsetDateTime,
    why: Why,
) -> anyhow::Result<Settled> {
    let year = terms.year;
    let amount = Cents::new(payments.iter().map(|p| p.amount_cents).sum());
    let due = payments.iter().any(|p| p.wants_receipt)
        && address_complete(&who.donor)
        && amount.get() >= terms.min.get();
    let standing = store.valid_summaries(who.donor_id, year, &who.key).await?;
    if standing.is_empty() && !due {
        return Ok(Settled {
            skipped: true,
            ..Settled::default()
        });
    }
    let period = (
        Date::from_calendar_date(year, time::Month::January, 1)?,
        Date::from_calendar_date(year, time::Month::December, 31)?,
    );
    let payment_box = PaymentBox::for_method(
        payments
            .iter()
            .find_map(|p| p.method.as_deref())
            .unwrap_or("card"),
    );
    let receipt = |mut lines: Vec<(i64, Date, Cents)>, supplement: i64, replaces: Option<i64>| {
        lines.sort_by_key(|(id, day, _)| (*day, *id));
        let amount = Cents::new(lines.iter().map(|(_, _, c)| c.get()).sum());
        NewReceipt {
            kind: crate::store::ReceiptKind::Annual,
            donor_id: who.donor_id,
            donation_id: None,
            donor: who.donor.clone(),
            organisation_snapshot: terms.snapshot.clone(),
            images: terms.images.clone(),
            amount,
            amount_words: amount_in_words(amount),
            payment_box,
            gift_date: None,
            period: Some(period),
            covers_year: Some(year),
            cerfa_revision: crate::domain::donation::DonorKind::of(who.company.as_ref())
                .model()
                .revision()
                .to_owned(),
            layout: pdf::LAYOUT,
            specimen: terms.specimen,
            company: who.company.clone(),
            supplement,
            replaces_receipt_id: replaces,
            lines,
            issued_at: now,
            year: in_paris(now).year(),
        }
    };
    let wanted: Vec<(i64, Date, Cents)> = payments.iter().map(summary_line).collect();
    let mut settled = Settled::default();
    if standing.is_empty() {
        let issued = store.issue_receipt(&receipt(wanted, 0, None)).await?;
        // Unless another run issued it first.
        if issued.created {
            store
                .enqueue_job(&receipt_email_job(issued.receipt.id), now)
                .await?;
            settled.issued = Some(issued.receipt);
        }
        return Ok(settled);
    }
    let mut items = Vec::with_capacity(standing.len());
    for old in &standing {
        items.push(store.receipt_items(old.id).await?);
    }
    let certified: std::collections::HashSet<i64> =
        items.iter().flatten().map(|(id, _, _)| *id).collect();
    // A payment no valid receipt covers: back to the receipt that stands for
    // the one that covered it (its money came back), or new to the year.
    let mut returning: std::collections::HashMap<i64, Vec<(i64, Date, Cents)>> = Default::default();
    let mut late = Vec::new();
    for line in wanted.iter().filter(|(id, _, _)| !certified.contains(id)) {
        let mut covering = store.last_receipt_covering(line.0).await?;
        while let Some(r) = covering
            .as_ref()
            .filter(|r| r.status != crate::store::ReceiptStatus::Valid)
        {
            covering = store.receipt_replacing(r.id).await?;
        }
        match covering.filter(|r| standing.iter().any(|s| s.id == r.id)) {
            Some(stands) => returning.entry(stands.id).or_default().push(*line),
            None => late.push(*line),
        }
    }
    for (old, items) in standing.iter().zip(&items) {
        let mut still: Vec<(i64, Date, Cents)> = items
            .iter()
            .filter_map(|(id, _, _)| wanted.iter().find(|(w, _, _)| w == id).copied())
            .collect();
        let back = returning.remove(&old.id).unwrap_or_default();
        let unchanged = back.is_empty()
            && still.len() == items.len()
            && still
                .iter()
                .zip(items)
                .all(|((a, b, c), (x, y, z))| a == x && b == y && c.get() == *z);
        if unchanged {
            continue;
        }
        still.extend(back);
        let left = Cents::new(still.iter().map(|(_, _, c)| c.get()).sum());
        let reason = why.reason(Cents::new(old.amount_cents), left);
        let replacement = (!still.is_empty()).then(|| receipt(still, old.supplement, Some(old.id)));
        if let Some((_, new)) = store
            .replace_receipt(old.id, reason, replacement.as_ref(), now)
            .await?
        {
            settled.replaced.extend(new);
        }
    }
    if due && !late.is_empty() {
        let next = standing.iter().map(|r| r.supplement).max().unwrap_or(0) + 1;
        let issued = store.issue_receipt(&receipt(late, next, None)).await?;
        if issued.created {
            store
                .enqueue_job(&receipt_email_job(issued.receipt.id), now)
                .await?;
            tracing::info!(receipt = %issued.receipt.number, year, "supplementary receipt issued for payments recorded after the summary");
            settled.supplement = Some(issued.receipt);
        }
    }
    Ok(settled)
}

/// A monthly payment of a year that is over, recorded after that year's
/// summaries went out (a late SEPA debit): certified by a supplementary
/// receipt. Before the summaries, nothing: they will include it.
pub async fn certify_late_payment(
    store: &dyn Store,
    payment: &DonationSummary,
    now: OffsetDateTime,
) -> anyhow::Result<Option<Receipt>> {
    let Some(paid_at) = payment.confirmed_at else {
        return Ok(None);
    };
    let year = in_paris(paid_at).year();
    if payment.frequency != Frequency::Monthly
        || crate::domain::receipt::summary_year_refused(year, now).is_some()
    {
        return Ok(None);
    }
    let Some(identity) = store.gift_identity(payment.id).await? else {
        return Ok(None);
    };
    let key = crate::domain::search::identity_key(&identity, payment.company.as_ref());
    if store
        .valid_summaries(payment.donor_id, year, &key)
        .await?
        .is_empty()
    {
        return Ok(None);
    }
    let run = issue_annual_of(store, year, Some(payment.donor_id), now, &mut |_, _| {}).await?;
    Ok(run.supplements.into_iter().next())
}

/// Issues the receipts that could not be issued when their gifts were paid
/// (the organisation's settings were incomplete) and queues their emails.
/// Returns how many were issued.
pub async fn issue_backlog(store: &dyn Store, now: OffsetDateTime) -> anyhow::Result<usize> {
    let mut after = 0;
    let mut issued = 0;
    loop {
        let ids = store.gifts_without_receipt(after, 200).await?;
        let Some(&last) = ids.last() else {
            return Ok(issued);
        };
        after = last;
        for gift in store.donations_by_ids(&ids).await? {
            if let Ok(receipt) = issue_for_gift(store, &gift, now).await? {
                store
                    .enqueue_job(&receipt_email_job(receipt.id), now)
                    .await?;
                issued += 1;
            }
        }
    }
}

/// The job that emails a receipt issued on its own (a yearly summary, or a
/// gift's receipt issued after its thank-you).
pub fn receipt_email_job(receipt_id: i64) -> crate::store::NewJob {
    crate::store::NewJob {
        kind: crate::store::JobKind::ReceiptEmail,
        payload: serde_json::json!({ "receipt_id": receipt_id }).to_string(),
        dedupe_key: Some(format!("receipt_email:{receipt_id}")),
        run_at: OffsetDateTime::now_utc(),
    }
}

/// After money went back on a payment (or came back, when a refund failed):
/// the receipt covering it is cancelled and, if something remains, replaced by
/// a new one (new number, same details) that refers to it, certifying what is
/// left of each payment; the donor is told by email (queued in the same
/// transaction). When the payment had been given back in full and its
/// receipt cancelled, money coming back issues a new one. Returns the receipt
/// cancelled (if any) and the one issued (if any).
pub async fn settle_refund(
    store: &dyn Store,
    donation_id: i64,
    now: OffsetDateTime,
) -> anyhow::Result<Option<(Option<Receipt>, Option<Receipt>)>> {
    let Some(gift) = store.donations_by_ids(&[donation_id]).await?.pop() else {
        return Ok(None);
    };
    // Never covered by a receipt: nothing to settle (issuing is another path).
    let Some(mut last) = store.last_receipt_covering(donation_id).await? else {
        return Ok(None);
    };
    // The receipt standing for it now: the last one, or its latest replacement
    // (a yearly summary replaced without this payment no longer lists it).
    while last.status != crate::store::ReceiptStatus::Valid {
        match store.receipt_replacing(last.id).await? {
            Some(next) => last = next,
            None => break,
        }
    }
    let left = Cents::new((gift.amount.get() - gift.refunded.get()).max(0));
    // A yearly receipt: its identity's receipts of the year made to certify
    // the year's payments again, each rebuilt from the payments it covers.
    if let (crate::store::ReceiptKind::Annual, Some(start)) = (last.kind, last.period_start) {
        let year = start.year();
        let key = crate::domain::search::identity_key(&last.donor(), last.company().as_ref());
        let payments = identity_payments(store, last.donor_id, &key, year).await?;
        let min = store
            .organisation()
            .await?
            .map_or(Cents::ZERO, |org| org.receipt_min);
        let terms = YearTerms {
            snapshot: last.organisation_snapshot.clone(),
            images: Vec::new(),
            specimen: last.specimen,
            min,
            year,
        };
        let who = Identity {
            donor_id: last.donor_id,
            key,
            donor: last.donor(),
            company: last.company(),
        };
        let settled = settle_identity(store, &terms, &who, &payments, now, Why::MoneyMoved).await?;
        if settled.replaced.is_empty() && settled.supplement.is_none() {
            return Ok(None);
        }
        let cancelled = store
            .receipt(last.id)
            .await?
            .filter(|r| r.status == crate::store::ReceiptStatus::Cancelled);
        let new = settled.replaced.into_iter().next().or(settled.supplement);
        return Ok(Some((cancelled, new)));
    }
    // A one-off gift's receipt: what is left of the gift.
    let amount = left;
    let valid = last.status == crate::store::ReceiptStatus::Valid;
    if (valid && amount.get() == last.amount_cents) || (!valid && amount.get() == 0) {
        return Ok(None);
    }
    let replacement = (amount.get() > 0).then(|| NewReceipt {
        kind: last.kind,
        donor_id: last.donor_id,
        donation_id: last.donation_id,
        donor: last.donor(),
        organisation_snapshot: last.organisation_snapshot.clone(),
        images: Vec::new(),
        amount,
        amount_words: amount_in_words(amount),
        payment_box: PaymentBox::parse(&last.payment_method)
            .unwrap_or(PaymentBox::TransferDebitCard),
        gift_date: last.gift_date,
        period: None,
        covers_year: None,
        cerfa_revision: last.model().revision().to_owned(),
        layout: pdf::LAYOUT,
        specimen: last.specimen,
        company: last.company(),
        supplement: 0,
        replaces_receipt_id: Some(last.id),
        lines: Vec::new(),
        issued_at: now,
        year: in_paris(now).year(),
    });
    if !valid {
        // Its receipt was cancelled when the money went back in full; the
        // money came back: a new receipt, sent to the donor.
        let Some(new) = replacement else {
            return Ok(None);
        };
        let issued = store.issue_receipt(&new).await?;
        if issued.created {
            store
                .enqueue_job(&receipt_email_job(issued.receipt.id), now)
                .await?;
            tracing::info!(receipt = %issued.receipt.number, replaces = %last.number, "receipt issued again: the money came back");
        }
        return Ok(Some((None, Some(issued.receipt))));
    }
    let reason = match &replacement {
        Some(_) if amount.get() > last.amount_cents => "remboursement annulé",
        Some(_) => "remboursement partiel",
        None => "don remboursé",
    };
    let outcome = store
        .replace_receipt(last.id, reason, replacement.as_ref(), now)
        .await?;
    if let Some((cancelled, new)) = &outcome {
        tracing::info!(receipt = %cancelled.number, replacement = ?new.as_ref().map(|r| &r.number), "receipt cancelled after money moved back");
    }
    Ok(outcome.map(|(cancelled, new)| (Some(cancelled), new)))
}

/// What the PDF of a recorded receipt shows.
pub async fn document(
    store: &dyn Store,
    secret: &Secret,
    base_url: &str,
    receipt: &Receipt,
) -> anyhow::Result<pdf::ReceiptDocument> {
    let snapshot: Snapshot = serde_json::from_str(&receipt.organisation_snapshot)?;
    let image = |sha: Option<String>| async move {
        match sha {
            Some(sha) => store.receipt_image(&sha).await,
            None => Ok(None),
        }
    };
    let logo_png = image(snapshot.logo_sha256.clone()).await?;
    let signature_png = image(snapshot.signature_sha256.clone()).await?;
    // Only a yearly summary has an annex.
    let lines = if receipt.kind == crate::store::ReceiptKind::Annual {
        store
            .receipt_lines(receipt.id)
            .await?
            .into_iter()
            .map(|(date, cents)| (date, Cents::new(cents)))
            .collect()
    } else {
        Vec::new()
    };
    let replaces = match receipt.replaces_receipt_id {
        Some(id) => store.receipt(id).await?.map(|r| r.number),
        None => None,
    };
    let replaced_by = match receipt.status {
        crate::store::ReceiptStatus::Cancelled => {
            store.receipt_replacing(receipt.id).await?.map(|r| r.number)
        }
        crate::store::ReceiptStatus::Valid => None,
    };
    let number = ReceiptNumber::parse(&receipt.number)
        .ok_or_else(|| anyhow::anyhow!("receipt {} has a malformed number", receipt.id))?;
    Ok(pdf::ReceiptDocument {
        layout: u8::try_from(receipt.layout).unwrap_or(pdf::LAYOUT),
        model: receipt.model(),
        revision: receipt.cerfa_revision.clone(),
        specimen: receipt.specimen,
        company: receipt.company(),
        number,
        issuer: snapshot.issuer,
        logo_png,
        signature_png,
        donor_first_name: receipt.donor_first_name.clone(),
        donor_last_name: receipt.donor_last_name.clone(),
        donor_address: receipt.donor_address.clone(),
        donor_postal_code: receipt.donor_postal_code.clone(),
        donor_city: receipt.donor_city.clone(),
        donor_country: country_name(&receipt.donor_country).to_owned(),
        amount: Cents::new(receipt.amount_cents),
        amount_words: receipt.amount_words.clone(),
        payment_box: PaymentBox::parse(&receipt.payment_method)
            .unwrap_or(PaymentBox::TransferDebitCard),
        gift_date: receipt.gift_date,
        period: receipt.period_start.zip(receipt.period_end),
        lines,
        issued_on: in_paris(receipt.issued_at).date(),
        // As printed the first time; receipts rendered before it was recorded
        // take the site's address.
        verify_url: receipt
            .verify_url
            .clone()
            .unwrap_or_else(|| verify_url(base_url, secret, &receipt.number)),
        cancelled: receipt.cancelled_at.map(|at| {
            (
                in_paris(at).date(),
                receipt.cancel_reason.clone().unwrap_or_default(),
                replaced_by,
            )
        }),
        replaces,
        supplement: receipt.supplement,
    })
}

/// A receipt past its retention period: its donor details were blanked, so
/// it cannot be rendered any more (its number, amount and dates stay in the
/// register). Pages answer it with 410 « Reçu archivé ».
#[derive(Debug, thiserror::Error)]
#[error("receipt {0} is past its retention period: its donor details were erased")]
pub struct Purged(pub String);

/// The receipt's PDF: rendered off the async threads, its hash recorded the
/// first time and checked every time after; [`Purged`] past the retention
/// period.
pub async fn render(
    store: &dyn Store,
    secret: &Secret,
    base_url: &str,
    receipt: &Receipt,
) -> anyhow::Result<Vec<u8>> {
    if receipt.purged_at.is_some() {
        return Err(Purged(receipt.number.clone()).into());
    }
    let mut receipt = std::borrow::Cow::Borrowed(receipt);
    let (bytes, sha, recorded) = loop {
        let doc = document(store, secret, base_url, &receipt).await?;
        let printed_url = doc.verify_url.clone();
        // Rendering and hashing are CPU work: off the async threads, together.
        let (bytes, sha) = tokio::task::spawn_blocking(move || {
            pdf::render(&doc).map(|bytes| {
                let sha = sha256_hex(&bytes);
                (bytes, sha)
            })
        })
        .await??;
        let recorded = match &receipt.pdf_sha256 {
            Some(recorded) => recorded.clone(),
            None => {
                let (recorded, url) = store
                    .record_receipt_hash(receipt.id, &sha, &printed_url)
                    .await?;
                // Another instance, with another public address, rendered it
                // first: its document is the one on record.
                if let Some(url) = url.filter(|url| *url != printed_url) {
                    let first = receipt.to_mut();
                    first.verify_url = Some(url);
                    first.pdf_sha256 = Some(recorded);
                    continue;
                }
                recorded
            }
        };
        break (bytes, sha, recorded);
    };
    // A cancelled receipt's PDF gains its stamp: only the original is on record.
    if recorded != sha && receipt.status == crate::store::ReceiptStatus::Valid {
        anyhow::bail!(
            "receipt {} renders differently from when it was issued",
            receipt.number
        );
    }
    // Rendered before addresses were recorded, and printed the same as then
    // from this address: it is the one on the document, so record it — a
    // later move of the site will not change the document.
    if recorded == sha && receipt.verify_url.is_none() && receipt.pdf_sha256.is_some() {
        store
            .adopt_receipt_url(receipt.id, &verify_url(base_url, secret, &receipt.number))
            .await?;
    }
    Ok(bytes)
}

/// The file name of a receipt's PDF.
pub fn file_name(number: &str) -> String {
    format!("recu-fiscal-{number}.pdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_keys_match_only_their_number_and_secret() {
        let secret = Secret::from("s".to_owned());
        let key = verify_key(&secret, "2026-000001");
        assert_eq!(key.len(), 24);
        assert!(key_matches(&secret, "2026-000001", &key));
        assert!(!key_matches(&secret, "2026-000002", &key));
        assert!(!key_matches(
            &Secret::from("t".to_owned()),
            "2026-000001",
            &key
        ));
        assert!(!key_matches(&secret, "2026-000001", &key[..20]));
        assert!(!key_matches(&secret, "2026-000001", "zz"));
    }
}
