mod a {
    cnn::cnn! { input 1x28x28; conv 32 k5 pool 2; }
}
mod b {
    cnn::cnn! { input 1x28x28; conv 32 k5, pool 2; }
}
mod c {
    cnn::cnn! { input 1x28x28 conv 32 k5; }
}
fn main() {}
