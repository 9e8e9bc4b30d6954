mod a {
    cnn::cnn! { input 1x28x28; pool 2 g2; }
}
mod b {
    cnn::cnn! { input 1x28x28; conv 32 k3 nobais; }
}
mod c {
    cnn::cnn! { input 1x28x28; relu inplace; }
}
mod d {
    cnn::cnn! { input 1x28x28; pool k2; }
}
mod e {
    cnn::cnn! { input 1x28x28; pool 2 k2; }
}
fn main() {}
