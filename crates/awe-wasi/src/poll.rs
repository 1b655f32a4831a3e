//! `poll_oneoff`: wait for clocks and descriptors.
//!
//! Files and standard outputs are always ready (writes block instead); standard input is
//! really waited for (its [`WasiInput::wait_readable`](crate::WasiInput::wait_readable)).
//! Clocks are realtime or monotonic, relative or absolute (`INVAL` for the CPU-time
//! clocks, as wasmtime). An unknown or unpollable descriptor fails the whole call with
//! `BADF` (as wasmtime). Subscriptions are read from guest memory twice rather than
//! copied, so no allocation follows the guest's count.

use crate::ctx::{Kind, WasiCtx};
use crate::error::CallResult;
use crate::mem::GuestMem;
use crate::proc::now;
use crate::types::layout::{EVENT_SIZE, SUBSCRIPTION_SIZE};
use crate::types::{Errno, clockid, eventrwflags, eventtype, subclockflags};
use std::io::Seek;
use std::time::{Duration, Instant};

/// A decoded subscription.
enum Sub {
    /// Fires `timeout` nanoseconds after the call starts, or at time `timeout` of
    /// clock `id` with `abs`.
    Clock { id: u32, timeout: u64, abs: bool },
    /// `fd` ready for reading (`read`) or writing.
    Fd { fd: u32, read: bool },
}

fn read_sub(mem: &GuestMem, at: u32) -> CallResult<(u64, Sub)> {
    let userdata = mem.read_u64(at)?;
    let sub = match mem.read_u8(at + 8)? {
        eventtype::CLOCK => {
            let id = mem.read_u32(at + 16)?;
            let timeout = mem.read_u64(at + 24)?;
            let flags = mem.read_u16(at + 40)?;
            if flags & !subclockflags::SUBSCRIPTION_CLOCK_ABSTIME != 0
                || !matches!(id, clockid::REALTIME | clockid::MONOTONIC)
            {
                return Err(Errno::Inval.into());
            }
            Sub::Clock {
                id,
                timeout,
                abs: flags & subclockflags::SUBSCRIPTION_CLOCK_ABSTIME != 0,
            }
        }
        t @ (eventtype::FD_READ | eventtype::FD_WRITE) => Sub::Fd {
            fd: mem.read_u32(at + 16)?,
            read: t == eventtype::FD_READ,
        },
        _ => return Err(Errno::Inval.into()),
    };
    Ok((userdata, sub))
}

/// How long after `start` a clock fires.
fn clock_wait(id: u32, timeout: u64, abs: bool) -> CallResult<Duration> {
    let ns = if abs {
        timeout.saturating_sub(now(id)?)
    } else {
        timeout
    };
    Ok(Duration::from_nanos(ns))
}

/// Whether a clock has fired, `start` being when the call began.
fn clock_expired(start: Instant, id: u32, timeout: u64, abs: bool) -> CallResult<bool> {
    Ok(if abs {
        now(id)? >= timeout
    } else {
        start.elapsed() >= Duration::from_nanos(timeout)
    })
}

/// Writes one `event`.
fn write_event(
    mem: &mut GuestMem,
    at: u32,
    userdata: u64,
    ty: u8,
    nbytes: u64,
    flags: u16,
) -> CallResult {
    let mut bytes = [0u8; EVENT_SIZE as usize];
    bytes[0..8].copy_from_slice(&userdata.to_le_bytes());
    bytes[10] = ty;
    bytes[16..24].copy_from_slice(&nbytes.to_le_bytes());
    bytes[24..26].copy_from_slice(&flags.to_le_bytes());
    mem.write(at, &bytes)
}

