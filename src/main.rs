fn main() {
    match iepmeet::cli::main() {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("iepmeet: {e:#}");
            std::process::exit(2);
        }
    }
}
