//! `ecslint.toml`: found by walking up from the working directory (or the document, for the
//! language server), read strictly (an unknown key is an error with its place), and turned
//! into lint settings, file filters and path-based ignores.

use crate::lint::{Settings, unknown_rule_message};
use crate::reader::Reader;
use crate::rule::{Category, Rule, Severity};
use crate::rules;
use crate::span::{LineIndex, Span};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_spanned::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The names looked for, in each directory from the start upwards.
pub const FILE_NAMES: &[&str] = &["ecslint.toml", ".ecslint.toml"];

/// A level in `[rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// The file as written. Field names are a contract (`schemas/ecslint.schema.json`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    include: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    fail_on: Option<Severity>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Level>,
    #[serde(default)]
    ignore: Vec<IgnoreFile>,
    #[serde(default)]
    files: Vec<FilesFile>,
}

/// `[[files]]`: who reads some files, where detection cannot see it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FilesFile {
    paths: Vec<Spanned<String>>,
    read_by: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IgnoreFile {
    files: Spanned<Vec<Spanned<String>>>,
    rules: Option<Vec<Spanned<String>>>,
    reason: Spanned<String>,
}

/// One `[[ignore]]` entry, ready to match.
#[derive(Debug)]
pub struct Ignore {
    files: GlobSet,
    /// `None`: every rule.
    rules: Option<Vec<&'static str>>,
    /// Where the entry's `files` are written, for `unused-ignore`.
    pub span: Span,
    pub index: usize,
}

impl Ignore {
    pub fn covers(&self, relative: &Path, rule: &Rule) -> bool {
        self.matches_file(relative) && self.rules.as_ref().is_none_or(|rules| rules.contains(&rule.name))
    }

    pub fn matches_file(&self, relative: &Path) -> bool {
        self.files.is_match(relative)
    }
}

/// A loaded configuration.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from; `None` for the defaults.
    pub path: Option<PathBuf>,
    /// Its text, to place `unused-ignore` findings.
    pub text: String,
    /// Globs are relative to this directory.
    pub root: PathBuf,
    pub settings: Settings,
    pub fail_on: Option<Severity>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    pub ignores: Vec<Ignore>,
    /// `[[files]]` entries: the files each names, and their reader.
    readers: Vec<(GlobSet, Reader)>,
}

/// A configuration file that cannot be used: ecslint exits 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: {}", self.path, self.line, self.column, self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// The nearest `ecslint.toml` or `.ecslint.toml` in `start` or a directory above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    start.ancestors().flat_map(|dir| FILE_NAMES.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
}

/// No configuration is this large; a larger file is not one (`--config /dev/zero`).
const MAX_CONFIG_SIZE: u64 = 1 << 20;

impl Config {
    /// The defaults, with globs relative to `root`.
    pub fn defaults(root: &Path) -> Config {
        Config { root: root.to_path_buf(), ..Config::default() }
    }

