//! The staff home (the figures that matter today, what waits for whom) and the
//! first-run setup that leads a new installation's admin through what donors
//! will see: the organisation, its receipts, its campaign, its team.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::{AdminOnly, AnyStaff, Staff};
use crate::domain::dates::{in_paris, paris_midnight};
use crate::domain::money::Cents;
use crate::store::{DonationFilter, Role};
use crate::web::error::AppError;
use crate::web::{AppState, csrf, private_page};

/// One step of the first-run setup.
pub struct SetupStep {
    pub title: &'static str,
    pub detail: &'static str,
    pub href: &'static str,
    pub action: &'static str,
    pub done: bool,
    /// Not needed for the setup to be complete.
    pub optional: bool,
}

/// The first-run setup's steps, each done or not.
pub(super) async fn setup_steps(state: &AppState) -> Result<Vec<SetupStep>, AppError> {
    let org = state.store.organisation().await?;
    let saved = org.as_ref().is_some_and(|o| o.details_saved);
    let receipts_ready = saved && org.as_ref().is_some_and(|o| o.missing().is_empty());
    let sample = crate::app::sample_campaign(OffsetDateTime::now_utc());
    let campaigns = state.store.list_campaigns().await?;
    let campaign_written = !campaigns.is_empty()
        && !campaigns.iter().any(|p| {
            p.campaign.slug == sample.slug && p.campaign.body_markdown == sample.body_markdown
        });
    let team = state.store.list_staff().await?.len() > 1;
    Ok(vec![
        SetupStep {
            title: crate::i18n::fr("staff-home-presenter-organisme"),
            detail: crate::i18n::fr("staff-home-son-nom-son-logo-sa"),
            href: "/admin/organisation",
            action: crate::i18n::fr("staff-home-presenter-organisme"),
            done: saved,
            optional: false,
        },
        SetupStep {
            title: crate::i18n::fr("staff-home-completer-recus-fiscaux"),
            detail: crate::i18n::fr("staff-home-numero-rna-ou-siren-categorie"),
            href: "/admin/organisation#signature",
            action: crate::i18n::fr("staff-home-completer-recus"),
            done: receipts_ready,
            optional: false,
        },
        SetupStep {
            title: crate::i18n::fr("staff-home-rediger-campagne"),
            detail: crate::i18n::fr("staff-home-titre-texte-objectif-dates-votre"),
            href: "/admin/campaigns",
            action: crate::i18n::fr("staff-home-rediger-campagne"),
            done: campaign_written,
            optional: false,
        },
        SetupStep {
            title: crate::i18n::fr("staff-home-inviter-equipe"),
            detail: crate::i18n::fr("staff-home-tresorerie-dons-recus-exports-moderation"),
            href: "/admin/users",
            action: crate::i18n::fr("staff-home-inviter-equipe"),
            done: team,
            optional: true,
        },
    ])
}

