cnn::cnn! { input 1x28x28; Stem: conv 8 k3; }
fn main() {}
