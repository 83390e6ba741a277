//! One file per rule; this is the one sorted list of them all, and the lookups over it.

pub mod blocking_log_mode;
pub mod container_insights_disabled;
pub mod container_memory_exceeds_task;
pub mod container_memory_too_low;
pub mod dangerous_capability;
pub mod dependency_cycle;
pub mod desired_count_not_ignored;
pub mod docker_socket_mount;
pub mod duplicate_container_name;
pub mod duplicate_environment_variable;
pub mod duplicate_key;
pub mod duplicate_volume_name;
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
pub mod ignore_without_reason;
pub mod image_without_digest;
pub mod incompatible_launch_type;
pub mod insecure_exec_configuration;
pub mod invalid_capacity_provider_strategy;
pub mod invalid_credential_spec;
pub mod invalid_daemon_service;
pub mod invalid_deployment_configuration;
pub mod invalid_docker_volume;
pub mod invalid_environment_file;
pub mod invalid_ephemeral_storage;
pub mod invalid_fargate_cpu_memory;
pub mod invalid_firelens_configuration;
pub mod invalid_health_check;
pub mod invalid_image_reference;
pub mod invalid_json;
pub mod invalid_linux_parameters;
pub mod invalid_load_balancer;
pub mod invalid_log_configuration;
pub mod invalid_mount_point;
pub mod invalid_name;
pub mod invalid_placement_constraint;
pub mod invalid_placement_strategy;
pub mod invalid_port;
pub mod invalid_proxy_configuration;
pub mod invalid_resource_requirement;
pub mod invalid_restart_policy;
pub mod invalid_role_arn;
pub mod invalid_scalable_target;
pub mod invalid_scaling_policy;
pub mod invalid_secret_reference;
pub mod invalid_service_role;
pub mod invalid_system_control;
pub mod invalid_tag;
pub mod invalid_type;
pub mod invalid_ulimit;
pub mod invalid_value;
pub mod latest_image_tag;
pub mod launch_type_with_capacity_provider;
pub mod managed_termination_protection_disabled;
pub mod missing_essential_container;
pub mod missing_execution_role;
pub mod missing_health_check;
pub mod missing_init_process;
pub mod missing_log_configuration;
pub mod missing_memory;
pub mod missing_network_configuration;
pub mod missing_no_new_privileges;
pub mod missing_required_field;
pub mod missing_tags;
pub mod missing_task_role;
pub mod missing_user;
pub mod pinned_platform_version;
pub mod plain_environment_variable;
pub mod privileged_container;
pub mod public_ip_assigned;
pub mod read_only_field;
pub mod rolling_update_stalled;
pub mod root_user;
pub mod same_task_and_execution_role;
pub mod secret_in_command;
pub mod secret_in_environment;
pub mod secret_in_log_options;
pub mod service_limit_exceeded;
pub mod static_host_port;
pub mod task_cpu_out_of_range;
pub mod task_definition_too_large;
pub mod too_many_containers;
pub mod unknown_container_reference;
pub mod unknown_field;
pub mod unknown_load_balancer_container;
pub mod unknown_log_option;
pub mod unknown_service_connect_port;
pub mod unknown_volume;
pub mod unsupported_in_network_mode;
pub mod unsupported_network_configuration;
pub mod unused_ignore;
pub mod windows_unsupported_parameter;
pub mod writable_root_filesystem;
pub mod zero_desired_count;

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule, Severity};
use crate::view::Context;

/// A check over the typed view of a unit.
pub type Check = fn(&Context, &mut Sink);

/// How a rule's findings are made.
#[derive(Clone, Copy)]
pub enum Made {
    /// By its own check over the view.
    Check(Check),
    /// By a stage of the lint, which the rule's doc names.
    By(Stage),
}

/// The stages of the lint that report rules of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the file: `src/document.rs` and the parsers it calls.
    Reading,
    /// The schema generated from the AWS API model: `src/schema.rs`.
    Schema,
    /// Applying the configuration's ignores: `src/filter.rs`.
    Configuration,
}

