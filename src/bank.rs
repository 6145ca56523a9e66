//! Bank statements, read into lines to reconcile: CAMT.053 (ISO 20022
//! « BankToCustomerStatement », what French banks export), any version of
//! the message (elements are matched by name, whatever the namespace).
//!
//! Each line keeps the bank's own reference for it (`AcctSvcrRef`), so that
//! a statement imported twice is recognised line by line.

use time::Date;

use crate::domain::money::Cents;
use crate::store::{DonationSummary, Store, StoreResult};

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

/// Why a file is not a statement soutenir can read, in French.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    #[error("Ce fichier n'est pas un relevé CAMT.053 lisible : {0}")]
    Unreadable(String),
    #[error("Le relevé contient des montants dans une autre devise que l'euro ({0}).")]
    Currency(String),
}

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
}

/// Imports `statement`: each line once; each new credit holding a pledge's
/// reference, for its amount, confirms that gift. The rest waits in the list
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
        if line.amount.get() <= 0 || line.cheques {
            continue;
        }
        let Some(reference) = crate::domain::transfer::Reference::find(&line.text) else {
            continue;
        };
        let Some(pledge) = store.pledge_by_reference(reference.code()).await? else {
            continue;
        };
        if pledge.status != crate::domain::lifecycle::GiftStatus::Pending
            || pledge.amount_cents != line.amount.get()
        {
            continue;
        }
        let received_at =
            crate::domain::dates::paris_midnight(line.booked_on) + time::Duration::hours(12);
        crate::gifts::confirm(
            store,
            progress,
            crate::gifts::Payment {
                public_id: &pledge.public_id,
                method: "transfer",
                provider_ref: Some(&line.key),
                received_at,
                event: None,
            },
        )
        .await?;
        store.match_bank_line(line_id, pledge.id).await?;
        tracing::info!(donation.id = %pledge.public_id, line = %line.key, "transfer received");
        report.confirmed.push(pledge.public_id);
    }
    Ok(report)
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
        .ok_or_else(|| StatementError::Unreadable("un montant illisible".to_owned()))
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
    let upper = words.to_uppercase();
    code || upper.contains("REMISE CHEQUE") || upper.contains("REMISE DE CHEQUE")
}

/// Reads a CAMT.053 file: every entry of every statement in it.
pub fn parse_camt053(xml: &str) -> Result<Statement, StatementError> {
    let doc =
        roxmltree::Document::parse(xml).map_err(|e| StatementError::Unreadable(e.to_string()))?;
    let root = doc.root_element();
    let Some(message) = child(root, "BkToCstmrStmt") else {
        return Err(StatementError::Unreadable(
            "il manque l'élément BkToCstmrStmt".to_owned(),
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
                        "une écriture sans sens (CRDT ou DBIT)".to_owned(),
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
                .ok_or_else(|| StatementError::Unreadable("une écriture sans date".to_owned()))?;
            let entry_amount = amount(entry)?.ok_or_else(|| {
                StatementError::Unreadable("une écriture sans montant".to_owned())
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
                        StatementError::Unreadable("une opération groupée sans montant".to_owned())
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

    const SAMPLE: &str = include_str!("../tests/fixtures/camt053-sample.xml");

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
