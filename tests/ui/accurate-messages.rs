// Each message says exactly what is wrong.
mod nested_parentheses {
    cnn::cnn! { input 3x8x8; conv ((((((((((((((((((((((((((((((((((((((((8)))))))))))))))))))))))))))))))))))))))) k3; }
}
mod byte_overflow {
    cnn::cnn! { dtype f32; input 1x4294967296x4294967295; }
}
mod activation_budget {
    cnn::cnn! { budget activation_memory <= 1KiB; input 64x64x64; relu; conv 1 k1; }
}
mod branch_typo {
    cnn::cnn! { input 8x4x4; concat { brnach { relu } branch { relu } } }
}
mod resize_typo {
    cnn::cnn! { input 8x16x16; resize 8x16x16; }
}
mod gap_on_flat {
    cnn::cnn! { input 8; gap; }
}
mod resize_on_flat {
    cnn::cnn! { input 8; resize 4; }
}
fn main() {}
