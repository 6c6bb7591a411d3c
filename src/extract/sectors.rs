//! Sectors: the sector of the taxonomy (`data/sectors.yaml`, or `--sectors FILE`)
//! that each task and target belongs to, and how that was decided.
//!
//! In order (conventions §2: plans group their targets and their tasks by the same
//! sector headings):
//! 1. `heading`: the nearest ancestor whose heading names a sector ("b4) Lĩnh vực
//!    phân phối", "6. Lĩnh vực logistics và vận tải");
//! 2. `parallel`: a section whose heading was lost takes the sector its position
//!    gives in another run of sector headings of the same plan (the targets' list
//!    b2…b9 runs in the order of the task sections III.2…III.9, so the lost III.4
//!    between "công nghệ thông tin" and "giáo dục" is "phân phối");
//! 3. `keywords`: the sector whose keywords the item's own text names most;
//! 4. `default`: `chung`, the cross-cutting sector, when nothing names one.

use crate::model::{Model, Node, walk_outline};
use crate::normalize::fold_key;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// One sector of the taxonomy.
#[derive(Debug, Clone, Deserialize)]
pub struct Sector {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// A sector taxonomy with its names and keywords folded for matching.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub sectors: Vec<Sector>,
    names: Vec<Vec<String>>,
    /// every distinct keyword in one automaton: a text is read once for all of them
    keyword_set: aho_corasick::AhoCorasick,
    /// the sectors of each keyword of the set (a keyword listed twice counts twice)
    keyword_sector_of: Vec<Vec<usize>>,
}

/// The taxonomy shipped with kehoach.
pub static DEFAULT: LazyLock<Taxonomy> =
    LazyLock::new(|| Taxonomy::from_yaml(include_str!("../../data/sectors.yaml")).expect("data/sectors.yaml is valid"));

/// Folded text with punctuation as spaces, padded, for whole-word search.
fn words(s: &str) -> String {
    let folded = fold_key(s);
    let mut out = String::with_capacity(folded.len() + 2);
    out.push(' ');
    for c in folded.chars() {
        if crate::normalize::is_alnum(c) || c == '-' {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') || out.len() == 1 {
        out.push(' ');
    }
    out
}

impl Taxonomy {
    /// Reads a taxonomy: a YAML list of `{key, name, names, keywords}`.
    pub fn from_yaml(text: &str) -> Result<Taxonomy, String> {
        let sectors: Vec<Sector> = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        if sectors.is_empty() {
            return Err("the sector taxonomy is empty".into());
        }
        let fold_all = |v: &[String]| v.iter().map(|n| words(n)).filter(|w| w.trim().len() > 1).collect::<Vec<_>>();
        let names = sectors.iter().map(|s| fold_all(&[std::slice::from_ref(&s.name), &s.names[..]].concat())).collect();
        let keywords: Vec<Vec<String>> = sectors.iter().map(|s| fold_all(&s.keywords)).collect();
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_sector_of: Vec<Vec<usize>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, kws) in keywords.iter().enumerate() {
            for k in kws {
                let id = *index.entry(k.clone()).or_insert_with(|| {
                    patterns.push(k.clone());
                    keyword_sector_of.push(vec![]);
                    patterns.len() - 1
                });
                keyword_sector_of[id].push(i);
            }
        }
        let keyword_set = aho_corasick::AhoCorasick::new(&patterns).map_err(|e| e.to_string())?;
        Ok(Taxonomy { sectors, names, keyword_set, keyword_sector_of })
    }

    fn index(&self, key: &str) -> Option<usize> {
        self.sectors.iter().position(|s| s.key == key)
    }

    /// The sector a heading names: the longest sector name it contains.
    pub fn heading_sector(&self, heading: &str) -> Option<usize> {
        if heading.split_whitespace().count() > 14 {
            return None;
        }
        let h = words(heading);
        let mut best: Option<(usize, usize)> = None;
        for (i, names) in self.names.iter().enumerate() {
            for n in names {
                if h.contains(n.as_str()) && best.is_none_or(|(_, l)| n.len() > l) {
                    best = Some((i, n.len()));
                }
            }
        }
        best.map(|(i, _)| i)
    }

    /// The sector whose keywords a text names most (ties: the first in the taxonomy).
    pub fn keyword_sector(&self, text: &str) -> Option<usize> {
        let t = words(text);
        let mut hits = vec![0usize; self.sectors.len()];
        // each keyword counts once however often the text names it
        let mut seen = vec![false; self.keyword_sector_of.len()];
        for m in self.keyword_set.find_overlapping_iter(&t) {
            let id = m.pattern().as_usize();
            if !std::mem::replace(&mut seen[id], true) {
                for &sector in &self.keyword_sector_of[id] {
                    hits[sector] += 1;
                }
            }
        }
        let mut best: Option<(usize, usize)> = None;
        for (i, &h) in hits.iter().enumerate() {
            if h > 0 && best.is_none_or(|(_, b)| h > b) {
                best = Some((i, h));
            }
        }
        best.map(|(i, _)| i)
    }
}

