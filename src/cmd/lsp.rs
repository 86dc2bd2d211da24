//! `mastery lsp`: the language server on this process's standard input
//! and output.

use std::io::Write;

use anyhow::Context as _;

use super::SUCCESS;

pub fn run(out: &mut dyn Write) -> anyhow::Result<u8> {
    let input = std::io::BufReader::new(std::io::stdin());
    mastery::lsp::serve(input, out).context("the editor's connection failed")?;
    Ok(SUCCESS)
}
