//! Decimal numbers typed by a person, read by the browser's own number parser: Rust's (`str::parse::<f64>`) brings a 21 KB table of powers of five into the page, which compresses hardly at all (issue #15).

/// A decimal number as a person types it: an optional sign, digits with an optional
/// fraction (`12`, `1.5`, `.5`, `3.`), an optional exponent (`1e3`); nothing else (no
/// spaces, `inf`, `NaN`, hexadecimal or empty text, which the browser's `Number` would take).
pub fn parse_f64(text: &str) -> Option<f64> {
    if !is_decimal(text) {
        return None;
    }
    #[cfg(target_arch = "wasm32")]
    {
        // The grammar above is a subset of JavaScript's, whose parse is correctly rounded.
        Some(js_sys::parse_float(text))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.parse().ok()
    }
}

/// Whether `text` is `[+-]? (digits (. digits?)? | . digits) ([eE] [+-]? digits)?`.
fn is_decimal(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a person types is read as Rust reads it; what is not a plain decimal is refused
    /// (the browser's `Number` would read "" as 0 and " 5" as 5).
    #[test]
    fn plain_decimals_only() {
        for ok in ["0", "12", "-3", "+4", "1.5", ".5", "3.", "1e3", "2.5E-2", "007", "1e+2"] {
            assert_eq!(parse_f64(ok), ok.parse::<f64>().ok(), "{ok}");
            assert!(parse_f64(ok).is_some(), "{ok}");
        }
        for bad in
            ["", " ", " 5", "5 ", ".", "-", "e3", "1e", "1e+", "inf", "NaN", "0x10", "1,000", "1.2.3", "--1", "١٢"]
        {
            assert_eq!(parse_f64(bad), None, "{bad}");
        }
    }
}
