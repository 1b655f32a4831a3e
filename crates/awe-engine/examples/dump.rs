//! `cargo run -p awe-engine --example dump FILE.wasm [FUNC_INDEX...]`: prints the
//! register bytecode the translator makes of a module's defined functions.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: dump FILE.wasm [DEFINED_FUNC_INDEX...]");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("error: {path}: {e}");
        std::process::exit(1)
    });
    let module = awe_binary::decode(&bytes).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let valid = awe_validate::validate(module).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let code = awe_engine::ModuleCode::new(valid);
    let n = code.module().funcs.len();
    let which: Vec<usize> = if args.len() > 1 {
        args[1..].iter().filter_map(|a| a.parse().ok()).collect()
    } else {
        (0..n).collect()
    };
    if std::env::var_os("AWE_DUMP_WASM").is_some() {
        for &i in &which {
            let f = &code.module().funcs[i];
            println!("func {i} wasm:");
            for (instr, at) in f.body.iter().zip(f.offsets.iter()) {
                println!("  @{at:<6x} {instr}");
            }
        }
    }
    for i in which.into_iter().filter(|&i| i < n) {
        match code.ensure(i) {
            Ok(c) => {
                println!(
                    "func {i}: params {} locals {} frame {} ops {}",
                    c.params,
                    c.locals,
                    c.frame_size,
                    c.code.len()
                );
                for (pc, op) in c.code.iter().enumerate() {
                    let at = c.offsets.get(pc).copied().unwrap_or(0);
                    println!("  {pc:4}: @{at:<6x} {op:?}");
                }
            }
            Err(e) => println!("func {i}: error: {e}"),
        }
    }
}
