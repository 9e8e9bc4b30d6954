mod a {
    cnn::cnn! {
        /// Docs need a header.
        input 1x28x28;
    }
}
mod b {
    // The header's error alone: the rest is read, and `Net` still exists.
    cnn::cnn! { pub struct Net input 1x28x28; conv 8 k3; }
    const _: u64 = Net::PARAMS + Net::CONV2D1.params;
}
mod c {
    cnn::cnn! { pub Net; input 1x28x28; }
}
fn main() {}
