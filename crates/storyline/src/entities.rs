//! People, places and organisations, found by rules and merged across aliases.
