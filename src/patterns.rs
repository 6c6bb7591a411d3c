//! Every regular expression of the parser, compiled once and kept together.
//!
//! The `regex` crate runs in linear time (no backtracking), which keeps every
//! stage linear in its input. Patterns are grouped by the stage that uses them.

use regex::Regex;
use std::sync::LazyLock;

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("bad pattern {p}: {e}"))
}

/// A document number: `117/KH-UBND`, `54/2019/NQ-HĐND`, `42/2017/QH14`, `30c/NQ-CP`,
/// and the Party form `45-NQ/TW`, `76-CTr/TU` (conventions §1.4).
pub static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    // a stray space scraped into a number ("78/2021/NĐ -CP", "9512/TTr- SNN-CCTL") is read
    // across, for a part in capitals only
    re(r"(?-u:\b)(?:\d{1,5}[a-z]?(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-Za-zĐđ0-9]+|(?:\s-\s?|-\s)[A-ZĐ][A-ZĐ0-9]*\b)*|\d{1,5}-[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ][A-Za-zĐđ0-9]*)")
});

/// [`DOC_NUMBER`] without the stray-space reading, for the texts where no hyphen has a
/// space beside it ([`doc_numbers`] picks): the same matches there, and without the
/// Unicode word boundary that reading needs, the fast engine finds them (40 -> several
/// hundred MB/s).
static DOC_NUMBER_PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u:\b)(?:\d{1,5}[a-z]?(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-Za-zĐđ0-9]+)*|\d{1,5}-[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ][A-Za-zĐđ0-9]*)")
});

/// The pattern of [`DOC_NUMBER`] to search `text` with: the whole one where a hyphen has
/// a space beside it (where the stray-space reading can match), else the plain one.
pub fn doc_numbers(text: &str) -> &'static Regex {
    let spaced = text.match_indices('-').any(|(i, _)| {
        text[..i].chars().next_back().is_some_and(char::is_whitespace) || text[i + 1..].chars().next().is_some_and(char::is_whitespace)
    });
    if spaced { &DOC_NUMBER } else { &DOC_NUMBER_PLAIN }
}

/// "Số: 117/KH-UBND" in a header, with the stray spaces scraped pages leave ("Số: 105 /KH-UBND").
pub static NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    // "Số" written with its capital, as a header writes it: a title citing "Chỉ thị số
    // 11-CT/TU" is not the document's own number line
    re(r"(?:^|[|\s(*])(?:Số|SỐ)(?:\s*(?i:hiệu))?\s*:?\s*(\d{1,5}[a-z]?(?:\s*/\s*\d{4})?\s*/\s*[A-ZĐ][A-Za-zĐđ0-9]*(?:\s*-\s*[A-Za-zĐđ0-9]+)*|\d{1,5}-[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ][A-Za-zĐđ0-9]*)")
});

// Capital, small and any letters within the Latin blocks Vietnamese is written in
// (ASCII, U+00C0-024F, U+1E00-1EFF): the classes for names, which patterns repeat
// (a name of up to six words), compile in a fraction of the time of the whole Unicode
// \p{Lu}, \p{Ll} and \p{L}, and read every Vietnamese name the same.
macro_rules! latin_upper {
    () => {
        r"[\p{Lu}&&[A-Z\x{C0}-\x{24F}\x{1E00}-\x{1EFF}]]"
    };
}
macro_rules! latin_lower {
    () => {
        r"[\p{Ll}&&[a-z\x{C0}-\x{24F}\x{1E00}-\x{1EFF}]]"
    };
}
macro_rules! latin_letter {
    () => {
        r"[\p{L}&&[A-Za-z\x{C0}-\x{24F}\x{1E00}-\x{1EFF}]]"
    };
}

/// A word of a place name: capitalized ("Hải", "Rang-Tháp"), or "phố".
const PLACE_WORD: &str = concat!("(?:", latin_upper!(), latin_lower!(), "*(?:-", latin_upper!(), latin_lower!(), "*)?|phố)");

