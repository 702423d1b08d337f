//! A drawn chart and its words: [`Figure`], and [`draw`], which runs plotters' SVG backend
//! into a string.

use std::fmt::Write as _;

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::prelude::{IntoDrawingArea, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{IntoFont, RGBColor, TextStyle};

use super::palette::{css, INK};
use crate::summary::escape_html;
use crate::text::{escape_controls, truncate};

/// Where charts draw: a whole SVG image.
pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// What drawing can fail with (plotters' SVG backend writes to a string, so only its own
/// errors, such as a range it cannot map).
pub(crate) type DrawError = DrawingAreaErrorKind<std::io::Error>;

/// The width every chart is drawn at, in CSS pixels; pages scale it down to fit.
pub(crate) const WIDTH: u32 = 960;

/// The font of every label.
pub(crate) const FONT: &str = "sans-serif";

/// A chart ready for a page.
#[derive(Debug, Clone)]
pub(crate) struct Figure {
    /// The figure's HTML id, `chart-` + this.
    pub id: &'static str,
    /// A short title (the caption's first words and the SVG `<title>`).
    pub title: String,
    /// What the chart shows, in a sentence or two (the caption and the SVG `<desc>`).
    pub description: String,
    /// The SVG image, as plotters wrote it.
    pub svg: String,
    /// The legend: each colour and what it stands for.
    pub legend: Vec<(String, RGBColor)>,
}

impl Figure {
    /// The figure as HTML: `<figure class="chart" id="chart-ID">` with a `<figcaption>`, the SVG
    /// (marked `role="img"`, labelled by its `<title>` and `<desc>`) and the legend. Every text
    /// is escaped.
    pub fn html(&self) -> String {
        let id = self.id;
        let title = escape_html(&self.title);
        let description = escape_html(&self.description);
        let mut out = format!(
            "<figure class=\"chart\" id=\"chart-{id}\">\n<figcaption><b>{title}.</b> {description}</figcaption>\n"
        );
        // plotters opens the image with `<svg width=… height=… viewBox=… xmlns=…>`.
        match self.svg.find('>') {
            Some(end) if self.svg.starts_with("<svg") => {
                let _ = write!(
                    out,
                    "{} role=\"img\" aria-labelledby=\"chart-{id}-title chart-{id}-desc\">\n\
                     <title id=\"chart-{id}-title\">{title}</title>\n\
                     <desc id=\"chart-{id}-desc\">{description}</desc>{}",
                    &self.svg[..end],
                    &self.svg[end + 1..],
                );
            }
            _ => out.push_str(&self.svg),
        }
        if !self.legend.is_empty() {
            out.push_str("<ul class=\"legend\">");
            for (label, color) in &self.legend {
                let _ = write!(
                    out,
                    "<li><span class=\"swatch\" style=\"background:{}\"></span>{}</li>",
                    css(*color),
                    escape_html(label)
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</figure>\n");
        out
    }
}

/// Runs `paint` on a `width` × `height` SVG image and returns the image, or `None` when
/// plotters could not draw it (the page then has the chart's table only).
pub(crate) fn draw(
    width: u32,
    height: u32,
    paint: impl FnOnce(&Area<'_>) -> Result<(), DrawError>,
) -> Option<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        paint(&root).ok()?;
        root.present().ok()?;
    }
    Some(svg)
}

/// A label for a chart: control characters shown as escapes (plotters escapes markup itself),
/// cut to `max` characters.
pub(crate) fn label(text: &str, max: usize) -> String {
    truncate(&escape_controls(text), max)
}

/// Ink-coloured text of `size` pixels, anchored at `h` and centred vertically: a row's label
/// (right of it the bars begin) or a bar's count (left-anchored after its end).
pub(crate) fn row_text(size: u32, h: HPos) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font())
        .color(&INK)
        .pos(Pos::new(h, VPos::Center))
}
