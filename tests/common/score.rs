//! The gold scorer in Rust: `fixtures/gold/score.py` line for line, so `cargo test`
//! needs nothing but a Rust toolchain. `score.py` stays the reference: the test
//! `scorer::agrees_with_score_py` runs both on every gold where Python is present.
//!
//! In: a gold folder (outline.tsv, inferred.txt, tasks.yaml, targets.yaml,
//! references.yaml, document.yaml) and a model as JSON. Out: the figures in the form
//! `score.py --json` prints them (`{"task_lead": [hits, total], …}`).

use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Old-style tone placement → new style (òa, óe, ủy …), as score.py's TONE_FIX.
const TONE_FIX: [(&str, &str); 15] = [
    ("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
    ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"),
    ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy"),
];

/// score.py's lookahead class `[a-zđăâêôơưạ-ỹ]`.
fn letter_after(c: char) -> bool {
    c.is_ascii_lowercase() || "đăâêôơư".contains(c) || ('\u{1EA1}'..='\u{1EF9}').contains(&c)
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        v => py_str(v),
    }
}

/// Python's `str()` of a value (what score.py compares).
fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

pub fn norm(v: &Value) -> String {
    let mut s: String = text(v).nfc().collect::<String>().to_lowercase();
    for (old, new) in TONE_FIX {
        let mut out = String::with_capacity(s.len());
        let mut rest = s.as_str();
        while let Some(p) = rest.find(old) {
            let after = rest[p + old.len()..].chars().next();
            out.push_str(&rest[..p]);
            out.push_str(if after.is_some_and(letter_after) { old } else { new });
            rest = &rest[p + old.len()..];
        }
        out.push_str(rest);
        s = out;
    }
    let s = s.replace('&', " và ");
    s.split(|c: char| c.is_whitespace() || ",;:.-\u{2013}\u{2014}".contains(c)).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn body_of(n: &str) -> String {
    static OFFICE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(các )?(bộ trưởng|thủ trưởng|chủ tịch|giám đốc|tổng giám đốc|trưởng ban|người đứng đầu) ?").unwrap());
    let Some(m) = OFFICE.captures(n) else { return n.to_string() };
    let rest = &n[m.get(0).unwrap().end()..];
    if rest.is_empty() {
        return if &m[2] == "bộ trưởng" { "các bộ".into() } else { n.into() };
    }
    rest.to_string()
}

fn name_match(gold: &Value, pred: &Value) -> bool {
    text(gold).split('|').any(|g| one_name_match(g, pred))
}

fn one_name_match(gold: &str, pred: &Value) -> bool {
    let (g, p) = (norm(&Value::String(gold.into())), norm(pred));
    if g.is_empty() || p.is_empty() {
        return false;
    }
    for (a, b) in [(g.clone(), p.clone()), (body_of(&g), body_of(&p))] {
        if a == b || (a.chars().count().min(b.chars().count()) >= 12 && (a.contains(&b) || b.contains(&a))) {
            return true;
        }
    }
    false
}

fn generic(name: &Value, collectives_too: bool) -> bool {
    let n = norm(name);
    n.contains("liên quan") || n.contains("nêu trên") || (collectives_too && n.starts_with("các "))
}

fn list(v: Option<&Value>) -> Vec<Value> {
    v.and_then(Value::as_array).cloned().unwrap_or_default()
}

fn same_names(gold: &[Value], pred: &[Value], collectives_too: bool) -> bool {
    let gold: Vec<&Value> = gold.iter().filter(|g| !generic(g, collectives_too)).collect();
    let pred: Vec<&Value> = pred.iter().filter(|p| !generic(p, collectives_too)).collect();
    gold.len() == pred.len() && gold.iter().all(|g| pred.iter().any(|p| name_match(g, p)))
}

/// Whether the model's `field` (lead or support) matches the gold's list or one of its
/// defensible alternatives (`lead_alt`, `support_alt`).
fn owners_match(gold: &Value, pred: &Value, field: &str, collectives_too: bool) -> bool {
    let have = list(pred.get(field));
    std::iter::once(list(gold.get(field)))
        .chain(list(gold.get(&format!("{field}_alt"))).iter().map(|l| list(Some(l))))
        .any(|want| same_names(&want, &have, collectives_too))
}

const DEADLINE_KEYS: [&str; 8] = ["year", "from", "to", "recurring", "by", "month", "quarter", "continuous"];

fn deadline_match(gold: &Value, pred: &Value) -> bool {
    std::iter::once(gold).chain(gold.get("alt").and_then(Value::as_array).into_iter().flatten()).any(|g| one_deadline_match(g, pred))
}

fn one_deadline_match(gold: &Value, pred: &Value) -> bool {
    let keys = |d: &Value, drop_null: bool| -> Map<String, Value> {
        d.as_object().map(|o| o.iter().filter(|(k, v)| DEADLINE_KEYS.contains(&k.as_str()) && !(drop_null && v.is_null())).map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default()
    };
    let want = keys(gold, false);
    let have = keys(pred, true);
    let inherited = |d: &Value| d.is_object() && [d.get("from_node"), d.get("inherited_from")].iter().any(|v| v.and_then(Value::as_str) == Some("document"));
    if inherited(gold) && inherited(pred) {
        return true;
    }
    if want.is_empty() {
        return have.is_empty() || pred.get("from_node").and_then(Value::as_str) == Some("document");
    }
    want.iter().all(|(k, v)| py_str(v) == have.get(k).map_or("None".into(), py_str))
}

fn flatten<'a>(nodes: Option<&'a Value>, out: &mut Vec<&'a Value>) {
    // an explicit stack in document order: deep outlines never recurse
    let mut stack: Vec<&Value> = nodes.and_then(Value::as_array).map(|a| a.iter().rev().collect()).unwrap_or_default();
    while let Some(n) = stack.pop() {
        out.push(n);
        if let Some(children) = n.get("children").and_then(Value::as_array) {
            stack.extend(children.iter().rev());
        }
    }
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn line_of(v: &Value) -> Option<i64> {
    match v.get("line")? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn pair(a: usize, b: usize) -> Value {
    json!([a, b])
}

/// Scores a model (as JSON) against a gold folder, as `score.py --json` does.
pub fn score(gold_dir: &Path, model: &Value) -> Value {
    let mut res = Map::new();
    let mut nodes = Vec::new();
    flatten(model.get("outline"), &mut nodes);
    let mut by_line: HashMap<i64, Value> = HashMap::new();
    for n in &nodes {
        if let Some(l) = line_of(n) {
            by_line.entry(l).or_insert_with(|| n.get("id").cloned().unwrap_or(Value::Null));
        }
    }
    let ids: HashMap<String, &Value> = nodes.iter().map(|n| (text(n.get("id").unwrap_or(&Value::Null)), *n)).collect();

    let f = gold_dir.join("outline.tsv");
    if f.exists() {
        let content = std::fs::read_to_string(&f).unwrap();
        let rows: Vec<Vec<&str>> = content.lines().filter(|l| !l.starts_with('#')).map(|l| l.split('\t').collect()).collect();
        let starts: Vec<(i64, &str)> = rows.iter().filter(|r| !["body", "header", "preamble", "signature", "trailer"].contains(&r[2])).map(|r| (r[0].parse().unwrap(), r[1])).collect();
        let hit = |ln: i64, id: &str| by_line.get(&ln).is_some_and(|v| v.as_str() == Some(id)) || (id == "*" && by_line.contains_key(&ln));
        let ok = starts.iter().filter(|(ln, id)| hit(*ln, id)).count();
        res.insert("outline_nodes".into(), pair(ok, starts.len()));
        let outside: HashSet<i64> = rows.iter().filter(|r| ["signature", "trailer"].contains(&r[2])).map(|r| r[0].parse().unwrap()).collect();
        res.insert("outline_leaks".into(), json!(by_line.keys().filter(|l| outside.contains(l)).count()));
    }
    let f = gold_dir.join("inferred.txt");
    if f.exists() {
        let content = std::fs::read_to_string(&f).unwrap();
        let want: Vec<&str> = content.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
        let ok = want.iter().filter(|i| ids.get(**i).is_some_and(|n| n.get("inferred") == Some(&Value::Bool(true)))).count();
        res.insert("inferred".into(), pair(ok, want.len()));
    }

    let f = gold_dir.join("tasks.yaml");
    if f.exists() {
        let gold = yaml(&f);
        let tasks = list(model.get("tasks"));
        let pred: HashMap<String, &Value> = tasks.iter().map(|t| (text(t.get("id").unwrap_or(&Value::Null)), t)).collect();
        let depth = |t: &Value| text(t.get("id").unwrap_or(&Value::Null)).matches('.').count();
        let mut pred_by_line: HashMap<i64, &Value> = HashMap::new();
        for t in &tasks {
            if let Some(ln) = line_of(t) {
                if pred_by_line.get(&ln).is_none_or(|p| depth(t) > depth(p)) {
                    pred_by_line.insert(ln, t);
                }
            }
        }
        let (mut found, mut dl, mut lead, mut sup, mut scored) = (0, 0, 0, 0, 0);
        for g in gold.as_array().into_iter().flatten() {
            let p = match g.get("id") {
                Some(id) => pred.get(&text(id)).copied(),
                None => line_of(g).and_then(|l| pred_by_line.get(&l).copied()),
            };
            let Some(p) = p else {
                if g.get("optional") != Some(&Value::Bool(true)) {
                    scored += 1;
                }
                continue;
            };
            scored += 1;
            found += 1;
            dl += usize::from(deadline_match(g.get("deadline").unwrap_or(&Value::Null), p.get("deadline").unwrap_or(&Value::Null)));
            lead += usize::from(owners_match(g, p, "lead", false));
            sup += usize::from(owners_match(g, p, "support", true));
        }
        res.insert("tasks_found".into(), pair(found, scored));
        res.insert("task_deadline".into(), pair(dl, found));
        res.insert("task_lead".into(), pair(lead, found));
        res.insert("task_support".into(), pair(sup, found));
    }

    let f = gold_dir.join("targets.yaml");
    if f.exists() {
        let gold = yaml(&f);
        let num = |v: Option<&Value>| -> String {
            match v {
                None | Some(Value::Null) => "None".into(),
                Some(Value::Number(n)) => format!("{:.4}", n.as_f64().unwrap_or(0.0)),
                Some(Value::String(s)) => s.parse::<f64>().map_or_else(|_| s.clone(), |x| format!("{x:.4}")),
                Some(v) => v.to_string(),
            }
        };
        let key = |t: &Value| -> String {
            let range = t.get("comparator").and_then(Value::as_str) == Some("range") || t.get("low").is_some_and(|v| !v.is_null());
            let line = line_of(t).unwrap_or(0);
            if range { format!("{line}|{}|{}", num(t.get("low")), num(t.get("high"))) } else { format!("{line}|{}", num(t.get("value"))) }
        };
        let mut preds = list(model.get("targets"));
        let scope = gold_dir.join("targets.scope");
        if scope.exists() {
            let ranges: Vec<(i64, i64)> = std::fs::read_to_string(&scope).unwrap().split_whitespace().filter_map(|r| r.split_once('-')).map(|(a, b)| (a.parse().unwrap(), b.parse().unwrap())).collect();
            preds.retain(|p| ranges.iter().any(|(a, b)| (*a..=*b).contains(&line_of(p).unwrap_or(0))));
        }
        let mut remaining: HashMap<String, Vec<&Value>> = HashMap::new();
        for p in &preds {
            remaining.entry(key(p)).or_default().push(p);
        }
        let agreement = |g: &Value, p: &Value| -> (bool, bool, bool) {
            let period = |t: &Value, k: &str| t.get("period").and_then(|x| x.get(k)).cloned().unwrap_or(Value::Null);
            let year_ok = py_str(g.get("year").unwrap_or(&Value::Null)) == py_str(p.get("year").unwrap_or(&Value::Null)) && period(g, "from") == period(p, "from") && period(g, "to") == period(p, "to");
            let (gu, pu) = (norm(g.get("unit").unwrap_or(&Value::Null)), norm(p.get("unit").unwrap_or(&Value::Null)));
            let unit_ok = matches!((gu.split_whitespace().next(), pu.split_whitespace().next()), (Some(a), Some(b)) if a == b);
            (year_ok, g.get("comparator").unwrap_or(&Value::Null) == p.get("comparator").unwrap_or(&Value::Null), unit_ok)
        };
        let sum = |a: (bool, bool, bool)| usize::from(a.0) + usize::from(a.1) + usize::from(a.2);
        let (mut tp, mut req, mut yr, mut cmp, mut unit) = (0, 0, 0, 0, 0);
        let optional = |g: &Value| g.get("optional") == Some(&Value::Bool(true));
        let mut gold: Vec<&Value> = gold.as_array().into_iter().flatten().collect();
        // required gold first (a stable sort, as Python's)
        gold.sort_by_key(|g| optional(g));
        for g in gold {
            if !optional(g) {
                req += 1;
            }
            let Some(cands) = remaining.get_mut(&key(g)).filter(|c| !c.is_empty()) else { continue };
            let mut best = 0;
            for (i, c) in cands.iter().enumerate() {
                if sum(agreement(g, c)) > sum(agreement(g, cands[best])) {
                    best = i;
                }
            }
            let best = cands.remove(best);
            if !optional(g) {
                tp += 1;
                let a = agreement(g, best);
                yr += usize::from(a.0);
                cmp += usize::from(a.1);
                unit += usize::from(a.2);
            }
        }
        let fp: usize = remaining.values().map(Vec::len).sum();
        res.insert("targets_recall".into(), pair(tp, req));
        res.insert("targets_precision".into(), pair(tp, tp + fp));
        res.insert("target_year".into(), pair(yr, tp));
        res.insert("target_comparator".into(), pair(cmp, tp));
        res.insert("target_unit".into(), pair(unit, tp));
    }

    let f = gold_dir.join("references.yaml");
    if f.exists() {
        let gold = yaml(&f);
        let gnums: HashSet<String> = gold.as_array().into_iter().flatten().map(|g| norm(g.get("number").unwrap_or(&Value::Null)).replace(' ', "")).collect();
        let pnums: HashSet<String> = list(model.get("references")).iter().filter(|r| r.get("number").is_some_and(|n| !n.is_null() && n.as_str() != Some(""))).map(|r| norm(r.get("number").unwrap()).replace(' ', "")).collect();
        let both = gnums.intersection(&pnums).count();
        res.insert("refs_recall".into(), pair(both, gnums.len()));
        res.insert("refs_precision".into(), pair(both, pnums.len()));
    }

    let f = gold_dir.join("document.yaml");
    if f.exists() {
        let gold = yaml(&f);
        let null = Value::Null;
        let doc = model.get("document").unwrap_or(&null);
        let (mut ok, mut total) = (0, 0);
        for k in ["kind", "code", "number", "place", "date"] {
            if let Some(g) = gold.get(k) {
                total += 1;
                ok += usize::from(norm(g) == norm(doc.get(k).unwrap_or(&null)));
            }
        }
        if let Some(g) = gold.get("issuer_contains") {
            total += 1;
            ok += usize::from(norm(doc.get("issuer").unwrap_or(&null)).contains(&norm(g)));
        }
        if let Some(g) = gold.get("period") {
            total += 1;
            let p = doc.get("period").unwrap_or(&null);
            let same = |k: &str| p.get(k).unwrap_or(&null) == g.get(k).unwrap_or(&null);
            ok += usize::from(same("from") && same("to"));
        }
        if let Some(g) = gold.get("based_on") {
            total += 1;
            let nums: HashSet<String> = list(doc.get("based_on")).iter().map(|b| norm(b.get("number").unwrap_or(&null))).collect();
            ok += usize::from(g.as_array().into_iter().flatten().all(|b| nums.contains(&norm(b.get("number").unwrap_or(&null)))));
        }
        res.insert("header".into(), pair(ok, total));
    }
    Value::Object(res)
}
