//! Comparing plans across provinces: pinned hand alignments of a real pair and of a
//! hard pair, order independence, the empty-key guard, and the workbook and CSV staff
//! open.

use super::*;
use kehoach::compare::{Comparison, Options, compare};
use std::collections::BTreeSet;

const QUANGNINH: &str = "fixtures/compare/quangninh_88_KH-UBND_2020_reworded_seed.txt";
const THANHHOA: &str = "fixtures/compare/thanhhoa_235_KH-UBND_2025_quantrac_thuysan_2026.txt";
const DAKLAK: &str = "fixtures/compare/daklak_0134_KH-UBND_2025_quantrac_thuysan.txt";

fn model(path: &str) -> Model {
    parse_file(&root().join(path))
}

fn options() -> Options {
    Options { auto_reference: true, sector_order: kehoach::extract::sectors::DEFAULT.sectors.iter().map(|s| s.key.clone()).collect(), ..Default::default() }
}

/// The target a pin names: "LINE:VALUE" or "LINE:VALUE#N" (a range by its lower end).
fn pinned_target(m: &Model, pin: &str) -> usize {
    let (at, nth) = pin.split_once('#').map_or((pin, 1), |(a, n)| (a, n.parse().unwrap()));
    let (line, value) = at.split_once(':').unwrap();
    let (line, value): (usize, f64) = (line.parse().unwrap(), value.parse().unwrap());
    let found: Vec<usize> = (0..m.targets.len()).filter(|&i| m.targets[i].line == line && m.targets[i].value.or(m.targets[i].low) == Some(value)).collect();
    *found.get(nth - 1).unwrap_or_else(|| panic!("no target {pin} in {}", m.source.file))
}

/// The links a comparison makes between documents `a` and `b`: (index of a's target,
/// index of b's target), found back by node and line.
fn target_links(c: &Comparison, models: &[Model], a: usize, b: usize) -> BTreeSet<(usize, usize)> {
    let index = |d: usize, cell: &kehoach::compare::Cell| -> usize {
        let same: Vec<usize> = (0..models[d].targets.len()).filter(|&i| models[d].targets[i].node == cell.node && models[d].targets[i].line == cell.line && models[d].targets[i].indicator == cell.indicator && models[d].targets[i].value == cell.value && models[d].targets[i].low == cell.low).collect();
        same[0]
    };
    c.targets.iter().filter_map(|r| Some((index(a, r.cells[a].as_ref()?), index(b, r.cells[b].as_ref()?)))).collect()
}

fn precision_recall(found: &BTreeSet<(usize, usize)>, gold: &BTreeSet<(usize, usize)>) -> (f64, f64) {
    let hit = found.intersection(gold).count() as f64;
    (if found.is_empty() { 1.0 } else { hit / found.len() as f64 }, if gold.is_empty() { 1.0 } else { hit / gold.len() as f64 })
}

#[derive(serde::Deserialize)]
struct TargetPins {
    pairs: Vec<Vec<String>>,
}