/// "Hải Phòng, ngày 28 tháng 4 năm 2020": the place is the run of capitalized words
/// before the comma ("Thành phố Hồ Chí Minh", "Phan Rang-Tháp Chàm"); then day, month, year.
pub static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(format!(r"\b({PLACE_WORD}(?:\s+{PLACE_WORD}){{0,5}}),\s*ngày\s+(\d{{1,2}})\s*(?:tháng\s*|/|-)(\d{{1,2}})\s*(?:năm\s*|/|-)(\d{{4}})").as_str())
});

/// A number line left blank in a draft: "Số:           /KH-UBND", "Số: …/QĐ-UBND" (the
/// type code is known, the number is not).
pub static NUMBER_BLANK: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bSố\s*:?[\s.…_]*/\s*([A-ZĐ][A-Za-zĐđ]*)\s*-\s*[A-ZĐ]"));

/// A place and a date left blank in a draft: "Lào Cai, ngày       tháng      năm 2026".
pub static PLACE_BLANK_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(format!(r"\b({PLACE_WORD}(?:\s+{PLACE_WORD}){{0,5}}),\s*ngày[\s.…_]*tháng[\s.…_\d]*năm").as_str())
});

/// A date in running text: "ngày 19/02/2020", "ngày 21 tháng 11 năm 2025", "ngày 19-02-2020".
pub static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)ngày\s+(\d{1,2})\s*(?:/|-|\s+tháng\s+)(\d{1,2})\s*(?:/|-|\s+năm\s+)(\d{4})")
});

/// A year span: "giai đoạn 2021-2025", "2021 - 2025", "2019 -⏎2020" joined.
pub static YEAR_SPAN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?-u:\b)"));

/// A year after "năm": "năm 2020", "Năm 2025".
pub static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bnăm\s+((?:19|20)\d{2})\b"));

/// A cross-reference chain: "tiết a1, a2, a4 điểm a mục 6 phần III", "mục 2 phần III",
/// "khoản 1 mục II". Unit words are matched case-insensitively, labels by shape.
pub static XREF: LazyLock<Regex> = LazyLock::new(|| {
    let unit = r"(?:[Tt]iết|[Đđ]iểm|[Kk]hoản|[Tt]iểu mục|[Mm]ục|[Pp]hần)";
    let label = r"(?:[a-zđ]\d{1,2}|[a-zđ]|\d{1,2}|[IVXLC]+)\b";
    // "điểm b và điểm c mục 1": a unit may be repeated inside a list
    re(&format!(r"\b{unit}\s+{label}(?:\s*(?:,|và)\s*(?:{unit}\s+)?{label})*(?:\s+{unit}\s+{label}(?:\s*(?:,|và)\s*(?:{unit}\s+)?{label})*)*"))
});

/// One unit of a cross-reference chain.
pub static XREF_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"([Tt]iết|[Đđ]iểm|[Kk]hoản|[Tt]iểu mục|[Mm]ục|[Pp]hần)\s+((?:[a-zđ]\d{1,2}|[a-zđ]|\d{1,2}|[IVXLC]+)\b(?:\s*(?:,|và)\s*(?:[a-zđ]\d{1,2}|[a-zđ]|\d{1,2}|[IVXLC]+)\b)*)")
});

/// A separator rule of a scraped header: `-------`, `_____`, `***`.
pub static RULE: LazyLock<Regex> = LazyLock::new(|| re(r"^[-_=*–—.\s]{3,}$"));

/// An authority prefix that opens a signature block (conventions §1.6).
pub static SIGNATURE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:\|\s*)?(TM\.|T/M|KT\.|K/T|TL\.|T/L|TUQ\.|Q\.)\s*(\p{Lu}[\p{Lu}\s,.-]*)"));

/// An item of a website's related-documents list: "- 1 Kế hoạch 59/KH-UBND …", "- 1Nghị định …".
pub static RELATED_ITEM: LazyLock<Regex> = LazyLock::new(|| re(concat!(r"^[-–•]\s*(\d{1,3})\s*(", latin_upper!(), latin_letter!(), r"*(?:\s+", latin_letter!(), r"+){0,3})\s+\d")));

