//! Private entries (docs/private.md): what marks a feedback or
//! support entry private, who its readers are, and what a sealed one holds
//! once opened.

use jiff::civil::Date;

use super::fields::Fields;

use super::Member;
use super::{List, Spanned};
use crate::seal::{Identities, Unopened};
use crate::source::{Source, Span};
use crate::yaml::{Node, Value};

/// The keys a sealed entry keeps in clear: what the checks need.
pub const CLEAR_KEYS: &[&str] = &["date", "private", "readers", "sealed"];

/// What makes an entry private, and how it is kept.
#[derive(Clone, Debug, Default)]
pub struct Privacy {
    /// Kept out of every output unless asked for (fails closed).
    pub private: bool,
    /// `readers:` as written: the member ids it is (to be) sealed for.
    pub readers: List<Spanned<String>>,
    /// Where `sealed:` holds its armored age file (the entry's other keys).
    /// Only the place is kept: checking never reads the armor, and a
    /// team's thousands of them are not copied ([`Privacy::armor`] reads
    /// it when an entry is opened).
    pub sealed: Option<Span>,
    /// It was opened with an identity given (`--include-private`).
    pub opened: bool,
    /// An identity given is among its readers, but what it holds could
    /// not be read (changed after sealing, not the entry's keys).
    pub damaged: bool,
    /// Opened, and its sealed place (member, list, date) is not where it
    /// sits: copied from elsewhere. Never shown, never sealed again.
    pub misplaced: bool,
    /// Opened, and sealed without a place (by hand with `age`): shown,
    /// never sealed again (it could have come from anywhere).
    pub unbound: bool,
    /// Keys other than `date`, `private` and `readers` are written in clear
    /// beside `sealed` (an `invalid-field` each).
    pub beside: bool,
    /// The whole entry's text: never quoted in output when private.
    pub extent: Span,
}

impl Privacy {
    /// Read `private`, `readers` and `sealed` of an entry; a sealed entry
    /// is private whatever `private` says, and any other key written
    /// beside `sealed` is a problem (it is in clear).
    pub(super) fn read(f: &mut Fields, node: &Node) -> Privacy {
        let sealed = f.text_span("sealed");
        // Reported when not exactly true or false; whether the entry is
        // private was decided, failing closed, when its keys were read.
        f.flag_closed("private");
        let private = f.is_private();
        let readers = f.texts("readers");
        let beside = sealed.is_some() && f.has_keys_besides(CLEAR_KEYS);
        if sealed.is_some() {
            // Unknown keys are reported already, without their names.
            for (key, span) in f.known_keys_besides(CLEAR_KEYS) {
                let message = format!(
                    "`{key}` is written in clear beside `sealed`; a sealed entry keeps only \
                     `date`, `private` and `readers` in clear: remove it, or record what it \
                     says as a new entry with `mastery log … --private`"
                );
                f.problem(span, message);
            }
        }
        Privacy {
            private,
            readers,
            sealed,
            opened: false,
            damaged: false,
            misplaced: false,
            unbound: false,
            beside,
            extent: Span::new(node.span.start, node.end().saturating_sub(node.span.start)),
        }
    }

    /// Whether the text at byte `at` lies in this entry and must never be
    /// quoted.
    pub fn hides(&self, at: usize) -> bool {
        self.private && (self.extent.start..=self.extent.start + self.extent.len).contains(&at)
    }

    /// Whether an output shows what the entry says (beyond its date):
    /// not private, or private with `--include-private` and in clear or
    /// opened.
    pub fn shown(&self, include_private: bool) -> bool {
        !self.private || (include_private && (self.sealed.is_none() || self.opened))
    }

    /// Sealed, and not opened with the identities given (or opened and
    /// found misplaced).
    pub fn closed(&self) -> bool {
        self.sealed.is_some() && !self.opened
    }

