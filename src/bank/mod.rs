//! Bank statements, read into lines to reconcile: CAMT.053 (ISO 20022
//! « BankToCustomerStatement », what French banks export), any version of
//! the message (elements are matched by name, whatever the namespace).
//!
//! Each line keeps the bank's own reference for it (`AcctSvcrRef`), so that
//! a statement imported twice is recognised line by line.

pub mod csv;

use time::Date;

use crate::domain::lifecycle::GiftStatus;
use crate::domain::money::Cents;
use crate::store::{ChequeDeposit, DonationSummary, Pledge, Store, StoreResult};

/// The settings keys of the account donors' transfers go to.
pub const BANK_IBAN_SETTING: &str = "bank_iban";
pub const BANK_BIC_SETTING: &str = "bank_bic";

/// How to pay a gift pledged by transfer: to whom, which account, how much,
/// and the reference to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferDetails {
    pub holder: String,
    /// Grouped by four, as printed.
    pub iban: String,
    pub bic: String,
    /// `DON-7KQ4-PE`.
    pub reference: String,
    pub amount: String,
}

/// The instructions for gift `d`, when it is a pledge by transfer.
pub async fn transfer_details(
    store: &dyn Store,
    d: &DonationSummary,
    holder: &str,
) -> StoreResult<Option<TransferDetails>> {
    let Some(code) = store.transfer_reference(d.id).await? else {
        return Ok(None);
    };
    let Some(reference) = crate::domain::transfer::Reference::parse(&code) else {
        return Ok(None);
    };
    let iban = store.setting(BANK_IBAN_SETTING).await?.unwrap_or_default();
    Ok(Some(TransferDetails {
        holder: holder.to_owned(),
        iban: crate::domain::transfer::iban_for_print(&iban),
        bic: store.setting(BANK_BIC_SETTING).await?.unwrap_or_default(),
        reference: reference.to_string(),
        amount: d.amount.to_string(),
    }))
}

/// A statement as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub id: String,
    /// The account's IBAN, as the statement gives it.
    pub iban: String,
    pub lines: Vec<StatementLine>,
}

/// One movement on the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// The bank's reference for the line (or the statement's id and the
    /// line's place in it): the same line imported twice has the same key.
    pub key: String,
    pub booked_on: Date,
    /// Money in is positive, money out negative.
    pub amount: Cents,
    /// Who sent (for money in) or received it, as the bank names them.
    pub counterparty: String,
    /// The free text and structured reference the payer gave.
    pub text: String,
    /// A deposit of cheques (bank transaction code « ICHQ »/« CCHQ », or said so).
    pub cheques: bool,
}

/// Why a file is not a statement soutenir can read (in French, from the
/// staff file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementError {
    Unreadable(String),
    Currency(String),
}

impl std::fmt::Display for StatementError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let said = match self {
            StatementError::Unreadable(what) => {
                crate::i18n::fr_with("staff-bank-err-unreadable", &[("what", what)])
            }
            StatementError::Currency(what) => {
                crate::i18n::fr_with("staff-bank-err-currency", &[("what", what)])
            }
        };
        f.write_str(&said)
    }
}

impl std::error::Error for StatementError {}

/// What importing a statement did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Lines seen for the first time.
    pub new: usize,
    /// Lines imported before (nothing changes for them).
    pub already: usize,
    /// Gifts pledged by transfer whose money this statement shows: confirmed
    /// through the normal path (bar, thank-you, receipt).
    pub confirmed: Vec<String>,
    /// Cheque deposits whose credit this statement shows (their numbers).
    pub deposits: Vec<String>,
}

