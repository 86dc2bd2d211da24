//! The `mastery` binary: parse arguments, run, exit. The only place that
//! touches the process: its streams, working folder, environment and
//! signals.

mod cmd;

use std::process::ExitCode;

use clap::Parser;
use mastery::cli::{Cli, ColorChoice};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let choice = match cli.global.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let mut out = anstream::stdout().lock();
    let mut err = anstream::stderr().lock();
    ExitCode::from(cmd::run(cli, &mut out, &mut err))
}
