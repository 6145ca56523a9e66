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
        Some("cree") => Some(crate::i18n::fr("staff-campaigns-campagne-creee")),
        Some("modifie") => Some(crate::i18n::fr("staff-campaigns-campagne-enregistree")),
        Some("close") => Some(crate::i18n::fr(
            "staff-campaigns-campagne-close-son-formulaire-laisse",
        )),
        Some("ouverte") => Some(crate::i18n::fr(
            "staff-campaigns-campagne-rouverte-elle-recoit-nouveau",
        )),
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
    /// The campaign's image (its address and text alternative), when it
    /// has one; and the image form's errors.
    image: Option<(String, String)>,
    image_errors: Vec<(&'static str, String)>,
    /// The image form's text alternative as typed.
    image_alt: String,
}

impl FormPage {
    fn error(&self, field: &str) -> Option<&str> {
        forms::message(&self.errors, field)
    }

    /// The campaign's own language (French for a new one).
    fn own_lang(&self) -> &str {
        match self.input.lang.trim() {
            "" => crate::i18n::Lang::FR.code(),
            code => code,
        }
    }

    /// Every language: its code and its name in itself.
    fn languages(&self) -> Vec<(&'static str, String)> {
        crate::i18n::Lang::all()
            .map(|l| (l.code(), l.t("language-name")))
            .collect()
    }

    /// The languages a translation may be given in.
    fn other_languages(&self) -> Vec<(&'static str, String)> {
        let own = self.own_lang().to_owned();
        self.languages()
            .into_iter()
            .filter(|(code, _)| *code != own)
            .collect()
    }

    /// The name of the campaign's own language.
    fn own_lang_name(&self) -> String {
        crate::i18n::Lang::parse(self.own_lang())
            .unwrap_or_default()
            .t("language-name")
    }

    fn text_error(&self, field: &str, code: &str) -> Option<&str> {
        let name = format!("{field}_{code}");
        self.errors
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, m)| m.as_str())
    }

    /// The campaign has `field` in its own language and not yet in `code`
    /// (readers of `code` get the campaign's own: said to staff).
    fn lacks(&self, field: &str, code: &str) -> bool {
        let own = match field {
            "thanks_markdown" => &self.input.thanks_markdown,
            _ => &self.input.amount_labels,
        };
        !own.trim().is_empty() && self.input.text(field, code).trim().is_empty()
    }

    fn image_error(&self, field: &str) -> Option<&str> {
        forms::message(&self.image_errors, field)
    }

    /// A one-line field, by name (the template asks only for names it has).
    fn field(&self, name: &str) -> Option<&TextField> {
        self.fields.iter().find(|f| f.name == name)
    }
}

