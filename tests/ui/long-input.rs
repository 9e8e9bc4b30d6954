// Literals and names have sane lengths; messages echo a short excerpt.
mod literal {
    cnn::cnn! { input 111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111; }
}
mod name {
    cnn::cnn! { input 8; nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn: relu; }
}
mod keyword {
    cnn::cnn! { input 8; relurelurelurelurelurelurelurelurelurelurelurelurelurelurelurelurelurelurelurelu; }
}
fn main() {}
