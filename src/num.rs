//! Number formatting shared by reports: whole numbers serialize as integers
//! (`10000`, not `10000.0`), money is rounded to cents, and every rounding is
//! deterministic.

use serde::Serializer;

/// Serializes a whole `f64` as an integer, anything else as a float.
pub fn ser_num<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

/// [`ser_num`] for optional numbers (`null` when absent).
pub fn ser_opt_num<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => ser_num(v, s),
        None => s.serialize_none(),
    }
}

/// [`ser_num`] for a `[low, high]` pair.
pub fn ser_pair<S: Serializer>(v: &[f64; 2], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeTuple;
    let mut t = s.serialize_tuple(2)?;
    for x in v {
        t.serialize_element(&Num(*x))?;
    }
    t.end()
}

struct Num(f64);

impl serde::Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ser_num(&self.0, s)
    }
}

/// Rounds to `digits` decimal places (half away from zero).
pub fn round_to(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    let r = (v * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

/// Rounds a USD amount to cents.
pub fn usd(v: f64) -> f64 {
    round_to(v, 2)
}

/// Formats USD for people: `$1,234.56`, `$12,345`, `$0.0042`.
pub fn fmt_usd(v: f64) -> String {
    if !v.is_finite() {
        return "unknown".to_owned();
    }
    let neg = v < 0.0;
    let a = v.abs();
    let body = if a >= 1000.0 {
        group(a.round() as u64)
    } else if a >= 1.0 {
        format!("{a:.2}")
    } else if a == 0.0 {
        "0".to_owned()
    } else {
        format!("{a:.4}")
    };
    format!("{}${body}", if neg { "-" } else { "" })
}

/// Formats a price per million tokens: `$0.10`, `$0.435`, `$0.0028`, `$15`.
pub fn fmt_price(v: f64) -> String {
    if !v.is_finite() {
        return "unknown".to_owned();
    }
    if v >= 100.0 {
        return fmt_usd(v);
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0');
    let s = match s.split_once('.') {
        Some((i, d)) if d.len() < 2 => format!("{i}.{d:0<2}"),
        Some(_) => s.to_owned(),
        None => format!("{s}.00"),
    };
    format!("${s}")
}

/// Formats a count with thousands separators: `1,234,567`.
pub fn fmt_count(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
        let s = group(v.abs() as u64);
        if v < 0.0 { format!("-{s}") } else { s }
    } else {
        format!("{v}")
    }
}

/// Formats a figure of an explanation: thousands grouped at 100 and above,
/// else up to three significant decimals (`0.25`, `1.28`, `12.5`, `1,234`).
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "unknown".to_owned();
    }
    if v.abs() >= 100.0 {
        return fmt_count(v.round());
    }
    let digits = if v.abs() >= 10.0 {
        1
    } else if v.abs() >= 0.1 {
        2
    } else {
        4
    };
    let s = format!("{:.*}", digits, v);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    if s == "-0" { "0".to_owned() } else { s }
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(fmt_usd(1234.567), "$1,235");
        assert_eq!(fmt_usd(12.345), "$12.35");
        assert_eq!(fmt_usd(-1100.0), "-$1,100");
        assert_eq!(fmt_usd(0.00421), "$0.0042");
        assert_eq!(fmt_count(1234567.0), "1,234,567");
        assert_eq!(fmt_price(0.1), "$0.10");
        assert_eq!(fmt_price(0.435), "$0.435");
        assert_eq!(fmt_price(0.0028), "$0.0028");
        assert_eq!(fmt_price(15.0), "$15.00");
        assert_eq!(round_to(0.125, 2), 0.13);
        assert_eq!(usd(-0.001), 0.0);
    }

    #[test]
    fn whole_numbers_serialize_as_integers() {
        #[derive(serde::Serialize)]
        struct T {
            #[serde(serialize_with = "ser_num")]
            a: f64,
            #[serde(serialize_with = "ser_num")]
            b: f64,
        }
        assert_eq!(
            serde_json::to_string(&T { a: 10000.0, b: 0.5 }).unwrap(),
            r#"{"a":10000,"b":0.5}"#
        );
    }
}
