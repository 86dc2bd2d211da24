//! Printing findings: rustc-style text for people, JSON for programs.

mod human;
mod json;

pub use human::{human, summary_line};
pub use json::json;
