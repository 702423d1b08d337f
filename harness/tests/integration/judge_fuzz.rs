//! Offline fuzzing of the response judge: arbitrary bytes and arbitrary JSON documents go
//! through the whole judging pipeline (parse, validate against every contract, decode and
//! verify JWTs, redact, write every report) and nothing may panic. The committed corpus
//! (`harness/tests/fuzz-corpus/`) is replayed first, then a proptest loop over random bytes.

use std::path::Path;

use proptest::prelude::*;

use super::judge_pipeline::judge_arbitrary;

#[test]
fn the_committed_corpus_never_panics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the corpus directory exists") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| judge_arbitrary(&bytes));
        assert!(result.is_ok(), "{} panics the judge", path.display());
        n += 1;
    }
    assert!(n >= 20, "the corpus has {n} inputs");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_the_judge(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        judge_arbitrary(&bytes);
    }

    #[test]
    fn random_json_never_panics_the_judge(text in "[\\[\\]{}\":,0-9a-z\\\\. eE+-]{0,200}") {
        judge_arbitrary(text.as_bytes());
    }
}
