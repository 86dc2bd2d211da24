//! What depends on what. Everything mastery derives from a team (a rule's
//! findings, a page of the report) reads some of the team's facts; an edit
//! changes some facts; what read a changed fact is derived again, the rest
//! is kept. Nothing lists "an edit to X touches pages Y": a rule says what
//! it reads of other files ([`Shared`], held to it in debug builds), a page
//! says what it reads ([`Input`], next to the code that builds it), and
//! [`Dependents`] intersects.
//!
//! A page's reads may depend on what it reads (the people a member page
//! names depend on the member's record), so they are recorded each time the
//! page is rendered. That is sound as long as a page always reads what
//! decides the rest of its reads: then, if none of its reads changed, it
//! would read the same again.

use std::collections::{BTreeSet, HashMap, HashSet};

/// A fact of the team that a page reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Input {
    /// A record file's contents (a member, a vision, a framework), by path.
    Record(String),
    /// The findings of a file, today's and coming.
    Findings(String),
    /// A member as other pages show them (name, page), by id.
    Person(String),
    /// Who reports to a manager, by the manager's id.
    Reports(String),
    /// The objectives of active members naming an outcome, by its id.
    Serving(String),
    /// Which members a folder holds.
    Folder(String),
    /// Any record of a kind, or which there are (a framework page counts
    /// everyone's evidence; a vision added anywhere can serve an outcome).
    Any(crate::load::Kind),
    /// The team's history (timelines, trend charts).
    History,
    /// Anything at all: read by the pages that summarise the whole team
    /// (the overview); changed by what every page shows (the as-of date,
    /// the root vision's team name, a page name that moved).
    Everything,
}

/// What a per-file rule reads of files other than the one it checks: an
/// edit that changes one of these checks every file again with the rules
/// that read it. (A team-wide rule reads everything and runs every time.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Shared {
    /// Which member ids exist.
    Roster,
    /// Which members have public keys.
    Keys,
    /// Other members' names.
    Names,
    /// The visions and their outcomes.
    Visions,
    /// The growth frameworks.
    Frameworks,
    /// The team's history: when entries were first committed.
    History,
}

impl Shared {
    /// Every shared fact, in order.
    pub const ALL: [Shared; 6] = [
        Shared::Roster,
        Shared::Keys,
        Shared::Names,
        Shared::Visions,
        Shared::Frameworks,
        Shared::History,
    ];

    /// How docs and messages name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Shared::Roster => "the member ids",
            Shared::Keys => "the members' keys",
            Shared::Names => "other members' names",
            Shared::Visions => "the visions",
            Shared::Frameworks => "the frameworks",
            Shared::History => "the history",
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of [`Shared`] facts, small enough to record atomically while
/// rules run side by side.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SharedSet(u8);

impl SharedSet {
    /// The set of `facts`.
    pub fn of(facts: &[Shared]) -> Self {
        Self(facts.iter().fold(0, |bits, f| bits | f.bit()))
    }

    /// Add `fact`.
    pub fn insert(&mut self, fact: Shared) {
        self.0 |= fact.bit();
    }

    /// Whether it holds `fact`.
    pub fn contains(self, fact: Shared) -> bool {
        self.0 & fact.bit() != 0
    }

    /// Whether the two share a fact.
    pub fn meets(self, other: SharedSet) -> bool {
        self.0 & other.0 != 0
    }

    /// What it holds that `other` does not.
    pub fn beyond(self, other: SharedSet) -> impl Iterator<Item = Shared> {
        Shared::ALL
            .into_iter()
            .filter(move |f| self.contains(*f) && !other.contains(*f))
    }

    /// Whether it is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub(crate) fn bits(self) -> u8 {
        self.0
    }

    pub(crate) fn from_bits(bits: u8) -> Self {
        Self(bits)
    }
}

/// The facts one change changed.
#[derive(Debug, Default, Clone)]
pub struct Changed {
    inputs: HashSet<Input>,
}

impl Changed {
    /// Note that `input` changed.
    pub fn insert(&mut self, input: Input) {
        self.inputs.insert(input);
    }

    /// Whether `input` changed.
    pub fn contains(&self, input: &Input) -> bool {
        self.inputs.contains(input)
    }

    /// Whether anything changed that every page shows.
    pub fn everything(&self) -> bool {
        self.inputs.contains(&Input::Everything)
    }

    /// Whether a page that read `reads` must be derived again.
    pub fn touches<'a>(&self, mut reads: impl Iterator<Item = &'a Input>) -> bool {
        self.everything()
            || reads.any(|input| *input == Input::Everything || self.inputs.contains(input))
    }

    /// The changed facts.
    pub fn iter(&self) -> impl Iterator<Item = &Input> {
        self.inputs.iter()
    }
}