impl Stage {
    /// The words a staged rule's doc uses to say which stage reports it.
    pub fn phrase(self) -> &'static str {
        match self {
            Stage::Reading => "reported while the file is read",
            Stage::Schema => "reported by the schema check",
            Stage::Configuration => "reported while the configuration's ignores are applied",
        }
    }
}

/// Every rule, sorted by name (a test checks the order), with how it is made.
pub static ALL: &[(&Rule, Made)] = &[
    (&blocking_log_mode::RULE, Made::Check(blocking_log_mode::check)),
    (&container_insights_disabled::RULE, Made::Check(container_insights_disabled::check)),
    (&container_memory_exceeds_task::RULE, Made::Check(container_memory_exceeds_task::check)),
    (&container_memory_too_low::RULE, Made::Check(container_memory_too_low::check)),
    (&dangerous_capability::RULE, Made::Check(dangerous_capability::check)),
    (&dependency_cycle::RULE, Made::Check(dependency_cycle::check)),
    (&desired_count_not_ignored::RULE, Made::Check(desired_count_not_ignored::check)),
    (&docker_socket_mount::RULE, Made::Check(docker_socket_mount::check)),
    (&duplicate_container_name::RULE, Made::Check(duplicate_container_name::check)),
    (&duplicate_environment_variable::RULE, Made::Check(duplicate_environment_variable::check)),
    (&duplicate_key::RULE, Made::By(Stage::Reading)),
    (&duplicate_volume_name::RULE, Made::Check(duplicate_volume_name::check)),
    (&efs_configuration_conflict::RULE, Made::Check(efs_configuration_conflict::check)),
    (&efs_transit_encryption_disabled::RULE, Made::Check(efs_transit_encryption_disabled::check)),
    (&ephemeral_bind_mount::RULE, Made::Check(ephemeral_bind_mount::check)),
    (&essential_completion_dependency::RULE, Made::Check(essential_completion_dependency::check)),
    (&fargate_requires_awsvpc::RULE, Made::Check(fargate_requires_awsvpc::check)),
    (&fargate_unsupported_parameter::RULE, Made::Check(fargate_unsupported_parameter::check)),
    (&healthy_dependency_without_health_check::RULE, Made::Check(healthy_dependency_without_health_check::check)),
    (&host_ipc_mode::RULE, Made::Check(host_ipc_mode::check)),
    (&host_network_mode::RULE, Made::Check(host_network_mode::check)),
    (&host_pid_mode::RULE, Made::Check(host_pid_mode::check)),
    (&host_port_mismatch::RULE, Made::Check(host_port_mismatch::check)),
    (&host_port_overlap::RULE, Made::Check(host_port_overlap::check)),
    (&ignore_without_reason::RULE, Made::By(Stage::Configuration)),
    (&image_without_digest::RULE, Made::Check(image_without_digest::check)),
    (&incompatible_launch_type::RULE, Made::Check(incompatible_launch_type::check)),
    (&insecure_exec_configuration::RULE, Made::Check(insecure_exec_configuration::check)),
    (&invalid_capacity_provider_strategy::RULE, Made::Check(invalid_capacity_provider_strategy::check)),
    (&invalid_credential_spec::RULE, Made::Check(invalid_credential_spec::check)),
    (&invalid_daemon_service::RULE, Made::Check(invalid_daemon_service::check)),
    (&invalid_deployment_configuration::RULE, Made::Check(invalid_deployment_configuration::check)),
    (&invalid_docker_volume::RULE, Made::Check(invalid_docker_volume::check)),
    (&invalid_environment_file::RULE, Made::Check(invalid_environment_file::check)),
    (&invalid_ephemeral_storage::RULE, Made::Check(invalid_ephemeral_storage::check)),
    (&invalid_fargate_cpu_memory::RULE, Made::Check(invalid_fargate_cpu_memory::check)),
    (&invalid_firelens_configuration::RULE, Made::Check(invalid_firelens_configuration::check)),
    (&invalid_health_check::RULE, Made::Check(invalid_health_check::check)),
    (&invalid_image_reference::RULE, Made::Check(invalid_image_reference::check)),
    (&invalid_json::RULE, Made::By(Stage::Reading)),
    (&invalid_linux_parameters::RULE, Made::Check(invalid_linux_parameters::check)),
    (&invalid_load_balancer::RULE, Made::Check(invalid_load_balancer::check)),
    (&invalid_log_configuration::RULE, Made::Check(invalid_log_configuration::check)),
    (&invalid_mount_point::RULE, Made::Check(invalid_mount_point::check)),
    (&invalid_name::RULE, Made::Check(invalid_name::check)),
    (&invalid_placement_constraint::RULE, Made::Check(invalid_placement_constraint::check)),
    (&invalid_placement_strategy::RULE, Made::Check(invalid_placement_strategy::check)),
    (&invalid_port::RULE, Made::Check(invalid_port::check)),
    (&invalid_proxy_configuration::RULE, Made::Check(invalid_proxy_configuration::check)),
    (&invalid_resource_requirement::RULE, Made::Check(invalid_resource_requirement::check)),
    (&invalid_restart_policy::RULE, Made::Check(invalid_restart_policy::check)),
    (&invalid_role_arn::RULE, Made::Check(invalid_role_arn::check)),
    (&invalid_scalable_target::RULE, Made::Check(invalid_scalable_target::check)),
    (&invalid_scaling_policy::RULE, Made::Check(invalid_scaling_policy::check)),
    (&invalid_secret_reference::RULE, Made::Check(invalid_secret_reference::check)),
    (&invalid_service_role::RULE, Made::Check(invalid_service_role::check)),
    (&invalid_system_control::RULE, Made::Check(invalid_system_control::check)),
    (&invalid_tag::RULE, Made::Check(invalid_tag::check)),
    (&invalid_type::RULE, Made::By(Stage::Schema)),
    (&invalid_ulimit::RULE, Made::Check(invalid_ulimit::check)),
    (&invalid_value::RULE, Made::By(Stage::Schema)),
    (&latest_image_tag::RULE, Made::Check(latest_image_tag::check)),
    (&launch_type_with_capacity_provider::RULE, Made::Check(launch_type_with_capacity_provider::check)),
    (&managed_termination_protection_disabled::RULE, Made::Check(managed_termination_protection_disabled::check)),
    (&missing_essential_container::RULE, Made::Check(missing_essential_container::check)),
    (&missing_execution_role::RULE, Made::Check(missing_execution_role::check)),
    (&missing_health_check::RULE, Made::Check(missing_health_check::check)),
    (&missing_init_process::RULE, Made::Check(missing_init_process::check)),
    (&missing_log_configuration::RULE, Made::Check(missing_log_configuration::check)),
    (&missing_memory::RULE, Made::Check(missing_memory::check)),
    (&missing_network_configuration::RULE, Made::Check(missing_network_configuration::check)),
    (&missing_no_new_privileges::RULE, Made::Check(missing_no_new_privileges::check)),
    (&missing_required_field::RULE, Made::By(Stage::Schema)),
    (&missing_tags::RULE, Made::Check(missing_tags::check)),
    (&missing_task_role::RULE, Made::Check(missing_task_role::check)),
    (&missing_user::RULE, Made::Check(missing_user::check)),
    (&pinned_platform_version::RULE, Made::Check(pinned_platform_version::check)),
    (&plain_environment_variable::RULE, Made::Check(plain_environment_variable::check)),
    (&privileged_container::RULE, Made::Check(privileged_container::check)),
    (&public_ip_assigned::RULE, Made::Check(public_ip_assigned::check)),
    (&read_only_field::RULE, Made::By(Stage::Schema)),
    (&rolling_update_stalled::RULE, Made::Check(rolling_update_stalled::check)),
    (&root_user::RULE, Made::Check(root_user::check)),
    (&same_task_and_execution_role::RULE, Made::Check(same_task_and_execution_role::check)),
    (&secret_in_command::RULE, Made::Check(secret_in_command::check)),
    (&secret_in_environment::RULE, Made::Check(secret_in_environment::check)),
    (&secret_in_log_options::RULE, Made::Check(secret_in_log_options::check)),
    (&service_limit_exceeded::RULE, Made::Check(service_limit_exceeded::check)),
    (&static_host_port::RULE, Made::Check(static_host_port::check)),
    (&task_cpu_out_of_range::RULE, Made::Check(task_cpu_out_of_range::check)),
    (&task_definition_too_large::RULE, Made::Check(task_definition_too_large::check)),
    (&too_many_containers::RULE, Made::Check(too_many_containers::check)),
    (&unknown_container_reference::RULE, Made::Check(unknown_container_reference::check)),
    (&unknown_field::RULE, Made::By(Stage::Schema)),
    (&unknown_load_balancer_container::RULE, Made::Check(unknown_load_balancer_container::check)),
    (&unknown_log_option::RULE, Made::Check(unknown_log_option::check)),
    (&unknown_service_connect_port::RULE, Made::Check(unknown_service_connect_port::check)),
    (&unknown_volume::RULE, Made::Check(unknown_volume::check)),
    (&unsupported_in_network_mode::RULE, Made::Check(unsupported_in_network_mode::check)),
    (&unsupported_network_configuration::RULE, Made::Check(unsupported_network_configuration::check)),
    (&unused_ignore::RULE, Made::By(Stage::Configuration)),
    (&windows_unsupported_parameter::RULE, Made::Check(windows_unsupported_parameter::check)),
    (&writable_root_filesystem::RULE, Made::Check(writable_root_filesystem::check)),
    (&zero_desired_count::RULE, Made::Check(zero_desired_count::check)),
];

