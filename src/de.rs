//! A forgiving serde deserializer over a located [`Node`] tree that records
//! *every* shape problem of a document instead of stopping at the first.
//!
//! It is the slow path of [`crate::load`]: used only when the fast typed parse
//! failed, to tell the user everything that is wrong at once. On a problem it
//! records a located message and substitutes a harmless value (an empty list,
//! zero, the first enum variant, skipping an unknown key) so that the rest of
//! the document is still checked. If nothing was recorded, its result is a
//! valid value.

use std::cell::RefCell;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};

use crate::diag::{Pos, did_you_mean};
use crate::node::{Kind, Node};

/// A shape problem found while deserializing.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeProblem {
    pub code: &'static str,
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
}

/// Deserializes `T` from `node`, returning the value only if the document had
/// no shape problems, and every problem otherwise.
pub fn from_node<T: de::DeserializeOwned>(node: &Node) -> Result<T, Vec<ShapeProblem>> {
    let sink = RefCell::new(Vec::new());
    let result = T::deserialize(NodeDe {
        node,
        path: String::new(),
        sink: &sink,
    });
    let mut problems = sink.into_inner();
    match result {
        Ok(v) if problems.is_empty() => Ok(v),
        Ok(_) => Err(problems),
        Err(e) => {
            if !e.reported {
                problems.push(ShapeProblem {
                    code: "wrong-type",
                    pos: node.pos,
                    message: e.message,
                    help: None,
                });
            }
            Err(problems)
        }
    }
}

/// The error type of [`NodeDe`]: either a message from a visitor, or a marker
/// that the problem was already recorded.
#[derive(Debug)]
pub struct DeError {
    message: String,
    reported: bool,
}

impl DeError {
    fn reported() -> Self {
        DeError {
            message: String::new(),
            reported: true,
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            reported: false,
        }
    }
}

type Sink = RefCell<Vec<ShapeProblem>>;

struct NodeDe<'a> {
    node: &'a Node,
    /// Dotted path of this node, for messages.
    path: String,
    sink: &'a Sink,
}

impl<'a> NodeDe<'a> {
    fn child(&self, node: &'a Node, seg: &str) -> NodeDe<'a> {
        let path = if self.path.is_empty() {
            seg.to_owned()
        } else if seg.starts_with('[') {
            format!("{}{seg}", self.path)
        } else {
            format!("{}.{seg}", self.path)
        };
        NodeDe {
            node,
            path,
            sink: self.sink,
        }
    }

    fn record(&self, code: &'static str, pos: Pos, message: String, help: Option<String>) {
        self.sink.borrow_mut().push(ShapeProblem {
            code,
            pos,
            message,
            help,
        });
    }

    fn where_(&self) -> String {
        if self.path.is_empty() {
            String::new()
        } else {
            format!(" at `{}`", self.path)
        }
    }

    fn wrong_type(&self, expected: &str, help: Option<String>) {
        self.record(
            "wrong-type",
            self.node.pos,
            format!(
                "expected {expected}{}, found {}",
                self.where_(),
                self.node.kind.describe()
            ),
            help,
        );
    }

    /// Turns an error a visitor returned into a recorded problem at this node.
    fn absorb(&self, e: DeError) -> DeError {
        if !e.reported {
            let (code, help) = if e.message.starts_with("missing field") {
                (
                    "missing-key",
                    Some("add the key; see `fmselect schema` for the format".to_owned()),
                )
            } else {
                ("wrong-type", None)
            };
            let message = e.message.replace("missing field", "missing required key");
            self.record(
                code,
                self.node.pos,
                format!("{message}{}", self.where_()),
                help,
            );
        }
        DeError::reported()
    }

    fn integer(&self, min: i128, max: i128) -> Option<i128> {
        let out_of_range = |shown: String| {
            // Past 2^53 a bound is "unlimited" for anyone writing a file.
            let allowed = match (min, max > 1 << 53) {
                (0, true) => "a whole number ≥ 0".to_owned(),
                (_, true) => "a whole number".to_owned(),
                _ => format!("a whole number from {min} to {max}"),
            };
            let message = if self.path.is_empty() {
                format!("{shown} is outside its range")
            } else {
                format!("`{}` is {shown}, outside its range", self.path)
            };
            self.record(
                "out-of-range",
                self.node.pos,
                message,
                Some(format!("use {allowed}")),
            );
            None
        };
        match &self.node.kind {
            Kind::Int(i) if (min..=max).contains(&i128::from(*i)) => Some(i128::from(*i)),
            Kind::Int(i) => out_of_range(i.to_string()),
            Kind::Float(f) if f.fract() == 0.0 && (min as f64..=max as f64).contains(f) => {
                Some(*f as i128)
            }
            // A whole number too large for 64 bits arrives as a float.
            Kind::Float(f) if f.is_finite() && f.fract() == 0.0 => out_of_range(format!("{f:e}")),
            Kind::Float(f) if f.is_finite() => {
                self.wrong_type("a whole number", Some(format!("round it: {}", f.round())));
                None
            }
            _ => {
                self.wrong_type("a whole number", None);
                None
            }
        }
    }
}

macro_rules! de_int {
    ($($method:ident $visit:ident $ty:ty),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            let v = self.integer(<$ty>::MIN as i128, <$ty>::MAX as i128).unwrap_or(0);
            visitor.$visit(v as $ty).map_err(|e| self.absorb(e))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(*b),
            Kind::Int(i) => visitor.visit_i64(*i),
            Kind::Float(f) => visitor.visit_f64(*f),
            Kind::Str(s) => visitor.visit_str(s),
            Kind::Seq(_) => return self.deserialize_seq(visitor),
            Kind::Map(_) => return self.deserialize_map(visitor),
        };
        r.map_err(|e| self.absorb(e))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let b = match &self.node.kind {
            Kind::Bool(b) => *b,
            Kind::Str(s)
                if matches!(
                    s.to_ascii_lowercase().as_str(),
                    "yes" | "no" | "on" | "off" | "y" | "n"
                ) =>
            {
                self.wrong_type(
                    "true or false",
                    Some(format!(
                        "`{s}` is a YAML 1.1 boolean; fmselect reads YAML 1.2: write true or false"
                    )),
                );
                false
            }
            _ => {
                self.wrong_type("true or false", None);
                false
            }
        };
        visitor.visit_bool(b).map_err(|e| self.absorb(e))
    }

