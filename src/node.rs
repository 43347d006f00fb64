//! A located document tree: every value knows the line and column it came from.
//!
//! Typed loading goes straight from text to Rust types (fast). When that fails,
//! or when semantic checks find problems, the loader builds this tree to say
//! *where*: it collects every shape problem of the file (see [`crate::de`]) and
//! turns a path such as `models[3].offerings[0].gpu` into a line and column.
//! YAML goes through serde-saphyr (with the budgets of [`yaml_options`]); JSON
//! through a small located parser here, so JSON catalogs get the same
//! diagnostics as YAML ones.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::diag::Pos;

/// Deepest nesting accepted in any input. Real files nest 6 levels deep.
pub const MAX_DEPTH: usize = 64;

/// A value with the position of its first character.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Kind {
    /// How the kind is named in messages ("expected a list, found a string").
    pub fn describe(&self) -> Cow<'static, str> {
        match self {
            Kind::Null => "nothing (null)".into(),
            Kind::Bool(b) => format!("the boolean `{b}`").into(),
            Kind::Int(i) => format!("the number `{i}`").into(),
            Kind::Float(f) => format!("the number `{f}`").into(),
            Kind::Str(s) => {
                let shown: String = s.chars().take(40).collect();
                format!("the string `{shown}`").into()
            }
            Kind::Seq(_) => "a list".into(),
            Kind::Map(_) => "a mapping".into(),
        }
    }
}

/// One step of a path into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(Cow<'static, str>),
    Index(usize),
}

impl From<&'static str> for Seg {
    fn from(k: &'static str) -> Self {
        Seg::Key(Cow::Borrowed(k))
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Self {
        Seg::Index(i)
    }
}

/// Renders a path the way users write it: `models[3].offerings[0].gpu`.
pub fn path_to_string(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                out.push_str(&format!("[{i}]"));
            }
        }
    }
    out
}

impl Node {
    /// The position of the value at `path`, or of its key when `at_key` is
    /// set; if the path leaves the document (a missing key), the position of
    /// the deepest node that exists.
    pub fn locate(&self, path: &[Seg], at_key: bool) -> Pos {
        let mut node = self;
        let mut key_pos = None;
        for seg in path {
            let next = match (seg, &node.kind) {
                (Seg::Key(k), Kind::Map(entries)) => entries
                    .iter()
                    .find(|(key, _)| key.name == *k)
                    .map(|(key, value)| (key.pos, value)),
                (Seg::Index(i), Kind::Seq(items)) => items.get(*i).map(|n| (n.pos, n)),
                _ => None,
            };
            match next {
                Some((kp, n)) => {
                    key_pos = Some(kp);
                    node = n;
                }
                None => return node.pos,
            }
        }
        match (at_key, key_pos) {
            (true, Some(p)) => p,
            // An empty value (`key:` with nothing after it) has no position of
            // its own in some parsers; point at its key instead.
            _ if !node.pos.is_known() => key_pos.unwrap_or(node.pos),
            _ => node.pos,
        }
    }
}

impl Node {
    /// The path of the value at `pos`, or of the entry whose key is there:
    /// the inverse of [`Node::locate`]. A position between values gives the
    /// last value that starts before it; an unknown one, the root.
    pub fn path_at(&self, pos: Pos) -> Vec<Seg> {
        /// Walks in document order; false once past `pos`.
        fn walk(node: &Node, pos: Pos, path: &mut Vec<Seg>, best: &mut Vec<Seg>) -> bool {
            let children: Box<dyn Iterator<Item = (Seg, Pos, &Node)>> = match &node.kind {
                Kind::Map(entries) => Box::new(
                    entries
                        .iter()
                        .map(|(k, v)| (Seg::Key(Cow::Owned(k.name.clone())), k.pos, v)),
                ),
                Kind::Seq(items) => Box::new(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, n)| (Seg::Index(i), n.pos, n)),
                ),
                _ => return true,
            };
            for (seg, start, child) in children {
                if start > pos {
                    return false;
                }
                path.push(seg);
                best.clone_from(path);
                let more = walk(child, pos, path, best);
                path.pop();
                if !more {
                    return false;
                }
            }
            true
        }
        let mut best = Vec::new();
        if pos.is_known() {
            walk(self, pos, &mut Vec::new(), &mut best);
        }
        best
    }
}

