//! Building a value from parts of another, with the source spans kept: how a CloudFormation
//! resource or a Terraform resource becomes a task definition whose every key and value still
//! points at the template text it came from.

use crate::json::{NodeId, SpanTree};
use crate::span::Span;
use serde_json::Value;

/// A value under construction: its node tree, with spans into the source text.
pub struct Builder {
    tree: SpanTree,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    pub fn new() -> Self {
        let mut tree = SpanTree::default();
        tree.add_leaf(Span::default(), None); // the root, set by `finish`
        Builder { tree }
    }

    /// A scalar (or a value whose inside has no place of its own) at `span`.
    pub fn leaf(&mut self, span: Span) -> NodeId {
        self.tree.add_leaf(span, None)
    }

    /// An object at `span` with `members`: key, node, and where the key is written.
    pub fn object(&mut self, span: Span, members: Vec<(String, NodeId, Option<Span>)>) -> NodeId {
        let id = self.tree.add_leaf(span, None);
        let members = members
            .into_iter()
            .map(|(key, node, key_span)| {
                if let Some(key_span) = key_span {
                    self.tree.set_key(node, key_span);
                }
                (self.tree.key(&key), node)
            })
            .collect();
        self.tree.set_members(id, members);
        id
    }

    pub fn array(&mut self, span: Span, items: Vec<NodeId>) -> NodeId {
        let id = self.tree.add_leaf(span, None);
        self.tree.set_items(id, items);
        id
    }

    /// Copies the nodes of `value` (at `node` in `source`), each span passed through `place`
    /// (a value parsed out of a string has its spans moved to where the string's text is);
    /// a value without a node stands at `fallback`.
    pub fn copy(
        &mut self,
        source: &SpanTree,
        value: &Value,
        node: Option<NodeId>,
        fallback: Span,
        place: &dyn Fn(Span) -> Span,
    ) -> NodeId {
        let here = node.map_or(fallback, |n| place(source.node(n).span));
        match value {
            Value::Object(map) => {
                let members = map
                    .iter()
                    .map(|(k, v)| {
                        let child = node.and_then(|n| source.member(n, k));
                        let key_span = child.and_then(|c| source.node(c).key).map(place);
                        (k.clone(), self.copy(source, v, child, here, place), key_span)
                    })
                    .collect();
                self.object(here, members)
            }
            Value::Array(items) => {
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.copy(source, v, node.and_then(|n| source.item(n, i)), here, place))
                    .collect();
                self.array(here, items)
            }
            _ => self.leaf(here),
        }
    }

    /// The tree, with `root` as its root.
    pub fn finish(mut self, root: NodeId) -> SpanTree {
        if root != 0 {
            self.tree.copy_node(root, 0);
        }
        self.tree
    }
}
