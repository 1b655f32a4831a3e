//! Checks shared by the fuzz targets.

use awe_module::Module;

/// `m` without the instruction offsets, which depend on the encoding.
pub fn without_offsets(mut m: Module) -> Module {
    for f in &mut m.funcs {
        f.offsets.clear();
    }
    m
}

/// Decodes `data`; when it decodes, asserts that encoding and decoding again gives the
/// same module (offsets aside). Returns whether
/// `data` decoded.
pub fn check_round_trip(data: &[u8]) -> bool {
    let m = match awe_binary::decode(data) {
        Ok(m) => m,
        Err(e) => {
            assert!(
                e.offset <= data.len(),
                "error offset {} past the end ({} bytes): {e}",
                e.offset,
                data.len()
            );
            return false;
        }
    };
    let bytes = awe_binary::encode(&m);
    let m2 = match awe_binary::decode(&bytes) {
        Ok(m2) => m2,
        Err(e) => panic!("the encoding of a decoded module does not decode: {e}"),
    };
    let (m, m2) = (without_offsets(m), without_offsets(m2));
    assert!(m == m2, "round trip gives another module:\n{m:#?}\n{m2:#?}");
    true
}
