//! The build report: what became of every input file, and the warnings met on the way.

use serde::Serialize;
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileStatus {
    /// Became an article of the bundle.
    Included,
    /// The same story as another file; kept once, this path listed on that article.
    Duplicate,
    /// Not in the bundle, with a reason.
    Skipped,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    pub path: String,
    pub status: FileStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub files: usize,
    pub included: usize,
    pub duplicate: usize,
    pub skipped: usize,
    pub warnings: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub counts: Counts,
    pub files: Vec<FileEntry>,
    pub warnings: Vec<Warning>,
}

impl Report {
    pub fn push(&mut self, path: String, status: FileStatus, reason: Option<String>, article: Option<String>) {
        self.counts.files += 1;
        match status {
            FileStatus::Included => self.counts.included += 1,
            FileStatus::Duplicate => self.counts.duplicate += 1,
            FileStatus::Skipped => self.counts.skipped += 1,
        }
        self.files.push(FileEntry { path, status, reason, article });
    }

    pub fn warn(&mut self, path: &str, message: &str) {
        self.counts.warnings += 1;
        self.warnings.push(Warning { path: path.to_string(), message: message.to_string() });
    }

    /// Changes the status of an already reported file (e.g. found to be a duplicate later).
    pub fn set_status(&mut self, path: &str, status: FileStatus, reason: Option<String>) {
        if let Some(entry) = self.files.iter_mut().find(|f| f.path == path) {
            let old = entry.status;
            entry.status = status;
            entry.reason = reason;
            for (s, delta) in [(old, -1isize), (status, 1)] {
                let c = match s {
                    FileStatus::Included => &mut self.counts.included,
                    FileStatus::Duplicate => &mut self.counts.duplicate,
                    FileStatus::Skipped => &mut self.counts.skipped,
                };
                *c = (*c as isize + delta) as usize;
            }
        }
    }

    /// A short human summary for stderr: counts, then every skipped file with its reason.
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let mut s = format!(
            "{} files: {} included, {} duplicates, {} skipped, {} warnings\n",
            c.files, c.included, c.duplicate, c.skipped, c.warnings
        );
        for f in self.files.iter().filter(|f| f.status != FileStatus::Included) {
            let _ = writeln!(
                s,
                "  {:9} {}: {}",
                match f.status {
                    FileStatus::Duplicate => "duplicate",
                    _ => "skipped",
                },
                f.path,
                f.reason.as_deref().unwrap_or("")
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up() {
        let mut r = Report::default();
        r.push("a".into(), FileStatus::Included, None, Some("a".into()));
        r.push("b".into(), FileStatus::Included, None, Some("b".into()));
        r.push("c".into(), FileStatus::Skipped, Some("empty file".into()), None);
        r.set_status("b", FileStatus::Duplicate, Some("same story as a".into()));
        let c = &r.counts;
        assert_eq!((c.files, c.included, c.duplicate, c.skipped), (3, 1, 1, 1));
        assert_eq!(c.included + c.duplicate + c.skipped, c.files);
        assert!(r.summary().contains("c: empty file"));
        assert!(r.summary().contains("b: same story as a"));
    }
}
