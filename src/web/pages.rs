//! Public HTML pages: home, campaign, 404.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use time::OffsetDateTime;

use super::AppState;
use super::assets;
use super::error::{AppError, not_found_page};
use super::views::CampaignView;
use crate::domain::campaign::Phase;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(show_home))
        .route("/campaigns/{slug}", get(show_campaign))
}

#[derive(Template, WebTemplate)]
#[template(path = "campaign.html")]
struct CampaignPage {
    campaign: CampaignView,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    campaigns: Vec<CampaignView>,
}

/// `GET /`: the running campaign if there is exactly one, else the list.
async fn show_home(State(state): State<AppState>) -> Result<Response, AppError> {
    let now = OffsetDateTime::now_utc();
    let all = state.store.list_campaigns().await?;
    let running: Vec<_> = all
        .iter()
        .filter(|p| matches!(p.campaign.phase(now), Phase::Running { .. }))
        .collect();
    if let [only] = running.as_slice() {
        let campaign = CampaignView::new(&only.campaign, &only.totals, now);
        return Ok(CampaignPage { campaign }.into_response());
    }
    let campaigns = all
        .iter()
        .map(|p| CampaignView::new(&p.campaign, &p.totals, now))
        .collect();
    Ok(HomePage { campaigns }.into_response())
}

/// `GET /campaigns/{slug}`
async fn show_campaign(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let progress = state
        .store
        .campaign_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    state.progress.put_progress(&progress);
    let campaign = CampaignView::new(
        &progress.campaign,
        &progress.totals,
        OffsetDateTime::now_utc(),
    );
    Ok(CampaignPage { campaign }.into_response())
}

pub async fn show_not_found() -> impl IntoResponse {
    (StatusCode::NOT_FOUND, not_found_page())
}

/// Used by templates: the versioned stylesheet URL.
pub fn stylesheet_url() -> String {
    assets::url("soutenir.css")
}
