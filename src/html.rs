//! HTML input, part of stage 1 (decode): a page saved from a legal-document
//! website in, the document's text out, one line per block.
//!
//! The page is tokenized (no recursion, linear), scripts, styles, navigation and
//! site furniture are dropped, and the main content is found by text density: from
//! `<body>` the reader goes down into the child holding most of the text that is
//! not link text, while that child holds most of it. Blocks (`<p>`, `<div>`,
//! `<h1>`, `<li>`, `<br>` …) become lines and a table row becomes one line of
//! ` | `-separated cells, like the text form of the same page.

/// Elements whose content is never document text.
const DROPPED: &[&str] = &["script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside", "form", "button", "select", "iframe", "svg", "object", "canvas", "menu"];
/// Class or id words of site furniture.
const FURNITURE: &[&str] = &["menu", "nav", "breadcrumb", "footer", "sidebar", "banner", "share", "social", "advert", "quangcao", "quang-cao", "login", "search", "cookie", "popup", "related", "lienquan"];
/// Elements that end a line before and after them.
const BLOCKS: &[&str] = &["p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tbody", "thead", "tfoot", "blockquote", "pre", "hr", "dd", "dt", "dl", "center", "body", "html", "figure", "figcaption", "address"];
const VOID: &[&str] = &["br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed", "param", "track"];

#[derive(Debug)]
enum Child {
    Elem(usize),
    Text(String),
}

#[derive(Debug)]
struct Elem {
    name: String,
    children: Vec<Child>,
    parent: usize,
    dropped: bool,
    /// text length inside, and inside links
    text: usize,
    links: usize,
}

/// Whether bytes look like an HTML page.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start_matches('\u{FEFF}').trim_start().chars().take(512).collect::<String>().to_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || (head.starts_with('<') && (head.contains("<body") || head.contains("<head")))
}

/// The document's text in a saved page.
pub fn to_text(html: &str) -> String {
    let elems = build(html);
    let root = content_root(&elems);
    render(&elems, root)
}

fn build(html: &str) -> Vec<Elem> {
    let mut elems = vec![Elem { name: "#root".into(), children: vec![], parent: 0, dropped: false, text: 0, links: 0 }];
    let mut stack: Vec<usize> = vec![0];
    // how many elements of each name are open: a closing tag with none open is passed
    // over at once, never by scanning a deep stack (a page of stray closing tags)
    let mut open: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    let flush = |elems: &mut Vec<Elem>, stack: &[usize], s: &str| {
        if !s.is_empty() {
            let top = *stack.last().expect("root");
            elems[top].children.push(Child::Text(decode_entities(s)));
        }
    };
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        // a comment, a declaration, or a tag
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            flush(&mut elems, &stack, &html[text_start..i]);
            let end = rest.find("-->").map_or(html.len(), |e| i + e + 3);
            i = end;
            text_start = i;
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            flush(&mut elems, &stack, &html[text_start..i]);
            i = rest.find('>').map_or(html.len(), |e| i + e + 1);
            text_start = i;
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = if closing { 2 } else { 1 };
        let name_len = rest[name_start..].find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len() - name_start);
        if name_len == 0 {
            i += 1; // a lone "<" in text
            continue;
        }
        flush(&mut elems, &stack, &html[text_start..i]);
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        // the attributes run to the tag's `>`, or to the end of a page cut off inside a tag
        // (where the byte before the end may be inside a character)
        let (attrs_end, tag_end) = tag_end(rest).map_or((html.len(), html.len()), |e| (i + e, i + e + 1));
        let attrs_start = (i + name_start + name_len).min(attrs_end);
        let attrs = &html[attrs_start..attrs_end];
        i = tag_end;
        text_start = i;
        if closing {
            if open.get(&name).is_some_and(|&n| n > 0) {
                // the scan stops at the nearest match; everything above it is closed too,
                // so each open element is scanned over once in all
                if let Some(pos) = stack.iter().rposition(|&e| elems[e].name == name).filter(|&p| p > 0) {
                    for &e in &stack[pos..] {
                        if let Some(n) = open.get_mut(&elems[e].name) {
                            *n = n.saturating_sub(1);
                        }
                    }
                    stack.truncate(pos);
                }
            }
            continue;
        }
        let parent = *stack.last().expect("root");
        let lower_attrs = attrs.to_ascii_lowercase();
        let furniture = attr_words(&lower_attrs).any(|w| FURNITURE.iter().any(|f| w == *f || w.starts_with(&format!("{f}-")) || w.ends_with(&format!("-{f}"))));
        let dropped = elems[parent].dropped || DROPPED.contains(&name.as_str()) || furniture || lower_attrs.contains("display:none") || lower_attrs.contains("display: none");
        let idx = elems.len();
        elems.push(Elem { name: name.clone(), children: vec![], parent, dropped, text: 0, links: 0 });
        elems[parent].children.push(Child::Elem(idx));
        if name == "script" || name == "style" || name == "textarea" || name == "title" {
            // raw text: skip to the closing tag
            let close = format!("</{name}");
            let end = find_ascii_ci(&bytes[i..], close.as_bytes()).map_or(html.len(), |e| i + e);
            i = html[end..].find('>').map_or(html.len(), |e| end + e + 1);
            text_start = i;
            continue;
        }
        if !VOID.contains(&name.as_str()) && !attrs.trim_end().ends_with('/') {
            stack.push(idx);
            *open.entry(name).or_insert(0) += 1;
        }
    }
    flush(&mut elems, &stack, &html[text_start..]);
    // text lengths, children before parents (children are created after their parents)
    for idx in (1..elems.len()).rev() {
        let own: usize = elems[idx].children.iter().map(|c| if let Child::Text(t) = c { t.trim().chars().count() } else { 0 }).sum();
        let (t, l) = (elems[idx].text + own, elems[idx].links + if elems[idx].name == "a" { own } else { 0 });
        let is_link = elems[idx].name == "a";
        elems[idx].text = t;
        elems[idx].links = if is_link { t } else { l };
        if !elems[idx].dropped {
            let p = elems[idx].parent;
            let (pt, pl) = (elems[idx].text, elems[idx].links);
            elems[p].text += pt;
            elems[p].links += pl;
        }
    }
    elems
}

