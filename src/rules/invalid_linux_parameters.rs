//! `invalid-linux-parameters`: `linuxParameters` values ECS or Docker refuses: capability
//! names that are none, `swappiness` outside 0 to 100, a negative `maxSwap`, tmpfs mount
//! options outside the list.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule, did_you_mean};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-linux-parameters",
    category: Category::Invalid,
    summary: "A capability that is none, `swappiness` outside 0 to 100, a negative `maxSwap`, or an unknown tmpfs mount option",
    doc: include_str!("../../rules/invalid-linux-parameters.md"),
    aliases: &[],
};

/// The capabilities ECS takes (API model, `KernelCapabilities.add`: "Valid values").
const CAPABILITIES: &[&str] = &[
    "ALL",
    "AUDIT_CONTROL",
    "AUDIT_WRITE",
    "BLOCK_SUSPEND",
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "IPC_LOCK",
    "IPC_OWNER",
    "KILL",
    "LEASE",
    "LINUX_IMMUTABLE",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "MKNOD",
    "NET_ADMIN",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_RAW",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_CHROOT",
    "SYS_MODULE",
    "SYS_NICE",
    "SYS_PACCT",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "SYSLOG",
    "WAKE_ALARM",
];

/// Linux capabilities newer than the model's list (`capabilities(7)`): Docker knows them on a
/// kernel that has them; whether ECS takes them is not known.
const NEWER_CAPABILITIES: &[&str] = &["AUDIT_READ", "BPF", "CHECKPOINT_RESTORE", "PERFMON"];

/// The tmpfs mount options ECS takes (API model, `Tmpfs.mountOptions`: "Valid values").
const TMPFS_OPTIONS: &[&str] = &[
    "defaults",
    "ro",
    "rw",
    "suid",
    "nosuid",
    "dev",
    "nodev",
    "exec",
    "noexec",
    "sync",
    "async",
    "dirsync",
    "remount",
    "mand",
    "nomand",
    "atime",
    "noatime",
    "diratime",
    "nodiratime",
    "bind",
    "rbind",
    "unbindable",
    "runbindable",
    "private",
    "rprivate",
    "shared",
    "rshared",
    "slave",
    "rslave",
    "relatime",
    "norelatime",
    "strictatime",
    "nostrictatime",
    "mode",
    "uid",
    "gid",
    "nr_inodes",
    "nr_blocks",
    "mpol",
];

/// tmpfs options of the kernel's (`tmpfs(5)`) that the model's list leaves out: Docker passes
/// them on; whether ECS does is not documented.
const KERNEL_TMPFS_OPTIONS: &[&str] =
    &["size", "huge", "inode64", "inode32", "noswap", "quota", "usrquota", "grpquota"];

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let Some(linux) = container.object(f::linuxParameters) else { continue };
        let who = container.label();
        if let Some(caps) = linux.object(f::capabilities) {
            for field in [f::add, f::drop] {
                for (at, name) in caps.strings(field) {
                    if name.is_empty() || is_placeholder(name) || CAPABILITIES.contains(&name) {
                        continue;
                    }
                    let bare = name.strip_prefix("CAP_").unwrap_or(name).to_ascii_uppercase();
                    if CAPABILITIES.contains(&bare.as_str()) || NEWER_CAPABILITIES.contains(&bare.as_str()) {
                        // Docker reads `CAP_X`, `x` and newer names; ECS's list does not have them.
                        out.report_uncertain(
                            at,
                            format!("`{name}` ({who}) is not written as ECS lists capabilities"),
                            if CAPABILITIES.contains(&bare.as_str()) {
                                format!("write `{bare}`: upper case, without `CAP_`")
                            } else {
                                format!("`{bare}` is newer than the capabilities ECS lists; check that your instances' kernel and ECS take it")
                            },
                        );
                        continue;
                    }
                    let help = match did_you_mean(&bare, CAPABILITIES.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => {
                            "use a capability `man 7 capabilities` lists, upper case and without `CAP_` (`NET_ADMIN`)"
                                .into()
                        }
                    };
                    out.report(at, format!("`{name}` ({who}) is not a Linux capability"), help);
                }
            }
        }
        if let Some(n) = linux.get(f::swappiness).and_then(|v| v.as_i64()).filter(|n| !(0..=100).contains(n)) {
            out.report(
                linux.at(f::swappiness),
                format!("`swappiness` is {n} ({who}); it is a whole number from 0 to 100"),
                "set `swappiness` between 0 (swap only when needed) and 100 (swap eagerly); 60 is the default",
            );
        }
        if let Some(n) = linux.get(f::maxSwap).and_then(|v| v.as_i64()).filter(|n| *n < 0) {
            out.report(
                linux.at(f::maxSwap),
                format!("`maxSwap` is {n} ({who}); it is 0 (no swap) or more MiB"),
                "set `maxSwap` to 0 for no swap, or to the MiB of swap the container may use",
            );
        }
        for mount in linux.objects(f::tmpfs) {
            for (at, option) in mount.strings(f::mountOptions) {
                // `mode=1777`, `uid=1000`: the option is the part before `=`.
                let name = option.split('=').next().unwrap_or(option);
                if option.is_empty() || is_placeholder(option) || TMPFS_OPTIONS.contains(&name) {
                    continue;
                }
                if KERNEL_TMPFS_OPTIONS.contains(&name) {
                    out.report_uncertain(
                        at,
                        format!("`{option}` ({who}) is a tmpfs option the kernel knows but ECS does not list"),
                        "set the size with the mount's `size` (MiB), beside `mountOptions`; check that ECS passes other options on",
                    );
                    continue;
                }
                let help = match did_you_mean(name, TMPFS_OPTIONS.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "use a tmpfs mount option ECS lists (`noexec`, `nosuid`, `mode=1777`...); the size is `size`, beside `mountOptions`".into(),
                };
                out.report(at, format!("`{option}` ({who}) is not a tmpfs mount option ECS takes"), help);
            }
        }
    }
}
