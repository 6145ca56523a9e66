//! Campaigns, their goal, and the progress toward it.

use std::fmt;

use time::{Duration, OffsetDateTime};

use super::money::Cents;

/// A campaign's URL name: 1 to 64 characters of `a-z`, `0-9` and inner `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlugError;

impl std::fmt::Display for SlugError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(crate::i18n::fr("staff-campaign-slug-invalid"))
    }
}

impl std::error::Error for SlugError {}

impl Slug {
    pub fn parse(input: &str) -> Result<Slug, SlugError> {
        let ok_chars = input
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let ok = (1..=64).contains(&input.len())
            && ok_chars
            && !input.starts_with('-')
            && !input.ends_with('-')
            && !input.contains("--");
        if ok {
            Ok(Slug(input.to_owned()))
        } else {
            Err(SlugError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a campaign aims at: an amount raised, or a number of donors (« 1 000
/// personnes qui donnent 10 € par mois »).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goal {
    Amount(Cents),
    Donors(i64),
}

impl Goal {
    pub fn kind(self) -> &'static str {
        match self {
            Goal::Amount(_) => "amount",
            Goal::Donors(_) => "donors",
        }
    }

    /// Rebuilds a goal from its stored columns.
    pub fn from_parts(kind: &str, goal_cents: i64, goal_donors: i64) -> Option<Goal> {
        match kind {
            "amount" => Some(Goal::Amount(Cents::new(goal_cents))),
            "donors" => Some(Goal::Donors(goal_donors)),
            _ => None,
        }
    }

    pub fn cents(self) -> Cents {
        match self {
            Goal::Amount(c) => c,
            Goal::Donors(_) => Cents::ZERO,
        }
    }

    pub fn donors(self) -> i64 {
        match self {
            Goal::Amount(_) => 0,
            Goal::Donors(n) => n,
        }
    }

    /// « 60 000 € » or « 1 000 donateurs ».
    pub fn describe(self) -> String {
        match self {
            Goal::Amount(c) => c.display_short(),
            Goal::Donors(n) => crate::i18n::Lang::FR.tn("staff-goal-donors", n),
        }
    }
}

/// How a monthly gift moves the bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MonthlyCounting {
    /// Each payment received counts when it is received (the default).
    #[default]
    EachPayment,
    /// Twelve times the monthly amount counts when the gift starts; later payments
    /// add nothing.
    YearlyPledge,
}

impl MonthlyCounting {
    pub fn as_str(self) -> &'static str {
        match self {
            MonthlyCounting::EachPayment => "each_payment",
            MonthlyCounting::YearlyPledge => "yearly_pledge",
        }
    }

    pub fn parse(value: &str) -> Option<MonthlyCounting> {
        match value {
            "each_payment" => Some(MonthlyCounting::EachPayment),
            "yearly_pledge" => Some(MonthlyCounting::YearlyPledge),
            _ => None,
        }
    }

    /// What one confirmed payment adds to the bar. `first_of_subscription` is true
    /// for a one-off gift's payment and for the first payment of a monthly gift.
    pub fn counted_amount(
        self,
        amount: Cents,
        monthly: bool,
        first_of_subscription: bool,
    ) -> Cents {
        match (self, monthly, first_of_subscription) {
            (_, false, _) | (MonthlyCounting::EachPayment, true, _) => amount,
            (MonthlyCounting::YearlyPledge, true, true) => amount.checked_mul(12).unwrap_or(amount),
            (MonthlyCounting::YearlyPledge, true, false) => Cents::ZERO,
        }
    }

    /// The short sentence under the bar that says how it counts.
    pub fn explanation(self) -> &'static str {
        match self {
            MonthlyCounting::EachPayment => {
                crate::i18n::fr("staff-campaign-chaque-versement-mensuel-compte-il")
            }
            MonthlyCounting::YearlyPledge => {
                crate::i18n::fr("staff-campaign-don-mensuel-compte-douze-mois")
            }
        }
    }

