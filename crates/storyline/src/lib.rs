//! The Storyline build pipeline: corpus files in, a bundle and a build report out.
//!
//! Stages, one module each: [`ingest`] reads the corpus (the only stage besides [`emit`]
//! that touches the filesystem), [`clean`] turns each file into articles, [`dedup`] merges
//! syndicated copies, [`dates`] tags and resolves date expressions, [`events`] extracts
//! and merges dated events, [`entities`] finds people, places and organisations, [`emit`]
//! writes the site, and [`report`] accounts for every input file.
//!
//! [`build_bundle_timed`] runs them in this order, each timed under its name in
//! [`timings`]: read, clean, dedup, dates, entities, events (the candidate mentions of
//! each article), merge (the mentions clustered into events); [`emit::write_site`] adds
//! data, index, pages and write. With a [`cache::Cache`], cleaning and dates reuse the
//! results of a previous build for the files and articles that did not change.

pub mod cache;
pub mod clean;
pub mod dates;
pub mod dedup;
pub mod emit;
pub mod entities;
pub mod events;
pub mod export;
mod guard;
pub mod ids;
pub mod ingest;
pub mod offline;
pub mod pages;
pub mod redirects;
pub mod report;
pub mod serve;
pub mod timeml;
pub mod timings;
pub mod topic;

use cache::Cache;
use rayon::prelude::*;
use report::{FileStatus, Report};
use std::collections::BTreeSet;
use std::time::Instant;
use storyline_model::{Article, Bundle};
use timings::Timings;

/// Runs `work` on a rayon pool of `jobs` threads (`None`: one per core): every parallel
/// stage inside it runs on that pool, not on the global one, so a test can build with
/// one thread and then with two in the same process.
pub fn with_jobs<T: Send>(
    jobs: Option<usize>,
    work: impl FnOnce() -> T + Send,
) -> anyhow::Result<T> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()?;
    Ok(pool.install(work))
}

/// Stage "read": the corpus folder into memory ([`ingest::read_corpus_except`]; the cache
/// folder, when it is in the corpus, is left out), timed.
pub fn read_corpus(
    path: &std::path::Path,
    cache: &Cache,
    timings: &mut Timings,
) -> anyhow::Result<ingest::Corpus> {
    let started = Instant::now();
    let spinner = report::spinner("reading");
    let corpus = ingest::read_corpus_except(path, cache.dir());
    spinner.finish_and_clear();
    let corpus = corpus?;
    timings.record("read", corpus.files.len(), "files", started.elapsed());
    Ok(corpus)
}

/// Runs every stage after ingest on in-memory files. Pure apart from a progress bar on
/// stderr for large corpora.
pub fn build_bundle(corpus: &ingest::Corpus) -> (Bundle, Report) {
    build_bundle_timed(corpus, &Cache::off(), &mut Timings::default())
}

/// [`build_bundle`], reusing (and keeping) cleaning and dates in `cache`, and recording
/// each stage's time in `timings`.
pub fn build_bundle_timed(
    corpus: &ingest::Corpus,
    cache: &Cache,
    timings: &mut Timings,
) -> (Bundle, Report) {
    let mut report = Report::default();
    account_for_unused_files(corpus, &mut report);
    let files = corpus.files.len();
    let cleaned = timings.stage("clean", files, "files", || {
        clean_files_cached(corpus, cache)
    });
    let articles = timings.stage("dedup", files, "files", || {
        let spinner = report::spinner("merging duplicates");
        let mut articles = identify(corpus, cleaned, &mut report);
        drop_repeated_boilerplate(&mut articles, &mut report);
        merge_duplicates(&mut articles, &mut report);
        spinner.finish_and_clear();
        articles
    });
    let mut bundle = Bundle::new(articles);
    let n = bundle.articles.len();
    let dated = timings.stage("dates", n, "articles", || {
        tag_dates(&bundle.articles, cache)
    });
    // Stages 4-5: entities, then the events that cite them.
    let found = timings.stage("entities", n, "articles", || {
        entities::extract(&bundle.articles)
    });
    timings.stage("topic", n, "articles", || {
        set_aside_off_topic(corpus, &mut bundle.articles, &found, &mut report)
    });
    let mentions = timings.stage("events", n, "articles", || {
        events::candidates(&bundle.articles, &dated)
    });
    let failed = mentions.failed();
    bundle.events = timings.stage("merge", mentions.len(), "mentions", || {
        let spinner = report::spinner("merging events");
        let events = events::merge_mentions(&bundle.articles, &found, mentions);
        spinner.finish_and_clear();
        events
    });
    report_failures(&bundle.articles, "names", &found.failed, &mut report);
    report_failures(&bundle.articles, "events", &failed, &mut report);
    bundle.entities = found.entities;
    events::link_entities(&mut bundle.entities, &bundle.events);
    name_story(&mut bundle, &corpus.config);
    report.sort();
    (bundle, report)
}

