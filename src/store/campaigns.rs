//! Campaigns and their live totals.
//!
//! The trait, then its SQL (written once for both backends: the macro is
//! expanded for SQLite and for PostgreSQL by `sql::impl_store!`).

use super::*;

/// Campaigns and their live totals.
#[async_trait]
pub trait CampaignStore: Send + Sync {
    async fn count_campaigns(&self) -> StoreResult<i64>;

    /// Creates a campaign with zero totals. `Conflict` if the slug is taken.
    async fn create_campaign(
        &self,
        campaign: &NewCampaign,
        now: OffsetDateTime,
    ) -> StoreResult<Campaign>;

    async fn campaign_by_slug(&self, slug: &str) -> StoreResult<Option<CampaignProgress>>;

    async fn campaign_by_id(&self, id: i64) -> StoreResult<Option<CampaignProgress>>;

    /// Forwards the ids of campaigns whose totals another instance changed
    /// (PostgreSQL LISTEN/NOTIFY). Returns false where there is no such thing
    /// (SQLite: one instance).
    async fn listen_progress(
        &self,
        changed: tokio::sync::mpsc::UnboundedSender<i64>,
    ) -> StoreResult<bool>;

    /// Every campaign with its totals, newest start first.
    async fn list_campaigns(&self) -> StoreResult<Vec<CampaignProgress>>;

