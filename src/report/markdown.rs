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

/// `markdown` without a first heading that only repeats `title`, the
/// heading the page already gives it (a member's "## Notes" under the
/// page's own "Notes").
pub fn without_title<'t>(markdown: &'t str, title: &str) -> &'t str {
    let start = markdown.len() - markdown.trim_start().len();
    let text = &markdown[start..];
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let words = first.trim_start_matches('#');
    let is_heading = first.starts_with('#') && first.len() - words.len() <= 6;
    let same = words
        .trim()
        .trim_end_matches('#')
        .trim()
        .eq_ignore_ascii_case(title);
    if is_heading && words.starts_with([' ', '\t']) && same {
        rest
    } else {
        markdown
    }
}

/// Render `markdown` to sanitised HTML. Headings move so the shallowest
/// becomes `<h{top}>`, keeping the page's heading order whatever level a
/// note starts at. A secret key pasted in a note is hidden.
pub fn to_html(markdown: &str, top: usize) -> String {
    let markdown = &*crate::secret::redact(markdown);
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let shallowest = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let shift = top.saturating_sub(shallowest);
    // Plain Markdown renders to safe HTML by construction (pulldown-cmark
    // escapes text and attributes); only raw HTML, images and links that
    // are not plainly web, mail or relative need the sanitiser.
    let needs_sanitising = events.iter().any(|e| match e {
        Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::Image { .. }) => true,
        Event::Start(Tag::Link { dest_url, .. }) => !plain_link(dest_url),
        _ => false,
    });
    let events = events.into_iter().map(|event| match event {
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
    if needs_sanitising {
        SANITISER.clean(&html).to_string()
    } else {
        html
    }
}

/// `https:`, `http:` and `mailto:` links, fragments and relative paths.
fn plain_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    let scheme_end = lower.find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)));
    match scheme_end.map(|i| (&lower[..i], &lower[i..])) {
        Some((scheme, rest)) if rest.starts_with(':') => {
            ["http", "https", "mailto"].contains(&scheme)
        }
        _ => !lower.contains(':') && !lower.starts_with("//"),
    }
}

fn demote(level: HeadingLevel, shift: usize) -> HeadingLevel {
    let n = (level as usize + shift).min(6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_that_repeats_the_section_goes() {
        assert_eq!(
            without_title("\n## Notes\n\nBob was out.", "Notes"),
            "\nBob was out."
        );
        assert_eq!(without_title("# notes #\nx", "Notes"), "x");
        assert_eq!(
            without_title("## Notes on Q3\nx", "Notes"),
            "## Notes on Q3\nx"
        );
        assert_eq!(without_title("#Notes\nx", "Notes"), "#Notes\nx");
        assert_eq!(without_title("Notes\n", "Notes"), "Notes\n");
    }

    #[test]
    fn renders_and_demotes_headings() {
        assert_eq!(
            to_html("# Notes\n\n*hi*", 3),
            "<h3>Notes</h3>\n<p><em>hi</em></p>\n"
        );
        assert_eq!(to_html("## A\n### B", 3), "<h3>A</h3>\n<h4>B</h4>\n");
        assert_eq!(
            to_html("[a](https://x.org) [b](notes.md#top)", 3),
            "<p><a href=\"https://x.org\">a</a> <a href=\"notes.md#top\">b</a></p>\n"
        );
    }

    #[test]
    fn links_alone_still_go_through_the_sanitiser() {
        for link in [
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1))",
            "[x](java&#115;cript:alert(1))",
            "[x](<javascript:alert(1)>)",
            "[x]: javascript:alert(1)\n\n[x]",
            "<javascript:alert(1)>",
            "[x](vbscript:msgbox(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
        ] {
            let html = to_html(link, 3).to_lowercase();
            // The text may still read `javascript:…`; no link may lead there.
            for scheme in ["javascript", "vbscript", "data", "java&"] {
                assert!(
                    !html.contains(&format!("href=\"{scheme}")),
                    "{link} -> {html}"
                );
            }
        }
    }

    #[test]
    fn strips_everything_that_could_run_or_fetch() {
        let hostile = "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n\
                       [click](javascript:alert(3)) [again]( JaVaScRiPt:alert(3)) [data](data:text/html,x)\n\n<iframe src=\"https://x\"></iframe>\n\n\
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
