//! Alignment of a comparison: items of several documents (targets, tasks) and a
//! similarity between two of them in; groups of items that are one thing out, at
//! most one item per document in a group.
//!
//! Each pair of documents is matched one to one by an optimal assignment (the
//! Hungarian method) over the pairs the similarity allows, within connected groups
//! of candidates; the links of every pair are then joined, strongest first, into
//! groups that never hold two items of one document nor two items staff said never
//! to merge. Documents are taken in an order of their own content (their hash), and
//! ties are broken by that order and by document position, so the result does not
//! depend on the order of the inputs: `compare A B C` equals every permutation of it
//! up to the order of its columns.
//!
//! The indicator keys live here too: folded words with stop words dropped, synonyms
//! read as one (`data/indicator_synonyms.yaml`), the administrative level the
//! indicator is set for, and the senses that keep two indicators apart.

use crate::normalize::fold_key;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

/// An item: (document, index of the item in its document).
pub type Item = (usize, usize);

/// A link between two items of different documents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub a: Item,
    pub b: Item,
    pub score: f64,
    /// Stated by staff in an alignment file.
    pub manual: bool,
}

/// A group of items that are one thing, with the weakest link that holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub items: Vec<Item>,
    /// The lowest score of the links that made the group (1 for a manual one); none
    /// for an item alone.
    pub confidence: Option<f64>,
    pub manual: bool,
}

/// Pairs of one document pair whose similarity is computed in full; past this the
/// pair is matched on equal keys only, so a comparison stays near linear.
const PAIR_BUDGET: usize = 250_000;
/// A connected group of candidates larger than this is matched greedily, strongest
/// first, instead of optimally (the Hungarian method is cubic).
const HUNGARIAN_MAX: usize = 400;

/// Aligns the items of `counts.len()` documents. `rank` orders the documents by their
/// content; `bucket(d, i)` names the items that may be compared at all (the unit
/// family of a target) and `key(d, i)` an exact key (equal keys score 1 without
/// computing); `score` is the similarity of two items, none when they must not share
/// a group. `same` links are forced, `never` pairs are never joined.
pub fn align(
    counts: &[usize],
    rank: &[usize],
    bucket: &dyn Fn(usize, usize) -> String,
    key: &dyn Fn(usize, usize) -> Option<String>,
    score: &dyn Fn(Item, Item) -> Option<f64>,
    same: &[(Item, Item)],
    never: &[(Item, Item)],
) -> Vec<Group> {
    let n = counts.len();
    let mut docs: Vec<usize> = (0..n).collect();
    docs.sort_by_key(|&d| rank[d]);
    let mut links: Vec<Link> = Vec::new();
    for (x, &d1) in docs.iter().enumerate() {
        for &d2 in &docs[x + 1..] {
            links.extend(pair_links(d1, d2, counts, bucket, key, score));
        }
    }
    links.extend(same.iter().map(|&(a, b)| Link { a, b, score: 1.0, manual: true }));
    join(counts, rank, links, never)
}

/// The one-to-one links of two documents.
fn pair_links(d1: usize, d2: usize, counts: &[usize], bucket: &dyn Fn(usize, usize) -> String, key: &dyn Fn(usize, usize) -> Option<String>, score: &dyn Fn(Item, Item) -> Option<f64>) -> Vec<Link> {
    let mut by_bucket: HashMap<String, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for i in 0..counts[d1] {
        by_bucket.entry(bucket(d1, i)).or_default().0.push(i);
    }
    for j in 0..counts[d2] {
        by_bucket.entry(bucket(d2, j)).or_default().1.push(j);
    }
    let mut edges: Vec<(usize, usize, f64)> = Vec::new();
    let mut buckets: Vec<_> = by_bucket.into_iter().collect();
    buckets.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, (left, right)) in buckets {
        if left.is_empty() || right.is_empty() {
            continue;
        }
        if left.len() * right.len() <= PAIR_BUDGET {
            for &i in &left {
                for &j in &right {
                    if let Some(s) = score((d1, i), (d2, j)) {
                        edges.push((i, j, s));
                    }
                }
            }
        } else {
            // too many to score: equal keys only, still through `score` for its vetoes
            let mut index: HashMap<String, Vec<usize>> = HashMap::new();
            for &j in &right {
                if let Some(k) = key(d2, j) {
                    index.entry(k).or_default().push(j);
                }
            }
            for &i in &left {
                if let Some(js) = key(d1, i).and_then(|k| index.get(&k)) {
                    for &j in js {
                        if let Some(s) = score((d1, i), (d2, j)) {
                            edges.push((i, j, s));
                        }
                    }
                }
            }
        }
    }
    matching(&edges)
        .into_iter()
        .map(|(i, j, s)| Link { a: (d1, i), b: (d2, j), score: s, manual: false })
        .collect()
}

