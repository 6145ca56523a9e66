//! Staff accounts: the one-time link that sets a password, login, logout, and
//! the staff home page. Sessions are kept in the application's database
//! (`tower-sessions`); only these routes carry the session cookie.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};

use super::{AdminOnly, AnyStaff, Staff, StaffForm};
use crate::web::client_ip::ClientIp;
use axum::Form;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;
use tower_sessions::Session;

use crate::domain::donation::parse_email;
use crate::store::{Role, StaffUser};
use crate::tokens;
use crate::web::error::{AppError, ErrorPage};
use crate::web::ratelimit::RateLimiter;
use crate::web::{AppState, csrf, private_page};

/// The session key holding the staff member's id.
const STAFF_ID: &str = "staff_id";
/// The session key holding a stamp of the password it was opened with: a
/// changed password ends every other session.
const PASSWORD_STAMP: &str = "password_stamp";
/// The session key holding the CSRF cookie issued at sign-in: staff forms are
/// accepted only with it, so a token made for another browser is worthless.
const FORM_COOKIE: &str = "form_cookie";
pub const MIN_PASSWORD_CHARS: usize = 12;
const MAX_PASSWORD_CHARS: usize = 1024;

/// A signed-in staff member's forms must come with the CSRF cookie issued at
/// their sign-in: the form token, an HMAC of that cookie, is then bound to the
/// session (a cookie planted beforehand, or a token got from a public page, is
/// refused).
pub(super) async fn forms_bound_to_session(
    session: Session,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if request.method().is_safe() {
        return next.run(request).await;
    }
    let staff: Option<i64> = session.get(STAFF_ID).await.ok().flatten();
    if staff.is_some() {
        let bound: Option<String> = session.get(FORM_COOKIE).await.ok().flatten();
        let sent = csrf::cookie_value(request.headers());
        if bound.is_none() || bound != sent {
            tracing::warn!(path = %request.uri().path(), "staff form refused: token not bound to this session");
            return AppError::Forbidden.into_response();
        }
    }
    next.run(request).await
}

/// A short stamp of a password hash (not the hash: sessions are stored).
fn password_stamp(user: &StaffUser) -> String {
    tokens::hash_token(user.password_hash.as_deref().unwrap_or(""))[..16].to_owned()
}

/// Throttles of the login form.
#[derive(Clone)]
pub struct LoginLimits {
    /// Per client address and account together: someone guessing elsewhere
    /// never locks the owner out of their own address.
    per_account: Arc<RateLimiter>,
    per_ip: Arc<RateLimiter>,
}

impl LoginLimits {
    /// `attempts` per account and per IP address per quarter of an hour.
    pub fn new(attempts: u32) -> Self {
        let window = Duration::from_secs(15 * 60);
        LoginLimits {
            per_account: Arc::new(RateLimiter::new(attempts, window)),
            per_ip: Arc::new(RateLimiter::new(attempts, window)),
        }
    }
}

fn internal(err: impl Into<anyhow::Error>) -> AppError {
    AppError::Internal(err.into())
}

/// The signed-in staff member, if any (a disabled account is signed out).
pub async fn current_staff(
    state: &AppState,
    session: &Session,
) -> Result<Option<StaffUser>, AppError> {
    let id: Option<i64> = session.get(STAFF_ID).await.map_err(internal)?;
    let Some(id) = id else { return Ok(None) };
    let stamp: Option<String> = session.get(PASSWORD_STAMP).await.map_err(internal)?;
    match state.store.staff_by_id(id).await? {
        Some(user) if !user.disabled && stamp.as_deref() == Some(&*password_stamp(&user)) => {
            Ok(Some(user))
        }
        _ => {
            session.flush().await.map_err(internal)?;
            Ok(None)
        }
    }
}

/// Password hashes computed at once, at most. Each argon2id computation takes
/// 19 MiB: unbounded, a burst of logins (even refused ones) would take as many
/// times that.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Runs argon2id off the async threads, two at a time at most.
async fn hash_password(password: String) -> Result<String, AppError> {
    let _slot = HASHING.acquire().await.map_err(internal)?;
    tokio::task::spawn_blocking(move || {
        use argon2::PasswordHasher;
        argon2::Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
    })
    .await
    .map_err(internal)?
    .map_err(AppError::Internal)
}

