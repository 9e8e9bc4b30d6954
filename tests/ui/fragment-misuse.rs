// A product written without parentheses, and a Rust const where a number goes: each
// says what `cnn!` reads.
const WIDTH: u64 = 8;

mod product {
    cnn::cnn! { input 3x8x8; conv 2 * 4 k3; }
}
mod rust_const {
    cnn::cnn! { input 3x8x8; conv WIDTH k3; }
}
mod rust_path {
    cnn::cnn! { input 3x8x8; conv super::WIDTH k3; }
}
fn main() {
    let _ = WIDTH;
}
