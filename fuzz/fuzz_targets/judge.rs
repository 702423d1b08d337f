//! libFuzzer over the response-judging pipeline: parse, every contract, JWT decode and verify,
//! redaction, every report writer. Nothing may panic. The pipeline is the stable test's, included
//! by path so the two never drift apart.
#![no_main]

#[path = "../../harness/tests/integration/judge_pipeline.rs"]
mod judge_pipeline;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    judge_pipeline::judge_arbitrary(data);
});
