//! Monthly gifts as finance staff list and stop them.

use super::finance::PAGE_SIZE;
use super::{FinanceTeam, Staff, StaffForm};
use crate::domain::dates::{french_date, in_paris};
use crate::domain::money::Cents;
use crate::web::error::AppError;
use crate::web::{AppState, csrf, private_page};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

struct SubscriptionLine {
    id: i64,
    donor: String,
    email: String,
    campaign: String,
    amount: String,
    status: &'static str,
    cancellable: bool,
    started: String,
    payments: i64,
    last_payment: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/subscriptions.html")]
struct SubscriptionsPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    status: String,
    lines: Vec<SubscriptionLine>,
    page: i64,
    next_page: Option<i64>,
    notice: Option<&'static str>,
}

#[derive(Deserialize)]
pub(super) struct SubscriptionsQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    arrete: Option<String>,
    #[serde(default)]
    confirmer: Option<String>,
}

fn subscription_status(status: &str) -> &'static str {
    match status {
        "active" => crate::i18n::fr("staff-monthly-active"),
        "past_due" => crate::i18n::fr("staff-subscriptions-echec-paiement"),
        "cancelled" => crate::i18n::fr("staff-monthly-cancelled"),
        _ => crate::i18n::fr("staff-monthly-pas-encore-commence"),
    }
}

/// `GET /admin/subscriptions?status=active|past_due|cancelled`
pub(super) async fn list_subscriptions(
    State(state): State<AppState>,
    _staff: Staff<FinanceTeam>,
    headers: HeaderMap,
    Query(query): Query<SubscriptionsQuery>,
) -> Result<Response, AppError> {
    let status = match query.status.as_str() {
        s @ ("active" | "past_due" | "cancelled") => Some(s),
        _ => None,
    };
    let page = query.page.unwrap_or(1).max(1);
    let mut rows = state
        .store
        .list_subscriptions(status, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
        .await?;
    let next_page = (rows.len() as i64 > PAGE_SIZE).then_some(page + 1);
    rows.truncate(PAGE_SIZE as usize);
    let lines = rows
        .into_iter()
        .map(|s| SubscriptionLine {
            donor: format!("{} {}", s.donor_first_name, s.donor_last_name),
            email: crate::store::shown_email(&s.donor_email).to_owned(),
            campaign: s.campaign_title,
            amount: Cents::new(s.amount_cents).to_string(),
            status: subscription_status(&s.status),
            cancellable: matches!(s.status.as_str(), "active" | "past_due"),
            started: french_date(in_paris(s.created_at).date()),
            payments: s.payments,
            last_payment: s
                .last_payment_at
                .map(|at| french_date(in_paris(at).date()))
                .unwrap_or_default(),
            id: s.id,
        })
        .collect();
    let form = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let view = SubscriptionsPage {
        demo: state.chrome(),
        csrf_token: form.token,
        status: status.unwrap_or_default().to_owned(),
        lines,
        page,
        next_page,
        notice: if query.confirmer.is_some() {
            Some(crate::i18n::fr(
                "staff-monthly-rien-change-cochez-case-confirmation",
            ))
        } else {
            query
                .arrete
                .map(|_| crate::i18n::fr("staff-monthly-don-mensuel-est-arrete-plus"))
        },
    };
    Ok(private_page(view.into_response(), form.set_cookie))
}

#[derive(Deserialize)]
pub(super) struct CancelForm {
    #[serde(default)]
    csrf_token: String,
    /// The box « the donor asked for it », ticked.
    #[serde(default)]
    confirm: Option<String>,
}

/// `POST /admin/subscriptions/{public_id}/cancel`: stops a monthly gift at the
/// donor's request (by phone, by letter), as the donor space does.
pub(super) async fn cancel_subscription(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    StaffForm { user, form, .. }: StaffForm<FinanceTeam, CancelForm>,
) -> Result<Response, AppError> {
    let Some(subscription) = state.store.subscription(id).await? else {
        return Err(AppError::NotFound);
    };
    if !crate::web::checked(&form.confirm) {
        return Ok(private_page(
            Redirect::to("/admin/subscriptions?confirmer").into_response(),
            None,
        ));
    }
    let cancelled = crate::web::donor::stop_monthly_gift(&state, &subscription).await?;
    if cancelled {
        state
            .store
            .audit(
                Some(user.id),
                &user.email,
                "subscription.cancelled",
                &format!("subscription:{}", subscription.public_id),
                OffsetDateTime::now_utc(),
            )
            .await?;
    }
    Ok(private_page(
        Redirect::to("/admin/subscriptions?arrete").into_response(),
        None,
    ))
}

super::with_csrf!(CancelForm);
