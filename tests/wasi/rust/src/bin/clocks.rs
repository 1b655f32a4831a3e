//! Clocks and randomness, printing only verdicts so that the output is deterministic.
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn check(what: &str, ok: bool) {
    println!("{what}: {}", if ok { "ok" } else { "FAILED" });
}

fn main() {
    // Resolutions: positive and at most one second.
    for (name, id) in [("realtime", wasi::CLOCKID_REALTIME), ("monotonic", wasi::CLOCKID_MONOTONIC)] {
        let res = unsafe { wasi::clock_res_get(id) };
        check(
            &format!("{name} resolution in (0, 1s]"),
            matches!(res, Ok(r) if r > 0 && r <= 1_000_000_000),
        );
    }

    // Realtime: between 2020 and 2200, and the same clock as std's SystemTime.
    let now = unsafe { wasi::clock_time_get(wasi::CLOCKID_REALTIME, 1) }.unwrap();
    let y2020 = 1_577_836_800u64 * 1_000_000_000;
    let y2200 = 7_258_118_400u64 * 1_000_000_000;
    check("realtime between 2020 and 2200", now > y2020 && now < y2200);
    let std_now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64;
    check("realtime agrees with SystemTime (10 s)", std_now.abs_diff(now) < 10_000_000_000);

    // Monotonic: never goes back over many reads, and moves forward across a sleep.
    let mut last = unsafe { wasi::clock_time_get(wasi::CLOCKID_MONOTONIC, 1) }.unwrap();
    let mut backwards = false;
    for _ in 0..10_000 {
        let t = unsafe { wasi::clock_time_get(wasi::CLOCKID_MONOTONIC, 1) }.unwrap();
        backwards |= t < last;
        last = t;
    }
    check("monotonic never decreases (10000 reads)", !backwards);
    let before = Instant::now();
    std::thread::sleep(Duration::from_millis(20));
    let slept = before.elapsed();
    check("monotonic advances across a 20 ms sleep", slept >= Duration::from_millis(20));
    check("... by less than 10 s", slept < Duration::from_secs(10));
    let m2 = unsafe { wasi::clock_time_get(wasi::CLOCKID_MONOTONIC, 0) }.unwrap();
    check("monotonic precision 0 accepted", m2 >= last);

    // Random bytes: not constant, two draws differ, every byte value shows up in 64 KiB.
    let mut a = [0u8; 64];
    let mut b = [0u8; 64];
    unsafe {
        wasi::random_get(a.as_mut_ptr(), a.len()).unwrap();
        wasi::random_get(b.as_mut_ptr(), b.len()).unwrap();
    }
    check("random bytes are not all equal", a.iter().any(|&x| x != a[0]));
    check("two random draws differ", a != b);
    let mut big = vec![0u8; 65536];
    unsafe { wasi::random_get(big.as_mut_ptr(), big.len()).unwrap() };
    let mut seen = [0u32; 256];
    for &x in &big {
        seen[x as usize] += 1;
    }
    check("all 256 byte values in 64 KiB", seen.iter().all(|&n| n > 0));
    check("no byte value over 2% of 64 KiB", seen.iter().all(|&n| n < 1311));
    check("random_get of 0 bytes", unsafe { wasi::random_get(big.as_mut_ptr(), 0) }.is_ok());
    // std's hash maps seed themselves from random_get.
    let m: std::collections::HashMap<u32, u32> = (0..100).map(|i| (i, i * i)).collect();
    check("HashMap works", m[&7] == 49);
}
