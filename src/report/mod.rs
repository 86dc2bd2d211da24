//! The HTML team-mastery report: page data ([`view`]), Tera templates,
//! Markdown and SVG charts, and writing the site safely ([`site`]).

mod charts;
mod elements;
mod markdown;
mod names;
pub mod site;
mod templates;
mod view;

use std::path::Path;

use anyhow::Context as _;
use serde::Serialize;

use crate::check::Findings;
use crate::config::Config;
use crate::model::Team;
pub use site::Page;

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// A folder whose files replace the built-in templates of the same name.
    pub templates: Option<&'a Path>,
    /// Show feedback marked `private: true`.
    pub include_private: bool,
}

/// Render every page of the report. The same input gives the same bytes.
pub fn render(
    team: &Team,
    findings: &Findings,
    config: &Config,
    options: &Options,
) -> anyhow::Result<Vec<Page>> {
    let mut pages = Vec::new();
    render_each(team, findings, config, options, |page| {
        pages.push(page);
        Ok(())
    })?;
    Ok(pages)
}

/// Render the pages one by one, handing each to `sink` as soon as it is
/// ready, so a large report is never held in memory whole.
fn render_each(
    team: &Team,
    findings: &Findings,
    config: &Config,
    options: &Options,
    mut sink: impl FnMut(Page) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let tera = templates::engine(options.templates)?;
    let site = view::Builder::new(team, findings, config, options.include_private);
    let overview = site.overview();
    sink(Page {
        path: "index.html".into(),
        contents: render_page(&tera, "index.html", "", &overview, options)?,
    })?;
    sink(Page {
        path: "style.css".into(),
        contents: tera
            .render("style.css", &tera::Context::new())
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    })?;
    for (stem, group) in site.group_pages() {
        sink(Page {
            path: format!("teams/{stem}.html"),
            contents: render_page(&tera, "team.html", "../", &group, options)?,
        })?;
    }
    for index in 0..team.members.len() {
        let (stem, member) = site.member_page(index);
        sink(Page {
            path: format!("members/{stem}.html"),
            contents: render_page(&tera, "member.html", "../", &member, options)?,
        })?;
    }
    Ok(())
}

/// Render and write the report to `out` (see [`site::check_out`] for the
/// folders it refuses); returns the number of pages.
pub fn build(
    team_root: &Path,
    out: &Path,
    team: &Team,
    findings: &Findings,
    config: &Config,
    options: &Options,
) -> anyhow::Result<usize> {
    site::check_out(out, team_root)?;
    let mut staging = site::Staging::new(out)?;
    let mut pages = 0;
    render_each(team, findings, config, options, |page| {
        pages += 1;
        staging.add(&page)
    })?;
    staging.commit()?;
    Ok(pages)
}

/// One page: its data, plus `root` (the way back to the site root) and
/// whether private feedback is shown.
fn render_page<T: Serialize>(
    tera: &tera::Tera,
    template: &str,
    root: &str,
    data: &T,
    options: &Options,
) -> anyhow::Result<String> {
    let mut context = tera::Context::from_serialize(data).map_err(|e| anyhow::anyhow!("{e}"))?;
    context.insert("root", root);
    context.insert("include_private", &options.include_private);
    tera.render(template, &context)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("cannot render `{template}`"))
}
