//! The HTML pages rendered by headless Chromium (Debian's `chromium`): the summary's DOM, as the
//! browser built it, has the matrix rows; the summaries of a passing run, a failing run and a
//! fuzz campaign and a history page each show their charts, with marks, within 1280 px; and
//! screenshots of each are kept in `CARGO_TARGET_TMPDIR/chromium-screenshots`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use reports::{case_anchor, render_history_html, render_html, Matrix, SummaryOptions};

use crate::common::{
    failing_run, fuzz_campaign, history_of, history_runs, large_failing_run, passing_run,
    run_with_timeout, temp_dir, TEST_DEPS,
};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Decodes the character references Chromium's serializer writes in attribute values.
fn decode_attribute(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in the start tag `tag` (the text after `<` up to `>`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(decode_attribute(&tag[start..end]))
}

/// The start tags (without `<`) of `dom` whose text starts with `prefix`.
fn start_tags<'a>(dom: &'a str, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    dom.split('<')
        .filter(move |piece| piece.starts_with(prefix))
        .map(|piece| piece.split('>').next().unwrap_or(piece))
}

/// The width and height in a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" || &png[12..16] != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let height = u32::from_be_bytes(png[20..24].try_into().ok()?);
    Some((width, height))
}

/// Chromium's flags for a quiet, offline headless run.
const HEADLESS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// The window a reader first sees.
const VIEWPORT: (u32, u32) = (1280, 800);

/// Decodes `encodeURIComponent` output.
fn decode_uri_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
            out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

/// Loads `page` in a [`VIEWPORT`]-sized frame of a probe page and returns what `measure`, a
/// JavaScript expression evaluated after layout with `w` bound to the frame's window, gives
/// (it must be JSON-serialisable). The summary itself has no script.
fn probe(page: &Path, measure: &str, dir: &Path) -> serde_json::Value {
    let probe = dir.join("probe.html");
    let (width, height) = VIEWPORT;
    std::fs::write(
        &probe,
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\">\
             <iframe id=\"f\" src=\"{src}\" style=\"width:{width}px;height:{height}px;border:0\"></iframe>\
             <pre id=\"out\"></pre><script>\
             document.getElementById('f').addEventListener('load', () => {{\
               const w = document.getElementById('f').contentWindow;\
               document.getElementById('out').textContent = encodeURIComponent(\
                 JSON.stringify({measure}));\
             }});</script></body></html>",
            src = page.file_name().unwrap().to_string_lossy(),
        ),
    )
    .expect("write probe");
    let mut command = Command::new(CHROMIUM);
    command
        .args(HEADLESS)
        .arg("--allow-file-access-from-files")
        .arg("--virtual-time-budget=5000")
        .arg(format!("--window-size={},{}", width + 40, height + 200))
        .arg(format!(
            "--user-data-dir={}",
            dir.join("probe-profile").display()
        ))
        .arg("--dump-dom")
        .arg(format!("file://{}", probe.display()));
    let output = run_with_timeout(command, Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("{e}: install the test tools with {TEST_DEPS}"));
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dom = String::from_utf8(output.stdout).expect("utf-8 DOM");
    let start = dom.find("<pre id=\"out\">").expect("probe output") + "<pre id=\"out\">".len();
    let encoded = &dom[start..start + dom[start..].find('<').expect("end of probe output")];
    serde_json::from_str(&decode_uri_component(encoded)).expect("probe JSON")
}

/// What the browser shows of `page` in a [`VIEWPORT`]-sized window: the rendered text
/// (`innerText`, which leaves out what a closed `<details>` hides) and the bottom edge of the
/// first element matching `selector`, in CSS pixels from the top of the viewport.
fn rendered(page: &Path, selector: &str, dir: &Path) -> (String, f64, f64) {
    let json = probe(
        page,
        &format!(
            "(() => {{ const el = w.document.querySelector({selector:?}); \
             return {{text: w.document.body.innerText, \
             bottom: el ? el.getBoundingClientRect().bottom : -1, height: w.innerHeight}}; }})()"
        ),
        dir,
    );
    (
        json["text"].as_str().expect("text").to_owned(),
        json["bottom"].as_f64().expect("bottom"),
        json["height"].as_f64().expect("height"),
    )
}