/// A hash no password matches, checked for unknown addresses so that they take
/// as long as a wrong password.
static DECOY_HASH: LazyLock<String> = LazyLock::new(|| {
    use argon2::PasswordHasher;
    let random = tokens::random_hex(32).unwrap_or_else(|_| "decoy".to_owned());
    argon2::Argon2::default()
        .hash_password(random.as_bytes())
        .map(|h| h.to_string())
        .unwrap_or_default()
});

async fn verify_password(password: String, hash: Option<String>) -> Result<bool, AppError> {
    let _slot = HASHING.acquire().await.map_err(internal)?;
    tokio::task::spawn_blocking(move || {
        use argon2::PasswordVerifier;
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DECOY_HASH.clone());
        let Ok(parsed) = argon2::password_hash::phc::PasswordHash::new(&hash) else {
            return false;
        };
        let matches = argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        known && matches
    })
    .await
    .map_err(internal)
}

/// Opens a staff session (with a new id: a planted session cookie is worth
/// nothing), records it as the account's last sign-in (by password, at setup,
/// after a reset alike) and issues the CSRF cookie its forms must carry;
/// returns that cookie's value and its `Set-Cookie`.
async fn sign_in(
    state: &AppState,
    session: &Session,
    user: &StaffUser,
) -> Result<(String, axum::http::HeaderValue), AppError> {
    session.cycle_id().await.map_err(internal)?;
    session.insert(STAFF_ID, user.id).await.map_err(internal)?;
    session
        .insert(PASSWORD_STAMP, password_stamp(user))
        .await
        .map_err(internal)?;
    let (cookie, set_cookie) = csrf::fresh_cookie(state.secure_cookies());
    session
        .insert(FORM_COOKIE, cookie.clone())
        .await
        .map_err(internal)?;
    state
        .store
        .staff_logged_in(user.id, OffsetDateTime::now_utc())
        .await?;
    Ok((cookie, set_cookie))
}

// ---- Setting a password from a one-time link ----

#[derive(Template, WebTemplate)]
#[template(path = "admin/setup.html")]
struct SetupPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    token: String,
    /// Shown when the link does not say whose account it is (first admin).
    ask_email: bool,
    email: String,
    role: &'static str,
    errors: Vec<(&'static str, String)>,
}

impl SetupPage {
    fn error(&self, field: &str) -> Option<&str> {
        crate::web::forms::message(&self.errors, field)
    }
}

fn link_gone() -> Response {
    let page = ErrorPage {
        demo: crate::web::Chrome::bare(),
        title: "error-link-gone-title",
        message: "error-link-gone",
    };
    private_page(
        crate::web::error::unframed(StatusCode::NOT_FOUND, page),
        None,
    )
}

pub(super) async fn show_setup(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let now = OffsetDateTime::now_utc();
    let Some(invitation) = state
        .store
        .invitation(&tokens::hash_token(&token), now)
        .await?
    else {
        return Ok(link_gone());
    };
    let form = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let page = SetupPage {
        demo: state.chrome(),
        csrf_token: form.token,
        token,
        ask_email: invitation.email.is_none(),
        email: invitation.email.unwrap_or_default(),
        role: invitation.role.label(),
        errors: Vec::new(),
    };
    Ok(private_page(page.into_response(), form.set_cookie))
}

#[derive(Deserialize)]
pub(super) struct SetupForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// What is wrong with a new password typed twice, beside which field.
fn new_password_error(password: &str, confirm: &str) -> Option<(&'static str, String)> {
    match password_problem(password) {
        Some(problem) => Some(("password", problem)),
        None if password != confirm => Some((
            "password_confirm",
            crate::i18n::fr("staff-accounts-deux-mots-passe-ne-sont").to_owned(),
        )),
        None => None,
    }
}

/// A password's problem, in French, if any.
pub fn password_problem(password: &str) -> Option<String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Some(crate::i18n::fr_with(
            "staff-accounts-mot-passe-doit-compter-moins",
            &[(
                "min-password-chars",
                &(MIN_PASSWORD_CHARS) as &(dyn std::fmt::Display + Sync),
            )],
        ))
    } else if chars > MAX_PASSWORD_CHARS {
        Some(crate::i18n::fr("staff-accounts-mot-passe-est-trop-long").to_owned())
    } else {
        None
    }
}

