//! Staff roles and what each may do: administrators everything; finance staff
//! the gifts, refunds, receipts and exports; moderators the guestbook.

/// A staff member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    Finance,
    Moderator,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Finance, Role::Moderator];

    /// What staff pages call it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => crate::i18n::fr("staff-role-admin"),
            Role::Finance => crate::i18n::fr("staff-role-finance"),
            Role::Moderator => crate::i18n::fr("staff-role-moderator"),
        }
    }

    /// Whether this role may use what `allowed` roles may (administrators may
    /// use everything).
    pub fn may(self, allowed: &[Role]) -> bool {
        self == Role::Admin || allowed.contains(&self)
    }
}

super::stored_names!(Role, "staff role", Admin => "admin", Finance => "finance", Moderator => "moderator");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrators_may_do_everything_others_what_their_role_allows() {
        assert!(Role::Admin.may(&[]));
        assert!(Role::Admin.may(&[Role::Finance]));
        assert!(Role::Finance.may(&[Role::Finance]));
        assert!(!Role::Finance.may(&[Role::Moderator]));
        assert!(!Role::Moderator.may(&[]));
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
