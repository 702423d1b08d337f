//! Identifiers: lowercase hexadecimal UUIDs. The main item is [`uuid`].

use proptest::prelude::*;

/// `u128` bits as a lowercase hyphenated UUID.
pub fn format_uuid(bits: u128) -> String {
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A lowercase UUID: mostly version 4 (as the service issues), sometimes the nil and max UUIDs.
pub fn uuid() -> BoxedStrategy<String> {
    prop_oneof![
        8 => any::<u128>().prop_map(|b| format_uuid((b & !(0xf << 76) & !(0b11 << 62)) | (0x4 << 76) | (0b10 << 62))),
        1 => Just(format_uuid(0)),
        1 => Just(format_uuid(u128::MAX)),
    ]
    .boxed()
}
