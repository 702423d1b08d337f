//! Charts for the HTML pages, drawn as inline SVG by plotters (its SVG backend only: no
//! script, no font files, no network). The main type is [`figure::Figure`]: a chart with its caption,
//! an SVG `<title>` and `<desc>`, and an HTML legend; every chart is also given in numbers by a
//! table next to it, so nothing is said by colour alone.
//!
//! Colours come from the Okabe–Ito palette ([`palette`]), which stays distinguishable for the
//! common forms of colour blindness. Each chart has one file: outcomes as stacked bars
//! ([`bars`]), latency per operation ([`latency`]), the rule × suite grid ([`grid`]) and lines
//! over time ([`lines`]: fuzz rounds, runs of a history).

pub(crate) mod bars;
mod figure;
pub(crate) mod grid;
pub(crate) mod latency;
pub(crate) mod lines;
pub(crate) mod palette;
