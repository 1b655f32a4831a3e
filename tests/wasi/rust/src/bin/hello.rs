//! Hello world: one line on standard output.
fn main() {
    println!("Hello, world!");
}