/// Imports `statement`: each line once; each new credit holding a pledge's
/// reference, for its amount, confirms that gift; each deposit of cheques
/// of one open slip's total ticks that slip off. The rest waits in the list
/// of lines to handle.
pub async fn import(
    store: &dyn Store,
    progress: &crate::progress::ProgressCache,
    statement: &Statement,
    now: time::OffsetDateTime,
) -> StoreResult<ImportReport> {
    let mut report = ImportReport::default();
    for line in &statement.lines {
        let Some(line_id) = store.record_bank_line(&statement.id, line, now).await? else {
            report.already += 1;
            continue;
        };
        report.new += 1;
        if line.amount.get() <= 0 {
            continue;
        }
        if line.cheques {
            if let Some(deposit) = deposit_paid_by(store, line).await?
                && store.match_deposit_line(line_id, deposit.id).await?
            {
                tracing::info!(deposit = %deposit.number(), line = %line.key, "cheque deposit credited");
                report.deposits.push(deposit.number());
            }
            continue;
        }
        let Some(reference) = crate::domain::transfer::Reference::find(&line.text) else {
            continue;
        };
        let Some(pledge) = store.pledge_by_reference(reference.code()).await? else {
            continue;
        };
        if pledge.status != GiftStatus::Pending || pledge.amount_cents != line.amount.get() {
            continue;
        }
        if store.match_bank_line(line_id, pledge.id).await? {
            receive(store, progress, &pledge, &line.key, line.booked_on).await?;
            report.confirmed.push(pledge.public_id);
        }
    }
    Ok(report)
}

/// The one open deposit slip a cheque deposit of `line`'s amount pays: made
/// on or before the day it was credited, not seen on a statement yet.
async fn deposit_paid_by(
    store: &dyn Store,
    line: &StatementLine,
) -> StoreResult<Option<ChequeDeposit>> {
    let mut open = open_deposits_for(store, line.amount, line.booked_on).await?;
    Ok(if open.len() == 1 { open.pop() } else { None })
}

/// The open deposit slips of `amount` made by `day`.
pub async fn open_deposits_for(
    store: &dyn Store,
    amount: Cents,
    day: Date,
) -> StoreResult<Vec<ChequeDeposit>> {
    Ok(store
        .cheque_deposits(200)
        .await?
        .into_iter()
        .filter(|d| {
            d.seen_on.is_none()
                && d.total_cents == amount.get()
                && crate::domain::dates::in_paris(d.created_at).date() <= day
        })
        .collect())
}

/// Confirms pledge `pledge`, its money on the account on `booked_on`, through
/// the normal path (bar, thank-you with its receipt, journal).
async fn receive(
    store: &dyn Store,
    progress: &crate::progress::ProgressCache,
    pledge: &Pledge,
    line_key: &str,
    booked_on: Date,
) -> StoreResult<()> {
    // Noon in Paris of the day the bank booked it: the day the money was received.
    let received_at = crate::domain::dates::paris_midnight(booked_on) + time::Duration::hours(12);
    crate::gifts::confirm(
        store,
        progress,
        crate::gifts::Payment {
            public_id: &pledge.public_id,
            method: "transfer",
            provider_ref: Some(line_key),
            received_at,
            event: None,
        },
    )
    .await?;
    tracing::info!(donation.id = %pledge.public_id, line = %line_key, "transfer received");
    Ok(())
}

/// Why a line could not be handled as asked, for beside the field (in
/// French, from the staff file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandlingError {
    Handled,
    NotACredit,
    NoReference,
    UnknownReference(String),
    NotWaiting(String),
    NoNote,
    NotThisDeposit,
}

impl std::fmt::Display for HandlingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let said = match self {
            HandlingError::Handled => crate::i18n::fr("staff-bank-err-handled").to_owned(),
            HandlingError::NotACredit => crate::i18n::fr("staff-bank-err-not-a-credit").to_owned(),
            HandlingError::NoReference => crate::i18n::fr("staff-bank-err-no-reference").to_owned(),
            HandlingError::UnknownReference(what) => {
                crate::i18n::fr_with("staff-bank-err-unknown-reference", &[("what", what)])
            }
            HandlingError::NotWaiting(what) => {
                crate::i18n::fr_with("staff-bank-err-not-waiting", &[("what", what)])
            }
            HandlingError::NoNote => crate::i18n::fr("staff-bank-err-no-note").to_owned(),
            HandlingError::NotThisDeposit => {
                crate::i18n::fr("staff-bank-err-not-this-deposit").to_owned()
            }
        };
        f.write_str(&said)
    }
}

impl std::error::Error for HandlingError {}

