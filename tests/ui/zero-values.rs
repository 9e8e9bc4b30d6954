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
// A zero-length axis at every rank, each followed by a windowed layer.
mod signal {
    cnn::cnn! { input 1x0; conv 4 k3; }
}
mod volume_depth {
    cnn::cnn! { input 2x0x3x3; pool 2; }
}
mod volume_height {
    cnn::cnn! { input 2x3x0x3; conv 4 k1; }
}
mod volume_width {
    cnn::cnn! { input 2x3x3x0; avgpool 1; }
}
fn main() {}
