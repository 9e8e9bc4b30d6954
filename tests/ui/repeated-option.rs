mod a {
    cnn::cnn! { input 1x28x28; conv 32 k5 k3; }
}
mod b {
    cnn::cnn! { input 1x28x28; conv 32 k3 same p1; }
}
mod c {
    cnn::cnn! { input 1x28x28; conv 32 k3 dw g2; }
}
fn main() {}
