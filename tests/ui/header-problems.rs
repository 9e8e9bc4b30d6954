mod a {
    cnn::cnn! {
        /// Docs need a header.
        input 1x28x28;
        conv 8 k3;
    }
    // The network is read on without a header: its consts exist, no cascade.
    const _: u64 = PARAMS + CONV2D1.params;
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
