//! The accounting journal, booked once (RECEIPTS.md, « Accounting journal »):
//! each movement of money on a gift — the gift received, each line of the
//! refunds ledger (a refund, a chargeback lost, a debit returned, money that
//! came back) — is booked as one entry of two lines when it happens, numbered
//! then, and never changed; exports read those entries, so that exporting
//! twice gives the same bytes.
//!
//! Booking follows the write that moved the money: the jobs that carry out a
//! confirmation (its receipt issued first, so the entry cites it) and a
//! refund (its receipt settled) book what is pending when they are done; so
//! does the start of the server and every export (what an outage or an older
//! version left unbooked). Two workers booking at once book each movement
//! once (`JournalStore::book_entry`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::stream::{self, Stream};
use time::OffsetDateTime;

use crate::domain::dates::in_paris;
use crate::domain::journal::{entry_date, fec_date, fec_text, iso_8859_15};
use crate::receipts::export::{Accounts, CsvFormat, FEC_COLUMNS};
use crate::store::{DonationRow, NewEntry, RefundRow, Store};

/// Movements read at a time.
const PAGE: i64 = 500;

/// How long an export waits for the confirmations under way (their jobs
/// issue the receipts the entries cite) before booking without them.
const JOB_PATIENCE: std::time::Duration = std::time::Duration::from_secs(3);

/// Books every movement not booked yet, oldest first; returns how many. A
/// gift whose confirmation the worker is carrying out is left to it for a
/// few seconds (its receipt on its way), then booked all the same: an
/// export is complete.
pub async fn book_pending(store: &dyn Store, now: OffsetDateTime) -> anyhow::Result<usize> {
    let started = std::time::Instant::now();
    let mut booked = 0;
    loop {
        booked += book(store, None, Some(now - time::Duration::hours(1)), now).await?;
        let waiting = !store.unbooked_gifts(None, None, 1).await?.is_empty();
        if !waiting || started.elapsed() >= JOB_PATIENCE {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    Ok(booked + book(store, None, None, now).await?)
}

/// Books what is not booked and not waiting for a recent confirmation's job
/// (the worker books those): for the server's start.
pub async fn book_settled(store: &dyn Store, now: OffsetDateTime) -> anyhow::Result<usize> {
    book(store, None, Some(now - time::Duration::hours(1)), now).await
}

/// Books every movement not booked yet, now, without waiting for any job:
/// for the command line, which may run while no server does.
pub async fn book_all(store: &dyn Store, now: OffsetDateTime) -> anyhow::Result<usize> {
    book(store, None, None, now).await
}

/// Books what gift `donation_id` received and gave back, if not yet: its
/// confirmation's job and its refunds' call it when done.
pub async fn book_gift(
    store: &dyn Store,
    donation_id: i64,
    now: OffsetDateTime,
) -> anyhow::Result<usize> {
    book(store, Some(donation_id), None, now).await
}

async fn book(
    store: &dyn Store,
    donation: Option<i64>,
    wait_since: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> anyhow::Result<usize> {
    let accounts = Accounts::load(store).await?;
    let closed = store.closed_years().await?;
    let today = in_paris(now).date();
    let mut booked = 0;
    loop {
        let gifts = store.unbooked_gifts(donation, wait_since, PAGE).await?;
        let refunds = store.unbooked_refunds(donation, PAGE).await?;
        if gifts.is_empty() && refunds.is_empty() {
            return Ok(booked);
        }
        let mut entries: Vec<(OffsetDateTime, NewEntry)> = gifts
            .iter()
            .map(|d| (d.date(), gift_entry(d, &accounts, &closed, today)))
            .chain(
                refunds
                    .iter()
                    .map(|r| (r.refund_at, refund_entry(r, &accounts, &closed, today))),
            )
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.source.cmp(&b.1.source)));
        for (_, entry) in &entries {
            if store.book_entry(entry, now).await?.is_some() {
                booked += 1;
            }
        }
    }
}

/// The account a gift's money arrives on, and its label.
fn money_account<'a>(accounts: &'a Accounts, d: &DonationRow) -> (&'a str, &'static str) {
    match (d.provider.as_str(), d.method.as_deref()) {
        ("offline", Some("cash")) => (&accounts.cash, "Caisse"),
        ("offline", _) => (&accounts.bank, "Banque"),
        _ => (&accounts.clearing, "Prestataire de paiement"),
    }
}

/// The text of an entry: what moved, the donor, the campaign, and the real
/// date when the entry is booked in the open period for a closed one.
fn label(what: &str, d: &DonationRow, note: Option<String>) -> String {
    let mut text = format!(
        "{what} {} {} {}",
        d.donor_first_name, d.donor_last_name, d.campaign_slug
    );
    if let Some(note) = note {
        text.push_str(&format!(" ({note})"));
    }
    fec_text(&text)
}

/// A gift received: the money's account debited, the gifts account credited.
/// Its piece is the receipt issued for it, else the gift's reference.
fn gift_entry(d: &DonationRow, accounts: &Accounts, closed: &[i32], today: time::Date) -> NewEntry {
    let moved_on = in_paris(d.date()).date();
    let (date, note) = entry_date(moved_on, today, closed);
    let (money, money_label) = money_account(accounts, d);
    NewEntry {
        journal_code: accounts.journal.clone(),
        source: format!("gift:{}", d.id),
        donation_id: d.id,
        entry_date: date,
        valid_date: today,
        piece_ref: fec_text(d.receipt_number.as_deref().unwrap_or(&d.public_id)),
        piece_date: moved_on,
        label: label("Don", d, note),
        debit_account: money.to_owned(),
        debit_label: money_label.to_owned(),
        credit_account: accounts.gifts.clone(),
        credit_label: "Dons manuels".to_owned(),
        amount_cents: d.amount_cents,
        gifts_cents: d.amount_cents,
    }
}

