//! Peak memory of one parse, per byte of input: `cargo bench --bench memory`.
//!
//! A counting allocator records the most bytes held at once while a document is
//! parsed and its YAML written; the figures are the budget the README states.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = NOW.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        NOW.fetch_sub(layout.size(), Relaxed);
    }
}

#[global_allocator]
static A: Counting = Counting;

fn peak_of(name: &str, bytes: &[u8]) {
    let base = NOW.load(Relaxed);
    PEAK.store(base, Relaxed);
    let out = kehoach::parse_bytes(name, bytes).map(|m| kehoach::render::to_yaml(&m).len());
    let peak = PEAK.load(Relaxed) - base;
    let what = match out {
        Ok(yaml) => format!("model {yaml} B of YAML"),
        Err(e) => format!("refused: {e}"),
    };
    println!("{name:<28} {:>10} B in  {:>12} B peak  {:>6.1} × input   {what}", bytes.len(), peak, peak as f64 / bytes.len().max(1) as f64);
}

fn main() {
    // the dictionaries and patterns are built once per process: not counted
    let _ = kehoach::parse_bytes("warm-up.txt", include_bytes!("../seeds/haiphong_117_KH-UBND_2020.txt"));
    peak_of("seed", include_bytes!("../seeds/haiphong_117_KH-UBND_2020.txt"));
    peak_of("cp_175 (gazette tables)", include_bytes!("../fixtures/corpus/cp_175_NQ-CP_dean_ttdlqg.txt"));
    peak_of("400,000 blank lines", "\n".repeat(400_000).as_bytes());
    peak_of("100,000 bullets", "- Triển khai nhiệm vụ.\n".repeat(100_000).as_bytes());
    peak_of("1 MB line of targets", "tỷ lệ hộ nghèo giảm 1,5%; ".repeat(40_000).as_bytes());
    peak_of("600,000 blank lines", "\n".repeat(600_000).as_bytes());
}