/// What a line handled by hand did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    /// The gift was confirmed; its amount was set to what the bank received
    /// when it differed from the pledge (`from`, the amount pledged).
    Received {
        public_id: String,
        from: Option<Cents>,
    },
    SetAside,
    Deposit(String),
}

/// A credit matched by hand to the pledge whose reference finance staff
/// give (the donor mistyped it, or paid another amount: the gift becomes
/// what the bank received, and is confirmed through the normal path).
pub async fn receive_by_hand(
    store: &dyn Store,
    progress: &crate::progress::ProgressCache,
    line_id: i64,
    reference: &str,
) -> StoreResult<Result<Handled, HandlingError>> {
    let line = match handleable(store, line_id).await? {
        Ok(line) => line,
        Err(e) => return Ok(Err(e)),
    };
    let Some(reference) = crate::domain::transfer::Reference::find(reference) else {
        return Ok(Err(HandlingError::NoReference));
    };
    let Some(pledge) = store.pledge_by_reference(reference.code()).await? else {
        return Ok(Err(HandlingError::UnknownReference(reference.to_string())));
    };
    if pledge.status != GiftStatus::Pending {
        return Ok(Err(HandlingError::NotWaiting(reference.to_string())));
    }
    // The line first: of two staff handling it at once, one does.
    if !store.match_bank_line(line.id, pledge.id).await? {
        return Ok(Err(HandlingError::Handled));
    }
    let from = (pledge.amount_cents != line.amount_cents).then(|| Cents::new(pledge.amount_cents));
    if from.is_some()
        && !store
            .set_pledge_amount(pledge.id, line.amount_cents)
            .await?
    {
        return Ok(Err(HandlingError::NotWaiting(reference.to_string())));
    }
    receive(store, progress, &pledge, &line.line_key, line.booked_on).await?;
    Ok(Ok(Handled::Received {
        public_id: pledge.public_id,
        from,
    }))
}

/// A line set aside by hand, with why (a membership fee, a grant: not a gift).
pub async fn set_aside(
    store: &dyn Store,
    line_id: i64,
    note: &str,
    by: &str,
    now: time::OffsetDateTime,
) -> StoreResult<Result<Handled, HandlingError>> {
    let note = note.trim();
    if note.is_empty() {
        return Ok(Err(HandlingError::NoNote));
    }
    let note: String = note.chars().take(200).collect();
    if let Err(e) = handleable(store, line_id).await? {
        return Ok(Err(e));
    }
    Ok(
        if store.set_aside_bank_line(line_id, &note, by, now).await? {
            Ok(Handled::SetAside)
        } else {
            Err(HandlingError::Handled)
        },
    )
}

/// A cheque deposit ticked off by hand: the statement's credit is slip
/// `deposit_id`'s (two open slips of the same total, say).
pub async fn tick_deposit(
    store: &dyn Store,
    line_id: i64,
    deposit_id: i64,
) -> StoreResult<Result<Handled, HandlingError>> {
    let line = match handleable(store, line_id).await? {
        Ok(line) => line,
        Err(e) => return Ok(Err(e)),
    };
    let open = open_deposits_for(store, Cents::new(line.amount_cents), line.booked_on).await?;
    let Some(deposit) = open.into_iter().find(|d| d.id == deposit_id) else {
        return Ok(Err(HandlingError::NotThisDeposit));
    };
    Ok(if store.match_deposit_line(line.id, deposit.id).await? {
        Ok(Handled::Deposit(deposit.number()))
    } else {
        Err(HandlingError::Handled)
    })
}

async fn handleable(
    store: &dyn Store,
    line_id: i64,
) -> StoreResult<Result<crate::store::BankLine, HandlingError>> {
    let Some(line) = store.bank_line(line_id).await? else {
        return Ok(Err(HandlingError::Handled));
    };
    if line.amount_cents <= 0 {
        return Ok(Err(HandlingError::NotACredit));
    }
    if line.donation_id.is_some() || line.deposit_id.is_some() || line.handled_note.is_some() {
        return Ok(Err(HandlingError::Handled));
    }
    Ok(Ok(line))
}

