//! The rules of the platform, as pure code: no web framework, no database, no I/O.

pub mod campaign;
pub mod campaign_form;
pub mod dates;
pub mod donation;
pub mod guestbook;
pub mod lifecycle;
pub mod markdown;
pub mod money;
pub mod offline;
pub mod receipt;
pub mod refund;
pub mod reminder;
pub mod search;
pub mod staff;
pub mod tax;
pub mod words;

/// A stored value the domain does not know (a status, a kind): the store
/// reads each such value once, at its edge, and refuses what it cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what}: {value:?}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
}
