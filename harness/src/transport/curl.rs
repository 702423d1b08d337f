//! Renders a request as a `curl` command, for failure messages and reports.

/// A shell-quoted `curl` command for a request (headers and body already redacted).
pub fn command(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<&str>,
) -> String {
    let mut cmd = format!("curl -sS -X {method} {}", quote(url));
    for (name, value) in headers {
        cmd.push_str(&format!(" -H {}", quote(&format!("{name}: {value}"))));
    }
    if let Some(body) = body {
        cmd.push_str(&format!(" --data-raw {}", quote(body)));
    }
    cmd
}

/// Single-quotes a string for POSIX shells.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_single_quotes() {
        let c = super::command(
            "POST",
            "http://h/v1/token",
            &[("Content-Type".into(), "application/json".into())],
            Some("{\"a\":\"it's\"}"),
        );
        assert_eq!(
            c,
            r#"curl -sS -X POST 'http://h/v1/token' -H 'Content-Type: application/json' --data-raw '{"a":"it'\''s"}'"#
        );
    }
}