// ---------------------------------------------------------------------------
// YAML, through serde-saphyr.

/// Most events that aliases (`*name`) may replay, and that anchors (`&name`)
/// may record, in one file. A hand-written file that shares a few blocks with
/// anchors replays a few thousand events; a billion-laughs file hits this
/// limit after a few milliseconds of work instead of expanding to gigabytes.
pub const MAX_ALIAS_EVENTS: usize = 50_000;

/// The parser settings for every YAML input: explicit budgets against hostile
/// files (alias bombs, deep nesting, huge documents), YAML 1.2 booleans only
/// (`yes`/`no`/`on`/`off` stay strings), duplicate keys rejected.
pub fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    // Sized for a 100k-model catalog (about 200 events and 130 nodes per
    // model, see tests/hostile.rs) with headroom: the input size cap
    // (MAX_INPUT_BYTES) is the real limit on plain, alias-free documents.
    budget.max_reader_input_bytes = Some(crate::source::MAX_INPUT_BYTES as usize);
    budget.max_events = 100_000_000;
    budget.max_nodes = 100_000_000;
    budget.max_total_scalar_bytes = crate::source::MAX_INPUT_BYTES as usize;
    budget.max_depth = MAX_DEPTH;
    // The scanner's own limit on nested `[`/`{`, so that both limits agree.
    budget.flow_nesting_limit = MAX_DEPTH;
    budget.max_documents = 1;
    budget.max_aliases = 10_000;
    budget.max_anchors = 10_000;
    budget.max_merge_keys = 10_000;
    budget.max_recorded_anchor_events = MAX_ALIAS_EVENTS;
    budget.max_recorded_anchor_bytes = 16 * 1024 * 1024;
    let mut alias_limits = serde_saphyr::options::AliasLimits::default();
    alias_limits.max_total_replayed_events = MAX_ALIAS_EVENTS;
    alias_limits.max_replay_stack_depth = MAX_DEPTH;
    alias_limits.max_alias_expansions_per_anchor = 10_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.alias_limits = alias_limits;
    options.strict_booleans = true;
    // `!include` and other application tags mean nothing to fmselect: say so
    // rather than silently reading the tagged text as a plain string.
    options.reject_unsupported_tags = true;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    // `.nan` and `.inf` reach the located tree as numbers, so the semantic
    // checks report them as `not-finite` at their line (typed fields accept
    // them regardless).
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    options.with_snippet = false;
    options
}

/// Parses YAML text into a located tree.
pub fn parse_yaml(text: &str) -> Result<Node, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options::<Node>(text, yaml_options())
}

