// Block and branch names are each given once: DOT would merge two clusters of one name.
mod branches {
    cnn::cnn! { input 8x4x4; concat { b: branch { relu } b: branch { relu } } }
}
mod blocks {
    cnn::cnn! { input 8x4x4; s: residual { relu } s: residual { relu } }
}
mod written_and_numbered {
    // The second residual's default name is residual2.
    cnn::cnn! { input 8x4x4; residual2: residual { relu } residual { relu } }
}
mod in_repeat {
    cnn::cnn! { input 8x4x4; repeat 2 { s: residual { relu } } }
}
fn main() {}