/// A maximum-weight one-to-one matching of a bipartite graph given by its edges:
/// optimal within each connected component of up to `HUNGARIAN_MAX` nodes a side,
/// greedy (strongest first) beyond.
pub fn matching(edges: &[(usize, usize, f64)]) -> Vec<(usize, usize, f64)> {
    // connected components over left and right nodes
    let mut parent: HashMap<(bool, usize), (bool, usize)> = HashMap::new();
    fn find(p: &mut HashMap<(bool, usize), (bool, usize)>, x: (bool, usize)) -> (bool, usize) {
        let mut r = x;
        while let Some(&q) = p.get(&r) {
            if q == r {
                break;
            }
            r = q;
        }
        // path compression, iterative
        let mut y = x;
        while let Some(&q) = p.get(&y) {
            if q == y {
                break;
            }
            p.insert(y, r);
            y = q;
        }
        r
    }
    for &(i, j, _) in edges {
        let a = (false, i);
        let b = (true, j);
        parent.entry(a).or_insert(a);
        parent.entry(b).or_insert(b);
        let ra = find(&mut parent, a);
        let rb = find(&mut parent, b);
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            parent.insert(hi, lo);
        }
    }
    let mut components: HashMap<(bool, usize), Vec<usize>> = HashMap::new();
    for (e, &(i, _, _)) in edges.iter().enumerate() {
        let r = find(&mut parent, (false, i));
        components.entry(r).or_default().push(e);
    }
    let mut roots: Vec<_> = components.keys().copied().collect();
    roots.sort();
    let mut out = Vec::new();
    for r in roots {
        let es = &components[&r];
        let left: Vec<usize> = es.iter().map(|&e| edges[e].0).collect::<BTreeSet<_>>().into_iter().collect();
        let right: Vec<usize> = es.iter().map(|&e| edges[e].1).collect::<BTreeSet<_>>().into_iter().collect();
        if es.len() == 1 {
            out.push(edges[es[0]]);
        } else if left.len().max(right.len()) <= HUNGARIAN_MAX {
            // cost 1 - score for an edge, 1 for no edge: the assignment of least cost
            // is the matching of greatest total score
            let li: HashMap<usize, usize> = left.iter().enumerate().map(|(k, &v)| (v, k)).collect();
            let ri: HashMap<usize, usize> = right.iter().enumerate().map(|(k, &v)| (v, k)).collect();
            let transpose = left.len() > right.len();
            let (rows, cols) = if transpose { (right.len(), left.len()) } else { (left.len(), right.len()) };
            let mut cost = vec![vec![1.0; cols]; rows];
            let mut weight: HashMap<(usize, usize), f64> = HashMap::new();
            for &e in es {
                let (i, j, s) = edges[e];
                let (a, b) = (li[&i], ri[&j]);
                let (r, c) = if transpose { (b, a) } else { (a, b) };
                cost[r][c] = 1.0 - s;
                weight.insert((i, j), s);
            }
            for (r, c) in hungarian(&cost).into_iter().enumerate() {
                let (a, b) = if transpose { (c, r) } else { (r, c) };
                let (i, j) = (left[a], right[b]);
                if let Some(&s) = weight.get(&(i, j)) {
                    out.push((i, j, s));
                }
            }
        } else {
            let mut sorted: Vec<&(usize, usize, f64)> = es.iter().map(|&e| &edges[e]).collect();
            sorted.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
            let mut used_l = HashSet::new();
            let mut used_r = HashSet::new();
            for &&(i, j, s) in &sorted {
                if !used_l.contains(&i) && !used_r.contains(&j) {
                    used_l.insert(i);
                    used_r.insert(j);
                    out.push((i, j, s));
                }
            }
        }
    }
    out.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
    out
}

/// The Hungarian method (Kuhn–Munkres with potentials, O(rows² · cols)) for a cost
/// matrix with rows ≤ cols: the column assigned to each row.
fn hungarian(cost: &[Vec<f64>]) -> Vec<usize> {
    let n = cost.len();
    let m = cost.first().map_or(0, Vec::len);
    let inf = f64::INFINITY;
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut assigned = vec![0usize; n];
    for j in 1..=m {
        if p[j] != 0 {
            assigned[p[j] - 1] = j - 1;
        }
    }
    assigned
}