    /// [`explanation`](Self::explanation) for English readers (the embed's
    /// `lang=en`).
    pub fn explanation_en(self) -> &'static str {
        match self {
            MonthlyCounting::EachPayment => {
                "Each monthly payment counts once received; refunds are deducted."
            }
            MonthlyCounting::YearlyPledge => {
                "A monthly gift counts for twelve months from its first payment; refunds are deducted."
            }
        }
    }
}

/// How much a refund takes off the bar: the share of what the payment added that
/// the newly refunded part represents (all of it for a full refund), so that a
/// yearly pledge refunded in full leaves nothing behind.
pub fn refund_change(
    amount: Cents,
    counted: Cents,
    refunded_before: Cents,
    refunded_now: Cents,
) -> Cents {
    if amount.get() <= 0 {
        return Cents::ZERO;
    }
    let share = |refunded: Cents| -> i64 {
        let scaled = i128::from(counted.get()) * i128::from(refunded.get().clamp(0, amount.get()))
            / i128::from(amount.get());
        i64::try_from(scaled).unwrap_or(0)
    };
    Cents::new(share(refunded_now) - share(refunded_before))
}

/// A campaign as the public pages need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    pub id: i64,
    pub slug: Slug,
    pub title: String,
    /// The campaign text, in Markdown (rendered with [`super::markdown::render`]).
    pub body_markdown: String,
    pub goal: Goal,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub suggested_amounts: Vec<Cents>,
    pub monthly_counting: MonthlyCounting,
    pub closed_at: Option<OffsetDateTime>,
    /// The language `title` and `body_markdown` are written in (`fr`, `en`):
    /// the page speaks it to visitors who say nothing.
    pub lang: String,
    /// What the donor reads after giving (thank-you page and email), in
    /// Markdown; empty for the platform's words alone.
    pub thanks_markdown: String,
    /// A label for each suggested amount, in their order (« Un mois de
    /// serveur »); empty or missing for none.
    pub amount_labels: Vec<String>,
    /// The texts in other languages.
    pub translations: Translations,
}

/// A campaign's title and text in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CampaignText {
    pub title: String,
    pub body_markdown: String,
    #[serde(default)]
    pub thanks_markdown: String,
    #[serde(default)]
    pub amount_labels: Vec<String>,
}

/// A campaign's texts in languages other than its own, by language code.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Translations(pub std::collections::BTreeMap<String, CampaignText>);

impl Translations {
    /// As stored (`{"en": {"title": …, "body_markdown": …}}`); unreadable is none.
    pub fn from_json(json: &str) -> Translations {
        serde_json::from_str(json).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    pub fn get(&self, lang: &str) -> Option<&CampaignText> {
        self.0.get(lang)
    }

    /// The title for a reader of `lang`, given the campaign's own title and
    /// language: its translation, else its own.
    pub fn title<'a>(&'a self, own: &'a str, own_lang: &str, lang: &str) -> &'a str {
        match self.get(lang) {
            Some(t) if lang != own_lang && !t.title.is_empty() => &t.title,
            _ => own,
        }
    }
}

/// One of a campaign's texts for a reader, and the language it is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InLanguage<'a> {
    pub text: &'a str,
    pub lang: &'a str,
}

impl Campaign {
    /// The translation into `lang`, if there is one (never the campaign's own).
    fn translation(&self, lang: &str) -> Option<&CampaignText> {
        (lang != self.lang)
            .then(|| self.translations.get(lang))
            .flatten()
    }