    /// Changes a campaign's settings; its totals stay. `Conflict` if the new
    /// slug is taken.
    async fn update_campaign(
        &self,
        id: i64,
        campaign: &NewCampaign,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

    /// Closes a campaign (its form gives way to a thank-you, its bar keeps the
    /// totals it had), or opens it again with `closed = false` (the bar then shows
    /// everything received, closed or not).
    async fn set_campaign_closed(
        &self,
        id: i64,
        closed: bool,
        now: OffsetDateTime,
    ) -> StoreResult<()>;

    /// The campaign's image, if it has one.
    async fn campaign_image(&self, campaign_id: i64) -> StoreResult<Option<CampaignImage>>;

    /// What a page needs of the campaign's image: its hash (its version in
    /// the address) and its text alternative, without the bytes.
    async fn campaign_image_meta(&self, campaign_id: i64) -> StoreResult<Option<(String, String)>>;

    /// Sets the campaign's image, or removes it with `None`.
    async fn set_campaign_image(
        &self,
        campaign_id: i64,
        image: Option<&CampaignImage>,
        now: OffsetDateTime,
    ) -> StoreResult<()>;
}

macro_rules! impl_campaigns_store {
    (
        $store:ty,
        backend = $backend:literal,
        migrator = $migrator:expr,
        begin_write = |$pool:ident| $begin:expr,
        claim_lock = $claim_lock:literal,
        row_lock = $row_lock:literal
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::CampaignStore for $store {
            async fn count_campaigns(&self) -> $crate::store::StoreResult<i64> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM campaigns").fetch_one(&self.pool).await?)
            }

            async fn create_campaign(
                &self,
                c: &$crate::store::NewCampaign,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<$crate::domain::campaign::Campaign> {
                use $crate::store::sql::ts;
                let now = ts(now);
                let mut tx = self.writer.begin().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO campaigns (slug, title, body_markdown, goal_kind, goal_cents, goal_donors, \
                     starts_at, ends_at, suggested_amounts, monthly_counting, created_at, updated_at, lang, translations, \
                     thanks_markdown, amount_labels) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $15) RETURNING id",
                )
                .bind(c.slug.as_str())
                .bind(&c.title)
                .bind(&c.body_markdown)
                .bind(c.goal.kind())
                .bind(c.goal.cents().get())
                .bind(c.goal.donors())
                .bind(ts(c.starts_at))
                .bind(ts(c.ends_at))
                .bind($crate::store::rows::encode_amounts(&c.suggested_amounts))
                .bind(c.monthly_counting.as_str())
                .bind(now)
                .bind(&c.lang)
                .bind(c.translations.to_json())
                .bind(&c.thanks_markdown)
                .bind($crate::store::rows::encode_labels(&c.amount_labels))
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query("INSERT INTO campaign_totals (campaign_id, shard, updated_at) VALUES ($1, 0, $2)")
                    .bind(id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok($crate::domain::campaign::Campaign {
                    id,
                    slug: c.slug.clone(),
                    title: c.title.clone(),
                    body_markdown: c.body_markdown.clone(),
                    goal: c.goal,
                    starts_at: ts(c.starts_at),
                    ends_at: ts(c.ends_at),
                    suggested_amounts: c.suggested_amounts.clone(),
                    monthly_counting: c.monthly_counting,
                    closed_at: None,
                    lang: c.lang.clone(),
                    thanks_markdown: c.thanks_markdown.clone(),
                    amount_labels: c.amount_labels.clone(),
                    translations: c.translations.clone(),
                })
            }

            async fn campaign_by_slug(
                &self,
                slug: &str,
            ) -> $crate::store::StoreResult<Option<$crate::store::CampaignProgress>> {
                let sql = format!("{} WHERE c.slug = $1", $crate::store::sql::CAMPAIGN_SELECT);
                let row: Option<$crate::store::rows::CampaignRow> =
                    sqlx::query_as(&sql).bind(slug).fetch_optional(&self.pool).await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn campaign_by_id(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::CampaignProgress>> {
                let sql = format!("{} WHERE c.id = $1", $crate::store::sql::CAMPAIGN_SELECT);
                let row: Option<$crate::store::rows::CampaignRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn update_campaign(
                &self,
                id: i64,
                c: &$crate::store::NewCampaign,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                use $crate::store::sql::ts;
                let done = sqlx::query(
                    "UPDATE campaigns SET slug = $1, title = $2, body_markdown = $3, goal_kind = $4, goal_cents = $5, \
                     goal_donors = $6, starts_at = $7, ends_at = $8, suggested_amounts = $9, monthly_counting = $10, \
                     updated_at = $11, lang = $13, translations = $14, thanks_markdown = $15, amount_labels = $16 \
                     WHERE id = $12",
                )
                .bind(c.slug.as_str())
                .bind(&c.title)
                .bind(&c.body_markdown)
                .bind(c.goal.kind())
                .bind(c.goal.cents().get())
                .bind(c.goal.donors())
                .bind(ts(c.starts_at))
                .bind(ts(c.ends_at))
                .bind($crate::store::rows::encode_amounts(&c.suggested_amounts))
                .bind(c.monthly_counting.as_str())
                .bind(ts(now))
                .bind(id)
                .bind(&c.lang)
                .bind(c.translations.to_json())
                .bind(&c.thanks_markdown)
                .bind($crate::store::rows::encode_labels(&c.amount_labels))
                .execute(&self.writer)
                .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::store::StoreError::NotFound);
                }
                self.totals_changed(id);
                Ok(())
            }

            async fn set_campaign_closed(
                &self,
                id: i64,
                closed: bool,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                let now = $crate::store::sql::ts(now);
                let done = sqlx::query(
                    "UPDATE campaigns SET closed_at = CASE WHEN $1 THEN COALESCE(closed_at, $2) ELSE NULL END, \
                     final_raised_cents = CASE WHEN $1 THEN COALESCE(final_raised_cents, \
                       (SELECT CAST(SUM(raised_cents) AS BIGINT) FROM campaign_totals WHERE campaign_id = $3)) ELSE NULL END, \
                     final_donor_count = CASE WHEN $1 THEN COALESCE(final_donor_count, \
                       (SELECT CAST(SUM(donor_count) AS BIGINT) FROM campaign_totals WHERE campaign_id = $3)) ELSE NULL END, \
                     final_donation_count = CASE WHEN $1 THEN COALESCE(final_donation_count, \
                       (SELECT CAST(SUM(donation_count) AS BIGINT) FROM campaign_totals WHERE campaign_id = $3)) ELSE NULL END, \
                     updated_at = $2 WHERE id = $3",
                )
                .bind(closed)
                .bind(now)
                .bind(id)
                .execute(&self.writer)
                .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::store::StoreError::NotFound);
                }
                self.totals_changed(id);
                Ok(())
            }

            async fn campaign_image(
                &self,
                campaign_id: i64,
            ) -> $crate::store::StoreResult<Option<$crate::store::CampaignImage>> {
                Ok(sqlx::query_as(
                    "SELECT content_type, bytes, alt, sha256 FROM campaign_images WHERE campaign_id = $1",
                )
                .bind(campaign_id)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn campaign_image_meta(
                &self,
                campaign_id: i64,
            ) -> $crate::store::StoreResult<Option<(String, String)>> {
                Ok(sqlx::query_as("SELECT sha256, alt FROM campaign_images WHERE campaign_id = $1")
                    .bind(campaign_id)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn set_campaign_image(
                &self,
                campaign_id: i64,
                image: Option<&$crate::store::CampaignImage>,
                now: time::OffsetDateTime,
            ) -> $crate::store::StoreResult<()> {
                match image {
                    None => {
                        sqlx::query("DELETE FROM campaign_images WHERE campaign_id = $1")
                            .bind(campaign_id)
                            .execute(&self.writer)
                            .await?;
                    }
                    Some(image) => {
                        sqlx::query(
                            "INSERT INTO campaign_images (campaign_id, content_type, bytes, alt, sha256, updated_at) \
                             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (campaign_id) DO UPDATE SET \
                             content_type = excluded.content_type, bytes = excluded.bytes, alt = excluded.alt, \
                             sha256 = excluded.sha256, updated_at = excluded.updated_at",
                        )
                        .bind(campaign_id)
                        .bind(&image.content_type)
                        .bind(&image.bytes)
                        .bind(&image.alt)
                        .bind(&image.sha256)
                        .bind($crate::store::sql::ts(now))
                        .execute(&self.writer)
                        .await?;
                    }
                }
                Ok(())
            }

            async fn listen_progress(&self, changed: tokio::sync::mpsc::UnboundedSender<i64>) -> $crate::store::StoreResult<bool> {
                self.listen(changed).await
            }

            async fn list_campaigns(&self) -> $crate::store::StoreResult<Vec<$crate::store::CampaignProgress>> {
                let sql = format!("{} ORDER BY c.starts_at DESC, c.id DESC", $crate::store::sql::CAMPAIGN_SELECT);
                let rows: Vec<$crate::store::rows::CampaignRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }
        }
    };
}
pub(crate) use impl_campaigns_store;
