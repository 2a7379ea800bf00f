//! Build script: one link option for the `iepmeet` binary, where the toolchain supports it.
//!
//! The binary is position-independent (ASLR), so the dynamic loader patches each of its ~41,000
//! absolute addresses (most of them in the vendored OpenSSL and in the catalogs' string tables)
//! every time it starts. As classic RELA entries they take a 1 MB table that is read at each start;
//! `-z pack-relative-relocs` (DT_RELR, binutils 2.38 and glibc 2.36) packs them into 13 KB, which
//! makes a command-line lookup about a quarter of a millisecond faster (README, "Case status").
//!
//! It is used only when a test program linked with it here also starts here, so an older linker
//! or C library builds and runs the binary as before, without it.

// What a build script prints is instructions to cargo, not output for a person (src/output.rs).
#![allow(clippy::disallowed_macros)]

use std::path::PathBuf;
use std::process::Command;

const RELR: &str = "-Wl,-z,pack-relative-relocs";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    println!("cargo:rerun-if-env-changed=CC");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux" || var("CARGO_CFG_TARGET_ENV") != "gnu" {
        return;
    }
    let native = var("HOST") == var("TARGET");
    if native && relr_works() {
        println!("cargo:rustc-link-arg-bins={RELR}");
    }
}

/// Whether a C program linked with `RELR` through the C compiler driver rustc links with (the
/// system linker; rustc may link with its own lld, which supports the option too) links and starts.
fn relr_works() -> bool {
    let Some(out) = std::env::var_os("OUT_DIR").map(PathBuf::from) else { return false };
    let linker = std::env::var("RUSTC_LINKER").ok().filter(|l| !l.is_empty()).unwrap_or_else(|| "cc".into());
    let src = out.join("relr_probe.c");
    let exe = out.join("relr_probe");
    // A pointer in initialized data: a relative relocation for the packed table to hold.
    let program = "static const char *word = \"relr\";\nint main(void) { return word[0] == 'r' ? 0 : 1; }\n";
    if std::fs::write(&src, program).is_err() {
        return false;
    }
    let linked = Command::new(&linker)
        .args(["-fPIE", "-pie", RELR, "-o"])
        .arg(&exe)
        .arg(&src)
        .output()
        .is_ok_and(|o| o.status.success() && !String::from_utf8_lossy(&o.stderr).contains("pack-relative-relocs"));
    linked && Command::new(&exe).status().is_ok_and(|s| s.success())
}
