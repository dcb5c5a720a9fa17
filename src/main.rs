//! Mounts the Storyline app on the page's body.

fn main() {
    console_error_panic_hook::set_once();
    // In the task after the one that instantiated the WebAssembly module: instantiating and
    // the first calls (each compiled on first use) are two long tasks, not one.
    leptos::prelude::set_timeout(
        || leptos::mount::mount_to_body(storyline_app::App),
        std::time::Duration::ZERO,
    );
}
