//! Date expressions in running text, tagged and resolved against an anchor date.
