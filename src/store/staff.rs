//! Staff accounts, invitations and the audit log.
//!
//! The trait, then its SQL (written once for both backends: the macro is
//! expanded for SQLite and for PostgreSQL by `sql::impl_store!`).

use super::*;

/// Staff accounts, invitations and the audit log.
#[async_trait]
pub trait StaffStore: Send + Sync {
    async fn has_active_admin(&self) -> StoreResult<bool>;

    async fn create_invitation(
        &self,
        invitation: &NewInvitation,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

    /// The unexpired, unused invitation with this token hash.
    async fn invitation(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Invitation>>;

    /// Uses an invitation once: creates the account (or sets the password of the
    /// account with that address) with the invitation's role. `NotFound` if the
    /// link is unknown, used or expired.
    async fn accept_invitation(
        &self,
        token_hash: &str,
        email: &str,
        password_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<StaffUser>;

    async fn staff_by_email(&self, email: &str) -> StoreResult<Option<StaffUser>>;

    async fn staff_by_id(&self, id: i64) -> StoreResult<Option<StaffUser>>;

    async fn staff_logged_in(&self, id: i64, now: OffsetDateTime) -> StoreResult<()>;

    async fn set_staff_password(&self, id: i64, password_hash: &str) -> StoreResult<()>;

    /// Every staff account, by address: `(user, last login)`.
    async fn list_staff(&self) -> StoreResult<Vec<(StaffUser, Option<OffsetDateTime>)>>;

    /// Disables an account; false if it was already disabled or does not exist.
    async fn disable_staff(&self, id: i64, now: OffsetDateTime) -> StoreResult<bool>;

    /// Appends to the audit log: who (`actor`, and a label that survives the
    /// account), did what, to what.
    async fn audit(
        &self,
        actor: Option<i64>,
        actor_label: &str,
        action: &str,
        target: &str,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

    /// The latest audit entries, newest first: `(actor_label, action, target)`.
    async fn recent_audit(&self, limit: i64) -> StoreResult<Vec<(String, String, String)>>;
}

macro_rules! impl_staff_store {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::StaffStore for $store {
            async fn has_active_admin(&self) -> $crate::store::StoreResult<bool> {
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM staff_users WHERE role = 'admin' AND disabled_at IS NULL \
                     AND password_hash IS NOT NULL",
                )
                .fetch_one(&self.pool)
                .await?;
                Ok(n > 0)
            }

            async fn create_invitation(
                &self,
                inv: &$crate::store::NewInvitation,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                use $crate::store::sql::ts;
                sqlx::query(
                    "INSERT INTO staff_invitations (token_hash, purpose, email, role, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&inv.token_hash)
                .bind(inv.purpose)
                .bind(inv.email.as_deref())
                .bind(inv.role.as_str())
                .bind(ts(now))
                .bind(ts(inv.expires_at))
                .execute(&self.writer)
                .await?;
                Ok(())
            }

            async fn invitation(
                &self,
                token_hash: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<Option<$crate::store::Invitation>> {
                let row: Option<(Option<String>, String)> = sqlx::query_as(
                    "SELECT email, role FROM staff_invitations WHERE token_hash = $1 AND used_at IS NULL \
                     AND expires_at > $2",
                )
                .bind(token_hash)
                .bind($crate::store::sql::ts(now))
                .fetch_optional(&self.pool)
                .await?;
                row.map(|(email, role)| {
                    let role = $crate::store::Role::try_from(role)
                        .map_err(|e| $crate::store::StoreError::Corrupt(format!("invitation: {e}")))?;
                    Ok($crate::store::Invitation { email, role })
                })
                .transpose()
            }

            async fn accept_invitation(
                &self,
                token_hash: &str,
                email: &str,
                password_hash: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<$crate::store::StaffUser> {
                let now = $crate::store::sql::ts(now);
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                // Used in the same statement that checks it: a link works once.
                let role: Option<String> = sqlx::query_scalar(
                    "UPDATE staff_invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL \
                     AND expires_at > $1 RETURNING role",
                )
                .bind(now)
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(role) = role else {
                    return Err($crate::store::StoreError::NotFound);
                };
                let user: $crate::store::StaffUser = sqlx::query_as(
                    "INSERT INTO staff_users (email, role, password_hash, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (email) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role \
                     RETURNING id, email, role, password_hash, disabled_at IS NOT NULL AS disabled",
                )
                .bind(email)
                .bind(&role)
                .bind(password_hash)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO audit_log (at, actor_id, actor_label, action, target, detail) \
                     VALUES ($1, $2, $3, 'account.password_set', $3, $4)",
                )
                .bind(now)
                .bind(user.id)
                .bind(&user.email)
                .bind(&role)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(user)
            }

            async fn staff_by_email(&self, email: &str) -> $crate::store::StoreResult<Option<$crate::store::StaffUser>> {
                Ok(sqlx::query_as(
                    "SELECT id, email, role, password_hash, disabled_at IS NOT NULL AS disabled \
                     FROM staff_users WHERE email = $1",
                )
                .bind(email)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn staff_by_id(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::StaffUser>> {
                Ok(sqlx::query_as(
                    "SELECT id, email, role, password_hash, disabled_at IS NOT NULL AS disabled \
                     FROM staff_users WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn staff_logged_in(&self, id: i64, now: time::OffsetDateTime) -> $crate::store::StoreResult<()> {
                sqlx::query("UPDATE staff_users SET last_login_at = $1 WHERE id = $2")
                    .bind($crate::store::sql::ts(now))
                    .bind(id)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn set_staff_password(&self, id: i64, password_hash: &str) -> $crate::store::StoreResult<()> {
                sqlx::query("UPDATE staff_users SET password_hash = $1 WHERE id = $2")
                    .bind(password_hash)
                    .bind(id)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn list_staff(
                &self,
            ) -> $crate::store::StoreResult<Vec<($crate::store::StaffUser, Option<time::OffsetDateTime>)>> {
                let rows: Vec<(i64, String, String, Option<String>, bool, Option<time::OffsetDateTime>)> = sqlx::query_as(
                    "SELECT id, email, role, password_hash, disabled_at IS NOT NULL, last_login_at \
                     FROM staff_users ORDER BY email",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(id, email, role, password_hash, disabled, last)| {
                        let role = $crate::store::Role::try_from(role)
                            .map_err(|e| $crate::store::StoreError::Corrupt(format!("staff {id}: {e}")))?;
                        Ok(($crate::store::StaffUser { id, email, role, password_hash, disabled }, last))
                    })
                    .collect()
            }

            async fn disable_staff(&self, id: i64, now: time::OffsetDateTime) -> $crate::store::StoreResult<bool> {
                let done = sqlx::query("UPDATE staff_users SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL")
                    .bind($crate::store::sql::ts(now))
                    .bind(id)
                    .execute(&self.writer)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn audit(
                &self,
                actor: Option<i64>,
                actor_label: &str,
                action: &str,
                target: &str,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO audit_log (at, actor_id, actor_label, action, target) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind($crate::store::sql::ts(now))
                .bind(actor)
                .bind(actor_label)
                .bind(action)
                .bind(target)
                .execute(&self.writer)
                .await?;
                Ok(())
            }

            async fn recent_audit(&self, limit: i64) -> $crate::store::StoreResult<Vec<(String, String, String)>> {
                Ok(sqlx::query_as(
                    "SELECT actor_label, action, target FROM audit_log ORDER BY id DESC LIMIT $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }
        }
    };
}
pub(crate) use impl_staff_store;
