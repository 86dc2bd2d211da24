//! The HTML team-mastery report: page data ([`view`]), Tera templates,
//! Markdown and SVG charts, and writing the site safely ([`site`]).

mod charts;
mod elements;
mod escape;
mod markdown;
mod names;
pub mod pages;
pub mod site;
mod templates;
mod view;

use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;

use anyhow::Context as _;
use std::sync::Arc;

use serde::Serialize;

use crate::model::Team;
use crate::project::Project;
pub use escape::escape;
pub use site::Page;
pub use view::Planned;
pub use view::{PageNames, SPLIT_ABOVE, facts, people_named};

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// A folder whose files replace the built-in templates of the same name.
    pub templates: Option<&'a Path>,
    /// Show private entries (`--include-private`), and how many: every
    /// page says so at its top.
    pub private: Option<PrivateShown>,
    /// What the team's history adds: timelines and trend charts.
    pub trend: Option<Arc<crate::history::Trend>>,
    /// Work out what each page reads, and hand it with the page
    /// ([`Rendered::reads`]): watch's, to render again only what an edit
    /// changes.
    pub recording: bool,
    /// A failure point for tests: end the process at once (no clean-up, as
    /// SIGKILL) when this many pages are staged, so a test stops a build at
    /// a known point instead of racing it. The binary sets it from
    /// `MASTERY_ABORT_AFTER_PAGES` in debug builds only.
    #[cfg(debug_assertions)]
    pub abort_after_pages: Option<usize>,
}

/// What a report built with `--include-private` shows of the private
/// entries, said at the top of every page.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct PrivateShown {
    /// Sealed entries opened with the identities given.
    pub opened: usize,
    /// Sealed entries left closed (sealed for other readers, damaged or
    /// misplaced): shown by their date only.
    pub sealed: usize,
    /// Private entries written in clear, shown as they are.
    pub in_clear: usize,
}

impl PrivateShown {
    /// The counts for `team` once its sealed entries were opened.
    pub fn of(team: &Team) -> Self {
        let mut shown = PrivateShown::default();
        for entry in team.members.iter().flat_map(|m| m.private_entries()) {
            match (entry.privacy.sealed.is_some(), entry.privacy.opened) {
                (false, _) => shown.in_clear += 1,
                (true, true) => shown.opened += 1,
                (true, false) => shown.sealed += 1,
            }
        }
        shown
    }
}

/// Renders pages with the templates loaded once.
pub struct Renderer {
    tera: tera::Tera,
    include_private: bool,
    private: Option<PrivateShown>,
    trend: Option<Arc<crate::history::Trend>>,
    /// Whether each page's reads are worked out (watch's).
    recording: bool,
}

/// Which pages to render.
#[derive(Clone, Copy)]
pub enum Pages<'a> {
    /// Every page.
    All,
    /// These pages of a [`plan`] of the same project and stems.
    These(&'a [Planned]),
}

/// Every page of the report of `project` with its path, its members'
/// pages named by `stems` ([`member_stems`]): what watch keeps between
/// rebuilds, and plans again when records come or go, a vision or a
/// framework changes, or who reports to whom does (what decides which
/// pages there are).
pub fn plan(project: &Project, stems: &[String]) -> Vec<(Planned, String)> {
    let site = view::Builder::new(project, false, stems);
    (site.plan().into_iter())
        .map(|page| (page, site.path(page)))
        .collect()
}

/// A page rendered, with what it read of the team when asked for
/// ([`Renderer::recording`]).
pub struct Rendered {
    /// The page.
    pub page: Page,
    /// What it read ([`view::Builder::reads`]); empty unless
    /// [`Options::recording`].
    pub reads: Vec<crate::depends::Input>,
}

impl Renderer {
    /// Load the templates (built in, or replaced from `options.templates`).
    pub fn new(options: &Options) -> anyhow::Result<Self> {
        Ok(Self {
            tera: templates::engine(options.templates)?,
            include_private: options.private.is_some(),
            private: options.private,
            trend: options.trend.clone(),
            recording: options.recording,
        })
    }

    /// Render the `pages` chosen, handing each to `sink` as soon as it is
    /// ready (from several threads), so a large report is never held in
    /// memory whole. `stems` are the member pages' names ([`member_stems`],
    /// kept by watch between rebuilds). The same input gives the same
    /// bytes.
    pub fn render(
        &self,
        project: &Project,
        stems: &[String],
        pages: Pages,
        sink: impl Fn(Rendered) -> anyhow::Result<()> + Sync,
    ) -> anyhow::Result<()> {
        let site = view::Builder::new(project, self.include_private, stems)
            .with_trend(self.trend.as_deref());
        let all;
        let chosen = match pages {
            Pages::All => {
                all = site.plan();
                &all[..]
            }
            Pages::These(pages) => pages,
        };
        site.prepare();
        chosen.into_par_iter().try_for_each(|&planned| {
            let path = site.path(planned);
            let contents = match planned {
                Planned::Overview => self.page("index.html", "", &site.overview())?,
                Planned::Style => self.style()?,
                Planned::SubTeams => self.page("sub-teams.html", "", &site.sub_teams_page())?,
                Planned::Team(i) => self.page("team.html", "../", &site.group_page(i))?,
                Planned::Member(i) => self.page("member.html", "../", &site.member_page(i))?,
                Planned::Manager(i) => self.page("manager.html", "../", &site.manager_page(i))?,
                Planned::Outcome(i) => self.page("outcome.html", "../", &site.outcome_page(i))?,
                Planned::Framework(i) => {
                    self.page("framework.html", "../", &site.framework_page(i))?
                }
            };
            let reads = if self.recording {
                site.reads(planned)
            } else {
                Vec::new()
            };
            sink(Rendered {
                page: Page { path, contents },
                reads,
            })
        })
    }