/// Metadata and boilerplate lines of legal websites (conventions §7.8–9).
pub static SITE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:công báo|số hiệu|loại văn bản|nơi ban hành|người ký|ngày ban hành|ngày hiệu lực|ngày có hiệu lực|ngày công báo|số công báo|tình trạng|lĩnh vực|cơ quan ban hành|từ khoá|từ khóa|đăng nhập|đang tải|hệ thống pháp luật|để sử dụng toàn bộ|bạn đang xem|tải bản đầy đủ|tải về|văn bản liên quan|văn bản cùng|lược đồ|nội dung|tiếng anh|mục lục)")
});

/// Opening words of a preamble ("Căn cứ …", "Thực hiện …").
pub static PREAMBLE_START: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:Căn cứ|Thực hiện|Triển khai|Xét đề nghị|Theo đề nghị|Xét|Quán triệt)\b"));

/// A basis clause of a preamble, whose cited documents go to `based_on`.
pub static BASIS_CLAUSE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(căn cứ|thực hiện|triển khai|xét đề nghị|theo đề nghị|quán triệt)\b"));

/// An attached body or appendix starting after a signature.
pub static ATTACHMENT_START: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:KẾ HOẠCH|CHƯƠNG TRÌNH|QUY CHẾ|QUY ĐỊNH|ĐỀ ÁN|PHƯƠNG ÁN|PHỤ LỤC|Phụ lục|\(Ban hành kèm theo|\(Kèm theo)")
});

/// An appendix title: "PHỤ LỤC I", "Phụ lục 2", "PHỤ LỤC".
pub static APPENDIX: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:số\s+)?([IVXLC]+|\d{1,3})\b)?"));

/// The end of a wrapped header date: "09 tháng 12 năm 2020", "tháng 8 năm 2021".
pub static DATE_TAIL: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:\d{1,2}\s+)?tháng\s+\d{1,2}\s+năm\s+\d{4}\s*$"));

/// A page header of the official gazette: "CÔNG BÁO/Số 277/Ngày 16-05-2026",
/// "CÔNG BÁO/Số 277 + 278/Ngày 16-05-2026", and the section titles it prints
/// over pages ("VĂN BẢN PHÁP LUẬT KHÁC", "VĂN BẢN QUY PHẠM PHÁP LUẬT").
pub static GAZETTE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:\d{1,4}\s+)?CÔNG BÁO\s*/\s*Số\s+\d+(?:\s*\+\s*\d+)*\s*/\s*Ngày\s+\d{1,2}[-/.]\d{1,2}[-/.]\d{4}(?:\s+\d{1,4})?$|^(?:PHẦN\s+[IVX]+\.?\s*)?VĂN BẢN (?:QUY PHẠM )?PHÁP LUẬT(?: KHÁC)?$")
});

/// The first line of a digital-signature stamp: "Ký bởi: CÔNG BÁO …".
pub static SIGN_STAMP: LazyLock<Regex> = LazyLock::new(|| re(r"^Ký bởi\s*:"));

/// The other lines of a digital-signature stamp.
pub static SIGN_STAMP_FIELD: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:Cơ quan|Ngày ký|Thời gian ký|Email|Tổ chức|Chức vụ)\s*:"));

/// A time phrase opening a table cell: "Năm 2026", "Giai đoạn 2026 - 2030", "Quý II/2026",
/// "Tháng 6/2025", "Thường xuyên", "Hằng năm", "6/2025", "2025".
pub static TIME_START: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:năm|giai đoạn|qu[ýí]|tháng|thường xuyên|hằng năm|hàng năm|hằng qu[ýí]|hàng qu[ýí]|định kỳ|trước|trong năm|trong qu[ýí]|đến năm|từ năm|cuối năm|đầu năm|nhiệm vụ thường xuyên|\d{1,2}/(?:19|20)\d{2}|(?:19|20)\d{2})\b|(?i)^(?:thường|hằng|hàng|giai|định)$")
});

/// A year anywhere in a folded column name: "năm 2025", "2025".
pub static YEAR_IN: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u:\b)(?:19|20)\d{2}(?-u:\b)"));

/// An issuer naming itself as it gives an order: "Ủy ban nhân dân tỉnh yêu cầu …".
pub static ISSUER_SELF: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(r"(?:^|[.;:]\s+)((?:Ủy|Uỷ) ban nhân dân (?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)(?: ", latin_upper!(), latin_lower!(), r"*){0,3}|Thủ tướng Chính phủ|Chính phủ|Hội đồng nhân dân (?:tỉnh|thành phố)(?: ", latin_upper!(), latin_lower!(), r"*){0,3})\s+(?:yêu cầu|chỉ thị|giao)\b"))
});

