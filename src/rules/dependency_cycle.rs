//! `dependency-cycle`: containers that wait on each other through `dependsOn` (or `links`).

use crate::diagnostic::{Location, Sink};
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "dependency-cycle",
    category: Category::Invalid,
    summary: "Containers wait on each other in a cycle through `dependsOn` or `links`",
    doc: include_str!("../../rules/dependency-cycle.md"),
    aliases: &[],
};

/// An edge from a container to one it waits on, and where it is written.
struct Edge {
    from: usize,
    to: usize,
    at: Location,
}

pub fn check(cx: &Context, out: &mut Sink) {
    let index_of = |name: &str| cx.containers.iter().position(|c| c.name() == Some(name));
    let mut depends = Vec::new();
    let mut links = Vec::new();
    for (from, container) in cx.containers.iter().enumerate() {
        for dep in container.objects(f::dependsOn) {
            if let Some(to) = dep.str(f::containerName).and_then(index_of) {
                depends.push(Edge { from, to, at: dep.at(f::containerName) });
            }
        }
        for (at, link) in container.strings(f::links) {
            if let Some(to) = index_of(link.split(':').next().unwrap_or(link)) {
                links.push(Edge { from, to, at });
            }
        }
    }
    for (edges, verb, itself, help) in [
        (
            depends,
            "wait on each other through `dependsOn`",
            "waits on itself through `dependsOn`",
            "remove one of the dependencies: a container cannot start before the containers it waits on, so none of these can start",
        ),
        (
            links,
            "link to each other in a cycle",
            "links to itself",
            "remove one of the links: ECS refuses cyclic links",
        ),
    ] {
        for (edge, path) in cycles(cx.containers.len(), &edges) {
            let names: Vec<String> = path.iter().map(|&i| cx.containers[i].name().unwrap_or("?").to_string()).collect();
            let message = if path.len() == 2 {
                format!("{} {itself}", cx.containers[path[0]].label())
            } else {
                format!("containers {verb}: {}", names.join(" -> "))
            };
            out.report(edges[edge].at.clone(), message, help);
        }
    }
}

/// The edges that close a cycle, each with the cycle as a path of containers (first = last).
fn cycles(nodes: usize, edges: &[Edge]) -> Vec<(usize, Vec<usize>)> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; nodes];
    let mut found = Vec::new();
    let mut path: Vec<usize> = Vec::new();
    // Iterative depth-first search: a stack of (node, next edge to look at).
    for start in 0..nodes {
        if state[start] != State::New {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = State::OnPath;
        path.push(start);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let Some(e) = (*next..edges.len()).find(|&e| edges[e].from == node) else {
                state[node] = State::Done;
                stack.pop();
                path.pop();
                continue;
            };
            *next = e + 1;
            let to = edges[e].to;
            match state[to] {
                State::New => {
                    state[to] = State::OnPath;
                    path.push(to);
                    stack.push((to, 0));
                }
                State::OnPath => {
                    let from = path.iter().position(|&n| n == to).unwrap_or(0);
                    let mut cycle = path[from..].to_vec();
                    cycle.push(to);
                    found.push((e, cycle));
                }
                State::Done => {}
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    #[test]
    fn finds_cycles_of_any_length_once() {
        let text = r#"{"family": "f", "containerDefinitions": [
            {"name": "a", "image": "x", "dependsOn": [{"containerName": "b", "condition": "START"}]},
            {"name": "b", "image": "x", "dependsOn": [{"containerName": "c", "condition": "START"}]},
            {"name": "c", "image": "x", "dependsOn": [{"containerName": "a", "condition": "START"}]},
            {"name": "d", "image": "x", "dependsOn": [{"containerName": "d", "condition": "START"}, {"containerName": "a", "condition": "START"}]}
        ]}"#;
        assert_eq!(
            messages(text, &RULE),
            [
                "/containerDefinitions/2/dependsOn/0/containerName: containers wait on each other through `dependsOn`: a -> b -> c -> a",
                "/containerDefinitions/3/dependsOn/0/containerName: container `d` waits on itself through `dependsOn`",
            ]
        );
    }

    #[test]
    fn a_chain_is_not_a_cycle() {
        let text = r#"{"family": "f", "containerDefinitions": [
            {"name": "a", "image": "x", "dependsOn": [{"containerName": "b", "condition": "START"}, {"containerName": "c", "condition": "START"}]},
            {"name": "b", "image": "x", "dependsOn": [{"containerName": "c", "condition": "START"}]},
            {"name": "c", "image": "x", "links": ["b:bee"]}
        ]}"#;
        assert!(messages(text, &RULE).is_empty());
    }
}
