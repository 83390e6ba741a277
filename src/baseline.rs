//! Baselines: record today's problems, then report only new ones. A problem is known by its
//! file, rule and fingerprint (JSON Pointer and offending value, not its line), counted, so
//! that edits that move it do not bring it back and a second copy of it is still reported.

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Clone)]
pub struct Entry {
    pub file: String,
    pub rule: String,
    pub fingerprint: String,
}

/// The file written by `--write-baseline`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub version: u32,
    pub problems: Vec<Entry>,
}

pub const VERSION: u32 = 1;

pub fn entry(file: &str, d: &Diagnostic) -> Entry {
    Entry { file: file.to_string(), rule: d.rule.name.to_string(), fingerprint: d.fingerprint.clone() }
}

/// The problems of a baseline, counted, to subtract the ones seen again.
pub struct Baseline {
    remaining: HashMap<Entry, usize>,
}

impl std::hash::Hash for Entry {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (&self.file, &self.rule, &self.fingerprint).hash(state);
    }
}

/// A baseline of a million problems is about 150 MB; beyond this it is no baseline.
const MAX_BASELINE_SIZE: u64 = 256 << 20;

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = crate::files::read_text(path, MAX_BASELINE_SIZE)?;
        let file: File = serde_json::from_str(&text).map_err(|e| format!("not an ecslint baseline: {e}"))?;
        if file.version != VERSION {
            return Err(format!("baseline version {} is not supported (this ecslint writes {VERSION})", file.version));
        }
        let mut remaining = HashMap::new();
        for entry in file.problems {
            *remaining.entry(entry).or_insert(0) += 1;
        }
        Ok(Baseline { remaining })
    }

    /// Whether `d` in `file` was recorded (each recorded problem excuses one occurrence).
    pub fn take(&mut self, file: &str, d: &Diagnostic) -> bool {
        match self.remaining.get_mut(&entry(file, d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }
}

/// The baseline of these problems, as JSON text.
pub fn render(mut problems: Vec<Entry>) -> String {
    problems.sort();
    serde_json::to_string_pretty(&File { version: VERSION, problems }).unwrap_or_default() + "\n"
}
