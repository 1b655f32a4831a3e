//! Input nested 100,000 levels deep ends in a result or a clean error, never a native
//! stack overflow: each case runs on a thread with a 256 KiB stack.

use awe_text::{parse_module, parse_script};

const DEPTH: usize = 100_000;

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no stack overflow or panic")
}

#[test]
fn flat_blocks() {
    let m = on_small_stack(|| {
        let src = format!(
            "(module (func {} {}))",
            "block ".repeat(DEPTH),
            "end ".repeat(DEPTH)
        );
        parse_module(&src)
    })
    .unwrap();
    assert_eq!(m.funcs[0].body.len(), 2 * DEPTH + 1);
}

#[test]
fn folded_blocks_and_operands() {
    let m = on_small_stack(|| {
        let src = format!(
            "(module (func (result i32) {}(i32.const 1){}))",
            "(i32.eqz ".repeat(DEPTH),
            ")".repeat(DEPTH)
        );
        parse_module(&src)
    })
    .unwrap();
    assert_eq!(m.funcs[0].body.len(), DEPTH + 2);
    let m = on_small_stack(|| {
        let src = format!(
            "(module (func {}{}))",
            "(block (loop ".repeat(DEPTH / 2),
            "))".repeat(DEPTH / 2)
        );
        parse_module(&src)
    })
    .unwrap();
    assert_eq!(m.funcs[0].body.len(), 2 * DEPTH + 1);
}

#[test]
fn unbalanced_and_bare_parentheses_are_errors() {
    let e = on_small_stack(|| parse_module(&format!("(module (func {}", "(block ".repeat(DEPTH))))
        .unwrap_err();
    assert_eq!(e.message, "unexpected end of input");
    let e = on_small_stack(|| parse_module(&"(".repeat(DEPTH))).unwrap_err();
    assert_eq!((e.message.as_str(), e.span.start), ("unexpected token", 1));
    let e = on_small_stack(|| parse_module(&format!("{}{}", "(".repeat(DEPTH), ")".repeat(DEPTH))))
        .unwrap_err();
    assert_eq!(e.message, "unexpected token");
    let r = on_small_stack(|| {
        parse_script(&format!(
            "(assert_invalid (module (func {}{})) \"x\")",
            "(block ".repeat(DEPTH),
            ")".repeat(DEPTH)
        ))
        .map(|s| s.directives.len())
    });
    assert_eq!(r.unwrap(), 1);
}

#[test]
fn nested_block_comments_and_annotations() {
    let m = on_small_stack(|| {
        parse_module(&format!(
            "(module {}{} {}{})",
            "(;".repeat(DEPTH),
            ";)".repeat(DEPTH),
            "(@a ".repeat(DEPTH),
            ")".repeat(DEPTH)
        ))
    })
    .unwrap();
    assert!(m.funcs.is_empty());
}
