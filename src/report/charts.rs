//! Inline SVG charts, drawn at build time: no JavaScript, no external
//! assets. Colours come from the page's CSS classes, so they follow the
//! light and dark schemes; values are always written as text too.

use std::fmt::Write;

use super::escape::escape;

/// One bar of a horizontal bar chart.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Row label (a name, an outcome, a bucket).
    pub label: String,
    /// Length, in the chart's units.
    pub value: f64,
    /// The value as text, written after the bar.
    pub text: String,
    /// Drawn in the attention style (the text says why, too).
    pub flagged: bool,
}

/// A horizontal bar chart.
pub struct BarChart<'a> {
    /// Unique within the page; prefixes the SVG's element ids.
    pub id: &'a str,
    /// Accessible name.
    pub title: &'a str,
    /// Accessible description: what is measured, what the marks mean.
    pub description: &'a str,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
    /// A vertical reference line (value, label), such as a threshold.
    pub marker: Option<(f64, String)>,
}

/// The chart is narrow in its own units and each row's words sit on a line
/// of their own above its bar, so that scaled to a phone's width (about
/// 350 px) its 13-unit text still renders 11 px tall or more, and a marker
/// drawn across the bars crosses no text.
const WIDTH: usize = 400;
const PLOT_WIDTH: usize = WIDTH;
/// One row: the label (left) and the value (right) on a line, the bar below.
const ROW: usize = 38;
const TEXT_BASELINE: usize = 13;
const BAR_TOP: usize = 18;
const BAR_HEIGHT: usize = 14;
/// Room for the marker's label above the first row.
const TOP: usize = 18;
/// Label characters shown, leaving room for the value on the same line;
/// the title and description carry the rest.
const LABEL_CHARS: usize = 28;

impl BarChart<'_> {
    /// The chart under its title as a visible heading.
    pub fn figure(&self) -> crate::report::pages::Figure {
        crate::report::pages::Figure {
            title: self.title.to_owned(),
            svg: self.to_svg(),
        }
    }

    /// The chart as an `<svg>` element.
    pub fn to_svg(&self) -> String {
        let max = self
            .bars
            .iter()
            .map(|b| b.value)
            .chain(self.marker.as_ref().map(|m| m.0))
            .fold(1.0_f64, f64::max);
        let scale = |v: f64| ((v.max(0.0) / max) * PLOT_WIDTH as f64).round() as usize;
        let top = if self.marker.is_some() { TOP } else { 0 };
        let height = top + ROW * self.bars.len() + 4;
        let id = self.id;
        let mut svg = String::new();
        let _ = write!(
            svg,
            r#"<svg class="chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            escape(self.title),
            escape(self.description)
        );
        for (i, bar) in self.bars.iter().enumerate() {
            let y = top + i * ROW;
            let length = scale(bar.value);
            let class = if bar.flagged { "bar flagged" } else { "bar" };
            let _ = write!(
                svg,
                r#"<g><text class="label" x="0" y="{}">{}</text><text class="value" x="{WIDTH}" y="{}" text-anchor="end">{}</text><rect class="{class}" x="0" y="{}" width="{length}" height="{BAR_HEIGHT}" rx="2"/></g>"#,
                y + TEXT_BASELINE,
                escape(&truncate(&bar.label, LABEL_CHARS)),
                y + TEXT_BASELINE,
                escape(&bar.text),
                y + BAR_TOP,
            );
        }
        if let Some((value, label)) = &self.marker {
            // A tick across each bar's line, never across a line of text.
            let x = scale(*value);
            let _ = write!(
                svg,
                r#"<text class="marker-label" x="{x}" y="12" text-anchor="middle">{}</text>"#,
                escape(label)
            );
            for i in 0..self.bars.len() {
                let y = top + i * ROW + BAR_TOP;
                let _ = write!(
                    svg,
                    r#"<line class="marker" x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#,
                    y - 2,
                    y + BAR_HEIGHT + 2
                );
            }
        }
        svg.push_str("</svg>");
        svg
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_accessible_escaped_bars() {
        let chart = BarChart {
            id: "c",
            title: "Days <since>",
            description: "d",
            bars: vec![
                Bar {
                    label: "<b>Ann</b>".into(),
                    value: 10.0,
                    text: "10 days".into(),
                    flagged: false,
                },
                Bar {
                    label: "Bo".into(),
                    value: 40.0,
                    text: "40 days, over the limit".into(),
                    flagged: true,
                },
            ],
            marker: Some((30.0, "limit 30".into())),
        };
        let svg = chart.to_svg();
        assert!(
            svg.starts_with(r#"<svg class="chart" role="img" aria-labelledby="c-title c-desc""#)
        );
        assert!(svg.contains("<title id=\"c-title\">Days &lt;since&gt;</title>"));
        assert!(svg.contains("&lt;b&gt;Ann&lt;/b&gt;"));
        // Bars on the plot's scale (the longest is the plot's width), each
        // under its label's line.
        assert!(svg.contains(
            r#"<text class="label" x="0" y="31">&lt;b&gt;Ann&lt;/b&gt;</text><text class="value" x="400" y="31" text-anchor="end">10 days</text>"#
        ));
        assert!(svg.contains(r#"class="bar" x="0" y="36" width="100""#));
        assert!(svg.contains(r#"class="bar flagged" x="0" y="74" width="400""#));
        // The limit is a tick across each bar's line, not across text.
        assert_eq!(svg.matches(r#"<line class="marker" x1="300""#).count(), 2);
    }
}
