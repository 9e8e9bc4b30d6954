//! CycleGAN's ResNet generator (Zhu et al., 2017) at 3x256x256, as the CycleGAN
//! repository builds it (`ResnetGenerator`, 64 filters, nine residual blocks, instance
//! norm, no dropout), with its module paths (`model.10.conv_block.1.weight`): reflection
//! padding, instance normalization without affine parameters (whose convolutions keep
//! their bias), two stride-2 convolutions down and two transposed ones back up.
//!
//! `cargo run --example cyclegan` prints its summary: 11,378,179 parameters and
//! 49,551,507,456 MACs, as its PyTorch twin (`cnn-candle/scripts/twins.py`) counts
//! them; the output is the input's shape.

/// The generator of `$ngf` filters and `$blocks` residual blocks: `model`, one
/// `nn.Sequential`, each residual block a module of its own whose `conv_block` is a
/// sequence.
macro_rules! cyclegan {
    ($name:ident; input $input:tt; filters $ngf:literal; blocks $blocks:literal;) => {
        cnn::cnn! {
            /// The ResNet generator: 3 channels in, 3 out, values in [-1, 1].
            pub struct $name;
            input $input;
            model: seq {
                pad (3, 3, 3, 3) reflect; conv $ngf k7; in; relu;
                conv ($ngf * 2) k3 s2 p1; in; relu;
                conv ($ngf * 4) k3 s2 p1; in; relu;
                repeat $blocks {
                    seq {
                        residual {
                            conv_block: seq {
                                pad (1, 1, 1, 1) reflect; conv ($ngf * 4) k3; in; relu;
                                pad (1, 1, 1, 1) reflect; conv ($ngf * 4) k3; in;
                            }
                        }
                    }
                }
                upconv ($ngf * 2) k3 s2 p1 op1; in; relu;
                upconv $ngf k3 s2 p1 op1; in; relu;
                pad (3, 3, 3, 3) reflect; conv 3 k7; tanh;
            }
        }
    };
}

cyclegan! { CycleGan; input 3x256x256; filters 64; blocks 9; }

// Its PyTorch twin's parameters and MACs (forward hooks: output elements x Cin x
// kernel for a convolution, input elements x Cout x kernel for a transposed one).
const _: () = assert!(CycleGan::PARAMS == 11_378_179);
const _: () = assert!(CycleGan::MACS == 49_551_507_456);
// Instance norm without affine parameters, and no running statistics.
const _: () = assert!(CycleGan::NON_TRAINABLE_PARAMS == 0);
const _: () = assert!(matches!(
    CycleGan::MODEL_27.output,
    cnn::Shape::Image {
        channels: 3,
        height: 256,
        width: 256
    }
));

#[allow(dead_code)]
fn main() {
    println!("{}", CycleGan::SUMMARY);
}