fn pos_of(loc: &serde_saphyr::Location) -> Pos {
    Pos::new(
        u32::try_from(loc.line()).unwrap_or(u32::MAX),
        u32::try_from(loc.column()).unwrap_or(u32::MAX),
    )
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<Kind>::deserialize(d)?;
        Ok(Node {
            pos: pos_of(&spanned.referenced),
            kind: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<KeyText>::deserialize(d)?;
        Ok(Key {
            pos: pos_of(&spanned.referenced),
            name: spanned.value.0,
        })
    }
}

/// A mapping key: any scalar, as text.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<KeyText, E> {
                Ok(KeyText(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
                Ok(KeyText("null".to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Kind;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Kind, E> {
                Ok(Kind::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Kind, E> {
                Ok(Kind::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Kind, E> {
                Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Kind, E> {
                Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Kind, E> {
                Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Kind, E> {
                Ok(Kind::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
                Ok(Kind::Str(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Kind, E> {
                Ok(Kind::Str(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
                Ok(Kind::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Kind, E> {
                Ok(Kind::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
                Kind::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Node>()? {
                    items.push(item);
                }
                Ok(Kind::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Key>()? {
                    let value = map.next_value::<Node>()?;
                    entries.push((key, value));
                }
                Ok(Kind::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------
// JSON, with a small located parser.

/// A JSON syntax error with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    pub pos: Pos,
    pub message: String,
    /// What would fix it.
    pub help: String,
    /// Set when the error is a limit (nesting) rather than bad syntax.
    pub limit: bool,
}

/// The help of an error in a `\u` surrogate pair.
const SURROGATE_HELP: &str = "a \\uD800-\\uDBFF escape must be followed by a \\uDC00-\\uDFFF escape (a UTF-16 surrogate pair); write the character itself instead";

/// The help of a JSON syntax error that has no more specific one.
const JSON_HELP: &str = "check for a missing comma, quote or bracket just before this point";

/// Parses JSON text into a located tree (RFC 8259; duplicate keys rejected).
pub fn parse_json(text: &str) -> Result<Node, JsonError> {
    let mut p = JsonParser {
        bytes: text.as_bytes(),
        text,
        i: 0,
        line: 1,
        col: 1,
    };
    p.ws();
    let node = p.value(0)?;
    p.ws();
    if p.i < p.bytes.len() {
        return Err(p.err_help(
            format!("unexpected {} after the JSON value", p.found()),
            "a JSON file holds exactly one value (one object): remove what follows it, or merge it in",
        ));
    }
    Ok(node)
}

/// The first duplicate key of a JSON text that is already known to be valid
/// JSON (serde_json parsed it), found without building a tree.
///
/// serde_json lets a later key replace an earlier one in maps (the
/// `benchmarks` of a model, say), where the located parser and the YAML
/// loader refuse duplicates; this check keeps JSON as strict as YAML at a
/// small cost (no allocation for keys without escapes).
pub fn json_duplicate_key(text: &str) -> Option<JsonError> {
    let bytes = text.as_bytes();
    // One set of keys per open container (`None` for lists); the sets of
    // closed objects are kept for reuse, so a catalog of 100k models does
    // not allocate one per object.
    let mut open: Vec<Option<KeySet<'_>>> = Vec::new();
    let mut spare: Vec<KeySet<'_>> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => open.push(Some(spare.pop().unwrap_or_default())),
            b'[' => open.push(None),
            b'}' | b']' => {
                if let Some(Some(mut keys)) = open.pop() {
                    keys.clear();
                    spare.push(keys);
                }
            }
            b'"' => {
                let start = i + 1;
                let mut escaped = false;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        escaped = true;
                        i += 1;
                    }
                    i += 1;
                }
                let end = i.min(bytes.len());
                // A key is a string followed by `:`.
                let mut j = end + 1;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r') {
                    j += 1;
                }
                if bytes.get(j) == Some(&b':')
                    && let Some(Some(keys)) = open.last_mut()
                {
                    let raw = &text[start..end];
                    let key: Cow<'_, str> = if escaped {
                        // Decode escapes so that `"a"` and `"\u0061"` match.
                        match parse_json(&text[start - 1..=end]) {
                            Ok(Node {
                                kind: Kind::Str(s), ..
                            }) => Cow::Owned(s),
                            _ => Cow::Borrowed(raw),
                        }
                    } else {
                        Cow::Borrowed(raw)
                    };
                    if !keys.insert(key) {
                        return Some(JsonError {
                            pos: crate::source::pos_of_byte(bytes, start - 1),
                            message: format!("duplicate key `{raw}`"),
                            help: "remove one of the two entries".to_owned(),
                            limit: false,
                        });
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The keys of one JSON object: a short list searched in place (objects
/// have a handful of keys), a hash set once it grows (a hostile object with
/// a million keys stays linear).
#[derive(Default)]
struct KeySet<'a> {
    few: Vec<Cow<'a, str>>,
    many: Option<std::collections::HashSet<Cow<'a, str>>>,
}

impl<'a> KeySet<'a> {
    const FEW: usize = 16;

    /// Adds `key`; false when it was already there.
    fn insert(&mut self, key: Cow<'a, str>) -> bool {
        if let Some(many) = &mut self.many {
            return many.insert(key);
        }
        if self.few.contains(&key) {
            return false;
        }
        self.few.push(key);
        if self.few.len() > Self::FEW {
            self.many = Some(self.few.drain(..).collect());
        }
        true
    }

    fn clear(&mut self) {
        self.few.clear();
        self.many = None;
    }
}

struct JsonParser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    i: usize,
    line: u32,
    col: u32,
}

impl JsonParser<'_> {
    fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }

    fn err(&self, message: impl Into<String>) -> JsonError {
        self.err_help(message, JSON_HELP)
    }

    fn err_help(&self, message: impl Into<String>, help: impl Into<String>) -> JsonError {
        JsonError {
            pos: self.pos(),
            message: message.into(),
            help: help.into(),
            limit: false,
        }
    }

    /// The error for a byte that cannot start the JSON value expected here,
    /// naming the usual slips: comments, single quotes, NaN, a truncated file.
    fn unexpected(&self, expected: &str) -> JsonError {
        let rest = &self.bytes[self.i..];
        let help = match self.peek() {
            None => "the file ends too early: it may be truncated",
            Some(b'/') | Some(b'#') => {
                "JSON has no comments: remove them (or write the file in YAML)"
            }
            Some(b'\'') => "JSON strings and keys use double quotes (\")",
            _ if rest.starts_with(b"NaN")
                || rest.starts_with(b"Infinity")
                || rest.starts_with(b"-Infinity") =>
            {
                "JSON has no NaN or infinity: write a finite number, or null when the value is unknown"
            }
            _ => JSON_HELP,
        };
        self.err_help(format!("expected {expected}, found {}", self.found()), help)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    fn bump(&mut self) {
        if let Some(&b) = self.bytes.get(self.i) {
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if b & 0xC0 != 0x80 {
                self.col += 1;
            }
            self.i += 1;
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.bump();
        }
    }

    fn expect(&mut self, b: u8) -> Result<(), JsonError> {
        if self.peek() == Some(b) {
            self.bump();
            Ok(())
        } else {
            Err(self.err(format!("expected `{}`, found {}", b as char, self.found())))
        }
    }

    fn found(&self) -> String {
        match self.text[self.i..].chars().next() {
            None => "the end of the file".to_owned(),
            Some(c) => format!("`{}`", c.escape_default()),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        let pos = self.pos();
        let kind = match self.peek() {
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    return Err(self.too_deep());
                }
                self.object(depth)?
            }
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return Err(self.too_deep());
                }
                self.array(depth)?
            }
            Some(b'"') => Kind::Str(self.string()?),
            Some(b'-') if self.bytes[self.i..].starts_with(b"-Infinity") => {
                return Err(self.unexpected("a JSON value"));
            }
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            _ => return Err(self.unexpected("a JSON value")),
        };
        Ok(Node { pos, kind })
    }

    fn too_deep(&self) -> JsonError {
        JsonError {
            limit: true,
            ..self.err(format!("the document nests deeper than {MAX_DEPTH} levels"))
        }
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Kind, JsonError> {
        if self.bytes[self.i..].starts_with(word.as_bytes()) {
            for _ in 0..word.len() {
                self.bump();
            }
            Ok(kind)
        } else {
            Err(self.unexpected("a JSON value"))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Kind, JsonError> {
        self.bump();
        let mut entries: Vec<(Key, Node)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(Kind::Map(entries));
        }
        loop {
            self.ws();
            let key_pos = self.pos();
            if self.peek() == Some(b'}') && !entries.is_empty() {
                return Err(self.err_help(
                    "trailing comma before `}`",
                    "JSON allows no comma after the last entry of an object: remove it",
                ));
            }
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a key in double quotes"));
            }
            let name = self.string()?;
            if !seen.insert(name.clone()) {
                return Err(JsonError {
                    pos: key_pos,
                    message: format!("duplicate key `{name}`"),
                    help: "remove one of the two entries".to_owned(),
                    limit: false,
                });
            }
            self.ws();
            self.expect(b':')?;
            self.ws();
            let value = self.value(depth + 1)?;
            entries.push((Key { name, pos: key_pos }, value));
            self.ws();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b'}') => {
                    self.bump();
                    return Ok(Kind::Map(entries));
                }
                _ => return Err(self.unexpected("`,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Kind, JsonError> {
        self.bump();
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(Kind::Seq(items));
        }
        loop {
            self.ws();
            if self.peek() == Some(b']') && !items.is_empty() {
                return Err(self.err_help(
                    "trailing comma before `]`",
                    "JSON allows no comma after the last item of a list: remove it",
                ));
            }
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b']') => {
                    self.bump();
                    return Ok(Kind::Seq(items));
                }
                _ => return Err(self.unexpected("`,` or `]`")),
            }
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.bump(); // opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.bump();
            }
            out.push_str(&self.text[start..self.i]);
            match self.peek() {
                None => {
                    return Err(self.err_help(
                        "the file ends inside a string",
                        "close the string with `\"`; the file may be truncated",
                    ));
                }
                Some(b'"') => {
                    self.bump();
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.bump();
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.bump();
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => {
                            return Err(self.err_help(
                                format!("invalid escape `\\{}` in a string", self.found().trim_matches('`')),
                                "JSON knows the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write a backslash as \\\\",
                            ));
                        }
                    };
                    self.bump();
                    out.push(c);
                }
                Some(b'\n') => {
                    return Err(self.err_help(
                        "the string is not closed before the end of the line",
                        "close the string with `\"` (write a line break inside a string as \\n); the file may be truncated",
                    ));
                }
                Some(_) => {
                    return Err(self.err_help(
                        format!("unescaped control character {} in a string", self.found()),
                        "write line breaks as \\n and tabs as \\t inside JSON strings",
                    ));
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.bytes.get(self.i..self.i + 4).unwrap_or_default();
        if digits.len() < 4 || !digits.iter().all(u8::is_ascii_hexdigit) {
            return Err(self.err_help(
                "invalid \\u escape",
                "a \\u escape takes four hexadecimal digits, e.g. \\u00e9",
            ));
        }
        let v = digits.iter().fold(0u32, |v, &d| {
            v * 16 + char::from(d).to_digit(16).unwrap_or(0)
        });
        for _ in 0..4 {
            self.bump();
        }
        Ok(v)
    }

    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) {
            if !self.bytes[self.i..].starts_with(b"\\u") {
                return Err(self.err_help("unpaired surrogate in \\u escape", SURROGATE_HELP));
            }
            self.bump();
            self.bump();
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(self.err_help("invalid low surrogate in \\u escape", SURROGATE_HELP));
            }
            let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
            return char::from_u32(c)
                .ok_or_else(|| self.err_help("invalid \\u escape", SURROGATE_HELP));
        }
        char::from_u32(hi)
            .ok_or_else(|| self.err_help("unpaired surrogate in \\u escape", SURROGATE_HELP))
    }

    fn number(&mut self) -> Result<Kind, JsonError> {
        let start = self.i;
        let start_pos = self.pos();
        if self.peek() == Some(b'-') {
            self.bump();
        }
        let int_start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.bump();
        }
        let int_len = self.i - int_start;
        if int_len == 0 || (int_len > 1 && self.bytes[int_start] == b'0') {
            return Err(JsonError {
                pos: start_pos,
                message: "invalid number".to_owned(),
                help:
                    "JSON numbers have no leading zeros, `+` sign or bare `.`: write e.g. 0.5 or 12"
                        .to_owned(),
                limit: false,
            });
        }
        let mut is_float = false;
        if self.peek() == Some(b'.') {
            is_float = true;
            self.bump();
            let frac_start = self.i;
            while let Some(b'0'..=b'9') = self.peek() {
                self.bump();
            }
            if self.i == frac_start {
                return Err(self.err("expected digits after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            is_float = true;
            self.bump();
            if let Some(b'+' | b'-') = self.peek() {
                self.bump();
            }
            let exp_start = self.i;
            while let Some(b'0'..=b'9') = self.peek() {
                self.bump();
            }
            if self.i == exp_start {
                return Err(self.err("expected digits in the exponent"));
            }
        }
        let text = &self.text[start..self.i];
        if !is_float && let Ok(v) = text.parse::<i64>() {
            return Ok(Kind::Int(v));
        }
        text.parse::<f64>().map(Kind::Float).map_err(|_| JsonError {
            pos: start_pos,
            message: "invalid number".to_owned(),
            help: JSON_HELP.to_owned(),
            limit: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_at_inverts_locate() {
        let text = "{\n  \"a\": {\n    \"b\": [1, {\"c\": true}],\n    \"d\": null\n  },\n  \"e\": \"x\"\n}";
        let tree = parse_json(text).unwrap();
        let paths: [&[Seg]; 6] = [
            &["a".into()],
            &["a".into(), "b".into()],
            &["a".into(), "b".into(), 0.into()],
            &["a".into(), "b".into(), 1.into(), "c".into()],
            &["a".into(), "d".into()],
            &["e".into()],
        ];
        for path in paths {
            for at_key in [false, true] {
                let pos = tree.locate(path, at_key);
                assert_eq!(tree.path_at(pos), path, "{pos:?} at_key {at_key}");
            }
        }
        // Between values: the last one before; unknown: the root.
        assert_eq!(path_to_string(&tree.path_at(Pos::new(3, 12))), "a.b[0]");
        assert!(tree.path_at(Pos::default()).is_empty());
    }

    #[test]
    fn yaml_tree_has_positions() {
        let node = parse_yaml("task:\n  type: rag-qa\nvolume:\n  requests_per_month: 5\n").unwrap();
        let path: Vec<Seg> = vec!["volume".into(), "requests_per_month".into()];
        assert_eq!(node.locate(&path, false), Pos::new(4, 23));
        assert_eq!(node.locate(&path, true), Pos::new(4, 3));
        // A missing key points at the deepest existing node.
        let missing: Vec<Seg> = vec!["volume".into(), "nope".into()];
        assert_eq!(node.locate(&missing, false).line, 4);
    }

    #[test]
    fn yaml_strict_booleans_keep_yes_as_text() {
        let node = parse_yaml("a: yes\nb: true\n").unwrap();
        let Kind::Map(entries) = node.kind else {
            panic!()
        };
        assert_eq!(entries[0].1.kind, Kind::Str("yes".into()));
        assert_eq!(entries[1].1.kind, Kind::Bool(true));
    }

    #[test]
    fn yaml_duplicate_keys_and_deep_nesting_are_refused() {
        assert!(parse_yaml("a: 1\na: 2\n").is_err());
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(parse_yaml(&deep).is_err());
    }

    #[test]
    fn json_tree_has_positions() {
        let node = parse_json("{\n  \"a\": [1, 2.5, \"x\\u00e9\"],\n  \"b\": null\n}").unwrap();
        assert_eq!(
            node.locate(&["a".into(), 2usize.into()], false),
            Pos::new(2, 17)
        );
        assert_eq!(node.locate(&["b".into()], true), Pos::new(3, 3));
    }

    #[test]
    fn json_errors_are_located() {
        let e = parse_json("{\n  \"a\": 1,\n}").unwrap_err();
        assert_eq!(e.pos, Pos::new(3, 1));
        let e = parse_json("{\"a\": 1, \"a\": 2}").unwrap_err();
        assert!(e.message.contains("duplicate"));
        let deep = "[".repeat(100_000);
        assert!(parse_json(&deep).unwrap_err().limit);
        assert!(parse_json("01").is_err());
        assert!(parse_json("\"\\ud800\"").is_err());
        assert_eq!(
            parse_json("\"\\ud83d\\ude00\"").unwrap().kind,
            Kind::Str("😀".into())
        );
    }

    #[test]
    fn json_duplicate_keys_are_found_without_a_tree() {
        let text = "{\"a\": {\"x\": 1, \"y\": [{\"x\": 2}]},\n \"b\": {\"k\": 1, \"k\": 2}}";
        let e = json_duplicate_key(text).unwrap();
        assert_eq!(
            (e.pos, e.message.as_str()),
            (Pos::new(2, 16), "duplicate key `k`")
        );
        assert!(json_duplicate_key("{\"a\": 1, \"\\u0061\": 2}").is_some());
        assert!(json_duplicate_key("{\"a\": \"a\", \"b\": [\"a\", \"a:\"]}").is_none());
        assert!(json_duplicate_key("[{\"a\": 1}, {\"a\": 1}]").is_none());
    }

    #[test]
    fn paths_render_like_users_write_them() {
        let p: Vec<Seg> = vec!["models".into(), 3usize.into(), "gpu".into()];
        assert_eq!(path_to_string(&p), "models[3].gpu");
    }
}
