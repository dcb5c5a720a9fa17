//! The Storyline build pipeline: corpus files in, a bundle and a build report out.
//!
//! Stages, one module each: [`ingest`] reads the corpus (the only stage besides [`emit`]
//! that touches the filesystem), [`clean`] turns each file into an article, [`dates`] tags
//! and resolves date expressions, [`events`] extracts and merges dated events,
//! [`entities`] finds people, places and organisations, [`emit`] writes the site, and
//! [`report`] accounts for every input file.

pub mod clean;
pub mod dates;
pub mod emit;
pub mod entities;
pub mod events;
pub mod ids;
pub mod ingest;
pub mod report;
pub mod serve;

use report::{FileStatus, Report};
use storyline_model::{Article, Bundle};

/// Runs every stage after ingest on in-memory files. Pure: no I/O.
pub fn build_bundle(corpus: &ingest::Corpus) -> (Bundle, Report) {
    let mut report = Report::default();
    for failure in &corpus.unreadable {
        report.push(failure.path.clone(), FileStatus::Skipped, Some(failure.reason.clone()), None);
    }
    let mut articles: Vec<Article> = Vec::new();
    let mut used_ids = std::collections::BTreeSet::new();
    for file in &corpus.files {
        match clean::clean(file) {
            Ok(cleaned) => {
                let id = ids::article_id(&file.path, &used_ids);
                used_ids.insert(id.clone());
                for w in &cleaned.warnings {
                    report.warn(&file.path, w);
                }
                report.push(file.path.clone(), FileStatus::Included, cleaned.note.clone(), Some(id.clone()));
                articles.push(cleaned.into_article(id, file.path.clone()));
            }
            Err(skip) => report.push(file.path.clone(), FileStatus::Skipped, Some(skip.to_string()), None),
        }
    }
    let mut bundle = Bundle::new(articles);
    bundle.story.title = corpus.config.title.clone().unwrap_or_else(|| default_story_title(&bundle));
    bundle.story.description = corpus.config.description.clone().unwrap_or_default();
    (bundle, report)
}

fn default_story_title(bundle: &Bundle) -> String {
    match bundle.articles.len() {
        0 => "Empty story".to_string(),
        n => format!("A story in {n} articles"),
    }
}
