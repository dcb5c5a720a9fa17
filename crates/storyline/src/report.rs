//! The build report: what became of every input file, and the warnings met on the way.

use serde::Serialize;
use std::fmt::Write;
use std::io::IsTerminal;

/// What became of an input file.
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

/// One input file in the report.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    /// Path relative to the corpus root, `/`-separated.
    pub path: String,
    /// What became of the file.
    pub status: FileStatus,
    /// Why the file is skipped or a duplicate; `None` for an included file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Id given to the file's article (the first, when it yields several); `None` when it
    /// yields none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// Every article of a file that yields several (JSON Lines, a JSON array).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<String>,
    /// Something worth knowing about an included file ("invalid UTF-8 repaired").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Why the file's article is set aside as off the story's topic (it stays readable
    /// on the site and feeds no events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_aside: Option<String>,
}

/// A problem met during the build that did not stop it.
#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    /// The file it concerns (with ` (record n)` for one record of a multi-record file);
    /// empty when it concerns the corpus as a whole.
    pub path: String,
    /// What went wrong, in plain words.
    pub message: String,
}

/// Totals of the report: files by status, and warnings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    /// Every input file reported, whatever became of it.
    pub files: usize,
    /// Files with status [`FileStatus::Included`].
    pub included: usize,
    /// Files with status [`FileStatus::Duplicate`].
    pub duplicate: usize,
    /// Files with status [`FileStatus::Skipped`].
    pub skipped: usize,
    /// Included files whose article is set aside as off topic.
    pub set_aside: usize,
    /// Warnings met (the length of [`Report::warnings`]).
    pub warnings: usize,
}

/// How much of one kind of page furniture cleaning took out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Removed {
    /// Paragraphs removed (for clock stamps: stamps read as times, the text kept).
    pub paragraphs: usize,
    /// Articles they were taken from.
    pub articles: usize,
}

/// The build report, written as `report.json` in a built site: what became of every
/// input file, and the warnings met.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Totals of the files by status, and of the warnings.
    pub counts: Counts,
    /// Page furniture taken out of the articles, by kind.
    pub removed: std::collections::BTreeMap<String, Removed>,
    /// One entry per input file (in path order after [`Report::sort`]).
    pub files: Vec<FileEntry>,
    /// Warnings, in the order they were met.
    pub warnings: Vec<Warning>,
}

impl Report {
    /// Records an input file: its path, status, the reason when it is not included, and
    /// its article's id.
    pub fn push(
        &mut self,
        path: String,
        status: FileStatus,
        reason: Option<String>,
        article: Option<String>,
    ) {
        self.counts.files += 1;
        match status {
            FileStatus::Included => self.counts.included += 1,
            FileStatus::Duplicate => self.counts.duplicate += 1,
            FileStatus::Skipped => self.counts.skipped += 1,
        }
        self.files.push(FileEntry {
            path,
            status,
            reason,
            article,
            articles: Vec::new(),
            note: None,
            set_aside: None,
        });
    }

    /// Marks the included files whose article is set aside, with the reason (by path).
    pub fn set_aside(&mut self, reasons: &std::collections::HashMap<&str, &str>) {
        for f in &mut self.files {
            if let Some(reason) = reasons.get(f.path.as_str()) {
                f.set_aside = Some(reason.to_string());
                self.counts.set_aside += 1;
            }
        }
    }

    /// The entry of a file, to add details after [`Report::push`].
    pub fn entry_mut(&mut self, path: &str) -> Option<&mut FileEntry> {
        self.files.iter_mut().find(|f| f.path == path)
    }

    /// Puts the file entries in path order (warnings keep their order).
    pub fn sort(&mut self) {
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
    }

    /// Counts `paragraphs` of furniture of `kind` taken out of one article.
    pub fn removed(&mut self, kind: &str, paragraphs: usize) {
        let r = self.removed.entry(kind.to_string()).or_default();
        r.paragraphs += paragraphs;
        r.articles += 1;
    }