impl Extend<Input> for Changed {
    fn extend<T: IntoIterator<Item = Input>>(&mut self, iter: T) {
        self.inputs.extend(iter);
    }
}

/// What each value of a keyed fact was, so that two states can be compared
/// fact by fact: (fact, who contributes it, a hash of what they contribute).
/// A fact several records contribute to ([`Input::Reports`]) changes when
/// any contribution does.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Facts(BTreeSet<(Input, String, u64)>);

impl Facts {
    /// `source` contributes `value` to `input`.
    pub fn add(&mut self, input: Input, source: &str, value: impl std::hash::Hash) {
        self.0.insert((input, source.to_owned(), hash(&value)));
    }

    /// The facts whose contributions differ between `self` (before) and
    /// `after`.
    pub fn changed(&self, after: &Facts) -> impl Iterator<Item = Input> {
        let differ = self.0.symmetric_difference(&after.0);
        differ
            .map(|(input, _, _)| input.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
    }
}

/// A hash of `value`, stable within one process.
pub fn hash(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::hash::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Which derived things (pages, by their path) read which facts, as last
/// derived: the index a change is intersected with.
#[derive(Debug, Default)]
pub struct Dependents {
    /// Each page, by the number [`Dependents::slot`] gave it.
    names: Vec<String>,
    slots: HashMap<String, u32>,
    /// The pages that read each fact.
    readers: HashMap<Input, Vec<u32>>,
    /// The pages that read [`Input::Everything`].
    always: HashSet<u32>,
}

impl Dependents {
    /// Record that `page` read `reads` (adding to what it read before: a
    /// read it no longer makes costs at most a rendering it did not need,
    /// until [`Dependents::clear`]).
    pub fn record(&mut self, page: &str, reads: impl IntoIterator<Item = Input>) {
        let slot = self.slot(page);
        for input in reads {
            if input == Input::Everything {
                self.always.insert(slot);
                continue;
            }
            let readers = self.readers.entry(input).or_default();
            if readers.last() != Some(&slot) {
                readers.push(slot);
            }
        }
    }

    /// Forget every page (before recording a full build).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// The pages that read a fact in `changed` (every page when what
    /// every page shows changed).
    pub fn affected(&self, changed: &Changed) -> HashSet<&str> {
        if changed.everything() {
            return self.names.iter().map(String::as_str).collect();
        }
        let mut slots: HashSet<u32> = self.always.clone();
        for input in changed.iter() {
            slots.extend(self.readers.get(input).into_iter().flatten());
        }
        let name = |slot: u32| self.names[slot as usize].as_str();
        slots.into_iter().map(name).collect()
    }

    fn slot(&mut self, page: &str) -> u32 {
        if let Some(&slot) = self.slots.get(page) {
            return slot;
        }
        let slot = u32::try_from(self.names.len()).expect("fewer than 4 billion pages");
        self.names.push(page.to_owned());
        self.slots.insert(page.to_owned(), slot);
        slot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_reaches_the_pages_that_read_it_and_no_others() {
        let mut pages = Dependents::default();
        let person = |id: &str| Input::Person(id.to_owned());
        pages.record(
            "members/ann.html",
            [Input::Record("ann.md".into()), person("bob")],
        );
        pages.record("members/bob.html", [Input::Record("bob.md".into())]);
        pages.record("index.html", [Input::Everything]);
        let mut changed = Changed::default();
        changed.insert(person("bob"));
        let affected = pages.affected(&changed);
        assert_eq!(
            affected,
            HashSet::from(["members/ann.html", "index.html"]),
            "{affected:?}"
        );
        changed.insert(Input::Everything);
        assert_eq!(pages.affected(&changed).len(), 3);
    }

    #[test]
    fn facts_change_where_a_contribution_does() {
        let reports = |id: &str| Input::Reports(id.to_owned());
        let mut before = Facts::default();
        before.add(reports("bob"), "ann.md", ());
        before.add(reports("bob"), "cy.md", ());
        let mut after = Facts::default();
        after.add(reports("dee"), "ann.md", ());
        after.add(reports("bob"), "cy.md", ());
        let changed: Vec<Input> = before.changed(&after).collect();
        assert_eq!(changed, [reports("bob"), reports("dee")]);
        assert_eq!(after.changed(&after).count(), 0);
    }

    #[test]
    fn shared_sets_hold_what_was_put_in() {
        let mut read = SharedSet::default();
        assert!(read.is_empty());
        read.insert(Shared::Keys);
        let declared = SharedSet::of(&[Shared::Roster]);
        assert!(!read.meets(declared));
        assert_eq!(read.beyond(declared).collect::<Vec<_>>(), [Shared::Keys]);
        assert!(SharedSet::of(&[Shared::Keys, Shared::Roster]).meets(read));
    }
}
