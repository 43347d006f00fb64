//! The one write path of every output file (`-o`, `--chart`, `init FILE`):
//! a complete new file is written beside the target and renamed over it, so
//! a reader never sees half a file and a failure never destroys the old one
//! (SPEC §8).
//!
//! Hostile targets are refused before anything is written: an existing
//! target that is not a regular file (a device such as `/dev/null`, a FIFO,
//! a socket, a directory), and a target that is the same file — after
//! resolving links — as any input this process read (see
//! [`crate::source::is_input`]): `-o` onto the command's own catalog would
//! replace it. The temporary file `.NAME.PID.fmselect-tmp` is created with
//! `O_EXCL` (never through a planted link or over another file), removed on
//! every error and on SIGINT/SIGTERM, and leftovers of killed runs (their
//! process is gone) are swept before each write.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};

/// The suffix of every temporary output file.
const TMP_SUFFIX: &str = ".fmselect-tmp";

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
    let target = checked_target(path)?;
    // Every file fmselect writes is text; the channel guard keeps control
    // characters out of it (raw ones would not even be well-formed SVG).
    let guarded;
    let bytes = match std::str::from_utf8(bytes) {
        Ok(text) => {
            guarded = crate::diag::guard(text, false);
            guarded.as_bytes()
        }
        Err(_) => bytes,
    };
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_owned());
    sweep_stale(&dir, &name);
    let tmp = dir.join(format!(".{name}.{}{TMP_SUFFIX}", std::process::id()));
    let fail = |what: &str, e: std::io::Error| {
        Diagnostics::single(
            Diagnostic::error("file-unreadable", path, format!("cannot {what}: {e}"))
                .help("check that the folder exists and is writable; nothing was written"),
        )
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true) // O_EXCL: never follows a planted link
        .open(&tmp)
        .map_err(|e| fail("create the temporary output file", e))?;
    signals::remove_on_signal(&tmp);
    let result = (|| {
        file.write_all(bytes)?;
        test_delay();
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, &target)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        signals::forget();
        return Err(fail("write the output", e));
    }
    signals::forget();
    Ok(())
}

/// The file to replace: `path`, or the file its link points to (so the
/// link survives). Refuses non-regular targets and the command's inputs.
fn checked_target(path: &str) -> Result<PathBuf, Diagnostics> {
    let given = Path::new(path);
    let meta = match std::fs::metadata(given) {
        Ok(meta) => meta,
        // A new file (or a dangling link, which the rename replaces).
        Err(_) => return Ok(given.to_path_buf()),
    };
    let refuse = |code: &'static str, what: String, help: &str| {
        Err(Diagnostics::single(
            Diagnostic::error(code, path, what).help(help),
        ))
    };
    if meta.is_dir() {
        return refuse(
            "file-is-directory",
            "the output path is a directory".to_owned(),
            "name a file inside it",
        );
    }
    if !meta.is_file() {
        return refuse(
            "file-not-regular",
            format!(
                "the output path is {}, not a regular file; fmselect writes only regular files",
                crate::source::describe_kind(&meta)
            ),
            "name a regular file, or leave out the option to print to standard output",
        );
    }
    if crate::source::is_input(&meta) {
        return refuse(
            "output-is-input",
            "the output path is an input of this command; writing it would replace that input"
                .to_owned(),
            "write to another file",
        );
    }
    Ok(std::fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf()))
}

/// Removes `.NAME.PID.fmselect-tmp` files in `dir` whose process is gone.
fn sweep_stale(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_suffix(TMP_SUFFIX))
        else {
            continue;
        };
        let Ok(pid) = rest.parse::<u32>() else {
            continue;
        };
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if regular && pid != std::process::id() && !signals::process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Tests only (debug builds): hold the temporary file open for a while, so
/// that a test can interrupt the write.
fn test_delay() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("FMSELECT_TEST_WRITE_DELAY_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Removing the temporary file when the user interrupts a write.
#[cfg(unix)]
mod signals {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::sync::Once;
    use std::sync::atomic::{AtomicPtr, Ordering};

    /// The temporary file being written, as a C string the handler can pass
    /// to `unlink` (async-signal-safe); null when none is.
    static PENDING: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());
    static INSTALL: Once = Once::new();

    extern "C" fn on_signal(sig: libc::c_int) {
        let path = PENDING.swap(std::ptr::null_mut(), Ordering::SeqCst);
        // SAFETY: `path` is null or a leaked, NUL-terminated CString; unlink,
        // signal and raise are async-signal-safe.
        unsafe {
            if !path.is_null() {
                libc::unlink(path);
            }
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }

    pub fn remove_on_signal(tmp: &Path) {
        INSTALL.call_once(|| {
            for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                // SAFETY: installs a handler that only calls
                // async-signal-safe functions.
                unsafe {
                    libc::signal(sig, on_signal as *const () as libc::sighandler_t);
                }
            }
        });
        if let Ok(c) = CString::new(tmp.as_os_str().as_bytes()) {
            // Leaked on purpose: the handler may read it at any moment, so it
            // is never freed (one short path per written file).
            PENDING.store(c.into_raw(), Ordering::SeqCst);
        }
    }

    pub fn forget() {
        PENDING.store(std::ptr::null_mut(), Ordering::SeqCst);
    }

    pub fn process_alive(pid: u32) -> bool {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
}

#[cfg(not(unix))]
mod signals {
    pub fn remove_on_signal(_: &std::path::Path) {}
    pub fn forget() {}
    pub fn process_alive(_: u32) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_files_and_leaves_no_temporaries() {
        let dir = std::env::temp_dir().join(format!("fmselect-out-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.txt");
        let p = path.to_string_lossy().into_owned();
        // A leftover of a killed run (no such process) is swept.
        let stale = dir.join(format!(".out.txt.{}{TMP_SUFFIX}", i32::MAX - 1));
        std::fs::write(&stale, "half").unwrap();
        write_atomic(&p, b"first").unwrap();
        write_atomic(&p, b"second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        let e = write_atomic(&dir.to_string_lossy(), b"x").unwrap_err();
        assert_eq!(e.0[0].code, "file-is-directory");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn devices_are_never_replaced() {
        let e = write_atomic("/dev/null", b"x").unwrap_err();
        assert_eq!(e.0[0].code, "file-not-regular", "{e}");
    }
}