/// Stage "dates" ([`events::tag_dates`]), each article's dates taken from the cache when
/// its paragraphs and anchor are the same as in a previous build.
fn tag_dates(articles: &[Article], cache: &Cache) -> Vec<events::Dated> {
    let anchors = events::anchors(articles);
    guard::per_article(articles, "dates", |a, article| {
        let anchor = anchors[a].map(|d| d.to_string()).unwrap_or_default();
        let mut parts: Vec<&[u8]> = vec![anchor.as_bytes()];
        parts.extend(article.paragraphs.iter().map(|p| p.as_bytes()));
        let key = cache::Key::new("dates", &parts);
        cache.get_or(key, || events::article_dates(article, anchors[a]))
    })
}

/// Stage "topic": articles far off the story's core ([`topic`]), or that `storyline.toml`
/// names with `on_topic = false`, are set aside with their reason, in the articles and in
/// the report.
fn set_aside_off_topic(
    corpus: &ingest::Corpus,
    articles: &mut [Article],
    found: &entities::Found,
    report: &mut Report,
) {
    let relevance = topic::relevance(articles, &found.entities);
    let decided: Vec<Option<bool>> = articles
        .iter()
        .map(|a| {
            corpus
                .overrides(&a.source_file)
                .filter_map(|o| o.on_topic)
                .last()
        })
        .collect();
    topic::set_aside(articles, &relevance, &decided);
    let reasons: std::collections::HashMap<&str, &str> = articles
        .iter()
        .filter_map(|a| Some((a.source_file.as_str(), a.set_aside.as_deref()?)))
        .collect();
    report.set_aside(&reasons);
}

/// The story's title and description: from `storyline.toml`, else inferred.
fn name_story(bundle: &mut Bundle, config: &ingest::Config) {
    let (title, description) = inferred_story(bundle);
    bundle.story.title = config.title.clone().unwrap_or(title);
    bundle.story.description = match (&config.title, &config.description) {
        (_, Some(d)) => d.clone(),
        (Some(_), None) => String::new(),
        (None, None) => description,
    };
}

/// Articles on which a stage panicked (a bug): named in the report with what they lost.
fn report_failures(
    articles: &[Article],
    lost: &str,
    failed: &[(usize, guard::Lost)],
    report: &mut Report,
) {
    for &(a, why) in failed {
        report.warn(&articles[a].source_file, &why.reason(lost));
    }
}

/// Stage 0: unreadable and excluded files, and problems with the corpus itself.
fn account_for_unused_files(corpus: &ingest::Corpus, report: &mut Report) {
    for w in &corpus.warnings {
        report.warn("", w);
    }
    for f in corpus.unreadable.iter().chain(&corpus.excluded) {
        report.push(
            f.path.clone(),
            FileStatus::Skipped,
            Some(f.reason.clone()),
            None,
        );
    }
}

/// Stage 1: every file cleaned, in parallel, results in path order. A panic in a
/// cleaner, or a file that takes longer than the budget, becomes a skipped file.
pub fn clean_files(corpus: &ingest::Corpus) -> Vec<Result<Vec<clean::Cleaned>, clean::Skip>> {
    clean_files_cached(corpus, &Cache::off())
}