pub(super) async fn set_password_from_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<SetupForm>,
) -> Result<Response, AppError> {
    if !csrf::verify(&state.secret, &headers, &form.csrf_token) {
        return Err(AppError::Forbidden);
    }
    let now = OffsetDateTime::now_utc();
    let hash = tokens::hash_token(&token);
    let Some(invitation) = state.store.invitation(&hash, now).await? else {
        return Ok(link_gone());
    };
    let mut errors = Vec::new();
    let email = match &invitation.email {
        Some(email) => Ok(email.clone()),
        None => parse_email(&form.email).map_err(|e| e.to_string()),
    };
    if let Err(message) = &email {
        errors.push(("email", message.clone()));
    }
    errors.extend(new_password_error(&form.password, &form.password_confirm));
    let (Ok(email), true) = (email, errors.is_empty()) else {
        let fresh = csrf::issue(&state.secret, &headers, state.secure_cookies());
        let page = SetupPage {
            demo: state.chrome(),
            csrf_token: fresh.token,
            token,
            ask_email: invitation.email.is_none(),
            email: invitation.email.unwrap_or(form.email),
            role: invitation.role.label(),
            errors,
        };
        return Ok(private_page(
            (StatusCode::UNPROCESSABLE_ENTITY, page).into_response(),
            fresh.set_cookie,
        ));
    };
    let password_hash = hash_password(form.password).await?;
    let user = match state
        .store
        .accept_invitation(&hash, &email, &password_hash, now)
        .await
    {
        Ok(user) => user,
        // Used meanwhile, by another tab or another person.
        Err(crate::store::StoreError::NotFound) => return Ok(link_gone()),
        Err(err) => return Err(err.into()),
    };
    tracing::info!(staff.id = user.id, role = %user.role, "staff password set");
    let (_, form_cookie) = sign_in(&state, &session, &user).await?;
    let to = super::home::landing(&state, user.role).await?;
    Ok(private_page(
        Redirect::to(to).into_response(),
        Some(form_cookie),
    ))
}

// ---- Login and logout ----

#[derive(Template, WebTemplate)]
#[template(path = "admin/login.html")]
struct LoginPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    email: String,
    error: Option<&'static str>,
}

pub(super) async fn show_login(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if current_staff(&state, &session).await?.is_some() {
        return Ok(Redirect::to("/admin").into_response());
    }
    let form = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let page = LoginPage {
        demo: state.chrome(),
        csrf_token: form.token,
        email: String::new(),
        error: None,
    };
    Ok(private_page(page.into_response(), form.set_cookie))
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

pub(super) async fn log_in(
    State(state): State<AppState>,
    client: ClientIp,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    if !csrf::verify(&state.secret, &headers, &form.csrf_token) {
        return Err(AppError::Forbidden);
    }
    let fresh = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let email = form.email.trim().to_lowercase();
    let mut page = LoginPage {
        demo: state.chrome(),
        csrf_token: fresh.token.clone(),
        email: form.email.clone(),
        error: None,
    };
    // The account is counted only for an address not throttled already (so a
    // throttled address adds nothing to remember).
    let account_key = format!("{client} {email}");
    let allowed = state.login_limits.per_ip.allow(&client.to_string())
        && state.login_limits.per_account.allow(&account_key);
    if !allowed {
        tracing::warn!(client = %client, "staff login throttled");
        state.metrics.rate_limited("login");
        page.error = Some(crate::i18n::fr(
            "staff-accounts-trop-tentatives-patientez-quart-heure",
        ));
        return Ok(private_page(
            (StatusCode::TOO_MANY_REQUESTS, page).into_response(),
            fresh.set_cookie,
        ));
    }
    let user = state.store.staff_by_email(&email).await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = verify_password(form.password, hash).await?;
    match user {
        Some(user) if matches && !user.disabled => {
            let (_, form_cookie) = sign_in(&state, &session, &user).await?;
            state.login_limits.per_account.forget(&account_key);
            let now = OffsetDateTime::now_utc();
            state
                .store
                .audit(Some(user.id), &user.email, "login", "", now)
                .await?;
            tracing::info!(staff.id = user.id, "staff login");
            let to = super::home::landing(&state, user.role).await?;
            Ok(private_page(
                Redirect::to(to).into_response(),
                Some(form_cookie),
            ))
        }
        _ => {
            // The same answer for an unknown address, a wrong password and a
            // disabled account.
            tracing::info!(client = %client, "staff login refused");
            page.error = Some(crate::i18n::fr(
                "staff-accounts-adresse-ou-mot-passe-incorrect",
            ));
            Ok(private_page(
                (StatusCode::UNAUTHORIZED, page).into_response(),
                fresh.set_cookie,
            ))
        }
    }
}

#[derive(Deserialize)]
pub(super) struct TokenOnly {
    #[serde(default)]
    csrf_token: String,
}

/// A destructive action's form: its token and the confirmation box.
#[derive(Deserialize)]
pub(super) struct ConfirmForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    confirm: Option<String>,
}

