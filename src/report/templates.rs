//! The Tera templates: built into the binary, and replaceable file by file
//! from a folder (`--templates DIR`) for teams that want their own look.

use std::path::Path;

use anyhow::Context as _;
use tera::Tera;

/// Every template, by name, as shipped.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("member.html", include_str!("../../templates/member.html")),
    ("team.html", include_str!("../../templates/team.html")),
    (
        "sub-teams.html",
        include_str!("../../templates/sub-teams.html"),
    ),
    ("manager.html", include_str!("../../templates/manager.html")),
    ("outcome.html", include_str!("../../templates/outcome.html")),
    (
        "framework.html",
        include_str!("../../templates/framework.html"),
    ),
    ("matrix.html", include_str!("../../templates/matrix.html")),
    (
        "findings.html",
        include_str!("../../templates/findings.html"),
    ),
    ("finding.html", include_str!("../../templates/finding.html")),
    ("notes.html", include_str!("../../templates/notes.html")),
    (
        "attention.html",
        include_str!("../../templates/attention.html"),
    ),
    ("action.html", include_str!("../../templates/action.html")),
    ("heatmap.html", include_str!("../../templates/heatmap.html")),
    ("share.html", include_str!("../../templates/share.html")),
    (
        "outcome-state.html",
        include_str!("../../templates/outcome-state.html"),
    ),
    (
        "sub-vision.html",
        include_str!("../../templates/sub-vision.html"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
];

/// The engine with every template, each taken from `overrides` when that
/// folder has a file of the same name.
pub fn engine(overrides: Option<&Path>) -> anyhow::Result<Tera> {
    let mut sources = Vec::with_capacity(BUILT_IN.len());
    for &(name, built_in) in BUILT_IN {
        let text = match overrides.map(|dir| dir.join(name)).filter(|p| p.is_file()) {
            Some(path) => std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read template `{}`", path.display()))?,
            None => built_in.to_owned(),
        };
        sources.push((name, text));
    }
    let mut tera = Tera::default();
    tera.set_escape_fn(super::escape::escape_to);
    // `{{ n | thousands }}`: 10,000.
    tera.register_filter("thousands", |n: i64, _: tera::Kwargs, _: &tera::State| {
        crate::words::thousands(n)
    });
    tera.add_raw_templates(sources)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("a template does not compile")?;
    Ok(tera)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A replaced template that quotes an attribute with `'` is as safe as
    /// the built-in ones, which use `"`.
    #[test]
    fn values_are_escaped_for_either_quote() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("member.html"),
            "<a title='{{ name }}' href=\"{{ name }}\">{{ name }}</a>",
        )
        .unwrap();
        let tera = engine(Some(dir.path())).unwrap();
        let mut context = tera::Context::new();
        context.insert("name", "x' onmouseover='alert(1)\" <b>&");
        assert_eq!(
            tera.render("member.html", &context).unwrap(),
            "<a title='x&#39; onmouseover=&#39;alert(1)&quot; &lt;b&gt;&amp;' \
             href=\"x&#39; onmouseover=&#39;alert(1)&quot; &lt;b&gt;&amp;\">\
             x&#39; onmouseover=&#39;alert(1)&quot; &lt;b&gt;&amp;</a>"
        );
    }
}
