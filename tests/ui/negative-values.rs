mod padding {
    cnn::cnn! { input 1x28x28; conv 32 k3 p-1; }
}
mod kernel {
    cnn::cnn! { input 1x28x28; conv 32 k-3; }
}
mod stride {
    cnn::cnn! { input 1x28x28; pool 2 s-1; }
}
mod filters {
    cnn::cnn! { input 1x28x28; conv -32 k3; }
}
fn main() {}
