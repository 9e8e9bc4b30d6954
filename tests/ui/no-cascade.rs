// One error each, and no other: the struct, the block's merge const and every
// statement's const exist after it.
mod misspelled_attribute {
    cnn::cnn! { #[cnn(diagrams)] pub struct A; input 4; dense 2; }
    const _: u64 = A::PARAMS + A::DENSE1.params;
}
mod enum_header {
    cnn::cnn! { pub enum B; input 4; dense 2; }
    const _: u64 = B::PARAMS + B::DENSE1.params;
}
mod setting_before_header {
    cnn::cnn! { dtype f16; pub struct C; input 4; dense 2; }
    const _: u64 = C::PARAMS + C::DENSE1.params;
}
mod crate_before_header {
    cnn::cnn! { crate = ::cnn; pub struct D; input 4; dense 2; }
    const _: u64 = D::PARAMS + D::DENSE1.params;
}
mod broken_block {
    cnn::cnn! { input 8x4x4; concat { branch { conv 4 k1 } branch { conv 4 k1 } oops }; relu; }
    const _: u64 = PARAMS + CAT1.params + RELU1.params + CONV2D1.params;
}
mod broken_add {
    cnn::cnn! { input 8x4x4; add { branch { conv 4 k9 } branch { conv 4 k1 } } }
    const _: u64 = PARAMS + ADD1.params;
}
mod attribute_on_statement {
    cnn::cnn! { input 8x4x4; #[allow(unused)] conv 4 k1; relu; }
    const _: u64 = PARAMS + CONV2D1.params + RELU1.params;
}
mod doc_on_statement {
    cnn::cnn! { input 8x4x4; conv 4 k1; /// The stem.
    relu; }
    const _: u64 = PARAMS + CONV2D1.params + RELU1.params;
}
fn main() {}
