//! Compiled regex strategies for the crate's own patterns. The main item is [`re`].

use proptest::prelude::*;

/// Strings matching `pattern` (regex syntax), compiled once. Only for the crate's own patterns.
pub(crate) fn re(pattern: &str) -> BoxedStrategy<String> {
    proptest::string::string_regex(pattern)
        .unwrap_or_else(|e| panic!("bug: built-in pattern `{pattern}` does not compile: {e}"))
        .boxed()
}
