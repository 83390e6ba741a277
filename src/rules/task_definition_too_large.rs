//! `task-definition-too-large`: over the 64 KiB that ECS accepts.

use crate::diagnostic::{Location, Sink, Target};
use crate::rule::{Category, Rule};
use crate::view::Context;
use serde_json::Value;

pub static RULE: Rule = Rule {
    name: "task-definition-too-large",
    category: Category::Invalid,
    summary: "The task definition is larger than the 64 KiB ECS accepts",
    doc: include_str!("../../rules/task-definition-too-large.md"),
    aliases: &[],
};

/// "Task definition size: 64 KiB", not adjustable. Source: Amazon ECS service quotas,
/// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html
const MAX_BYTES: usize = 65_536;

/// Counts the bytes a value takes as compact JSON, without building the text.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn compact_size(value: &Value) -> usize {
    let mut counter = Counter(0);
    serde_json::to_writer(&mut counter, value).map_or(0, |()| counter.0)
}

pub fn check(cx: &Context, out: &mut Sink) {
    // What ECS measures is the request it receives: the task definition as compact JSON
    // (pretty-printing in the file does not count).
    let (value, pointer) = match &cx.task {
        Some(task) => (cx.root.pointer(&task.pointer).unwrap_or(cx.root), task.pointer.clone()),
        None => (cx.root, String::new()),
    };
    // Compact JSON is shorter than any pretty-printed source, so only large sources are
    // measured (with room for the rare value that serialises longer than written, `1e5`).
    if cx.source_len < MAX_BYTES / 2 {
        return;
    }
    let size = compact_size(value);
    if size > MAX_BYTES {
        out.report(
            Location { pointer, target: Target::Start },
            format!("the task definition takes {size} bytes as compact JSON; ECS accepts at most {MAX_BYTES} (64 KiB)"),
            "move large values out: configuration into environmentFiles (S3) or SSM parameters, long commands into the image",
        );
    }
}