impl WasiCtx {
    pub(crate) fn poll_oneoff(
        &mut self,
        mem: &mut GuestMem,
        subs: u32,
        events: u32,
        n: u32,
        nevents: u32,
    ) -> CallResult {
        // Waiting for nothing would wait forever (as wasmtime, `INVAL`).
        if n == 0 {
            return Err(Errno::Inval.into());
        }
        mem.check(nevents, 4, 4)?;
        mem.range(subs, u64::from(n) * u64::from(SUBSCRIPTION_SIZE), 8)?;
        mem.range(events, u64::from(n) * u64::from(EVENT_SIZE), 8)?;
        let start = Instant::now();
        // First pass: check every subscription, find the first clock, and whether
        // something is ready now or standard input must be waited for.
        let mut wait: Option<Duration> = None;
        let mut ready_now = false;
        let mut input: Option<u32> = None;
        for i in 0..n {
            match read_sub(mem, subs + i * SUBSCRIPTION_SIZE)?.1 {
                Sub::Clock { id, timeout, abs } => {
                    let w = clock_wait(id, timeout, abs)?;
                    wait = Some(wait.map_or(w, |x| x.min(w)));
                }
                Sub::Fd { fd, read } => match (&self.desc(fd)?.kind, read) {
                    (Kind::Input(_), true) => input = Some(fd),
                    (Kind::File(_), _) | (Kind::Output(_), false) => ready_now = true,
                    _ => return Err(Errno::Badf.into()),
                },
            }
        }
        // Wait, then write an event for each subscription that is ready; again if none
        // is (a realtime clock may lag the monotonic time slept).
        loop {
            if !ready_now && wait != Some(Duration::ZERO) {
                let left = wait.map(|w| w.saturating_sub(start.elapsed()));
                match input {
                    Some(fd) => {
                        if let Kind::Input(i) = &mut self.desc(fd)?.kind {
                            i.wait_readable(left)?;
                        }
                    }
                    // A clock is the only thing left (every subscription is a clock or
                    // a descriptor, and those are ready or standard input).
                    None => std::thread::sleep(left.unwrap_or(Duration::ZERO)),
                }
            }
            let count = self.poll_events(mem, subs, events, n, start, input)?;
            if count > 0 {
                return mem.write_u32(nevents, count);
            }
        }
    }

    /// Writes an event for each ready subscription; how many.
    fn poll_events(
        &mut self,
        mem: &mut GuestMem,
        subs: u32,
        events: u32,
        n: u32,
        start: Instant,
        input: Option<u32>,
    ) -> CallResult<u32> {
        let input_ready = match input {
            Some(fd) => match &mut self.desc(fd)?.kind {
                Kind::Input(i) => i.wait_readable(Some(Duration::ZERO))?,
                _ => false,
            },
            None => false,
        };
        let mut count = 0u32;
        for i in 0..n {
            let (userdata, sub) = read_sub(mem, subs + i * SUBSCRIPTION_SIZE)?;
            let event = match sub {
                Sub::Clock { id, timeout, abs } => {
                    clock_expired(start, id, timeout, abs)?.then_some((eventtype::CLOCK, 0, 0))
                }
                Sub::Fd { fd, read } => {
                    let ty = if read {
                        eventtype::FD_READ
                    } else {
                        eventtype::FD_WRITE
                    };
                    match &self.desc(fd)?.kind {
                        Kind::Input(_) => input_ready.then_some((ty, 1, 0)),
                        Kind::File(f) if read => {
                            // What is left to read of a file; its end is a hang-up (as
                            // wasmtime).
                            let size = f.file.metadata().map(|m| m.len()).unwrap_or(0);
                            let pos = (&f.file).stream_position().unwrap_or(size);
                            let left = size.saturating_sub(pos);
                            let flags = if left == 0 {
                                eventrwflags::FD_READWRITE_HANGUP
                            } else {
                                0
                            };
                            Some((ty, left, flags))
                        }
                        _ => Some((ty, 0, 0)),
                    }
                }
            };
            if let Some((ty, nbytes, flags)) = event {
                write_event(
                    mem,
                    events + count * EVENT_SIZE,
                    userdata,
                    ty,
                    nbytes,
                    flags,
                )?;
                count += 1;
            }
        }
        Ok(count)
    }
}
