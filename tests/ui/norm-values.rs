// A normalization's eps and momentum: positive, momentum at most 1, and momentum is
// BatchNorm's alone.
mod eps_zero {
    cnn::cnn! { input 8x4x4; bn eps 0; }
}
mod momentum_over_one {
    cnn::cnn! { input 8x4x4; bn momentum 1.5; }
}
mod momentum_on_ln {
    cnn::cnn! { input 8x4x4; ln momentum 0.1; }
}
mod eps_without_value {
    cnn::cnn! { input 8x4x4; gn 4 eps; }
}
mod eps_twice {
    cnn::cnn! { input 8x4x4; bn eps 1e-3 eps 1e-5; }
}
fn main() {}
