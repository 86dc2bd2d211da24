//! End-to-end tests of the `mastery` binary, all in one test binary.

mod cli;
mod output;
