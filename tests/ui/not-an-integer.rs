mod a {
    cnn::cnn! { input 784; dense 2.5; }
}
mod b {
    cnn::cnn! { input 784; dense 0x10; }
}
mod c {
    cnn::cnn! { input 784; dense 1e5; }
}
mod d {
    cnn::cnn! { input 784; dense -3; }
}
mod e {
    cnn::cnn! { input 1x28x28; conv 32u8 k3; }
}
mod f {
    cnn::cnn! { input 784; dense "10"; }
}
mod g {
    cnn::cnn! { input 1x28x28; conv 3x3 k3; }
}
fn main() {}
