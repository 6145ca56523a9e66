//! The bar at the top of every staff page: the pages the signed-in member's
//! role opens, who is signed in, and the sign-out button.
//!
//! The staff router's [`frame`] middleware finds the signed-in member once per
//! request, hands them to the [`super::Staff`] extractor (no second lookup)
//! and sets the bar for the request's task, where [`crate::web::AppState::chrome`]
//! reads it: every staff page gets it without each handler passing it on.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

use super::accounts;
use crate::store::{Role, StaffUser};
use crate::web::{AppState, csrf};

/// The signed-in member (or nobody), found by [`frame`] for the request.
#[derive(Clone)]
pub(super) struct SignedIn(pub Option<StaffUser>);

/// One link of the bar.
pub struct NavLink {
    pub href: &'static str,
    /// In French, from the translation files (staff pages are French).
    pub label: String,
    /// The page shown is this one, or one below it.
    pub current: bool,
}

/// The bar of a staff page.
#[derive(Debug)]
pub struct StaffNav {
    pub email: String,
    pub role: Role,
    /// The sign-out form's token.
    pub csrf_token: String,
    /// The path of the page shown.
    path: String,
}

/// The pages of the staff side (address, the message key of its label), each
/// with the roles it opens to (besides administrators), in the bar's order.
const PAGES: &[(&str, &str, &[Role])] = &[
    (
        "/admin",
        "staff-nav-home",
        &[Role::Finance, Role::Moderator],
    ),
    ("/admin/donations", "staff-nav-donations", &[Role::Finance]),
    (
        "/admin/subscriptions",
        "staff-nav-monthly",
        &[Role::Finance],
    ),
    ("/admin/receipts", "staff-nav-receipts", &[Role::Finance]),
    ("/admin/exports", "staff-nav-exports", &[Role::Finance]),
    ("/admin/bank", "staff-nav-bank", &[Role::Finance]),
    ("/admin/events", "staff-nav-events", &[Role::Finance]),
    (
        "/admin/guestbook",
        "staff-nav-guestbook",
        &[Role::Moderator],
    ),
    ("/admin/campaigns", "staff-nav-campaigns", &[]),
    ("/admin/organisation", "staff-nav-organisation", &[]),
    ("/admin/users", "staff-nav-users", &[]),
];

impl StaffNav {
    /// The pages this member's role opens, the one shown marked.
    pub fn links(&self) -> Vec<NavLink> {
        PAGES
            .iter()
            .filter(|(_, _, roles)| self.role.may(roles))
            .map(|&(href, key, _)| NavLink {
                href,
                label: crate::i18n::Lang::FR.t(key),
                current: if href == "/admin" {
                    self.path == "/admin"
                } else {
                    self.path == href || self.path.starts_with(&format!("{href}/"))
                },
            })
            .collect()
    }

    pub fn role_label(&self) -> &'static str {
        self.role.label()
    }

    pub fn on_password_page(&self) -> bool {
        self.path == "/admin/password"
    }
}

tokio::task_local! {
    static BAR: Arc<StaffNav>;
}

/// The bar of the staff page being served on this task, if any.
pub fn current() -> Option<Arc<StaffNav>> {
    BAR.try_with(Arc::clone).ok()
}

/// Finds the signed-in member once, for the extractors and the bar.
pub(super) async fn frame(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    // An error here is met again, and answered, by the handler's extractor.
    let user = accounts::current_staff(&state, &session)
        .await
        .ok()
        .flatten();
    request.extensions_mut().insert(SignedIn(user.clone()));
    let Some(user) = user else {
        return next.run(request).await;
    };
    let csrf_token = csrf::cookie_value(request.headers())
        .map(|cookie| csrf::token_for(&state.secret, &cookie))
        .unwrap_or_default();
    let bar = Arc::new(StaffNav {
        email: user.email,
        role: user.role,
        csrf_token,
        path: request.uri().path().to_owned(),
    });
    BAR.scope(bar, next.run(request)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(role: Role, path: &str) -> StaffNav {
        StaffNav {
            email: "a@example.org".to_owned(),
            role,
            csrf_token: String::new(),
            path: path.to_owned(),
        }
    }

    #[test]
    fn each_role_sees_the_pages_it_may_open_and_where_it_is() {
        let labels = |nav: &StaffNav| nav.links().into_iter().map(|l| l.label).collect::<Vec<_>>();
        assert_eq!(
            labels(&bar(Role::Moderator, "/admin")),
            ["Accueil", "Livre d'or"]
        );
        assert_eq!(
            labels(&bar(Role::Finance, "/admin")),
            [
                "Accueil",
                "Dons",
                "Dons mensuels",
                "Reçus fiscaux",
                "Exports",
                "Banque",
                "Paiements"
            ]
        );
        assert_eq!(labels(&bar(Role::Admin, "/admin")).len(), PAGES.len());
        let current = |nav: &StaffNav| {
            nav.links()
                .into_iter()
                .filter(|l| l.current)
                .map(|l| l.label)
                .collect::<Vec<_>>()
        };
        assert_eq!(current(&bar(Role::Admin, "/admin")), ["Accueil"]);
        assert_eq!(current(&bar(Role::Admin, "/admin/donations/abc")), ["Dons"]);
        assert_eq!(
            current(&bar(Role::Admin, "/admin/donationsx")),
            Vec::<&str>::new()
        );
        assert_eq!(
            current(&bar(Role::Admin, "/admin/receipts/declaration")),
            ["Reçus fiscaux"]
        );
    }
}
