//! The keys private entries are sealed to: each member's and the
//! configured recipients' (docs/private.md), and why an entry cannot be
//! sealed for a reader.

use std::collections::HashMap;

use super::private::Seal;
use super::{List, Member, Spanned, Team};
use crate::seal::PublicKey;

/// Every member's public keys and the configured recipients: what an
/// entry is sealed to.
pub struct Keyring<'a> {
    team: &'a Team,
    members: HashMap<&'a str, &'a Member>,
    /// Each member's keys, parsed once (only members with keys).
    keys: HashMap<&'a str, Vec<PublicKey>>,
    recipients: Vec<PublicKey>,
    /// The recipients as configured, for what a seal records.
    recipient_texts: Vec<String>,
}

impl<'a> Keyring<'a> {
    /// The keys of `team`'s members and of `recipients` (checked when the
    /// configuration was read).
    pub fn new(team: &'a Team, recipients: &[String]) -> Self {
        let parse = |keys: &List<Spanned<String>>| -> Vec<PublicKey> {
            (keys.items.iter())
                .filter_map(|k| PublicKey::parse(&k.value).ok())
                .collect()
        };
        Keyring {
            team,
            members: team.members.iter().map(|m| (m.id.as_str(), &**m)).collect(),
            keys: (team.members.iter())
                .filter(|m| !m.keys.items.is_empty())
                .map(|m| (m.id.as_str(), parse(&m.keys)))
                .collect(),
            recipients: recipients
                .iter()
                .filter_map(|k| PublicKey::parse(k).ok())
                .collect(),
            recipient_texts: recipients.iter().map(|k| k.trim().to_owned()).collect(),
        }
    }

    /// Whether the team seals its private entries: a member has keys, or
    /// recipients are configured.
    pub fn seals(&self) -> bool {
        !self.keys.is_empty() || !self.recipients.is_empty()
    }

    /// The configured recipients, as a seal records them.
    pub fn recipients(&self) -> &[String] {
        &self.recipient_texts
    }

    /// The member named `id` now, or before a rename ([`Team::named`]).
    pub fn named(&self, id: &str) -> Option<&'a Member> {
        self.team.named(id)
    }

    /// The ids `member` is named by ([`Team::names_of`]).
    pub fn names_of(&self, member: &Member) -> Vec<String> {
        self.team.names_of(member)
    }

    /// The armored sealed text of an entry whose other keys are `keys`
    /// (YAML lines), sealed for `seal`'s readers and the recipients; the
    /// readers without a usable key when any is (an empty list: nobody to
    /// seal for).
    pub fn seal(
        &self,
        seal: &Seal,
        keys: &str,
    ) -> Result<Result<String, Vec<String>>, crate::seal::SealError> {
        let readers: Vec<&str> = seal.readers.iter().map(String::as_str).collect();
        match self.keys(&readers) {
            Ok(to) => crate::seal::seal(&seal.payload(keys), &to).map(Ok),
            Err(missing) => Ok(Err(missing)),
        }
    }

    /// Why an entry cannot be sealed for the member `id`: "`id` has no
    /// `keys:`", or that their only keys are of a kind mastery refuses.
    pub fn lacking(&self, id: &str) -> String {
        lacking(id, self.member(id))
    }

    /// Whether `id` is a member.
    pub fn is_member(&self, id: &str) -> bool {
        self.members.contains_key(id)
    }

    /// The member `id`.
    pub fn member(&self, id: &str) -> Option<&'a Member> {
        self.members.get(id).copied()
    }

    /// The keys an entry for `readers` is sealed to: each reader's and
    /// the recipients'. The readers without keys, when any is; nothing to
    /// seal to is refused too (an empty list of them).
    pub fn keys(&self, readers: &[&str]) -> Result<Vec<PublicKey>, Vec<String>> {
        let mut keys = self.recipients.clone();
        let mut missing = Vec::new();
        for id in readers {
            match self.keys.get(id) {
                Some(found) if !found.is_empty() => keys.extend(found.iter().cloned()),
                _ => missing.push((*id).to_owned()),
            }
        }
        if !missing.is_empty() || keys.is_empty() {
            return Err(missing);
        }
        Ok(keys)
    }
}

/// Why an entry cannot be sealed for `id` (`member`, when a member).
pub fn lacking(id: &str, member: Option<&Member>) -> String {
    match member {
        Some(member) if member.keys.is_empty() && member.rsa_only => format!(
            "`{id}` has only an RSA key, which mastery cannot seal to (add an `ssh-ed25519` or age key)"
        ),
        Some(member) if member.keys.is_empty() && member.keys.key.is_some() => {
            format!("`{id}` has no usable key under `keys:`")
        }
        _ => format!("`{id}` has no `keys:`"),
    }
}