    /// Records a warning about a file (`path`; empty for the corpus as a whole).
    pub fn warn(&mut self, path: &str, message: &str) {
        self.counts.warnings += 1;
        self.warnings.push(Warning {
            path: path.to_string(),
            message: message.to_string(),
        });
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
        if c.set_aside > 0 {
            let _ = writeln!(
                s,
                "  {} of the included articles set aside as off the story's topic (readable \
                 on the site, no events; see {})",
                c.set_aside,
                storyline_model::REPORT_FILE
            );
        }
        const SHOWN: usize = 30;
        let listed: Vec<&FileEntry> = self
            .files
            .iter()
            .filter(|f| f.status != FileStatus::Included)
            .collect();
        for f in listed.iter().take(SHOWN) {
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
        if listed.len() > SHOWN {
            let _ = writeln!(
                s,
                "  ... and {} more (see {})",
                listed.len() - SHOWN,
                storyline_model::REPORT_FILE
            );
        }
        if !self.removed.is_empty() {
            let kinds: Vec<String> = self
                .removed
                .iter()
                .map(|(kind, r)| format!("{kind} {} (in {} articles)", r.paragraphs, r.articles))
                .collect();
            let _ = writeln!(s, "  page furniture removed: {}", kinds.join("; "));
        }
        let undated = self
            .warnings
            .iter()
            .filter(|w| w.message.starts_with("no publication date"))
            .count();
        if undated > 0 {
            let _ = writeln!(
                s,
                "  {undated} articles have no publication date (left empty, never guessed)"
            );
        }
        for w in self
            .warnings
            .iter()
            .filter(|w| !w.message.starts_with("no publication date"))
            .take(10)
        {
            let _ = writeln!(
                s,
                "  warning   {}: {}",
                if w.path.is_empty() {
                    "(corpus)"
                } else {
                    &w.path
                },
                w.message
            );
        }
        let rest = self
            .warnings
            .iter()
            .filter(|w| !w.message.starts_with("no publication date"))
            .count();
        if rest > 10 {
            let _ = writeln!(
                s,
                "  ... and {} more warnings (see {})",
                rest - 10,
                storyline_model::REPORT_FILE
            );
        }
        terminal_safe(&s)
    }
}

/// Text for the terminal: control characters other than line breaks and tabs (an escape
/// sequence in a file's name or an article's metadata) are written as `\u{1b}`, and so
/// are bidirectional overrides, so they cannot recolour, move or clear the user's terminal.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Bidirectional overrides and isolates reorder what the line seems to say.
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if (c.is_control() && c != '\n' && c != '\t') || bidi {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether progress bars and spinners are off for the whole process (`--quiet`).
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turns every later progress bar and spinner off (`--quiet`), or back on.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// Whether progress may be drawn: stderr is a terminal and `--quiet` was not given.
fn shown() -> bool {
    !QUIET.load(std::sync::atomic::Ordering::Relaxed) && std::io::stderr().is_terminal()
}

/// A progress bar on stderr for `len` steps, with counts, rate and ETA, shown only when
/// stderr is a terminal, `--quiet` is off and the job is long enough to wait for;
/// otherwise hidden (every call is a no-op).
pub fn progress(len: usize, what: &str) -> indicatif::ProgressBar {
    if len < 300 || !shown() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

/// A spinner on stderr with the elapsed time, for a stage that is not a count of items
/// (merging across articles); shown and hidden as [`progress`] is.
pub fn spinner(what: &str) -> indicatif::ProgressBar {
    if !shown() {
        return indicatif::ProgressBar::hidden();
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up() {
        let mut r = Report::default();
        r.push("a".into(), FileStatus::Included, None, Some("a".into()));
        r.push("b".into(), FileStatus::Included, None, Some("b".into()));
        r.push(
            "c".into(),
            FileStatus::Skipped,
            Some("empty file".into()),
            None,
        );
        r.set_status("b", FileStatus::Duplicate, Some("same story as a".into()));
        let c = &r.counts;
        assert_eq!((c.files, c.included, c.duplicate, c.skipped), (3, 1, 1, 1));
        assert_eq!(c.included + c.duplicate + c.skipped, c.files);
        assert!(r.summary().contains("c: empty file"));
        assert!(r.summary().contains("b: same story as a"));
    }

    #[test]
    fn the_summary_escapes_what_would_drive_the_terminal() {
        let mut r = Report::default();
        r.push(
            "evil\u{1b}[2J\u{1b}[31mred\u{202e}txt.bin".into(),
            FileStatus::Skipped,
            Some("binary \u{7}".into()),
            None,
        );
        r.warn(
            "a\u{1b}]0;title\u{7}.txt",
            "url \"\u{1b}[0m\" is not a web address",
        );
        let s = r.summary();
        assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "{s:?}");
        assert!(
            s.contains("evil\\u{1b}[2J\\u{1b}[31mred\\u{202e}txt.bin: binary \\u{7}"),
            "{s}"
        );
        assert_eq!(terminal_safe("line\n\tindented"), "line\n\tindented");
    }
}