    de_int! {
        deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16, deserialize_i32 visit_i32 i32,
        deserialize_i64 visit_i64 i64, deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let v = match &self.node.kind {
            Kind::Int(i) => *i as f64,
            Kind::Float(f) => *f,
            Kind::Str(s) if s.trim().parse::<f64>().is_ok() => {
                self.wrong_type("a number", Some(format!("remove the quotes: {}", s.trim())));
                0.0
            }
            Kind::Str(s) if without_separators(s).parse::<f64>().is_ok() => {
                self.wrong_type(
                    "a number",
                    Some(format!(
                        "write numbers without thousands separators: {}",
                        without_separators(s)
                    )),
                );
                0.0
            }
            _ => {
                self.wrong_type("a number", None);
                0.0
            }
        };
        visitor.visit_f64(v).map_err(|e| self.absorb(e))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            Kind::Str(s) => visitor.visit_str(s),
            // YAML scalars are text at heart: `name: 2026` is the string "2026".
            Kind::Int(i) => visitor.visit_string(i.to_string()),
            Kind::Float(f) => visitor.visit_string(f.to_string()),
            Kind::Bool(b) => visitor.visit_string(b.to_string()),
            _ => {
                self.wrong_type("a string", None);
                visitor.visit_str("")
            }
        };
        r.map_err(|e| self.absorb(e))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.kind {
            Kind::Null => visitor.visit_none().map_err(|e| self.absorb(e)),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.node.kind != Kind::Null {
            self.wrong_type("nothing (null)", None);
        }
        visitor.visit_unit().map_err(|e| self.absorb(e))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        static EMPTY: Vec<Node> = Vec::new();
        let items = match &self.node.kind {
            Kind::Seq(items) => items,
            Kind::Null => &EMPTY,
            Kind::Str(s) => {
                self.wrong_type("a list", Some(format!("write a list: [{s}]")));
                &EMPTY
            }
            _ => {
                self.wrong_type("a list", None);
                &EMPTY
            }
        };
        let access = Seq {
            de: &self,
            items: items.iter().enumerate(),
        };
        visitor.visit_seq(access).map_err(|e| self.absorb(e))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let entries = self.entries();
        let access = Map {
            de: &self,
            entries: entries.iter(),
            fields: None,
            value: None,
        };
        visitor.visit_map(access).map_err(|e| self.absorb(e))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let entries = self.entries();
        let access = Map {
            de: &self,
            entries: entries.iter(),
            fields: Some(fields),
            value: None,
        };
        visitor.visit_map(access).map_err(|e| self.absorb(e))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let (variant, payload): (&str, Option<&Node>) = match &self.node.kind {
            Kind::Str(s) if variants.contains(&s.as_str()) => (s, None),
            Kind::Map(entries)
                if entries.len() == 1 && variants.contains(&entries[0].0.name.as_str()) =>
            {
                (&entries[0].0.name, Some(&entries[0].1))
            }
            Kind::Str(s) => {
                let mut help = format!("expected one of: {}", variants.join(", "));
                if let Some(s) = did_you_mean(s, variants.iter().copied()) {
                    help = format!("did you mean `{s}`? ({help})");
                }
                self.record(
                    "unknown-value",
                    self.node.pos,
                    format!("unknown value `{s}`{}", self.where_()),
                    Some(help),
                );
                (variants.first().copied().unwrap_or(""), None)
            }
            _ => {
                self.wrong_type(
                    "one of the names listed below",
                    Some(format!("expected one of: {}", variants.join(", "))),
                );
                (variants.first().copied().unwrap_or(""), None)
            }
        };
        let access = Enum {
            de: &self,
            variant,
            payload,
        };
        visitor.visit_enum(access).map_err(|e| self.absorb(e))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

/// `10,000`, `10_000` and `10 000` as `10000`.
fn without_separators(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' ' | '\''))
        .collect()
}

