//! Generates Tauri's context and the permissions of the app's own commands.

/// The commands the UI may call; each gets an `allow-…` permission that
/// `capabilities/default.json` grants to the main window.
const COMMANDS: &[&str] = &[
    "app_info",
    "taxonomy",
    "list_cases",
    "get_case",
    "add_case",
    "update_case",
    "delete_case",
    "list_financiers",
    "get_financier",
    "get_financier_page",
    "create_financier",
    "update_financier",
    "delete_financier",
    "add_instrument",
    "update_instrument",
    "delete_instrument",
    "add_contact",
    "update_contact",
    "delete_contact",
    "list_views",
    "save_view",
    "delete_view",
    "search_all",
    "import_fields",
    "preview_case_import",
    "import_cases",
    "register_import_fields",
    "preview_register_import",
    "import_register",
    "export_cases",
    "export_register",
    "backup",
    "match_case",
    "propose_stacks",
    "save_plan",
    "get_plan",
];

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)))
        .unwrap_or_else(|err| panic!("tauri build step failed: {err:#}"));
}
