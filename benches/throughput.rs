//! Whole-process throughput: `cargo bench --bench throughput -- [FILES] [RUNS]`.
//!
//! Generates FILES task definitions (default 20,000) from the samples in `examples/`, then
//! runs the ecslint binary over them RUNS times (default 5) and reports the median files/s and
//! MB/s, the median wall time for one small file, and the peak memory of the runs. Nothing
//! here is asserted: the machine may be shared and noisy; the figures are evidence.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The peak resident memory of any child waited for so far, in KiB (Linux: ru_maxrss).
fn peak_child_kib() -> i64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct it is given.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss
}

fn run(binary: &str, args: &[&str], dir: &Path) -> Duration {
    let start = Instant::now();
    let status = Command::new(binary)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("ecslint runs");
    let elapsed = start.elapsed();
    assert!(status.code().is_some_and(|c| c < 2), "ecslint failed: {status}");
    elapsed
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let files: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let binary = env!("CARGO_BIN_EXE_ecslint");

    let dir = tempfile::tempdir().unwrap();
    let samples = common::samples();
    let mut bytes = 0;
    for n in 0..files {
        let text = common::generated(n, &samples);
        bytes += text.len();
        let sub = dir.path().join(format!("{:03}", n / 1000));
        if n % 1000 == 0 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        std::fs::write(sub.join(format!("task-{n}.json")), text).unwrap();
    }
    let single = dir.path().join("000/task-0.json");
    let single = single.to_str().unwrap();

    let one: Vec<Duration> = (0..30).map(|_| run(binary, &["--format", "json", single], dir.path())).collect();
    let all: Vec<Duration> = (0..runs).map(|_| run(binary, &["--format", "json", "."], dir.path())).collect();
    let peak = peak_child_kib();
    let wall = median(all).as_secs_f64();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("ecslint throughput ({cores} cores; medians of {runs} runs over the same files)");
    println!(
        "  files              {files} ({:.1} MB, {:.1} KB on average)",
        bytes as f64 / 1e6,
        bytes as f64 / files as f64 / 1e3
    );
    println!("  wall time          {:.3} s", wall);
    println!("  throughput         {:.0} files/s, {:.1} MB/s", files as f64 / wall, bytes as f64 / 1e6 / wall);
    println!("  one small file     {:.2} ms (whole process, median of 30)", median(one).as_secs_f64() * 1e3);
    println!("  peak memory        {:.1} MB (largest run)", peak as f64 / 1024.0);
}
