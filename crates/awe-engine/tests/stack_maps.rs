//! Stack maps: where a collection finds GC's references in a frame (the locals of
//! reference types, and at each call and allocation the temporaries that hold one).

use awe_engine::{Config, ModuleCode, ops::Op};

fn code(wat: &str) -> ModuleCode {
    let module = awe_text::parse_module(wat).expect("parses");
    let valid = awe_validate::validate(module).expect("validates");
    ModuleCode::for_config(valid, &Config::default())
}

#[test]
fn a_reference_in_a_temporary_across_a_call_is_in_the_map() {
    let code = code(
        r#"(module
          (type $t (struct (field (ref null $t)) (field (ref null $t))))
          (func $make (result (ref $t)) (struct.new $t (ref.null $t) (ref.null $t)))
          (func (param $keep anyref) (param $n i32) (result (ref $t))
            (struct.new $t (call $make) (call $make))))"#,
    );
    let c = code.ensure(1).expect("translates");
    let maps = c
        .stack_maps
        .as_ref()
        .expect("a module with struct types has maps");
    // The parameter of type anyref, not the i32.
    assert_eq!(&*maps.locals, &[0]);
    let calls: Vec<u32> = c
        .code
        .iter()
        .enumerate()
        .filter(|(_, op)| matches!(op, Op::CallLocal { .. }))
        .map(|(i, _)| i as u32)
        .collect();
    assert_eq!(calls.len(), 2);
    // Before the first call nothing is on the stack; before the second, the first
    // call's result is, in a temporary.
    assert_eq!(maps.at(calls[0]).map(<[_]>::len), Some(0));
    assert_eq!(maps.at(calls[1]).map(<[_]>::len), Some(1));
    let alloc = c
        .code
        .iter()
        .position(|op| matches!(op, Op::StructNewPlain { .. }))
        .expect("struct.new");
    // Both operands at the allocation.
    assert_eq!(maps.at(alloc as u32).map(<[_]>::len), Some(2));
}

#[test]
fn modules_without_struct_or_array_types_have_no_maps() {
    let code = code(r#"(module (func (param externref) (result externref) (local.get 0)))"#);
    let c = code.ensure(0).expect("translates");
    assert!(c.stack_maps.is_none());
}
