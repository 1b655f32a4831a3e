//! Minimizing a diverging module while it still diverges the same way.

use wasmparser::{Validator, WasmFeatures};

/// The smallest module found for which `still` holds, starting from `bytes` (for which
/// it must hold). A valid module goes through `wasm-shrink` (which keeps it valid); an
/// invalid one through a byte reducer (removing ranges, halving their length).
pub fn shrink(bytes: &[u8], mut still: impl FnMut(&[u8]) -> bool, attempts: u32) -> Vec<u8> {
    let valid = Validator::new_with_features(WasmFeatures::all())
        .validate_all(bytes)
        .is_ok();
    if valid {
        let r = wasm_shrink::WasmShrink::default()
            .attempts(attempts)
            .run(bytes.to_vec(), |m| Ok(still(m)));
        match r {
            Ok(info) => return info.output,
            Err(e) => eprintln!("wasm-shrink: {e:#}"),
        }
    }
    reduce_bytes(bytes, still, attempts)
}

/// Removes byte ranges (after the 8-byte header) while `still` holds.
pub fn reduce_bytes(bytes: &[u8], mut still: impl FnMut(&[u8]) -> bool, attempts: u32) -> Vec<u8> {
    let mut best = bytes.to_vec();
    let mut tries = 0;
    let mut chunk = (best.len() / 2).max(1);
    while chunk >= 1 && tries < attempts {
        let mut at = 8;
        let mut progress = false;
        while at + chunk <= best.len() && tries < attempts {
            let mut cand = best.clone();
            cand.drain(at..at + chunk);
            tries += 1;
            if still(&cand) {
                best = cand;
                progress = true;
            } else {
                at += chunk;
            }
        }
        if !progress {
            if chunk == 1 {
                break;
            }
            chunk /= 2;
        }
    }
    best
}

/// The text of a module for a report: awe's printer when it decodes, else a hex dump.
pub fn text_of(bytes: &[u8]) -> String {
    match awe_binary::decode(bytes) {
        Ok(m) => awe_text::print(&m),
        Err(e) => {
            let mut s = format!(";; does not decode in awe: {e}\n;; hex:\n");
            for line in bytes.chunks(32) {
                s.push_str(";; ");
                for b in line {
                    s.push_str(&format!("{b:02x}"));
                }
                s.push('\n');
            }
            s
        }
    }
}
