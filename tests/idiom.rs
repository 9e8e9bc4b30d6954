//! The idiom for networks built from a repeated block: a `macro_rules!` that writes the
//! whole `cnn!` call. (`cnn!` reads its input before any macro inside it expands, so a
//! `basic_block!()` invoked *inside* `cnn! { ... }` would not work; a macro around it
//! does.) Checked against torchvision's published parameter counts.

/// A torchvision ResNet of BasicBlocks, from its stages: per stage the channels, the
/// first block's stride and shortcut (empty for the identity), then `+` how many more
/// blocks follow. (`macro_rules!` cannot compute `n - 1`, so it is written.)
macro_rules! resnet_basic {
    ($(#[$attr:meta])* $vis:vis struct $name:ident; $( $c:tt $s:tt [ $($short:tt)* ] + $rest:tt; )*) => {
        cnn::cnn! {
            $(#[$attr])* $vis struct $name;
            input 3x224x224;
            conv 64 k7 s2 p3 nobias; bn; relu; pool 3 s2 p1;
            $(
                residual { conv $c k3 $s p1 nobias; bn; relu; conv $c k3 p1 nobias; bn }
                shortcut { $($short)* }
                relu;
                repeat $rest {
                    residual { conv $c k3 p1 nobias; bn; relu; conv $c k3 p1 nobias; bn }
                    relu;
                }
            )*
            gap;
            output 1000;
        }
    };
}

resnet_basic! {
    /// torchvision's `resnet34()`: stages of 3, 4, 6 and 3 BasicBlocks.
    pub struct ResNet34;
    64 s1 [] + 2;
    128 s2 [conv 128 k1 s2 nobias; bn] + 3;
    256 s2 [conv 256 k1 s2 nobias; bn] + 5;
    512 s2 [conv 512 k1 s2 nobias; bn] + 2;
}

const _: () = assert!(ResNet34::PARAMS == 21_797_672);

/// The same for Bottleneck blocks (1x1, 3x3 with the stride, 1x1 to four times the
/// channels): per stage the width, the output channels, the stride and the shortcut.
macro_rules! resnet_bottleneck {
    ($(#[$attr:meta])* $vis:vis struct $name:ident; $( $c:tt $out:tt $s:tt [ $($short:tt)* ] + $rest:tt; )*) => {
        cnn::cnn! {
            $(#[$attr])* $vis struct $name;
            input 3x224x224;
            conv 64 k7 s2 p3 nobias; bn; relu; pool 3 s2 p1;
            $(
                residual {
                    conv $c k1 nobias; bn; relu;
                    conv $c k3 $s p1 nobias; bn; relu;
                    conv $out k1 nobias; bn
                }
                shortcut { $($short)* }
                relu;
                repeat $rest {
                    residual {
                        conv $c k1 nobias; bn; relu;
                        conv $c k3 p1 nobias; bn; relu;
                        conv $out k1 nobias; bn
                    }
                    relu;
                }
            )*
            gap;
            output 1000;
        }
    };
}

resnet_bottleneck! {
    /// torchvision's `resnet50()`: stages of 3, 4, 6 and 3 Bottlenecks.
    pub struct ResNet50;
    64 256 s1 [conv 256 k1 nobias; bn] + 2;
    128 512 s2 [conv 512 k1 s2 nobias; bn] + 3;
    256 1024 s2 [conv 1024 k1 s2 nobias; bn] + 5;
    512 2048 s2 [conv 2048 k1 s2 nobias; bn] + 2;
}

const _: () = assert!(ResNet50::PARAMS == 25_557_032);
// torchvision publishes 3.66 and 4.09 "GFLOPS" (MACs) to two decimals.
const fn gmacs_hundredths(macs: u64) -> u64 {
    (macs + 5_000_000) / 10_000_000
}
const _: () = assert!(gmacs_hundredths(ResNet34::MACS) == 366);
const _: () = assert!(gmacs_hundredths(ResNet50::MACS) == 409);
// The exact count fvcore reports for ResNet-50.
const _: () = assert!(ResNet50::MACS == 4_089_184_256);
