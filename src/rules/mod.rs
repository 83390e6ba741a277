//! One file per rule; this is the one sorted list of them all.

pub mod duplicate_key;
pub mod host_port_overlap;
pub mod invalid_json;
pub mod invalid_type;
pub mod invalid_value;
pub mod missing_essential_container;
pub mod missing_required_field;
pub mod missing_task_role;
pub mod read_only_field;
pub mod secret_in_environment;
pub mod too_many_containers;
pub mod unknown_field;

use crate::registry::Rule;

/// Every rule, sorted by name (a test checks the order).
pub static ALL: &[&Rule] = &[
    &duplicate_key::RULE,
    &host_port_overlap::RULE,
    &invalid_json::RULE,
    &invalid_type::RULE,
    &invalid_value::RULE,
    &missing_essential_container::RULE,
    &missing_required_field::RULE,
    &missing_task_role::RULE,
    &read_only_field::RULE,
    &secret_in_environment::RULE,
    &too_many_containers::RULE,
    &unknown_field::RULE,
];