    /// The title and text for a reader of `lang`, and the language they are
    /// in: the translation if there is one, else the campaign's own (never a
    /// blank).
    pub fn text_in<'a>(&'a self, lang: &'a str) -> (&'a str, &'a str, &'a str) {
        match self.translation(lang) {
            Some(t) => (&t.title, &t.body_markdown, lang),
            None => (&self.title, &self.body_markdown, &self.lang),
        }
    }

    /// The title for a reader of `lang` (the campaign's own when untranslated).
    pub fn title_in<'a>(&'a self, lang: &'a str) -> &'a str {
        self.text_in(lang).0
    }

    /// The thank-you text for a reader of `lang`: its translation, else the
    /// campaign's own; `None` when the campaign has none.
    pub fn thanks_in<'a>(&'a self, lang: &'a str) -> Option<InLanguage<'a>> {
        let own = InLanguage {
            text: &self.thanks_markdown,
            lang: &self.lang,
        };
        let chosen = match self.translation(lang) {
            Some(t) if !t.thanks_markdown.is_empty() => InLanguage {
                text: &t.thanks_markdown,
                lang,
            },
            _ => own,
        };
        (!chosen.text.is_empty()).then_some(chosen)
    }

    /// The label of the `index`-th suggested amount for a reader of `lang`:
    /// its translation, else the campaign's own; `None` when it has none.
    pub fn amount_label_in<'a>(&'a self, lang: &'a str, index: usize) -> Option<InLanguage<'a>> {
        let label = |labels: &'a [String]| {
            labels
                .get(index)
                .map(String::as_str)
                .filter(|l| !l.is_empty())
        };
        self.translation(lang)
            .and_then(|t| label(&t.amount_labels))
            .map(|text| InLanguage { text, lang })
            .or_else(|| {
                label(&self.amount_labels).map(|text| InLanguage {
                    text,
                    lang: &self.lang,
                })
            })
    }
}

/// Where a campaign stands in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Upcoming { days_until_start: i64 },
    Running { days_left: i64 },
    Ended,
}

impl Campaign {
    pub fn phase(&self, now: OffsetDateTime) -> Phase {
        if self.closed_at.is_some() || now >= self.ends_at {
            Phase::Ended
        } else if now < self.starts_at {
            Phase::Upcoming {
                days_until_start: ceil_days(self.starts_at - now),
            }
        } else {
            Phase::Running {
                days_left: ceil_days(self.ends_at - now),
            }
        }
    }
}

impl Phase {
    /// « Plus que 3 jours », « Dernier jour », « Campagne terminée », …
    pub fn describe(self) -> String {
        match self {
            Phase::Running { days_left } => {
                crate::i18n::Lang::FR.tn("staff-phase-running", days_left)
            }
            Phase::Upcoming { days_until_start } => {
                crate::i18n::Lang::FR.tn("staff-phase-upcoming", days_until_start)
            }
            Phase::Ended => crate::i18n::fr("staff-campaign-campagne-terminee").to_owned(),
        }
    }
}

/// Whole days, any started day counting as one.
fn ceil_days(span: Duration) -> i64 {
    let secs = span.whole_seconds().max(0);
    (secs + 86_399) / 86_400
}

/// The running totals of a campaign, kept up to date by the store in the same
/// transaction as the payment that changes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    pub raised: Cents,
    pub donor_count: i64,
    pub donation_count: i64,
    /// Gifts pledged by bank transfer whose money has not arrived: not in
    /// `raised`, said beside the bar.
    pub pledged: Cents,
    /// Incremented by every change: the larger, the newer.
    pub version: i64,
    pub updated_at: OffsetDateTime,
}

/// A campaign's progress toward its goal, in hundredths of a percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent(i64);

impl Percent {
    /// `achieved / goal`, rounded half up to 0.01 %. Zero when the goal is zero or
    /// negative; may exceed 100 %.
    pub fn of(goal: Goal, totals: &Totals) -> Percent {
        let (achieved, target) = match goal {
            Goal::Amount(c) => (totals.raised.get(), c.get()),
            Goal::Donors(n) => (totals.donor_count, n),
        };
        if target <= 0 || achieved <= 0 {
            return Percent(0);
        }
        let scaled = (i128::from(achieved) * 10_000 + i128::from(target) / 2) / i128::from(target);
        Percent(i64::try_from(scaled).unwrap_or(i64::MAX))
    }

    pub fn hundredths(self) -> i64 {
        self.0
    }

    /// As a JSON number: `126.87`, `0.00`.
    pub fn json_number(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }

    /// Whole percent for the page, rounded half up: `127 %`-style text without the sign.
    pub fn whole(self) -> i64 {
        (self.0 + 50) / 100
    }

    /// The width of the filled bar, 0 to 100.
    pub fn bar_width(self) -> i64 {
        self.whole().clamp(0, 100)
    }
}

