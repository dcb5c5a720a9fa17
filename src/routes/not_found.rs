//! The page for any path that is not a route, or an id that is not in the bundle.

use crate::links;
use leptos::prelude::*;

/// "Page not found", with a link back to the story.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>"Nothing in this story lives at this address. It may have been renamed in a newer build."</p>
            <p><a href=links::href("/")>"Back to the story"</a></p>
        </section>
    }
}
