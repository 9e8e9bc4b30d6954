cnn::cnn! {
    pub struct Net;
    input 1x28x28;
    conv 32 k5 q1;
    cnv 32 k3;
    pool 2 p2;
    dense 2.5;
    relu;
    output 10;
}
// The errors above are the only ones: no cascade from the consts used here.
const _: () = assert!(Net::PARAMS == 1);
const _: () = assert!(Net::CONV2D1.params == 1);
// Layers after the failing ones keep their consts too.
const _: () = assert!(Net::RELU1.params == 1);
const _: () = assert!(Net::OUTPUT.params == 1);
fn main() {
    println!("{} {}", Net::SUMMARY, Net::LAYERS.len());
}
