//! Units of a comparison: a unit as written ("nghìn tỷ đồng", "% GDP", "bác sỹ") in,
//! its canonical base ("đồng", "%", "bác sĩ"), the factor to that base and the family
//! of units that may share a row out. Scale words, spellings and families are data
//! (`data/unit_families.tsv`), matched on folded keys.

use crate::normalize::fold_key;
use std::sync::LazyLock;

struct Table {
    scales: Vec<(String, f64)>,
    same: Vec<(Vec<String>, Vec<String>)>,
    family: Vec<(String, String)>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut t = Table { scales: Vec::new(), same: Vec::new(), family: Vec::new() };
    for line in include_str!("../../data/unit_families.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["scale", w, n] => t.scales.push((fold_key(w), n.parse().unwrap_or(1.0))),
            ["same", a, b] => t.same.push((fold_key(a).split(' ').map(String::from).collect(), fold_key(b).split(' ').map(String::from).collect())),
            ["family", a, b] => t.family.push((fold_key(a), fold_key(b))),
            _ => {}
        }
    }
    // a canonical unit reads as itself, so "giường bệnh" is not read as "giường" + "bệnh"
    let canon: Vec<Vec<String>> = t.same.iter().map(|(_, b)| b.clone()).collect();
    for c in canon {
        if !t.same.iter().any(|(a, _)| *a == c) {
            t.same.push((c.clone(), c));
        }
    }
    // longest spelling first, so "% gdp" is read before "%"
    t.same.sort_by_key(|(a, _)| std::cmp::Reverse(a.len()));
    t
});

/// A unit read for comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The canonical unit without its scale: "đồng", "%", "lượt khách", "bác sĩ".
    pub base: String,
    /// The factor from the unit as written to its base (10^9 for "tỷ đồng").
    pub factor: f64,
    /// Units of one family may share a row: "%" and "%/năm", "người" and "người lao động".
    pub family: String,
}

/// Reads a unit as written; no unit reads as an empty base.
pub fn read(unit: Option<&str>) -> Unit {
    let Some(u) = unit else { return Unit { base: String::new(), factor: 1.0, family: String::new() } };
    let key = fold_key(u);
    // "%/năm", "lần/tháng": a rate keeps its denominator; "% GDP" is spelled "%"
    let spaced = key.replace('/', " / ");
    let mut words: Vec<String> = spaced.split_whitespace().map(String::from).collect();
    let mut factor = 1.0;
    while let Some((_, f)) = words.first().and_then(|w| TABLE.scales.iter().find(|(s, _)| s == w)) {
        // "tỷ" alone is no unit: keep it as its base ("20 tỷ" of a budget line)
        if words.len() == 1 {
            break;
        }
        factor *= f;
        words.remove(0);
    }
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    'outer: while i < words.len() {
        for (from, to) in TABLE.same.iter() {
            if i + from.len() <= words.len() && words[i..i + from.len()] == from[..] {
                out.extend(to.iter().cloned());
                i += from.len();
                continue 'outer;
            }
        }
        out.push(std::mem::take(&mut words[i]));
        i += 1;
    }
    let base = out.join(" ").replace(" / ", "/");
    let family = TABLE.family.iter().find(|(a, _)| *a == base).map(|(_, f)| f.clone()).unwrap_or_else(|| base.clone());
    Unit { base, factor, family }
}

/// The unit a row shows, from the units of its cells: the base with the scale most
/// cells use (the smaller one on a tie: whole numbers stay whole), so "320.000 tỷ
/// đồng" and "150 nghìn tỷ đồng" share "tỷ đồng". The same for any order of the cells.
pub fn row_unit<'a>(written: impl Iterator<Item = &'a str>) -> Option<(String, f64)> {
    let mut seen: Vec<(String, f64, usize)> = Vec::new();
    for w in written {
        let u = read(Some(w));
        match seen.iter_mut().find(|(b, f, _)| *b == u.base && *f == u.factor) {
            Some(s) => s.2 += 1,
            None => seen.push((u.base, u.factor, 1)),
        }
    }
    let (base, factor, _) = seen.into_iter().max_by(|a, b| a.2.cmp(&b.2).then(b.1.total_cmp(&a.1)).then(b.0.cmp(&a.0)))?;
    // a scale word, or two ("nghìn tỷ"), that makes the factor
    let one = TABLE.scales.iter().find(|(_, f)| *f == factor).map(|(s, _)| s.clone());
    let two = || TABLE.scales.iter().flat_map(|a| TABLE.scales.iter().map(move |b| (a, b))).find(|(a, b)| a.1 * b.1 == factor).map(|(a, b)| format!("{} {}", a.0, b.0));
    let shown = match one.or_else(two) {
        Some(s) if factor != 1.0 => format!("{s} {base}"),
        _ => base.clone(),
    };
    Some((shown.replace(" %", "%"), factor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_spellings_and_families() {
        let u = read(Some("nghìn tỷ đồng"));
        assert_eq!((u.base.as_str(), u.factor), ("đồng", 1e12));
        assert_eq!(read(Some("tỷ đồng")).family, read(Some("triệu đồng")).family);
        assert_eq!(read(Some("% GDP")).base, "%");
        assert_eq!(read(Some("%/năm")).family, "%");
        assert_eq!(read(Some("bác sỹ")).base, "bác sĩ");
        assert_eq!(read(Some("giường")).base, "giường bệnh");
        assert_eq!(read(Some("giường bệnh")).base, "giường bệnh");
        assert_eq!(read(Some("nghìn người lao động")).family, read(Some("người")).family);
        assert_eq!(read(Some("triệu lượt khách")).factor, 1e6);
        assert_eq!(read(Some("đợt/tháng")).base, "lần/tháng");
        assert_ne!(read(Some("tấn")).family, read(Some("tấn.km")).family);
    }

    #[test]
    fn a_row_takes_the_scale_most_cells_use() {
        assert_eq!(row_unit(["tỷ đồng", "nghìn tỷ đồng", "tỷ đồng"].into_iter()), Some(("tỷ đồng".into(), 1e9)));
        assert_eq!(row_unit(["tỷ đồng", "nghìn tỷ đồng"].into_iter()), row_unit(["nghìn tỷ đồng", "tỷ đồng"].into_iter()));
        assert_eq!(row_unit(["nghìn tỷ đồng"].into_iter()), Some(("nghìn tỷ đồng".into(), 1e12)));
    }
}
