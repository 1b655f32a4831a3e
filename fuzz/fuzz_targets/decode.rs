//! Arbitrary bytes into the decoder: it must return (never panic, overflow the stack or
//! run out of memory), and whatever decodes must survive encode -> decode unchanged.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    awe_fuzz::check_round_trip(data);
});
