// Activations take no arguments, but for `leaky_relu`'s slope and `elu`'s alpha, as
// PyTorch's modules do; BatchNorm's channels come from its input.
mod relu {
    cnn::cnn! { input 784; relu 0.1; }
}
mod inplace {
    cnn::cnn! { input 784; relu inplace; }
}
mod batchnorm {
    cnn::cnn! { input 64x8x8; bn 64; }
}
mod gap {
    cnn::cnn! { input 64x8x8; gap 1; }
}
mod two_slopes {
    cnn::cnn! { input 784; leaky_relu 0.1 0.2; }
}
mod huge_slope {
    cnn::cnn! { input 784; elu 1e999; }
}
fn main() {}
