//! The rules of the platform, as pure code: no web framework, no database, no I/O.

pub mod campaign;
pub mod campaign_form;
pub mod cerfa;
pub mod dates;
pub mod donation;
pub mod guestbook;
pub mod journal;
pub mod lifecycle;
pub mod markdown;
pub mod money;
pub mod offline;
pub mod receipt;
pub mod reconcile;
pub mod refund;
pub mod reminder;
pub mod search;
pub mod site;
pub mod staff;
pub mod tax;
pub mod transfer;
pub mod words;

/// A stored value the domain does not know (a status, a kind): the store
/// reads each such value once, at its edge, and refuses what it cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what}: {value:?}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
}

/// `as_str`, `parse`, `Display` and `TryFrom<String>` for a type stored by name.
macro_rules! stored_names {
    ($type:ident, $what:literal, $($variant:ident => $name:literal),+ $(,)?) => {
        impl $type {
            pub fn as_str(self) -> &'static str {
                match self {
                    $($type::$variant => $name),+
                }
            }

            pub fn parse(value: &str) -> Option<$type> {
                match value {
                    $($name => Some($type::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl TryFrom<String> for $type {
            type Error = $crate::domain::UnknownValue;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                $type::parse(&value).ok_or($crate::domain::UnknownValue { what: $what, value })
            }
        }
    };
}
pub(crate) use stored_names;
