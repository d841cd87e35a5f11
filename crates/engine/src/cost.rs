//! Turns what a simulation used (instance-hours, storage, requests, bytes) into dollars with the catalog's dated price book.

use crate::catalog::Price;
use serde::Serialize;

/// One line of a bill: what, how much, at what price, and where the price comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostLine {
    /// What is charged, e.g. `EC2 m5.large (6 instances)`.
    pub item: String,
    /// Quantity in `unit`s.
    pub quantity: f64,
    /// The unit (`hour`, `GB`, ...).
    pub unit: &'static str,
    /// USD per unit.
    pub unit_usd: f64,
    /// `quantity × unit_usd`.
    pub usd: f64,
    /// Where the price comes from.
    pub source: &'static str,
    /// When the price was read.
    pub date: &'static str,
}

/// A bill being drawn up: lines in the order they were added.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CostLedger {
    /// Every charge, in order.
    pub lines: Vec<CostLine>,
}

impl CostLedger {
    /// Adds `quantity` units at `price` (a zero quantity adds nothing).
    pub fn charge(&mut self, item: impl Into<String>, quantity: f64, price: Price) {
        if quantity <= 0.0 || !quantity.is_finite() {
            return;
        }
        self.lines.push(CostLine {
            item: item.into(),
            quantity,
            unit: price.unit,
            unit_usd: price.usd,
            usd: quantity * price.usd,
            source: price.source,
            date: price.date,
        });
    }

    /// Adds `hours` of something billed at `usd_per_hour`, citing `price` for source and date.
    pub fn charge_hours(&mut self, item: impl Into<String>, hours: f64, usd_per_hour: f64, price: Price) {
        self.charge(item, hours, Price { usd: usd_per_hour, unit: "hour", ..price });
    }

    /// The total, USD.
    pub fn total_usd(&self) -> f64 {
        self.lines.iter().map(|l| l.usd).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::prices;

    #[test]
    fn ledger_adds_dated_lines() {
        let mut l = CostLedger::default();
        l.charge_hours("EC2 m5.large", 2.0, 0.096, prices::EC2_SOURCE);
        l.charge("NAT gateway data", 10.0, prices::NAT_GB);
        l.charge("nothing", 0.0, prices::NAT_GB);
        assert_eq!(l.lines.len(), 2);
        assert!((l.total_usd() - (0.192 + 0.45)).abs() < 1e-12);
        assert!(l.lines.iter().all(|x| !x.source.is_empty() && !x.date.is_empty()));
    }
}
