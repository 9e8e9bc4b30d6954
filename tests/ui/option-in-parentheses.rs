// PyTorch writes `kernel_size=(3, 3)`; the language writes `k3`.
mod kernel {
    cnn::cnn! { input 3x32x32; conv 32 k(3, 3); }
}
mod stride {
    cnn::cnn! { input 3x32x32; conv 32 k3 s(2, 2); }
}
mod rectangle {
    cnn::cnn! { input 3x32x32; conv 32 k(1, 7); }
}
mod equals {
    cnn::cnn! { input 3x32x32; conv 32 k=3; }
}
fn main() {}