    /// The armored age file of a sealed entry of the record `text`: its
    /// `sealed:` value read again. A quoted string is parsed as YAML; a
    /// block's lines (the span of its text, without the `|`) are taken
    /// without their indentation, which armor never has.
    pub fn armor(&self, path: &str, text: &str) -> Option<String> {
        let span = self.sealed?;
        let value = text.get(span.start..span.start + span.len)?;
        if value.starts_with(['"', '\'']) {
            let source = Source::new(path, value);
            return match crate::yaml::parse(&source, 0, source.text.len())
                .ok()?
                .value
            {
                crate::yaml::Value::Str(armor) => Some(armor),
                _ => None,
            };
        }
        let lines: Vec<&str> = value
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        Some(lines.join("\n") + "\n")
    }

    /// Private and written in clear (not sealed).
    pub fn in_clear(&self) -> bool {
        self.private && self.sealed.is_none()
    }
}

/// Which list a private entry is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// `feedback:`.
    Feedback,
    /// `support:`.
    Support,
}

impl EntryKind {
    /// The list's key, and how messages name the entry.
    pub fn key(self) -> &'static str {
        match self {
            EntryKind::Feedback => "feedback",
            EntryKind::Support => "support",
        }
    }
}

/// Where a sealed entry belongs: what its sealed text holds beside its
/// readers, so that a copy pasted elsewhere (another member, list or
/// date) is told apart from the entry sealed there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The member's id when it was sealed.
    pub member: String,
    /// Its list (`None` when it names none that holds private entries:
    /// it fits no entry).
    pub list: Option<EntryKind>,
    /// Its date, when it had one.
    pub date: Option<Date>,
}

impl Place {
    /// Whether the entry sits here: in the list `list`, dated `date`, in
    /// the record of the member that `named` says is named so (their id,
    /// or a former one).
    pub fn fits(&self, named: impl Fn(&str) -> bool, list: EntryKind, date: Option<Date>) -> bool {
        named(&self.member) && self.list == Some(list) && self.date == date
    }
}

/// What mastery seals beside an entry's own keys: who it is for and where
/// it belongs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seal {
    /// The member ids it is sealed for (which `reseal` trusts, where anyone
    /// may edit the `readers:` in clear).
    pub readers: Vec<String>,
    /// The `[private] recipients` keys it was sealed to besides.
    pub recipients: Vec<String>,
    /// Where it belongs; `None` for an entry sealed without one.
    pub place: Option<Place>,
}

impl Seal {
    /// The keys [`Seal`] writes, read past when an opened entry is read.
    pub const KEYS: &[&str] = &["readers", "recipients", "member", "list", "date"];

    /// The sealed text: these lines, then the entry's keys as YAML lines.
    pub fn payload(&self, keys: &str) -> String {
        let ids = |items: &[String]| -> String {
            let items: Vec<String> = items.iter().map(|i| crate::yaml::scalar(i)).collect();
            format!("[{}]", items.join(", "))
        };
        let mut text = format!("readers: {}\n", ids(&self.readers));
        if !self.recipients.is_empty() {
            text.push_str(&format!("recipients: {}\n", ids(&self.recipients)));
        }
        if let Some(place) = &self.place {
            text.push_str(&format!("member: {}\n", crate::yaml::scalar(&place.member)));
            if let Some(list) = place.list {
                text.push_str(&format!("list: {}\n", list.key()));
            }
            if let Some(date) = place.date {
                text.push_str(&format!("date: {date}\n"));
            }
        }
        text.push_str(keys);
        text
    }

    /// What an opened payload says of its readers and place; `None` when
    /// it names no readers (sealed by another tool), and a place only when
    /// it names a member and a list that reads.
    pub fn read(payload: &Node) -> Option<Seal> {
        let texts = |key: &str| -> Option<Vec<String>> {
            match crate::yaml::field(payload, key).map(|(_, v)| &v.value) {
                None => Some(Vec::new()),
                Some(Value::Seq(items)) => (items.iter())
                    .map(|i| match &i.value {
                        Value::Str(text) => Some(text.clone()),
                        _ => None,
                    })
                    .collect(),
                Some(_) => None,
            }
        };
        crate::yaml::field(payload, "readers")?;
        let readers = texts("readers")?;
        let recipients = texts("recipients").unwrap_or_default();
        let member = crate::yaml::text_of(payload, "member");
        let list = match crate::yaml::text_of(payload, "list") {
            Some("feedback") => Some(EntryKind::Feedback),
            Some("support") => Some(EntryKind::Support),
            _ => None,
        };
        let place = member.map(|member| Place {
            member: member.to_owned(),
            list,
            date: crate::yaml::text_of(payload, "date").and_then(|d| d.parse().ok()),
        });
        Some(Seal {
            readers,
            recipients,
            place,
        })
    }
}

