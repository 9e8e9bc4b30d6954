mod a {
    cnn::cnn! { input 1x28x28; conv 32 k; }
}
mod b {
    cnn::cnn! { input 1x28x28; conv 32 k 5; }
}
fn main() {}
