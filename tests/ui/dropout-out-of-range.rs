mod a {
    cnn::cnn! { input 784; dropout 1.5; }
}
mod b {
    cnn::cnn! { input 784; dropout 1; }
}
mod c {
    cnn::cnn! { input 784; dropout 0.5f32; }
}
fn main() {}
