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
