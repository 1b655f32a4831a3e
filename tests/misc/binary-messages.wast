;; Malformed binary modules and the exact message each gets: the reference
;; interpreter's words, which awe's decoder gives (see ARCHITECTURE.md, "Decoder =
;; reference interpreter's reading rules"). Run with `awe wast tests/misc/*.wast`.

;; The smallest module, and one with an empty custom section.
(module binary "\00asm" "\01\00\00\00")
(module binary "\00asm" "\01\00\00\00" "\00\01\00")

;; Header.
(assert_malformed (module binary "") "unexpected end")
(assert_malformed (module binary "\00asm") "unexpected end")
(assert_malformed (module binary "\00ASM" "\01\00\00\00") "magic header not detected")
(assert_malformed (module binary "\00asm" "\02\00\00\00") "unknown binary version")

;; Sections.
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\0e\00") "malformed section id")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00"
    "\01\05\01\60\00\00"          ;; type section: size 5, content 4 bytes ...
    "\00"                         ;; ... and one byte more, read as the next section
  )
  "section size mismatch"
)
(assert_malformed
  (module binary "\00asm" "\01\00\00\00"
    "\03\02\01\00"                ;; function section: one function ...
  )                               ;; ... and no code section
  "function and code section have inconsistent lengths"
)
(assert_malformed
  (module binary "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"          ;; type section
    "\01\04\01\60\00\00"          ;; type section again
  )
  "unexpected content after last section"
)

;; Numbers and names.
(assert_malformed
  (module binary "\00asm" "\01\00\00\00"
    "\01\07\81\80\80\80\80\00"    ;; type count: 6-byte LEB128
  )
  "integer representation too long"
)
(assert_malformed
  (module binary "\00asm" "\01\00\00\00"
    "\00\04\02\c0\80\00"          ;; custom section name: overlong encoding of NUL
  )
  "malformed UTF-8 encoding"
)
(assert_malformed
  (module binary "\00asm" "\01\00\00\00"
    "\01\05\ff\ff\ff\ff\0f"       ;; 2^32-1 types in 5 bytes
  )
  "length out of bounds"
)
