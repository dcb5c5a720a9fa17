//! One module per route of the app.

pub mod article;
pub mod entity;
pub mod event;
pub mod home;
pub mod not_found;
pub mod search;
pub mod timeline;
