//! Helpers shared by the guest programs: finding preopened directories and naming WASI
//! error numbers. Only the `textstat` tool is built natively, and it uses none of this.

#[cfg(target_os = "wasi")]
pub mod raw {
    /// The preopened directories: (fd, guest name), in fd order.
    pub fn preopens() -> Vec<(wasi::Fd, String)> {
        let mut out = Vec::new();
        // Preopens are numbered from 3 without gaps; stop at the first fd that is not one.
        let mut fd = 3;
        while let Ok(wasi::Prestat { tag: 0, u }) = unsafe { wasi::fd_prestat_get(fd) } {
            let len = unsafe { u.dir.pr_name_len };
            let mut buf = vec![0u8; len];
            if unsafe { wasi::fd_prestat_dir_name(fd, buf.as_mut_ptr(), len) }.is_err() {
                break;
            }
            out.push((fd, String::from_utf8_lossy(&buf).into_owned()));
            fd += 1;
        }
        out
    }

    /// The fd of the preopened directory named `name`; panics if there is none.
    pub fn preopen(name: &str) -> wasi::Fd {
        preopens()
            .into_iter()
            .find(|(_, n)| n == name)
            .map(|(fd, _)| fd)
            .unwrap_or_else(|| panic!("no preopened directory named {name:?}"))
    }

    /// All rights: what a program asks for when it wants the most an fd may have.
    pub const ALL_RIGHTS: wasi::Rights = (1 << 29) - 1;

    /// `fd_write` of `bytes` from one iovec: the count written.
    pub fn write(fd: wasi::Fd, bytes: &[u8]) -> Result<usize, wasi::Errno> {
        unsafe { wasi::fd_write(fd, &[wasi::Ciovec { buf: bytes.as_ptr(), buf_len: bytes.len() }]) }
    }

    /// `fd_read` of up to `n` bytes into one iovec, as text.
    pub fn read(fd: wasi::Fd, n: usize) -> Result<String, wasi::Errno> {
        let mut buf = vec![0u8; n];
        let got = unsafe { wasi::fd_read(fd, &[wasi::Iovec { buf: buf.as_mut_ptr(), buf_len: n }]) }?;
        buf.truncate(got);
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }

    /// `fd_pread` of up to `n` bytes at `at` into one iovec, as text.
    pub fn pread(fd: wasi::Fd, n: usize, at: u64) -> Result<String, wasi::Errno> {
        let mut buf = vec![0u8; n];
        let got = unsafe { wasi::fd_pread(fd, &[wasi::Iovec { buf: buf.as_mut_ptr(), buf_len: n }], at) }?;
        buf.truncate(got);
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }
}
