//! Group commit for payment confirmations.
//!
//! Confirmations that arrive together (a burst of webhooks, the end-of-year rush)
//! are written in one transaction with one statement per table instead of one
//! transaction each: a busy instance pays one commit, and a handful of round
//! trips, per batch. An idle one runs a batch of one, as before.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::{Semaphore, mpsc, oneshot};

use super::{ConfirmRequest, Confirmation, StoreError, StoreResult};

/// Requests taken into one transaction at most.
pub(super) const MAX_BATCH: usize = 64;

/// Confirms a batch of payments in one transaction; one result per request, in
/// order. An error of the whole batch (the database unreachable, a conflict) is
/// the outer error.
pub(super) trait ConfirmBatch {
    fn confirm_batch(
        &self,
        batch: &[ConfirmRequest],
    ) -> impl Future<Output = StoreResult<Vec<StoreResult<Confirmation>>>> + Send;
}

type Reply = oneshot::Sender<StoreResult<Confirmation>>;

/// Queues confirmations for a task that writes them in batches. The task ends
/// when the batcher is dropped.
pub(super) struct Batcher {
    queue: mpsc::UnboundedSender<(ConfirmRequest, Reply)>,
}

impl Batcher {
    /// `store` writes the batches, up to `parallel` at once; it must not itself
    /// send to a batcher.
    pub fn start<S>(store: S, parallel: usize) -> Batcher
    where
        S: ConfirmBatch + Send + Sync + 'static,
    {
        let (queue, requests) = mpsc::unbounded_channel();
        tokio::spawn(run(Arc::new(store), requests, parallel.max(1)));
        Batcher { queue }
    }

    pub async fn confirm(&self, request: ConfirmRequest) -> StoreResult<Confirmation> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send((request, reply))
            .map_err(|_| StoreError::Database(sqlx::Error::PoolClosed))?;
        answer
            .await
            .map_err(|_| StoreError::Database(sqlx::Error::WorkerCrashed))?
    }
}

async fn run<S: ConfirmBatch + Send + Sync + 'static>(
    store: Arc<S>,
    mut requests: mpsc::UnboundedReceiver<(ConfirmRequest, Reply)>,
    parallel: usize,
) {
    let slots = Arc::new(Semaphore::new(parallel));
    while let Some(first) = requests.recv().await {
        // Wait for a free slot first: meanwhile more requests join this batch.
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return;
        };
        let mut batch = Vec::with_capacity(MAX_BATCH);
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match requests.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            write(&*store, batch).await;
            drop(slot);
        });
    }
}

async fn write<S: ConfirmBatch>(store: &S, batch: Vec<(ConfirmRequest, Reply)>) {
    let (wanted, replies): (Vec<ConfirmRequest>, Vec<Reply>) = batch.into_iter().unzip();
    match store.confirm_batch(&wanted).await {
        Ok(results) => {
            for (reply, result) in replies.into_iter().zip(results) {
                let _ = reply.send(result);
            }
        }
        // One request's trouble must not fail the others: each alone.
        Err(err) if wanted.len() > 1 => {
            tracing::warn!(error = %err, size = wanted.len(), "confirmation batch failed; confirming one by one");
            for (request, reply) in wanted.iter().zip(replies) {
                let result = match store.confirm_batch(std::slice::from_ref(request)).await {
                    Ok(mut results) => results.pop().unwrap_or(Err(StoreError::NotFound)),
                    Err(err) => Err(err),
                };
                let _ = reply.send(result);
            }
        }
        Err(err) => {
            if let Some(reply) = replies.into_iter().next() {
                let _ = reply.send(Err(err));
            }
        }
    }
}
