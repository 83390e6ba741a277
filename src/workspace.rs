//! Task definitions across files, for the services that run a task definition kept in another
//! file: which file holds which family, and the [`Project`] of the families a run wants. The
//! command line indexes the files of its run; the language server, the files of its workspace
//! folder and the documents open in the editor.

use crate::files;
use crate::lint::{self, Project};
use crate::view::TaskFacts;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A family's hash, to remember which file holds it in a few bytes (a collision only costs
/// reading one more file).
fn family_hash(family: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    family.hash(&mut hasher);
    hasher.finish()
}

/// Which file (by its index in a run) holds which family: only a hash of each, so that memory
/// stays flat however many task definitions a run reads.
#[derive(Default)]
pub struct Families {
    entries: Vec<(u64, usize)>,
}

impl Families {
    pub fn add(&mut self, file: usize, families: &[String]) {
        self.entries.extend(families.iter().map(|f| (family_hash(f), file)));
    }

    /// The files that may hold one of the `wanted` families, each once, in order.
    pub fn holders(&self, wanted: &HashSet<String>) -> Vec<usize> {
        let hashes: HashSet<u64> = wanted.iter().map(|f| family_hash(f)).collect();
        let mut holders: Vec<usize> =
            self.entries.iter().filter(|(h, _)| hashes.contains(h)).map(|&(_, i)| i).collect();
        holders.sort_unstable();
        holders.dedup();
        holders
    }
}

/// Adds the task definitions of the `wanted` families that `bytes` holds.
pub fn add_wanted(project: &mut Project, bytes: &[u8], path: Option<&Path>, wanted: &HashSet<String>) {
    let tasks = lint::tasks_in(bytes, path);
    project.add(tasks.into_iter().filter(|t| t.family.as_ref().is_some_and(|f| wanted.contains(f))).collect());
}

/// The task definitions of the files under a directory, kept between lints (a file is read
/// again only when it changed): the language server's view of a workspace folder.
#[derive(Default)]
pub struct Index {
    files: HashMap<PathBuf, (Option<SystemTime>, Vec<TaskFacts>)>,
}

impl Index {
    /// The project of the `wanted` families among `paths`. A document open in the editor is
    /// read from `open` (its text, which may be unsaved); the others from disk.
    pub fn project(
        &mut self,
        paths: &[PathBuf],
        wanted: &HashSet<String>,
        open: &dyn Fn(&Path) -> Option<String>,
        max_size: u64,
    ) -> Project {
        let mut project = Project::default();
        for path in paths {
            let tasks = match open(path) {
                Some(text) => lint::tasks_in(text.as_bytes(), Some(path)),
                None => self.on_disk(path, max_size),
            };
            project.add(tasks.into_iter().filter(|t| t.family.as_ref().is_some_and(|f| wanted.contains(f))).collect());
        }
        project
    }

    fn on_disk(&mut self, path: &Path, max_size: u64) -> Vec<TaskFacts> {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        if let Some((seen, tasks)) = self.files.get(path)
            && seen.is_some()
            && *seen == modified
        {
            return tasks.clone();
        }
        let tasks = files::read(path, max_size).map(|bytes| lint::tasks_in(&bytes, Some(path))).unwrap_or_default();
        self.files.insert(path.to_path_buf(), (modified, tasks.clone()));
        tasks
    }
}
