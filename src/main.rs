fn main() {
    // `iepmeet due | head` should end quietly when the reader goes away, as other command-line tools do.
    #[cfg(unix)]
    // SAFETY: restoring the default action of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    match iepmeet::cli::main() {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            iepmeet::errln!("iepmeet: {e:#}");
            std::process::exit(2);
        }
    }
}
