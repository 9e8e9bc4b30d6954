// A shape is one token, channels first.
mod spaces {
    cnn::cnn! { input 3 x 224 x 224; }
}
mod commas {
    cnn::cnn! { input 3, 224, 224; }
}
mod tuple {
    cnn::cnn! { input (3, 224, 224); }
}
mod half_joined {
    cnn::cnn! { input 3 x224x224; }
}
mod channels_last {
    // An image as it is stored, height x width x channels: the first shape error says so.
    cnn::cnn! { input 28x28x1; conv 32 k5; relu; pool 2; }
}
fn main() {}
