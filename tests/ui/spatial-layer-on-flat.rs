mod a {
    cnn::cnn! { input 1x28x28; dense 10; conv 8 k3; }
}
mod b {
    cnn::cnn! { input 784; pool 2; }
}
mod c {
    cnn::cnn! { input 1x28x28; flatten; gap; }
}
fn main() {}