/// Every chart of `page` as the browser laid it out, with every `<details>` opened: its
/// figure id, how many marks of the data it shows (bars and cells with an area, dots with a
/// radius, the series' lines: plotters draws them 2 px wide, its axes 1 px), and its rendered
/// width; plus whether the page is wider than the window.
fn charts(page: &Path, dir: &Path) -> (Vec<(String, u64, f64)>, bool) {
    let json = probe(
        page,
        "(() => { w.document.querySelectorAll('details').forEach(d => d.open = true); \
         const figures = [...w.document.querySelectorAll('figure.chart')].map(f => { \
           const svg = f.querySelector('svg'); \
           if (!svg) return [f.id, 0, 0]; \
           const box = svg.viewBox.baseVal; \
           const marks = [...svg.querySelectorAll('rect, circle, polyline')].filter(m => { \
             const b = m.getBBox(); \
             if (m.tagName === 'rect') return b.width > 0 && b.height > 0 \
               && !(b.width >= box.width && b.height >= box.height); \
             if (m.tagName === 'circle') return m.r.baseVal.value > 0; \
             return m.getAttribute('stroke-width') === '2' && b.width + b.height > 0; \
           }).length; \
           return [f.id, marks, svg.getBoundingClientRect().width]; }); \
         return {figures, overflow: w.document.documentElement.scrollWidth > w.innerWidth}; })()",
        dir,
    );
    let figures = json["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .map(|f| {
            (
                f[0].as_str().expect("id").to_owned(),
                f[1].as_u64().expect("marks"),
                f[2].as_f64().expect("width"),
            )
        })
        .collect();
    (figures, json["overflow"].as_bool().expect("overflow"))
}

/// Takes a screenshot of `page` in a window [`VIEWPORT`] wide and `height` high, keeps it as
/// `name`.png in the test's output folder (`CARGO_TARGET_TMPDIR/chromium-screenshots`) and
/// returns its path.
fn screenshot(page: &Path, name: &str, height: u32, dir: &Path) -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("chromium-screenshots");
    std::fs::create_dir_all(&folder).expect("create the screenshot folder");
    let shot = folder.join(format!("{name}.png"));
    let mut command = Command::new(CHROMIUM);
    command
        .args(HEADLESS)
        .arg(format!("--window-size={},{height}", VIEWPORT.0))
        .arg(format!(
            "--user-data-dir={}",
            dir.join(format!("{name}-profile")).display()
        ))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()));
    let output = run_with_timeout(command, Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("{e}: install the test tools with {TEST_DEPS}"));
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    assert_eq!(
        png_size(&png),
        Some((VIEWPORT.0, height)),
        "a PNG of the window size"
    );
    shot
}

#[test]
fn every_page_shows_its_charts_and_fits_the_width() {
    assert!(
        Path::new(CHROMIUM).is_file(),
        "{CHROMIUM} is missing: install the test tools with {TEST_DEPS}"
    );
    let dir = temp_dir("charts");
    let history_dir = dir.path().join("runs");
    std::fs::create_dir_all(&history_dir).expect("runs dir");
    let history = history_of(&history_runs(&history_dir));
    let options = SummaryOptions::default();
    let pages = [
        (
            "passing-run",
            render_html(&passing_run(), &options),
            &["suites", "grid", "latency"][..],
        ),
        (
            "failing-run",
            render_html(&failing_run(), &options),
            &["suites", "grid", "latency"][..],
        ),
        (
            "fuzz-campaign",
            render_html(&fuzz_campaign(), &options),
            &["rounds", "suites", "grid", "latency"][..],
        ),
        (
            "history",
            render_history_html(&history),
            &["runs", "failures-coverage"][..],
        ),
    ];
    for (name, html, expected) in pages {
        let page = dir.path().join(format!("{name}.html"));
        std::fs::write(&page, html).expect("write page");
        let (figures, overflow) = charts(&page, dir.path());
        let ids: Vec<&str> = figures.iter().map(|(id, _, _)| id.as_str()).collect();
        let wanted: Vec<String> = expected.iter().map(|id| format!("chart-{id}")).collect();
        assert_eq!(ids, wanted, "{name}: the charts, in page order");
        for (id, marks, width) in &figures {
            assert!(*marks > 0, "{name}: {id} draws no mark");
            assert!(
                *width > 300.0 && *width <= f64::from(VIEWPORT.0),
                "{name}: {id} is {width}px wide"
            );
        }
        assert!(!overflow, "{name}: the page is wider than {}px", VIEWPORT.0);
        let shot = screenshot(&page, name, 2400, dir.path());
        let size = std::fs::metadata(&shot).expect("screenshot").len();
        assert!(
            size > 20_000,
            "{name}: the screenshot is only {size} bytes: a blank page?"
        );
    }
}

