//! Parses the seed and reports throughput: `cargo bench`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn seed(c: &mut Criterion) {
    let bytes = include_bytes!("../seeds/haiphong_117_KH-UBND_2020.txt");
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("seed", |b| b.iter(|| kehoach::parse_bytes("seed.txt", black_box(bytes)).map(|m| m.targets.len())));
    let big = include_str!("../fixtures/corpus/cp_175_NQ-CP_dean_ttdlqg.txt").as_bytes();
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_function("cp_175", |b| b.iter(|| kehoach::parse_bytes("cp_175.txt", black_box(big)).map(|m| m.targets.len())));
    group.finish();
}

criterion_group!(benches, seed);
criterion_main!(benches);
