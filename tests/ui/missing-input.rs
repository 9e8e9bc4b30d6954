mod a {
    cnn::cnn! { conv 32 k5; input 1x28x28; }
}
mod b {
    cnn::cnn! {}
}
fn main() {}
