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

const LABEL_WIDTH: usize = 220;
const PLOT_WIDTH: usize = 360;
const TEXT_WIDTH: usize = 170;
const ROW: usize = 24;
const TOP: usize = 22;

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
        let width = LABEL_WIDTH + PLOT_WIDTH + TEXT_WIDTH;
        let height = TOP + ROW * self.bars.len() + 8;
        let id = self.id;
        let mut svg = String::new();
        let _ = write!(
            svg,
            r#"<svg class="chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            escape(self.title),
            escape(self.description)
        );
        for (i, bar) in self.bars.iter().enumerate() {
            let y = TOP + i * ROW;
            let length = scale(bar.value);
            let class = if bar.flagged { "bar flagged" } else { "bar" };
            let _ = write!(
                svg,
                r#"<g><text class="label" x="{}" y="{}" text-anchor="end">{}</text><rect class="{class}" x="{LABEL_WIDTH}" y="{}" width="{length}" height="{}" rx="2"/><text class="value" x="{}" y="{}">{}</text></g>"#,
                LABEL_WIDTH - 8,
                y + 16,
                escape(&truncate(&bar.label, 26)),
                y + 4,
                ROW - 8,
                LABEL_WIDTH + length + 6,
                y + 16,
                escape(&bar.text)
            );
        }
        if let Some((value, label)) = &self.marker {
            let x = LABEL_WIDTH + scale(*value);
            let _ = write!(
                svg,
                r#"<line class="marker" x1="{x}" y1="{}" x2="{x}" y2="{}"/><text class="marker-label" x="{x}" y="12" text-anchor="middle">{}</text>"#,
                TOP - 4,
                height - 4,
                escape(label)
            );
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
        assert!(svg.contains(r#"class="bar flagged" x="220" y="50" width="360""#));
        assert!(svg.contains(r#"class="bar" x="220" y="26" width="90""#));
        assert!(svg.contains(r#"<line class="marker" x1="490""#));
    }
}