/// Every rule, sorted by name.
pub fn all() -> impl Iterator<Item = &'static Rule> + Clone {
    ALL.iter().map(|(rule, _)| *rule)
}

/// A rule by its name or a former name.
pub fn find(name: &str) -> Option<&'static Rule> {
    all().find(|r| r.name == name || r.aliases.contains(&name))
}

/// `rules/README.md`: the index of all rules, generated from the registry.
pub fn index_markdown() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from the registry by `UPDATE_GENERATED=1 cargo test --test it generated`; do not edit. -->\n\n\
         Each rule's category sets its default severity: `invalid` and `correctness` are errors, \
         `security` and `reliability` warnings, `best-practice` is info, and `pedantic` and `hardening` are off until selected.\n",
    );
    for category in Category::ALL {
        let rules: Vec<_> = all().filter(|r| r.category == category).collect();
        if rules.is_empty() {
            continue;
        }
        let level = category.default_severity().map_or("off", Severity::as_str);
        out.push_str(&format!(
            "\n## {} ({level} by default)\n\n{}.\n\n| rule | summary |\n| --- | --- |\n",
            category.name(),
            upper_first(category.description())
        ));
        for rule in rules {
            out.push_str(&format!("| [`{0}`]({0}.md) | {1} |\n", rule.name, rule.summary));
        }
    }
    out
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staged_rules_say_which_stage_reports_them() {
        for &(rule, made) in ALL {
            if let Made::By(stage) = made {
                assert!(rule.doc.contains(stage.phrase()), "rules/{}.md must say it is {}", rule.name, stage.phrase());
            }
        }
    }

    #[test]
    fn rules_are_sorted_unique_and_documented() {
        let names: Vec<_> = all().map(|r| r.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted, "rules::ALL must be sorted by name, without duplicates");
        for rule in all() {
            assert!(rule.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{} is not kebab-case", rule.name);
            assert!(
                rule.doc.starts_with(&format!("# {}\n", rule.name)),
                "rules/{}.md must start with `# {}`",
                rule.name,
                rule.name
            );
            assert!(!rule.summary.ends_with('.'), "{}: summaries have no final period", rule.name);
        }
    }
}