#[test]
fn the_failing_rule_and_its_description_are_above_the_fold() {
    assert!(
        Path::new(CHROMIUM).is_file(),
        "{CHROMIUM} is missing: install the test tools with {TEST_DEPS}"
    );
    let run = large_failing_run();
    let dir = temp_dir("fold");
    let page = dir.path().join("summary.html");
    std::fs::write(&page, render_html(&run, &SummaryOptions::default())).expect("write page");
    let (text, bottom, height) = rendered(&page, ".failing-rule h3 + p.description", dir.path());
    assert_eq!(
        height,
        f64::from(VIEWPORT.1),
        "the frame is one viewport high"
    );
    assert!(
        bottom > 0.0 && bottom <= height,
        "the failing rule's description ends at {bottom}px, below the first {height}px:\n{text}"
    );
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let rule = "token:rotation.old-rejected";
    let description = "a refresh token that was rotated is rejected with 401 invalid-refresh-token";
    let rule_line = lines
        .iter()
        .position(|l| l.contains(rule))
        .unwrap_or_else(|| panic!("{rule} not rendered:\n{text}"));
    let description_line = lines
        .iter()
        .position(|l| l.contains(description))
        .expect("description rendered");
    assert!(
        rule_line < 40 && description_line < 40,
        "rule at line {rule_line}, description at {description_line}:\n{text}"
    );
    let passing = text
        .find("Conformance matrix:")
        .expect("the folded matrix's summary is shown");
    assert!(
        text.find(rule).unwrap() < passing,
        "the rule comes before the passing-rules table"
    );
    assert!(
        !text.contains("/$defs/User/properties/avatarUrl:type"),
        "passing rules stay folded:\n{text}"
    );
    assert!(
        text.find(rule).unwrap()
            < text
                .find("Expected failures (")
                .expect("expected failures section"),
        "the failing rule comes before the expected failure"
    );
}

#[test]
fn chromium_renders_the_summary_with_its_matrix() {
    assert!(
        Path::new(CHROMIUM).is_file(),
        "{CHROMIUM} is missing: install the test tools with {TEST_DEPS}"
    );
    let run = failing_run();
    let dir = temp_dir("chromium");
    let page = dir.path().join("summary.html");
    std::fs::write(&page, render_html(&run, &SummaryOptions::default())).expect("write page");
    let screenshot = dir.path().join("summary.png");
    let profile = dir.path().join("profile");

    let mut command = Command::new(CHROMIUM);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()));
    let output = run_with_timeout(command, Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("{e}: install the test tools with {TEST_DEPS}"));
    assert!(
        output.status.success(),
        "chromium failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );

    // The screenshot: a real PNG of the requested size, and not a blank page.
    let png = std::fs::read(&screenshot).expect("chromium wrote the screenshot");
    assert_eq!(
        png_size(&png),
        Some((1280, 2000)),
        "a PNG of the window size"
    );
    assert!(
        png.len() > 20_000,
        "the screenshot is only {} bytes: a blank page?",
        png.len()
    );
    if let Ok(keep) = std::env::var("REPORTS_KEEP_SCREENSHOT") {
        std::fs::copy(&screenshot, keep).expect("copy screenshot");
    }

    // The DOM as the browser built it.
    let dom = String::from_utf8(output.stdout).expect("utf-8 DOM");
    assert!(
        dom.contains("<table id=\"matrix\">"),
        "no matrix table in:\n{dom}"
    );
    let matrix_html = &dom[dom.find("<table id=\"matrix\">").unwrap()..];
    let matrix_html = &matrix_html[..matrix_html.find("</table>").expect("the matrix table ends")];
    let rows: Vec<&str> = start_tags(matrix_html, "tr class=\"rule-row\"").collect();
    let expected = Matrix::of(&run);
    assert_eq!(rows.len(), expected.rows.len(), "one row per rule");
    let rules: Vec<String> = rows
        .iter()
        .map(|tag| attribute(tag, "data-rule").expect("data-rule"))
        .collect();
    let expected_rules: Vec<String> = expected
        .by_status()
        .iter()
        .map(|r| r.rule.clone())
        .collect();
    assert_eq!(rules, expected_rules, "worst first");

    // Each failing rule links to the details of its first failure, and that element exists.
    for row in expected.rows.iter().filter(|r| r.failed > 0) {
        let anchor = case_anchor(row.first_failure.as_deref().unwrap());
        assert!(
            matrix_html.contains(&format!("href=\"#{anchor}\"")),
            "no link to {anchor}"
        );
        assert!(
            dom.contains(&format!("id=\"{anchor}\"")),
            "no element {anchor}"
        );
    }

    // The hostile response body stayed text: no script ran, no element was injected.
    assert!(
        dom.contains("<title>nhost-conformance: failed</title>"),
        "the title was changed"
    );
    assert!(!dom.contains("<script"), "a script element reached the DOM");
    assert!(!dom.contains("<img"), "an img element reached the DOM");
    assert!(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
}
