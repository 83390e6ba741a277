//! What a team has accepted: the configuration's `[[ignore]]` entries and a baseline, applied
//! alike by the command line and the language server; and the `unused-ignore` findings for the
//! entries that hid nothing.

use crate::baseline::Baseline;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::lint;
use crate::rules::unused_ignore;
use std::path::Path;

/// The ignores of one configuration (and a baseline), with what each entry has hidden so far.
pub struct Filter<'c> {
    config: &'c Config,
    baseline: Option<Baseline>,
    /// Per ignore entry: whether it hid a problem.
    used: Vec<bool>,
    /// Per ignore entry: whether a file it names was checked.
    matched: Vec<bool>,
}

impl<'c> Filter<'c> {
    pub fn new(config: &'c Config, baseline: Option<Baseline>) -> Self {
        let n = config.ignores.len();
        Filter { config, baseline, used: vec![false; n], matched: vec![false; n] }
    }

    /// Removes what is accepted from the diagnostics of the file `name` (at `path`, relative
    /// to the working directory or absolute; for standard input, the name it is given).
    pub fn apply(&mut self, name: &str, path: &Path, diagnostics: &mut Vec<Diagnostic>) {
        if !self.config.ignores.is_empty() {
            let relative = self.config.relative(path);
            for (i, ignore) in self.config.ignores.iter().enumerate() {
                if ignore.matches_file(&relative) {
                    self.matched[i] = true;
                    let before = diagnostics.len();
                    diagnostics.retain(|d| !ignore.covers(&relative, d.rule));
                    self.used[i] |= diagnostics.len() < before;
                }
            }
        }
        if let Some(baseline) = &mut self.baseline {
            diagnostics.retain(|d| !baseline.take(name, d));
        }
    }

    /// The `unused-ignore` diagnostics of the configuration file: entries that hid nothing in a
    /// run that saw the files they name (or, with `whole_root`, the whole directory the
    /// configuration governs). Empty when there is no configuration file or the rule is off.
    pub fn unused_ignores(&self, whole_root: bool) -> Vec<Diagnostic> {
        if self.config.path.is_none() {
            return Vec::new();
        }
        let findings = self
            .config
            .ignores
            .iter()
            .filter(|i| !self.used[i.index] && (self.matched[i.index] || whole_root))
            .map(|i| unused_ignore::finding(i.index, i.span))
            .collect();
        lint::place_findings(&self.config.text, findings, &self.config.settings)
    }
}
