//! Which files to lint: paths named on the command line, directories walked, standard input.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Directories never walked into.
pub const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target", ".terraform"];

/// Files larger than this are refused unless `--max-file-size` says otherwise. AWS refuses
/// task definitions over 64 KiB; this leaves room for pretty-printing and describe output.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    /// `named`: given on the command line, so linted whatever it holds.
    File {
        path: PathBuf,
        named: bool,
    },
}

/// A path that could not be used; ecslint exits 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

/// How a path is shown: as given, without a leading `./`; an absolute path under the working
/// directory is shown relative to it.
pub fn display_path(path: &Path) -> String {
    static CWD: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let cwd = CWD.get_or_init(|| std::env::current_dir().unwrap_or_default());
    let path = if path.is_absolute() { path.strip_prefix(cwd).unwrap_or(path) } else { path };
    let s = path.to_string_lossy();
    s.strip_prefix("./").map(str::to_string).unwrap_or_else(|| s.into_owned())
}

/// Expands the command line's paths into the files to lint, in a stable order. While walking
/// directories, `wanted` says which files are candidates (by default, JSON, YAML and `.template` files).
pub fn collect(paths: &[PathBuf], wanted: &dyn Fn(&Path) -> bool) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let error = |message: String| InputError { path: display_path(path), message };
        match fs::metadata(path) {
            Err(e) => errors.push(error(io_message(&e, path))),
            Ok(meta) if meta.is_dir() => walk(path, wanted, &mut inputs, &mut errors),
            Ok(meta) if meta.is_file() => inputs.push(Input::File { path: path.clone(), named: true }),
            Ok(_) => {
                errors.push(error("not a regular file (a FIFO, socket or device); ecslint reads only files".into()))
            }
        }
    }
    (inputs, errors)
}

fn walk(root: &Path, wanted: &dyn Fn(&Path) -> bool, inputs: &mut Vec<Input>, errors: &mut Vec<InputError>) {
    let walker = WalkDir::new(root).sort_by_file_name().into_iter().filter_entry(|e| {
        !(e.depth() > 0 && e.file_type().is_dir() && SKIPPED_DIRS.iter().any(|d| e.file_name() == *d))
    });
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                // Symbolic links are followed to files only; FIFOs, sockets and devices are skipped.
                let is_file = entry.file_type().is_file()
                    || (entry.path_is_symlink() && fs::metadata(path).is_ok_and(|m| m.is_file()));
                if is_file && wanted(path) {
                    inputs.push(Input::File { path: path.to_path_buf(), named: false });
                }
            }
            Err(e) => {
                let path = e.path().unwrap_or(root);
                let message = match e.io_error() {
                    Some(io) => io_message(io, path),
                    None => e.to_string(),
                };
                errors.push(InputError { path: display_path(path), message });
            }
        }
    }
}

pub fn io_message(e: &std::io::Error, path: &Path) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound if path.symlink_metadata().is_ok() => {
            "a broken symbolic link: its target does not exist".into()
        }
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads a file, refusing what is larger than `max_size` before reading it.
pub fn read(path: &Path, max_size: u64) -> Result<Vec<u8>, String> {
    let file = fs::File::open(path).map_err(|e| io_message(&e, path))?;
    let meta = file.metadata().map_err(|e| io_message(&e, path))?;
    if !meta.is_file() {
        return Err("not a regular file (a FIFO, socket or device); ecslint reads only files".into());
    }
    if meta.len() > max_size {
        return Err(too_large(meta.len(), max_size));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max_size + 1).read_to_end(&mut bytes).map_err(|e| io_message(&e, path))?;
    if bytes.len() as u64 > max_size {
        return Err(too_large(bytes.len() as u64, max_size));
    }
    Ok(bytes)
}

/// Reads standard input, up to `max_size` bytes.
pub fn read_stdin(max_size: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().take(max_size + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > max_size {
        return Err(too_large(bytes.len() as u64, max_size));
    }
    Ok(bytes)
}

fn too_large(size: u64, max: u64) -> String {
    format!(
        "the file is {size} bytes, more than the {max}-byte limit (AWS accepts task definitions up to 64 KiB); \
         raise the limit with --max-file-size if this is meant"
    )
}

/// A file written atomically: to a temporary file beside it, renamed over it on `commit`, so
/// that a reader never sees half a report and a failure leaves the old file as it was.
pub struct AtomicFile {
    temp: PathBuf,
    target: PathBuf,
    writer: Option<std::io::BufWriter<fs::File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile, String> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
        let temp = dir.join(format!(".{name}.{}.ecslint-tmp", std::process::id()));
        let file = fs::File::create(&temp).map_err(|e| io_message(&e, path))?;
        Ok(AtomicFile { temp, target: path.to_path_buf(), writer: Some(std::io::BufWriter::new(file)) })
    }

    pub fn commit(mut self) -> Result<(), String> {
        let writer = self.writer.take().expect("committed once");
        let file = writer.into_inner().map_err(|e| io_message(e.error(), &self.target))?;
        file.sync_all().map_err(|e| io_message(&e, &self.target))?;
        fs::rename(&self.temp, &self.target).map_err(|e| io_message(&e, &self.target))
    }
}

impl std::io::Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.as_mut().expect("not committed").write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.as_mut().expect("not committed").flush()
    }
}

impl Drop for AtomicFile {
    /// Not committed: the temporary file goes, the target stays as it was.
    fn drop(&mut self) {
        if self.writer.is_some() {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Writes `bytes` to `path` atomically (see [`AtomicFile`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes).map_err(|e| io_message(&e, path))?;
    file.commit()
}