/// Joins links into groups, manual links first, then the strongest; a link that
/// would put two items of one document, or a pair staff ruled apart, in one group
/// is left out (the pairwise links that agree are kept: n-way is their union).
fn join(counts: &[usize], rank: &[usize], mut links: Vec<Link>, never: &[(Item, Item)]) -> Vec<Group> {
    let never: HashSet<(Item, Item)> = never.iter().flat_map(|&(a, b)| [(a, b), (b, a)]).collect();
    links.sort_by(|x, y| {
        y.manual
            .cmp(&x.manual)
            .then(y.score.total_cmp(&x.score))
            .then((rank[x.a.0], x.a.1, rank[x.b.0], x.b.1).cmp(&(rank[y.a.0], y.a.1, rank[y.b.0], y.b.1)))
    });
    let mut group_of: HashMap<Item, usize> = HashMap::new();
    let mut groups: Vec<Option<Group>> = Vec::new();
    for (d, &c) in counts.iter().enumerate() {
        for i in 0..c {
            group_of.insert((d, i), groups.len());
            groups.push(Some(Group { items: vec![(d, i)], confidence: None, manual: false }));
        }
    }
    for l in links {
        let (Some(&ga), Some(&gb)) = (group_of.get(&l.a), group_of.get(&l.b)) else { continue };
        if ga == gb {
            continue;
        }
        let (Some(a), Some(b)) = (groups[ga].as_ref(), groups[gb].as_ref()) else { continue };
        let clash = a.items.iter().any(|x| b.items.iter().any(|y| x.0 == y.0 || never.contains(&(*x, *y))));
        if clash {
            continue;
        }
        let b = groups[gb].take().unwrap_or(Group { items: Vec::new(), confidence: None, manual: false });
        if let Some(a) = groups[ga].as_mut() {
            for &it in &b.items {
                group_of.insert(it, ga);
            }
            a.items.extend(b.items);
            a.items.sort();
            let c = [a.confidence, b.confidence, Some(l.score)].into_iter().flatten().fold(f64::INFINITY, f64::min);
            a.confidence = Some(c);
            a.manual |= b.manual || l.manual;
        }
    }
    groups.into_iter().flatten().collect()
}

#[derive(serde::Deserialize, Default)]
struct SynonymFile {
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
    #[serde(default)]
    levels: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    distinct: Vec<Vec<String>>,
}

struct Lexicon {
    stop: Vec<Vec<String>>,
    /// phrase (words) → canonical words, longest phrase first
    synonyms: Vec<(Vec<String>, Vec<String>)>,
    levels: Vec<(Vec<String>, String)>,
    distinct: Vec<Vec<Vec<String>>>,
}

/// The folded words of a phrase: lower case, tone placement folded, punctuation
/// and bare numbers dropped.
pub fn words_of(s: &str) -> Vec<String> {
    let folded: String = fold_key(s).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    folded.split_whitespace().filter(|w| !w.chars().all(|c| c.is_ascii_digit())).map(String::from).collect()
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut stop: Vec<Vec<String>> = include_str!("../../data/indicator_stopwords.txt").lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(words_of).collect();
    stop.sort_by_key(|w| std::cmp::Reverse(w.len()));
    // a broken data file is a build-time bug the tests catch; read on without it
    let file: SynonymFile = serde_saphyr::from_str(include_str!("../../data/indicator_synonyms.yaml")).unwrap_or_default();
    let mut synonyms = Vec::new();
    for group in &file.synonyms {
        let Some(first) = group.first() else { continue };
        let canon = words_of(first);
        for p in group {
            synonyms.push((words_of(p), canon.clone()));
        }
    }
    synonyms.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let mut levels: Vec<(Vec<String>, String)> = file.levels.iter().flat_map(|(l, ps)| ps.iter().map(move |p| (words_of(p), l.clone()))).collect();
    levels.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let distinct = file.distinct.iter().map(|g| g.iter().map(|p| words_of(p)).collect()).collect();
    Lexicon { stop, synonyms, levels, distinct }
});

fn find_phrase(words: &[String], phrase: &[String]) -> Option<usize> {
    if phrase.is_empty() || phrase.len() > words.len() {
        return None;
    }
    (0..=words.len() - phrase.len()).find(|&i| words[i..i + phrase.len()] == phrase[..])
}

/// What an indicator is matched by.
#[derive(Debug, Clone, Default)]
pub struct Key {
    /// Its words: folded, synonyms read as one, stop words dropped, each once.
    pub words: Vec<String>,
    /// The administrative level it is set for (`tỉnh`, `huyện`, `xã`), if it names one.
    pub level: Option<String>,
    /// For each sense rule, the phrase of it the indicator names.
    pub senses: Vec<(usize, usize)>,
    /// Whether a synonym was read.
    pub synonym: bool,
    /// The folded words as written, before synonyms and stop words.
    pub written: String,
}

