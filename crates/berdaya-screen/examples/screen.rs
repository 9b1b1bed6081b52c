//! `berdaya screen` without the rest of the `berdaya` binary, for quick profiling builds:
//! `cargo build --release -p berdaya-screen --example screen`, then
//! `target/release/examples/screen --applicants … --out …` (the same arguments).

use clap::Parser;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: berdaya_screen::cli::ScreenArgs,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let report = berdaya_screen::cli::run(&cli.args)?;
    println!("{report}");
    Ok(())
}