async fn form_page(
    state: &AppState,
    headers: &HeaderMap,
    id: Option<i64>,
    input: CampaignInput,
    errors: Vec<(&'static str, String)>,
    preview: bool,
) -> Result<Response, AppError> {
    form_page_with_image(
        state,
        headers,
        id,
        input,
        errors,
        preview,
        ImageTyped::default(),
    )
    .await
}

/// The image form as typed, and its errors.
#[derive(Default)]
struct ImageTyped {
    alt: String,
    errors: Vec<(&'static str, String)>,
}

async fn form_page_with_image(
    state: &AppState,
    headers: &HeaderMap,
    id: Option<i64>,
    input: CampaignInput,
    errors: Vec<(&'static str, String)>,
    preview: bool,
    typed: ImageTyped,
) -> Result<Response, AppError> {
    let image = match id {
        Some(id) => {
            let slug = state
                .store
                .campaign_by_id(id)
                .await?
                .map(|p| p.campaign.slug.as_str().to_owned())
                .unwrap_or_default();
            state
                .store
                .campaign_image_meta(id)
                .await?
                .map(|(sha, alt)| (crate::web::pages::campaign_image_url(&slug, &sha), alt))
        }
        None => None,
    };
    let preview = preview.then(|| crate::domain::markdown::render(&input.body_markdown));
    let field = |name, label, kind, value: &str, hint| {
        TextField::new(name, label, kind, value, hint, &errors)
    };
    let fields = vec![
        field(
            "slug",
            crate::i18n::fr("staff-campaigns-slug-label"),
            "text",
            &input.slug,
            crate::i18n::fr("staff-campaigns-minuscules-sans-accent-chiffres-tirets"),
        ),
        field(
            "title",
            crate::i18n::fr("staff-campaigns-title-label"),
            "text",
            &input.title,
            "",
        ),
        field(
            "goal_amount",
            crate::i18n::fr("staff-campaigns-objectif-euros"),
            "text",
            &input.goal_amount,
            crate::i18n::fr("staff-campaigns-si-objectif-est-montant"),
        ),
        field(
            "goal_donors",
            crate::i18n::fr("staff-campaigns-objectif-nombre-donateurs"),
            "text",
            &input.goal_donors,
            crate::i18n::fr("staff-campaigns-si-objectif-est-nombre-donateurs"),
        ),
        field(
            "starts_on",
            crate::i18n::fr("staff-campaigns-first-day"),
            "date",
            &input.starts_on,
            "",
        ),
        field(
            "ends_on",
            crate::i18n::fr("staff-campaigns-last-day"),
            "date",
            &input.ends_on,
            crate::i18n::fr("staff-campaigns-campagne-se-termine-minuit-heure"),
        ),
        field(
            "suggested_amounts",
            crate::i18n::fr("staff-campaigns-montants-suggeres-euros"),
            "text",
            &input.suggested_amounts,
            crate::i18n::fr("staff-campaigns-separes-espaces-exemple-10-30"),
        ),
    ];
    let form = csrf::issue(&state.secret, headers, state.secure_cookies());
    let has_errors = !errors.is_empty();
    let has_errors = has_errors || !typed.errors.is_empty();
    let page = FormPage {
        demo: state.chrome(),
        csrf_token: form.token,
        id,
        input,
        fields,
        errors,
        preview,
        image_alt: if typed.alt.is_empty() {
            image
                .as_ref()
                .map(|(_, alt)| alt.clone())
                .unwrap_or_default()
        } else {
            typed.alt
        },
        image,
        image_errors: typed.errors,
    };
    Ok(forms::form_page(page, has_errors, form.set_cookie))
}

/// `GET /admin/campaigns/new`
pub(super) async fn show_new_campaign(
    State(state): State<AppState>,
    _staff: Staff<AdminOnly>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    form_page(
        &state,
        &headers,
        None,
        CampaignInput::initial(OffsetDateTime::now_utc()),
        Vec::new(),
        false,
    )
    .await
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

const SLUG_TAKEN: &str = "staff-campaigns-slug-taken";

/// `POST /admin/campaigns/new`
pub(super) async fn create_campaign(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm { user, form, .. }: StaffForm<AdminOnly, CampaignForm>,
) -> Result<Response, AppError> {
    if !form.preview.is_empty() {
        return form_page(&state, &headers, None, form.input, Vec::new(), true).await;
    }
    let settings = match form
        .input
        .validate(&crate::domain::campaign_form::Languages(
            &crate::i18n::codes(),
        )) {
        Ok(settings) => settings,
        Err(errors) => {
            return form_page(
                &state,
                &headers,
                None,
                form.input,
                forms::error_list(&errors),
                false,
            )
            .await;
        }
    };
    let now = OffsetDateTime::now_utc();
    let created = match state.store.create_campaign(&settings, now).await {
        Ok(created) => created,
        Err(StoreError::Conflict(_)) => {
            return form_page(
                &state,
                &headers,
                None,
                form.input,
                vec![("slug", crate::i18n::fr(SLUG_TAKEN).to_owned())],
                false,
            )
            .await;
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
    form_page(
        &state,
        &headers,
        Some(id),
        CampaignInput::from_campaign(&progress.campaign),
        Vec::new(),
        false,
    )
    .await
}

/// `POST /admin/campaigns/{id}`
pub(super) async fn update_campaign(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    StaffForm { user, form, .. }: StaffForm<AdminOnly, CampaignForm>,
) -> Result<Response, AppError> {
    if !form.preview.is_empty() {
        return form_page(&state, &headers, Some(id), form.input, Vec::new(), true).await;
    }
    let settings: NewCampaign = match form
        .input
        .validate(&crate::domain::campaign_form::Languages(
            &crate::i18n::codes(),
        )) {
        Ok(settings) => settings,
        Err(errors) => {
            return form_page(
                &state,
                &headers,
                Some(id),
                form.input,
                forms::error_list(&errors),
                false,
            )
            .await;
        }
    };
    let now = OffsetDateTime::now_utc();
    match state.store.update_campaign(id, &settings, now).await {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => {
            return form_page(
                &state,
                &headers,
                Some(id),
                form.input,
                vec![("slug", crate::i18n::fr(SLUG_TAKEN).to_owned())],
                false,
            )
            .await;
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

/// Largest campaign image accepted.
pub(super) const MAX_CAMPAIGN_IMAGE_BYTES: usize = 2 * 1024 * 1024;

/// An uploaded image's type, from its first bytes: PNG or JPEG only.
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// `POST /admin/campaigns/{id}/image` (multipart: `image`, `alt`, `remove`):
/// sets the image at the top of the campaign's page and in its link
/// previews, with the text that says what it shows; or removes it.
pub(super) async fn save_campaign_image(
    State(state): State<AppState>,
    Staff { user, .. }: Staff<AdminOnly>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, AppError> {
    let Some(progress) = state.store.campaign_by_id(id).await? else {
        return Err(AppError::NotFound);
    };
    let (mut csrf_token, mut alt, mut bytes, mut remove) =
        (String::new(), String::new(), Vec::new(), false);
    let bad_form = |_| AppError::Forbidden;
    while let Some(field) = multipart.next_field().await.map_err(bad_form)? {
        match field.name().unwrap_or_default() {
            "image" => bytes = field.bytes().await.map_err(bad_form)?.to_vec(),
            "csrf_token" => csrf_token = field.text().await.map_err(bad_form)?,
            "alt" => alt = field.text().await.map_err(bad_form)?,
            "remove" => remove = true,
            _ => {}
        }
    }
    if !csrf::verify(&state.secret, &headers, &csrf_token) {
        return Err(AppError::Forbidden);
    }
    let now = OffsetDateTime::now_utc();
    let back = || {
        private_page(
            Redirect::to(&format!("/admin/campaigns/{id}?image")).into_response(),
            None,
        )
    };
    if remove {
        state.store.set_campaign_image(id, None, now).await?;
        audit_image(&state, &user, &progress, "campaign.image_removed", now).await?;
        return Ok(back());
    }
    let alt = crate::domain::donation::clean_text(&alt, false);
    let mut errors = Vec::new();
    let content_type = if bytes.is_empty() {
        errors.push((
            "image",
            crate::i18n::fr("staff-campaigns-choisissez-image-png-ou-jpeg").to_owned(),
        ));
        None
    } else if bytes.len() > MAX_CAMPAIGN_IMAGE_BYTES {
        errors.push((
            "image",
            crate::i18n::fr("staff-campaigns-image-depasse-2-mo-reduisez").to_owned(),
        ));
        None
    } else {
        let kind = image_type(&bytes);
        if kind.is_none() {
            errors.push((
                "image",
                crate::i18n::fr("staff-campaigns-envoyez-image-format-png-ou").to_owned(),
            ));
        }
        kind
    };
    if alt.is_empty() {
        errors.push((
            "alt",
            crate::i18n::fr("staff-campaigns-decrivez-image-quelques-mots-c").to_owned(),
        ));
    } else if alt.chars().count() > 200 {
        errors.push((
            "alt",
            crate::i18n::fr("staff-campaigns-200-caracteres-plus").to_owned(),
        ));
    }
    let Some(content_type) = content_type.filter(|_| errors.is_empty()) else {
        return form_page_with_image(
            &state,
            &headers,
            Some(id),
            CampaignInput::from_campaign(&progress.campaign),
            Vec::new(),
            false,
            ImageTyped { alt, errors },
        )
        .await;
    };
    use sha2::Digest;
    let image = crate::store::CampaignImage {
        content_type: content_type.to_owned(),
        sha256: hex::encode(sha2::Sha256::digest(&bytes)),
        bytes,
        alt,
    };
    state
        .store
        .set_campaign_image(id, Some(&image), now)
        .await?;
    audit_image(&state, &user, &progress, "campaign.image_set", now).await?;
    Ok(back())
}

async fn audit_image(
    state: &AppState,
    user: &crate::store::StaffUser,
    progress: &crate::store::CampaignProgress,
    what: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    state
        .store
        .audit(
            Some(user.id),
            &user.email,
            what,
            &format!("campaign:{}", progress.campaign.slug.as_str()),
            now,
        )
        .await?;
    Ok(())
}