impl Key {
    /// The words joined: an exact key.
    pub fn joined(&self) -> String {
        self.words.join(" ")
    }
}

/// The key of an indicator.
pub fn key(indicator: &str) -> Key {
    let lex = &*LEXICON;
    let raw = words_of(indicator);
    let level = lex.levels.iter().find(|(p, _)| find_phrase(&raw, p).is_some()).map(|(_, l)| l.clone());
    let mut senses = Vec::new();
    for (g, group) in lex.distinct.iter().enumerate() {
        for (k, p) in group.iter().enumerate() {
            if find_phrase(&raw, p).is_some() {
                senses.push((g, k));
            }
        }
    }
    // synonyms (longest first), then stop phrases, word-aligned
    let mut words: Vec<String> = Vec::with_capacity(raw.len());
    let mut synonym = false;
    let mut i = 0;
    'syn: while i < raw.len() {
        for (p, canon) in &lex.synonyms {
            if i + p.len() <= raw.len() && raw[i..i + p.len()] == p[..] {
                synonym |= p != canon;
                words.extend(canon.iter().cloned());
                i += p.len();
                continue 'syn;
            }
        }
        words.push(raw[i].clone());
        i += 1;
    }
    let out = without_stop_words(words);
    Key { words: out, level, senses, synonym, written: raw.join(" ") }
}

/// Words without the stop phrases of `data/indicator_stopwords.txt` (longest first,
/// word-aligned), each word once.
pub fn without_stop_words(mut words: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'stop: while i < words.len() {
        for stop in &LEXICON.stop {
            if i + stop.len() <= words.len() && words[i..i + stop.len()] == stop[..] {
                i += stop.len();
                continue 'stop;
            }
        }
        out.push(std::mem::take(&mut words[i]));
        i += 1;
    }
    let mut seen = HashSet::new();
    out.retain(|w| seen.insert(w.clone()));
    out
}

/// Whether two keys name different senses of one rule ("tiêm chủng" / "bảo hiểm y tế")
/// or different administrative levels.
pub fn kept_apart(a: &Key, b: &Key) -> bool {
    if let (Some(x), Some(y)) = (&a.level, &b.level) {
        if x != y {
            return true;
        }
    }
    a.senses.iter().any(|&(g, k)| !b.senses.contains(&(g, k)) && b.senses.iter().any(|&(g2, k2)| g2 == g && k2 != k && !a.senses.contains(&(g2, k2))))
}

/// The similarity of two word lists: the mean of the Dice coefficients of their
/// words and of their word pairs (Vietnamese words are syllables: "bảo hiểm" and
/// "y tế" say more as pairs than one by one).
pub fn similarity(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let dice = |x: &HashSet<&str>, y: &HashSet<&str>| if x.is_empty() && y.is_empty() { 0.0 } else { 2.0 * x.intersection(y).count() as f64 / (x.len() + y.len()) as f64 };
    let ua: HashSet<&str> = a.iter().map(String::as_str).collect();
    let ub: HashSet<&str> = b.iter().map(String::as_str).collect();
    let uni = dice(&ua, &ub);
    if a.len() < 2 || b.len() < 2 {
        return uni;
    }
    let pairs = |w: &[String]| -> Vec<String> { w.windows(2).map(|p| format!("{} {}", p[0], p[1])).collect() };
    let (pa, pb) = (pairs(a), pairs(b));
    let ba: HashSet<&str> = pa.iter().map(String::as_str).collect();
    let bb: HashSet<&str> = pb.iter().map(String::as_str).collect();
    (uni + dice(&ba, &bb)) / 2.0
}

/// Words and word pairs interned as numbers, so that comparing two items is a merge
/// of two sorted lists (a comparison makes up to `PAIR_BUDGET` of them per pair of
/// documents), with weights by how rare each is among the items (inverse document
/// frequency): in a pair of monitoring plans "quan trắc" is in every duty and says
/// little; "tôm hùm" says which duty it is.
#[derive(Debug, Default)]
pub struct Vocab {
    ids: HashMap<String, u32>,
    df: Vec<u32>,
    n: u32,
}

/// An item's words and word pairs as sorted ids.
#[derive(Debug, Clone, Default)]
pub struct Bag {
    words: Vec<u32>,
    pairs: Vec<u32>,
}

