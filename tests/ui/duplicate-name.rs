mod a {
    cnn::cnn! { input 1x28x28; feat: conv 8 k3; feat: conv 8 k3; }
}
mod b {
    cnn::cnn! { input 1x28x28; conv2d2: conv 8 k3; conv 8 k3; }
}
mod c {
    cnn::cnn! { input 784; params: dense 10; }
}
mod d {
    cnn::cnn! { input 784; dense 10; output 10; output 10; }
}
mod e {
    // The written name is the one to change: the later relu's default name is relu2.
    cnn::cnn! { input 784; relu2: relu; relu; relu; }
}
fn main() {}