/// A campaign for tests: « Dorlotons », 60 000 € from 1 to 22 June 2026.
#[cfg(test)]
impl Campaign {
    pub(crate) fn example() -> Campaign {
        use time::macros::datetime;
        Campaign {
            id: 1,
            slug: Slug::parse("dorlotons").unwrap(),
            title: "Dorlotons".into(),
            body_markdown: String::new(),
            goal: Goal::Amount(Cents::from_euros(60_000)),
            starts_at: datetime!(2026-06-01 00:00 UTC),
            ends_at: datetime!(2026-06-22 00:00 UTC),
            suggested_amounts: vec![],
            monthly_counting: MonthlyCounting::EachPayment,
            closed_at: None,
            lang: "fr".to_owned(),
            thanks_markdown: String::new(),
            amount_labels: vec![],
            translations: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn totals(raised: i64, donors: i64) -> Totals {
        Totals {
            raised: Cents::new(raised),
            donor_count: donors,
            donation_count: donors,
            pledged: Cents::ZERO,
            version: 1,
            updated_at: datetime!(2026-06-13 21:59 UTC),
        }
    }

    #[test]
    fn slugs_are_url_safe() {
        assert!(Slug::parse("dorlotons").is_ok());
        assert!(Slug::parse("degooglisons-2026").is_ok());
        for bad in [
            "",
            "-a",
            "a-",
            "a--b",
            "Dorlotons",
            "é",
            "a b",
            "a/b",
            &"a".repeat(65),
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn percent_matches_the_framasoft_example() {
        let goal = Goal::Amount(Cents::new(6_000_000));
        let p = Percent::of(goal, &totals(7_612_300, 1523));
        assert_eq!(p.json_number(), "126.87");
        assert_eq!(p.whole(), 127);
        assert_eq!(p.bar_width(), 100);
    }

    #[test]
    fn percent_never_divides_by_zero() {
        assert_eq!(
            Percent::of(Goal::Amount(Cents::ZERO), &totals(500, 1)).hundredths(),
            0
        );
        assert_eq!(
            Percent::of(Goal::Donors(0), &totals(500, 1)).hundredths(),
            0
        );
        assert_eq!(
            Percent::of(Goal::Amount(Cents::new(-5)), &totals(500, 1)).hundredths(),
            0
        );
        assert_eq!(
            Percent::of(Goal::Amount(Cents::new(100)), &totals(0, 0)).json_number(),
            "0.00"
        );
    }

    #[test]
    fn donor_goals_count_people() {
        let p = Percent::of(Goal::Donors(1000), &totals(10_000_000, 250));
        assert_eq!(p.json_number(), "25.00");
        assert_eq!(Goal::Donors(1000).describe(), "1\u{202F}000 donateurs");
    }

    #[test]
    fn percent_rounds_half_up() {
        // 1/3 = 33.333…% → 33.33; 2/3 = 66.666…% → 66.67
        let goal = Goal::Amount(Cents::new(300));
        assert_eq!(Percent::of(goal, &totals(100, 1)).json_number(), "33.33");
        assert_eq!(Percent::of(goal, &totals(200, 1)).json_number(), "66.67");
        assert_eq!(
            Percent::of(goal, &totals(i64::MAX, 1)).hundredths(),
            i64::MAX
        );
    }

    #[test]
    fn monthly_counting_rules() {
        let ten = Cents::from_euros(10);
        let each = MonthlyCounting::EachPayment;
        let pledge = MonthlyCounting::YearlyPledge;
        assert_eq!(each.counted_amount(ten, true, true), ten);
        assert_eq!(each.counted_amount(ten, true, false), ten);
        assert_eq!(
            pledge.counted_amount(ten, true, true),
            Cents::from_euros(120)
        );
        assert_eq!(pledge.counted_amount(ten, true, false), Cents::ZERO);
        assert_eq!(pledge.counted_amount(ten, false, true), ten);
    }

    #[test]
    fn refunds_take_back_what_was_counted() {
        let c = Cents::new;
        assert_eq!(refund_change(c(3000), c(3000), c(0), c(3000)), c(3000));
        assert_eq!(refund_change(c(3000), c(3000), c(0), c(1000)), c(1000));
        assert_eq!(refund_change(c(3000), c(3000), c(1000), c(3000)), c(2000));
        // A yearly pledge (12 × 10 €) whose first payment is refunded.
        assert_eq!(refund_change(c(1000), c(12_000), c(0), c(1000)), c(12_000));
        // A later monthly payment counted nothing: its refund takes nothing.
        assert_eq!(refund_change(c(1000), c(0), c(0), c(1000)), c(0));
        // Partial refunds add up to the full amount whatever the steps.
        let steps = [c(333), c(334), c(1000)];
        let mut before = c(0);
        let mut taken = 0;
        for s in steps {
            taken += refund_change(c(1000), c(12_000), before, s).get();
            before = s;
        }
        assert_eq!(taken, 12_000);
    }

    #[test]
    fn each_text_falls_back_to_the_campaign_s_own_never_to_a_blank() {
        let mut c = Campaign {
            slug: Slug::parse("x").unwrap(),
            title: "Hiver".into(),
            body_markdown: "Texte".into(),
            goal: Goal::Amount(Cents::from_euros(100)),
            starts_at: datetime!(2026-11-01 00:00 UTC),
            ends_at: datetime!(2026-11-22 00:00 UTC),
            suggested_amounts: vec![Cents::from_euros(10), Cents::from_euros(30)],
            thanks_markdown: "Merci".into(),
            amount_labels: vec![String::new(), "Un repas".into()],
            ..Campaign::example()
        };
        let own = |text| Some(InLanguage { text, lang: "fr" });
        assert_eq!(c.thanks_in("en"), own("Merci"));
        assert_eq!(c.amount_label_in("en", 0), None);
        assert_eq!(c.amount_label_in("en", 1), own("Un repas"));
        assert_eq!(c.amount_label_in("en", 7), None);
        c.translations.0.insert(
            "en".into(),
            CampaignText {
                title: "Winter".into(),
                body_markdown: "Text".into(),
                thanks_markdown: String::new(),
                amount_labels: vec!["Ten".into()],
            },
        );
        assert_eq!(c.title_in("en"), "Winter");
        assert_eq!(c.title_in("fr"), "Hiver");
        // What the translation lacks comes from the campaign's own language.
        assert_eq!(c.thanks_in("en"), own("Merci"));
        assert_eq!(
            c.amount_label_in("en", 0),
            Some(InLanguage {
                text: "Ten",
                lang: "en"
            })
        );
        assert_eq!(c.amount_label_in("en", 1), own("Un repas"));
        assert_eq!(c.translations.title("Hiver", "fr", "en"), "Winter");
        assert_eq!(c.translations.title("Hiver", "fr", "de"), "Hiver");
        c.thanks_markdown.clear();
        assert_eq!(c.thanks_in("fr"), None);
    }

    #[test]
    fn phases_count_started_days() {
        let c = Campaign {
            slug: Slug::parse("x").unwrap(),
            title: "X".into(),
            goal: Goal::Amount(Cents::from_euros(100)),
            starts_at: datetime!(2026-11-01 00:00 UTC),
            ends_at: datetime!(2026-11-22 00:00 UTC),
            ..Campaign::example()
        };
        assert_eq!(
            c.phase(datetime!(2026-10-30 12:00 UTC)),
            Phase::Upcoming {
                days_until_start: 2
            }
        );
        assert_eq!(
            c.phase(datetime!(2026-11-01 00:00 UTC)),
            Phase::Running { days_left: 21 }
        );
        assert_eq!(
            c.phase(datetime!(2026-11-21 23:00 UTC)),
            Phase::Running { days_left: 1 }
        );
        assert_eq!(c.phase(datetime!(2026-11-22 00:00 UTC)), Phase::Ended);
        assert_eq!(
            Phase::Running { days_left: 21 }.describe(),
            "21 jours restants"
        );
        assert_eq!(Phase::Running { days_left: 1 }.describe(), "Dernier jour");
    }
}
