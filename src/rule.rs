//! What a rule is, before any rule exists: its declaration, its category (which sets its
//! default severity), the sink its findings go to, and "did you mean" for names.

use serde::{Deserialize, Serialize};

/// Where the rule documentation lives.
pub const REPOSITORY: &str = "https://github.com/ecslint/ecslint";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A rule's category decides its default severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// AWS would reject the task definition.
    Invalid,
    /// It registers, but tasks fail at run time.
    Correctness,
    Security,
    Reliability,
    BestPractice,
    /// Strict practices, off until selected.
    Pedantic,
    /// Hardening that nearly every real task definition lacks (measured over the corpus): worth
    /// a look when a team hardens its tasks, noise as a default. Off until selected.
    Hardening,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Invalid,
        Category::Correctness,
        Category::Security,
        Category::Reliability,
        Category::BestPractice,
        Category::Pedantic,
        Category::Hardening,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Invalid => "invalid",
            Category::Correctness => "correctness",
            Category::Security => "security",
            Category::Reliability => "reliability",
            Category::BestPractice => "best-practice",
            Category::Pedantic => "pedantic",
            Category::Hardening => "hardening",
        }
    }

    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }

    /// `None` means off.
    pub fn default_severity(self) -> Option<Severity> {
        match self {
            Category::Invalid | Category::Correctness => Some(Severity::Error),
            Category::Security | Category::Reliability => Some(Severity::Warning),
            Category::BestPractice => Some(Severity::Info),
            Category::Pedantic | Category::Hardening => None,
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Category::Invalid => "AWS would reject the task definition",
            Category::Correctness => "it registers, but tasks fail at run time",
            Category::Security => "a security practice from AWS guidance and the benchmarks",
            Category::Reliability => "a reliability practice",
            Category::BestPractice => "a documented best practice",
            Category::Pedantic => "a strict practice, off until selected",
            Category::Hardening => "hardening that nearly every task definition lacks, off until selected",
        }
    }
}

/// A rule, declared once: its name is its only id, in flags, config, output and docs.
pub struct Rule {
    pub name: &'static str,
    pub category: Category,
    pub summary: &'static str,
    /// `rules/<name>.md`, pulled in at compile time.
    pub doc: &'static str,
    /// Former names, still accepted.
    pub aliases: &'static [&'static str],
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Rule {
    pub fn default_severity(&self) -> Option<Severity> {
        self.category.default_severity()
    }

    /// The documentation page of the rule in the repository.
    pub fn url(&self) -> String {
        format!("{REPOSITORY}/blob/main/rules/{}.md", self.name)
    }

    /// The doc without its `# name` title line.
    pub fn doc_body(&self) -> &'static str {
        let doc = self.doc.trim_start();
        match doc.strip_prefix('#') {
            Some(rest) if !rest.starts_with('#') => rest.split_once('\n').map_or("", |(_, b)| b).trim_start(),
            _ => doc,
        }
    }
}

/// The closest candidate to a misspelt `word`, if one is close enough to be what was meant.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        // Lengths alone rule most candidates out, before any distance is computed.
        .filter(|c| c.len().abs_diff(lower.len()) <= limit)
        .map(|c| {
            (
                if c.eq_ignore_ascii_case(&lower) {
                    0
                } else {
                    distance_within(&lower, &c.to_ascii_lowercase(), limit)
                },
                c,
            )
        })
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps,
/// over Unicode scalar values (bytes for ASCII, which field and rule names are).
pub fn edit_distance(a: &str, b: &str) -> usize {
    distance_within(a, b, usize::MAX)
}

/// The distance, or some number above `limit` as soon as it is sure to exceed it.
fn distance_within(a: &str, b: &str, limit: usize) -> usize {
    if a.is_ascii() && b.is_ascii() {
        // The letters the two words do not share bound the distance from below: most
        // candidates are ruled out by that count alone.
        let mut counts = [0i32; 128];
        a.bytes().for_each(|c| counts[usize::from(c)] += 1);
        b.bytes().for_each(|c| counts[usize::from(c)] -= 1);
        let (extra, missing) = counts.iter().fold((0, 0), |(p, n), &c| if c > 0 { (p + c, n) } else { (p, n - c) });
        if usize::try_from(extra.max(missing)).unwrap_or(usize::MAX) > limit {
            return limit.saturating_add(1);
        }
        distance(a.as_bytes(), b.as_bytes(), limit)
    } else {
        distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>(), limit)
    }
}

fn distance<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> usize {
    // Three rows of the distance table, rotating: two back (for swaps), one back, and this
    // one; on the stack for the short words this is used for.
    const ON_STACK: usize = 48;
    let n = b.len() + 1;
    let mut stack = [0usize; 3 * ON_STACK];
    let mut heap = Vec::new();
    let rows: &mut [usize] = if n <= ON_STACK {
        &mut stack[..3 * n]
    } else {
        heap.resize(3 * n, 0);
        &mut heap
    };
    let (mut before, mut previous, mut current) = (0, n, 2 * n);
    for (j, cell) in rows[previous..previous + n].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[current] = i;
        let mut row_best = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[previous + j] + 1).min(rows[current + j - 1] + 1).min(rows[previous + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[before + j - 2] + 1);
            }
            rows[current + j] = best;
            row_best = row_best.min(best);
        }
        // No cell of a later row is smaller than the smallest of this row and the one before
        // (a swap reaches back two rows).
        if row_best > limit && rows[previous..previous + n].iter().min().is_some_and(|&m| m > limit) {
            return limit.saturating_add(1);
        }
        (before, previous, current) = (previous, current, before);
    }
    rows[previous + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert_eq!(edit_distance("enviroment", "environment"), 1);
        assert_eq!(edit_distance("portMapigns", "portMappings"), 2);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert!(distance_within("containerDefinitions", "zzzzzzzzzzzzzzzzzzzz", 3) > 3);
        assert_eq!(distance_within("portMapigns", "portMappings", 3), 2);
    }

    #[test]
    fn did_you_mean_picks_the_closest_or_nothing() {
        let names = ["environment", "essential", "entryPoint"];
        assert_eq!(did_you_mean("enviroment", names), Some("environment"));
        assert_eq!(did_you_mean("Essential", names), Some("essential"));
        assert_eq!(did_you_mean("zzzzzz", names), None);
    }
}