pub(super) async fn log_out(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<TokenOnly>,
) -> Result<Response, AppError> {
    if !csrf::verify(&state.secret, &headers, &form.csrf_token) {
        return Err(AppError::Forbidden);
    }
    if let Some(user) = current_staff(&state, &session).await? {
        state
            .store
            .audit(
                Some(user.id),
                &user.email,
                "logout",
                "",
                OffsetDateTime::now_utc(),
            )
            .await?;
    }
    session.flush().await.map_err(internal)?;
    Ok(private_page(
        Redirect::to("/admin/login").into_response(),
        None,
    ))
}

// ---- Own password ----

#[derive(Template, WebTemplate)]
#[template(path = "admin/password.html")]
struct PasswordPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    errors: Vec<(&'static str, String)>,
    done: bool,
}

impl PasswordPage {
    fn error(&self, field: &str) -> Option<&str> {
        crate::web::forms::message(&self.errors, field)
    }
}

pub(super) async fn show_password(
    State(state): State<AppState>,
    _staff: Staff<AnyStaff>,
    headers: HeaderMap,
) -> Response {
    let form = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let page = PasswordPage {
        demo: state.chrome(),
        csrf_token: form.token,
        errors: Vec::new(),
        done: false,
    };
    private_page(page.into_response(), form.set_cookie)
}

#[derive(Deserialize)]
pub(super) struct PasswordForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

pub(super) async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm {
        user,
        session,
        form,
        ..
    }: StaffForm<AnyStaff, PasswordForm>,
) -> Result<Response, AppError> {
    let mut errors = Vec::new();
    if !verify_password(form.current, user.password_hash.clone()).await? {
        errors.push((
            "current",
            crate::i18n::fr("staff-accounts-ce-est-pas-votre-mot").to_owned(),
        ));
    }
    errors.extend(new_password_error(&form.password, &form.password_confirm));
    let fresh = csrf::issue(&state.secret, &headers, state.secure_cookies());
    let mut page = PasswordPage {
        demo: state.chrome(),
        csrf_token: fresh.token,
        errors,
        done: false,
    };
    if !page.errors.is_empty() {
        return Ok(private_page(
            (StatusCode::UNPROCESSABLE_ENTITY, page).into_response(),
            fresh.set_cookie,
        ));
    }
    let hash = hash_password(form.password).await?;
    state.store.set_staff_password(user.id, &hash).await?;
    let user = StaffUser {
        password_hash: Some(hash),
        ..user
    };
    state
        .store
        .audit(
            Some(user.id),
            &user.email,
            "password.changed",
            "",
            OffsetDateTime::now_utc(),
        )
        .await?;
    // This session goes on with the new password; every other one is over.
    let (cookie, form_cookie) = sign_in(&state, &session, &user).await?;
    page.csrf_token = csrf::token_for(&state.secret, &cookie);
    page.done = true;
    Ok(private_page(page.into_response(), Some(form_cookie)))
}

// ---- Accounts (admin) ----