/// A line of the refunds ledger: money given back is the gift's reverse;
/// money that came back (a refund that failed, a negative line) is booked as
/// the gift was.
fn refund_entry(r: &RefundRow, accounts: &Accounts, closed: &[i32], today: time::Date) -> NewEntry {
    let d = &r.donation;
    let moved_on = in_paris(r.refund_at).date();
    let (date, note) = entry_date(moved_on, today, closed);
    let (money, money_label) = money_account(accounts, d);
    let what = match (r.refund_reason.as_str(), r.refund_cents < 0) {
        (_, true) => "Remboursement annulé",
        ("dispute_lost", _) => "Litige perdu, don",
        ("debit_failed", _) => "Prélèvement rejeté, don",
        _ => "Remboursement don",
    };
    let (debit, credit) = if r.refund_cents < 0 {
        (
            (money.to_owned(), money_label),
            (accounts.gifts.clone(), "Dons manuels"),
        )
    } else {
        (
            (accounts.gifts.clone(), "Dons manuels"),
            (money.to_owned(), money_label),
        )
    };
    NewEntry {
        journal_code: accounts.journal.clone(),
        source: format!("refund:{}", r.refund_id),
        donation_id: d.id,
        entry_date: date,
        valid_date: today,
        piece_ref: fec_text(&d.public_id),
        piece_date: moved_on,
        label: label(what, d, note),
        debit_account: debit.0,
        debit_label: debit.1.to_owned(),
        credit_account: credit.0,
        credit_label: credit.1.to_owned(),
        amount_cents: r.refund_cents.abs(),
        gifts_cents: -r.refund_cents,
    }
}

/// How the journal file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// ISO 8859-15, as the FEC asks (the default).
    Latin9,
    /// UTF-8, on request.
    Utf8,
}

impl Charset {
    pub fn from_query(value: Option<&str>) -> Charset {
        match value {
            Some(v) if v.eq_ignore_ascii_case("utf-8") || v.eq_ignore_ascii_case("utf8") => {
                Charset::Utf8
            }
            _ => Charset::Latin9,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Charset::Latin9 => "text/plain; charset=iso-8859-15",
            Charset::Utf8 => "text/plain; charset=utf-8",
        }
    }

    fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Charset::Latin9 => iso_8859_15(text),
            Charset::Utf8 => text.as_bytes().to_vec(),
        }
    }
}

/// The name of a whole year's file: `{SIREN}FEC{AAAAMMJJ}.txt`, the closing
/// date of the year; the organisation's number as registered (an association
/// without a SIREN has its RNA number there), letters and digits only.
pub fn file_name(registration_number: &str, year: i32) -> String {
    let id: String = registration_number
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("{id}FEC{year:04}1231.txt")
}

/// Where the journal export is: after the header, after an entry's id.
enum Page {
    Header,
    After(i64),
    Done,
}

/// The journal of `year` in the FEC layout: the header row, then each entry
/// dated in the year (after number `since`, to export only what was not
/// imported yet), two lines each, in number order. Entries pending are booked
/// first, so the file is complete and the same at every export.
/// `rows` counts the entries written (for a progress bar).
pub fn fec_file(
    store: Arc<dyn Store>,
    year: i32,
    since: i64,
    charset: Charset,
    rows: Arc<AtomicU64>,
) -> impl Stream<Item = anyhow::Result<Vec<u8>>> + Send {
    stream::try_unfold(Page::Header, move |page| {
        let store = store.clone();
        let rows = rows.clone();
        async move {
            let after = match page {
                Page::Header => {
                    book_pending(&*store, OffsetDateTime::now_utc()).await?;
                    let header = format!("{}\r\n", FEC_COLUMNS.join("|"));
                    return Ok(Some((charset.encode(&header), Page::After(0))));
                }
                Page::After(after) => after,
                Page::Done => return Ok(None),
            };
            let entries = store.journal_entries(year, since, after, PAGE).await?;
            let next = match entries.last() {
                Some(last) if entries.len() as i64 == PAGE => Page::After(last.id),
                _ => Page::Done,
            };
            let mut out = String::with_capacity(entries.len() * 400);
            for booked in &entries {
                let e = &booked.entry;
                let amount = CsvFormat::Excel.euros(e.amount_cents);
                let num = booked.num.to_string();
                let (date, piece_date, valid) = (
                    fec_date(e.entry_date),
                    fec_date(e.piece_date),
                    fec_date(e.valid_date),
                );
                for (account, account_label, debit) in [
                    (&e.debit_account, &e.debit_label, true),
                    (&e.credit_account, &e.credit_label, false),
                ] {
                    let (debit, credit) = if debit {
                        (amount.as_str(), "0,00")
                    } else {
                        ("0,00", amount.as_str())
                    };
                    out.push_str(
                        &[
                            e.journal_code.as_str(),
                            "Dons",
                            &num,
                            &date,
                            account,
                            account_label,
                            "",
                            "",
                            &e.piece_ref,
                            &piece_date,
                            &e.label,
                            debit,
                            credit,
                            "",
                            "",
                            &valid,
                            "",
                            "",
                        ]
                        .join("|"),
                    );
                    out.push_str("\r\n");
                }
            }
            if entries.is_empty() && matches!(next, Page::Done) {
                return Ok(None);
            }
            rows.fetch_add(entries.len() as u64, Ordering::Relaxed);
            Ok(Some((charset.encode(&out), next)))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_s_file_is_named_after_the_organisation_and_the_closing_date() {
        assert_eq!(file_name("123 456 789", 2025), "123456789FEC20251231.txt");
        assert_eq!(file_name("W691234567", 2026), "W691234567FEC20261231.txt");
    }
}