impl Bag {
    /// No words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl Vocab {
    fn id(&mut self, s: String) -> u32 {
        let next = self.ids.len() as u32;
        let id = *self.ids.entry(s).or_insert(next);
        if id as usize == self.df.len() {
            self.df.push(0);
        }
        id
    }

    /// Interns an item's words and counts them for the weights.
    pub fn bag(&mut self, words: &[String]) -> Bag {
        let mut b = Bag { words: words.iter().map(|w| self.id(w.clone())).collect(), pairs: words.windows(2).map(|p| self.id(format!("{} {}", p[0], p[1]))).collect() };
        b.words.sort_unstable();
        b.words.dedup();
        b.pairs.sort_unstable();
        b.pairs.dedup();
        self.n += 1;
        for &x in b.words.iter().chain(&b.pairs) {
            self.df[x as usize] += 1;
        }
        b
    }

    /// The weight of every id: its rarity, or 1 for all when `rarity` is false.
    pub fn weights(&self, rarity: bool) -> Vec<f64> {
        self.df.iter().map(|&df| if rarity { (1.0 + self.n as f64 / df.max(1) as f64).ln() } else { 1.0 }).collect()
    }
}

/// The similarity of two bags: the mean of the weighted Dice coefficients of their
/// words and of their word pairs (Vietnamese words are syllables: "bảo hiểm" and "y
/// tế" say more as pairs than one by one); words alone when either has one word.
pub fn bag_similarity(a: &Bag, b: &Bag, w: &[f64]) -> f64 {
    if a.words.is_empty() || b.words.is_empty() {
        return 0.0;
    }
    let dice = |x: &[u32], y: &[u32]| -> f64 {
        let (mut i, mut j, mut shared) = (0, 0, 0.0);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += w[x[i] as usize];
                    i += 1;
                    j += 1;
                }
            }
        }
        let total: f64 = x.iter().chain(y).map(|&k| w[k as usize]).sum();
        if total == 0.0 { 0.0 } else { 2.0 * shared / total }
    };
    let uni = dice(&a.words, &b.words);
    if a.pairs.is_empty() || b.pairs.is_empty() {
        return uni;
    }
    (uni + dice(&a.pairs, &b.pairs)) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hungarian_method_finds_the_best_total_not_the_first_best() {
        // greedy would take (0,0)=0.9 and leave 1 with 0.1; the optimum is 0.8 + 0.8
        let edges = [(0, 0, 0.9), (0, 1, 0.8), (1, 0, 0.8), (1, 1, 0.1)];
        let m = matching(&edges);
        assert_eq!(m, vec![(0, 1, 0.8), (1, 0, 0.8)]);
    }

    #[test]
    fn bags_agree_with_the_plain_similarity() {
        let a: Vec<String> = ["tỷ", "lệ", "hộ", "nghèo"].map(String::from).to_vec();
        let b: Vec<String> = ["tỷ", "lệ", "hộ", "cận", "nghèo"].map(String::from).to_vec();
        let mut v = Vocab::default();
        let (ba, bb) = (v.bag(&a), v.bag(&b));
        assert!((bag_similarity(&ba, &bb, &v.weights(false)) - similarity(&a, &b)).abs() < 1e-12);
    }

    #[test]
    fn synonyms_levels_and_senses() {
        assert_eq!(key("Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)").joined(), key("tăng trưởng GRDP").joined());
        assert_eq!(key("tỷ lệ bao phủ bảo hiểm y tế").joined(), key("Tỷ lệ dân số tham gia bảo hiểm y tế").joined());
        assert_eq!(key("hồ sơ công việc tại cấp huyện").level.as_deref(), Some("huyện"));
        assert!(kept_apart(&key("hồ sơ công việc tại cấp xã"), &key("hồ sơ công việc tại cấp huyện")));
        assert!(kept_apart(&key("trẻ em được tiêm chủng đầy đủ"), &key("dân số tham gia bảo hiểm y tế")));
        assert!(!kept_apart(&key("tỷ lệ tiêm chủng đầy đủ"), &key("trẻ em được tiêm chủng đầy đủ")));
    }

    #[test]
    fn groups_never_hold_two_items_of_one_document() {
        // a-b strong, b-c strong, a-c weak but c is of a's document: c stays out
        let counts = [1, 1, 1];
        let rank = [0, 1, 2];
        let links = vec![Link { a: (0, 0), b: (1, 0), score: 0.9, manual: false }, Link { a: (1, 0), b: (2, 0), score: 0.8, manual: false }];
        let g = join(&counts, &rank, links, &[((0, 0), (2, 0))]);
        assert_eq!(g.len(), 2);
        assert!(g.iter().any(|g| g.items == vec![(0, 0), (1, 0)]));
    }
}
