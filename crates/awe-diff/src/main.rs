//! `awe-diff`: differential execution fuzzing of awe against wasmi, round trips, and
//! replay of saved cases. See `fuzz/README.md`.

use awe_diff::awe_side::ExecOptions;
use awe_diff::check::{self, Tie, Verdict};
use awe_diff::compare::{Class, Divergence};
use awe_diff::generator::{self, GenOptions};
use awe_diff::summary::Stats;
use awe_diff::{corpus, roundtrip, shrink};
use clap::{Parser, Subcommand};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(about = "Differential execution fuzzing of awe against wasmi")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct RunArgs {
    /// Seeds `A..B` (B excluded).
    #[arg(long)]
    seeds: Option<String>,
    /// Seeds from a string (e.g. a commit hash): consecutive seeds from its hash.
    #[arg(long)]
    seed_from: Option<String>,
    /// With `--seed-from`: how many seeds (default: until `--time`).
    #[arg(long)]
    count: Option<u64>,
    /// Stop after this many seconds.
    #[arg(long)]
    time: Option<u64>,
    /// Where reproducers go.
    #[arg(long, default_value = "target/awe-diff")]
    out: PathBuf,
    /// Translate every function before any call, in every other module (odd seeds).
    #[arg(long)]
    eager: bool,
    /// Also run a byte-mutated variant of each module.
    #[arg(long)]
    mutate: bool,
    /// Compare NaNs as equal whatever their bits.
    #[arg(long)]
    nan_tolerant: bool,
    /// Generate no SIMD (by default about half the modules have it).
    #[arg(long)]
    no_simd: bool,
    /// Minimize at most this many divergences per class.
    #[arg(long, default_value_t = 3)]
    shrink_per_class: u64,
    /// Attempts of the minimizer per divergence.
    #[arg(long, default_value_t = 300)]
    shrink_attempts: u32,
    /// Fail also on divergences where wasmi 2.0 alone disagrees (awe = wasmi 1.1) and
    /// no known oracle bug matches.
    #[arg(long)]
    strict: bool,
    /// Seconds without progress after which awe counts as hanging.
    #[arg(long, default_value_t = 60)]
    hang_secs: u64,
}

#[derive(Subcommand)]
enum Command {
    /// Generate modules and compare awe with wasmi on them.
    Run(RunArgs),
    /// Generate modules and check the binary and text round trips on them.
    Roundtrip(RunArgs),
    /// Minimize a saved case further while it diverges with the same class and tie
    /// (lazily translated, with awe's fuel); writes FILE's stem + `-min.wasm`/`.wat`.
    Shrink {
        /// Attempts of the minimizer.
        #[arg(long, default_value_t = 5000)]
        attempts: u32,
        /// Translate eagerly.
        #[arg(long)]
        eager: bool,
        /// The file.
        file: PathBuf,
    },
    /// The module wasm-smith makes of a fuzz target's input (e.g. a `diff_exec`
    /// artifact), and its byte-mutated variant (`-m`), as `.wasm` and `.wat` named
    /// after the plan seed the target used.
    Smith {
        /// The input file.
        input: PathBuf,
        /// Where to write.
        #[arg(long, default_value = "target/awe-diff")]
        out: PathBuf,
    },
    /// Re-run saved cases (`.wasm` or `.wat`).
    Replay {
        /// Print every invoke line's outcome in awe, wasmi 2.0 and wasmi 1.1.
        #[arg(long)]
        show: bool,
        /// The files.
        files: Vec<PathBuf>,
    },
}

/// Where the worker is, for the hang watchdog.
struct Progress {
    seed: AtomicU64,
    last: AtomicU64,
    done: AtomicBool,
}

fn now_secs(start: Instant) -> u64 {
    start.elapsed().as_secs()
}

