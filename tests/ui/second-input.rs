cnn::cnn! { input 1x28x28; conv 8 k3; input 1x28x28; }
fn main() {}