impl NodeDe<'_> {
    fn unknown_key(&self, key: &crate::node::Key, fields: &[&str]) {
        let help = match did_you_mean(&key.name, fields.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the keys allowed here are: {}", fields.join(", ")),
        };
        self.record(
            "unknown-key",
            key.pos,
            format!("unknown key `{}`{}", key.name, self.where_()),
            Some(help),
        );
    }

    fn entries(&self) -> &[(crate::node::Key, Node)] {
        match &self.node.kind {
            Kind::Map(entries) => entries,
            // `volume:` with nothing after it reads as an empty section.
            Kind::Null => &[],
            _ => {
                self.wrong_type("a mapping of keys to values", None);
                &[]
            }
        }
    }
}

struct Seq<'a, 'b, I> {
    de: &'b NodeDe<'a>,
    items: I,
}

impl<'de, 'a, 'b, I: Iterator<Item = (usize, &'a Node)>> SeqAccess<'de> for Seq<'a, 'b, I> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            None => Ok(None),
            Some((i, node)) => seed
                .deserialize(self.de.child(node, &format!("[{i}]")))
                .map(Some),
        }
    }
}

struct Map<'a, 'b, I> {
    de: &'b NodeDe<'a>,
    entries: I,
    /// The struct's fields; unknown keys are recorded and skipped.
    fields: Option<&'static [&'static str]>,
    value: Option<(&'a str, &'a Node)>,
}

impl<'a, I: Iterator<Item = &'a (crate::node::Key, Node)>> Map<'a, '_, I> {
    /// Records the unknown keys among the entries not visited yet.
    fn skip_rest(&mut self) {
        let Some(fields) = self.fields else {
            return;
        };
        for (key, _) in self.entries.by_ref() {
            if !fields.contains(&key.name.as_str()) {
                self.de.unknown_key(key, fields);
            }
        }
    }
}

impl<'de, 'a, 'b, I: Iterator<Item = &'a (crate::node::Key, Node)>> MapAccess<'de>
    for Map<'a, 'b, I>
{
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        for (key, value) in self.entries.by_ref() {
            if let Some(fields) = self.fields
                && !fields.contains(&key.name.as_str())
            {
                self.de.unknown_key(key, fields);
                continue;
            }
            self.value = Some((&key.name, value));
            return seed
                .deserialize(key.name.as_str().into_deserializer())
                .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let (name, node) = self
            .value
            .take()
            .ok_or_else(|| <DeError as de::Error>::custom("value requested before key"))?;
        let result = seed.deserialize(self.de.child(node, name));
        if result.is_err() {
            // The value's problem ends this mapping (serde cannot resume a
            // struct after an error); still report the unknown keys that
            // follow, so that one round trip fixes them all.
            self.skip_rest();
        }
        result
    }
}