fn seeds(a: &RunArgs) -> Result<(u64, Option<u64>), String> {
    if let Some(s) = &a.seed_from {
        return Ok((generator::seed_from_str(s), a.count));
    }
    let range = a.seeds.as_deref().unwrap_or("0..1000");
    let (x, y) = range
        .split_once("..")
        .ok_or_else(|| format!("--seeds: expected A..B, got {range}"))?;
    let x: u64 = x.parse().map_err(|e| format!("--seeds: {e}"))?;
    let y: u64 = y.parse().map_err(|e| format!("--seeds: {e}"))?;
    Ok((x, Some(y.saturating_sub(x))))
}

fn save(out: &Path, name: &str, bytes: &[u8], header: &str) {
    let _ = std::fs::create_dir_all(out);
    let _ = std::fs::write(out.join(format!("{name}.wasm")), bytes);
    let mut text = String::new();
    for line in header.lines() {
        text.push_str(";; ");
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(&shrink::text_of(bytes));
    let _ = std::fs::write(out.join(format!("{name}.wat")), text);
}

struct Worker {
    args: RunArgs,
    roundtrip_only: bool,
    progress: Arc<Progress>,
    start: Instant,
    stats: Stats,
    shrunk: BTreeMap<Class, u64>,
}

impl Worker {
    fn beat(&self, seed: u64) {
        self.progress.seed.store(seed, Ordering::Relaxed);
        self.progress
            .last
            .store(now_secs(self.start), Ordering::Relaxed);
    }

    #[allow(clippy::too_many_arguments)]
    fn report(
        &mut self,
        seed: u64,
        mutated: bool,
        bytes: &[u8],
        opts: ExecOptions,
        d: &Divergence,
        tie: Option<Tie>,
    ) {
        let tie_text = tie.map_or("round trip", Tie::describe);
        let tag = if mutated { "-m" } else { "" };
        println!(
            "seed {seed}{tag}: {}: {} [{tie_text}] (eager {}, awe fuel {}, {:?})",
            d.class, d.detail, opts.eager, opts.awe_fuel, opts.strategy
        );
        let n = self.shrunk.entry(d.class).or_default();
        let name = format!("{}-s{seed}{tag}", d.class);
        let header = format!(
            "awe-diff: {} at seed {seed}{tag} (eager {}, awe fuel {}, {:?}): {}\n{tie_text}",
            d.class, opts.eager, opts.awe_fuel, opts.strategy, d.detail
        );
        if *n >= self.args.shrink_per_class {
            save(&self.args.out, &name, bytes, &header);
            return;
        }
        *n += 1;
        let class = d.class;
        let roundtrip_only = self.roundtrip_only;
        // A smaller module is no longer wasm-smith's: its `ensure_termination` may be gone
        // (a loop of tail calls left without its counter), so awe runs it with fuel too.
        let opts = ExecOptions {
            awe_fuel: true,
            ..opts
        };
        let small = shrink::shrink(
            bytes,
            |m| {
                self.beat(seed);
                if roundtrip_only {
                    roundtrip::check_roundtrip(m).is_some_and(|d| d.class == class)
                } else {
                    check::diverging_class(m, seed, opts, &[])
                        .is_some_and(|(c, t)| c == class && Some(t) == tie)
                }
            },
            self.args.shrink_attempts,
        );
        println!(
            "  minimized {} -> {} bytes: {}/{name}.wasm",
            bytes.len(),
            small.len(),
            self.args.out.display()
        );
        save(&self.args.out, &name, &small, &header);
        save(&self.args.out, &format!("{name}-orig"), bytes, &header);
    }

    fn case(&mut self, seed: u64, mutated: bool, bytes: &[u8]) {
        self.beat(seed);
        if self.roundtrip_only {
            self.stats.roundtrips += 1;
            if let Some(d) =
                check::catch(|| roundtrip::check_roundtrip(bytes)).unwrap_or_else(|p| {
                    Some(Divergence {
                        class: Class::Panic,
                        call: None,
                        detail: format!("panic in a round trip: {p}"),
                    })
                })
            {
                *self.stats.divergences.entry(d.class).or_default() += 1;
                self.report(seed, mutated, bytes, ExecOptions::default(), &d, None);
            }
            return;
        }
        let opts = ExecOptions {
            nan_tolerant: self.args.nan_tolerant,
            ..ExecOptions::for_seed(seed, mutated, self.args.eager)
        };
        let r = check::check_exec(bytes, seed, opts, &[]);
        self.stats.add(&r, mutated);
        if r.no_verdict == Some("oracle-panic") {
            let tag = if mutated { "-m" } else { "" };
            println!("seed {seed}{tag}: wasmi 2.0 panicked (no verdict)");
            save(
                &self.args.out,
                &format!("oracle-panic-s{seed}{tag}"),
                bytes,
                "wasmi 2.0 panicked",
            );
        }
        if let Verdict::Diverge(f) = &r.verdict {
            self.report(seed, mutated, bytes, opts, &f.divergence, Some(f.tie));
        }
    }

    fn run(mut self) -> Stats {
        let (first, count) = match seeds(&self.args) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        };
        let gen_opts = GenOptions {
            simd: !self.args.no_simd,
        };
        let mut last_print = Instant::now();
        let mut i = 0u64;
        loop {
            if count.is_some_and(|c| i >= c) {
                break;
            }
            if self
                .args
                .time
                .is_some_and(|t| self.start.elapsed().as_secs() >= t)
            {
                break;
            }
            let seed = first.wrapping_add(i);
            i += 1;
            let Some(bytes) = generator::generate(seed, gen_opts) else {
                self.stats.not_generated += 1;
                continue;
            };
            self.stats.modules += 1;
            self.stats.simd_modules += u64::from(generator::uses_simd(&bytes));
            self.case(seed, false, &bytes);
            if self.args.mutate {
                self.stats.mutated += 1;
                let m = generator::mutate(&bytes, seed);
                self.case(seed, true, &m);
            }
            if last_print.elapsed() >= Duration::from_secs(10) {
                last_print = Instant::now();
                self.stats.seconds = self.start.elapsed().as_secs_f64();
                eprintln!(
                    "[{:.0} s] seed {seed}: {} modules, {} calls, {} divergences",
                    self.stats.seconds,
                    self.stats.modules,
                    self.stats.calls,
                    self.stats.unexplained(true)
                );
            }
        }
        self.stats.seconds = self.start.elapsed().as_secs_f64();
        self.stats
    }
}

