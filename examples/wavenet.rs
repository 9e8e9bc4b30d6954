//! WaveNet (van den Oord et al., 2016) on one second of 16 kHz audio, 1x16000: causal
//! dilated convolutions (`pad (D, 0)` before a kernel of 2 at dilation `D`), gated
//! units `tanh(filter) * sigmoid(gate)`, a residual 1x1 convolution back into the
//! stack and a skip 1x1 convolution out of it in every layer, two stacks of dilations
//! 1 to 128, the sixteen skips summed (read with `from`), then ReLU, 1x1, ReLU, 1x1 to
//! 256 quantization levels: 256x16000 logits.
//!
//! The last layer has no residual convolution: nothing would read it, which `cnn!`
//! refuses (E19), as a dead end of the graph.
//!
//! `cargo run --example wavenet` prints its summary: 137,088 parameters and
//! 2,147,328,000 MACs, as its PyTorch twin counts them (`cnn-candle/scripts/twins.py`),
//! whose module paths it has (`layers.3.gated.filter.weight`, `layers.15.skip.bias`).

/// WaveNet of `$res` residual, `$gates` gate and `$skip` skip channels: one line a
/// layer, its index in `layers`, its dilation and the path of what it adds its output
/// to (the layer before); the last layer's line without.
macro_rules! wavenet {
    (
        $name:ident; input $input:tt; res $res:literal; gates $g:literal; skip $skip:literal;
        classes $classes:literal;
        $($i:literal: d $d:literal after [$($prev:tt)+];)+
        last $last:literal: d $dl:literal;
    ) => {
        cnn::cnn! {
            /// WaveNet: causal convolutions, gated units, residual and skip connections.
            #[cnn(diagram)]
            pub struct $name;
            input $input;
            pad (1, 0); start: conv $res k2;
            layers: seq {
                $(
                    seq {
                        gated: seq {
                            mul {
                                branch { pad ($d, 0); filter: conv $g k2 d($d); tanh }
                                branch { pad ($d, 0); gate: conv $g k2 d($d); sigmoid }
                            }
                        }
                        skip: conv $skip k1;
                        from gated;
                        res: conv $res k1;
                        add { branch { } branch { from $($prev)+ } }
                    }
                )+
                seq {
                    gated: seq {
                        mul {
                            branch { pad ($dl, 0); filter: conv $g k2 d($dl); tanh }
                            branch { pad ($dl, 0); gate: conv $g k2 d($dl); sigmoid }
                        }
                    }
                    skip: conv $skip k1;
                }
            }
            // The skips summed: the last layer's flows in, the others are read back.
            add { branch { } $( branch { from layers.$i.skip } )+ }
            relu; end1: conv $skip k1; relu; end2: conv $classes k1;
        }
    };
}

wavenet! {
    WaveNet; input 1x16000; res 32; gates 32; skip 64; classes 256;
    0: d 1 after [start]; 1: d 2 after [layers.0]; 2: d 4 after [layers.1];
    3: d 8 after [layers.2]; 4: d 16 after [layers.3]; 5: d 32 after [layers.4];
    6: d 64 after [layers.5]; 7: d 128 after [layers.6]; 8: d 1 after [layers.7];
    9: d 2 after [layers.8]; 10: d 4 after [layers.9]; 11: d 8 after [layers.10];
    12: d 16 after [layers.11]; 13: d 32 after [layers.12]; 14: d 64 after [layers.13];
    last 15: d 128;
}

// Its PyTorch twin's parameters and MACs (forward hooks over its convolutions), and
// its output: a distribution over 256 levels at every sample.
const _: () = assert!(WaveNet::PARAMS == 137_088);
const _: () = assert!(WaveNet::MACS == 2_147_328_000);

#[allow(dead_code)]
fn main() {
    println!("{}", WaveNet::SUMMARY);
}
