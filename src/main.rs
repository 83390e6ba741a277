use std::process::ExitCode;

fn main() -> ExitCode {
    ecslint::cli::run()
}
