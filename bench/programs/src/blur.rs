//! A 3x3 Gaussian blur of a 640 x 480 grayscale image (300 KiB of u8 pixels), each
//! result averaged with the original (rounding): u8 lanes widened to u16, added and
//! shifted, narrowed back, `avgr`. SIMD: `u8x16`/`u16x8` intrinsics in the wasm32 build
//! (`+simd128`), the same arithmetic pixel by pixel otherwise.

const W: usize = 640;
const H: usize = 480;
/// Bytes before and after the image in its buffer, so that the vector code may read the
/// 16-byte blocks on either side of any pixel's block.
const PAD: usize = 16;

/// `iterations` passes, each over the previous one's image; a checksum (FNV-1a) of the
/// last image's pixels.
pub fn run(iterations: i32) -> i32 {
    let orig = image();
    let mut src = orig.clone();
    let mut dst = orig.clone();
    for _ in 0..iterations {
        pass(&src, &orig, &mut dst);
        core::mem::swap(&mut src, &mut dst);
    }
    let mut h = 0x811c_9dc5u32;
    for &p in src[PAD..PAD + W * H].iter() {
        h = (h ^ u32::from(p)).wrapping_mul(0x0100_0193);
    }
    h as i32
}

/// The test image, pixel (x, y) at `PAD + y * W + x`: a gradient, a pattern of rings and
/// noise from an LCG.
fn image() -> Vec<u8> {
    let mut img = vec![0u8; PAD + W * H + PAD];
    let mut s = 0x1234_5678u32;
    for y in 0..H {
        for x in 0..W {
            s = s.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let rings = ((x as i32 - 320).pow(2) + (y as i32 - 240).pow(2)) as u32 >> 6;
            img[PAD + y * W + x] = ((x + y) as u32 / 5 + (rings & 0x3f) + (s >> 26)) as u8;
        }
    }
    img
}

/// One pass: every interior pixel of `dst` is `avgr(blur(src), orig)`, where blur is the
/// kernel [1 2 1; 2 4 2; 1 2 1] / 16, rounded; the border keeps its pixels.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn pass(src: &[u8], orig: &[u8], dst: &mut [u8]) {
    use crate::v128io::{load_u8, store_u8};
    use core::arch::wasm32::*;
    // The kernel's row [1 2 1] over the 16 pixels from i, as two u16x8 halves: the
    // neighbours on the left and on the right shuffled out of the blocks around i's.
    let row = |i: usize| {
        let before = load_u8(&src[i - 16..]);
        let c = load_u8(&src[i..]);
        let after = load_u8(&src[i + 16..]);
        let l = i8x16_shuffle::<15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30>(
            before, c,
        );
        let r = i8x16_shuffle::<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16>(c, after);
        let lo = i16x8_add(
            i16x8_add(u16x8_extend_low_u8x16(l), u16x8_extend_low_u8x16(r)),
            i16x8_shl(u16x8_extend_low_u8x16(c), 1),
        );
        let hi = i16x8_add(
            i16x8_add(u16x8_extend_high_u8x16(l), u16x8_extend_high_u8x16(r)),
            i16x8_shl(u16x8_extend_high_u8x16(c), 1),
        );
        (lo, hi)
    };
    let eight = u16x8_splat(8);
    // The last block of a row overlaps the one before it: it computes the same pixels.
    let blocks = (1..W - 17).step_by(16).chain([W - 17]);
    for y in 1..H - 1 {
        for x in blocks.clone() {
            let i = PAD + y * W + x;
            let (a_lo, a_hi) = row(i - W);
            let (b_lo, b_hi) = row(i);
            let (c_lo, c_hi) = row(i + W);
            let lo = i16x8_add(i16x8_add(a_lo, c_lo), i16x8_shl(b_lo, 1));
            let hi = i16x8_add(i16x8_add(a_hi, c_hi), i16x8_shl(b_hi, 1));
            let lo = u16x8_shr(i16x8_add(lo, eight), 4);
            let hi = u16x8_shr(i16x8_add(hi, eight), 4);
            let blurred = u8x16_narrow_i16x8(lo, hi);
            store_u8(&mut dst[i..], u8x16_avgr(blurred, load_u8(&orig[i..])));
        }
    }
}

/// One pass: every interior pixel of `dst` is `avgr(blur(src), orig)`, where blur is the
/// kernel [1 2 1; 2 4 2; 1 2 1] / 16, rounded; the border keeps its pixels.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn pass(src: &[u8], orig: &[u8], dst: &mut [u8]) {
    let row = |i: usize| u16::from(src[i - 1]) + 2 * u16::from(src[i]) + u16::from(src[i + 1]);
    for y in 1..H - 1 {
        for x in 1..W - 1 {
            let i = PAD + y * W + x;
            let v = row(i - W) + 2 * row(i) + row(i + W);
            let blurred = (v + 8) >> 4;
            dst[i] = ((blurred + u16::from(orig[i]) + 1) >> 1) as u8;
        }
    }
}
