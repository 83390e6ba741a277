//! `invalid-environment-file`: `environmentFiles` the agent cannot fetch: a value that is not an
//! S3 object ARN (`s3://bucket/key`), more than ten files, or a file not named `.env`.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-environment-file",
    category: Category::Correctness,
    summary: "An `environmentFiles` value that is not an S3 object ARN (`s3://...`), more than ten files, or a file not named `.env`",
    doc: include_str!("../../rules/invalid-environment-file.md"),
    aliases: &[],
};

/// "You can specify up to ten environment files" (API model, `ContainerDefinition.environmentFiles`).
const MAX_FILES: usize = 10;

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let files = container.objects(f::environmentFiles);
        let who = container.label();
        if files.len() > MAX_FILES {
            out.report_uncertain(
                container.key_at(f::environmentFiles),
                format!("{who} reads {} environment files; ECS takes up to ten", files.len()),
                "merge some of the files: \"You can specify up to ten environment files\"",
            );
        }
        for file in files {
            let Some(value) = file.str(f::value).filter(|v| !v.is_empty() && !is_placeholder(v)) else { continue };
            if let Some(path) = value.strip_prefix("s3://") {
                out.report(
                    file.at(f::value),
                    format!("the environment file `{value}` ({who}) is an S3 URL; ECS needs the object's ARN"),
                    format!("write `arn:aws:s3:::{path}`: the agent fails to start the task (\"unable to parse bucket and key from s3 ARN\")"),
                );
                continue;
            }
            if !value.starts_with("arn:") || value.split(':').nth(2) != Some("s3") {
                out.report(
                    file.at(f::value),
                    format!("the environment file `{value}` ({who}) is not the ARN of an S3 object"),
                    "give the ARN of the file in S3: `arn:aws:s3:::BUCKET/KEY.env`",
                );
                continue;
            }
            if !value.ends_with(".env") {
                out.report_uncertain(
                    file.at(f::value),
                    format!("the environment file `{value}` ({who}) is not named `.env`"),
                    "name the file with the `.env` extension: \"The file must have a .env file extension\"",
                );
            }
        }
    }
}
