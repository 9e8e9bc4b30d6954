mod a {
    cnn::cnn! { input 1x28x28; pool 2 p2; }
}
mod b {
    cnn::cnn! { input 1x28x28; avgpool 3 s1 p2; }
}
fn main() {}
