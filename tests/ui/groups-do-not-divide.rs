mod a {
    cnn::cnn! { input 32x8x8; conv 30 k3 g4; }
}
mod b {
    cnn::cnn! { input 32x8x8; conv 48 k3 dw; }
}
mod c {
    cnn::cnn! { input 7x8x8; conv 5 k3 g7; }
}
fn main() {}
