mod unknown {
    // The one `cnn` attribute is `#[cnn(diagram)]`.
    cnn::cnn! { #[cnn(draw)] pub struct A; input 4; dense 2; }
}
mod bare {
    cnn::cnn! { #[cnn] pub struct B; input 4; dense 2; }
}
fn main() {}
