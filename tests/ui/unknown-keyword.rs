mod a {
    cnn::cnn! { input 1x28x28; cnv 32 k5; }
}
mod b {
    cnn::cnn! { input 1x28x28; conv 8 k3; attention 8; }
}
mod swapped_letters {
    // A swap of neighbouring letters is one edit.
    cnn::cnn! { input 1x28x28; cnov 32 k5; reul; }
}
fn main() {}