/// A pledge whose money will not come (the donor said so, or never paid):
/// it fails, and leaves the pledged sum beside the bar.
pub async fn cancel_pledge(
    store: &dyn Store,
    progress: &crate::progress::ProgressCache,
    public_id: &str,
    now: time::OffsetDateTime,
) -> StoreResult<bool> {
    let Some(gift) = store.donation(public_id).await? else {
        return Ok(false);
    };
    if store.transfer_reference(gift.id).await?.is_none()
        || !store.fail_donation(public_id, now).await?
    {
        return Ok(false);
    }
    if let Some(found) = store.campaign_by_slug(&gift.campaign_slug).await? {
        progress.put_progress(&found);
    }
    tracing::info!(donation.id = %public_id, "pledge cancelled");
    Ok(true)
}

/// The pledges a credit to handle may pay, likeliest first (see
/// [`crate::domain::reconcile`]).
pub fn proposals<'a>(
    line: &crate::store::BankLine,
    waiting: &'a [Pledge],
) -> Vec<(&'a Pledge, Vec<crate::domain::reconcile::Reason>)> {
    use crate::domain::reconcile::{Credit, Waiting, propose};
    let candidates: Vec<Waiting<'_>> = waiting
        .iter()
        .map(|p| Waiting {
            id: p.id,
            amount: Cents::new(p.amount_cents),
            pledged_on: crate::domain::dates::in_paris(p.created_at).date(),
            first_name: &p.first_name,
            last_name: &p.last_name,
        })
        .collect();
    let credit = Credit {
        booked_on: line.booked_on,
        amount: Cents::new(line.amount_cents),
        counterparty: &line.counterparty,
        text: &line.text,
    };
    propose(&credit, &candidates)
        .into_iter()
        .filter_map(|p| {
            waiting
                .iter()
                .find(|w| w.id == p.pledge_id)
                .map(|w| (w, p.reasons))
        })
        .collect()
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.tag_name().name() == name)
}

fn path<'a, 'i>(node: roxmltree::Node<'a, 'i>, names: &[&str]) -> Option<roxmltree::Node<'a, 'i>> {
    names.iter().try_fold(node, |n, name| child(n, name))
}

