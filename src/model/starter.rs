//! The words `mastery init` and `mastery new` write where a person has
//! yet to write their own: the scaffold writes them, and the
//! `placeholder` rule finds those still there.

/// A member's `role` when none was given.
pub const ROLE: &str = "Role or title";
/// A member file's notes.
pub const MEMBER_NOTES: &str = "Free notes in Markdown: 1:1 notes, reflections, links.";
/// The root vision's `statement`.
pub const STATEMENT: &str = "Describe in one sentence the change this team makes.";
/// A sub-team vision's `statement`.
pub const SUB_STATEMENT: &str = "Describe in one sentence the change this sub-team makes.";
/// The first outcome's `title`, in the root vision.
pub const OUTCOME_TITLE: &str = "Name the first outcome the team aims for";
/// The first outcome's `title`, in a sub-team's vision.
pub const SUB_OUTCOME_TITLE: &str = "Name the first outcome this sub-team aims for";
/// An outcome's `measure`.
pub const MEASURE: &str = "How you will know it is reached";
/// The root vision's notes.
pub const VISION_NOTES: &str = "Why this team exists, in Markdown. Anything below the second `---` is free\nnotes: context, history, links.";
/// A sub-team vision's notes.
pub const SUB_VISION_NOTES: &str = "Why this sub-team exists, in Markdown.";

/// Whether `text` is a starter's words, left as written.
pub fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    [
        ROLE,
        MEMBER_NOTES,
        STATEMENT,
        SUB_STATEMENT,
        OUTCOME_TITLE,
        SUB_OUTCOME_TITLE,
        MEASURE,
        VISION_NOTES,
        SUB_VISION_NOTES,
    ]
    .contains(&text)
}