/// [`clean_files`], each file's result taken from the cache when its path, bytes and
/// overrides are the same as in a previous build.
pub fn clean_files_cached(
    corpus: &ingest::Corpus,
    cache: &Cache,
) -> Vec<Result<Vec<clean::Cleaned>, clean::Skip>> {
    let bar = report::progress(corpus.files.len(), "cleaning");
    let out = corpus
        .files
        .par_iter()
        .map(|file| {
            let overrides = format!("{:?}", corpus.overrides(&file.path).collect::<Vec<_>>());
            let parts: [&[u8]; 3] = [file.path.as_bytes(), &file.bytes, overrides.as_bytes()];
            let r = match cache.get_or_try(cache::Key::new("clean", &parts), || clean_one(file)) {
                Ok(cleaned) => cleaned,
                Err(lost) => Err(lost_cleaning(lost, file)),
            };
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();
    out
}

/// One file cleaned within its time budget; a panic or a spent budget is the error.
fn clean_one(
    file: &ingest::InputFile,
) -> Result<Result<Vec<clean::Cleaned>, clean::Skip>, guard::Lost> {
    guard::within(guard::budget_for(file.bytes.len()), || clean::clean(file))
}

/// Why a file whose cleaning was cut short is skipped.
fn lost_cleaning(lost: guard::Lost, file: &ingest::InputFile) -> clean::Skip {
    clean::Skip::NotArticle(match lost {
        guard::Lost::Panic => "the cleaner failed on this file (a bug: please report it)".into(),
        guard::Lost::OverBudget => format!(
            "cleaning took longer than its time budget ({} s); the file is left out",
            guard::budget_for(file.bytes.len()).as_secs()
        ),
    })
}

/// Stage 2: ids from paths (plus the record number in multi-record files), overrides
/// from `storyline.toml`, and one report entry per file.
fn identify(
    corpus: &ingest::Corpus,
    cleaned: Vec<Result<Vec<clean::Cleaned>, clean::Skip>>,
    report: &mut Report,
) -> Vec<Article> {
    let mut articles = Vec::new();
    let mut taken = BTreeSet::new();
    for (file, result) in corpus.files.iter().zip(cleaned) {
        let list = match result {
            Ok(list) => list,
            Err(skip) => {
                report.push(
                    file.path.clone(),
                    FileStatus::Skipped,
                    Some(skip.to_string()),
                    None,
                );
                continue;
            }
        };
        let multi = list.len() > 1 || list.iter().any(|c| c.record.is_some());
        let mut ids = Vec::new();
        let mut note = None;
        for mut c in list {
            let id_path = match c.record {
                Some(n) if multi => format!("{}/{}", file.path, n + 1),
                _ => file.path.clone(),
            };
            let id = ids::article_id(&id_path, &taken);
            taken.insert(id.clone());
            for o in corpus.overrides(&file.path) {
                apply_override(&mut c, o);
            }
            for w in &c.warnings {
                let at = match c.record {
                    Some(n) if multi => format!("{} (record {})", file.path, n + 1),
                    _ => file.path.clone(),
                };
                report.warn(&at, w);
            }
            for (kind, n) in &c.removed {
                report.removed(kind, *n);
            }
            note = note.or(c.note.take());
            ids.push(id.clone());
            articles.push(c.into_article(id, file.path.clone()));
        }
        report.push(
            file.path.clone(),
            FileStatus::Included,
            None,
            ids.first().cloned(),
        );
        if let Some(e) = report.entry_mut(&file.path) {
            e.note = note;
            if multi {
                e.note = Some(match e.note.take() {
                    Some(n) => format!("{} articles; {n}", ids.len()),
                    None => format!("{} articles", ids.len()),
                });
                e.articles = ids;
            }
        }
    }
    articles
}

fn apply_override(c: &mut clean::Cleaned, o: &ingest::Override) {
    let fields = [
        ("title", &o.title),
        ("publisher", &o.publisher),
        ("url", &o.url),
        ("author", &o.author),
    ];
    for (field, value) in fields {
        if let Some(v) = value {
            c.force(field, v.clone(), "config");
        }
    }
    if let Some(d) = &o.published {
        match clean::meta::normalize_date(d) {
            Some(d) => c.force("published", d, "config"),
            None => c.warnings.push(format!(
                "storyline.toml: published {d:?} is not a date; ignored"
            )),
        }
    }
}

/// Stage 2b: paragraphs one source repeats in many of its articles are boilerplate
/// (`clean::repeated`); each one removed is named in the report.
fn drop_repeated_boilerplate(articles: &mut [Article], report: &mut Report) {
    let found = clean::repeated::find(articles);
    let before: Vec<usize> = articles.iter().map(|a| a.paragraphs.len()).collect();
    clean::repeated::remove(articles, &found);
    for (a, n) in articles.iter().zip(before) {
        if a.paragraphs.len() < n {
            report.removed(clean::REMOVED_KINDS[3], n - a.paragraphs.len());
        }
    }
    for r in &found {
        let mut preview: String = r.text.chars().take(80).collect();
        if preview.len() < r.text.len() {
            preview.push('…');
        }
        let from = match r.source.as_str() {
            "" => "articles without a publisher".to_string(),
            folder if folder.ends_with('/') => format!("articles in {folder}"),
            publisher => format!("articles from {publisher}"),
        };
        report.warn(
            "",
            &format!(
                "removed as boilerplate: “{preview}” (the same paragraph in {} of {} {from})",
                r.articles, r.of
            ),
        );
    }
}

/// Stage 3: exact and near-duplicate articles kept once; the copies' files are listed on
/// the kept article and reported as duplicates.
fn merge_duplicates(articles: &mut Vec<Article>, report: &mut Report) {
    let paragraphs: Vec<&[String]> = articles.iter().map(|a| a.paragraphs.as_slice()).collect();
    let dups = dedup::find_duplicates(&paragraphs);
    if dups.is_empty() {
        return;
    }
    let mut dropped = BTreeSet::new();
    for d in &dups {
        let (kept_file, kept_id) = (
            articles[d.kept].source_file.clone(),
            articles[d.kept].id.clone(),
        );
        let dup_file = articles[d.duplicate].source_file.clone();
        let dup_id = articles[d.duplicate].id.clone();
        let how = if d.exact {
            "exact copy".to_string()
        } else {
            format!("near-duplicate, {:.0}% similar", d.similarity * 100.0)
        };
        let src = if dup_file == kept_file {
            dup_id.clone()
        } else {
            dup_file.clone()
        };
        if !articles[d.kept].duplicates.contains(&src) {
            articles[d.kept].duplicates.push(src);
        }
        // Fill metadata the kept copy lacks from its duplicate.
        let (kept, dup) = if d.kept < d.duplicate {
            let (a, b) = articles.split_at_mut(d.duplicate);
            (&mut a[d.kept], &b[0])
        } else {
            let (a, b) = articles.split_at_mut(d.kept);
            (&mut b[0], &a[d.duplicate])
        };
        for (field, slot, value) in [
            ("published", &mut kept.published, &dup.published),
            ("publisher", &mut kept.publisher, &dup.publisher),
            ("url", &mut kept.url, &dup.url),
            ("author", &mut kept.author, &dup.author),
        ] {
            if slot.is_none() && value.is_some() {
                *slot = value.clone();
                kept.provenance.retain(|p| p.field != field);
                let source = dup
                    .provenance
                    .iter()
                    .find(|p| p.field == field)
                    .map(|p| p.source.clone())
                    .unwrap_or_default();
                kept.provenance.push(storyline_model::Provenance {
                    field: field.into(),
                    source,
                });
            }
        }
        dropped.insert(dup_id.clone());
        let reason = format!("same story as {kept_file} ({how}); kept as article {kept_id}");
        let entry_ids = report.entry_mut(&dup_file).map(|e| {
            if e.articles.is_empty() {
                vec![dup_id.clone()]
            } else {
                e.articles.clone()
            }
        });
        if let Some(ids) = entry_ids {
            if ids.iter().all(|i| dropped.contains(i)) {
                report.set_status(&dup_file, FileStatus::Duplicate, Some(reason));
            } else {
                report.warn(&dup_file, &format!("article {dup_id} merged: {reason}"));
            }
        }
    }
    articles.retain(|a| !dropped.contains(&a.id));
}

/// A title and description for a story whose `storyline.toml` gives none: its two most
/// reported names and its span of publication ("BP and Barack Obama, April 2010 to
/// January 2011"), and a description that says it was inferred, from what. Articles set
/// aside as off topic do not count.
fn inferred_story(bundle: &Bundle) -> (String, String) {
    let on_topic: Vec<&Article> = bundle
        .articles
        .iter()
        .filter(|a| a.set_aside.is_none())
        .collect();
    let kept: std::collections::HashSet<&str> = on_topic.iter().map(|a| a.id.as_str()).collect();
    let reported = |e: &storyline_model::Entity| {
        e.articles
            .iter()
            .filter(|a| kept.contains(a.as_str()))
            .count()
    };
    let n = on_topic.len();
    if n == 0 {
        return ("Empty story".into(), String::new());
    }
    let mut names: Vec<&storyline_model::Entity> = bundle.entities.iter().collect();
    names.sort_by_cached_key(|e| (std::cmp::Reverse(reported(e)), e.name.clone()));
    let names: Vec<&str> = names.iter().take(2).map(|e| e.name.as_str()).collect();
    let mut days: Vec<&str> = on_topic
        .iter()
        .filter_map(|a| a.published.as_deref())
        .collect();
    days.sort_unstable();
    let month = |d: &str| storyline_model::human_date(d.get(..7).unwrap_or(d));
    let span = match (days.first(), days.last()) {
        (Some(a), Some(b)) if month(a) == month(b) => month(a),
        (Some(a), Some(b)) => format!("{} to {}", month(a), month(b)),
        _ => String::new(),
    };
    let title = match (names.as_slice(), span.is_empty()) {
        ([], true) => format!("A story in {n} {}", plural(n, "article", "articles")),
        ([], false) => format!("A story, {span}"),
        (names, true) => names.join(" and "),
        (names, false) => format!("{}, {span}", names.join(" and ")),
    };
    let mut outlets: Vec<&str> = on_topic
        .iter()
        .filter_map(|a| a.publisher.as_deref())
        .collect();
    outlets.sort_unstable();
    outlets.dedup();
    let by = match outlets.len() {
        0 => String::new(),
        k => format!(" by {k} {}", plural(k, "outlet", "outlets")),
    };
    let aside = match bundle.articles.len() - n {
        0 => String::new(),
        k => format!(" ({k} more set aside as off topic)"),
    };
    let description = format!(
        "Title and description inferred from {n} {}{by}{aside}; a storyline.toml with \
         title and description names the story.",
        plural(n, "article", "articles")
    );
    (title, description)
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