fn text_at(node: roxmltree::Node<'_, '_>, names: &[&str]) -> Option<String> {
    path(node, names)
        .and_then(|n| n.text())
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

fn date_at(node: roxmltree::Node<'_, '_>, names: &[&str]) -> Option<Date> {
    let dated = path(node, names)?;
    let text = text_at(dated, &["Dt"]).or_else(|| text_at(dated, &["DtTm"]))?;
    let day = text.get(..10)?;
    Date::parse(
        day,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

/// `123.45` (ISO 20022 amounts: a dot, up to five decimals; euros have two).
fn cents(text: &str) -> Option<Cents> {
    let (euros, fraction) = text.split_once('.').unwrap_or((text, ""));
    if euros.is_empty() || !euros.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let fraction = format!("{fraction:0<2}");
    if fraction.len() > 2 && fraction[2..].bytes().any(|b| b != b'0') {
        return None;
    }
    let c: i64 = fraction.get(..2)?.parse().ok()?;
    Some(Cents::new(
        euros
            .parse::<i64>()
            .ok()?
            .checked_mul(100)?
            .checked_add(c)?,
    ))
}

/// The amount of an `Amt` element, in euros.
fn amount(node: roxmltree::Node<'_, '_>) -> Result<Option<Cents>, StatementError> {
    let Some(amt) = child(node, "Amt") else {
        return Ok(None);
    };
    let currency = amt.attribute("Ccy").unwrap_or("EUR");
    if currency != "EUR" {
        return Err(StatementError::Currency(currency.to_owned()));
    }
    amt.text()
        .and_then(|t| cents(t.trim()))
        .map(Some)
        .ok_or_else(|| {
            StatementError::Unreadable(crate::i18n::fr("staff-bank-unreadable-amount").to_owned())
        })
}

/// The payer's words: each unstructured line, and the structured reference.
fn remittance(tx: roxmltree::Node<'_, '_>) -> Vec<String> {
    let Some(info) = child(tx, "RmtInf") else {
        return Vec::new();
    };
    let mut words: Vec<String> = info
        .children()
        .filter(|c| c.tag_name().name() == "Ustrd")
        .filter_map(|c| c.text().map(|t| t.trim().to_owned()))
        .collect();
    words.extend(
        info.descendants()
            .filter(|c| c.tag_name().name() == "Ref")
            .filter_map(|c| c.text().map(|t| t.trim().to_owned())),
    );
    words
}

/// The other party of a transaction: the debtor for money in, the creditor
/// for money out (`Pty/Nm` from version 08, `Nm` before).
fn party(tx: roxmltree::Node<'_, '_>, credit: bool) -> String {
    let who = if credit { "Dbtr" } else { "Cdtr" };
    child(tx, "RltdPties")
        .and_then(|p| child(p, who))
        .and_then(|p| text_at(p, &["Pty", "Nm"]).or_else(|| text_at(p, &["Nm"])))
        .unwrap_or_default()
}

fn is_cheques(entry: roxmltree::Node<'_, '_>, words: &str) -> bool {
    let code = entry
        .descendants()
        .filter(|c| c.tag_name().name() == "SubFmlyCd")
        .filter_map(|c| c.text())
        .any(|t| matches!(t.trim(), "ICHQ" | "CCHQ" | "BCHQ" | "CCCH"));
    code || says_cheques(words)
}

/// Whether a line's words say it is a deposit of cheques (« REMISE CHEQUES »,
/// « Remise de chèques »).
pub(crate) fn says_cheques(words: &str) -> bool {
    let upper = deunicode::deunicode(words).to_uppercase();
    upper.contains("REMISE CHEQUE") || upper.contains("REMISE DE CHEQUE")
}

/// Reads a CAMT.053 file: every entry of every statement in it.
pub fn parse_camt053(xml: &str) -> Result<Statement, StatementError> {
    let doc =
        roxmltree::Document::parse(xml).map_err(|e| StatementError::Unreadable(e.to_string()))?;
    let root = doc.root_element();
    let Some(message) = child(root, "BkToCstmrStmt") else {
        return Err(StatementError::Unreadable(
            crate::i18n::fr("staff-bank-no-statement-element").to_owned(),
        ));
    };
    let mut statement = Statement {
        id: String::new(),
        iban: String::new(),
        lines: Vec::new(),
    };
    for stmt in message.children().filter(|c| c.tag_name().name() == "Stmt") {
        let id = text_at(stmt, &["Id"]).unwrap_or_default();
        if statement.id.is_empty() {
            statement.id.clone_from(&id);
            statement.iban = text_at(stmt, &["Acct", "Id", "IBAN"]).unwrap_or_default();
        }
        for (place, entry) in stmt
            .children()
            .filter(|c| c.tag_name().name() == "Ntry")
            .enumerate()
        {
            let credit = match text_at(entry, &["CdtDbtInd"]).as_deref() {
                Some("CRDT") => true,
                Some("DBIT") => false,
                _ => {
                    return Err(StatementError::Unreadable(
                        crate::i18n::fr("staff-bank-entry-no-direction").to_owned(),
                    ));
                }
            };
            // Entries not yet booked (« PDNG ») are not on the account.
            let status = text_at(entry, &["Sts", "Cd"]).or_else(|| text_at(entry, &["Sts"]));
            if status.as_deref() == Some("PDNG") {
                continue;
            }
            let booked_on = date_at(entry, &["BookgDt"])
                .or_else(|| date_at(entry, &["ValDt"]))
                .ok_or_else(|| {
                    StatementError::Unreadable(
                        crate::i18n::fr("staff-bank-entry-no-date").to_owned(),
                    )
                })?;
            let entry_amount = amount(entry)?.ok_or_else(|| {
                StatementError::Unreadable(crate::i18n::fr("staff-bank-entry-no-amount").to_owned())
            })?;
            let entry_key = text_at(entry, &["AcctSvcrRef"])
                .or_else(|| text_at(entry, &["NtryRef"]))
                .unwrap_or_else(|| format!("{id}:{place}"));
            let txs: Vec<_> = entry
                .descendants()
                .filter(|c| c.tag_name().name() == "TxDtls")
                .collect();
            let sign = |c: Cents| if credit { c } else { Cents::new(-c.get()) };
            if txs.len() <= 1 {
                let (counterparty, words) = match txs.first() {
                    Some(tx) => (party(*tx, credit), remittance(*tx)),
                    None => (String::new(), Vec::new()),
                };
                let mut words = words;
                if let Some(info) = text_at(entry, &["AddtlNtryInf"]) {
                    words.push(info);
                }
                let text = words.join(" ");
                statement.lines.push(StatementLine {
                    key: entry_key,
                    booked_on,
                    amount: sign(entry_amount),
                    counterparty,
                    cheques: is_cheques(entry, &text),
                    text,
                });
                continue;
            }
            // A batch (several transfers in one entry): one line each.
            for (i, tx) in txs.iter().enumerate() {
                let tx_amount = amount(*tx)?
                    .or(path(*tx, &["AmtDtls", "TxAmt"]).and_then(|n| amount(n).ok().flatten()))
                    .ok_or_else(|| {
                        StatementError::Unreadable(
                            crate::i18n::fr("staff-bank-batch-no-amount").to_owned(),
                        )
                    })?;
                let key = text_at(*tx, &["Refs", "AcctSvcrRef"])
                    .unwrap_or_else(|| format!("{entry_key}:{i}"));
                let text = remittance(*tx).join(" ");
                statement.lines.push(StatementLine {
                    key,
                    booked_on,
                    amount: sign(tx_amount),
                    counterparty: party(*tx, credit),
                    cheques: is_cheques(entry, &text),
                    text,
                });
            }
        }
    }
    Ok(statement)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::transfer::Reference;

    const SAMPLE: &str = include_str!("../../tests/fixtures/camt053-sample.xml");

    #[test]
    fn a_statement_s_lines_read_with_their_amounts_parties_and_words() {
        let s = parse_camt053(SAMPLE).unwrap();
        assert_eq!(s.id, "RELEVE-2026-11-30");
        assert_eq!(s.iban, "FR7630006000011234567890189");
        let amounts: Vec<i64> = s.lines.iter().map(|l| l.amount.get()).collect();
        // The pending entry is left out; the batch gives one line per transfer.
        assert_eq!(amounts, [5_000, 3_000, -1_250, 15_000, 2_000, 4_500, 7_500]);
        let first = &s.lines[0];
        assert_eq!(first.key, "BANQ-0001");
        assert_eq!(first.counterparty, "Mme Camille Dupont");
        assert_eq!(
            first.booked_on,
            Date::from_calendar_date(2026, time::Month::November, 28).unwrap()
        );
        assert!(Reference::find(&first.text).is_some(), "{}", first.text);
        // A look-alike of a reference is not one.
        assert_eq!(
            Reference::find(&s.lines[1].text),
            None,
            "{}",
            s.lines[1].text
        );
        assert!(s.lines[3].cheques && !s.lines[0].cheques);
        // The structured reference is read too.
        assert!(
            Reference::find(&s.lines[4].text).is_some(),
            "{}",
            s.lines[4].text
        );
        assert_eq!(s.lines[5].key, "BANQ-0006-A");
        assert_eq!(s.lines[6].counterparty, "Dominique Roux");
        let keys: std::collections::HashSet<_> = s.lines.iter().map(|l| &l.key).collect();
        assert_eq!(keys.len(), s.lines.len(), "one key per line");
    }

    #[test]
    fn what_is_not_a_statement_is_refused_in_words() {
        assert!(matches!(
            parse_camt053("<html></html>"),
            Err(StatementError::Unreadable(_))
        ));
        assert!(matches!(
            parse_camt053("not xml"),
            Err(StatementError::Unreadable(_))
        ));
        let dollars = SAMPLE.replacen("<Amt Ccy=\"EUR\">50.00", "<Amt Ccy=\"USD\">50.00", 1);
        assert_eq!(
            parse_camt053(&dollars),
            Err(StatementError::Currency("USD".to_owned()))
        );
        assert_eq!(cents("12.5"), Some(Cents::new(1_250)));
        assert_eq!(cents("12.345"), None);
        assert_eq!(cents("-3.00"), None);
    }
}