/// A private entry of a member, as the rules and `seal` see it.
#[derive(Clone, Copy, Debug)]
pub struct PrivateEntry<'a> {
    /// Its list.
    pub kind: EntryKind,
    /// Its place in the list's readable entries.
    pub index: usize,
    /// Its date, when it has a valid one.
    pub date: Option<Date>,
    /// Its author (`from`), when written in clear or opened.
    pub author: Option<&'a str>,
    /// Where findings about it point.
    pub first_key: Span,
    /// Its note (for support: what was given) is written in clear.
    pub tells: bool,
    /// How it is kept.
    pub privacy: &'a Privacy,
}

impl PrivateEntry<'_> {
    /// What makes it the same entry across commits: its list and date
    /// ([`super::Feedback::key`]).
    pub fn key(&self) -> String {
        super::committed::private_key(self.kind, self.date)
    }

    /// "private feedback dated 2026-11-02", for messages: never who, what
    /// kind or what was said.
    pub fn describe(&self) -> String {
        match self.date {
            Some(date) => format!("private {} dated {date}", self.kind.key()),
            None => format!("a private {} entry", self.kind.key()),
        }
    }
}

/// How many sealed entries were opened, and how many could not be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Opening {
    /// Opened with the identities given.
    pub opened: usize,
    /// Sealed for other readers.
    pub not_a_reader: usize,
    /// Damaged, or not a mapping of the entry's keys once opened.
    pub damaged: usize,
    /// Opened, but sealed for another place (`misplaced-sealed`): kept
    /// closed.
    pub misplaced: usize,
}

impl Opening {
    /// Add another count.
    pub fn add(&mut self, other: Opening) {
        self.opened += other.opened;
        self.not_a_reader += other.not_a_reader;
        self.damaged += other.damaged;
        self.misplaced += other.misplaced;
    }

    /// Sealed entries left closed.
    pub fn unopened(&self) -> usize {
        self.not_a_reader + self.damaged + self.misplaced
    }
}

impl Member {
    /// Every private entry, feedback first, in file order.
    pub fn private_entries(&self) -> impl Iterator<Item = PrivateEntry<'_>> {
        let feedback = self
            .feedback
            .items
            .iter()
            .enumerate()
            .map(|(index, f)| PrivateEntry {
                kind: EntryKind::Feedback,
                index,
                date: f.date.as_ref().map(|d| d.value),
                author: f.from.as_ref().map(|a| a.value.as_str()),
                first_key: f.first_key,
                tells: f.privacy.sealed.is_none() && f.note.is_some(),
                privacy: &f.privacy,
            });
        let support = self
            .support
            .items
            .iter()
            .enumerate()
            .map(|(index, s)| PrivateEntry {
                kind: EntryKind::Support,
                index,
                date: s.date.as_ref().map(|d| d.value),
                author: None,
                first_key: s.first_key,
                tells: s.privacy.sealed.is_none() && s.what.is_some(),
                privacy: &s.privacy,
            });
        feedback.chain(support).filter(|e| e.privacy.private)
    }

    /// The member ids an entry is for: its `readers` when listed, else its
    /// author (when a member) and this member's manager. The configured
    /// recipients read every entry besides.
    pub fn readers<'a>(
        &'a self,
        entry: &PrivateEntry<'a>,
        is_member: impl Fn(&str) -> bool,
    ) -> Vec<&'a str> {
        let privacy = entry.privacy;
        if privacy.readers.key.is_some() {
            return privacy
                .readers
                .items
                .iter()
                .map(|r| r.value.as_str())
                .collect();
        }
        self.default_readers(entry.author, is_member)
    }

    /// The readers of an entry by `author` that lists none: the author
    /// (when a member) and this member's manager.
    pub fn default_readers<'a>(
        &'a self,
        author: Option<&'a str>,
        is_member: impl Fn(&str) -> bool,
    ) -> Vec<&'a str> {
        let manager = self.manager.as_ref().map(|m| m.value.as_str());
        let mut readers: Vec<&str> = author
            .into_iter()
            .chain(manager)
            .filter(|id| is_member(id))
            .collect();
        readers.dedup();
        readers
    }

    /// Whether any private entry is sealed.
    pub fn has_sealed(&self) -> bool {
        self.private_entries().any(|e| e.privacy.sealed.is_some())
    }
}

