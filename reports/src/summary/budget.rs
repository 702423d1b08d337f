//! Keeping the Markdown summary under a size: GitHub refuses a step summary over 1 MiB. The
//! main type is [`Section`]; [`fit`] shrinks sections until the whole fits.
//!
//! A section is a head, a list of blocks (a table row, a case's details, a failing rule's write
//! up) and a tail, so it can only be cut between blocks and the Markdown stays whole: a table
//! keeps its header, a `<details>` its closing tag, a code fence its end. The longest sections
//! shrink first. A block may have a compact form (a failing rule in one line): such blocks are
//! compacted, last first, but never dropped, so every failing rule stays listed; other blocks
//! are dropped from the end. A section that was cut ends with a note saying how much is left
//! out and that the HTML summary has all of it.

use std::fmt::Write as _;

/// One block of a section: its text, and the shorter text that may stand in for it.
#[derive(Debug, Clone)]
struct Block {
    full: String,
    compact: Option<String>,
    compacted: bool,
}

impl Block {
    fn text(&self) -> &str {
        match (&self.compact, self.compacted) {
            (Some(compact), true) => compact,
            _ => &self.full,
        }
    }
}

/// A part of the summary that can be cut between its blocks.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    /// What a block is, in the plural, for the note (`failing cases`, `rows`).
    what: &'static str,
    head: String,
    blocks: Vec<Block>,
    tail: String,
    dropped: usize,
}

impl Section {
    /// An empty section whose blocks are `what` (plural, for the note).
    pub fn new(what: &'static str) -> Self {
        Self {
            what,
            head: String::new(),
            blocks: Vec::new(),
            tail: String::new(),
            dropped: 0,
        }
    }

    /// The text before the blocks (a heading, a table's header): never cut.
    pub fn head(&mut self) -> &mut String {
        &mut self.head
    }

    /// The text after the blocks (a closing tag, the blank line that ends a table): never cut.
    pub fn tail(&mut self) -> &mut String {
        &mut self.tail
    }

    /// Adds a block that may be dropped.
    pub fn block(&mut self, text: String) {
        self.blocks.push(Block {
            full: text,
            compact: None,
            compacted: false,
        });
    }

    /// Adds a block that may be shortened to `compact`, never dropped.
    pub fn block_or(&mut self, full: String, compact: String) {
        self.blocks.push(Block {
            full,
            compact: Some(compact),
            compacted: false,
        });
    }

    /// Its length in bytes as it would be written now.
    fn len(&self) -> usize {
        let blocks: usize = self.blocks.iter().map(|b| b.text().len()).sum();
        self.head.len() + blocks + self.tail.len() + self.note().len()
    }

    /// Whether it can still get shorter without losing a block that must stay.
    fn can_shrink(&self) -> bool {
        self.blocks
            .iter()
            .any(|b| b.compact.is_none() || !b.compacted)
    }

    /// Makes it about `bytes` shorter if it can (the note it gains is not counted: [`fit`]
    /// comes back for that): compacts blocks from the last one, then drops blocks without a
    /// compact form from the end.
    fn shrink(&mut self, bytes: usize) {
        let mut left = bytes;
        for block in self.blocks.iter_mut().rev() {
            if left == 0 {
                return;
            }
            if block.compact.is_some() && !block.compacted {
                let before = block.text().len();
                block.compacted = true;
                left = left.saturating_sub(before.saturating_sub(block.text().len()));
            }
        }
        let mut keep = vec![true; self.blocks.len()];
        for (index, block) in self.blocks.iter().enumerate().rev() {
            if left == 0 {
                break;
            }
            if block.compact.is_none() {
                keep[index] = false;
                self.dropped += 1;
                left = left.saturating_sub(block.full.len());
            }
        }
        let mut index = 0;
        self.blocks.retain(|_| {
            index += 1;
            keep[index - 1]
        });
    }

    /// The note a cut section ends with.
    fn note(&self) -> String {
        let compacted = self.blocks.iter().filter(|b| b.compacted).count();
        let mut note = String::new();
        if self.dropped > 0 {
            let _ = write!(
                note,
                "\n_… and {} more {} not shown here, to keep this summary under GitHub's 1 MiB \
                 step-summary limit: the HTML summary has every one (so do the JUnit and NDJSON \
                 reports)._\n\n",
                self.dropped, self.what
            );
        }
        if compacted > 0 {
            let _ = write!(
                note,
                "\n_The last {compacted} {} are listed one line each, to keep this summary under \
                 GitHub's 1 MiB step-summary limit: the HTML summary has each in full._\n\n",
                self.what
            );
        }
        note
    }

    /// Writes the section to `out`.
    pub fn render(&self, out: &mut String) {
        out.push_str(&self.head);
        for block in &self.blocks {
            out.push_str(block.text());
        }
        out.push_str(&self.note());
        out.push_str(&self.tail);
    }
}

/// Shrinks the longest sections until all of them together are at most `max_bytes` long, or
/// nothing more can go.
pub(crate) fn fit(sections: &mut [Section], max_bytes: usize) {
    loop {
        let total: usize = sections.iter().map(Section::len).sum();
        if total <= max_bytes {
            return;
        }
        let Some(longest) = sections
            .iter_mut()
            .filter(|s| s.can_shrink())
            .max_by_key(|s| s.len())
        else {
            return;
        };
        longest.shrink(total - max_bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: usize, width: usize) -> Section {
        let mut section = Section::new("rows");
        section.head().push_str("| a |\n| --- |\n");
        for i in 0..rows {
            section.block(format!("| {i:0width$} |\n"));
        }
        section.tail().push('\n');
        section
    }

    fn rendered(sections: &[Section]) -> String {
        let mut out = String::new();
        for section in sections {
            section.render(&mut out);
        }
        out
    }

    #[test]
    fn what_fits_is_left_whole() {
        let mut sections = [table(3, 4)];
        let before = rendered(&sections);
        fit(&mut sections, 10_000);
        assert_eq!(rendered(&sections), before);
        assert!(!before.contains("1 MiB"));
    }

    #[test]
    fn the_longest_section_is_cut_between_blocks_with_a_note() {
        let mut sections = [table(10, 2), table(1_000, 100)];
        let small = rendered(&sections[..1]);
        fit(&mut sections, 20_000);
        let text = rendered(&sections);
        assert!(text.len() <= 20_000, "{}", text.len());
        assert!(text.starts_with(&small), "the short section is left whole");
        assert!(text.contains("more rows not shown here"), "{text}");
        // Every kept row is whole: the table is still a table.
        let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| 0")).collect();
        assert!(
            rows.iter().all(|r| r.len() == 104 || r.len() == 6),
            "{rows:?}"
        );
    }

    #[test]
    fn compact_blocks_shrink_but_stay() {
        let mut rules = Section::new("failing rules");
        for i in 0..50 {
            rules.block_or(
                format!("#### rule-{i}\n\n{}\n\n", "x".repeat(1_000)),
                format!("- rule-{i}\n"),
            );
        }
        let mut sections = [rules, table(500, 50)];
        fit(&mut sections, 5_000);
        let text = rendered(&sections);
        assert!(text.len() <= 5_000, "{}", text.len());
        for i in 0..50 {
            assert!(text.contains(&format!("rule-{i}\n")), "rule-{i} is listed");
        }
        assert!(text.contains("failing rules are listed one line each"));
    }
}
