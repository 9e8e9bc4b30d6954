mod a {
    cnn::cnn! { input 1x4x4; conv 8 k5; }
}
mod b {
    cnn::cnn! { input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; conv 32 k3; conv 32 k5; }
}
mod c {
    cnn::cnn! { input 1x9x9; conv 8 k3 d5; }
}
mod d {
    cnn::cnn! { input 1x6x6; conv 8 k3x9 p1; }
}
fn main() {}
