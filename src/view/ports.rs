//! Port values as task definitions write them.

/// `"8000-8010"` -> (8000, 8010).
pub fn parse_range(s: &str) -> Option<(u64, u64)> {
    let (low, high) = s.split_once('-')?;
    let (low, high) = (low.trim().parse().ok()?, high.trim().parse().ok()?);
    (low <= high).then_some((low, high))
}
