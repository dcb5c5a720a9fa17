//! URLs inside the site, derived from the `<base href>` so one build works under any path.

/// The path the site is served under, without a trailing slash (`""` at the root).
pub fn base_path() -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|u| u.pathname())
        .unwrap_or_default();
    base.trim_end_matches('/').to_string()
}

/// A link to a route of the app (`route` starts with `/`), in the folder form its page is
/// served at ([`storyline_model::folder_route`]: `/event/x/`, no redirect on a static host).
pub fn href(route: &str) -> String {
    format!("{}{}", base_path(), storyline_model::folder_route(route))
}

/// A route for the router's `navigate` (`route` starts with `/`), in folder form and
/// without the base: the router puts its base before what it is given, so a [`href`]
/// there would carry the base twice under a sub-path.
pub fn navigate_to(route: &str) -> String {
    storyline_model::folder_route(route)
}

/// The URL of a file of the site (the bundle, an export).
pub fn asset_url(file: &str) -> String {
    format!("{}/{}", base_path(), file)
}

/// Percent-encodes a path segment (ids are slugs, but be safe).
pub fn segment(id: &str) -> String {
    js_sys::encode_uri_component(id).into()
}
