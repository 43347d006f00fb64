//! Writing output files safely: a complete new file is written beside the
//! target and renamed over it, so a reader never sees half a file and a
//! failure never destroys the old one (SPEC §8).

use std::io::Write;
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
    let target = Path::new(path);
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let fail = |what: &str, e: std::io::Error| {
        Diagnostics::single(Diagnostic::error(
            "file-unreadable",
            path,
            format!("cannot {what}: {e}"),
        ))
    };
    if target.is_dir() {
        return Err(Diagnostics::single(
            Diagnostic::error("file-is-directory", path, "the output path is a directory")
                .help("name a file"),
        ));
    }
    let tmp = dir.join(format!(".{name}.fmselect-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail("write the output", e));
    }
    std::fs::rename(&tmp, target).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail("replace the output file", e)
    })
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
        write_atomic(&p, b"first").unwrap();
        write_atomic(&p, b"second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        assert!(write_atomic(&dir.to_string_lossy(), b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
