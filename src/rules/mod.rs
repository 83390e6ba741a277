//! One file per rule; this is the one sorted list of them all.

pub mod container_memory_exceeds_task;
pub mod dangerous_capability;
pub mod dependency_cycle;
pub mod docker_socket_mount;
pub mod duplicate_container_name;
pub mod duplicate_environment_variable;
pub mod duplicate_key;
pub mod efs_configuration_conflict;
pub mod efs_transit_encryption_disabled;
pub mod ephemeral_bind_mount;
pub mod essential_completion_dependency;
pub mod fargate_requires_awsvpc;
pub mod fargate_unsupported_parameter;
pub mod healthy_dependency_without_health_check;
pub mod host_ipc_mode;
pub mod host_network_mode;
pub mod host_pid_mode;
pub mod host_port_mismatch;
pub mod host_port_overlap;
pub mod image_without_digest;
pub mod invalid_deployment_configuration;
pub mod invalid_ephemeral_storage;
pub mod invalid_fargate_cpu_memory;
pub mod invalid_health_check;
pub mod invalid_json;
pub mod invalid_log_configuration;
pub mod invalid_name;
pub mod invalid_placement_constraint;
pub mod invalid_placement_strategy;
pub mod invalid_port;
pub mod invalid_role_arn;
pub mod invalid_secret_reference;
pub mod invalid_type;
pub mod invalid_value;
pub mod latest_image_tag;
pub mod launch_type_with_capacity_provider;
pub mod missing_essential_container;
pub mod missing_execution_role;
pub mod missing_health_check;
pub mod missing_init_process;
pub mod missing_log_configuration;
pub mod missing_memory;
pub mod missing_network_configuration;
pub mod missing_no_new_privileges;
pub mod missing_required_field;
pub mod missing_task_role;
pub mod plain_environment_variable;
pub mod privileged_container;
pub mod read_only_field;
pub mod rolling_update_stalled;
pub mod root_user;
pub mod same_task_and_execution_role;
pub mod secret_in_command;
pub mod secret_in_environment;
pub mod secret_in_log_options;
pub mod static_host_port;
pub mod task_definition_too_large;
pub mod too_many_containers;
pub mod unknown_container_reference;
pub mod unknown_field;
pub mod unknown_load_balancer_container;
pub mod unknown_volume;
pub mod unsupported_in_network_mode;
pub mod unused_ignore;
pub mod writable_root_filesystem;

use crate::registry::Rule;

/// Every rule, sorted by name (a test checks the order).
pub static ALL: &[&Rule] = &[
    &container_memory_exceeds_task::RULE,
    &dangerous_capability::RULE,
    &dependency_cycle::RULE,
    &docker_socket_mount::RULE,
    &duplicate_container_name::RULE,
    &duplicate_environment_variable::RULE,
    &duplicate_key::RULE,
    &efs_configuration_conflict::RULE,
    &efs_transit_encryption_disabled::RULE,
    &ephemeral_bind_mount::RULE,
    &essential_completion_dependency::RULE,
    &fargate_requires_awsvpc::RULE,
    &fargate_unsupported_parameter::RULE,
    &healthy_dependency_without_health_check::RULE,
    &host_ipc_mode::RULE,
    &host_network_mode::RULE,
    &host_pid_mode::RULE,
    &host_port_mismatch::RULE,
    &host_port_overlap::RULE,
    &image_without_digest::RULE,
    &invalid_deployment_configuration::RULE,
    &invalid_ephemeral_storage::RULE,
    &invalid_fargate_cpu_memory::RULE,
    &invalid_health_check::RULE,
    &invalid_json::RULE,
    &invalid_log_configuration::RULE,
    &invalid_name::RULE,
    &invalid_placement_constraint::RULE,
    &invalid_placement_strategy::RULE,
    &invalid_port::RULE,
    &invalid_role_arn::RULE,
    &invalid_secret_reference::RULE,
    &invalid_type::RULE,
    &invalid_value::RULE,
    &latest_image_tag::RULE,
    &launch_type_with_capacity_provider::RULE,
    &missing_essential_container::RULE,
    &missing_execution_role::RULE,
    &missing_health_check::RULE,
    &missing_init_process::RULE,
    &missing_log_configuration::RULE,
    &missing_memory::RULE,
    &missing_network_configuration::RULE,
    &missing_no_new_privileges::RULE,
    &missing_required_field::RULE,
    &missing_task_role::RULE,
    &plain_environment_variable::RULE,
    &privileged_container::RULE,
    &read_only_field::RULE,
    &rolling_update_stalled::RULE,
    &root_user::RULE,
    &same_task_and_execution_role::RULE,
    &secret_in_command::RULE,
    &secret_in_environment::RULE,
    &secret_in_log_options::RULE,
    &static_host_port::RULE,
    &task_definition_too_large::RULE,
    &too_many_containers::RULE,
    &unknown_container_reference::RULE,
    &unknown_field::RULE,
    &unknown_load_balancer_container::RULE,
    &unknown_volume::RULE,
    &unsupported_in_network_mode::RULE,
    &unused_ignore::RULE,
    &writable_root_filesystem::RULE,
];
