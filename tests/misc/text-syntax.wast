;; Text modules: comments, annotations and quoted modules, well-formed and not.

;; Nested block comments: the inner `;)` does not end the outer comment.
(module quote
  "(; outer (; inner ;) still a comment: (func $nope) ;)"
  "(func $f (export \"f\") (result i32)"
  "  (; a comment ;) (i32.const 1)"
  ")"
)
(module
  (; a (; nested ;) comment in a module ;)
  (@custom "note" "annotations are skipped")
  (func (export "g") (@anything (nested (@annotation))) (result i32)
    i32.const 2)
)

;; A module may be split across strings anywhere between tokens; the strings are joined
;; with spaces, so a line comment in one runs to the end of the module.
(module quote "(func" " (export" " \"h\")" ")")
(assert_malformed (module quote "(func ;; the rest is comment" ")") "unexpected end")

(assert_malformed (module quote "(; never closed") "unclosed comment")
(assert_malformed (module quote "(; outer (; inner ;)") "unclosed comment")
(assert_malformed (module quote "(func (i32.const 0x))") "unknown operator")
(assert_malformed (module quote "(func (result i32) (param i32))") "unexpected token")
(assert_malformed (module quote "(func (i32.const 4294967296))") "constant out of range")
(assert_malformed (module quote "(func) \"stray\"") "unexpected token")
