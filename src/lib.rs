//! mastery keeps a team's growth records in git as Markdown files with YAML
//! front matter, checks them like a compiler checks code, and renders a
//! team-mastery report.
//!
//! The data flows one way: [`load`] walks a team directory into the typed
//! [`model`], [`check`] runs the rules over it and renders the findings.
//! Every command opens one [`project::Project`] (configuration, records,
//! findings); the library never prints and holds no process state: the
//! binary's `cmd` modules own the streams, signals and environment.

pub mod check;
pub mod cli;
pub mod config;
pub mod date;
#[doc(hidden)]
pub mod docs;
#[doc(hidden)]
pub mod fuzzing;
pub mod git;
pub mod level;
pub mod load;
pub mod model;
mod paths;
mod printable;
pub mod project;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod source;
mod suggest;
pub mod url;
pub mod watch;
pub mod yaml;
