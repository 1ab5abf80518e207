fn main() -> std::process::ExitCode {
    still::cli::main()
}
