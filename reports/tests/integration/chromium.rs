//! The HTML summary rendered by headless Chromium (Debian's `chromium`): a screenshot is taken
//! and the page's DOM, as the browser built it, has the matrix rows.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use reports::{case_anchor, render_html, Matrix, SummaryOptions};

use crate::common::{failing_run, run_with_timeout, TempDir, TEST_DEPS};

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

#[test]
fn chromium_renders_the_summary_with_its_matrix() {
    assert!(
        Path::new(CHROMIUM).is_file(),
        "{CHROMIUM} is missing: install the test tools with {TEST_DEPS}"
    );
    let run = failing_run();
    let dir = TempDir::new("chromium");
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
    let expected_rules: Vec<String> = expected.rows.iter().map(|r| r.rule.clone()).collect();
    assert_eq!(rules, expected_rules);

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
