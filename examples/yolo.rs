//! A small YOLO-style detector at 3x256x256 (after YOLOv5, Jocher et al. 2020): a
//! strided backbone of convolution–BatchNorm–SiLU units and residual bottlenecks, a PAN
//! neck (top-down, then bottom-up, concatenating with earlier maps read by `from`), and
//! three detection heads at strides 8, 16 and 32, each a 1x1 convolution to
//! `3 * (5 + 80) = 255` channels: outputs 255x32x32, 255x16x16 and 255x8x8.
//!
//! `cargo run --example yolo` prints its summary: 2,277,869 parameters and
//! 445,267,968 MACs, as its PyTorch twin counts them (`cnn-candle/scripts/twins.py`),
//! whose module paths it has (`c4.cv2.bn.running_var`, `p5.0.weight`).

/// The detector of base width `$w`, `$no` outputs per position and head.
macro_rules! yolo {
    ($name:ident; input $input:tt; width $w:literal; outputs $no:literal;) => {
        cnn::cnn! {
            /// A YOLO-style detector: every unit a convolution without bias, a
            /// BatchNorm (YOLOv5's eps 1e-3, momentum 0.03) and SiLU.
            #[cnn(diagram)]
            pub struct $name;
            input $input;
            // The backbone: stride 2 each, a bottleneck after all but the stem.
            stem: seq { conv: conv $w k3 s2 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            down1: seq { conv: conv ($w * 2) k3 s2 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            c2: residual {
                cv1: seq { conv: conv $w k1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
                cv2: seq { conv: conv ($w * 2) k3 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            }
            down2: seq { conv: conv ($w * 4) k3 s2 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            c3: residual {
                cv1: seq { conv: conv ($w * 2) k1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
                cv2: seq { conv: conv ($w * 4) k3 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            }
            down3: seq { conv: conv ($w * 8) k3 s2 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            c4: residual {
                cv1: seq { conv: conv ($w * 4) k1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
                cv2: seq { conv: conv ($w * 8) k3 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            }
            down4: seq { conv: conv ($w * 16) k3 s2 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            c5: residual {
                cv1: seq { conv: conv ($w * 8) k1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
                cv2: seq { conv: conv ($w * 16) k3 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            }
            // The neck, top-down: each level upsampled and concatenated with the stage
            // below.
            lat5: seq { conv: conv ($w * 8) k1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            concat { branch { upsample 2 } branch { from c4 } }
            td4: seq { conv: conv ($w * 8) k3 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            lat4: seq { conv: conv ($w * 4) k1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            concat { branch { upsample 2 } branch { from c3 } }
            out3: seq { conv: conv ($w * 4) k3 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            p3: head { conv $no k1 }
            // ... then bottom-up: each level strided down and concatenated with the
            // top-down map of its size.
            down3n: seq { conv: conv ($w * 4) k3 s2 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            concat { branch { } branch { from lat4 } }
            out4: seq { conv: conv ($w * 8) k3 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            p4: head { conv $no k1 }
            down4n: seq { conv: conv ($w * 8) k3 s2 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            concat { branch { } branch { from lat5 } }
            out5: seq { conv: conv ($w * 16) k3 p1 nobias; bn: bn eps 1e-3 momentum 0.03; act: silu }
            p5: head { conv $no k1 }
        }
    };
}

yolo! { Yolo; input 3x256x256; width 16; outputs 255; }

// Its PyTorch twin's parameters and MACs (forward hooks over its convolutions), and
// its three outputs.
const _: () = assert!(Yolo::PARAMS == 2_277_869);
const _: () = assert!(Yolo::MACS == 445_267_968);
const _: () = assert!(Yolo::OUTPUTS.len() == 3);

#[allow(dead_code)]
fn main() {
    println!("{}", Yolo::SUMMARY);
}
