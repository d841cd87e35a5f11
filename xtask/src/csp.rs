//! The Content Security Policy of the built site: after Trunk, writes a `<meta http-equiv="Content-Security-Policy">` into dist/index.html that allows exactly the inline loader Trunk generated (by its SHA-256) and nothing from another origin (docs/deploy.md).

use std::path::Path;

/// The policy, with `{scripts}` for the hashes of the page's inline scripts. Nothing may
/// come from another origin; `'wasm-unsafe-eval'` lets the page compile its WebAssembly
/// (and nothing else: no eval). `frame-ancestors` is for the HTTP header only (a meta
/// policy cannot set it; docs/deploy.md).
pub const POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' {scripts}; \
style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; \
manifest-src 'self'; worker-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'";

/// Marks the meta this step writes, so a second run replaces it instead of adding another.
const MARK: &str = "data-stratus-csp";

/// Insert (or replace) the CSP meta of `dist/index.html`; returns the policy written.
pub fn apply(dist: &Path) -> Result<String, String> {
    let path = dist.join("index.html");
    let html = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (out, policy) = with_policy(&html)?;
    std::fs::write(&path, out).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("content security policy (dist/index.html meta): {policy}");
    Ok(policy)
}

/// The page with its CSP meta, and the policy.
pub fn with_policy(html: &str) -> Result<(String, String), String> {
    let html = remove_meta(html);
    let hashes: Vec<String> =
        inline_scripts(&html).iter().map(|s| format!("'sha256-{}'", base64(&sha256(s.as_bytes())))).collect();
    let policy =
        POLICY.replace(" {scripts}", &if hashes.is_empty() { String::new() } else { format!(" {}", hashes.join(" ")) });
    let meta = format!(r#"<meta http-equiv="Content-Security-Policy" {MARK} content="{policy}">"#);
    // Right after <meta charset>: a policy governs only what comes after it in the page.
    let at = html
        .find("<meta charset")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
        .ok_or("index.html has no <meta charset=…>: cannot place the CSP meta before the scripts")?;
    Ok((format!("{}\n    {meta}{}", &html[..at], &html[at..]), policy))
}

fn remove_meta(html: &str) -> String {
    let Some(start) = html.find(&format!("<meta http-equiv=\"Content-Security-Policy\" {MARK}")) else {
        return html.to_string();
    };
    let end = html[start..].find('>').map_or(html.len(), |j| start + j + 1);
    // Also the line break and indentation written before it.
    let start = html[..start].trim_end_matches([' ', '\n']).len();
    format!("{}{}", &html[..start], &html[end..])
}

/// The text of every `<script>` without `src` (what a hash source must match, byte for byte).
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let after = &rest[open..];
        let Some(tag_end) = after.find('>') else { break };
        let tag = &after[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = after[body_start..].find("</script>") else { break };
        if !tag.contains(" src=") {
            out.push(&after[body_start..body_start + close]);
        }
        rest = &after[body_start + close..];
    }
    out
}

/// Standard base64 with padding (what CSP hash sources use).
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// SHA-256 (FIPS 180-4): the hash CSP uses for inline scripts. Small enough to keep here
/// rather than add a crate to the build script.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
        0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
        0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
        0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
        0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
        0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_be_bytes());
    for block in message.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh.wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            (hh, g, f, e, d, c, b, a) = (g, f, e, d.wrapping_add(t1), c, b, a, t1.wrapping_add(t2));
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_and_base64_match_the_standard_vectors() {
        // FIPS 180-4 examples and RFC 4648 §10.
        assert_eq!(base64(&sha256(b"")), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        assert_eq!(base64(&sha256(b"abc")), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
        let long = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(base64(&sha256(long)), "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE=");
        for (input, want) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64(input.as_bytes()), want, "{input}");
        }
    }

    #[test]
    fn hashes_each_inline_script_and_places_the_meta_first() {
        let page = "<!doctype html><html><head>\n    <meta charset=\"utf-8\" />\n    <title>t</title>\n\
            <script type=\"module\" src=\"./a.js\"></script>\n</head><body><script type=\"module\">\nimport init from './a.js';\n</script></body></html>";
        let (out, policy) = with_policy(page).unwrap();
        let hash = base64(&sha256(b"\nimport init from './a.js';\n"));
        assert!(policy.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}';")), "{policy}");
        assert!(!policy.contains("http"), "nothing from another origin");
        let meta = out.find("Content-Security-Policy").unwrap();
        assert!(out.find("<meta charset").unwrap() < meta && meta < out.find("<title>").unwrap());
        // Running again replaces the meta instead of adding a second one.
        let (again, _) = with_policy(&out).unwrap();
        assert_eq!(again, out);
        assert!(with_policy("<html><script>x</script></html>").is_err(), "no charset meta");
    }
}