struct Enum<'a, 'b> {
    de: &'b NodeDe<'a>,
    variant: &'a str,
    payload: Option<&'a Node>,
}

impl<'de, 'a, 'b> EnumAccess<'de> for Enum<'a, 'b> {
    type Error = DeError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), DeError> {
        let v = seed.deserialize(self.variant.into_deserializer())?;
        Ok((v, self))
    }
}

impl<'de> VariantAccess<'de> for Enum<'_, '_> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        static NULL: Node = Node {
            pos: Pos::new(0, 0),
            kind: Kind::Null,
        };
        seed.deserialize(self.de.child(self.payload.unwrap_or(&NULL), self.variant))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        match self.payload {
            Some(node) => {
                de::Deserializer::deserialize_seq(self.de.child(node, self.variant), visitor)
            }
            None => Err(<DeError as de::Error>::custom(
                "expected a list for this variant",
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.payload {
            Some(node) => de::Deserializer::deserialize_struct(
                self.de.child(node, self.variant),
                "",
                fields,
                visitor,
            ),
            None => Err(<DeError as de::Error>::custom(
                "expected a mapping for this variant",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::parse_yaml;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "snake_case")]
    struct Doc {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        count: u32,
        #[serde(default)]
        share: f64,
        #[serde(default)]
        color: Option<Color>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        flag: bool,
        #[serde(default)]
        inner: Inner,
    }

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        #[serde(default)]
        level: u8,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    enum Color {
        DarkRed,
        Blue,
    }

    fn problems(yaml: &str) -> Vec<ShapeProblem> {
        from_node::<Doc>(&parse_yaml(yaml).unwrap()).unwrap_err()
    }

    #[test]
    fn valid_documents_deserialize() {
        let doc: Doc =
            from_node(&parse_yaml("name: x\ncount: 3\ncolor: dark-red\ninner:\n").unwrap())
                .unwrap();
        assert_eq!(doc.count, 3);
        assert_eq!(doc.color, Some(Color::DarkRed));
    }

    #[test]
    fn every_problem_is_collected_with_its_position() {
        let p = problems(
            "nmae: x\ncount: -1\nshare: abc\ncolor: dark_red\ntags: one\nflag: yes\ninner:\n  levle: 2\n",
        );
        let codes: Vec<_> = p.iter().map(|p| (p.code, p.pos.line)).collect();
        assert_eq!(
            codes,
            vec![
                ("unknown-key", 1),
                ("out-of-range", 2),
                ("wrong-type", 3),
                ("unknown-value", 4),
                ("wrong-type", 5),
                ("wrong-type", 6),
                ("unknown-key", 8),
            ]
        );
        assert_eq!(p[0].help.as_deref(), Some("did you mean `name`?"));
        assert!(
            p[3].help
                .as_deref()
                .unwrap()
                .starts_with("did you mean `dark-red`?")
        );
        assert!(p[5].help.as_deref().unwrap().contains("YAML 1.1"));
        assert!(p[6].message.contains("at `inner`"), "{}", p[6].message);
    }

    #[test]
    fn unknown_keys_after_a_fatal_problem_are_still_reported() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Outer {
            #[serde(default)]
            #[allow(dead_code)]
            items: Vec<Required>,
            #[serde(default)]
            #[allow(dead_code)]
            after: u8,
        }
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Required {
            #[allow(dead_code)]
            id: String,
        }
        let p = from_node::<Outer>(&parse_yaml("items:\n  - {}\naftr: 1\n").unwrap()).unwrap_err();
        let codes: Vec<_> = p.iter().map(|p| (p.code, p.pos.line)).collect();
        assert_eq!(codes, vec![("missing-key", 2), ("unknown-key", 3)], "{p:?}");
        assert_eq!(p[1].help.as_deref(), Some("did you mean `after`?"));
    }

    #[test]
    fn numbers_in_disguise_get_a_hint() {
        let p = problems("share: \"10,000\"\ncount: 1.5\n");
        assert_eq!(
            p[0].help.as_deref(),
            Some("write numbers without thousands separators: 10000")
        );
        assert_eq!(p[1].code, "wrong-type");
        let p = problems("count: -1\n");
        assert_eq!(
            (p[0].code, p[0].message.as_str()),
            ("out-of-range", "`count` is -1, outside its range")
        );
    }

    #[test]
    fn wrong_section_type_is_reported_once() {
        let p = problems("inner: 5\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].code, "wrong-type");
    }
}
