mod a {
    cnn::cnn! { input 1x28; }
}
mod b {
    cnn::cnn! { input 1x28x28x3; }
}
mod c {
    cnn::cnn! { input 1x28y28; }
}
fn main() {}
