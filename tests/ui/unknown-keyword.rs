mod a {
    cnn::cnn! { input 1x28x28; cnv 32 k5; }
}
mod b {
    cnn::cnn! { input 1x28x28; conv 8 k3; attention 8; }
}
fn main() {}
