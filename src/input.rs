//! Reading what a user hands the program (a meeting document, a roster, a calendar, a district's
//! rules): bounded by the bytes actually read, not by what the file system says its size is — a
//! FIFO, `/dev/zero` or a file still growing reports a size of 0 — and decoded as UTF-8 with the
//! byte offset and line of the first byte that is not.

use std::io::Read;
use std::path::Path;

use crate::domain::text::display;

/// The bytes of `path` (`-`: standard input), refusing anything over `limit` bytes after reading
/// at most `limit + 1` of them.
pub fn read_bounded(path: &Path, limit: u64, what: &str) -> anyhow::Result<Vec<u8>> {
    let name = if path.as_os_str() == "-" { "standard input".to_string() } else { display(&path.display().to_string()) };
    let mut buf = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().lock().take(limit + 1).read_to_end(&mut buf)
    } else {
        let f = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        if f.metadata().is_ok_and(|m| m.is_dir()) {
            anyhow::bail!("{name}: is a folder; give the {what} file");
        }
        f.take(limit + 1).read_to_end(&mut buf)
    };
    read.map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    if buf.len() as u64 > limit {
        anyhow::bail!("{name}: more than {} — too large for a {what}; nothing was read", size(limit));
    }
    Ok(buf)
}

/// `read_bounded`, as UTF-8 text.
pub fn read_text(path: &Path, limit: u64, what: &str) -> anyhow::Result<String> {
    let bytes = read_bounded(path, limit, what)?;
    utf8(bytes, "save the file as UTF-8").map_err(|e| {
        let name = if path.as_os_str() == "-" { "standard input".to_string() } else { display(&path.display().to_string()) };
        anyhow::anyhow!("{name}: {e}")
    })
}

/// UTF-8, or where it stops being UTF-8: line, column and byte offset, then `hint` (how to save the
/// file as UTF-8). The one decoder of the files iepmeet reads (meeting documents, rosters, rules).
pub fn utf8(bytes: Vec<u8>, hint: &str) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..at];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let col = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        format!("not UTF-8 text at line {line}, column {col} (byte {at} is not part of a UTF-8 character); {hint}")
    })
}

fn size(n: u64) -> String {
    if n >= 1 << 30 {
        format!("{} GiB", n >> 30)
    } else if n >= 1 << 20 {
        format!("{} MiB", n >> 20)
    } else {
        format!("{} KiB", n >> 10)
    }
}

/// A district file (calendar, rules) is small.
pub const SMALL: u64 = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_bounded_by_what_is_read() {
        // /dev/zero says its size is 0 and never ends.
        let e = read_bounded(Path::new("/dev/zero"), 4096, "meeting document").unwrap_err().to_string();
        assert!(e.contains("too large"), "{e}");
        let e = utf8(b"ok\nline two \xff here".to_vec(), "save it as UTF-8").unwrap_err();
        assert!(e.contains("byte 12") && e.contains("line 2") && e.contains("column 10"), "{e}");
        let e = read_bounded(Path::new("/"), 10, "roster").unwrap_err().to_string();
        assert!(e.contains("is a folder"), "{e}");
    }
}
