//! A small VGG-style CIFAR-10 classifier with BatchNorm and dropout: the kind of
//! network a user writes first after LeNet.
//!
//! `cargo run --example cifar` prints its summary table.

cnn::cnn! {
    /// Two conv blocks of two 3x3 convolutions each, then a dense head.
    #[cnn(diagram)]
    pub struct CifarNet;
    input 3x32x32;
    conv 32 k3 p1; bn; relu;
    conv 32 k3 p1; bn; relu;
    pool 2;
    dropout 0.25;
    conv 64 k3 p1; bn; relu;
    conv 64 k3 p1; bn; relu;
    pool 2;
    dropout 0.25;
    flatten;
    dense 512; relu;
    dropout 0.5;
    output 10;
}

fn main() {
    println!("{}", CifarNet::SUMMARY);
    println!();
    println!(
        "{} learnable parameters, {} BatchNorm running statistics, {} MACs per image",
        cnn::Grouped(CifarNet::PARAMS),
        cnn::Grouped(CifarNet::NON_TRAINABLE_PARAMS),
        cnn::Grouped(CifarNet::MACS),
    );
}
