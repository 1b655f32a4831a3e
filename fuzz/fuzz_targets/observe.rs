//! The decoder with an observer that formats every note (as `awe inspect` does): notes
//! and sections must describe byte ranges inside the input, in order, and formatting
//! them must not panic. The module must be the one `decode` gives.

#![no_main]

use awe_binary::{Observer, SectionInfo};
use libfuzzer_sys::fuzz_target;
use std::fmt::{self, Write};
use std::ops::Range;

struct Checker {
    len: usize,
    text: String,
}

impl Checker {
    fn range(&self, r: &Range<usize>, what: &str) {
        assert!(
            r.start <= r.end && r.end <= self.len,
            "{what} range {r:?} outside the {} input bytes",
            self.len
        );
    }
}

impl Observer for Checker {
    fn section(&mut self, s: &SectionInfo) {
        self.range(&s.range, "section");
        self.range(&s.payload, "section payload");
        assert!(s.range.start <= s.payload.start && s.payload.end == s.range.end);
        self.text.clear();
        write!(self.text, "{} {:?}", s.id, s.custom_name).unwrap();
    }

    fn note(&mut self, range: Range<usize>, _indent: u32, what: fmt::Arguments<'_>) {
        self.range(&range, "note");
        self.text.clear();
        self.text.write_fmt(what).unwrap();
    }
}

fuzz_target!(|data: &[u8]| {
    let mut checker = Checker {
        len: data.len(),
        text: String::new(),
    };
    let observed = awe_binary::decode_with(data, &mut checker);
    let plain = awe_binary::decode(data);
    assert_eq!(observed, plain, "an observer changes the result");
});
