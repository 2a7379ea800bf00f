fn main() {
    if let Err(e) = iepmeet::cli::main() {
        eprintln!("iepmeet: {e:#}");
        std::process::exit(2);
    }
}
