//! Guestbook rules: what a message and a display name may hold, how a
//! moderator's decision changes an entry, and the public list's cursor.

use crate::domain::donation::{Message, MessageArg, clean_text};

pub const MAX_MESSAGE: usize = 1000;
pub const MAX_DISPLAY_NAME: usize = 60;
pub const MAX_REASON: usize = 500;

/// A message as typed: control and invisible characters removed, Windows line
/// ends folded, trimmed; the French message to show when it is too long.
/// Empty means no message.
pub fn clean_message(input: &str) -> Result<String, Message> {
    let message = clean_text(input, true);
    let chars = message.chars().count();
    if chars > MAX_MESSAGE {
        let number = |n: usize| MessageArg::Number(i64::try_from(n).unwrap_or(i64::MAX));
        return Err(Message::with(
            "err-message-long",
            vec![("chars", number(chars)), ("max", number(MAX_MESSAGE))],
        ));
    }
    Ok(message)
}

/// A display name as typed, on one line; empty means « Anonyme ».
pub fn clean_display_name(input: &str) -> Result<String, Message> {
    let name = clean_text(input, false);
    if name.chars().count() > MAX_DISPLAY_NAME {
        return Err(super::donation::too_long(MAX_DISPLAY_NAME));
    }
    Ok(name)
}

/// A moderator's reason for a rejection (optional, one paragraph).
pub fn clean_reason(input: &str) -> Result<String, String> {
    let reason = clean_text(input, false);
    if reason.chars().count() > MAX_REASON {
        return Err(crate::i18n::fr_with(
            "staff-guestbook-motif-fait-plus-max-reason",
            &[(
                "max-reason",
                &(MAX_REASON) as &(dyn std::fmt::Display + Sync),
            )],
        ));
    }
    Ok(reason)
}

/// The name the public reads.
pub fn shown_name(display_name: &str) -> &str {
    if display_name.is_empty() {
        crate::i18n::fr("staff-guestbook-anonymous")
    } else {
        display_name
    }
}

/// `text` cut to about `max` characters, at a word, for small spaces.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut
        .rsplit_once(char::is_whitespace)
        .map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end())
}

/// What a moderator does to entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Publish (a pending entry, or one rejected or hidden earlier).
    Approve,
    /// Refuse a pending entry.
    Reject,
    /// Take an approved entry off the public pages.
    Hide,
}

impl Decision {
    pub fn parse(input: &str) -> Option<Decision> {
        match input {
            "approve" => Some(Decision::Approve),
            "reject" => Some(Decision::Reject),
            "hide" => Some(Decision::Hide),
            _ => None,
        }
    }

    /// The status the entry gets.
    pub fn new_status(self) -> &'static str {
        match self {
            Decision::Approve => "approved",
            Decision::Reject => "rejected",
            Decision::Hide => "hidden",
        }
    }

    /// The statuses it applies to; entries in any other state are left alone
    /// (a donor withdrew it meanwhile, another moderator decided first).
    pub fn applies_to(self) -> &'static [&'static str] {
        match self {
            Decision::Approve => &["pending", "rejected", "hidden"],
            Decision::Reject => &["pending"],
            Decision::Hide => &["approved"],
        }
    }

    /// The audit log's name for it.
    pub fn audit_action(self) -> &'static str {
        match self {
            Decision::Approve => "guestbook.approved",
            Decision::Reject => "guestbook.rejected",
            Decision::Hide => "guestbook.hidden",
        }
    }
}

/// A position in the public list (newest published first): the publication
/// time of the last entry shown, and its id. Entries published later come
/// before it, so a reader paging on neither sees one twice nor misses one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub published_unix: i64,
    pub id: i64,
}

impl Cursor {
    pub fn encode(self) -> String {
        format!("{}-{}", self.published_unix, self.id)
    }

    pub fn parse(input: &str) -> Option<Cursor> {
        let (at, id) = input.split_once('-')?;
        let cursor = Cursor {
            published_unix: at.parse().ok()?,
            id: id.parse().ok()?,
        };
        (cursor.published_unix >= 0 && cursor.id > 0).then_some(cursor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_message_loses_control_characters_and_keeps_its_lines() {
        let cleaned =
            clean_message("  Bravo\r\n\u{0007}à toute\u{202E} l'équipe !\u{0000} ").unwrap();
        assert_eq!(cleaned, "Bravo\nà toute l'équipe !");
    }

    #[test]
    fn a_message_of_more_than_a_thousand_characters_is_refused() {
        assert!(clean_message(&"é".repeat(1000)).is_ok());
        let error = crate::i18n::Lang::FR.message(&clean_message(&"é".repeat(1001)).unwrap_err());
        assert!(
            error.contains("1\u{202f}001 caractères ; 1\u{202f}000 au plus"),
            "{error}"
        );
    }

    #[test]
    fn a_display_name_is_one_line_and_empty_means_anonymous() {
        assert_eq!(clean_display_name(" Léa\nB. ").unwrap(), "LéaB.");
        assert_eq!(shown_name(""), "Anonyme");
        assert_eq!(shown_name("Léa"), "Léa");
        assert!(clean_display_name(&"x".repeat(61)).is_err());
    }

    #[test]
    fn an_excerpt_cuts_at_a_word() {
        assert_eq!(excerpt("Merci beaucoup", 50), "Merci beaucoup");
        assert_eq!(excerpt("Merci beaucoup pour tout", 17), "Merci beaucoup…");
        assert_eq!(excerpt(&"é".repeat(20), 10), "éééééééééé…");
    }

    #[test]
    fn decisions_apply_only_to_entries_in_the_right_state() {
        assert!(Decision::Reject.applies_to().contains(&"pending"));
        assert!(!Decision::Reject.applies_to().contains(&"approved"));
        assert_eq!(Decision::Hide.applies_to(), &["approved"]);
        for decision in [Decision::Approve, Decision::Reject, Decision::Hide] {
            assert!(!decision.applies_to().contains(&"withdrawn"));
            assert!(!decision.applies_to().contains(&"awaiting_payment"));
        }
        assert_eq!(Decision::parse("approve"), Some(Decision::Approve));
        assert_eq!(Decision::parse("delete"), None);
    }

    #[test]
    fn malformed_cursors_are_refused() {
        for bad in ["", "12", "-", "a-1", "1-b", "1-0", "-5-3", "1-2-3"] {
            assert_eq!(Cursor::parse(bad), None, "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn cursors_round_trip(at in 0i64..4_000_000_000, id in 1i64..i64::MAX) {
            let cursor = Cursor { published_unix: at, id };
            prop_assert_eq!(Cursor::parse(&cursor.encode()), Some(cursor));
        }

        #[test]
        fn cleaned_text_has_no_control_characters(input in "\\PC*|[\\x00-\\x1f\\u{202a}-\\u{202e}a-z]*") {
            if let Ok(message) = clean_message(&input) {
                prop_assert!(message.chars().all(|c| c == '\n' || !c.is_control()));
            }
        }
    }
}
