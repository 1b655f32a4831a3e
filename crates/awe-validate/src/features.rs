//! Which features a validation accepts ([`Features`]): SIMD (part of WebAssembly 2.0) and
//! those of 3.0, for embedders who must refuse some (as wasmtime's `Config::wasm_*`
//! switches) and for the conformance harness, which runs each proposal's scripts with the
//! features of its time.

use std::fmt;

macro_rules! features {
    ($( $(#[$doc:meta])* $field:ident $name:literal, )*) => {
        /// The features that validation accepts beyond WebAssembly 2.0's base: SIMD
        /// (part of 2.0, but an embedder may refuse it) and those of 3.0; a module using
        /// one that is off is invalid. [`Features::default`] is every feature awe
        /// implements; [`Features::WASM2`] WebAssembly 2.0 (SIMD and no 3.0 feature).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct Features {
            $( $(#[$doc])* pub $field: bool, )*
        }

        impl Features {
            /// Every switch off: WebAssembly 2.0 without SIMD.
            pub const NONE: Features = Features { $( $field: false, )* };

            /// WebAssembly 2.0: SIMD, and no feature of 3.0.
            pub const WASM2: Features = Features { simd: true, ..Features::NONE };

            /// Every feature awe implements.
            pub const ALL: Features = Features { $( $field: true, )* };

            /// The features' names, as `awe validate --features` takes them.
            pub const NAMES: &'static [&'static str] = &[$( $name ),*];

            /// The switch named `name` (one of [`Features::NAMES`]).
            pub fn get_mut(&mut self, name: &str) -> Option<&mut bool> {
                match name {
                    $( $name => Some(&mut self.$field), )*
                    _ => None,
                }
            }
        }

        impl fmt::Display for Features {
            /// The names of the features that are on, separated by commas.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let on: Vec<&str> = [$( (self.$field, $name) ),*]
                    .into_iter()
                    .filter_map(|(on, name)| on.then_some(name))
                    .collect();
                f.write_str(&on.join(","))
            }
        }
    };
}

features! {
    /// SIMD (WebAssembly 2.0): the type `v128` and the vector instructions.
    simd "simd",
    /// Relaxed SIMD: the vector instructions `relaxed_*`, whose results may depend on
    /// the host (awe makes one deterministic choice); needs `simd`.
    relaxed_simd "relaxed-simd",
    /// Extended constant expressions: `i32`/`i64` `add`, `sub` and `mul`, and `global.get`
    /// of any immutable global defined before (not only imported ones).
    extended_const "extended-const",
    /// Tail calls: `return_call`, `return_call_indirect`.
    tail_call "tail-call",
    /// More than one memory.
    multi_memory "multi-memory",
    /// Memories and tables with 64-bit addresses.
    memory64 "memory64",
    /// Exception handling: tags, `throw`, `throw_ref`, `try_table`, `exnref`.
    exceptions "exceptions",
    /// Typed function references: non-null reference types, references to the module's
    /// types (`(ref $t)`), `call_ref`, `return_call_ref`, `ref.as_non_null`,
    /// `br_on_null`, `br_on_non_null`, tables with an initializer.
    function_references "function-references",
    /// GC's type system: so far, recursion groups (`rec`) of function types and GC's
    /// abstract heap types (`any`, `eq`, `i31`, `struct`, `array`, and the bottom types
    /// `none`, `nofunc`, `noextern`, `noexn`).
    gc "gc",
}

impl Default for Features {
    fn default() -> Self {
        Features::ALL
    }
}

impl Features {
    /// Turns on or off the features in a list such as `tail-call,-memory64` (a leading
    /// `-` turns one off; `all` turns every one on, `none` and `-all` every one of 3.0
    /// off, leaving WebAssembly 2.0, SIMD included: `-simd` turns that off); the error
    /// names an unknown feature.
    pub fn apply(&mut self, list: &str) -> Result<(), String> {
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, on) = match item.strip_prefix('-') {
                Some(name) => (name, false),
                None => (item, true),
            };
            match name {
                "all" => *self = if on { Features::ALL } else { Features::WASM2 },
                "none" => *self = Features::WASM2,
                _ => match self.get_mut(name) {
                    Some(switch) => *switch = on,
                    None => {
                        return Err(format!(
                            "unknown feature {name:?} (known: {}, all, none)",
                            Features::NAMES.join(", ")
                        ));
                    }
                },
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Features;

    /// Each list applied to WebAssembly 2.0, and the features then on.
    #[test]
    fn lists_turn_features_on_and_off() {
        let all = "simd,relaxed-simd,extended-const,tail-call,multi-memory,memory64,exceptions,\
                   function-references,gc";
        let cases = [
            ("", "simd"),
            ("tail-call, memory64", "simd,tail-call,memory64"),
            ("all", all),
            (
                "all,-memory64",
                "simd,relaxed-simd,extended-const,tail-call,multi-memory,exceptions,\
                 function-references,gc",
            ),
            ("relaxed-simd", "simd,relaxed-simd"),
            ("-simd", ""),
            ("all,none", "simd"),
            ("all,-all", "simd"),
            ("none,-simd,exceptions", "exceptions"),
        ];
        for (list, on) in cases {
            let mut f = Features::WASM2;
            f.apply(list).unwrap();
            assert_eq!(f.to_string(), on, "{list:?}");
        }
        assert_eq!(Features::ALL.to_string(), all);
        assert_eq!(Features::NONE.to_string(), "");
        let e = Features::default().apply("threads").unwrap_err();
        assert!(e.contains("unknown feature \"threads\""), "{e}");
    }
}
