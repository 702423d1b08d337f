# Common tasks. `just` is optional: every recipe is a plain command you can paste.

# The main job: a conformance run (embedded reference server unless NHOST_AUTH_URL is set).
run *ARGS:
    cargo run -p harness --bin nhost-conformance -- run {{ARGS}}

# The tests, exactly as CI runs them.
test:
    scripts/test

# Every suite against a deployed Auth endpoint, as libtest trials.
staging URL:
    NHOST_AUTH_URL={{URL}} cargo test -p harness --test conformance

# A fuzz campaign (embedded reference server unless NHOST_AUTH_URL or --target is set).
fuzz DURATION *ARGS:
    cargo run -p harness --bin nhost-conformance -- fuzz --duration {{DURATION}} {{ARGS}}

# Sharding end to end: nextest archive, two partitions, merge-reports = one unsharded run.
shard-check:
    scripts/shard-check

# The mutation score over every fault of the reference server.
score:
    cargo run -p harness --bin nhost-conformance -- mutation-score --markdown mutation-score.md

# The reference server, for poking at by hand.
serve *ARGS:
    cargo run -p harness --bin nhost-conformance -- serve --anonymous {{ARGS}}

# Check a schema file's examples.
check-schema PATH:
    cargo run -p harness --bin nhost-conformance -- check-schema {{PATH}}

# Benchmarks (numbers go in the README).
bench:
    cargo bench -p generators

# Lints.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets
