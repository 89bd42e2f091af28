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
];

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)))
        .unwrap_or_else(|err| panic!("tauri build step failed: {err:#}"));
}