/// The seed against the seed reworded as a second province would write it: sections
/// reordered, a sector dropped, units rescaled, indicators reworded, targets of its own.
#[test]
fn a_reworded_second_province_lines_up_with_the_seed() {
    let models = [model(SEED), model(QUANGNINH)];
    let pins: TargetPins = serde_saphyr::from_str(&std::fs::read_to_string(root().join("fixtures/compare/haiphong_117_vs_quangninh_88.pairs.yaml")).unwrap()).unwrap();
    let gold: BTreeSet<(usize, usize)> = pins.pairs.iter().map(|p| (pinned_target(&models[0], &p[0]), pinned_target(&models[1], &p[1]))).collect();
    assert_eq!(gold.len(), pins.pairs.len(), "two pins name one target");
    let c = compare(&models, &options());
    let found = target_links(&c, &models, 0, 1);
    let (p, r) = precision_recall(&found, &gold);
    let wrong: Vec<String> = found.difference(&gold).map(|&(a, b)| format!("{} ({}) ~ {} ({})", models[0].targets[a].indicator, models[0].targets[a].line, models[1].targets[b].indicator, models[1].targets[b].line)).collect();
    let missed: Vec<String> = gold.difference(&found).map(|&(a, b)| format!("{} ({}) ~ {} ({})", models[0].targets[a].indicator, models[0].targets[a].line, models[1].targets[b].indicator, models[1].targets[b].line)).collect();
    eprintln!("reworded pair: precision {p:.3}, recall {r:.3} ({} links, {} pinned)", found.len(), gold.len());
    assert!(p >= 0.97 && r >= 0.95, "precision {p:.3} recall {r:.3}\nwrong: {wrong:#?}\nmissed: {missed:#?}");
    // the money row is in one unit, each number converted beside the value as written
    let retail = c.targets.iter().find(|r| r.cells.iter().flatten().any(|t| t.value == Some(320000.0))).unwrap();
    assert_eq!(retail.unit.as_deref(), Some("tỷ đồng"));
    assert_eq!(retail.cells[1].as_ref().unwrap().converted, Some(150000.0));
    // Quảng Ninh implements the same national decision as the seed; neither is the
    // other's reference, so no deviations are claimed
    assert_eq!(c.reference, None);
}

#[derive(serde::Deserialize)]
struct TaskPins {
    tasks: Vec<Vec<String>>,
    plausible: Vec<Vec<String>>,
}

/// A real pair: two provinces' plans for one national programme. The duties they
/// share line up; no target is aligned across them (they set none in common).
#[test]
fn two_provinces_plans_for_one_programme_line_up_their_shared_duties() {
    let models = [model(THANHHOA), model(DAKLAK)];
    let pins: TaskPins = serde_saphyr::from_str(&std::fs::read_to_string(root().join("fixtures/compare/thanhhoa_235_vs_daklak_0134.pairs.yaml")).unwrap()).unwrap();
    for p in pins.tasks.iter().chain(&pins.plausible) {
        assert!(models[0].tasks.iter().any(|t| t.id == p[0]), "no task {} in Thanh Hóa", p[0]);
        for id in &p[1..] {
            assert!(models[1].tasks.iter().any(|t| &t.id == id), "no task {id} in Đắk Lắk");
        }
    }
    let c = compare(&models, &options());
    let links: Vec<(String, String)> = c.task_rows.iter().filter_map(|r| Some((r.cells[0].as_ref()?.id.clone(), r.cells[1].as_ref()?.id.clone()))).collect();
    let required = |a: &str, b: &str| pins.tasks.iter().any(|p| p[0] == a && p[1..].iter().any(|x| x == b));
    let plausible = |a: &str, b: &str| pins.plausible.iter().any(|p| p[0] == a && p[1] == b);
    let right = links.iter().filter(|(a, b)| required(a, b) || plausible(a, b)).count();
    let recalled = pins.tasks.iter().filter(|p| links.iter().any(|(a, b)| *a == p[0] && p[1..].contains(b))).count();
    let p = if links.is_empty() { 1.0 } else { right as f64 / links.len() as f64 };
    let r = recalled as f64 / pins.tasks.len() as f64;
    let wrong: Vec<&(String, String)> = links.iter().filter(|(a, b)| !required(a, b) && !plausible(a, b)).collect();
    eprintln!("real pair, tasks: precision {p:.3}, recall {r:.3} ({} links, {} pinned)", links.len(), pins.tasks.len());
    assert!(p >= 0.65 && r >= 0.75, "precision {p:.3} recall {r:.3}; wrong: {wrong:?}");
    assert!(c.targets.iter().all(|r| r.documents_with == 1), "a target aligned across the pair");
    // the Sở Tài chính row: both leads by their role
    let budget = c.task_rows.iter().find(|r| r.cells[0].as_ref().is_some_and(|t| t.id == "IV.2")).unwrap();
    assert!(budget.cells.iter().flatten().all(|t| t.roles == ["sở tài chính"]));
}

