use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = berdaya::cli::Cli::parse();
    match berdaya::cli::run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("galat: {e:#}");
            ExitCode::FAILURE
        }
    }
}
