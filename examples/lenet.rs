//! The seed network: LeNet for MNIST, as in the Lasagne example.
//!
//! `cargo run --example lenet` prints its summary table.

cnn::cnn! {
    /// The MNIST classifier from the Lasagne example.
    #[cnn(diagram)]
    pub struct LeNet;
    input 1x28x28;
    conv 32 k5;
    pool 2;
    conv 32 k3;
    pool 2;
    dense 256;
    output 10;
}

// Checked by rustc: a wrong count fails the build, not a run.
const _: () = assert!(LeNet::PARAMS == 217_706);

fn main() {
    println!("{}", LeNet::SUMMARY);
}
