//! Parses the seed and reports throughput: `cargo bench`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn seed(c: &mut Criterion) {
    let docs: [(&str, &[u8]); 4] = [
        ("seed", include_bytes!("../seeds/haiphong_117_KH-UBND_2020.txt")),
        // a gazette text with tables one cell per line
        ("cp_175 gazette tables", include_bytes!("../fixtures/corpus/cp_175_NQ-CP_dean_ttdlqg.txt")),
        // a programme with markdown appendix tables
        ("cp_03 markdown tables", include_bytes!("../fixtures/corpus/cp_03_NQ-CP_2025_ctrhd_nq57.md")),
        // a plan whose task appendix is ` | ` rows
        ("hanoi_310 pipe tables", include_bytes!("../fixtures/corpus/hanoi_310_KH-UBND_2025_5g_iot_kcn.txt")),
    ];
    let mut group = c.benchmark_group("parse");
    for (name, bytes) in docs {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| b.iter(|| kehoach::parse_bytes("doc.txt", black_box(bytes)).map(|m| m.targets.len())));
    }
    group.finish();
}

/// Writing the model: YAML (our writer, and serde-saphyr's for comparison) and JSON,
/// in MB/s of output.
fn emit(c: &mut Criterion) {
    let model = kehoach::parse_bytes("cp_175.txt", include_bytes!("../fixtures/corpus/cp_175_NQ-CP_dean_ttdlqg.txt")).unwrap();
    let yaml = kehoach::render::to_yaml(&model);
    let json = kehoach::render::to_json(&model);
    let mut group = c.benchmark_group("emit");
    group.throughput(Throughput::Bytes(yaml.len() as u64));
    group.bench_function("yaml cp_175", |b| b.iter(|| kehoach::render::to_yaml(black_box(&model)).len()));
    group.bench_function("yaml cp_175 by serde-saphyr", |b| {
        let options = serde_saphyr::ser_options! { prefer_block_scalars: false };
        b.iter(|| serde_saphyr::to_string_with_options(black_box(&model), options.clone()).map(|s| s.len()))
    });
    group.throughput(Throughput::Bytes(json.len() as u64));
    group.bench_function("json cp_175", |b| b.iter(|| kehoach::render::to_json(black_box(&model)).len()));
    group.finish();
}

/// One long line of repeated matches, at 1x and 4x: the time must grow 4x, not 16x
/// (cross-references, citations, number-dense clauses).
fn long_lines(c: &mut Criterion) {
    let head = "ỦY BAN NHÂN DÂN TỈNH A\nSố: 1/KH-UBND\nKẾ HOẠCH\nThực hiện X\nI. MỤC TIÊU\n1. ";
    let line = |unit: &str, n: usize| format!("{head}{}\n", unit.repeat(n));
    let shapes = [
        ("cross-references", "theo quy định tại khoản 2 Điều 5, điểm a mục 3 Phần II của Kế hoạch này; ", 3000),
        ("citations", "Nghị định số 15/2021/NĐ-CP ngày 06 tháng 7 năm 2021 của Chính phủ, ", 1000),
        ("number-dense", "tỷ lệ hộ gia đình đạt 95%, ", 2000),
    ];
    let mut group = c.benchmark_group("long line");
    group.sample_size(10);
    for (name, unit, n) in shapes {
        for k in [1, 4] {
            let text = line(unit, n * k);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(format!("{name} x{k}"), |b| b.iter(|| kehoach::parse_bytes("long.txt", black_box(text.as_bytes())).map(|m| m.targets.len())));
        }
    }
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

criterion_group!(benches, seed, emit, long_lines, diff, compare);
criterion_main!(benches);
