//! poll_oneoff with clock subscriptions: std's sleep, a relative and an absolute clock,
//! the earlier of two clocks, a zero timeout, and stdout's write readiness. Verdicts only.
use std::time::{Duration, Instant};

fn check(what: &str, ok: bool) {
    println!("{what}: {}", if ok { "ok" } else { "FAILED" });
}

fn clock(userdata: u64, timeout: u64, flags: wasi::Subclockflags) -> wasi::Subscription {
    wasi::Subscription {
        userdata,
        u: wasi::SubscriptionU {
            tag: wasi::EVENTTYPE_CLOCK.raw(),
            u: wasi::SubscriptionUU {
                clock: wasi::SubscriptionClock { id: wasi::CLOCKID_MONOTONIC, timeout, precision: 0, flags },
            },
        },
    }
}

fn poll(subs: &[wasi::Subscription]) -> Result<Vec<wasi::Event>, wasi::Errno> {
    let mut events: Vec<wasi::Event> = Vec::with_capacity(subs.len());
    let n = unsafe { wasi::poll_oneoff(subs.as_ptr(), events.as_mut_ptr(), subs.len())? };
    unsafe { events.set_len(n) };
    Ok(events)
}

fn main() {
    let ms = 1_000_000u64;

    let t = Instant::now();
    std::thread::sleep(Duration::from_millis(50));
    check("std sleep 50 ms lasts at least 50 ms", t.elapsed() >= Duration::from_millis(50));

    let t = Instant::now();
    let ev = poll(&[clock(7, 30 * ms, 0)]).unwrap();
    check("relative clock 30 ms lasts at least 30 ms", t.elapsed() >= Duration::from_millis(30));
    check(
        "one clock event, userdata 7, no error",
        ev.len() == 1 && ev[0].userdata == 7 && ev[0].error.raw() == 0 && ev[0].type_ == wasi::EVENTTYPE_CLOCK,
    );

    let now = unsafe { wasi::clock_time_get(wasi::CLOCKID_MONOTONIC, 1) }.unwrap();
    let t = Instant::now();
    let ev = poll(&[clock(8, now + 30 * ms, wasi::SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME)]).unwrap();
    check("absolute clock now+30 ms lasts at least 30 ms", t.elapsed() >= Duration::from_millis(30));
    check("absolute clock event, userdata 8", ev.len() == 1 && ev[0].userdata == 8);

    let t = Instant::now();
    let ev = poll(&[clock(1, 2000 * ms, 0), clock(2, 20 * ms, 0)]).unwrap();
    let took = t.elapsed();
    check("two clocks: the 20 ms one fires", ev.iter().any(|e| e.userdata == 2));
    check("two clocks: the 2 s one does not", ev.iter().all(|e| e.userdata != 1));
    check("two clocks: less than 2 s", took < Duration::from_millis(1900));

    let ev = poll(&[clock(3, 0, 0)]).unwrap();
    check("zero timeout fires at once", ev.len() == 1 && ev[0].userdata == 3);

    let ev = poll(&[clock(4, now, wasi::SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME)]).unwrap();
    check("absolute time in the past fires at once", ev.len() == 1 && ev[0].userdata == 4);

    let write = wasi::Subscription {
        userdata: 5,
        u: wasi::SubscriptionU {
            tag: wasi::EVENTTYPE_FD_WRITE.raw(),
            u: wasi::SubscriptionUU { fd_write: wasi::SubscriptionFdReadwrite { file_descriptor: 1 } },
        },
    };
    let ev = poll(&[write, clock(6, 5000 * ms, 0)]).unwrap();
    check("stdout is ready for writing", ev.iter().any(|e| e.userdata == 5 && e.error.raw() == 0));

    // The harnesses give a file (or an empty one) as standard input: readable at once.
    let read = wasi::Subscription {
        userdata: 9,
        u: wasi::SubscriptionU {
            tag: wasi::EVENTTYPE_FD_READ.raw(),
            u: wasi::SubscriptionUU { fd_read: wasi::SubscriptionFdReadwrite { file_descriptor: 0 } },
        },
    };
    let t = Instant::now();
    let ev = poll(&[read, clock(10, 5000 * ms, 0)]).unwrap();
    check("stdin is ready for reading", ev.iter().any(|e| e.userdata == 9 && e.error.raw() == 0));
    check("... before the 5 s clock", t.elapsed() < Duration::from_millis(4900));

    let bad = wasi::Subscription {
        userdata: 11,
        u: wasi::SubscriptionU {
            tag: wasi::EVENTTYPE_FD_READ.raw(),
            u: wasi::SubscriptionUU { fd_read: wasi::SubscriptionFdReadwrite { file_descriptor: 99 } },
        },
    };
    match poll(&[bad]) {
        Ok(ev) => println!("fd_read on fd 99: {} events, error {:?}", ev.len(), ev.first().map(|e| e.error.raw())),
        Err(e) => println!("fd_read on fd 99: errno {}", e.raw()),
    }

    match poll(&[]) {
        Ok(ev) => println!("no subscriptions: {} events", ev.len()),
        Err(e) => println!("no subscriptions: errno {}", e.raw()),
    }
}
