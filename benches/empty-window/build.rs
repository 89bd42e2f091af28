//! Generates Tauri's context for the empty window.

fn main() {
    tauri_build::build();
}
