//! Arguments, environment, clocks, random bytes, process control, and the socket
//! calls (no sockets are ever open, so they only tell `BADF` from `NOTSOCK`).

use crate::ctx::WasiCtx;
use crate::error::{CallResult, Fail, trap};
use crate::mem::GuestMem;
use crate::types::{Errno, clockid, fdflags};

/// Writes a list of NUL-terminated strings the way `args_get` and `environ_get` do:
/// pointers at `ptrs`, the bytes packed at `buf`.
fn write_strings(mem: &mut GuestMem, list: &[Vec<u8>], ptrs: u32, buf: u32) -> CallResult {
    let (count, size) = sizes(list)?;
    mem.check(ptrs, count.checked_mul(4).ok_or(Errno::Overflow)?, 4)?;
    mem.check(buf, size, 1)?;
    let mut at = buf;
    for (i, s) in list.iter().enumerate() {
        mem.write_u32(ptrs + 4 * i as u32, at)?;
        mem.write(at, s)?;
        mem.write_u8(at + s.len() as u32, 0)?;
        // Wraps only past the last string, when the buffer ends at 4 GiB.
        at = at.wrapping_add(s.len() as u32 + 1);
    }
    Ok(())
}

/// The number of strings and the bytes they take with their NULs.
fn sizes(list: &[Vec<u8>]) -> CallResult<(u32, u32)> {
    let count = u32::try_from(list.len()).map_err(|_| Errno::Overflow)?;
    let size = list.iter().map(|s| s.len() as u64 + 1).sum::<u64>();
    let size = u32::try_from(size).map_err(|_| Errno::Overflow)?;
    Ok((count, size))
}

fn write_sizes(mem: &mut GuestMem, list: &[Vec<u8>], count_ptr: u32, size_ptr: u32) -> CallResult {
    let (count, size) = sizes(list)?;
    mem.check(count_ptr, 4, 4)?;
    mem.check(size_ptr, 4, 4)?;
    mem.write_u32(count_ptr, count)?;
    mem.write_u32(size_ptr, size)
}

/// The host clock for a WASI clock id; `INVAL` for an id WASI does not define.
pub(crate) fn clock(id: u32) -> CallResult<rustix::time::ClockId> {
    use rustix::time::ClockId;
    Ok(match id {
        clockid::REALTIME => ClockId::Realtime,
        clockid::MONOTONIC => ClockId::Monotonic,
        clockid::PROCESS_CPUTIME_ID => ClockId::ProcessCPUTime,
        clockid::THREAD_CPUTIME_ID => ClockId::ThreadCPUTime,
        _ => return Err(Errno::Inval.into()),
    })
}

/// Nanoseconds of a host time value (negative values, which these clocks never give,
/// become 0).
pub(crate) fn nanos(t: rustix::time::Timespec) -> u64 {
    let secs = u64::try_from(t.tv_sec).unwrap_or(0);
    let nsec = u64::try_from(t.tv_nsec).unwrap_or(0);
    secs.saturating_mul(1_000_000_000).saturating_add(nsec)
}

/// The current time of WASI clock `id`, in nanoseconds.
pub(crate) fn now(id: u32) -> CallResult<u64> {
    Ok(nanos(rustix::time::clock_gettime(clock(id)?)))
}

impl WasiCtx {
    pub(crate) fn args_get(&mut self, mem: &mut GuestMem, argv: u32, buf: u32) -> CallResult {
        write_strings(mem, &self.args, argv, buf)
    }

    pub(crate) fn args_sizes_get(
        &mut self,
        mem: &mut GuestMem,
        argc: u32,
        size: u32,
    ) -> CallResult {
        write_sizes(mem, &self.args, argc, size)
    }

    pub(crate) fn environ_get(&mut self, mem: &mut GuestMem, env: u32, buf: u32) -> CallResult {
        write_strings(mem, &self.env, env, buf)
    }

    pub(crate) fn environ_sizes_get(
        &mut self,
        mem: &mut GuestMem,
        count: u32,
        size: u32,
    ) -> CallResult {
        write_sizes(mem, &self.env, count, size)
    }

