//! The staff side: every `/admin` route in one table, behind the session layer,
//! and the typed extractors that let a handler in only for the roles it names
//! ([`Staff`]) and, for a form, only with its CSRF token ([`StaffForm`]).
//!
//! Handlers are named `<verb>_<resource>`; each area has its file: accounts
//! (login, one-time links, passwords, users), campaigns, finance (gifts,
//! refunds, offline gifts, monthly gifts, payment events), register (receipts,
//! declaration, exports), settings (the organisation), moderation (guestbook).

mod accounts;
mod bank;
mod campaigns;
mod closing;
mod events;
mod finance;
mod home;
mod moderation;
mod monthly;
pub mod nav;
mod offline;
mod register;
mod settings;

use std::marker::PhantomData;

use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::de::DeserializeOwned;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

pub use accounts::{LoginLimits, MIN_PASSWORD_CHARS, password_problem};

use super::error::{AppError, ErrorPage};
use super::{AppState, csrf, private_page};
use crate::store::{Role, StaffUser};

pub fn router(state: &AppState) -> Router<AppState> {
    let sessions = SessionManagerLayer::new(state.store.sessions())
        .with_name("soutenir_staff")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.secure_cookies())
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(8)));
    Router::new()
        // Accounts.
        .route("/admin", get(home::show_home))
        .route("/admin/start", get(home::show_start))
        .route(
            "/admin/login",
            get(accounts::show_login).post(accounts::log_in),
        )
        .route("/admin/logout", post(accounts::log_out))
        .route(
            "/admin/setup/{token}",
            get(accounts::show_setup).post(accounts::set_password_from_link),
        )
        .route(
            "/admin/password",
            get(accounts::show_password).post(accounts::change_password),
        )
        .route("/admin/users", get(accounts::list_users))
        .route("/admin/users/{id}/disable", post(accounts::disable_user))
        .route("/admin/users/invite", post(accounts::invite_user))
        // Campaigns.
        .route("/admin/campaigns", get(campaigns::list_campaigns))
        .route(
            "/admin/campaigns/new",
            get(campaigns::show_new_campaign).post(campaigns::create_campaign),
        )
        .route(
            "/admin/campaigns/{id}",
            get(campaigns::show_campaign).post(campaigns::update_campaign),
        )
        .route(
            "/admin/campaigns/{id}/close",
            post(campaigns::close_campaign),
        )
        .route(
            "/admin/campaigns/{id}/image",
            post(campaigns::save_campaign_image).layer(DefaultBodyLimit::max(
                campaigns::MAX_CAMPAIGN_IMAGE_BYTES + 64 * 1024,
            )),
        )
        // Gifts, refunds, monthly gifts, payment events.
        .route("/admin/donations", get(finance::list_donations))
        .route(
            "/admin/donations/new",
            get(offline::show_offline_gift).post(offline::record_offline_gift),
        )
        .route("/admin/donations/{id}", get(finance::show_donation))
        .route(
            "/admin/donations/{id}/refund",
            post(finance::refund_donation),
        )
        .route(
            "/admin/donations/{id}/erase-donor",
            post(finance::erase_donor),
        )
        .route(
            "/admin/donations/{id}/receipt",
            post(finance::issue_gift_receipt),
        )
        .route("/admin/subscriptions", get(monthly::list_subscriptions))
        .route(
            "/admin/subscriptions/{id}/cancel",
            post(monthly::cancel_subscription),
        )
        .route("/admin/events", get(events::list_payment_events))
        .route("/admin/events/replay", post(events::replay_event))
        // Receipts, the declaration, exports.
        .route("/admin/receipts", get(register::show_register))
        .route(
            "/admin/receipts/declaration",
            get(register::show_declaration),
        )
        .route(
            "/admin/receipts/{number}/pdf",
            get(register::download_receipt),
        )
        .route(
            "/admin/receipts/{number}/resend",
            post(register::resend_receipt),
        )
        .route(
            "/admin/receipts/{number}/cancel",
            get(register::show_cancel_receipt).post(register::cancel_receipt),
        )
        .route(
            "/admin/receipts/annual",
            post(settings::issue_annual_receipts),
        )
        .route("/admin/exports", get(register::show_exports))
        .route("/admin/bank", get(bank::show_bank))
        .route(
            "/admin/bank/import",
            post(bank::import_statement).layer(DefaultBodyLimit::max(bank::MAX_STATEMENT_BYTES)),
        )
        .route(
            "/admin/bank/import-csv",
            post(bank::import_csv).layer(DefaultBodyLimit::max(bank::MAX_STATEMENT_BYTES)),
        )
        .route("/admin/bank/lines/{id}/receive", post(bank::receive_line))
        .route(
            "/admin/bank/lines/{id}/set-aside",
            post(bank::set_aside_line),
        )
        .route("/admin/bank/lines/{id}/deposit", post(bank::deposit_line))
        .route("/admin/bank/pledges/{id}/cancel", post(bank::cancel_pledge))
        .route("/admin/bank/deposits", post(bank::make_deposit))
        .route("/admin/bank/deposits/{id}", get(bank::show_deposit))
        .route(
            "/admin/closing",
            get(closing::show_closing).post(closing::close_year),
        )
        .route("/admin/exports/accounts", post(register::save_accounts))
        .route(
            "/admin/exports/donations.csv",
            get(register::export_donations_csv),
        )
        .route(
            "/admin/exports/receipts.csv",
            get(register::export_receipts_csv),
        )
        .route(
            "/admin/exports/receipts.zip",
            get(register::export_receipts_zip),
        )
        .route("/admin/exports/journal", get(register::export_journal))
        // The address of the journal before it was booked, kept for links saved.
        .route("/admin/exports/journal.csv", get(register::export_journal))
        // The organisation.
        .route(
            "/admin/organisation",
            get(settings::show_organisation)
                .post(settings::save_organisation)
                .layer(DefaultBodyLimit::max(3 * settings::MAX_IMAGE_BYTES)),
        )
        // The guestbook's moderation.
        .route(
            "/admin/guestbook",
            get(moderation::list_messages).post(moderation::moderate_messages),
        )
        .layer(axum::middleware::from_fn(accounts::forms_bound_to_session))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            nav::frame,
        ))
        .layer(sessions)
}

