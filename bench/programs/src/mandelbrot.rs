//! The Mandelbrot set on a 256 x 256 grid, up to 200 iterations a point: f64 compares
//! and data-dependent loop exits.

const SIZE: i32 = 256;
const MAX_ITER: u32 = 200;

/// `iterations` renderings, each a little more zoomed in; the sum of the escape counts.
pub fn run(iterations: i32) -> i32 {
    let mut total = 0u32;
    for it in 0..iterations {
        let scale = 3.0 / SIZE as f64 * (1.0 - (it % 16) as f64 * 0.03);
        for py in 0..SIZE {
            let ci = (py - SIZE / 2) as f64 * scale;
            for px in 0..SIZE {
                let cr = (px - SIZE * 2 / 3) as f64 * scale;
                let (mut zr, mut zi) = (0.0f64, 0.0f64);
                let mut n = 0;
                while n < MAX_ITER {
                    let zr2 = zr * zr;
                    let zi2 = zi * zi;
                    if zr2 + zi2 > 4.0 {
                        break;
                    }
                    zi = 2.0 * zr * zi + ci;
                    zr = zr2 - zi2 + cr;
                    n += 1;
                }
                total = total.wrapping_add(n);
            }
        }
    }
    total as i32
}
