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

/// Two unrelated large plans (a gazette resolution and a programme with a task table):
/// the diff must stay within seconds whatever the pair.
fn diff(c: &mut Criterion) {
    let a = kehoach::parse_bytes("cp_175.txt", include_bytes!("../fixtures/corpus/cp_175_NQ-CP_dean_ttdlqg.txt")).unwrap();
    let b = kehoach::parse_bytes("cp_03.md", include_bytes!("../fixtures/corpus/cp_03_NQ-CP_2025_ctrhd_nq57.md")).unwrap();
    let seed = kehoach::parse_bytes("seed.txt", include_bytes!("../seeds/haiphong_117_KH-UBND_2020.txt")).unwrap();
    let mut group = c.benchmark_group("diff");
    group.bench_function("unrelated cp_175 → cp_03", |x| x.iter(|| kehoach::diff::diff(black_box(&a), black_box(&b)).len()));
    group.bench_function("seed against itself", |x| x.iter(|| kehoach::diff::diff(black_box(&seed), black_box(&seed)).len()));
    group.finish();
}

/// Comparisons: a province against a second province's plan (the hard pair of the
/// tests), and five national plans at once (their tasks are many: the pairwise
/// assignment must stay well under a second).
fn compare(c: &mut Criterion) {
    let seed = kehoach::parse_bytes("seed.txt", include_bytes!("../seeds/haiphong_117_KH-UBND_2020.txt")).unwrap();
    let other = kehoach::parse_bytes("qn.txt", include_bytes!("../fixtures/compare/quangninh_88_KH-UBND_2020_reworded_seed.txt")).unwrap();
    let national = [
        kehoach::parse_bytes("cp_03.md", include_bytes!("../fixtures/corpus/cp_03_NQ-CP_2025_ctrhd_nq57.md")).unwrap(),
        kehoach::parse_bytes("cp_116.txt", include_bytes!("../fixtures/corpus/cp_116_NQ-CP_2026_kh_thientai.txt")).unwrap(),
        kehoach::parse_bytes("cp_175.txt", include_bytes!("../fixtures/corpus/cp_175_NQ-CP_dean_ttdlqg.txt")).unwrap(),
        kehoach::parse_bytes("ttg_844.txt", include_bytes!("../fixtures/corpus/ttg_844_QD-TTg_2026_kh_bhyt.txt")).unwrap(),
        kehoach::parse_bytes("ttg_21.txt", include_bytes!("../fixtures/corpus/ttg_21_CT-TTg_2026_chithi_thon.txt")).unwrap(),
    ];
    let opts = kehoach::compare::Options { auto_reference: true, ..Default::default() };
    let pair = [seed, other];
    let mut group = c.benchmark_group("compare");
    group.bench_function("seed ~ reworded province", |x| x.iter(|| kehoach::compare::compare(black_box(&pair), &opts).targets.len()));
    group.bench_function("five national plans", |x| x.iter(|| kehoach::compare::compare(black_box(&national), &opts).targets.len()));
    group.finish();
}

criterion_group!(benches, seed, diff, compare);
criterion_main!(benches);
