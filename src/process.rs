//! Settings of the whole process, made once by `main` before anything else:
//! what files it creates may be read by, how the allocator gives memory back,
//! how many files it may hold open. Tests that build the application in
//! their own process leave theirs as they are.

/// Applies the process-wide settings.
pub fn prepare() {
    private_files();
    return_large_blocks_to_the_system();
    raise_open_file_limit();
}

/// The database, its journal, the outbox's emails and the exports hold
/// donors' details: readable by the service's own user only (files 0600,
/// folders 0700), whatever the umask it was started with.
fn private_files() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
}

/// Blocks of 1 MiB and more (argon2's 19 MiB, a large export's buffers) are
/// mapped for their own use and given back to the system when freed. glibc
/// otherwise raises that threshold after the first such block is freed, and
/// each thread's heap then keeps every one it ever held: resident memory that
/// a few concurrent logins made grows for good.
fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets one of the allocator's parameters, under the
    // allocator's own lock; nothing else is touched.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// Raises the soft limit on open files to the hard one, where allowed (systemd
/// starts services at 1 024 unless `LimitNOFILE` says more): each live
/// progress stream holds one.
fn raise_open_file_limit() {
    #[cfg(unix)]
    if let Some(mut limit) = nofile()
        && limit.rlim_cur < limit.rlim_max
    {
        // An unlimited hard limit is not a soft one Linux takes.
        limit.rlim_cur = limit.rlim_max.min(1 << 20);
        // SAFETY: setrlimit reads the struct given.
        unsafe {
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// The soft limit on open files in force, if known.
pub fn open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    return nofile().map(|limit| limit.rlim_cur);
    #[cfg(not(unix))]
    None
}

#[cfg(unix)]
fn nofile() -> Option<libc::rlimit> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes the struct given.
    (unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0).then_some(limit)
}
