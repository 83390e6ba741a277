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
    // Looked at before it is opened: opening a FIFO waits for a writer, forever.
    let meta = fs::metadata(path).map_err(|e| io_message(&e, path))?;
    if !meta.is_file() {
        return Err(if meta.is_dir() {
            "a directory, not a file".into()
        } else {
            "not a regular file (a FIFO, socket or device); ecslint reads only files".into()
        });
    }
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

/// Reads a text file of ecslint's own (the configuration, a baseline) as [`read`] does.
pub fn read_text(path: &Path, max_size: u64) -> Result<String, String> {
    let too_large = |e: String| {
        if e.starts_with("the file is ") {
            format!("larger than the {max_size}-byte limit for this file; is it the file you meant?")
        } else {
            e
        }
    };
    let bytes = read(path, max_size).map_err(too_large)?;
    String::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
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

/// The file a report or baseline written to `path` lands in: the end of its symbolic links,
/// made absolute, so that it can be compared with the inputs; refused when it is a directory.
/// `-` is standard output.
pub fn output_target(path: &Path) -> Result<PathBuf, String> {
    output_target_within(path, 40)
}

fn output_target_within(path: &Path, links: usize) -> Result<PathBuf, String> {
    if path == Path::new("-") {
        return Ok(path.to_path_buf());
    }
    let text = path.as_os_str().to_string_lossy();
    if text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) {
        return Err("a directory, not a file".into());
    }
    let parent = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err("a directory, not a file".into()),
        // A device, FIFO or socket (`/dev/stdout` may be a pipe, which has no real path).
        Ok(meta) if !meta.is_file() => std::path::absolute(path).map_err(|e| io_message(&e, path)),
        Ok(_) => fs::canonicalize(path).map_err(|e| io_message(&e, path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => match fs::read_link(path) {
            // A link to a file not there yet: written through, to create its target.
            Ok(_) if links == 0 => Err("too many levels of symbolic links".into()),
            Ok(link) => output_target_within(&parent.join(link), links - 1),
            Err(_) => {
                let dir = fs::canonicalize(parent).map_err(|e| io_message(&e, parent))?;
                Ok(dir.join(path.file_name().ok_or("a directory, not a file")?))
            }
        },
        Err(e) => Err(io_message(&e, path)),
    }
}

/// What identifies an existing file through links, hard links included: its device and
/// inode (elsewhere than Unix, its canonical path). `None` when there is no such file.
#[cfg(unix)]
pub fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
pub fn identity(path: &Path) -> Option<PathBuf> {
    fs::canonicalize(path).ok()
}

/// Where a report or baseline is written, so that nothing a user has is lost: a regular file
/// (or a new one) gets a temporary file with a random name beside it (created exclusively, so
/// no planted link redirects it), renamed over it on `commit` with the old file's mode (and
/// owner, where permitted); a symbolic link is written through, to its target; a device or
/// FIFO (`/dev/stdout`, `/dev/null`) and `-` are written directly. An uncommitted temporary
/// file is removed, on every path.
pub struct OutputFile {
    target: PathBuf,
    kind: Kind,
}

enum Kind {
    Stdout(std::io::Stdout),
    Direct(std::io::BufWriter<fs::File>),
    Atomic { temp: std::io::BufWriter<tempfile::NamedTempFile>, keep: Option<Box<fs::Metadata>> },
}

impl OutputFile {
    pub fn create(path: &Path) -> Result<OutputFile, String> {
        let target = output_target(path)?;
        if target == Path::new("-") {
            return Ok(OutputFile { target, kind: Kind::Stdout(std::io::stdout()) });
        }
        let existing = fs::metadata(&target).ok();
        if existing.as_ref().is_some_and(|m| !m.is_file()) {
            // A device or FIFO: written as it is, never replaced.
            let file = fs::OpenOptions::new().write(true).open(&target).map_err(|e| io_message(&e, path))?;
            return Ok(OutputFile { target, kind: Kind::Direct(std::io::BufWriter::new(file)) });
        }
        if existing.as_ref().is_some_and(|m| m.permissions().readonly()) {
            return Err("the file is read-only; ecslint does not replace it".into());
        }
        let dir = target.parent().unwrap_or(Path::new("."));
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".ecslint-tmp");
        // A new file gets the mode any new file gets (0666 less the umask), not a temp's 0600.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let temp = builder.tempfile_in(dir).map_err(|e| io_message(&e, path))?;
        Ok(OutputFile {
            target,
            kind: Kind::Atomic { temp: std::io::BufWriter::new(temp), keep: existing.map(Box::new) },
        })
    }

    pub fn commit(self) -> Result<(), String> {
        let target = self.target;
        match self.kind {
            Kind::Stdout(mut out) => std::io::Write::flush(&mut out).map_err(|e| io_message(&e, &target)),
            Kind::Direct(mut file) => std::io::Write::flush(&mut file).map_err(|e| io_message(&e, &target)),
            Kind::Atomic { temp, keep } => {
                let temp = temp.into_inner().map_err(|e| io_message(e.error(), &target))?;
                temp.as_file().sync_all().map_err(|e| io_message(&e, &target))?;
                if let Some(old) = keep {
                    temp.as_file().set_permissions(old.permissions()).map_err(|e| io_message(&e, &target))?;
                    #[cfg(unix)]
                    {
                        use std::os::unix::fs::MetadataExt;
                        // Only root may give a file away; otherwise it stays the writer's.
                        let _ = std::os::unix::fs::fchown(temp.as_file(), Some(old.uid()), Some(old.gid()));
                    }
                }
                temp.persist(&target).map(drop).map_err(|e| io_message(&e.error, &target))
            }
        }
    }
}

impl std::io::Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.kind {
            Kind::Stdout(out) => out.write(buf),
            Kind::Direct(file) => file.write(buf),
            Kind::Atomic { temp, .. } => temp.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.kind {
            Kind::Stdout(out) => out.flush(),
            Kind::Direct(file) => file.flush(),
            Kind::Atomic { temp, .. } => temp.flush(),
        }
    }
}

/// Writes `bytes` to `path` as [`OutputFile`] does.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let mut file = OutputFile::create(path)?;
    file.write_all(bytes).map_err(|e| io_message(&e, path))?;
    file.commit()
}
