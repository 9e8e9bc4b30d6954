mod a {
    cnn::cnn! { input 0x28x28; }
}
mod b {
    cnn::cnn! { input 1x28x28; conv 32 k0; }
}
mod c {
    cnn::cnn! { input 1x28x28; conv 32 k3 s0; }
}
mod d {
    cnn::cnn! { input 1x28x28; conv 0 k3; }
}
mod e {
    cnn::cnn! { input 784; dense 0; }
}
fn main() {}
