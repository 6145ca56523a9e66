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

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Finance => "finance",
            Role::Moderator => "moderator",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == value)
    }

    /// What staff pages call it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "administration",
            Role::Finance => "finances",
            Role::Moderator => "modération",
        }
    }

    /// Whether this role may use what `allowed` roles may (administrators may
    /// use everything).
    pub fn may(self, allowed: &[Role]) -> bool {
        self == Role::Admin || allowed.contains(&self)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Role {
    type Error = super::UnknownValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Role::parse(&value).ok_or(super::UnknownValue {
            what: "staff role",
            value,
        })
    }
}

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