// ---- Who may do what ----

/// The roles a page is for, besides administrators (who may use every page).
pub trait Access: Send + Sync + 'static {
    const ROLES: &'static [Role];
}

/// Administrators only.
pub struct AdminOnly;
/// Finance staff (and administrators).
pub struct FinanceTeam;
/// Moderators (and administrators).
pub struct Moderators;
/// Every staff member.
pub struct AnyStaff;

impl Access for AdminOnly {
    const ROLES: &'static [Role] = &[];
}
impl Access for FinanceTeam {
    const ROLES: &'static [Role] = &[Role::Finance];
}
impl Access for Moderators {
    const ROLES: &'static [Role] = &[Role::Moderator];
}
impl Access for AnyStaff {
    const ROLES: &'static [Role] = &[Role::Finance, Role::Moderator];
}

pub(super) fn forbidden() -> Response {
    let page = ErrorPage {
        demo: crate::web::Chrome::bare(),
        title: "error-forbidden-title",
        message: "error-forbidden",
    };
    private_page(
        crate::web::error::unframed(StatusCode::FORBIDDEN, page),
        None,
    )
}

/// The signed-in staff member if their role may use what `A` allows;
/// anonymous visitors are sent to the login page, other roles get 403.
pub struct Staff<A: Access> {
    pub user: StaffUser,
    /// The session, for handlers that read or change it.
    pub session: Session,
    access: PhantomData<A>,
}

impl<A: Access> FromRequestParts<AppState> for Staff<A> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let found = match parts.extensions.get::<nav::SignedIn>() {
            Some(nav::SignedIn(user)) => Ok(user.clone()),
            None => accounts::current_staff(state, &session).await,
        };
        match found {
            Err(err) => Err(err.into_response()),
            Ok(None) => Err(Redirect::to("/admin/login").into_response()),
            Ok(Some(user)) if user.role.may(A::ROLES) => Ok(Staff {
                user,
                session,
                access: PhantomData,
            }),
            Ok(Some(_)) => Err(forbidden()),
        }
    }
}

/// A form that carries the CSRF token it was served with.
pub trait WithCsrf {
    fn csrf_token(&self) -> &str;
}

/// A staff member's form: the role checked as [`Staff`] does, then the form
/// read and its CSRF token verified (403 without it).
pub struct StaffForm<A: Access, F> {
    pub user: StaffUser,
    pub session: Session,
    pub form: F,
    access: PhantomData<A>,
}

impl<A: Access, F: DeserializeOwned + WithCsrf + Send> FromRequest<AppState> for StaffForm<A, F> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let staff = Staff::<A>::from_request_parts(&mut parts, state).await?;
        let headers = parts.headers.clone();
        let Form(form) = Form::<F>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        if !csrf::verify(&state.secret, &headers, form.csrf_token()) {
            return Err(AppError::Forbidden.into_response());
        }
        Ok(StaffForm {
            user: staff.user,
            session: staff.session,
            form,
            access: PhantomData,
        })
    }
}

/// Implements [`WithCsrf`] for forms whose token is their `csrf_token` field.
macro_rules! with_csrf {
    ($($form:ty),+ $(,)?) => {
        $(impl $crate::web::staff::WithCsrf for $form {
            fn csrf_token(&self) -> &str {
                &self.csrf_token
            }
        })+
    };
}
use with_csrf;
