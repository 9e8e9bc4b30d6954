//! Networks written through `macro_rules!`: tokens from fragments (`$vis:vis`,
//! `$name:ident`, `$n:literal`, `$k:tt`, `$c:expr`) may reach `cnn!` wrapped in
//! invisible groups, and read exactly as if written out, with and without attributes
//! before the header.

/// Every fragment kind at once: the header, a channel count, a kernel option, a
/// unit count and a repeat count.
macro_rules! net {
    ($(#[$attr:meta])* $vis:vis struct $name:ident; $c:expr, $k:tt, $n:literal, $r:expr) => {
        cnn::cnn! {
            $(#[$attr])*
            $vis struct $name;
            input 3x32x32;
            conv $c $k p1; relu;
            repeat $r { conv $c $k p1; relu }
            gap;
            output $n;
        }
    };
}

// No attribute: `$vis` is the first token, in an invisible group.
net! { pub struct Bare; 16, k3, 10, 2 }
// With attributes and a doc comment before the header.
net! {
    /// A documented network.
    #[derive(Debug)]
    pub(crate) struct Documented; 8, k3, 4, 1
}
// An empty visibility.
net! { struct Private; 4, k1, 2, 3 }

/// A header-less network through a fragment: `$layers:tt` repeated.
macro_rules! headerless {
    ($($layer:tt)*) => {
        cnn::cnn! { input 1x28x28; $($layer)* }
    };
}

mod through_tt {
    headerless! { conv 8 k5; relu; gap; output 10; }
}

/// An `ident` naming a layer, and a `literal` as the input shape.
macro_rules! named {
    ($layer:ident, $shape:literal) => {
        cnn::cnn! { pub struct Named; input $shape; $layer: conv 4 k3; }
    };
}
named! { stem, 1x8x8 }

// conv 3->16 k3 p1: (9*3 + 1) * 16 = 448; two more 16->16: (9*16 + 1) * 16 = 2_320
// each; output (16 + 1) * 10 = 170.
const _: () = assert!(Bare::PARAMS == 448 + 2 * 2_320 + 170);
// 3->8 k3: (27 + 1) * 8 = 224; 8->8: (72 + 1) * 8 = 584; output (8 + 1) * 4 = 36.
const _: () = assert!(Documented::PARAMS == 224 + 584 + 36);
// 3->4 k1: (3 + 1) * 4 = 16; three 4->4 k1: 20 each; output (4 + 1) * 2 = 10.
const _: () = assert!(Private::PARAMS == 16 + 3 * 20 + 10);
// conv 1->8 k5: 208; output (8 + 1) * 10 = 90.
const _: () = assert!(through_tt::PARAMS == 208 + 90);
// (9 + 1) * 4 = 40, on a 6x6 output.
const _: () = assert!(Named::STEM.params == 40);

#[test]
fn attributes_reach_the_struct() {
    assert_eq!(format!("{:?}", Documented), "Documented");
    assert_eq!(Private::LAYERS.len(), 1 + 2 + 3 * 2 + 2);
    assert_eq!(Named::STEM.output.to_string(), "4x6x6");
}

/// An `$e:expr` fragment is one operand, as Rust reads it: `($c*2)` with `$c = 1 + 3`
/// is 8 channels (not `1 + 3*2 = 7`), `k($k*$k)` with `$k = 2 + 1` a 9x9 kernel (not
/// 5x5), and a bare `conv $c` with `$c = 2 * 4` 8 filters.
macro_rules! grouped {
    ($c:expr, $k:expr, $e:expr) => {
        cnn::cnn! {
            pub struct Grouped;
            input 1x16x16;
            conv ($c*2) k($k*$k);
            conv $e k1;
        }
    };
}
grouped! { 1 + 3, 2 + 1, 2 * 4 }

// conv 1->8 k9: (81 + 1) * 8 = 656; 16 - 9 + 1 = 8. conv 8->8 k1: (8 + 1) * 8 = 72.
const _: () = assert!(Grouped::CONV2D1.params == 656);
const _: () = assert!(Grouped::CONV2D2.params == 72);

#[test]
fn expression_fragments_keep_their_grouping() {
    assert_eq!(Grouped::CONV2D1.output.to_string(), "8x8x8");
    assert_eq!(Grouped::CONV2D2.output.to_string(), "8x8x8");
}