/// The sector of each node that has one of its own: from its heading, or from the
/// parallel structure when its heading was lost.
fn node_sectors(outline: &[Node], tax: &Taxonomy) -> HashMap<String, (usize, &'static str)> {
    let mut own: HashMap<String, (usize, &'static str)> = HashMap::new();
    // headings: a node's heading, or its short text ending in ":" ("Lĩnh vực y tế:")
    walk_outline(outline, |n, _| {
        let head = n.heading.as_deref().or_else(|| n.text.as_deref().filter(|t| t.trim_end().ends_with(':') && t.split_whitespace().count() <= 12));
        if let Some(i) = head.and_then(|h| tax.heading_sector(h)) {
            own.insert(n.id.clone(), (i, "heading"));
        }
    });
    // runs of siblings: known sectors in order, with the unknown (headless) between them
    let mut runs: Vec<Vec<(String, Option<usize>, bool)>> = Vec::new();
    let mut collect = |children: &[Node]| {
        let run: Vec<(String, Option<usize>, bool)> = children
            .iter()
            .filter(|c| c.kind != crate::model::NodeKind::Preamble)
            .map(|c| (c.id.clone(), own.get(&c.id).map(|x| x.0), c.heading.is_none() && (c.inferred || c.text.is_none())))
            .collect();
        runs.push(run);
    };
    collect(outline);
    walk_outline(outline, |n, _| collect(&n.children));
    let references: Vec<Vec<usize>> = runs
        .iter()
        .map(|r| r.iter().filter_map(|(_, s, _)| *s).collect::<Vec<_>>())
        .filter(|r: &Vec<usize>| {
            let mut distinct = r.clone();
            distinct.sort_unstable();
            distinct.dedup();
            distinct.len() >= 3 && distinct.len() == r.len()
        })
        .collect();
    for run in &runs {
        let own_known: Vec<usize> = run.iter().filter_map(|x| x.1).collect();
        if own_known.is_empty() {
            continue; // nothing to place a gap between
        }
        // the nearest known sector before and after each position, in one pass each way
        let mut before_at: Vec<Option<usize>> = Vec::with_capacity(run.len());
        let mut last = None;
        for x in run {
            before_at.push(last);
            if x.1.is_some() {
                last = x.1;
            }
        }
        let mut after_at: Vec<Option<usize>> = vec![None; run.len() + 1];
        for i in (0..run.len()).rev() {
            after_at[i] = run[i].1.or(after_at[i + 1]);
        }
        let mut k = 0;
        while k < run.len() {
            if run[k].1.is_some() || !run[k].2 {
                k += 1;
                continue;
            }
            // a gap: headless siblings from k to g
            let mut g = k;
            while g < run.len() && run[g].1.is_none() && run[g].2 {
                g += 1;
            }
            let before = before_at[k];
            let after = after_at[g];
            for reference in &references {
                if *reference == own_known {
                    continue;
                }
                let from = match before {
                    Some(b) => match reference.iter().position(|&x| x == b) {
                        Some(p) => p + 1,
                        None => continue,
                    },
                    None => 0,
                };
                let to = match after {
                    Some(a) => match reference.iter().position(|&x| x == a) {
                        Some(p) => p,
                        None => continue,
                    },
                    None => reference.len(),
                };
                if to >= from && to - from == g - k {
                    for (j, item) in run[k..g].iter().enumerate() {
                        own.insert(item.0.clone(), (reference[from + j], "parallel"));
                    }
                    break;
                }
            }
            k = g;
        }
    }
    own
}

/// Gives every task and target its sector and says how.
pub fn assign(model: &mut Model, tax: &Taxonomy) {
    let own = node_sectors(&model.outline, tax);
    let mut parent: HashMap<String, String> = HashMap::new();
    walk_outline(&model.outline, |n, path| {
        if let Some(p) = path.last() {
            parent.insert(n.id.clone(), p.id.clone());
        }
    });
    let chung = tax.index("chung");
    // the targets of one clause share their text: its keywords are counted once
    let mut by_keywords: HashMap<String, Option<usize>> = HashMap::new();
    let mut resolve = |node: &str, text: &str| -> (Option<usize>, &'static str) {
        let mut id = node.to_string();
        for _ in 0..256 {
            if let Some((s, how)) = own.get(&id) {
                return (Some(*s), how);
            }
            match parent.get(&id) {
                Some(p) => id = p.clone(),
                None => break,
            }
        }
        let found = match by_keywords.get(text) {
            Some(found) => *found,
            None => *by_keywords.entry(text.to_string()).or_insert_with(|| tax.keyword_sector(text)),
        };
        match found {
            Some(s) => (Some(s), "keywords"),
            None => (chung, "default"),
        }
    };
    for t in model.tasks.iter_mut() {
        let (s, how) = resolve(&t.id, &t.text);
        t.sector = s.map(|i| tax.sectors[i].key.clone());
        t.sector_source = s.map(|_| how.to_string());
    }
    for t in model.targets.iter_mut() {
        let (s, how) = resolve(&t.node, &format!("{} {}", t.indicator, t.text));
        t.sector = s.map(|i| tax.sectors[i].key.clone());
        t.sector_source = s.map(|_| how.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_their_sector() {
        let t = &*DEFAULT;
        let key = |h: &str| t.heading_sector(h).map(|i| t.sectors[i].key.as_str());
        assert_eq!(key("Lĩnh vực phân phối:"), Some("thuong-mai-phan-phoi"));
        assert_eq!(key("Lĩnh vực tài chính - ngân hàng"), Some("tai-chinh-ngan-hang"));
        assert_eq!(key("Tạo lập môi trường chung cho phát triển các ngành dịch vụ"), Some("chung"));
        assert_eq!(key("Năm 2020"), None);
        assert_eq!(words(" Du lịch,  biển… "), " du lịch biển ");
        assert_eq!(words(""), "  ");
        assert_eq!(t.keyword_sector("Thu hút đầu tư phát triển các loại hình du lịch biển").map(|i| t.sectors[i].key.as_str()), Some("du-lich"));
    }
}
