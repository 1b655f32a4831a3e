//! Exception handling through the embedding API: an uncaught exception reaches the
//! embedder with its tag and payload, host functions throw, exceptions cross host
//! functions both ways, and a tail call's frame no longer catches.

use awe::{
    Caller, Config, Engine, Error, ExnRef, Func, FuncType, Linker, Module, Store, Tag, Val, ValType,
};

fn i32_tag(store: &mut Store<()>) -> Tag {
    Tag::new(store, &FuncType::new([ValType::I32], [])).unwrap()
}

#[test]
fn an_uncaught_exception_carries_its_tag_and_payload() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (tag $e (export "e") (param i32 i64))
          (func (export "throw") (param i32) (throw $e (local.get 0) (i64.const -7))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let i = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f = i.get_typed_func::<i32, ()>(&mut store, "throw").unwrap();
    let e = f.call(&mut store, 42).unwrap_err();
    let Error::Exception(exn) = e else {
        panic!("not an exception: {e}");
    };
    assert_eq!(exn.tag(&store), i.get_tag(&mut store, "e").unwrap());
    assert_eq!(exn.payload(&store), [Val::I32(42), Val::I64(-7)]);
    assert_eq!(Error::Exception(exn).to_string(), "uncaught exception");
}

#[test]
fn host_functions_throw_and_wasm_catches() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let tag = i32_tag(&mut store);
    let throws = Func::wrap(
        &mut store,
        move |mut caller: Caller<'_, ()>, x: i32| -> awe::Result<()> {
            let exn = ExnRef::new(&mut caller, &tag, &[Val::I32(x * 2)])?;
            Err(Error::Exception(exn))
        },
    );
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "e", tag).unwrap();
    linker.define(&store, "host", "throws", throws).unwrap();
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "e" (tag $e (param i32)))
          (import "host" "throws" (func $throws (param i32)))
          (func (export "catch") (param i32) (result i32)
            (block $h (result i32)
              (try_table (catch $e $h) (call $throws (local.get 0)))
              (i32.const -1)))
          (func (export "catch_ref") (param i32) (result exnref)
            (local $exn exnref)
            (block $h (result i32 exnref)
              (try_table (catch_ref $e $h) (call $throws (local.get 0)))
              (unreachable))
            (local.set $exn)
            (drop)
            (local.get $exn))
          (func (export "rethrow") (param i32)
            (throw_ref (call 2 (local.get 0)))))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &module).unwrap();
    let catch = i.get_typed_func::<i32, i32>(&mut store, "catch").unwrap();
    assert_eq!(catch.call(&mut store, 21).unwrap(), 42);
    // The reference the host gets back is to the same exception, with its payload.
    let f = i.get_func(&mut store, "catch_ref").unwrap();
    let mut out = [Val::ExnRef(None)];
    f.call(&mut store, &[Val::I32(5)], &mut out).unwrap();
    let Val::ExnRef(Some(exn)) = out[0] else {
        panic!("no exception reference: {:?}", out[0]);
    };
    assert_eq!(exn.payload(&store), [Val::I32(10)]);
    assert_eq!(exn.tag(&store), tag);
    // `throw_ref` throws the same exception again, to the host.
    let rethrow = i.get_typed_func::<i32, ()>(&mut store, "rethrow").unwrap();
    match rethrow.call(&mut store, 8).unwrap_err() {
        Error::Exception(e) => assert_eq!(e.payload(&store), [Val::I32(16)]),
        e => panic!("not an exception: {e}"),
    }
    // A payload of the wrong type is refused.
    let e = ExnRef::new(&mut store, &tag, &[Val::I64(1)]).unwrap_err();
    assert!(e.to_string().contains("payload"), "{e}");
}