    /// The stylesheet.
    fn style(&self) -> anyhow::Result<String> {
        self.tera
            .render("style.css", &tera::Context::new())
            .map_err(|e| anyhow::anyhow!("{e}"))
    }

    /// One page: its data, plus `root` (the way back to the site root) and
    /// whether private feedback is shown.
    fn page<T: Serialize>(&self, template: &str, root: &str, data: &T) -> anyhow::Result<String> {
        let mut context =
            tera::Context::from_serialize(data).map_err(|e| anyhow::anyhow!("{e}"))?;
        context.insert("root", root);
        context.insert("include_private", &self.include_private);
        context.insert("private", &self.private);
        self.tera
            .render(template, &context)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("cannot render `{template}`"))
    }
}

/// The five element names, in the matrix's order.
pub use elements::ELEMENTS;

/// How `member` stands on each element ([`ELEMENTS`] order), given its
/// file's findings: `ok`, `attention`, `missing` or `inactive`, as the
/// report's matrix shows it.
pub fn element_states(
    member: &crate::model::Member,
    findings: &[&crate::check::Diagnostic],
) -> [&'static str; 5] {
    elements::states(member, findings).map(|state| match state {
        elements::State::Ok => "ok",
        elements::State::Attention => "attention",
        elements::State::Missing => "missing",
        elements::State::Inactive => "inactive",
    })
}

/// The name of every built-in template, `--templates` replaces by name.
pub fn template_names() -> impl Iterator<Item = &'static str> {
    templates::BUILT_IN.iter().map(|&(name, _)| name)
}

/// A member's Markdown notes as the report shows them: rendered, headings
/// from `<h3>`, sanitised.
pub fn markdown_to_html(text: &str) -> String {
    markdown::to_html(text, 3)
}

/// The file stem of each member's page, in team order.
pub fn member_stems(team: &Team) -> Vec<String> {
    names::file_stems(team.members.iter().map(|m| m.id.as_str()))
}

/// The file stem of each outcome's page, in [`Alignment::outcomes`] order.
pub fn outcome_stems(alignment: &crate::model::Alignment) -> Vec<String> {
    let ids = (alignment.outcomes().iter())
        .map(|(_, o)| o.id.as_ref().map_or("outcome", |i| i.value.as_str()));
    names::file_stems(ids)
}

/// Render and write the report to `out` (see [`site::check_out`] for the
/// folders it refuses); returns what `record` made of each page written,
/// in path order (`Written::of` for watch, which compares later builds).
pub fn build<T: Send>(
    team_root: &Path,
    out: &Path,
    project: &Project,
    options: &Options,
    record: impl Fn(&Rendered) -> T + Sync,
) -> anyhow::Result<Vec<T>> {
    site::check_out(out, team_root)?;
    let renderer = Renderer::new(options)?;
    let mut staging = site::Staging::new(out)?;
    #[cfg(debug_assertions)]
    {
        staging = staging.abort_after(options.abort_after_pages);
    }
    if options.private.is_some() {
        staging = staging.owner_only()?;
    }
    let written = Mutex::new(Vec::new());
    let stems = member_stems(&project.team);
    renderer.render(project, &stems, Pages::All, |rendered| {
        staging.add(&rendered.page)?;
        let recorded = record(&rendered);
        written
            .lock()
            .expect("no panic holds the lock")
            .push((rendered.page.path, recorded));
        Ok(())
    })?;
    let mut written = written.into_inner().expect("no panic holds the lock");
    written.sort_by(|a, b| a.0.cmp(&b.0));
    staging.commit(written.iter().map(|(path, _)| path.as_str()))?;
    Ok(written.into_iter().map(|(_, recorded)| recorded).collect())
}

/// Write one member's page alone to `out`, as `index.html` with
/// `style.css` ([`view::Builder::standalone`]), safely and atomically as
/// [`build`] writes a report. Returns the paths written.
pub fn build_member(
    team_root: &Path,
    out: &Path,
    project: &Project,
    options: &Options,
    index: usize,
) -> anyhow::Result<Vec<String>> {
    site::check_out(out, team_root)?;
    let renderer = Renderer::new(options)?;
    let stems = member_stems(&project.team);
    let site = view::Builder::new(project, renderer.include_private, &stems).standalone();
    let pages = [
        Page {
            path: "index.html".to_owned(),
            contents: renderer.page("member.html", "", &site.member_page(index))?,
        },
        Page {
            path: "style.css".to_owned(),
            contents: renderer.style()?,
        },
    ];
    let staging = site::Staging::new(out)?;
    for page in &pages {
        staging.add(page)?;
    }
    let written: Vec<String> = pages.into_iter().map(|p| p.path).collect();
    staging.commit(written.iter().map(String::as_str))?;
    Ok(written)
}

/// A page as written: its path and a hash of its contents, so a later
/// rebuild can tell which pages changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Path relative to OUT.
    pub path: String,
    /// Hash of the contents.
    pub hash: u64,
}

impl Written {
    /// Path and hash of a page.
    pub fn of(page: &Page) -> Self {
        Self {
            path: page.path.clone(),
            hash: crate::depends::hash(&page.contents),
        }
    }
}
