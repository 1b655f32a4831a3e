//! Dense f64 matrix multiply, 96 x 96: floating-point multiply-adds over arrays.

const N: usize = 96;

/// `iterations` products `C = A * B`, A perturbed by the last result each time; a
/// checksum of the bits of the sum of C's elements.
pub fn run(iterations: i32) -> i32 {
    let mut a = vec![0f64; N * N];
    let mut b = vec![0f64; N * N];
    let mut c = vec![0f64; N * N];
    for i in 0..N {
        for j in 0..N {
            a[i * N + j] = ((i * 7 + j * 3) % 17) as f64 * 0.25 - 2.0;
            b[i * N + j] = ((i * 5 + j * 11) % 13) as f64 * 0.5 - 3.0;
        }
    }
    let mut sum = 0.0;
    for it in 0..iterations {
        c.fill(0.0);
        for i in 0..N {
            for k in 0..N {
                let aik = a[i * N + k];
                let brow = &b[k * N..k * N + N];
                let crow = &mut c[i * N..i * N + N];
                for j in 0..N {
                    crow[j] += aik * brow[j];
                }
            }
        }
        sum = 0.0;
        for &x in c.iter() {
            sum += x;
        }
        a[(it as usize * 31) % (N * N)] = sum * 1e-6;
    }
    crate::fold_f64(sum)
}