/// Where a staff member goes after signing in: an admin to the setup until
/// every needed step is done, everyone else home.
pub(super) async fn landing(state: &AppState, role: Role) -> Result<&'static str, AppError> {
    if role == Role::Admin
        && !setup_steps(state)
            .await?
            .iter()
            .all(|s| s.done || s.optional)
    {
        Ok("/admin/start")
    } else {
        Ok("/admin")
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/start.html")]
struct StartPage {
    demo: crate::web::Chrome,
    steps: Vec<SetupStep>,
    complete: bool,
}

/// `GET /admin/start`: the first-run setup, step by step.
pub(super) async fn show_start(
    State(state): State<AppState>,
    _staff: Staff<AdminOnly>,
) -> Result<Response, AppError> {
    let steps = setup_steps(&state).await?;
    let page = StartPage {
        demo: state.chrome(),
        complete: steps.iter().all(|s| s.done || s.optional),
        steps,
    };
    Ok(private_page(page.into_response(), None))
}

// ---- Home ----

#[derive(Deserialize, Default)]
pub(super) struct HomeQuery {
    #[serde(default)]
    annuel: Option<String>,
}

/// A figure of the home page.
struct Figure {
    value: String,
    label: String,
    href: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/home.html")]
struct HomePage {
    demo: crate::web::Chrome,
    csrf_token: String,
    is_admin: bool,
    is_finance: bool,
    /// The last full year, for the yearly summaries' button.
    last_year: i32,
    notice: Option<String>,
    figures: Vec<Figure>,
    /// Why receipts are specimens or cannot be issued, until the
    /// organisation's details are saved and complete.
    receipts_banner: Option<String>,
    /// The setup's steps left, shown to admins until it is complete.
    setup_left: Vec<SetupStep>,
}

/// Gifts received since `from`: their number and net amount.
async fn received_since(state: &AppState, from: OffsetDateTime) -> Result<(i64, Cents), AppError> {
    let totals = state
        .store
        .donation_totals(&DonationFilter {
            from: Some(from),
            status: Some("received".to_owned()),
            ..DonationFilter::default()
        })
        .await?;
    Ok((
        totals.count,
        Cents::new(totals.amount_cents - totals.refunded_cents),
    ))
}

fn gifts_figure(count: i64, amount: Cents, when: &str) -> Figure {
    Figure {
        value: amount.to_string(),
        label: format!(
            "{when} ({})",
            crate::i18n::Lang::FR.tn("staff-home-gifts", count)
        ),
        href: "/admin/donations",
    }
}

/// `GET /admin`
pub(super) async fn show_home(
    State(state): State<AppState>,
    Staff { user, .. }: Staff<AnyStaff>,
    headers: HeaderMap,
    Query(query): Query<HomeQuery>,
) -> Result<Response, AppError> {
    let now = OffsetDateTime::now_utc();
    let today = in_paris(now).date();
    let is_finance = user.role.may(&[Role::Finance]);
    let mut figures = Vec::new();
    let org = state.store.organisation().await?;
    if is_finance {
        let (count, amount) = received_since(&state, paris_midnight(today)).await?;
        figures.push(gifts_figure(count, amount, "aujourd'hui"));
        let monday =
            today - time::Duration::days(i64::from(today.weekday().number_days_from_monday()));
        let (count, amount) = received_since(&state, paris_midnight(monday)).await?;
        figures.push(gifts_figure(
            count,
            amount,
            crate::i18n::fr("staff-home-cette-semaine"),
        ));
    }
    let mut running: Vec<_> = state
        .progress
        .all()
        .into_iter()
        .filter(|s| s.campaign.closed_at.is_none() && s.campaign.ends_at > now)
        .collect();
    running.sort_by_key(|s| s.campaign.ends_at);
    for s in running {
        figures.push(Figure {
            value: format!("{} %", s.percent.whole()),
            label: crate::i18n::fr_with(
                "staff-home-title-raised-describe",
                &[
                    (
                        "title",
                        &(s.campaign.title) as &(dyn std::fmt::Display + Sync),
                    ),
                    (
                        "raised",
                        &(s.totals.raised) as &(dyn std::fmt::Display + Sync),
                    ),
                    (
                        "goal",
                        &(s.campaign.goal.describe()) as &(dyn std::fmt::Display + Sync),
                    ),
                ],
            ),
            href: if user.role == Role::Admin {
                "/admin/campaigns"
            } else {
                "/admin"
            },
        });
    }
    if user.role.may(&[Role::Moderator]) {
        let pending = state.store.pending_message_count().await?;
        figures.push(Figure {
            value: pending.to_string(),
            label: if pending == 1 {
                crate::i18n::fr("staff-home-message-attente-moderation").to_owned()
            } else {
                crate::i18n::fr("staff-home-messages-attente-moderation").to_owned()
            },
            href: "/admin/guestbook",
        });
    }
    let missing = org.as_ref().map(|o| o.missing()).unwrap_or_default();
    if is_finance && (!missing.is_empty() || org.is_none()) {
        let waiting = state.store.gifts_without_receipt(0, 10_000).await?.len();
        figures.push(Figure {
            value: waiting.to_string(),
            label: crate::i18n::fr("staff-home-recus-attente-reglages").to_owned(),
            href: "/admin/donations",
        });
    }
    let receipts_banner = match &org {
        Some(org) if !org.details_saved => {
            Some(crate::i18n::fr("staff-home-recus-fiscaux-mode-specimen-coordonnees").to_owned())
        }
        Some(_) if !missing.is_empty() => Some(crate::i18n::fr_with(
            "staff-home-recus-fiscaux-ne-peuvent-pas",
            &[(
                "missing",
                &(missing.join(", ")) as &(dyn std::fmt::Display + Sync),
            )],
        )),
        Some(_) => None,
        None => Some(crate::i18n::fr("staff-home-coordonnees-organisme-ne-sont-pas").to_owned()),
    };
    let setup_left = if user.role == Role::Admin {
        setup_steps(&state)
            .await?
            .into_iter()
            .filter(|s| !s.done && !s.optional)
            .collect()
    } else {
        Vec::new()
    };
    let form = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let page = HomePage {
        receipts_banner,
        demo: state.chrome(),
        csrf_token: form.token,
        is_admin: user.role == Role::Admin,
        is_finance,
        last_year: in_paris(now).year() - 1,
        notice: match query.annuel.as_deref() {
            None => None,
            Some("annee") => Some(
                crate::i18n::fr("staff-home-choisissez-annee-terminee-recus-recapitulatifs")
                    .to_owned(),
            ),
            Some(year) => Some(crate::i18n::fr_with(
                "staff-home-recus-recapitulatifs-year-sont-cours",
                &[("year", &(year) as &(dyn std::fmt::Display + Sync))],
            )),
        },
        figures,
        setup_left,
    };
    Ok(private_page(page.into_response(), form.set_cookie))
}