/// Every permutation of the inputs gives the same rows, up to the order of columns.
#[test]
fn the_order_of_the_inputs_does_not_change_the_comparison() {
    let base = [model(SEED), model(QUANGNINH), model("fixtures/corpus/dongthap_105_KH-UBND_2020_excerpt.txt")];
    // a row as the set of (file, node, line, value) of its cells
    let rows = |c: &Comparison, models: &[&Model]| -> BTreeSet<BTreeSet<String>> {
        let mut out: BTreeSet<BTreeSet<String>> = c.targets.iter().map(|r| r.cells.iter().enumerate().filter_map(|(d, t)| t.as_ref().map(|t| format!("{}|{}|{}|{:?}|{:?}", models[d].source.file, t.node, t.line, t.value, t.low))).collect()).collect();
        out.extend(c.task_rows.iter().map(|r| r.cells.iter().enumerate().filter_map(|(d, t)| t.as_ref().map(|t| format!("task {}|{}", models[d].source.file, t.id))).collect()));
        out
    };
    let first: Vec<&Model> = base.iter().collect();
    let expected = rows(&compare(&base, &options()), &first);
    for order in [[0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
        let models: Vec<Model> = order.iter().map(|&i| base[i].clone()).collect();
        let refs: Vec<&Model> = models.iter().collect();
        assert_eq!(rows(&compare(&models, &options()), &refs), expected, "order {order:?}");
    }
}

/// Two plans whose only targets are "Phấn đấu 100% …" sentences about different
/// things align nothing.
#[test]
fn targets_about_different_things_never_share_a_row() {
    let a = kehoach::parse_str("a.txt", "Số: 1/KH-UBND | Hải Phòng, ngày 1 tháng 1 năm 2025 |\nI. MỤC TIÊU\n1. Phấn đấu 100% trường học có nhà vệ sinh đạt chuẩn.\n2. Phấn đấu 100% xã có điểm bưu điện văn hóa.\n");
    let b = kehoach::parse_str("b.txt", "Số: 2/KH-UBND | Đà Nẵng, ngày 1 tháng 1 năm 2025 |\nI. MỤC TIÊU\n1. Phấn đấu 100% hộ gia đình được dùng nước sạch.\n2. Phấn đấu 100% cán bộ được tập huấn phòng cháy.\n");
    let c = compare(&[a, b], &options());
    assert!(!c.targets.is_empty());
    assert!(c.targets.iter().all(|r| r.documents_with == 1), "{:#?}", c.targets);
}

/// The workbook staff open: Vietnamese headers, autofilter, the numeric column in the
/// row's unit, both ends of a range; and a CSV with a byte order mark.
#[test]
fn the_workbook_and_csv_are_what_staff_open() {
    let dir = std::env::temp_dir().join(format!("kehoach-compare-book-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let book = dir.join("so-sanh.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_kehoach")).current_dir(root()).args(["compare", QUANGNINH, "--reference", SEED, "-o", book.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = Command::new(env!("CARGO_BIN_EXE_kehoach")).current_dir(root()).args(["compare", SEED, QUANGNINH, "--format", "csv", "--table", "tasks"]).output().unwrap();
    assert!(csv.stdout.starts_with("\u{FEFF}lĩnh vực,độ giống".as_bytes()));
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Chỉ tiêu"]
head = [c.value for c in ws[1]]
assert head[:4] == ["lĩnh vực", "chỉ tiêu", "đơn vị", "năm"], head
assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.auto_filter.ref
assert ws.freeze_panes == "C2", ws.freeze_panes
col = {h: i for i, h in enumerate(head)}
qn = [h for h in head if h and h.endswith("— giá trị quy đổi")][0]
hp = [h for h in head if h and h.endswith("— giá trị quy đổi")][1]
rows = list(ws.iter_rows(min_row=2, values_only=True))
money = [r for r in rows if r[col["đơn vị"]] == "tỷ đồng" and r[col[hp]] == 320000][0]
assert money[col[qn]] == 150000, money
lows = [h for h in head if h.endswith("— cận dưới")]
highs = [h for h in head if h.endswith("— cận trên")]
assert any(r[col[lo]] == 15 and r[col[hi]] == 16 for r in rows for lo, hi in zip(lows, highs)), "a range keeps both ends"
assert "Văn bản" in wb.sheetnames and ws.page_setup.orientation == "landscape"
rules = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
assert '"thiếu"' in rules and '"cao hơn"' in rules, rules
print("ok")
"#;
    match Command::new("python3").args(["-c", script, book.to_str().unwrap()]).output() {
        Ok(o) if o.status.success() => assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "ok"),
        Ok(o) if String::from_utf8_lossy(&o.stderr).contains("No module named 'openpyxl'") => eprintln!("openpyxl is not installed: the workbook was not opened"),
        Ok(o) => panic!("{}", String::from_utf8_lossy(&o.stderr)),
        Err(_) => eprintln!("python3 is not installed: the workbook was not opened"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--write-align` writes the alignment staff edit; `--align` re-runs with their
/// decisions: a row they rule apart splits, a link they state is made and named.
#[test]
fn staff_decide_rows_with_an_alignment_file() {
    let dir = std::env::temp_dir().join(format!("kehoach-compare-align-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("align.yaml");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_kehoach")).current_dir(root()).args(args).output().unwrap();
    let out = run(&["compare", SEED, QUANGNINH, "--format", "json", "--write-align", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let before: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let written = std::fs::read_to_string(&file).unwrap();
    let parsed: kehoach::compare::AlignFile = serde_saphyr::from_str(&written).unwrap();
    let aligned = before["targets"].as_array().unwrap().iter().filter(|r| r["documents_with"] == 2).count();
    assert_eq!(parsed.same.len(), aligned);
    // rule the bad-debt rows apart, and say the seed's "Tích hợp 30%" (2020) is the
    // province's "dịch vụ công trực tuyến mức độ 3, 4 … Cổng Dịch vụ công" (2025)
    let seed = std::path::Path::new(SEED).file_name().unwrap().to_str().unwrap();
    let other = std::path::Path::new(QUANGNINH).file_name().unwrap().to_str().unwrap();
    let decisions = format!("same:\n  - [\"{seed}:30#3\", \"{other}:22\"]\nnever:\n  - [\"{seed}:25\", \"{other}:28\"]\n  - [\"{seed}:999\", \"{other}:1\"]\n");
    std::fs::write(&file, decisions).unwrap();
    let out = run(&["compare", SEED, QUANGNINH, "--format", "json", "--align", file.to_str().unwrap()]);
    assert!(out.status.success());
    let after: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = after["targets"].as_array().unwrap();
    let on_line = |r: &serde_json::Value, d: usize, line: u64| r["cells"][d]["line"] == line;
    assert!(!rows.iter().any(|r| on_line(r, 0, 25) && on_line(r, 1, 28)), "the ruled-apart rows were merged");
    let forced = rows.iter().find(|r| r["aligned_by"] == "manual").expect("a manual row");
    assert!(on_line(forced, 0, 30) && on_line(forced, 1, 22));
    // what could not be found is said, on standard error and in the comparison
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("{seed}:999")));
    assert!(after["decided"].as_array().unwrap().iter().any(|d| d.as_str().unwrap().contains("ghép theo tệp căn chỉnh")));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A reference document adds, per cell, how the province stands against it and a
/// summary per province.
#[test]
fn a_reference_document_gives_deviations_and_a_summary() {
    let out = Command::new(env!("CARGO_BIN_EXE_kehoach")).current_dir(root()).args(["compare", QUANGNINH, "--reference", SEED]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("## So với văn bản gốc: Hải Phòng (117/KH-UBND, 28/4/2020)"), "{md}");
    assert!(md.contains("| Quảng Ninh (88/KH-UBND, 15/6/2020) | 43/91 |"), "{md}");
    // bad debt below 2,5% against below 3%: stricter
    assert!(md.contains("&lt; 2,5 % [cao hơn -0,5]"));
}