    /// Reads and parses the configuration at `path` (a regular file of at most 1 MiB).
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = crate::files::display_path(path);
        let text = crate::files::read_text(path, MAX_CONFIG_SIZE).map_err(|message| ConfigError {
            path: shown.clone(),
            line: 0,
            column: 0,
            message,
        })?;
        let root = std::path::absolute(path).ok().and_then(|p| p.parent().map(Path::to_path_buf)).unwrap_or_default();
        Config::parse(&text, &shown, root).map(|mut c| {
            c.path = Some(path.to_path_buf());
            c
        })
    }

    pub fn parse(text: &str, shown: &str, root: PathBuf) -> Result<Config, ConfigError> {
        let lines = LineIndex::new(text);
        let error = |span: Option<std::ops::Range<usize>>, message: String| {
            let at = span.map(|s| lines.position(s.start)).unwrap_or_default();
            ConfigError { path: shown.to_string(), line: at.line, column: at.column, message }
        };
        let file: File = toml::from_str(text).map_err(|e| error(e.span(), e.message().to_string()))?;
        let glob_set = |globs: &[Spanned<String>]| -> Result<GlobSet, ConfigError> {
            let mut set = GlobSetBuilder::new();
            for g in globs {
                let glob = Glob::new(g.get_ref())
                    .map_err(|e| error(Some(g.span()), format!("`{}` is not a valid glob: {e}", g.get_ref())))?;
                set.add(glob);
            }
            set.build().map_err(|e| error(None, e.to_string()))
        };
        let known = |name: &Spanned<String>| -> Result<(), ConfigError> {
            if rules::find(name.get_ref()).is_some() || Category::from_name(name.get_ref()).is_some() {
                Ok(())
            } else {
                Err(error(Some(name.span()), unknown_rule_message(name.get_ref())))
            }
        };
        let mut settings = Settings::default();
        // Categories first, so that a rule's own entry wins whatever the order in the file.
        let (categories, rules): (Vec<_>, Vec<_>) =
            file.rules.iter().partition(|(name, _)| Category::from_name(name.get_ref()).is_some());
        for (name, level) in categories.into_iter().chain(rules) {
            known(name)?;
            settings.set(name.get_ref(), level.severity()).map_err(|m| error(Some(name.span()), m))?;
        }
        let mut ignores = Vec::new();
        for (index, entry) in file.ignore.iter().enumerate() {
            if entry.reason.get_ref().trim().is_empty() {
                return Err(error(Some(entry.reason.span()), "an ignore entry needs a `reason`".into()));
            }
            let rules = match &entry.rules {
                None => None,
                Some(names) => {
                    let mut list = Vec::new();
                    for name in names {
                        known(name)?;
                        list.extend(rules_named(name.get_ref()));
                    }
                    Some(list)
                }
            };
            let span = entry.files.span();
            ignores.push(Ignore {
                files: glob_set(entry.files.get_ref())?,
                rules,
                span: Span::new(span.start, span.end),
                index,
            });
        }
        let mut readers = Vec::new();
        for entry in &file.files {
            let name = entry.read_by.get_ref();
            let reader = Reader::from_name(name).ok_or_else(|| {
                let names: Vec<&str> = Reader::ALL.iter().map(|r| r.name()).collect();
                error(
                    Some(entry.read_by.span()),
                    format!("unknown reader `{name}`; the readers are {}", names.join(", ")),
                )
            })?;
            readers.push((glob_set(&entry.paths)?, reader));
        }
        Ok(Config {
            readers,
            path: None,
            text: text.to_string(),
            root,
            settings,
            fail_on: file.fail_on,
            include: file.include.as_deref().map(glob_set).transpose()?,
            exclude: (!file.exclude.is_empty()).then(|| glob_set(&file.exclude)).transpose()?,
            ignores,
        })
    }

    /// The reader the first `[[files]]` entry naming `path` gives it.
    pub fn reader_for(&self, path: &Path) -> Option<Reader> {
        let relative = self.relative(path);
        self.readers.iter().find(|(globs, _)| globs.is_match(&relative)).map(|&(_, reader)| reader)
    }

    /// `path` relative to the configuration's directory, for glob matching.
    pub fn relative(&self, path: &Path) -> PathBuf {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        absolute.strip_prefix(&self.root).map(Path::to_path_buf).unwrap_or(absolute)
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|set| set.is_match(self.relative(path)))
    }

    /// Whether a file found while walking is a candidate: `include` globs, or by default JSON,
    /// YAML and `.template` files (CloudFormation templates), and `.tf` files (Terraform).
    pub fn is_included(&self, path: &Path) -> bool {
        match &self.include {
            Some(set) => set.is_match(self.relative(path)),
            None => path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| DEFAULT_EXTENSIONS.iter().any(|d| e.eq_ignore_ascii_case(d))),
        }
    }
}

/// The files looked at while walking, when `include` is not set.
pub const DEFAULT_EXTENSIONS: &[&str] = &["json", "yaml", "yml", "template", "tf"];

/// The rules a name in the configuration stands for: one rule, or a category's.
fn rules_named(name: &str) -> Vec<&'static str> {
    match Category::from_name(name) {
        Some(c) => rules::all().filter(|r| r.category == c).map(|r| r.name).collect(),
        None => rules::find(name).map(|r| vec![r.name]).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, "ecslint.toml", PathBuf::from("/repo"))
    }

    #[test]
    fn unknown_keys_are_errors_with_their_place() {
        let e = parse("[rules]\nroot-user = \"off\"\n\n[output]\nformat = \"json\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 2));
        assert!(e.message.contains("unknown field `output`"), "{}", e.message);
        let e = parse("[rules]\nroot-usr = \"off\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert_eq!(e.message, "unknown rule or category `root-usr`; did you mean `root-user`?");
        let e = parse("[rules]\nroot-user = \"loud\"\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("[[ignore]]\nfiles = [\"a.json\"]\n").unwrap_err();
        assert!(e.message.contains("missing field `reason`"), "{}", e.message);
    }

    #[test]
    fn rule_levels_beat_category_levels_whatever_the_order() {
        let c = parse("[rules]\nroot-user = \"error\"\nsecurity = \"off\"\n").unwrap();
        let root_user = rules::find("root-user").unwrap();
        let privileged = rules::find("privileged-container").unwrap();
        assert_eq!(c.settings.severity(root_user), Some(Severity::Error));
        assert_eq!(c.settings.severity(privileged), None);
    }

    #[test]
    fn ignores_match_files_and_rules() {
        let c = parse("[[ignore]]\nfiles = [\"legacy/**\"]\nrules = [\"security\"]\nreason = \"old\"\n").unwrap();
        let ignore = &c.ignores[0];
        assert!(ignore.covers(Path::new("legacy/a/task.json"), rules::find("root-user").unwrap()));
        assert!(!ignore.covers(Path::new("legacy/a/task.json"), rules::find("invalid-json").unwrap()));
        assert!(!ignore.covers(Path::new("new/task.json"), rules::find("root-user").unwrap()));
    }

    #[test]
    fn include_and_exclude() {
        let c = parse("include = [\"**/*.json\", \"**/*.taskdef\"]\nexclude = [\"vendor/**\"]\n").unwrap();
        assert!(c.is_included(Path::new("/repo/deploy/web.taskdef")));
        assert!(!c.is_included(Path::new("/repo/deploy/web.yaml")));
        assert!(c.is_excluded(Path::new("/repo/vendor/x.json")));
        assert!(!c.is_excluded(Path::new("/repo/deploy/x.json")));
    }
}