/// Where `needle` (ASCII) first occurs in `hay`, ignoring ASCII case, without copying
/// the rest of the page (each raw-text element searched once: linear in all).
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle.first()?;
    let mut at = 0;
    while let Some(k) = hay[at..].iter().position(|b| b == first) {
        let p = at + k;
        if hay.len() - p >= needle.len() && hay[p..p + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(p);
        }
        at = p + 1;
    }
    None
}

/// The end of a tag (its `>`), outside quoted attribute values.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (k, c) in rest.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => return Some(k),
            None => {}
        }
    }
    None
}

fn attr_words(attrs: &str) -> impl Iterator<Item = &str> {
    // the values of class and id
    ["class=", "id="].into_iter().flat_map(move |key| {
        attrs.match_indices(key).filter_map(move |(p, _)| {
            let v = &attrs[p + key.len()..];
            let (q, v) = match v.chars().next() {
                Some(c @ ('"' | '\'')) => (Some(c), &v[1..]),
                _ => (None, v),
            };
            let end = match q {
                Some(q) => v.find(q).unwrap_or(v.len()),
                None => v.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(v.len()),
            };
            Some(&v[..end])
        })
    })
    .flat_map(|v| v.split_whitespace())
}

fn score(e: &Elem) -> i64 {
    e.text as i64 - 2 * e.links as i64
}

/// From the body down into the child that holds most of the text.
fn content_root(elems: &[Elem]) -> usize {
    let mut cur = elems.iter().position(|e| e.name == "body").unwrap_or(0);
    loop {
        let best = elems[cur]
            .children
            .iter()
            .filter_map(|c| if let Child::Elem(i) = c { Some(*i) } else { None })
            .filter(|&i| !elems[i].dropped)
            .max_by_key(|&i| score(&elems[i]));
        match best {
            Some(b) if score(&elems[b]) * 10 >= score(&elems[cur]) * 7 && score(&elems[b]) > 0 && elems[b].name != "table" && elems[b].name != "tr" && elems[b].name != "p" => cur = b,
            _ => return cur,
        }
    }
}

