//! IPv4 addresses and CIDR blocks: parsing, containment, overlap and the AWS subnet address maths.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// An IPv4 address, stored as a big-endian `u32` so that comparisons are numeric.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ipv4(pub u32);

/// An IPv4 CIDR block such as `10.0.1.0/24`. The address is always the network address
/// (host bits zero): `10.0.1.7/24` is refused when parsed, as AWS refuses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr {
    network: u32,
    prefix: u8,
}

/// Why a string is not an address or a CIDR block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Not four dot-separated numbers 0-255.
    BadAddress(String),
    /// No `/` or a prefix that is not 0-32.
    BadPrefix(String),
    /// Host bits are set: `10.0.1.7/24` should be written `10.0.1.0/24`.
    HostBitsSet { given: String, network: String },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::BadAddress(s) => {
                write!(f, "'{s}' is not an IPv4 address (four numbers 0-255 separated by dots)")
            }
            ParseError::BadPrefix(s) => {
                write!(f, "'{s}' is not a CIDR block: write it as address/prefix, prefix 0-32, e.g. 10.0.0.0/16")
            }
            ParseError::HostBitsSet { given, network } => {
                write!(f, "'{given}' has host bits set; the block starts at {network}")
            }
        }
    }
}

impl std::error::Error for ParseError {}

impl FromStr for Ipv4 {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParseError::BadAddress(s.to_string());
        let mut value: u32 = 0;
        let mut parts = 0;
        for part in s.trim().split('.') {
            // Leading zeros are refused: AWS reads "010" ambiguously (octal in some tools).
            if part.is_empty()
                || part.len() > 3
                || !part.bytes().all(|b| b.is_ascii_digit())
                || (part.len() > 1 && part.starts_with('0'))
            {
                return Err(bad());
            }
            let octet: u32 = part.parse().map_err(|_| bad())?;
            if octet > 255 {
                return Err(bad());
            }
            value = (value << 8) | octet;
            parts += 1;
        }
        if parts != 4 {
            return Err(bad());
        }
        Ok(Ipv4(value))
    }
}

impl fmt::Display for Ipv4 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.0.to_be_bytes();
        write!(f, "{a}.{b}.{c}.{d}")
    }
}

impl Cidr {
    /// The block `0.0.0.0/0`: every IPv4 address.
    pub const ANY: Cidr = Cidr { network: 0, prefix: 0 };

    /// A block from a network address and prefix; host bits are cleared.
    pub fn new(addr: Ipv4, prefix: u8) -> Cidr {
        let prefix = prefix.min(32);
        Cidr { network: addr.0 & mask(prefix), prefix }
    }

    /// The prefix length (`24` for a /24).
    pub fn prefix(self) -> u8 {
        self.prefix
    }

    /// The first address of the block.
    pub fn network(self) -> Ipv4 {
        Ipv4(self.network)
    }

    /// The last address of the block.
    pub fn last(self) -> Ipv4 {
        Ipv4(self.network | !mask(self.prefix))
    }

    /// How many addresses the block holds (`2^(32-prefix)`).
    pub fn size(self) -> u64 {
        1u64 << (32 - u32::from(self.prefix))
    }

    /// Addresses a subnet of this size can give to ENIs: AWS reserves five in every
    /// subnet (network, VPC router, DNS, future use, broadcast), so a /28 has 11.
    /// Source: VPC User Guide, "Subnet CIDR blocks" (aws-facts.md §5).
    pub fn usable_in_subnet(self) -> u64 {
        self.size().saturating_sub(5)
    }

    /// Whether `ip` lies in the block.
    pub fn contains(self, ip: Ipv4) -> bool {
        ip.0 & mask(self.prefix) == self.network
    }

    /// Whether `other` lies wholly inside this block.
    pub fn contains_block(self, other: Cidr) -> bool {
        other.prefix >= self.prefix && self.contains(other.network())
    }

    /// Whether the two blocks share at least one address.
    pub fn overlaps(self, other: Cidr) -> bool {
        self.contains(other.network()) || other.contains(self.network())
    }

    /// The `n`th address of the block (0 = network address), if the block has one.
    pub fn nth(self, n: u64) -> Option<Ipv4> {
        (n < self.size()).then(|| Ipv4(self.network.wrapping_add(n as u32)))
    }
}

fn mask(prefix: u8) -> u32 {
    if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix.min(32)))
    }
}

impl FromStr for Cidr {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (addr, prefix) = s.split_once('/').ok_or_else(|| ParseError::BadPrefix(s.to_string()))?;
        let addr: Ipv4 = addr.parse()?;
        if prefix.is_empty() || prefix.len() > 2 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseError::BadPrefix(s.to_string()));
        }
        let prefix: u8 = prefix.parse().map_err(|_| ParseError::BadPrefix(s.to_string()))?;
        if prefix > 32 {
            return Err(ParseError::BadPrefix(s.to_string()));
        }
        let block = Cidr::new(addr, prefix);
        if block.network != addr.0 {
            return Err(ParseError::HostBitsSet { given: s.to_string(), network: block.to_string() });
        }
        Ok(block)
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", Ipv4(self.network), self.prefix)
    }
}

macro_rules! string_serde {
    ($t:ty, $what:literal) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
string_serde!(Ipv4, "an IPv4 address");
string_serde!(Cidr, "a CIDR block");

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Cidr {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_round_trip() {
        for s in ["10.0.0.0/16", "0.0.0.0/0", "192.168.1.128/25", "172.31.0.0/20", "10.1.2.3/32"] {
            assert_eq!(c(s).to_string(), s);
        }
    }

    #[test]
    fn refuses_malformed_blocks() {
        for s in [
            "10.0.0/16",
            "10.0.0.0",
            "10.0.0.0/33",
            "10.0.0.256/24",
            "a.b.c.d/8",
            "10.0.0.0/",
            "010.0.0.0/8",
            "10.0.0.0/-1",
            "",
        ] {
            assert!(s.parse::<Cidr>().is_err(), "{s} should be refused");
        }
    }

    #[test]
    fn refuses_host_bits_and_names_the_network() {
        let err = "10.0.1.7/24".parse::<Cidr>().unwrap_err();
        assert_eq!(err, ParseError::HostBitsSet { given: "10.0.1.7/24".into(), network: "10.0.1.0/24".into() });
    }

    /// AWS rule: five addresses are reserved in every subnet, so a /28 has 11 usable,
    /// a /24 has 251 and a default /20 subnet has 4,091 (VPC User Guide, aws-facts.md §5).
    #[test]
    fn usable_addresses_leave_five_reserved() {
        let table = [("10.0.0.0/28", 11), ("10.0.0.0/24", 251), ("172.31.0.0/20", 4091), ("10.0.0.0/16", 65531)];
        for (block, usable) in table {
            assert_eq!(c(block).usable_in_subnet(), usable, "{block}");
        }
    }

    #[test]
    fn containment_and_overlap() {
        assert!(c("10.0.0.0/16").contains_block(c("10.0.5.0/24")));
        assert!(!c("10.0.5.0/24").contains_block(c("10.0.0.0/16")));
        assert!(c("10.0.0.0/16").overlaps(c("10.0.5.0/24")));
        assert!(!c("10.0.0.0/24").overlaps(c("10.0.1.0/24")));
        assert!(Cidr::ANY.contains("8.8.8.8".parse().unwrap()));
        assert_eq!(c("10.0.0.0/24").last().to_string(), "10.0.0.255");
    }
}
