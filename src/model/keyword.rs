//! The closed sets of words some fields take (`status`, `kind`, ...).

/// A field whose value is one of a fixed set of words.
pub trait Keyword: Copy + Sized + 'static {
    /// Every word with its value, in the order the format documents them.
    const ALL: &'static [(&'static str, Self)];

    /// The value a word names.
    fn parse(word: &str) -> Option<Self> {
        Self::ALL.iter().find(|(w, _)| *w == word).map(|&(_, v)| v)
    }

    /// The words, in order.
    fn words_list() -> Vec<&'static str> {
        Self::ALL.iter().map(|(w, _)| *w).collect()
    }

    /// The words, for "must be one of …" messages.
    fn words() -> String {
        Self::words_list().join(", ")
    }
}

macro_rules! keyword {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl Keyword for $name {
            const ALL: &'static [(&'static str, Self)] = &[$(($word, Self::$variant),)+];
        }

        impl $name {
            /// The word as written in a record.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $word,)+
                }
            }
        }
    };
}

keyword! {
    /// Whether a member is currently with the team (`status`).
    MemberStatus {
        /// Working with the team; cadence rules apply.
        Active = "active",
        /// On leave.
        Leave = "leave",
        /// Has left the team.
        Departed = "departed",
    }
}

keyword! {
    /// How a learning goal is pursued (`learning[].kind`).
    GoalKind {
        /// A course or training.
        Course = "course",
        /// Learning from a mentor.
        Mentoring = "mentoring",
        /// Study on one's own.
        SelfDirected = "self-directed",
        /// Deliberate practice.
        Practice = "practice",
    }
}

keyword! {
    /// Where a learning goal stands (`learning[].status`).
    GoalStatus {
        /// Being worked on.
        Active = "active",
        /// Reached.
        Done = "done",
        /// On hold.
        Paused = "paused",
        /// Given up.
        Dropped = "dropped",
    }
}

keyword! {
    /// How much a member decides in an area they own (`ownership[].autonomy`).
    Autonomy {
        /// Makes the call.
        Decides = "decides",
        /// Recommends; someone else decides.
        Recommends = "recommends",
        /// Is asked before a decision.
        Consulted = "consulted",
    }
}

keyword! {
    /// What a feedback entry is (`feedback[].kind`).
    FeedbackKind {
        /// Recognition.
        Praise = "praise",
        /// Something to grow in.
        Growth = "growth",
        /// A one-on-one conversation.
        OneOnOne = "one-on-one",
        /// A formal review.
        Review = "review",
    }
}

keyword! {
    /// Where an objective stands (`objectives[].status`).
    ObjectiveStatus {
        /// Going to plan.
        OnTrack = "on-track",
        /// May slip.
        AtRisk = "at-risk",
        /// Will slip without help.
        OffTrack = "off-track",
        /// Achieved.
        Done = "done",
        /// No longer pursued.
        Dropped = "dropped",
    }
}

impl ObjectiveStatus {
    /// Open objectives are the ones still being pursued.
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Done | Self::Dropped)
    }
}
