//! Numbers as the summary and the messages write them.

use core::fmt::{self, Display};

/// A `u64` with `_` every three digits: `217_706`.
///
/// ```
/// assert_eq!(cnn_core::Grouped(1_589_760).to_string(), "1_589_760");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grouped(pub u64);

impl Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Wide(u128::from(self.0)).fmt(f)
    }
}

/// A `u128` written as [`Grouped`] writes a `u64`: for FLOPs, which may pass `u64::MAX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Wide(pub u128);

impl Display for Wide {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Up to 39 digits and 12 separators.
        let mut buf = [0u8; 51];
        let mut at = buf.len();
        let mut v = self.0;
        let mut digits = 0;
        loop {
            if digits > 0 && digits % 3 == 0 {
                at -= 1;
                buf[at] = b'_';
            }
            at -= 1;
            buf[at] = b'0' + (v % 10) as u8;
            v /= 10;
            digits += 1;
            if v == 0 {
                break;
            }
        }
        // Only ASCII digits and '_' were written.
        let text = core::str::from_utf8(&buf[at..]).map_err(|_| fmt::Error)?;
        f.pad(text)
    }
}

/// A byte count in KiB, MiB or GiB with one decimal, as embedded targets state memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binary(pub u64);

impl Display for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0 as u128;
        let (unit, scale) = match n {
            n if n >= 1 << 30 => ("GiB", 1u128 << 30),
            n if n >= 1 << 20 => ("MiB", 1 << 20),
            n if n >= 1 << 10 => ("KiB", 1 << 10),
            _ => return write!(f, "{n} B"),
        };
        let tenths = (n * 10 + scale / 2) / scale;
        write!(f, "{}.{} {unit}", tenths / 10, tenths % 10)
    }
}

/// A real number as a person writes it: `0.1`, `6`, and past the ordinary range in
/// scientific notation (`1e-300`, not three hundred digits).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Real(pub f64);

impl Display for Real {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        let magnitude = if v < 0.0 { -v } else { v };
        if v == 0.0 || (1e-4..1e16).contains(&magnitude) || !v.is_finite() {
            write!(f, "{v}")
        } else {
            write!(f, "{v:e}")
        }
    }
}

/// Where a piece of text goes, for [`Escaped`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Markup {
    /// XML text or an attribute value (the SVG drawing).
    Xml,
    /// A double-quoted DOT string.
    Dot,
    /// A Mermaid label in `["..."]`.
    Mermaid,
    /// A Markdown table cell.
    Markdown,
    /// An identifier: ASCII letters, digits and `_` only, the rest left out.
    Id,
}

/// Text (a layer's or block's name: any text at run time) written so that it stays
/// text in `Markup`: `</text><script>` in an SVG, a `"` in DOT, a `click` line in
/// Mermaid or a `|` in a Markdown table cannot break out of its place. Control
/// characters become spaces.
pub(crate) struct Escaped<T>(pub T, pub Markup);

impl<T: Display> Display for Escaped<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        struct Writer<'a, 'b>(&'a mut fmt::Formatter<'b>, Markup);
        impl fmt::Write for Writer<'_, '_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                s.chars().try_for_each(|c| self.write_char(c))
            }
            fn write_char(&mut self, c: char) -> fmt::Result {
                let replaced = match (self.1, c) {
                    (Markup::Id, c) if c.is_ascii_alphanumeric() || c == '_' => None,
                    (Markup::Id, _) => Some(""),
                    (_, c) if c.is_control() => Some(" "),
                    (Markup::Xml, '&') => Some("&amp;"),
                    (Markup::Xml, '<') => Some("&lt;"),
                    (Markup::Xml, '>') => Some("&gt;"),
                    (Markup::Xml, '"') => Some("&quot;"),
                    (Markup::Xml, '\'') => Some("&#39;"),
                    (Markup::Dot, '"') => Some("\\\""),
                    (Markup::Dot, '\\') => Some("\\\\"),
                    (Markup::Mermaid, '"') => Some("#quot;"),
                    (Markup::Mermaid, '#') => Some("#35;"),
                    (Markup::Mermaid, '<') => Some("#lt;"),
                    (Markup::Mermaid, '>') => Some("#gt;"),
                    (Markup::Mermaid, '&') => Some("#amp;"),
                    (Markup::Markdown, '|') => Some("\\|"),
                    (Markup::Markdown, '<') => Some("&lt;"),
                    (Markup::Markdown, '>') => Some("&gt;"),
                    (Markup::Markdown, '&') => Some("&amp;"),
                    _ => None,
                };
                match replaced {
                    Some(text) => self.0.write_str(text),
                    None => self.0.write_char(c),
                }
            }
        }
        write!(Writer(f, self.1), "{}", self.0)
    }
}