struct UserRow {
    id: i64,
    email: String,
    role: &'static str,
    last_login: String,
    disabled: bool,
    is_self: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
struct UsersPage {
    demo: crate::web::Chrome,
    csrf_token: String,
    users: Vec<UserRow>,
    /// The invitation form as typed, and its messages.
    invite_email: String,
    invite_role: String,
    errors: Vec<(&'static str, String)>,
    /// The invitation just made: the address, its link, whether the email left.
    invited: Option<(String, String, bool)>,
    /// A notice above the list.
    notice: Option<&'static str>,
}

impl UsersPage {
    fn error(&self, field: &str) -> Option<&str> {
        crate::web::forms::message(&self.errors, field)
    }
}

/// `POST /admin/users/invite`: `email`, `role` (`admin`, `finance`, `moderator`).
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct InviteForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

pub(super) async fn list_users(
    State(state): State<AppState>,
    Staff { user: me, .. }: Staff<AdminOnly>,
    headers: HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response, AppError> {
    let notice = (query.as_deref() == Some("confirmer")).then_some(crate::i18n::fr(
        "staff-accounts-rien-change-cochez-case-confirmation",
    ));
    users_page(
        &state,
        &me,
        &headers,
        InviteForm::default(),
        Vec::new(),
        None,
        notice,
    )
    .await
}

/// The accounts, with the invitation form as typed.
async fn users_page(
    state: &AppState,
    me: &StaffUser,
    headers: &HeaderMap,
    typed: InviteForm,
    errors: Vec<(&'static str, String)>,
    invited: Option<(String, String, bool)>,
    notice: Option<&'static str>,
) -> Result<Response, AppError> {
    let rows = state
        .store
        .list_staff()
        .await?
        .into_iter()
        .map(|(user, last)| UserRow {
            is_self: user.id == me.id,
            id: user.id,
            role: user.role.label(),
            last_login: last
                .map(|at| crate::domain::dates::french_date(at.date()))
                .unwrap_or_else(|| "jamais".to_owned()),
            disabled: user.disabled,
            email: user.email,
        })
        .collect();
    let form = csrf::issue(&state.secret, headers, state.secure_cookies());
    let failed = !errors.is_empty();
    let page = UsersPage {
        demo: state.chrome(),
        csrf_token: form.token,
        users: rows,
        invite_email: typed.email,
        invite_role: typed.role,
        errors,
        invited,
        notice,
    };
    let status = if failed {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(private_page(
        (status, page).into_response(),
        form.set_cookie,
    ))
}

/// `POST /admin/users/invite`: invites someone to the team from the web; the
/// one-time link is emailed and shown (to pass on if the email is lost).
pub(super) async fn invite_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm { user: me, form, .. }: StaffForm<AdminOnly, InviteForm>,
) -> Result<Response, AppError> {
    let mut errors = Vec::new();
    let email = crate::domain::donation::parse_email(&form.email)
        .map_err(|_| {
            errors.push((
                "email",
                crate::i18n::fr("staff-accounts-indiquez-adresse-electronique-personne-inviter")
                    .to_owned(),
            ))
        })
        .ok();
    let role = Role::parse(form.role.trim());
    if role.is_none() {
        errors.push((
            "role",
            crate::i18n::fr("staff-accounts-choisissez-role").to_owned(),
        ));
    }
    let (Some(email), Some(role), true) = (email, role, errors.is_empty()) else {
        return users_page(&state, &me, &headers, form, errors, None, None).await;
    };
    if state.store.staff_by_email(&email).await?.is_some() {
        let errors = vec![(
            "email",
            crate::i18n::fr("staff-accounts-cette-adresse-deja-compte").to_owned(),
        )];
        return users_page(&state, &me, &headers, form, errors, None, None).await;
    }
    let path = crate::app::create_invitation(&*state.store, &email, role, (Some(me.id), &me.email))
        .await
        .map_err(AppError::Internal)?;
    let link = format!("{}{path}", state.base_url);
    let sent = match crate::mail::messages::staff_invitation(&email, &link, role.label()) {
        Ok(mail) => match state.mailer.send(&mail).await {
            Ok(()) => true,
            Err(err) => {
                tracing::warn!(error = %format!("{err:#}"), "the invitation could not be emailed");
                false
            }
        },
        Err(err) => return Err(AppError::Internal(err.into())),
    };
    tracing::info!(by = me.id, role = %role, "staff invited from the web");
    users_page(
        &state,
        &me,
        &headers,
        InviteForm::default(),
        Vec::new(),
        Some((email, link, sent)),
        None,
    )
    .await
}

pub(super) async fn disable_user(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    StaffForm { user: me, form, .. }: StaffForm<AdminOnly, ConfirmForm>,
) -> Result<Response, AppError> {
    if id == me.id {
        return Ok(super::forbidden());
    }
    if !crate::web::checked(&form.confirm) {
        return Ok(Redirect::to("/admin/users?confirmer").into_response());
    }
    let Some(target) = state.store.staff_by_id(id).await? else {
        return Err(AppError::NotFound);
    };
    let now = OffsetDateTime::now_utc();
    if state.store.disable_staff(id, now).await? {
        state
            .store
            .audit(Some(me.id), &me.email, "staff.disabled", &target.email, now)
            .await?;
        tracing::info!(staff.id = id, by = me.id, "staff account disabled");
    }
    Ok(Redirect::to("/admin/users").into_response())
}

super::with_csrf!(PasswordForm, TokenOnly, ConfirmForm, InviteForm);
