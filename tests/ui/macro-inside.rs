// Macros are not expanded inside `cnn!`: a call says so and shows the idiom.
#[allow(unused_macros)]
macro_rules! block {
    ($c:literal) => { conv $c k3 p1; relu };
}
mod inside {
    cnn::cnn! { input 3x8x8; block!(16); gap; }
}
fn main() {}
