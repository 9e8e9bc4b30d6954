//! M5 (Dai et al., "Very Deep Convolutional Neural Networks for Raw Waveforms", 2017)
//! on one second of 16 kHz audio: a 1-D network over the raw signal, its first
//! convolution 80 samples wide with stride 4, pools of 4, widths 128-128-256-512, global
//! average pooling and 10 classes.
//!
//! `cargo run --example m5` prints its summary: 559,114 parameters and 136,961,024
//! MACs, as PyTorch's `Conv1d` / `BatchNorm1d` / `MaxPool1d` count them.

cnn::cnn! {
    /// M5 for 10 keywords.
    #[cnn(diagram)]
    pub struct M5;
    input 1x16000;
    conv1d 128 k80 s4; bn; relu; pool 4;
    conv1d 128 k3; bn; relu; pool 4;
    conv1d 256 k3; bn; relu; pool 4;
    conv1d 512 k3; bn; relu; pool 4;
    gap;
    output 10;
}

// PyTorch's modules give these (tests/ranks.rs works them out by hand).
const _: () = assert!(M5::PARAMS == 559_114);
const _: () = assert!(M5::MACS == 136_961_024);

#[allow(dead_code)]
fn main() {
    println!("{}", M5::SUMMARY);
}
