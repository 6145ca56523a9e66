//! The income-tax reduction a gift opens (article 200 CGI), and what the gift
//! costs the donor after it.

use super::donation::DonorKind;
use super::money::Cents;

/// A reduction rate in whole percent: 66 (general case) or 75 (« Coluche »).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReductionRate(i64);

impl ReductionRate {
    pub const GENERAL: ReductionRate = ReductionRate(66);
    pub const COLUCHE: ReductionRate = ReductionRate(75);
    /// Companies, article 238 bis CGI.
    pub const COMPANY: ReductionRate = ReductionRate(60);

    /// The rate a donor's gift opens: the organisation's for a person, 60 %
    /// for a company, whatever the organisation's.
    pub fn for_donor(self, kind: DonorKind) -> ReductionRate {
        match kind {
            DonorKind::Person => self,
            DonorKind::Company => Self::COMPANY,
        }
    }

    pub fn from_percent(percent: i64) -> Option<ReductionRate> {
        match percent {
            66 => Some(Self::GENERAL),
            75 => Some(Self::COLUCHE),
            _ => None,
        }
    }

    pub fn percent(self) -> i64 {
        self.0
    }

    /// The reduction: the rate applied to the amount, rounded to the cent, half up.
    pub fn reduction(self, amount: Cents) -> Cents {
        let cents = amount.get().max(0);
        let reduced = (i128::from(cents) * i128::from(self.0) + 50) / 100;
        Cents::new(i64::try_from(reduced).unwrap_or(i64::MAX))
    }

    /// What the gift costs after the reduction.
    pub fn cost_after(self, amount: Cents) -> Cents {
        amount
            .checked_sub(self.reduction(amount))
            .unwrap_or(Cents::ZERO)
    }
}

/// What a gift's tax side says, decided here and worded in the reader's
/// language (`i18n::Lang::tax_note`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxNote {
    /// Below the organisation's minimum for a receipt: no receipt, so no
    /// reduction.
    BelowMinimum { min: Cents },
    /// A person's cost after the reduction at `rate`.
    PersonCost {
        rate: ReductionRate,
        cost: Cents,
        monthly: bool,
    },
    /// A company's cost after its 60 %, within its ceiling (article 238 bis
    /// CGI: 20 000 € or 5 ‰ of turnover, the higher).
    CompanyCost { cost: Cents, monthly: bool },
}

/// What a gift costs its donor after the reduction, as suits who gives:
/// `rate` is the organisation's, a company's is its own.
pub fn donor_cost_note(
    rate: ReductionRate,
    kind: DonorKind,
    amount: Cents,
    monthly: bool,
) -> TaxNote {
    match kind {
        DonorKind::Person => TaxNote::PersonCost {
            rate,
            cost: rate.cost_after(amount),
            monthly,
        },
        DonorKind::Company => TaxNote::CompanyCost {
            cost: ReductionRate::COMPANY.cost_after(amount),
            monthly,
        },
    }
}

/// What a one-off gift's page and email say of its tax side: its cost after
/// the reduction, or — below the organisation's minimum for a receipt, `min`
/// — that it gets no receipt, so no reduction. (A monthly gift is judged by
/// its yearly summary, at the year's end.)
pub fn gift_tax_note(
    rate: ReductionRate,
    kind: DonorKind,
    amount: Cents,
    monthly: bool,
    min: Cents,
) -> TaxNote {
    if !monthly && amount.get() < min.get() {
        TaxNote::BelowMinimum { min }
    } else {
        donor_cost_note(rate, kind, amount, monthly)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_the_minimum_no_receipt_is_promised() {
        let rate = ReductionRate::GENERAL;
        let min = Cents::from_euros(50);
        let person = DonorKind::Person;
        assert_eq!(
            gift_tax_note(rate, person, Cents::from_euros(30), false, min),
            TaxNote::BelowMinimum { min }
        );
        assert_eq!(
            gift_tax_note(rate, person, Cents::from_euros(50), false, min),
            TaxNote::PersonCost {
                rate,
                cost: Cents::from_euros(17),
                monthly: false
            }
        );
        // A monthly gift: its yearly total decides.
        assert_eq!(
            gift_tax_note(rate, person, Cents::from_euros(10), true, min),
            donor_cost_note(rate, person, Cents::from_euros(10), true)
        );
    }

    #[test]
    fn a_company_gets_60_percent_and_its_own_ceiling_never_the_66_sentence() {
        // Even for a body whose individuals get 75 %.
        for org in [ReductionRate::GENERAL, ReductionRate::COLUCHE] {
            assert_eq!(org.for_donor(DonorKind::Company), ReductionRate::COMPANY);
            let note = gift_tax_note(
                org,
                DonorKind::Company,
                Cents::from_euros(1000),
                false,
                Cents::ZERO,
            );
            assert_eq!(
                note,
                TaxNote::CompanyCost {
                    cost: Cents::from_euros(400),
                    monthly: false
                }
            );
        }
        assert_eq!(
            ReductionRate::GENERAL.for_donor(DonorKind::Person),
            ReductionRate::GENERAL
        );
    }

    #[test]
    fn the_examples_of_the_rules() {
        let rate = ReductionRate::GENERAL;
        assert_eq!(
            rate.cost_after(Cents::from_euros(100)),
            Cents::from_euros(34)
        );
        assert_eq!(rate.cost_after(Cents::from_euros(30)), Cents::new(1020));
        assert_eq!(rate.reduction(Cents::new(1)), Cents::new(1)); // 0.66 → 1 cent
        assert_eq!(rate.reduction(Cents::new(75)), Cents::new(50)); // 49.5 → 50
        assert_eq!(
            ReductionRate::COLUCHE.cost_after(Cents::from_euros(100)),
            Cents::from_euros(25)
        );
        assert!(ReductionRate::from_percent(60).is_none());
    }

    #[test]
    fn reduction_plus_cost_is_the_gift() {
        for cents in (0..100_000).step_by(7) {
            let amount = Cents::new(cents);
            for rate in [ReductionRate::GENERAL, ReductionRate::COLUCHE] {
                assert_eq!(
                    rate.reduction(amount).get() + rate.cost_after(amount).get(),
                    cents
                );
            }
        }
    }
}
