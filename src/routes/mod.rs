//! One module per route of the app.

pub mod article;
pub mod home;
pub mod not_found;