fn run(args: RunArgs, roundtrip_only: bool) -> i32 {
    check::quiet_panics();
    let progress = Arc::new(Progress {
        seed: AtomicU64::new(0),
        last: AtomicU64::new(0),
        done: AtomicBool::new(false),
    });
    let start = Instant::now();
    let hang_secs = args.hang_secs;
    let strict = args.strict;
    let worker = Worker {
        args,
        roundtrip_only,
        progress: progress.clone(),
        start,
        stats: Stats::default(),
        shrunk: BTreeMap::new(),
    };
    let p = progress.clone();
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let s = worker.run();
            p.done.store(true, Ordering::Relaxed);
            s
        })
        .expect("spawning the worker");
    while !progress.done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(200));
        let idle = now_secs(start).saturating_sub(progress.last.load(Ordering::Relaxed));
        if idle > hang_secs {
            println!(
                "hang: seed {} made no progress for {idle} s (re-run with --seeds {0}..{})",
                progress.seed.load(Ordering::Relaxed),
                progress.seed.load(Ordering::Relaxed) + 1
            );
            std::process::exit(1);
        }
    }
    let stats = match handle.join() {
        Ok(s) => s,
        Err(_) => {
            eprintln!("error: the worker panicked outside a caught section");
            return 1;
        }
    };
    print!("{}", stats.render());
    i32::from(stats.unexplained(strict) > 0)
}

