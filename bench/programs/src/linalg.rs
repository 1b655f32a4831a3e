//! f32x4 linear algebra over 16,384 vec4s (256 KiB): a 4x4 rotation matrix times every
//! vector, a dot product of two arrays and a saxpy-like update. SIMD: `f32x4` intrinsics
//! in the wasm32 build (`+simd128`: lanes splatted by shuffles, horizontal sums by
//! shuffles), the same operations in the same order lane by lane otherwise, so both
//! round identically (no fused multiply-add anywhere).

const N: usize = 16 * 1024;

/// `iterations` rounds of `p = M p` (every vec4), `d = p · q`, `q = 0.25 p + 0.5 q`; a
/// checksum of the bits of every round's `d` and of the final arrays.
pub fn run(iterations: i32) -> i32 {
    let m = matrix();
    let mut p = vec![0f32; 4 * N];
    let mut q = vec![0f32; 4 * N];
    for i in 0..4 * N {
        p[i] = ((i * 37 % 101) as f32 - 50.0) * 0.02;
        q[i] = ((i * 13 % 61) as f32 - 30.0) * 0.05;
    }
    let mut h = 0u32;
    for _ in 0..iterations {
        transform(&m, &mut p);
        let d = dot(&p, &q);
        saxpy(0.25, &p, 0.5, &mut q);
        h = h.rotate_left(5) ^ d.to_bits();
    }
    for (a, b) in p.iter().zip(q.iter()) {
        h = (h ^ a.to_bits()).wrapping_mul(0x0100_0193) ^ b.to_bits();
    }
    h as i32
}

/// A dense 4x4 rotation (orthogonal: it keeps the vectors' lengths), as its columns: the
/// product of rotations in the planes (x, y), (z, w), (x, z) and (y, w).
fn matrix() -> [[f32; 4]; 4] {
    let plane = |i: usize, j: usize, c: f32, s: f32| {
        let mut r = [[0f32; 4]; 4];
        for k in 0..4 {
            r[k][k] = 1.0;
        }
        // Column-major: r[column][row].
        r[i][i] = c;
        r[j][j] = c;
        r[j][i] = -s;
        r[i][j] = s;
        r
    };
    let mul = |a: [[f32; 4]; 4], b: [[f32; 4]; 4]| {
        let mut r = [[0f32; 4]; 4];
        for col in 0..4 {
            for row in 0..4 {
                let mut acc = 0.0;
                for k in 0..4 {
                    acc += a[k][row] * b[col][k];
                }
                r[col][row] = acc;
            }
        }
        r
    };
    let a = mul(plane(0, 1, 0.6, 0.8), plane(2, 3, 0.28, 0.96));
    let b = mul(plane(0, 2, 0.8, 0.6), plane(1, 3, 0.96, 0.28));
    mul(a, b)
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use crate::v128io::{load_f32, store_f32};
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use core::arch::wasm32::*;

/// `v = ((c0 x + c1 y) + c2 z) + c3 w` for every vec4 `v = (x, y, z, w)` of `p`.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn transform(m: &[[f32; 4]; 4], p: &mut [f32]) {
    let c = m.map(|col| load_f32(&col));
    for v4 in p.chunks_exact_mut(4) {
        let v = load_f32(v4);
        let x = i32x4_shuffle::<0, 0, 0, 0>(v, v);
        let y = i32x4_shuffle::<1, 1, 1, 1>(v, v);
        let z = i32x4_shuffle::<2, 2, 2, 2>(v, v);
        let w = i32x4_shuffle::<3, 3, 3, 3>(v, v);
        let r = f32x4_add(
            f32x4_add(
                f32x4_add(f32x4_mul(c[0], x), f32x4_mul(c[1], y)),
                f32x4_mul(c[2], z),
            ),
            f32x4_mul(c[3], w),
        );
        store_f32(v4, r);
    }
}

/// `v = ((c0 x + c1 y) + c2 z) + c3 w` for every vec4 `v = (x, y, z, w)` of `p`.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn transform(m: &[[f32; 4]; 4], p: &mut [f32]) {
    for v in p.chunks_exact_mut(4) {
        let (x, y, z, w) = (v[0], v[1], v[2], v[3]);
        for j in 0..4 {
            v[j] = ((m[0][j] * x + m[1][j] * y) + m[2][j] * z) + m[3][j] * w;
        }
    }
}

/// `a · b`: four partial sums (one per lane, in order), then `(s0 + s2) + (s1 + s3)`.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = f32x4_splat(0.0);
    for (x, y) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
        acc = f32x4_add(acc, f32x4_mul(load_f32(x), load_f32(y)));
    }
    let t = f32x4_add(acc, i32x4_shuffle::<2, 3, 0, 1>(acc, acc));
    let t = f32x4_add(t, i32x4_shuffle::<1, 0, 3, 2>(t, t));
    f32x4_extract_lane::<0>(t)
}

/// `a · b`: four partial sums (one per lane, in order), then `(s0 + s2) + (s1 + s3)`.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut s = [0f32; 4];
    for (x, y) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
        for j in 0..4 {
            s[j] += x[j] * y[j];
        }
    }
    (s[0] + s[2]) + (s[1] + s[3])
}

/// `y = a x + b y`, element by element.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn saxpy(a: f32, x: &[f32], b: f32, y: &mut [f32]) {
    let (a, b) = (f32x4_splat(a), f32x4_splat(b));
    for (x4, y4) in x.chunks_exact(4).zip(y.chunks_exact_mut(4)) {
        let r = f32x4_add(f32x4_mul(a, load_f32(x4)), f32x4_mul(b, load_f32(y4)));
        store_f32(y4, r);
    }
}

/// `y = a x + b y`, element by element.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn saxpy(a: f32, x: &[f32], b: f32, y: &mut [f32]) {
    for (x, y) in x.iter().zip(y.iter_mut()) {
        *y = a * x + b * *y;
    }
}
