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

    /// « Après réduction d'impôt de 66 %, votre don vous coûte 10,20 € ».
    pub fn cost_sentence(self, amount: Cents, monthly: bool) -> String {
        let cost = self.cost_after(amount).display_short();
        let per = if monthly { " par mois" } else { "" };
        format!(
            "Après réduction d'impôt de {}\u{202F}%, votre don vous coûte {cost}{per}.",
            self.0
        )
    }
}

/// A company's cost, with its ceiling in the same sentence: 60 % of the
/// gift, within 20 000 € or 5 ‰ of turnover, the higher (article 238 bis CGI).
pub fn company_cost_sentence(amount: Cents, monthly: bool) -> String {
    let cost = ReductionRate::COMPANY.cost_after(amount).display_short();
    let per = if monthly { " par mois" } else { "" };
    format!(
        "Après réduction d'impôt de 60\u{202F}%, ce don coûte {cost}{per} à votre entreprise (réduction retenue dans la limite de 20\u{202F}000\u{202F}€ ou de 5\u{202F}‰ du chiffre d'affaires hors taxe, si ce montant est plus élevé)."
    )
}

/// What a gift costs its donor after the reduction, in the sentence that
/// suits who gives: `rate` is the organisation's, a company's is its own.
pub fn donor_cost_sentence(
    rate: ReductionRate,
    kind: DonorKind,
    amount: Cents,
    monthly: bool,
) -> String {
    match kind {
        DonorKind::Person => rate.cost_sentence(amount, monthly),
        DonorKind::Company => company_cost_sentence(amount, monthly),
    }
}

/// What a one-off gift's page and email say of its tax side: its cost after
/// the reduction, or — below the organisation's minimum for a receipt, `min`
/// — that it gets no receipt, so no reduction. (A monthly gift is judged by
/// its yearly summary, at the year's end.)
pub fn gift_tax_sentence(
    rate: ReductionRate,
    kind: DonorKind,
    amount: Cents,
    monthly: bool,
    min: Cents,
) -> String {
    if !monthly && amount.get() < min.get() {
        format!(
            "Les dons de moins de {min} ne donnent pas lieu à un reçu fiscal, ni donc à une réduction d'impôt."
        )
    } else {
        donor_cost_sentence(rate, kind, amount, monthly)
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
        let below = gift_tax_sentence(rate, person, Cents::from_euros(30), false, min);
        assert!(below.starts_with("Les dons de moins de 50,00"), "{below}");
        assert!(!below.contains("vous coûte"));
        assert_eq!(
            gift_tax_sentence(rate, person, Cents::from_euros(50), false, min),
            rate.cost_sentence(Cents::from_euros(50), false)
        );
        // A monthly gift: its yearly total decides.
        assert_eq!(
            gift_tax_sentence(rate, person, Cents::from_euros(10), true, min),
            rate.cost_sentence(Cents::from_euros(10), true)
        );
    }

    #[test]
    fn a_company_gets_60_percent_and_its_own_ceiling_never_the_66_sentence() {
        // Even for a body whose individuals get 75 %.
        for org in [ReductionRate::GENERAL, ReductionRate::COLUCHE] {
            assert_eq!(org.for_donor(DonorKind::Company), ReductionRate::COMPANY);
            let text = gift_tax_sentence(
                org,
                DonorKind::Company,
                Cents::from_euros(1000),
                false,
                Cents::ZERO,
            );
            assert!(text.contains("60\u{202F}%"), "{text}");
            assert!(text.contains("400\u{202F}€ à votre entreprise"), "{text}");
            assert!(
                text.contains("20\u{202F}000\u{202F}€ ou de 5\u{202F}‰ du chiffre d'affaires"),
                "{text}"
            );
            assert!(
                !text.contains("66") && !text.contains("vous coûte"),
                "{text}"
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
        assert_eq!(
            rate.cost_sentence(Cents::from_euros(30), false),
            "Après réduction d'impôt de 66\u{202F}%, votre don vous coûte 10,20\u{202F}€."
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
