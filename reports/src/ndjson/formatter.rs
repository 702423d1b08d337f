//! The NDJSON sanitiser: [`to_line`] and the [`SafeFormatter`] it encodes with.
//!
//! NDJSON stays exact JSON: serde_json already writes every C0 control as an escape
//! (`\u001b`, `\n`), so no line can be split or a terminal driven by them. The formatter also
//! writes DEL, the C1 controls, the bidi controls and the noncharacters (see
//! [`is_unsafe`]) as `\uXXXX` escapes, so `tail -f run.ndjson` on a terminal is as safe as the
//! other reports, while every string still reads back exactly as it was.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};

use crate::text::is_unsafe;

/// serde_json's compact formatter, with the [unsafe](is_unsafe) characters that JSON allows
/// raw written as `\uXXXX` escapes (UTF-16 surrogate pairs beyond the BMP).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SafeFormatter;

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if !is_unsafe(c) {
                continue;
            }
            CompactFormatter.write_string_fragment(writer, &fragment[start..at])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = at + c.len_utf8();
        }
        CompactFormatter.write_string_fragment(writer, &fragment[start..])
    }
}

/// `value` as one line of JSON, ending in `\n`.
pub(crate) fn to_line<T: Serialize>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(256);
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, SafeFormatter);
    value.serialize(&mut serializer)?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unsafe_character_is_an_escape_and_reads_back() {
        let text = "a\u{1b}[2J\u{0}\u{7f}\u{9b}\u{202e}\u{fffe}\u{10ffff}\r\n\"\\é🙂\u{2028}";
        let line = String::from_utf8(to_line(&text).unwrap()).unwrap();
        assert_eq!(
            line,
            "\"a\\u001b[2J\\u0000\\u007f\\u009b\\u202e\\ufffe\\udbff\\udfff\\r\\n\\\"\\\\é🙂\u{2028}\"\n"
        );
        assert!(line.trim_end().chars().all(|c| !is_unsafe(c) && c != '\n'));
        let back: String = serde_json::from_str(&line).unwrap();
        assert_eq!(back, text);
    }
}
