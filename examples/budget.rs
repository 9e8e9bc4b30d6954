//! A person detector sized for a microcontroller with 256 KiB of SRAM and 1 MiB of
//! flash, in int8: MobileNet-style depthwise-separable blocks on 96x96 grayscale
//! (the Visual Wake Words task). Its budgets are checked by rustc: make a layer wider
//! and the build fails, naming the layers that weigh most.
//!
//! `cargo run --example budget`

cnn::cnn! {
    /// Person / no person from a 96x96 grayscale frame, int8.
    #[cnn(diagram)]
    pub struct PersonDetector;
    dtype i8;
    budget peak_memory <= 256KiB;   // SRAM for activations
    budget param_memory <= 1MiB;    // flash for weights
    budget macs <= 60M;             // about 0.2 s at 300 M MAC/s
    input 1x96x96;
    conv 8 k3 s2 p1 nobias; bn; relu6;
    conv 8 k3 dw p1 nobias; bn; relu6; conv 16 k1 nobias; bn; relu6;
    conv 16 k3 s2 dw p1 nobias; bn; relu6; conv 32 k1 nobias; bn; relu6;
    conv 32 k3 dw p1 nobias; bn; relu6; conv 32 k1 nobias; bn; relu6;
    conv 32 k3 s2 dw p1 nobias; bn; relu6; conv 64 k1 nobias; bn; relu6;
    conv 64 k3 dw p1 nobias; bn; relu6; conv 64 k1 nobias; bn; relu6;
    conv 64 k3 s2 dw p1 nobias; bn; relu6; conv 128 k1 nobias; bn; relu6;
    repeat 3 { conv 128 k3 dw p1 nobias; bn; relu6; conv 128 k1 nobias; bn; relu6; }
    conv 128 k3 s2 dw p1 nobias; bn; relu6; conv 256 k1 nobias; bn; relu6;
    gap;
    dropout 0.1;
    output 2;
}

fn main() {
    use cnn::{Binary, Grouped};
    println!("{}", PersonDetector::SUMMARY);
    println!();
    println!(
        "SRAM: {} of activations alive at most, budget 256 KiB",
        Binary(PersonDetector::PEAK_ACTIVATION_BYTES)
    );
    println!(
        "flash: {} of weights, budget 1 MiB",
        Binary(PersonDetector::PARAM_BYTES)
    );
    println!(
        "compute: {} MACs, budget 60 M; receptive field {}",
        Grouped(PersonDetector::MACS),
        PersonDetector::RECEPTIVE_FIELD.size
    );
}
