cnn::cnn! { input 8x3x3; pool 2; pool 2; }
fn main() {}
