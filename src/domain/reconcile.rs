//! Which pledge a bank credit without a usable reference may be: proposals
//! for finance staff, by amount, date and name — never applied without them.

use time::Date;

use crate::domain::money::Cents;

/// A credit on the statement, as the proposals see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit<'a> {
    pub booked_on: Date,
    pub amount: Cents,
    /// Who sent it, as the bank names them.
    pub counterparty: &'a str,
    /// The words the payer wrote.
    pub text: &'a str,
}

/// A pledge waiting for its money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting<'a> {
    pub id: i64,
    pub amount: Cents,
    /// The day it was pledged (Paris time).
    pub pledged_on: Date,
    pub first_name: &'a str,
    pub last_name: &'a str,
}

/// Why a pledge is proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    SameAmount,
    SameName,
    /// Pledged this many days before the money arrived.
    DaysBefore(i64),
}

impl Reason {
    pub fn describe(self) -> String {
        match self {
            Reason::SameAmount => crate::i18n::fr("staff-reconcile-meme-montant").to_owned(),
            Reason::SameName => crate::i18n::fr("staff-reconcile-meme-nom").to_owned(),
            Reason::DaysBefore(0) => crate::i18n::fr("staff-reconcile-promis-jour-meme").to_owned(),
            Reason::DaysBefore(1) => crate::i18n::fr("staff-reconcile-promis-veille").to_owned(),
            Reason::DaysBefore(n) => crate::i18n::Lang::FR.tn("staff-reconcile-days-before", n),
        }
    }
}

/// A pledge the credit may pay, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub pledge_id: i64,
    pub reasons: Vec<Reason>,
    score: i64,
}

/// Days a transfer may take after its pledge and still be proposed for it.
pub const WINDOW_DAYS: i64 = 60;

/// Most proposals shown for one credit.
pub const MOST: usize = 3;

/// Upper case without accents or punctuation, in words: how banks print names.
fn words(text: &str) -> Vec<String> {
    deunicode::deunicode(text)
        .to_uppercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 2)
        .map(str::to_owned)
        .collect()
}

/// Whether every word of `name` is among `said` (a name of two words, such
/// as « Le Goff », needs both).
fn named(name: &str, said: &[String]) -> bool {
    let name = words(name);
    !name.is_empty() && name.iter().all(|w| said.contains(w))
}

/// The pledges `credit` may pay, the likeliest first: pledged before the
/// money arrived (within [`WINDOW_DAYS`]), and of the same amount or in the
/// same name — both is likelier than either; a nearer pledge before a
/// farther one.
pub fn propose(credit: &Credit<'_>, waiting: &[Waiting<'_>]) -> Vec<Proposal> {
    let said: Vec<String> = words(credit.counterparty)
        .into_iter()
        .chain(words(credit.text))
        .collect();
    let mut proposals: Vec<Proposal> = waiting
        .iter()
        .filter_map(|w| {
            let days = (credit.booked_on - w.pledged_on).whole_days();
            if !(0..=WINDOW_DAYS).contains(&days) {
                return None;
            }
            let same_amount = w.amount == credit.amount;
            let same_name = named(w.last_name, &said);
            if !same_amount && !same_name {
                return None;
            }
            let mut reasons = Vec::new();
            let mut score = 0;
            if same_amount {
                reasons.push(Reason::SameAmount);
                score += 2;
            }
            if same_name {
                reasons.push(Reason::SameName);
                score += if named(w.first_name, &said) { 3 } else { 2 };
            }
            reasons.push(Reason::DaysBefore(days));
            // Nearer is likelier: the score counts in whole points, the days
            // break ties.
            Some(Proposal {
                pledge_id: w.id,
                reasons,
                score: score * 1_000 - days,
            })
        })
        .collect();
    proposals.sort_by(|a, b| b.score.cmp(&a.score).then(a.pledge_id.cmp(&b.pledge_id)));
    proposals.truncate(MOST);
    proposals
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn waiting(
        id: i64,
        euros: i64,
        on: Date,
        first: &'static str,
        last: &'static str,
    ) -> Waiting<'static> {
        Waiting {
            id,
            amount: Cents::from_euros(euros),
            pledged_on: on,
            first_name: first,
            last_name: last,
        }
    }

    #[test]
    fn a_credit_is_proposed_the_pledges_of_its_amount_or_its_name_likeliest_first() {
        let credit = Credit {
            booked_on: date!(2026 - 11 - 28),
            amount: Cents::from_euros(50),
            counterparty: "M. ALAIN MARTIN",
            text: "VIR SEPA DON ASSOCIATION",
        };
        let pledges = [
            // Same amount, another name, a day before.
            waiting(1, 50, date!(2026 - 11 - 27), "Camille", "Dupont"),
            // Same name, another amount (paid short), ten days before.
            waiting(2, 60, date!(2026 - 11 - 18), "Alain", "Martin"),
            // Same amount and name, twenty days before: the likeliest.
            waiting(3, 50, date!(2026 - 11 - 08), "Alain", "Martín"),
            // Same amount, but pledged after the money arrived.
            waiting(4, 50, date!(2026 - 11 - 29), "Paul", "Petit"),
            // Neither amount nor name.
            waiting(5, 20, date!(2026 - 11 - 27), "Léa", "Roux"),
            // Same amount, too long before.
            waiting(6, 50, date!(2026 - 08 - 01), "Jean", "Morel"),
        ];
        let proposed = propose(&credit, &pledges);
        let ids: Vec<i64> = proposed.iter().map(|p| p.pledge_id).collect();
        assert_eq!(ids, [3, 2, 1]);
        assert_eq!(
            proposed[0].reasons,
            [Reason::SameAmount, Reason::SameName, Reason::DaysBefore(20)]
        );
        assert_eq!(proposed[2].reasons[1].describe(), "promis la veille");
    }

    #[test]
    fn a_name_counts_only_whole() {
        let said = words("MME LE GOFF ANNE");
        assert!(named("Le Goff", &said));
        assert!(!named("Goffin", &said));
        assert!(!named("", &said));
        // One letter alone is no name.
        assert!(!named("A", &words("A B C")));
    }

    #[test]
    fn no_pledge_no_proposal() {
        let credit = Credit {
            booked_on: date!(2026 - 11 - 28),
            amount: Cents::from_euros(50),
            counterparty: "",
            text: "",
        };
        assert!(propose(&credit, &[]).is_empty());
    }
}