fn show(f: &Path) -> Result<(), String> {
    let case = corpus::load(f)?;
    let calls = corpus::invoke_calls(&case)?;
    let c2 = calls.clone();
    let bytes = case.bytes.clone();
    let (awe, _) = awe_diff::awe_side::run(&case.bytes, ExecOptions::default(), &|_| calls.clone());
    let (w2, w1) = check::on_big_stack(move || {
        (
            awe_diff::oracle::Oracle::Wasmi2.run(&bytes, &c2),
            awe_diff::oracle::Oracle::Wasmi1.run(&bytes, &c2),
        )
    });
    for (i, c) in calls.iter().enumerate() {
        let o = |r: &awe_diff::trace::Run| {
            r.calls
                .get(i)
                .map_or("-".to_string(), |c| c.outcome.to_string())
        };
        println!(
            "{c}: awe {}, wasmi 2.0 {}, wasmi 1.1 {}",
            o(&awe),
            o(&w2),
            o(&w1)
        );
    }
    Ok(())
}

fn replay(files: Vec<PathBuf>, show_calls: bool) -> i32 {
    check::quiet_panics();
    let mut failed = 0;
    for f in &files {
        if show_calls && let Err(e) = show(f) {
            println!("{}: {e}", f.display());
        }
        let r = corpus::load(f).and_then(|c| check::on_big_stack(move || corpus::check_case(&c)));
        match r {
            Ok(()) => println!("{}: agree", f.display()),
            Err(e) => {
                failed += 1;
                println!("{e}");
            }
        }
    }
    println!("{} cases, {failed} diverge", files.len());
    i32::from(failed > 0)
}

fn shrink_file(file: &Path, attempts: u32, eager: bool) -> i32 {
    check::quiet_panics();
    let case = match corpus::load(file) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let opts = ExecOptions {
        eager,
        ..ExecOptions::default()
    };
    let seed = case.seed;
    let bytes = case.bytes.clone();
    let small = check::on_big_stack(move || {
        let key = check::diverging_class(&bytes, seed, opts, &[])?;
        let small = shrink::shrink(
            &bytes,
            |m| check::diverging_class(m, seed, opts, &[]) == Some(key),
            attempts,
        );
        Some((key, small))
    });
    let Some(((class, tie), small)) = small else {
        println!("{}: does not diverge", file.display());
        return 1;
    };
    let stem = file.with_extension("");
    let name = format!(
        "{}-min",
        stem.file_name().and_then(|s| s.to_str()).unwrap_or("case")
    );
    let dir = file.parent().unwrap_or(Path::new("."));
    save(
        dir,
        &name,
        &small,
        &format!(
            "{class} [{}], minimized from {}",
            tie.describe(),
            file.display()
        ),
    );
    println!(
        "{} -> {} bytes: {}",
        case.bytes.len(),
        small.len(),
        dir.join(format!("{name}.wasm")).display()
    );
    0
}

fn smith(input: &Path, out: &Path) -> i32 {
    let data = match std::fs::read(input) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {}: {e}", input.display());
            return 2;
        }
    };
    let Some(bytes) = generator::generate_from(&data, GenOptions::default()) else {
        eprintln!("error: wasm-smith makes no module of this input");
        return 1;
    };
    let seed = generator::seed_from_bytes(&data);
    let header = format!("wasm-smith module of {}", input.display());
    save(out, &format!("smith-s{seed}"), &bytes, &header);
    save(
        out,
        &format!("smith-s{seed}-m"),
        &generator::mutate(&bytes, seed),
        &header,
    );
    println!(
        "{}/smith-s{seed}.wasm, {}/smith-s{seed}-m.wasm",
        out.display(),
        out.display()
    );
    0
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Run(a) => run(a, false),
        Command::Roundtrip(a) => run(a, true),
        Command::Replay { show, files } => replay(files, show),
        Command::Smith { input, out } => smith(&input, &out),
        Command::Shrink {
            attempts,
            eager,
            file,
        } => shrink_file(&file, attempts, eager),
    };
    std::process::exit(code);
}
