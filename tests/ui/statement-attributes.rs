cnn::cnn! {
    pub struct Net;
    input 1x28x28;
    /// The stem.
    conv 32 k5;
}
mod attribute {
    cnn::cnn! { input 784; #[allow(unused)] dense 10; }
}
fn main() {}
