mod a {
    cnn::cnn! { input 1x28x28; conv k5; }
}
mod b {
    cnn::cnn! { input 1x28x28; conv 32; }
}
mod c {
    cnn::cnn! { input 784; dense; }
}
mod d {
    cnn::cnn! { input 1x28x28; pool; }
}
mod e {
    cnn::cnn! { input; }
}
fn main() {}
