//! The pools' acquire check: no caller is ever handed a connection inside a
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
//!
//! Checked when a connection is taken, not when it is given back: sqlx's own
//! release ping has by then run whatever the connection had queued (the
//! rollback of a transaction dropped the usual way), so the check is a read of
//! a counter, with no round trip of its own.

use futures_util::future::BoxFuture;
use sqlx::Connection;
use sqlx::pool::PoolConnectionMetadata;

/// `before_acquire` of every pool: hands the connection out only if no
/// transaction is open on it (else it is closed, and another one taken).
pub(super) fn keep_if_idle<C: Connection>(
    conn: &mut C,
    _meta: PoolConnectionMetadata,
) -> BoxFuture<'_, Result<bool, sqlx::Error>> {
    let idle = !conn.is_in_transaction();
    if !idle {
        tracing::error!(
            "a pooled database connection was left inside a transaction: closed, which rolls it back"
        );
    }
    Box::pin(std::future::ready(Ok(idle)))
}