/// An appendix title alone on its line: "PHỤ LỤC I", "Phụ lục 2", "PHỤ LỤC".
pub static APPENDIX_TITLE: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:số\s+)?(?:[IVXLC]+|\d{1,3}))?\s*[.:]?$"));

// ---------------------------------------------------------------------------------------------
// tokens::time — one grammar for every time phrase (conventions §3.3)

/// A time phrase with the word that governs it: a date, a quarter (or a span of
/// quarters), a month (or months of one year), a span of years, a month/year
/// ("6/2025"), a year, a recurrence ("định kỳ hằng năm", "hằng quý", "6 tháng một
/// lần") or a continuous duty ("thường xuyên"), then an open end ("và các năm tiếp
/// theo", "trở đi"). Boundaries and the reading are checked by `tokens::time`. Digits
/// are ASCII `[0-9]`: the reading parses them as such, and Unicode `\d` (every script's
/// digits) doubled the time to compile the pattern.
pub static TIME_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    let y = r"(?:19|20)[0-9]{2}";
    let q = r"(?:IV|I{1,3}|[1-4])";
    let sep = r"\s*(?:/|-|–|năm)\s*";
    let pre = r"(?P<pre>(?:(?:hoàn\s+thành|xong|thực\s+hiện|triển\s+khai|tổ\s+chức|định\s+hướng|tầm\s+nhìn)\s+)?(?:trong\s+(?:giai\s+đoạn|thời\s+gian|thời\s+kỳ|cả)|trong|trước|chậm\s+nhất(?:\s+là|\s+vào)?|đến\s+hết|đến\s+cuối|đến|tới|từ\s+nay\s+đến(?:\s+hết)?|(?:bắt\s+đầu\s+)?từ|vào\s+cuối|vào\s+đầu|vào|cuối|đầu|sau|giai\s+đoạn|thời\s+kỳ|so\s+với|tầm\s+nhìn(?:\s+đến)?|định\s+hướng(?:\s+đến)?|hết)\s+)?";
    re(&format!(
        r"(?i){pre}(?:(?P<date>ngày\s+(?P<d1>[0-9]{{1,2}})\s*[/.-]\s*(?P<m1>[0-9]{{1,2}})\s*[/.-]\s*(?P<y1>{y})|ngày\s+(?P<d2>[0-9]{{1,2}})\s+tháng\s+(?P<m2>[0-9]{{1,2}})\s+năm\s+(?P<y2>{y}))|(?P<dm>ngày\s+(?P<d3>[0-9]{{1,2}})\s*(?:/\s*(?P<m3>[0-9]{{1,2}})|\s+tháng\s+(?P<m4>[0-9]{{1,2}})))|(?P<qspan>qu[ýí]\s+(?P<q1>{q})(?:{sep}(?P<qy1>{y}))?\s*(?:[-–—]|đến)\s*(?:qu[ýí]\s+)?(?P<q2>{q}){sep}(?P<qy2>{y}))|(?P<quarter>qu[ýí]\s+(?P<q>{q})(?-u:\b)(?:{sep}(?P<qy>{y}))?)|(?P<mspan>tháng\s+(?P<ma>[0-9]{{1,2}})\s*(?:đến|[-–])\s*(?:hết\s+)?tháng\s+(?P<mb>[0-9]{{1,2}})(?:{sep}(?P<mby>{y}))?)|(?P<month>tháng\s+(?P<mo>[0-9]{{1,2}})(?-u:\b)(?:{sep}(?P<moy>{y}))?)|(?P<span>(?:năm\s+)?(?P<sa>{y})\s*(?:[-–—]|đến\s+(?:hết\s+|cuối\s+)?(?:năm\s+)?)\s*(?P<sb>{y}))|(?P<mmyy>(?P<mm>[0-9]{{1,2}})\s*/\s*(?P<mmy>{y}))|(?P<year>(?:năm\s+)?(?P<yy>{y}))|(?P<rec>định\s+kỳ\s+(?:(?:hằng|hàng)\s+(?P<rk1>năm|qu[ýí]|tháng|tuần)|(?P<rk2>0?6|sáu|0?3|ba)\s*(?:\((?:sáu|ba)\)\s*)?tháng(?:\s*(?:một|1)\s+lần)?)|(?:hằng|hàng)\s+(?P<rk3>năm|qu[ýí]|tháng|tuần)|(?P<rk4>0?6|sáu)\s+tháng\s+(?:một|1)\s+lần)|(?P<cont>thường\s+xuyên|liên\s+tục))(?P<post>\s*(?:,\s*|và\s+)(?:các|những)\s+năm\s+tiếp\s+theo|\s+trở\s+đi|\s+(?:hằng|hàng)\s+năm)?"
    ))
});

