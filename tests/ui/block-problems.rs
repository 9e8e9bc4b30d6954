mod stray_shortcut {
    cnn::cnn! { input 64x8x8; shortcut { conv 64 k1 } }
}
mod named_in_repeat {
    cnn::cnn! { input 64x8x8; repeat 2 { mix: conv 64 k3 p1 } }
}
mod error_in_body {
    // Reported once, though the body runs three times.
    cnn::cnn! { input 64x8x8; repeat 3 { conv 64 k3 p1 g3 } }
}
mod shrinking {
    // The third pass no longer fits.
    cnn::cnn! { input 8x6x6; repeat 3 { conv 8 k3 } }
}
mod deep_shortcut {
    // 32 nested residuals: the innermost's shortcut would be a 33rd level.
    cnn::cnn! { input 8; residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { residual { relu } shortcut { relu } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } }
}
fn main() {}
