mod a {
    cnn::cnn! {
        /// Docs need a header.
        input 1x28x28;
    }
}
mod b {
    cnn::cnn! { pub struct Net input 1x28x28; }
}
mod c {
    cnn::cnn! { pub Net; input 1x28x28; }
}
fn main() {}