// ---------------------------------------------------------------------------------------------
// tokens::quantity

/// A number as written: digits with "." and "," groups ("113.524", "9,89", "2.894,1").
pub static NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"\d+(?:[.,]\d+)*"));

/// A form or a table of an appendix standing on its own: "Mẫu số 01", "Mẫu biểu số 05",
/// "Biểu số 2", "**Mẫu số 9.02**".
pub static FORM_TITLE: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:Mẫu(?: biểu)?|MẪU(?: BIỂU)?|Biểu|BIỂU)\s+(?:số|SỐ)\s*[0-9IVX][0-9.a-zA-Z/-]*\b"));

/// The title of an attached document inside a signature line: the kind in capitals
/// after the signer ("… PHÓ CHỦ TỊCH Nguyễn Văn A KẾ HOẠCH Triển khai …").
pub static GLUED_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:KẾ HOẠCH|CHƯƠNG TRÌNH HÀNH ĐỘNG|CHƯƠNG TRÌNH|QUY CHẾ|QUY ĐỊNH|ĐỀ ÁN|PHƯƠNG ÁN|PHỤ LỤC)(?:\s|$)")
});

// ---------------------------------------------------------------------------------------------
// extract::sectors


/// Compiles every pattern now, those the extractors need (late in a parse, and the
/// costliest) first: see [`crate::warm`].
pub fn warm() {
    let all: [&LazyLock<Regex>; 31] = [
        &DOC_NUMBER_PLAIN, &GLUED_TITLE, &FORM_TITLE, &NUMBER, &APPENDIX_TITLE, &YEAR_IN, &TIME_START, &SIGN_STAMP_FIELD, &SIGN_STAMP,
        &GAZETTE_HEADER, &DATE_TAIL, &APPENDIX, &ATTACHMENT_START, &BASIS_CLAUSE, &PREAMBLE_START, &SITE_LINE, &RELATED_ITEM,
        &SIGNATURE, &RULE, &XREF_UNIT, &XREF, &YEAR, &YEAR_SPAN, &DATE, &NUMBER_BLANK, &NUMBER_LINE, &DOC_NUMBER,
        &ISSUER_SELF, &PLACE_BLANK_DATE, &PLACE_DATE, &TIME_PHRASE,
    ];
    for p in all.iter().rev() {
        LazyLock::force(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_number_pattern_reads_as_the_whole_one_where_it_is_used() {
        for text in [
            "Quyết định số 283/QĐ-TTg ngày 19/02/2020", "Nghị định 78/2021/NĐ-CP; Chỉ thị 42-CT/TW", "số 12/2025/TTLT-BTC-BNN và 3260-KH/ĐĐQH15",
            "số 78/2021/NĐ -CP", "số 9512/TTr- SNN-CCTL ngày", "Tờ trình 9512/TTr-SNN-CCTLđ", "ngày 06/7/2021 - 2025", "30c/NQ-CP, 45-NQ/TW",
        ] {
            let whole: Vec<&str> = DOC_NUMBER.find_iter(text).map(|m| m.as_str()).collect();
            let picked: Vec<&str> = doc_numbers(text).find_iter(text).map(|m| m.as_str()).collect();
            assert_eq!(picked, whole, "{text}");
        }
        assert!(std::ptr::eq(doc_numbers("số 78/2021/NĐ -CP"), &*DOC_NUMBER));
        assert!(std::ptr::eq(doc_numbers("số 78/2021/NĐ-CP"), &*DOC_NUMBER_PLAIN));
    }
}
