//! torchvision's ResNet-18 at 3x224x224, written with torchvision's module paths, so
//! that its layers' tensors are torchvision's `state_dict()` keys (`conv1.weight`,
//! `layer1.0.bn2.running_var`, `layer2.0.downsample.0.weight`, `fc.bias`) and a
//! checkpoint loads as it is (`cnn-candle`'s `pretrained` example). The BasicBlock is
//! written once in a `macro_rules!` around `cnn!`, one line per stage; the README shows
//! what it writes.
//!
//! `cargo run --example resnet18` prints its summary: 11,689,512 parameters, 9,600
//! BatchNorm running statistics and 1,814,073,344 MACs, as torchvision publishes.

/// A ResNet of BasicBlocks as torchvision builds one: a stage with a stride has a
/// `downsample` shortcut in its first block. Each torchvision block is a `seq`; the
/// residual inside it is transparent, so its layers are the block's attributes. The
/// second `relu` of a block is torchvision's one `relu` module again: unnamed, it takes
/// a position (`layer1.0.5`).
macro_rules! basic_resnet {
    (
        $(#[$attr:meta])* struct $name:ident; input $input:tt; stem $stem:literal;
        classes $classes:literal;
        $($stage:ident: $blocks:literal of $width:literal $(, stride $stride:literal)?;)*
    ) => {
        cnn::cnn! {
            $(#[$attr])*
            pub struct $name;
            input $input;
            conv1: conv $stem k7 s2 p3 nobias; bn1: bn; relu: relu; maxpool: pool 3 s2 p1;
            $(
                $stage: seq {
                    seq {
                        residual {
                            conv1: conv $width k3 $(s($stride))? p1 nobias; bn1: bn; relu: relu;
                            conv2: conv $width k3 p1 nobias; bn2: bn
                        }
                        $(downsample: shortcut { conv $width k1 s($stride) nobias; bn })?
                        relu;
                    }
                    repeat ($blocks - 1) {
                        seq {
                            residual {
                                conv1: conv $width k3 p1 nobias; bn1: bn; relu: relu;
                                conv2: conv $width k3 p1 nobias; bn2: bn
                            }
                            relu;
                        }
                    }
                }
            )*
            avgpool: gap;
            fc: dense $classes;
        }
    };
}

basic_resnet! {
    /// ResNet-18: BasicBlocks of two 3x3 convolutions, with a 1x1 projection shortcut
    /// (`downsample`) where a stage halves the size and doubles the channels.
    #[cnn(diagram)]
    struct ResNet18; input 3x224x224; stem 64; classes 1000;
    layer1: 2 of 64;
    layer2: 2 of 128, stride 2;
    layer3: 2 of 256, stride 2;
    layer4: 2 of 512, stride 2;
}

const _: () = assert!(ResNet18::PARAMS == 11_689_512);

#[allow(dead_code)]
fn main() {
    println!("{}", ResNet18::SUMMARY);
}
