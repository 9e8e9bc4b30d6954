//! The expansion is clean under strict lints: documented, no warnings, in a `no_std`
//! spirit (only `::cnn` and primitives).
//! Under `cargo clippy` (as CI runs it) the expansion is clean under clippy's pedantic
//! group too, large networks included.
#![deny(missing_docs, warnings, unused_qualifications, unreachable_pub)]
#![deny(clippy::pedantic)]

/// A documented network, with a header.
pub mod with_header {
    cnn::cnn! {
        /// A small residual network.
        pub struct Small;
        dtype i8;
        budget peak_memory <= 64KiB;
        input 8x16x16;
        conv 16 k3 p1 nobias; bn; relu;
        stage: repeat 2 {
            residual { conv 16 k3 p1 nobias; bn; relu; conv 16 k3 p1 nobias; bn }
            relu;
        }
        gap;
        dropout 0.2;
        output 10;
    }
}

/// A network of 40 layers: its `LAYERS` table is a large array.
pub mod large {
    cnn::cnn! {
        /// Forty layers.
        pub struct Large;
        input 8x8x8;
        repeat 13 { conv 8 k3 p1; bn; relu }
        output 10;
    }
    cnn::cnn! { input 8x8x8; repeat 13 { conv 8 k3 p1; bn; relu } output 10; }
}

/// The same without a header: module-level consts.
pub mod without_header {
    cnn::cnn! { input 784; dense 64; relu; output 10; }
}

#[test]
fn both_forms_compile_cleanly() {
    // input; conv, bn, relu; two passes of five body layers, the add and a relu; three more.
    assert_eq!(with_header::Small::LAYERS.len(), 1 + 3 + 2 * 7 + 3);
    assert_eq!(without_header::LAYERS.len(), 4);
    assert_eq!(large::Large::LAYERS.len(), 1 + 13 * 3 + 1);
    assert_eq!(large::LAYERS.len(), 41);
}
