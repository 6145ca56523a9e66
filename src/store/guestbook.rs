//! The guestbook: messages, their moderation, what donors edit.
//!
//! The trait, then its SQL (written once for both backends: the macro is
//! expanded for SQLite and for PostgreSQL by `sql::impl_store!`).

use super::*;

/// The guestbook: messages, their moderation, what donors edit.
#[async_trait]
pub trait GuestbookStore: Send + Sync {
    /// Guestbook entries in `status`: the pending queue oldest first, the others
    /// most recently moderated first.
    async fn guestbook_entries(
        &self,
        status: &str,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<GuestbookEntry>>;

    /// How many entries each status holds.
    async fn guestbook_counts(&self) -> StoreResult<Vec<(String, i64)>>;

    /// How many messages wait for a moderator.
    async fn pending_message_count(&self) -> StoreResult<i64> {
        Ok(self
            .guestbook_counts()
            .await?
            .into_iter()
            .find(|(status, _)| status == "pending")
            .map_or(0, |(_, n)| n))
    }

    /// Applies a moderator's decision to the entries it applies to (see
    /// [`Decision::applies_to`]), with one audit row each, in one transaction;
    /// returns the ids changed.
    async fn moderate_guestbook(
        &self,
        ids: &[i64],
        decision: Decision,
        reason: Option<&str>,
        moderator: &StaffUser,
        now: OffsetDateTime,
    ) -> StoreResult<Vec<i64>>;

    /// A campaign's approved messages, newest published first, after `cursor`.
    async fn published_messages(
        &self,
        campaign_id: i64,
        after: Option<Cursor>,
        limit: i64,
    ) -> StoreResult<Vec<PublishedMessage>>;

    /// A donor's messages, except those withdrawn or of unpaid gifts.
    async fn donor_messages(&self, donor_id: i64) -> StoreResult<Vec<GuestbookEntry>>;

    /// The status of the message left with gift `donation_id`
    /// (`awaiting_payment`, `pending`, `approved`…), if one was.
    async fn gift_message_status(&self, donation_id: i64) -> StoreResult<Option<String>>;

    /// A donor edits their message: it goes back to the moderation queue.
    /// False if it is not theirs or cannot be edited.
    async fn edit_message(
        &self,
        donor_id: i64,
        entry_id: i64,
        edit: &MessageEdit,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;

    /// A donor withdraws their message: it leaves every list and its text is erased.
    async fn withdraw_message(
        &self,
        donor_id: i64,
        entry_id: i64,
        now: OffsetDateTime,
    ) -> StoreResult<bool>;
}

macro_rules! impl_guestbook_store {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::GuestbookStore for $store {
            async fn guestbook_entries(
                &self,
                status: &str,
                limit: i64,
                offset: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::GuestbookEntry>> {
                use $crate::store::sql::GUESTBOOK_SELECT;
                let order = if status == "pending" {
                    "g.submitted_at, g.id"
                } else {
                    "g.moderated_at DESC, g.id DESC"
                };
                Ok(sqlx::query_as(&format!(
                    "{GUESTBOOK_SELECT} WHERE g.status = $1 ORDER BY {order} LIMIT $2 OFFSET $3"
                ))
                .bind(status)
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn guestbook_counts(&self) -> $crate::store::StoreResult<Vec<(String, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT status, COUNT(*) FROM guestbook_entries GROUP BY status ORDER BY status",
                )
                .fetch_all(&self.pool)
                .await?)
            }

            async fn moderate_guestbook(
                &self,
                ids: &[i64],
                decision: $crate::domain::guestbook::Decision,
                reason: Option<&str>,
                moderator: &$crate::store::StaffUser,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<Vec<i64>> {
                use $crate::domain::guestbook::Decision;
                use $crate::store::sql::{placeholders, ts};
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let now = ts(now);
                let reason = match decision {
                    Decision::Approve => None,
                    Decision::Reject | Decision::Hide => reason.filter(|r| !r.is_empty()),
                };
                let from = decision.applies_to();
                let sql = format!(
                    "UPDATE guestbook_entries SET status = $1, moderated_at = $2, moderated_by = $3, \
                     rejection_reason = $4 WHERE status IN ({}) AND id IN ({}) RETURNING id",
                    placeholders(5, from.len()),
                    placeholders(5 + from.len(), ids.len())
                );
                let mut tx = {
                    let $pool = &self.writer;
                    $begin.await?
                };
                let mut query = sqlx::query_scalar(&sql)
                    .bind(decision.new_status())
                    .bind(now)
                    .bind(moderator.id)
                    .bind(reason);
                for status in from {
                    query = query.bind(*status);
                }
                for id in ids {
                    query = query.bind(*id);
                }
                let mut changed: Vec<i64> = query.fetch_all(&mut *tx).await?;
                changed.sort_unstable();
                if !changed.is_empty() {
                    let rows = (0..changed.len())
                        .map(|i| format!("($1, $2, $3, $4, $5, ${})", i + 6))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let sql = format!(
                        "INSERT INTO audit_log (at, actor_id, actor_label, action, detail, target) VALUES {rows}"
                    );
                    let mut query = sqlx::query(&sql)
                    .bind(now)
                    .bind(moderator.id)
                    .bind(&moderator.email)
                    .bind(decision.audit_action())
                    .bind(reason.unwrap_or(""));
                    for id in &changed {
                        query = query.bind(format!("guestbook:{id}"));
                    }
                    query.execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(changed)
            }

            async fn published_messages(
                &self,
                campaign_id: i64,
                after: Option<$crate::domain::guestbook::Cursor>,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::PublishedMessage>> {
                // With no cursor, start after the end of time.
                let (at, id) = match after {
                    Some(c) => (
                        time::OffsetDateTime::from_unix_timestamp(c.published_unix)
                            .map_err(|_| $crate::store::StoreError::NotFound)?,
                        c.id,
                    ),
                    None => (time::macros::datetime!(9999-12-31 0:00 UTC), i64::MAX),
                };
                Ok(sqlx::query_as(
                    "SELECT g.id, g.display_name, g.message, \
                     CASE WHEN g.show_amount THEN d.amount_cents ELSE 0 END AS amount_cents, \
                     d.frequency, g.submitted_at, g.moderated_at AS published_at \
                     FROM guestbook_entries g JOIN donations d ON d.id = g.donation_id \
                     WHERE g.campaign_id = $1 AND g.status = 'approved' \
                     AND (g.moderated_at < $2 OR (g.moderated_at = $2 AND g.id < $3)) \
                     ORDER BY g.moderated_at DESC, g.id DESC LIMIT $4",
                )
                .bind(campaign_id)
                .bind($crate::store::sql::ts(at))
                .bind(id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn gift_message_status(
                &self,
                donation_id: i64,
            ) -> $crate::store::StoreResult<Option<String>> {
                Ok(sqlx::query_scalar("SELECT status FROM guestbook_entries WHERE donation_id = $1")
                    .bind(donation_id)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn donor_messages(
                &self,
                donor_id: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::GuestbookEntry>> {
                use $crate::store::sql::GUESTBOOK_SELECT;
                Ok(sqlx::query_as(&format!(
                    "{GUESTBOOK_SELECT} WHERE d.donor_id = $1 \
                     AND g.status IN ('pending', 'approved', 'rejected', 'hidden') ORDER BY g.id DESC"
                ))
                .bind(donor_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn edit_message(
                &self,
                donor_id: i64,
                entry_id: i64,
                edit: &$crate::store::MessageEdit,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<bool> {
                let result = sqlx::query(
                    "UPDATE guestbook_entries SET message = $1, display_name = $2, show_amount = $3, \
                     status = 'pending', submitted_at = $4, moderated_at = NULL, moderated_by = NULL, \
                     rejection_reason = NULL \
                     WHERE id = $5 AND status IN ('pending', 'approved', 'rejected', 'hidden') \
                     AND donation_id IN (SELECT id FROM donations WHERE donor_id = $6)",
                )
                .bind(&edit.message)
                .bind(&edit.display_name)
                .bind(edit.show_amount)
                .bind($crate::store::sql::ts(now))
                .bind(entry_id)
                .bind(donor_id)
                .execute(&self.writer)
                .await?;
                Ok(result.rows_affected() == 1)
            }

            async fn withdraw_message(
                &self,
                donor_id: i64,
                entry_id: i64,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<bool> {
                let result = sqlx::query(
                    "UPDATE guestbook_entries SET status = 'withdrawn', message = '', moderated_at = $1 \
                     WHERE id = $2 AND status IN ('pending', 'approved', 'rejected', 'hidden') \
                     AND donation_id IN (SELECT id FROM donations WHERE donor_id = $3)",
                )
                .bind($crate::store::sql::ts(now))
                .bind(entry_id)
                .bind(donor_id)
                .execute(&self.writer)
                .await?;
                Ok(result.rows_affected() == 1)
            }
        }
    };
}
pub(crate) use impl_guestbook_store;
