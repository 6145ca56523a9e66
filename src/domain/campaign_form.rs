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
}

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
        }
    }

    /// Checks every field; on failure, a French message for each faulty one.
    pub fn validate(&self) -> Result<CampaignSettings, FieldErrors> {
        let mut errors = FieldErrors::default();
        let slug = Slug::parse(self.slug.trim())
            .map_err(|e| errors.add("slug", e.to_string()))
            .ok();
        let title = clean_text(&self.title, false);
        if title.is_empty() {
            errors.add("title", "Donnez un titre à la campagne.");
        } else if title.chars().count() > MAX_TITLE {
            errors.add("title", format!("{MAX_TITLE} caractères au plus."));
        }
        let body = clean_text(&self.body_markdown, true);
        if body.chars().count() > MAX_BODY {
            errors.add("body_markdown", format!("{MAX_BODY} caractères au plus."));
        }
        let goal = match self.goal_kind.as_str() {
            "amount" => match Cents::parse(&self.goal_amount) {
                Ok(c) if c >= Cents::from_euros(1) && c <= Cents::from_euros(100_000_000) => {
                    Some(Goal::Amount(c))
                }
                Ok(_) => {
                    errors.add("goal_amount", "Un objectif entre 1 € et 100 000 000 €.");
                    None
                }
                Err(_) => {
                    errors.add(
                        "goal_amount",
                        "Indiquez l'objectif en euros, par exemple 60000.",
                    );
                    None
                }
            },
            "donors" => match self.goal_donors.trim().parse::<i64>() {
                Ok(n) if (1..=10_000_000).contains(&n) => Some(Goal::Donors(n)),
                _ => {
                    errors.add(
                        "goal_donors",
                        "Un nombre de donateurs entre 1 et 10 000 000.",
                    );
                    None
                }
            },
            _ => {
                errors.add(
                    "goal_kind",
                    "Choisissez un objectif en euros ou en donateurs.",
                );
                None
            }
        };
        let starts = parse_date(&self.starts_on);
        if starts.is_none() {
            errors.add("starts_on", "Une date comme 2026-11-01.");
        }
        let ends = parse_date(&self.ends_on);
        match (starts, ends) {
            (_, None) => errors.add("ends_on", "Une date comme 2026-12-31."),
            (Some(s), Some(e)) if e < s => {
                errors.add("ends_on", "La fin ne peut pas précéder le début.")
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
                        format!("« {part} » n'est pas un montant entre 1 € et 100 000 €."),
                    );
                    break;
                }
            }
        }
        if suggested.len() > MAX_SUGGESTED {
            errors.add(
                "suggested_amounts",
                format!("{MAX_SUGGESTED} montants suggérés au plus."),
            );
        }
        let counting = MonthlyCounting::parse(&self.monthly_counting);
        if counting.is_none() {
            errors.add(
                "monthly_counting",
                "Choisissez comment comptent les dons mensuels.",
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
        }
    }

    #[test]
    fn a_campaign_runs_from_the_first_day_to_the_end_of_the_last_in_paris() {
        let c = input().validate().unwrap();
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
        let settings = input().validate().unwrap();
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
        };
        let form = CampaignInput::from_campaign(&campaign);
        assert_eq!(form.ends_on, "2026-12-31");
        assert_eq!(form.suggested_amounts, "10 30,50 100");
        assert_eq!(form.validate().unwrap(), settings);
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
        let errors = bad.validate().unwrap_err();
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