/// wasm → host → wasm: the inner wasm throws, the host function passes the error on with
/// `?`, and the outer wasm catches it (and without a handler, it reaches the embedder).
#[test]
fn exceptions_cross_host_functions() {
    let engine = Engine::default();
    let inner = Module::new(
        &engine,
        r#"(module
          (tag $e (export "e") (param i32))
          (func (export "throw") (param i32) (throw $e (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let inner = linker.instantiate(&mut store, &inner).unwrap();
    linker.instance(&mut store, "inner", inner).unwrap();
    let throw = inner
        .get_typed_func::<i32, ()>(&mut store, "throw")
        .unwrap();
    let through_host = Func::wrap(&mut store, move |mut caller: Caller<'_, ()>, x: i32| {
        throw.call(&mut caller, x + 1)
    });
    linker
        .define(&store, "host", "through", through_host)
        .unwrap();
    let outer = Module::new(
        &engine,
        r#"(module
          (import "inner" "e" (tag $e (param i32)))
          (import "host" "through" (func $through (param i32)))
          (func (export "run") (param i32) (result i32)
            (block $h (result i32)
              (try_table (catch $e $h) (call $through (local.get 0)))
              (i32.const -1)))
          (func (export "uncaught") (param i32) (call $through (local.get 0))))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &outer).unwrap();
    let run = i.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    assert_eq!(run.call(&mut store, 1).unwrap(), 2);
    let uncaught = i.get_typed_func::<i32, ()>(&mut store, "uncaught").unwrap();
    match uncaught.call(&mut store, 5).unwrap_err() {
        Error::Exception(e) => assert_eq!(e.payload(&store), [Val::I32(6)]),
        e => panic!("not an exception: {e}"),
    }
}

/// A tail call replaces its frame: what the callee throws passes the `try_table`
/// around the `return_call`, to the frame's caller.
#[test]
fn a_tail_calls_frame_does_not_catch() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let tag = i32_tag(&mut store);
    let throws = Func::wrap(
        &mut store,
        move |mut caller: Caller<'_, ()>, x: i32| -> awe::Result<()> {
            Err(Error::Exception(ExnRef::new(
                &mut caller,
                &tag,
                &[Val::I32(x)],
            )?))
        },
    );
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "e", tag).unwrap();
    linker.define(&store, "host", "throws", throws).unwrap();
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "e" (tag $e (param i32)))
          (import "host" "throws" (func $throws (param i32)))
          (func $wasm_throws (param i32) (throw $e (local.get 0)))
          (func $tail (param i32) (param i32)
            (block $h (result i32)
              (try_table (catch $e $h)
                (if (local.get 1)
                  (then (return_call $throws (local.get 0)))
                  (else (return_call $wasm_throws (local.get 0)))))
              (return))
            (drop) (unreachable))
          (func (export "run") (param i32) (param i32) (result i32)
            (block $h (result i32)
              (try_table (catch $e $h) (call $tail (local.get 0) (local.get 1)))
              (i32.const -1))))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &module).unwrap();
    let run = i
        .get_typed_func::<(i32, i32), i32>(&mut store, "run")
        .unwrap();
    assert_eq!(run.call(&mut store, (3, 1)).unwrap(), 3);
    assert_eq!(run.call(&mut store, (4, 0)).unwrap(), 4);
}

/// A million exceptions thrown and caught without references: each is freed when caught,
/// and tags of one type stay distinct.
#[test]
fn many_exceptions_caught_without_references() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (tag $a (param i32))
          (tag $b (param i32))
          (func $throw (param i32)
            (if (i32.and (local.get 0) (i32.const 1))
              (then (throw $b (local.get 0)))
              (else (throw $a (local.get 0)))))
          (func (export "run") (param $n i32) (result i32)
            (local $odd i32)
            (loop $next
              (block $caught_b (result i32)
                (block $caught_a (result i32)
                  (try_table (catch $a $caught_a) (catch $b $caught_b)
                    (call $throw (local.get $n)))
                  (unreachable))
                (drop)
                (br $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
              (drop)
              (local.set $odd (i32.add (local.get $odd) (i32.const 1)))
              (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $odd)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let i = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let run = i.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    assert_eq!(run.call(&mut store, 1_000_000).unwrap(), 500_000);
}

/// Without the exceptions feature, `exnref` is refused wherever a module can name it (a
/// mutated module of the fuzzer had `ref.null exn` in a body, which was accepted).
#[test]
fn exnref_anywhere_needs_exceptions() {
    let cases = [
        "(module (func (drop (ref.null exn))))",
        "(module (func (local exnref)))",
        "(module (func (block (result exnref) (ref.null exn)) (drop)))",
        "(module (func (param exnref exnref) (drop (select (result exnref) (local.get 0) (local.get 1) (i32.const 1)))))",
        "(module (import \"m\" \"g\" (global exnref)))",
        "(module (import \"m\" \"t\" (table 1 exnref)))",
        "(module (table 1 exnref))",
        "(module (tag))",
    ];
    let mut config = Config::new();
    config.wasm_exceptions(false);
    let without = Engine::new(&config).unwrap();
    for text in cases {
        assert!(Module::new(&Engine::default(), text).is_ok(), "{text}");
        let e = Module::new(&without, text).unwrap_err();
        assert!(e.to_string().contains("exceptions"), "{text}: {e}");
    }
}
