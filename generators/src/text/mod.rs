//! Text: character pools and strings measured in characters. The main item is [`text`].

mod pools;
mod strings;

pub use pools::{
    any_json_char, char_at, from_pool, letter, symbol, Pool, ASCII_ALNUM, ASCII_PRINTABLE, CJK,
    COMBINING, CONTROL, EMOJI, GREEK_CYRILLIC, LATIN, RTL, TRICKY,
};
pub use strings::{char_len, fits, length, text, text_from, truncate_chars, upper, TYPICAL_MAX};
