//! The rule type, categories and their default severities, lookup and "did you mean".

use crate::diagnostic::Severity;
use crate::lint::Sink;
use crate::view::Context;

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
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Invalid,
        Category::Correctness,
        Category::Security,
        Category::Reliability,
        Category::BestPractice,
        Category::Pedantic,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Invalid => "invalid",
            Category::Correctness => "correctness",
            Category::Security => "security",
            Category::Reliability => "reliability",
            Category::BestPractice => "best-practice",
            Category::Pedantic => "pedantic",
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
            Category::Pedantic => None,
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
        }
    }
}

pub type Check = fn(&Context, &mut Sink);

/// A rule, declared once: its name is its only id, in flags, config, output and docs.
pub struct Rule {
    pub name: &'static str,
    pub category: Category,
    pub summary: &'static str,
    /// `rules/<name>.md`, pulled in at compile time.
    pub doc: &'static str,
    /// `None` for rules reported by the parser or the schema rather than over the view.
    pub check: Option<Check>,
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
        format!("{}/blob/main/rules/{}.md", crate::REPOSITORY, self.name)
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

/// Every rule, sorted by name.
pub fn all() -> &'static [&'static Rule] {
    crate::rules::ALL
}

/// A rule by its name or a former name.
pub fn find(name: &str) -> Option<&'static Rule> {
    all().iter().copied().find(|r| r.name == name || r.aliases.contains(&name))
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

/// `rules/README.md`: the index of all rules, generated from the registry.
pub fn index_markdown() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from the registry by `UPDATE_GENERATED=1 cargo test --test generated`; do not edit. -->\n\n\
         Each rule's category sets its default severity: `invalid` and `correctness` are errors, \
         `security` and `reliability` warnings, `best-practice` is info, and `pedantic` is off until selected.\n",
    );
    for category in Category::ALL {
        let rules: Vec<_> = all().iter().filter(|r| r.category == category).collect();
        if rules.is_empty() {
            continue;
        }
        let level = category.default_severity().map_or("off", Severity::as_str);
        out.push_str(&format!(
            "\n## {} ({level} by default)\n\n{}.\n\n| rule | summary |\n| --- | --- |\n",
            category.name(),
            upper_first(category.description())
        ));
        for rule in rules {
            out.push_str(&format!("| [`{0}`]({0}.md) | {1} |\n", rule.name, rule.summary));
        }
    }
    out
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
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

    #[test]
    fn rules_are_sorted_unique_and_documented() {
        let names: Vec<_> = all().iter().map(|r| r.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted, "rules::ALL must be sorted by name, without duplicates");
        for rule in all() {
            assert!(rule.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{} is not kebab-case", rule.name);
            assert!(
                rule.doc.starts_with(&format!("# {}\n", rule.name)),
                "rules/{}.md must start with `# {}`",
                rule.name,
                rule.name
            );
            assert!(!rule.summary.ends_with('.'), "{}: summaries have no final period", rule.name);
        }
    }
}