    pub(crate) fn clock_res_get(&mut self, mem: &mut GuestMem, id: u32, res: u32) -> CallResult {
        let clock = clock(id)?;
        mem.check(res, 8, 8)?;
        let r = nanos(rustix::time::clock_getres(clock)).max(1);
        mem.write_u64(res, r)
    }

    pub(crate) fn clock_time_get(
        &mut self,
        mem: &mut GuestMem,
        id: u32,
        _precision: u64,
        time: u32,
    ) -> CallResult {
        let t = now(id)?;
        mem.check(time, 8, 8)?;
        mem.write_u64(time, t)
    }

    pub(crate) fn random_get(&mut self, mem: &mut GuestMem, buf: u32, len: u32) -> CallResult {
        let out = mem.bytes_mut(buf, len)?;
        getrandom::fill(out).map_err(|_| Errno::Io)?;
        Ok(())
    }

    pub(crate) fn proc_exit(&mut self, _mem: &mut GuestMem, code: u32) -> CallResult {
        // WASI keeps 126 and up for the host (as wasmtime, which traps the same way).
        if code >= 126 {
            return Err(trap(format!(
                "exit with invalid exit status {code} outside of [0..126)"
            )));
        }
        Err(Fail::Exit(code as i32))
    }

    pub(crate) fn proc_raise(&mut self, _mem: &mut GuestMem, sig: u32) -> CallResult {
        // `signal` has 31 values (`none` .. `sys`); raising any is not supported.
        if sig > 30 {
            return Err(Errno::Inval.into());
        }
        Err(Errno::Notsup.into())
    }

    pub(crate) fn sched_yield(&mut self, _mem: &mut GuestMem) -> CallResult {
        std::thread::yield_now();
        Ok(())
    }

    /// What every socket call answers: no descriptor is ever a socket.
    fn not_a_socket(&mut self, fd: u32) -> CallResult {
        self.desc(fd)?;
        Err(Errno::Notsock.into())
    }

    pub(crate) fn sock_accept(
        &mut self,
        _mem: &mut GuestMem,
        fd: u32,
        flags: u32,
        _result: u32,
    ) -> CallResult {
        if flags & !u32::from(fdflags::ALL) != 0 {
            return Err(Errno::Inval.into());
        }
        self.not_a_socket(fd)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn sock_recv(
        &mut self,
        _mem: &mut GuestMem,
        fd: u32,
        _ri_data: u32,
        _ri_data_len: u32,
        ri_flags: u32,
        _ro_datalen: u32,
        _ro_flags: u32,
    ) -> CallResult {
        // `riflags`: recv_peek, recv_waitall.
        if ri_flags & !0b11 != 0 {
            return Err(Errno::Inval.into());
        }
        self.not_a_socket(fd)
    }

    pub(crate) fn sock_send(
        &mut self,
        _mem: &mut GuestMem,
        fd: u32,
        _si_data: u32,
        _si_data_len: u32,
        si_flags: u32,
        _so_datalen: u32,
    ) -> CallResult {
        // `siflags` defines no flag.
        if si_flags != 0 {
            return Err(Errno::Inval.into());
        }
        self.not_a_socket(fd)
    }

    pub(crate) fn sock_shutdown(&mut self, _mem: &mut GuestMem, fd: u32, how: u32) -> CallResult {
        // `sdflags`: rd, wr.
        if how & !0b11 != 0 {
            return Err(Errno::Inval.into());
        }
        self.not_a_socket(fd)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings packed right up to the end of a 4 GiB memory (the largest there is): the
    /// offset after the last one is 2^32 and must not overflow. (`vec!` of zeros maps
    /// untouched pages lazily, so only the last page is really used.)
    #[test]
    fn strings_ending_at_4_gib() {
        let mut bytes = vec![0u8; 1 << 32];
        let mut mem = GuestMem::new(&mut bytes);
        let list = vec![b"ab".to_vec(), b"c".to_vec()];
        let buf = u32::MAX - 4;
        write_strings(&mut mem, &list, 0, buf).unwrap();
        assert_eq!(mem.bytes(buf, 5).unwrap(), b"ab\0c\0");
        assert_eq!(mem.read_u32(4).unwrap(), buf + 3);
    }
}