/// An entry that may be private.
pub(super) trait Entry {
    fn privacy(&mut self) -> &mut Privacy;
    /// Its date in clear.
    fn date(&self) -> Option<Date>;
}

impl Entry for super::Feedback {
    fn privacy(&mut self) -> &mut Privacy {
        &mut self.privacy
    }

    fn date(&self) -> Option<Date> {
        self.date.as_ref().map(|d| d.value)
    }
}

impl Entry for super::Support {
    fn privacy(&mut self) -> &mut Privacy {
        &mut self.privacy
    }

    fn date(&self) -> Option<Date> {
        self.date.as_ref().map(|d| d.value)
    }
}

/// Where the entries being opened sit: the member (by every id they are
/// named by) and the list.
pub(super) struct Here<'a> {
    /// The member's id and former ids.
    pub names: &'a [String],
    /// The list.
    pub list: EntryKind,
}

impl Opening {
    /// Open each sealed entry of `items` that `identities` can; `fill`
    /// reads the payload into the entry (at the span of `sealed:`), or
    /// gives `None` when the payload is not the entry's keys. An entry
    /// whose sealed place is not `here` (and its date) stays closed,
    /// marked misplaced.
    pub(super) fn open_all<T: Entry>(
        &mut self,
        source: &Source,
        identities: &Identities,
        here: &Here,
        items: &mut [T],
        fill: impl Fn(&mut T, &Node, Span) -> Option<()>,
    ) {
        for entry in items {
            let Some(span) = entry.privacy().sealed else {
                continue;
            };
            let node = match self.open(source, entry.privacy(), identities) {
                Ok(node) => node,
                Err(Unopened::Damaged) => {
                    entry.privacy().damaged = true;
                    continue;
                }
                Err(Unopened::NotAReader) => continue,
            };
            let place = Seal::read(&node).and_then(|seal| seal.place);
            let named = |id: &str| here.names.iter().any(|n| n == id);
            match place {
                Some(place) if !place.fits(named, here.list, entry.date()) => {
                    self.opened -= 1;
                    self.misplaced += 1;
                    entry.privacy().misplaced = true;
                }
                place if fill(entry, &node, span).is_some() => {
                    let privacy = entry.privacy();
                    privacy.opened = true;
                    privacy.unbound = place.is_none();
                }
                _ => {
                    self.unread();
                    entry.privacy().damaged = true;
                }
            }
        }
    }

    /// The payload of a sealed entry as YAML, when `identities` open it
    /// (counted as opened), else why not (counted).
    fn open(
        &mut self,
        source: &Source,
        privacy: &Privacy,
        identities: &Identities,
    ) -> Result<Node, Unopened> {
        let path = source.path.as_str();
        let armor = privacy.armor(path, &source.text).ok_or(Unopened::Damaged);
        let payload = armor
            .and_then(|armor| identities.open(&armor))
            .and_then(|payload| {
                let source = Source::new(path, payload);
                crate::yaml::parse(&source, 0, source.text.len()).map_err(|_| Unopened::Damaged)
            });
        match payload {
            Ok(_) => self.opened += 1,
            Err(why) => self.fail(why),
        }
        payload
    }

    /// One opened whose payload is not the entry's keys: damaged.
    fn unread(&mut self) {
        self.opened -= 1;
        self.damaged += 1;
    }

    /// One more left closed.
    fn fail(&mut self, why: Unopened) {
        match why {
            Unopened::NotAReader => self.not_a_reader += 1,
            Unopened::Damaged => self.damaged += 1,
        }
    }
}

/// A value read from a sealed payload, placed at `sealed:`.
pub(super) fn at(value: Option<Spanned<String>>, span: Span) -> Option<Spanned<String>> {
    value.map(|v| Spanned {
        value: v.value,
        span,
    })
}
