//! Standard input, output and error of a WASI program: the host's own, or in memory
//! (tests, embedders that capture output), or anything implementing [`WasiInput`] and
//! [`WasiOutput`].

use std::io::{self, IsTerminal, Write};
use std::os::fd::AsFd;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// A source of bytes for a program's standard input.
pub trait WasiInput: Send {
    /// Reads some bytes into `buf`, blocking until there is at least one; 0 means the
    /// end of the input.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize>;

    /// Waits at most `timeout` (no limit if `None`) until [`read`](Self::read) would
    /// not block; returns whether it would not.
    fn wait_readable(&mut self, timeout: Option<Duration>) -> io::Result<bool>;

    /// Whether this is a terminal (a character device to the guest).
    fn is_terminal(&self) -> bool {
        false
    }
}

/// A sink for a program's standard output or error.
pub trait WasiOutput: Send {
    /// Writes all of `buf`.
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()>;

    /// Whether this is a terminal (a character device to the guest).
    fn is_terminal(&self) -> bool {
        false
    }
}

/// The host process's standard input, read without buffering so that `poll_oneoff`
/// sees what is really there.
#[derive(Clone, Copy, Debug, Default)]
pub struct InheritStdin;

impl WasiInput for InheritStdin {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let stdin = io::stdin();
        loop {
            match rustix::io::read(stdin.as_fd(), &mut *buf) {
                Err(rustix::io::Errno::INTR) => continue,
                other => return other.map_err(io::Error::from),
            }
        }
    }

    fn wait_readable(&mut self, timeout: Option<Duration>) -> io::Result<bool> {
        let stdin = io::stdin();
        wait_fd(stdin.as_fd(), rustix::event::PollFlags::IN, timeout)
    }

    fn is_terminal(&self) -> bool {
        io::stdin().is_terminal()
    }
}

/// Waits for `fd` to be ready for `events`; hang-ups and errors count as ready (the
/// read that follows reports them).
fn wait_fd(
    fd: std::os::fd::BorrowedFd<'_>,
    events: rustix::event::PollFlags,
    timeout: Option<Duration>,
) -> io::Result<bool> {
    let ts = timeout.map(|d| rustix::time::Timespec {
        tv_sec: d.as_secs().min(i64::MAX as u64) as i64,
        tv_nsec: i64::from(d.subsec_nanos()),
    });
    let mut fds = [rustix::event::PollFd::new(&fd, events)];
    loop {
        match rustix::event::poll(&mut fds, ts.as_ref()) {
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
            Ok(n) => return Ok(n > 0),
        }
    }
}

/// The host process's standard output.
#[derive(Clone, Copy, Debug, Default)]
pub struct InheritStdout;

impl WasiOutput for InheritStdout {
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(buf)?;
        out.flush()
    }

    fn is_terminal(&self) -> bool {
        io::stdout().is_terminal()
    }
}

/// The host process's standard error.
#[derive(Clone, Copy, Debug, Default)]
pub struct InheritStderr;

impl WasiOutput for InheritStderr {
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let mut out = io::stderr().lock();
        out.write_all(buf)?;
        out.flush()
    }

    fn is_terminal(&self) -> bool {
        io::stderr().is_terminal()
    }
}

/// Input from bytes in memory; always ready, and at its end once they are read.
#[derive(Clone, Debug, Default)]
pub struct MemoryInput {
    data: Vec<u8>,
    pos: usize,
}

impl MemoryInput {
    /// Input of `data`. `MemoryInput::default()` is an empty input.
    pub fn new(data: impl Into<Vec<u8>>) -> Self {
        MemoryInput {
            data: data.into(),
            pos: 0,
        }
    }
}

impl WasiInput for MemoryInput {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let rest = &self.data[self.pos..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }

    fn wait_readable(&mut self, _timeout: Option<Duration>) -> io::Result<bool> {
        Ok(true)
    }
}

/// Output kept in memory, shared: clone it before handing it to the context, and read
/// [`contents`](Self::contents) afterwards. Writes past the limit fail with "no space".
#[derive(Clone, Debug)]
pub struct MemoryOutput {
    buf: Arc<Mutex<Vec<u8>>>,
    limit: usize,
}

impl Default for MemoryOutput {
    fn default() -> Self {
        Self::new()
    }
}

impl MemoryOutput {
    /// Output with no limit but the host's memory.
    pub fn new() -> Self {
        Self::with_limit(usize::MAX)
    }

    /// Output of at most `limit` bytes.
    pub fn with_limit(limit: usize) -> Self {
        MemoryOutput {
            buf: Arc::default(),
            limit,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<u8>> {
        // A panic while holding the lock cannot leave the bytes inconsistent.
        self.buf.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The bytes written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.lock().clone()
    }

    /// The bytes written so far, as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.lock()).into_owned()
    }
}

impl WasiOutput for MemoryOutput {
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let mut out = self.lock();
        if buf.len() > self.limit.saturating_sub(out.len()) {
            return Err(io::ErrorKind::StorageFull.into());
        }
        out.extend_from_slice(buf);
        Ok(())
    }
}

/// Output that is thrown away (like `/dev/null`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Sink;

impl WasiOutput for Sink {
    fn write_all(&mut self, _buf: &[u8]) -> io::Result<()> {
        Ok(())
    }
}
