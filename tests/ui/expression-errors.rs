// Division by zero, a result below zero and overflow are errors on the expression.
mod division_by_zero {
    cnn::cnn! { input 3x8x8; conv (4/0) k3; }
}
mod below_zero {
    cnn::cnn! { input 3x8x8; conv (3-5) k3; }
}
mod overflow {
    cnn::cnn! { input 8; repeat (18446744073709551615+1) { relu } }
}
mod unfinished {
    cnn::cnn! { input 3x8x8; conv 8 k(2*); }
}
mod not_an_integer {
    cnn::cnn! { input 3x8x8; conv 8 k3 p(1.5); }
}
fn main() {}