/// Renders an element's text: blocks as lines, table rows as ` | ` cells.
fn render(elems: &[Elem], root: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    // explicit stack of (element, next child index)
    let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
    let mut row_depth: Vec<usize> = Vec::new(); // stack depths of open <tr>
    let mut pre = 0usize;
    let end_line = |out: &mut String, line: &mut String| {
        let t = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            out.push_str(&t);
            out.push('\n');
        }
        line.clear();
    };
    while let Some(&(e, next)) = stack.last() {
        let el = &elems[e];
        if next == 0 {
            // opening
            let in_row = !row_depth.is_empty();
            match el.name.as_str() {
                "br" if !in_row => end_line(&mut out, &mut line),
                "br" => line.push(' '),
                "tr" => {
                    end_line(&mut out, &mut line);
                    row_depth.push(stack.len());
                }
                "td" | "th" if in_row => {
                    if line.trim_end().is_empty() && !line.is_empty() {
                        // only spaces so far: they are dropped at the row's end anyway, and
                        // clearing them keeps this check from rescanning a long blank run
                        line.clear();
                    } else if !line.is_empty() {
                        line.push_str(" | ");
                    }
                }
                "pre" => pre += 1,
                n if BLOCKS.contains(&n) && !in_row => end_line(&mut out, &mut line),
                _ => {}
            }
        }
        if next < el.children.len() {
            let child = &el.children[next];
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            match child {
                Child::Elem(c) if !elems[*c].dropped => stack.push((*c, 0)),
                Child::Elem(_) => {}
                Child::Text(t) => {
                    if pre > 0 && row_depth.is_empty() {
                        for (k, part) in t.split('\n').enumerate() {
                            if k > 0 {
                                end_line(&mut out, &mut line);
                            }
                            line.push_str(part);
                        }
                    } else {
                        line.push_str(t);
                    }
                }
            }
            continue;
        }
        // closing
        stack.pop();
        match el.name.as_str() {
            "tr" => {
                row_depth.pop();
                let t = line.split(" | ").map(|c| c.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>();
                let cells: Vec<String> = t.into_iter().collect();
                if cells.iter().any(|c| !c.is_empty()) {
                    out.push_str(cells.join(" | ").trim_matches(|c: char| c == ' ' || c == '|'));
                    out.push('\n');
                }
                line.clear();
            }
            "pre" => {
                pre = pre.saturating_sub(1);
                end_line(&mut out, &mut line);
            }
            n if BLOCKS.contains(&n) && row_depth.is_empty() => end_line(&mut out, &mut line),
            _ => {}
        }
    }
    end_line(&mut out, &mut line);
    out
}

/// Decodes character references: `&amp;` `&nbsp;` `&#7897;` `&#x1EC7;` and the
/// named ones legal pages use.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let ch = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = name.strip_prefix('#') {
                num.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{A0}'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "hellip" => Some('…'),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    "lsquo" => Some('‘'),
                    "rsquo" => Some('’'),
                    "laquo" => Some('«'),
                    "raquo" => Some('»'),
                    "bull" => Some('•'),
                    "le" => Some('≤'),
                    "ge" => Some('≥'),
                    "deg" => Some('°'),
                    _ => None,
                }
            };
            ch.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_content_blocks_and_table_rows() {
        let page = r#"<!DOCTYPE html><html><head><title>x</title><script>var a = "<p>no</p>";</script></head>
<body><div class="menu"><a href="/">Trang chủ</a> <a href="/vb">Văn bản</a></div>
<div id="content"><table><tr><td>ỦY BAN NHÂN DÂN<br>TỈNH ĐỒNG THÁP</td><td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</td></tr></table>
<p>Số: 105/KH-UBND</p><p><b>I. MỤC ĐÍCH</b></p><p>1. Mục đích &amp; yêu cầu&nbsp;chung</p></div>
<footer>Bản quyền</footer></body></html>"#;
        let text = to_text(page);
        assert_eq!(text.lines().collect::<Vec<_>>(), vec![
            "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: 105/KH-UBND",
            "I. MỤC ĐÍCH",
            "1. Mục đích & yêu cầu chung",
        ]);
    }

    #[test]
    fn a_page_cut_off_inside_a_tag_ends_cleanly() {
        // the fuzzer's case: a tag never closed, the page ending inside a character
        let page = "<html><body><div><p>Mục<a href=\"x\u{FFFD}";
        let _ = to_text(page);
        let _ = to_text("<html><body><p>Kế hoạch</p><divé");
    }

    #[test]
    fn entities_decode() {
        assert_eq!(decode_entities("K&#7871; ho&#x1EA1;ch &lt;b&gt; &unknown; &"), "Kế hoạch <b> &unknown; &");
    }
}
