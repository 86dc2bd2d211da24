//! Markdown notes to safe HTML: pulldown-cmark renders, ammonia sanitises.

use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The sanitiser: ammonia's default allowlist (no script, style, iframe,
/// object, form, SVG or MathML; no event handlers; only safe URL schemes),
/// minus images: the report copies no files and must open with no network,
/// so an image in a note could only show broken or be fetched from afar.
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder.rm_tags(["img"]);
    builder
});

/// Render `markdown` to sanitised HTML. Headings are demoted by `shift`
/// levels so a note's `# Title` fits under the page's own headings.
pub fn to_html(markdown: &str, shift: usize) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level, shift),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level, shift))),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    SANITISER.clean(&html).to_string()
}

fn demote(level: HeadingLevel, shift: usize) -> HeadingLevel {
    let n = (level as usize + shift).min(6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_demotes_headings() {
        assert_eq!(
            to_html("# Notes\n\n*hi*", 2),
            "<h3>Notes</h3>\n<p><em>hi</em></p>\n"
        );
    }

    #[test]
    fn strips_everything_that_could_run_or_fetch() {
        let hostile = "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n\
                       [click](javascript:alert(3))\n\n<iframe src=\"https://x\"></iframe>\n\n\
                       <svg onload=alert(4)></svg><form action=/x><input></form>\n\n\
                       ![t](https://tracker.example/p.png) <object data=x></object>";
        let html = to_html(hostile, 0);
        for needle in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "<svg",
            "onload",
            "<form",
            "<input",
            "tracker",
            "<object",
        ] {
            assert!(!html.contains(needle), "{needle} survived: {html}");
        }
    }
}
