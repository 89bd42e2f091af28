//! An empty Tauri 2 window: what `benches/app` compares Tafel's start-up and memory with.
//! Its page (`dist/index.html`) shows a few static rows and marks the moment they are on
//! screen as Tafel's window does, so both are timed by the same harness.

fn main() {
    if let Err(err) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("tafel-empty-window: {err}");
        std::process::exit(1);
    }
}
