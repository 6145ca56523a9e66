//! Campaign management (admins): create and edit campaigns, close one (its form
//! gives way to a thank-you, its bar stops where it was) or open it again.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::{AdminOnly, Staff, StaffForm};
use crate::domain::campaign_form::CampaignInput;
use crate::store::{NewCampaign, StoreError};
use crate::web::error::AppError;
use crate::web::forms::{self, TextField};
use crate::web::{AppState, csrf, private_page};

struct CampaignLine {
    id: i64,
    slug: String,
    title: String,
    state: String,
    closed: bool,
    raised: String,
    goal: String,
    donors: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/campaigns.html")]
struct ListPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    lines: Vec<CampaignLine>,
    notice: Option<&'static str>,
}

#[derive(Deserialize)]
pub(super) struct NoticeQuery {
    #[serde(default)]
    notice: Option<String>,
}

/// `GET /admin/campaigns`
pub(super) async fn list_campaigns(
    State(state): State<AppState>,
    _staff: Staff<AdminOnly>,
    headers: HeaderMap,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let now = OffsetDateTime::now_utc();
    let lines = state
        .store
        .list_campaigns()
        .await?
        .into_iter()
        .map(|p| {
            let c = &p.campaign;
            CampaignLine {
                id: c.id,
                slug: c.slug.as_str().to_owned(),
                title: c.title.clone(),
                state: if c.closed_at.is_some() {
                    "close".to_owned()
                } else {
                    c.phase(now).describe()
                },
                closed: c.closed_at.is_some(),
                raised: p.totals.raised.to_string(),
                goal: c.goal.describe(),
                donors: p.totals.donor_count,
            }
        })
        .collect();
    let notice = match query.notice.as_deref() {
        Some("cree") => Some("Campagne créée."),
        Some("modifie") => Some("Campagne enregistrée."),
        Some("close") => Some(
            "Campagne close : son formulaire laisse place à un remerciement et sa barre ne bouge plus.",
        ),
        Some("ouverte") => {
            Some("Campagne rouverte : elle reçoit à nouveau des dons jusqu'à sa date de fin.")
        }
        _ => None,
    };
    let form = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let page = ListPage {
        demo: state.chrome(),
        csrf_token: form.token,
        lines,
        notice,
    };
    Ok(private_page(page.into_response(), form.set_cookie))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/campaign_form.html")]
struct FormPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    /// `None` for a new campaign.
    id: Option<i64>,
    input: CampaignInput,
    fields: Vec<TextField>,
    errors: Vec<(&'static str, String)>,
    /// The text as the campaign page will show it, when asked.
    preview: Option<String>,
}

impl FormPage {
    fn error(&self, field: &str) -> Option<&str> {
        forms::message(&self.errors, field)
    }

    /// A one-line field, by name (the template asks only for names it has).
    fn field(&self, name: &str) -> Option<&TextField> {
        self.fields.iter().find(|f| f.name == name)
    }
}

fn form_page(
    state: &AppState,
    headers: &HeaderMap,
    id: Option<i64>,
    input: CampaignInput,
    errors: Vec<(&'static str, String)>,
    preview: bool,
) -> Response {
    let preview = preview.then(|| crate::domain::markdown::render(&input.body_markdown));
    let field = |name, label, kind, value: &str, hint| {
        TextField::new(name, label, kind, value, hint, &errors)
    };
    let fields = vec![
        field(
            "slug",
            "Identifiant (dans l'adresse)",
            "text",
            &input.slug,
            "Minuscules sans accent, chiffres et tirets, par exemple hiver-2026. Le changer casse les liens et les intégrations existants.",
        ),
        field("title", "Titre", "text", &input.title, ""),
        field(
            "goal_amount",
            "Objectif en euros",
            "text",
            &input.goal_amount,
            "Si l'objectif est un montant.",
        ),
        field(
            "goal_donors",
            "Objectif en nombre de donateurs",
            "text",
            &input.goal_donors,
            "Si l'objectif est un nombre de donateurs.",
        ),
        field("starts_on", "Premier jour", "date", &input.starts_on, ""),
        field(
            "ends_on",
            "Dernier jour (inclus)",
            "date",
            &input.ends_on,
            "La campagne se termine à minuit, heure de Paris.",
        ),
        field(
            "suggested_amounts",
            "Montants suggérés, en euros",
            "text",
            &input.suggested_amounts,
            "Séparés par des espaces, par exemple : 10 30 50 100.",
        ),
    ];
    let form = csrf::issue(&state.secret, headers, state.secure_cookies());
    let has_errors = !errors.is_empty();
    let page = FormPage {
        demo: state.chrome(),
        csrf_token: form.token,
        id,
        input,
        fields,
        errors,
        preview,
    };
    forms::form_page(page, has_errors, form.set_cookie)
}

/// `GET /admin/campaigns/new`
pub(super) async fn show_new_campaign(
    State(state): State<AppState>,
    _staff: Staff<AdminOnly>,
    headers: HeaderMap,
) -> Response {
    form_page(
        &state,
        &headers,
        None,
        CampaignInput::initial(OffsetDateTime::now_utc()),
        Vec::new(),
        false,
    )
}

#[derive(Deserialize)]
pub(super) struct CampaignForm {
    #[serde(default)]
    csrf_token: String,
    /// « Prévisualiser » pressed: the form comes back with the text as it
    /// will show, nothing saved.
    #[serde(default)]
    preview: String,
    #[serde(flatten)]
    input: CampaignInput,
}

const SLUG_TAKEN: &str = "Une autre campagne a déjà cet identifiant.";

/// `POST /admin/campaigns/new`
pub(super) async fn create_campaign(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm { user, form, .. }: StaffForm<AdminOnly, CampaignForm>,
) -> Result<Response, AppError> {
    if !form.preview.is_empty() {
        return Ok(form_page(
            &state,
            &headers,
            None,
            form.input,
            Vec::new(),
            true,
        ));
    }
    let settings = match form.input.validate() {
        Ok(settings) => settings,
        Err(errors) => {
            return Ok(form_page(
                &state,
                &headers,
                None,
                form.input,
                forms::error_list(&errors),
                false,
            ));
        }
    };
    let now = OffsetDateTime::now_utc();
    let created = match state.store.create_campaign(&settings, now).await {
        Ok(created) => created,
        Err(StoreError::Conflict(_)) => {
            return Ok(form_page(
                &state,
                &headers,
                None,
                form.input,
                vec![("slug", SLUG_TAKEN.to_owned())],
                false,
            ));
        }
        Err(err) => return Err(err.into()),
    };
    if let Some(progress) = state.store.campaign_by_id(created.id).await? {
        state.progress.put_progress(&progress);
    }
    state
        .store
        .audit(
            Some(user.id),
            &user.email,
            "campaign.created",
            &format!("campaign:{}", created.slug),
            now,
        )
        .await?;
    Ok(private_page(
        Redirect::to("/admin/campaigns?notice=cree").into_response(),
        None,
    ))
}

/// `GET /admin/campaigns/{id}`
pub(super) async fn show_campaign(
    State(state): State<AppState>,
    _staff: Staff<AdminOnly>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let Some(progress) = state.store.campaign_by_id(id).await? else {
        return Err(AppError::NotFound);
    };
    Ok(form_page(
        &state,
        &headers,
        Some(id),
        CampaignInput::from_campaign(&progress.campaign),
        Vec::new(),
        false,
    ))
}

/// `POST /admin/campaigns/{id}`
pub(super) async fn update_campaign(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    StaffForm { user, form, .. }: StaffForm<AdminOnly, CampaignForm>,
) -> Result<Response, AppError> {
    if !form.preview.is_empty() {
        return Ok(form_page(
            &state,
            &headers,
            Some(id),
            form.input,
            Vec::new(),
            true,
        ));
    }
    let settings: NewCampaign = match form.input.validate() {
        Ok(settings) => settings,
        Err(errors) => {
            return Ok(form_page(
                &state,
                &headers,
                Some(id),
                form.input,
                forms::error_list(&errors),
                false,
            ));
        }
    };
    let now = OffsetDateTime::now_utc();
    match state.store.update_campaign(id, &settings, now).await {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => {
            return Ok(form_page(
                &state,
                &headers,
                Some(id),
                form.input,
                vec![("slug", SLUG_TAKEN.to_owned())],
                false,
            ));
        }
        Err(err) => return Err(err.into()),
    }
    refresh(&state, id).await?;
    state
        .store
        .audit(
            Some(user.id),
            &user.email,
            "campaign.updated",
            &format!("campaign:{}", settings.slug),
            now,
        )
        .await?;
    Ok(private_page(
        Redirect::to("/admin/campaigns?notice=modifie").into_response(),
        None,
    ))
}

/// Puts a campaign's new settings in this instance's cache (others hear of it
/// through the store's notifications).
async fn refresh(state: &AppState, id: i64) -> Result<(), AppError> {
    if let Some(progress) = state.store.campaign_by_id(id).await? {
        state.progress.put_progress(&progress);
    }
    Ok(())
}

#[derive(Deserialize)]
pub(super) struct CloseForm {
    #[serde(default)]
    csrf_token: String,
    /// `open` opens a closed campaign again.
    #[serde(default)]
    action: String,
}

/// `POST /admin/campaigns/{id}/close`
pub(super) async fn close_campaign(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    StaffForm { user, form, .. }: StaffForm<AdminOnly, CloseForm>,
) -> Result<Response, AppError> {
    let open = form.action == "open";
    let now = OffsetDateTime::now_utc();
    state.store.set_campaign_closed(id, !open, now).await?;
    refresh(&state, id).await?;
    state
        .store
        .audit(
            Some(user.id),
            &user.email,
            if open {
                "campaign.reopened"
            } else {
                "campaign.closed"
            },
            &format!("campaign:{id}"),
            now,
        )
        .await?;
    let notice = if open { "ouverte" } else { "close" };
    Ok(private_page(
        Redirect::to(&format!("/admin/campaigns?notice={notice}")).into_response(),
        None,
    ))
}

super::with_csrf!(CampaignForm, CloseForm);
