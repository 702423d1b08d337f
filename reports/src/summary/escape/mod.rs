//! The summaries' sanitisers, one per format: [`escape_html`] for HTML, and for Markdown
//! [`escape_markdown`] (inline text), `code` (code spans) and `fenced` (code blocks); plus
//! [`case_anchor`], the ids both link to. Every piece of run data a summary shows goes through
//! one of them: markup characters are escaped for the format, and control characters, bidi
//! controls and noncharacters become visible escapes such as `\u{1b}`
//! (see [`crate::text::is_unsafe`]).

mod anchor;
mod html;
mod markdown;

pub use anchor::case_anchor;
pub use html::escape_html;
pub use markdown::escape_markdown;
pub(crate) use markdown::{code, fenced};
