//! Compile-fail tests: every bad network is a compile error on the token at fault.
//! The `.stderr` files are rustc 1.95's output; regenerate them with
//! `TRYBUILD=overwrite cargo test --test ui` and review the diff.

#[test]
fn ui() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
