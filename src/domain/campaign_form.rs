//! A campaign as an administrator types it, checked into the settings the
//! store keeps.

use time::OffsetDateTime;

use super::campaign::{Campaign, Goal, MonthlyCounting, Slug};
use super::dates::{in_paris, paris_midnight};
use super::donation::{FieldErrors, clean_text};
use super::money::Cents;
use super::offline::parse_date;

pub const MAX_TITLE: usize = 120;
pub const MAX_BODY: usize = 20_000;
pub const MAX_SUGGESTED: usize = 6;
pub const MAX_THANKS: usize = 5_000;
pub const MAX_LABEL: usize = 60;

/// A campaign's settings, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignSettings {
    pub slug: Slug,
    pub title: String,
    pub body_markdown: String,
    pub goal: Goal,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub suggested_amounts: Vec<Cents>,
    pub monthly_counting: MonthlyCounting,
    /// The language of `title` and `body_markdown`.
    pub lang: String,
    /// The thank-you text, in Markdown (may be empty).
    pub thanks_markdown: String,
    /// A label for each suggested amount, in their order (may be empty).
    pub amount_labels: Vec<String>,
    /// The texts in other languages.
    pub translations: super::campaign::Translations,
}

/// The campaign form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct CampaignInput {
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body_markdown: String,
    /// `amount` or `donors`.
    #[serde(default)]
    pub goal_kind: String,
    /// Euros.
    #[serde(default)]
    pub goal_amount: String,
    #[serde(default)]
    pub goal_donors: String,
    /// `YYYY-MM-DD`, the first day.
    #[serde(default)]
    pub starts_on: String,
    /// `YYYY-MM-DD`, the last day (included).
    #[serde(default)]
    pub ends_on: String,
    /// Euros, separated by spaces or `;` (« 10 30 50 »).
    #[serde(default)]
    pub suggested_amounts: String,
    /// `each_payment` or `yearly_pledge`.
    #[serde(default)]
    pub monthly_counting: String,
    /// The campaign's own language (a code of `languages`).
    #[serde(default)]
    pub lang: String,
    /// Markdown, shown after a gift.
    #[serde(default)]
    pub thanks_markdown: String,
    /// One label per line, in the order of the suggested amounts.
    #[serde(default)]
    pub amount_labels: String,
    /// `title_{code}`, `body_markdown_{code}`, `thanks_markdown_{code}`,
    /// `amount_labels_{code}`: the texts in other languages.
    #[serde(flatten)]
    pub texts: std::collections::BTreeMap<String, String>,
}

/// The form field of `field` in language `code`: `title_en`. Field names
/// are `'static`: each is made once and kept (the languages are few and
/// fixed, so this holds a handful of names, whatever the requests).
fn translated_field(field: &str, code: &str) -> &'static str {
    static NAMES: std::sync::OnceLock<std::sync::Mutex<Vec<&'static str>>> =
        std::sync::OnceLock::new();
    let name = format!("{field}_{code}");
    let Ok(mut names) = NAMES.get_or_init(Default::default).lock() else {
        return "title";
    };
    if let Some(known) = names.iter().find(|n| **n == name) {
        return known;
    }
    let kept: &'static str = Box::leak(name.into_boxed_str());
    names.push(kept);
    kept
}

/// The labels of the suggested amounts, one per line (empty lines keep an
/// amount without a label; those at the end are dropped).
fn labels(typed: &str) -> Result<Vec<String>, String> {
    let mut labels: Vec<String> = typed.lines().map(|l| clean_text(l, false)).collect();
    while labels.last().is_some_and(String::is_empty) {
        labels.pop();
    }
    match labels.iter().find(|l| l.chars().count() > MAX_LABEL) {
        Some(long) => Err(crate::i18n::fr_with(
            "staff-campaign-form-max-label-caracteres-plus-libelle",
            &[
                ("max-label", &(MAX_LABEL) as &(dyn std::fmt::Display + Sync)),
                (
                    "start",
                    &(long.chars().take(20).collect::<String>()) as &(dyn std::fmt::Display + Sync),
                ),
            ],
        )),
        None => Ok(labels),
    }
}

/// The languages a campaign may be written in: set by the caller (the
/// translation files'), so that the rules need not know them.
pub struct Languages<'a>(pub &'a [&'a str]);

fn iso(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// An amount in euros as an administrator would type it back: `30` or `30,50`.
fn typed(cents: Cents) -> String {
    let c = cents.get();
    if c % 100 == 0 {
        (c / 100).to_string()
    } else {
        format!("{},{:02}", c / 100, c % 100)
    }
}

impl CampaignInput {
    /// A new campaign's form: a month from today, counting each payment.
    pub fn initial(now: OffsetDateTime) -> CampaignInput {
        let today = in_paris(now).date();
        CampaignInput {
            goal_kind: "amount".to_owned(),
            starts_on: iso(today),
            ends_on: iso(today + time::Duration::days(30)),
            suggested_amounts: "10 30 50 100".to_owned(),
            monthly_counting: "each_payment".to_owned(),
            ..CampaignInput::default()
        }
    }

    /// The form of an existing campaign.
    pub fn from_campaign(c: &Campaign) -> CampaignInput {
        let last_day = in_paris(c.ends_at - time::Duration::seconds(1)).date();
        CampaignInput {
            slug: c.slug.as_str().to_owned(),
            title: c.title.clone(),
            body_markdown: c.body_markdown.clone(),
            goal_kind: c.goal.kind().to_owned(),
            goal_amount: match c.goal {
                Goal::Amount(cents) => typed(cents),
                Goal::Donors(_) => String::new(),
            },
            goal_donors: match c.goal {
                Goal::Donors(n) => n.to_string(),
                Goal::Amount(_) => String::new(),
            },
            starts_on: iso(in_paris(c.starts_at).date()),
            ends_on: iso(last_day),
            suggested_amounts: c
                .suggested_amounts
                .iter()
                .map(|a| typed(*a))
                .collect::<Vec<_>>()
                .join(" "),
            monthly_counting: c.monthly_counting.as_str().to_owned(),
            lang: c.lang.clone(),
            thanks_markdown: c.thanks_markdown.clone(),
            amount_labels: c.amount_labels.join("\n"),
            texts: c
                .translations
                .0
                .iter()
                .flat_map(|(code, t)| {
                    [
                        (format!("title_{code}"), t.title.clone()),
                        (format!("body_markdown_{code}"), t.body_markdown.clone()),
                        (format!("thanks_markdown_{code}"), t.thanks_markdown.clone()),
                        (format!("amount_labels_{code}"), t.amount_labels.join("\n")),
                    ]
                })
                .collect(),
        }
    }

    /// What was typed for `field` in language `code` (`title`, `body_markdown`).
    pub fn text(&self, field: &str, code: &str) -> &str {
        self.texts
            .get(&format!("{field}_{code}"))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Checks every field; on failure, a French message for each faulty one.
    /// `languages`: the codes a campaign may be written in.
    pub fn validate(&self, languages: &Languages<'_>) -> Result<CampaignSettings, FieldErrors> {
        let mut errors = FieldErrors::default();
        let lang = match self.lang.trim() {
            "" => languages.0.first().copied().unwrap_or("fr").to_owned(),
            code if languages.0.contains(&code) => code.to_owned(),
            _ => {
                errors.add_key("lang", "staff-campaign-form-choisissez-langue-dans-liste");
                String::new()
            }
        };
        let mut translations = super::campaign::Translations::default();
        for code in languages.0.iter().filter(|c| **c != lang) {
            let title = clean_text(self.text("title", code), false);
            let body = clean_text(self.text("body_markdown", code), true);
            let thanks = clean_text(self.text("thanks_markdown", code), true);
            let labels_typed = self.text("amount_labels", code);
            if title.is_empty()
                && body.is_empty()
                && thanks.is_empty()
                && labels_typed.trim().is_empty()
            {
                continue;
            }
            if title.is_empty() {
                errors.add(
                    translated_field("title", code),
                    crate::i18n::fr("staff-campaign-form-donnez-aussi-titre-dans-cette"),
                );
            } else if title.chars().count() > MAX_TITLE {
                errors.add(
                    translated_field("title", code),
                    crate::i18n::fr_with(
                        "staff-campaign-form-max-title-caracteres-plus",
                        &[("max-title", &(MAX_TITLE) as &(dyn std::fmt::Display + Sync))],
                    ),
                );
            }
            if body.chars().count() > MAX_BODY {
                errors.add(
                    translated_field("body_markdown", code),
                    crate::i18n::fr_with(
                        "staff-campaign-form-max-body-caracteres-plus",
                        &[("max-body", &(MAX_BODY) as &(dyn std::fmt::Display + Sync))],
                    ),
                );
            }
            if thanks.chars().count() > MAX_THANKS {
                errors.add(
                    translated_field("thanks_markdown", code),
                    crate::i18n::fr_with(
                        "staff-campaign-form-max-thanks-caracteres-plus",
                        &[(
                            "max-thanks",
                            &(MAX_THANKS) as &(dyn std::fmt::Display + Sync),
                        )],
                    ),
                );
            }
            let amount_labels = labels(labels_typed)
                .map_err(|e| errors.add(translated_field("amount_labels", code), e))
                .unwrap_or_default();
            translations.0.insert(
                (*code).to_owned(),
                super::campaign::CampaignText {
                    title,
                    body_markdown: body,
                    thanks_markdown: thanks,
                    amount_labels,
                },
            );
        }
        let slug = Slug::parse(self.slug.trim())
            .map_err(|e| errors.add("slug", e.to_string()))
            .ok();
        let title = clean_text(&self.title, false);
        if title.is_empty() {
            errors.add_key("title", "staff-campaign-form-donnez-titre-campagne");
        } else if title.chars().count() > MAX_TITLE {
            errors.add_message(
                "title",
                crate::domain::donation::Message::with(
                    "staff-campaign-form-max-title-caracteres-plus",
                    vec![(
                        "max-title",
                        crate::domain::donation::MessageArg::Text((MAX_TITLE).to_string()),
                    )],
                ),
            );
        }
        let body = clean_text(&self.body_markdown, true);
        if body.chars().count() > MAX_BODY {
            errors.add_message(
                "body_markdown",
                crate::domain::donation::Message::with(
                    "staff-campaign-form-max-body-caracteres-plus",
                    vec![(
                        "max-body",
                        crate::domain::donation::MessageArg::Text((MAX_BODY).to_string()),
                    )],
                ),
            );
        }
        let thanks = clean_text(&self.thanks_markdown, true);
        if thanks.chars().count() > MAX_THANKS {
            errors.add(
                "thanks_markdown",
                crate::i18n::fr_with(
                    "staff-campaign-form-max-thanks-caracteres-plus",
                    &[(
                        "max-thanks",
                        &(MAX_THANKS) as &(dyn std::fmt::Display + Sync),
                    )],
                ),
            );
        }
        let amount_labels = labels(&self.amount_labels)
            .map_err(|e| errors.add("amount_labels", e))
            .unwrap_or_default();
        let goal = match self.goal_kind.as_str() {
            "amount" => match Cents::parse(&self.goal_amount) {
                Ok(c) if c >= Cents::from_euros(1) && c <= Cents::from_euros(100_000_000) => {
                    Some(Goal::Amount(c))
                }
                Ok(_) => {
                    errors.add_key(
                        "goal_amount",
                        "staff-campaign-form-objectif-entre-1-100-000",
                    );
                    None
                }
                Err(_) => {
                    errors.add(
                        "goal_amount",
                        crate::i18n::fr(
                            "staff-campaign-form-indiquez-objectif-euros-exemple-60000",
                        ),
                    );
                    None
                }
            },
            "donors" => match self.goal_donors.trim().parse::<i64>() {
                Ok(n) if (1..=10_000_000).contains(&n) => Some(Goal::Donors(n)),
                _ => {
                    errors.add(
                        "goal_donors",
                        crate::i18n::fr("staff-campaign-form-nombre-donateurs-entre-1-10"),
                    );
                    None
                }
            },
            _ => {
                errors.add_key(
                    "goal_kind",
                    "staff-campaign-form-choisissez-objectif-euros-ou-donateurs",
                );
                None
            }
        };
        let starts = parse_date(&self.starts_on);
        if starts.is_none() {
            errors.add_key("starts_on", "staff-campaign-form-date-comme-2026-11-01");
        }
        let ends = parse_date(&self.ends_on);
        match (starts, ends) {
            (_, None) => errors.add_key("ends_on", "staff-campaign-form-date-comme-2026-12-31"),
            (Some(s), Some(e)) if e < s => {
                errors.add_key("ends_on", "staff-campaign-form-fin-ne-peut-pas-preceder")
            }
            _ => {}
        }
        let mut suggested = Vec::new();
        for part in self
            .suggested_amounts
            .split(|c: char| c == ';' || c.is_whitespace())
            .filter(|p| !p.is_empty())
        {
            match Cents::parse(part) {
                Ok(c) if c >= Cents::from_euros(1) && c <= Cents::from_euros(100_000) => {
                    suggested.push(c)
                }
                _ => {
                    errors.add(
                        "suggested_amounts",
                        crate::i18n::fr_with(
                            "staff-campaign-form-part-est-pas-montant-entre",
                            &[("part", &(part) as &(dyn std::fmt::Display + Sync))],
                        ),
                    );
                    break;
                }
            }
        }
        if suggested.len() > MAX_SUGGESTED {
            errors.add(
                "suggested_amounts",
                crate::i18n::fr_with(
                    "staff-campaign-form-max-suggested-montants-suggeres-plus",
                    &[(
                        "max-suggested",
                        &(MAX_SUGGESTED) as &(dyn std::fmt::Display + Sync),
                    )],
                ),
            );
        }
        let most_labels = std::iter::once(amount_labels.len())
            .chain(translations.0.values().map(|t| t.amount_labels.len()))
            .max()
            .unwrap_or(0);
        if most_labels > suggested.len() {
            errors.add(
                "amount_labels",
                crate::i18n::fr_with(
                    "staff-campaign-form-libelle-montant-suggere-dans-leur",
                    &[
                        (
                            "suggested",
                            &(suggested.len()) as &(dyn std::fmt::Display + Sync),
                        ),
                        (
                            "most-labels",
                            &(most_labels) as &(dyn std::fmt::Display + Sync),
                        ),
                    ],
                ),
            );
        }
        let counting = MonthlyCounting::parse(&self.monthly_counting);
        if counting.is_none() {
            errors.add_key(
                "monthly_counting",
                "staff-campaign-form-choisissez-comment-comptent-dons-mensuels",
            );
        }
        match (slug, goal, starts, ends, counting, errors.is_empty()) {
            (Some(slug), Some(goal), Some(starts), Some(ends), Some(counting), true) => {
                Ok(CampaignSettings {
                    slug,
                    title,
                    body_markdown: body,
                    goal,
                    starts_at: paris_midnight(starts),
                    ends_at: paris_midnight(ends.next_day().unwrap_or(ends)),
                    suggested_amounts: suggested,
                    monthly_counting: counting,
                    lang,
                    thanks_markdown: thanks,
                    amount_labels,
                    translations,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn input() -> CampaignInput {
        CampaignInput {
            slug: "hiver-2026".to_owned(),
            title: "Campagne d'hiver".to_owned(),
            body_markdown: "Aidez-nous **cet hiver**.".to_owned(),
            goal_kind: "amount".to_owned(),
            goal_amount: "60 000".to_owned(),
            goal_donors: String::new(),
            starts_on: "2026-11-01".to_owned(),
            ends_on: "2026-12-31".to_owned(),
            suggested_amounts: "10 30,50 ; 100".to_owned(),
            monthly_counting: "yearly_pledge".to_owned(),
            lang: String::new(),
            thanks_markdown: String::new(),
            amount_labels: String::new(),
            texts: Default::default(),
        }
    }

    const LANGUAGES: Languages<'static> = Languages(&["fr", "en"]);

    #[test]
    fn a_campaign_runs_from_the_first_day_to_the_end_of_the_last_in_paris() {
        let c = input().validate(&LANGUAGES).unwrap();
        assert_eq!(c.goal, Goal::Amount(Cents::from_euros(60_000)));
        assert_eq!(c.starts_at, datetime!(2026-10-31 23:00 UTC));
        assert_eq!(c.ends_at, datetime!(2026-12-31 23:00 UTC));
        assert_eq!(
            c.suggested_amounts,
            vec![Cents::new(1000), Cents::new(3050), Cents::new(10_000)]
        );
        assert_eq!(c.monthly_counting, MonthlyCounting::YearlyPledge);
    }

    #[test]
    fn an_existing_campaign_s_form_gives_back_the_same_settings() {
        let settings = input().validate(&LANGUAGES).unwrap();
        let campaign = Campaign {
            id: 1,
            slug: settings.slug.clone(),
            title: settings.title.clone(),
            body_markdown: settings.body_markdown.clone(),
            goal: settings.goal,
            starts_at: settings.starts_at,
            ends_at: settings.ends_at,
            suggested_amounts: settings.suggested_amounts.clone(),
            monthly_counting: settings.monthly_counting,
            closed_at: None,
            lang: "fr".to_owned(),
            thanks_markdown: String::new(),
            amount_labels: vec![],
            translations: Default::default(),
        };
        let form = CampaignInput::from_campaign(&campaign);
        assert_eq!(form.ends_on, "2026-12-31");
        assert_eq!(form.suggested_amounts, "10 30,50 100");
        assert_eq!(form.validate(&LANGUAGES).unwrap(), settings);
    }

    #[test]
    fn bad_fields_get_french_messages() {
        let bad = CampaignInput {
            slug: "Été 2026".to_owned(),
            title: String::new(),
            goal_amount: "0".to_owned(),
            ends_on: "2026-10-01".to_owned(),
            suggested_amounts: "10 abc".to_owned(),
            ..input()
        };
        let errors = bad.validate(&LANGUAGES).unwrap_err();
        for field in [
            "slug",
            "title",
            "goal_amount",
            "ends_on",
            "suggested_amounts",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }
}
