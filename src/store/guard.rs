//! The pools' release check: a connection never goes back to a pool inside a
//! transaction.
//!
//! A future dropped at the wrong `.await` (its request cancelled) can leave a
//! connection whose `BEGIN` ran but whose transaction guard was never built:
//! sqlx 0.8 does this when a custom `BEGIN IMMEDIATE` is cancelled between the
//! statement and its check. Handed to the next caller, that connection refuses
//! every transaction (« attempted to call begin_with at non-zero transaction
//! depth »), holds SQLite's write lock, and loses whatever it writes. Requests
//! run to their end on their own tasks (`web::server`), so this should not
//! happen; if it does anyway, the connection is closed — which rolls the
//! transaction back — and the pool opens a fresh one.

use futures_util::future::BoxFuture;
use sqlx::Connection;
use sqlx::pool::PoolConnectionMetadata;

/// `after_release` of every pool: flushes what the connection has queued (a
/// dropped transaction's rollback), then keeps it only if no transaction is open.
pub(super) fn keep_if_idle<C: Connection>(
    conn: &mut C,
    _meta: PoolConnectionMetadata,
) -> BoxFuture<'_, Result<bool, sqlx::Error>> {
    Box::pin(async move {
        conn.ping().await?;
        if conn.is_in_transaction() {
            tracing::error!(
                "a database connection came back inside a transaction: closed, which rolls it back"
            );
            return Ok(false);
        }
        Ok(true)
    })
}
