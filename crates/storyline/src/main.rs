//! The `storyline` command line: build, export, serve.

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use storyline::timings::Timings;
use storyline::{emit, ingest, serve};

/// Turns a folder of news articles about one story into a static, searchable, offline
/// timeline whose every event links to the sentences that report it.
#[derive(Parser)]
#[command(name = "storyline", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a static site from a corpus folder: the web app, the data bundle, the search
    /// index, a page per route, the offline service worker, the exports and the build report.
    Build {
        /// Folder of articles (.txt, .html, .md, .json, .jsonl), searched recursively.
        corpus: PathBuf,
        /// Output folder for the site: a new or empty folder, or a previous site (which is
        /// replaced as a whole once the new one is written; files of your own in it stay).
        /// Never the corpus, a folder inside it, or your home folder.
        #[arg(long, short, default_value = "site")]
        out: PathBuf,
        /// Write into a non-empty folder that holds no Storyline site (its files named as the
        /// site's are replaced; the others stay).
        #[arg(long)]
        force: bool,
        /// URL path the site will be served under, e.g. /my-story/ on GitHub Pages.
        #[arg(long, default_value = "/")]
        public_url: String,
        /// Absolute URL the site will live at (e.g. https://user.github.io/my-story/), for
        /// link previews (Open Graph) and canonical links.
        #[arg(long)]
        site_url: Option<String>,
        /// A previous build (its site folder or timeline.json): event ids that were renamed
        /// or merged since, and entity ids whose name changed, keep working, as redirects
        /// to their successors.
        #[arg(long)]
        previous: Option<PathBuf>,
        /// Use this Trunk dist/ folder for the web app instead of the one built in.
        #[arg(long)]
        app_dir: Option<PathBuf>,
        /// About how many bytes of article text go in each file the app fetches an
        /// article's text from (data/text/); a story with less text than that keeps its
        /// text in data/story.json.
        #[arg(long, default_value_t = emit::TEXT_FILE_BYTES)]
        text_file_bytes: usize,
        #[command(flatten)]
        run: RunOptions,
        #[command(flatten)]
        cache: CacheOptions,
    },
    /// Print the corpus as the pipeline sees it (schema storyline.timeline/1), or its events
    /// as CSV, iCalendar, Atom or TimelineJS JSON.
    Export {
        corpus: PathBuf,
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
        /// URL the site is served under, for the event links of the csv, ics, atom and
        /// timelinejs formats (absolute, e.g. https://user.github.io/my-story/, is best).
        #[arg(long, default_value = "/")]
        site_url: String,
        #[command(flatten)]
        run: RunOptions,
        /// Reuse and keep the build cache in DIR (as `build --cache DIR`); without it,
        /// export neither reads nor writes a cache.
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
    },
    /// Serve a built site on 127.0.0.1 for preview and tests (brotli or gzip, as static hosts do).
    Serve {
        /// The site folder written by `storyline build`.
        site: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// URL path to serve the site under; must match the build's --public-url.
        #[arg(long, default_value = "/")]
        public_url: String,
        /// Answer unknown paths with 404.html, as GitHub Pages does, instead of index.html.
        #[arg(long)]
        no_fallback: bool,
    },
    /// Tag the temporal expressions of a TempEval-3 TimeML (.tml) file: the TIMEX3s inside
    /// <TEXT> are replaced by the tagger's, anchored on the document creation time.
    Timeml {
        /// The .tml file to tag.
        file: PathBuf,
        /// Where to write the tagged file (default: standard output).
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Search a built site (folder with timeline.json and search.bin) or a corpus folder.
    Search {
        /// A site folder written by `storyline build`, or a corpus folder.
        path: PathBuf,
        /// The query: words, "exact phrase", -excluded; see the storyline-search crate.
        query: String,
        /// Print the hits as JSON.
        #[arg(long)]
        json: bool,
        /// Hits to show per kind (events, articles, entities), as on the search page.
        #[arg(long, default_value_t = storyline_search::FIRST_SCREEN)]
        limit: usize,
    },
}

/// How a build runs: on how many threads, and what it prints on stderr.
#[derive(Args, Clone, Copy)]
struct RunOptions {
    /// Threads for the per-article work (cleaning, dates, entities, events, pages); the
    /// default is one per core. The output is the same whatever the number.
    #[arg(long, short, value_name = "N", value_parser = parse_jobs)]
    jobs: Option<usize>,
    /// Print errors only: no progress bars, no report summary, no closing line.
    #[arg(long, short)]
    quiet: bool,
    /// Also print a table of the stages: wall time, items, items per second.
    #[arg(long)]
    timings: bool,
}

/// Where the results of cleaning and date tagging are kept between builds.
#[derive(Args, Clone)]
struct CacheOptions {
    /// Keep the build cache (each file's cleaning, each article's dates) in DIR instead of
    /// CORPUS/.storyline-cache/. A rebuild redoes only what changed; the output is the
    /// same as without the cache. Deleting the folder is always safe.
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Neither read nor write the build cache.
    #[arg(long, conflicts_with = "cache")]
    no_cache: bool,
}

/// `--jobs N`: a number of threads, at least 1.
fn parse_jobs(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1 (the number of threads to build with)".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "{s:?} is not a number of threads: give a whole number, 1 or more"
        )),
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// The bundle (schema storyline.timeline/1).
    Json,
    /// One row per event.
    Csv,
    /// iCalendar: the events dated to the day, as all-day events.
    Ics,
    /// An Atom feed of the events, newest first.
    Atom,
    /// TimelineJS3 JSON, for Knight Lab's embeddable player.
    Timelinejs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            use storyline::report::terminal_safe;
            eprintln!("error: {}", terminal_safe(&err.to_string()));
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {}", terminal_safe(&cause.to_string()));
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build {
            corpus,
            out,
            public_url,
            site_url,
            previous,
            app_dir,
            text_file_bytes,
            force,
            run,
            cache,
        } => {
            emit::check_out(&out, &corpus, force)?;
            let opts = emit::SiteOptions {
                public_url: emit::normalize_public_url(&public_url)?,
                site_url: site_url.map(|u| format!("{}/", u.trim_end_matches('/'))),
                app: match app_dir {
                    Some(dir) => emit::AppSource::Dir(dir),
                    None => emit::AppSource::Embedded,
                },
                text_file_bytes,
            };
            storyline::report::set_quiet(run.quiet);
            let job = Job { run, cache };
            storyline::with_jobs(run.jobs, || build(&corpus, &out, previous, &opts, &job))?
        }
        Command::Export {
            corpus,
            format,
            site_url,
            run,
            cache,
        } => {
            storyline::report::set_quiet(run.quiet);
            let no_cache = cache.is_none();
            let job = Job {
                run,
                cache: CacheOptions { cache, no_cache },
            };
            let text =
                storyline::with_jobs(run.jobs, || export(&corpus, format, &site_url, &job))??;
            use std::io::Write as _;
            std::io::stdout().write_all(text.as_bytes())?;
            Ok(())
        }
        Command::Serve {
            site,
            port,
            public_url,
            no_fallback,
        } => {
            let prefix = emit::normalize_public_url(&public_url)?;
            if !site.join("index.html").is_file() {
                anyhow::bail!(
                    "{} has no index.html: build a site first with `storyline build`",
                    site.display()
                );
            }
            let fallback = if no_fallback {
                serve::Fallback::NotFound
            } else {
                serve::Fallback::Index
            };
            serve::serve(&site, &format!("127.0.0.1:{port}"), &prefix, fallback)
        }
        Command::Timeml { file, out } => {
            let raw = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let tagged = storyline::timeml::annotate(&raw)
                .with_context(|| format!("{} is not TimeML", file.display()))?;
            match out {
                Some(path) => std::fs::write(&path, tagged)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => to_stdout(&tagged)?,
            }
            Ok(())
        }
        Command::Search {
            path,
            query,
            json,
            limit,
        } => to_stdout(&search(&path, &query, json, limit)?),
    }
}

/// The options every pipeline run takes.
struct Job {
    run: RunOptions,
    cache: CacheOptions,
}

/// `storyline build`, on the pool of `--jobs` threads.
fn build(
    corpus: &Path,
    out: &Path,
    previous: Option<PathBuf>,
    opts: &emit::SiteOptions,
    job: &Job,
) -> Result<()> {
    let run = job.run;
    let mut timings = Timings::default();
    // Read before anything is written: --previous may be the output folder itself.
    let previous = previous.map(|p| ingest::read_previous(&p)).transpose()?;
    let (bundle, report) = run_pipeline(corpus, job, &mut timings)?;
    let mut bundle = bundle;
    if let Some(previous) = &previous {
        carry_over(previous, &mut bundle, run.quiet);
    }
    emit::write_site(out, &bundle, &report, opts, &mut timings)
        .with_context(|| format!("cannot write the site to {}", out.display()))?;
    if !run.quiet {
        eprint!("{}", report.summary());
        eprintln!(
            "wrote {} ({} articles, {} events, {} entities)",
            out.display(),
            bundle.articles.len(),
            bundle.events.len(),
            bundle.entities.len()
        );
    }
    print_timings(&timings, "built", &bundle, run);
    Ok(())
}

/// Read, every stage of the pipeline, and the cache opened before and saved after.
fn run_pipeline(
    corpus: &Path,
    job: &Job,
    timings: &mut Timings,
) -> Result<(storyline_model::Bundle, storyline::report::Report)> {
    let started = std::time::Instant::now();
    let cache = open_cache(corpus, &job.cache)?;
    if cache.dir().is_some() {
        timings.record("cache", 0, "results", started.elapsed());
    }
    let files = storyline::read_corpus(corpus, &cache, timings)?;
    let built = storyline::build_bundle_timed(&files, &cache, timings);
    if let Some(dir) = cache.dir() {
        let (reused, made) = cache.counts();
        let saved = timings.stage("cache", reused + made, "results", || cache.save());
        if let Err(e) = saved {
            eprintln!(
                "warning: the build cache in {} was not saved: {e:#}",
                dir.display()
            );
        }
        timings.notes.push(format!(
            "cache: {reused} results reused, {made} computed ({})",
            dir.display()
        ));
    }
    Ok(built)
}

/// The build cache `--cache` and `--no-cache` ask for: CORPUS/.storyline-cache/ by default.
/// A cache that cannot be read is started afresh.
fn open_cache(corpus: &Path, opts: &CacheOptions) -> Result<storyline::cache::Cache> {
    use storyline::cache::{Cache, CACHE_DIR};
    if opts.no_cache {
        return Ok(Cache::off());
    }
    let dir = opts.cache.clone().unwrap_or_else(|| corpus.join(CACHE_DIR));
    if let (Ok(a), Ok(b)) = (dir.canonicalize(), corpus.canonicalize()) {
        if a == b {
            anyhow::bail!(
                "--cache {} is the corpus folder: give the cache a folder of its own",
                dir.display()
            );
        }
    }
    Ok(Cache::open(&dir).unwrap_or_else(|e| {
        eprintln!("warning: the build cache starts afresh: {e:#}");
        Cache::fresh(&dir)
    }))
}

/// `--previous`: the event and entity links of the previous build kept as redirects.
fn carry_over(
    previous: &storyline_model::Bundle,
    bundle: &mut storyline_model::Bundle,
    quiet: bool,
) {
    bundle.redirects = storyline::redirects::carry_over(previous, bundle);
    bundle.entity_redirects = storyline::redirects::carry_over_entities(previous, bundle);
    let kept = !bundle.redirects.is_empty() || !bundle.entity_redirects.is_empty();
    if kept && !quiet {
        eprintln!(
            "kept {} event and {} entity links of the previous build working as redirects",
            bundle.redirects.len(),
            bundle.entity_redirects.len()
        );
    }
}

/// `storyline export`, on the pool of `--jobs` threads: the text to print.
fn export(corpus: &Path, format: ExportFormat, site_url: &str, job: &Job) -> Result<String> {
    let mut timings = Timings::default();
    let (bundle, report) = run_pipeline(corpus, job, &mut timings)?;
    if !job.run.quiet {
        eprint!("{}", report.summary());
    }
    let text = match format {
        ExportFormat::Json => format!("{}\n", serde_json::to_string_pretty(&bundle)?),
        ExportFormat::Csv => storyline::export::csv(&bundle, site_url),
        ExportFormat::Ics => storyline::export::ics(&bundle, site_url),
        ExportFormat::Atom => storyline::export::atom(&bundle, site_url),
        ExportFormat::Timelinejs => storyline::export::timelinejs(&bundle, site_url),
    };
    print_timings(&timings, "exported", &bundle, job.run);
    Ok(text)
}

/// The closing line (unless `--quiet`) and the `--timings` table, on stderr.
fn print_timings(timings: &Timings, verb: &str, bundle: &storyline_model::Bundle, run: RunOptions) {
    if !run.quiet {
        eprintln!(
            "{}",
            timings.summary(verb, bundle.articles.len(), bundle.events.len())
        );
    }
    if run.timings {
        eprint!("{}", timings.table());
    }
}

/// Writes a command's output. A reader that stops early (`| head`) closes the pipe: that
/// ends the output quietly, as in other Unix tools, rather than as an error.
fn to_stdout(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to the standard output")
        }
        _ => Ok(()),
    }
}

/// `storyline search`: the app's search engine on the command line; returns what to print.
fn search(path: &std::path::Path, query: &str, json: bool, limit: usize) -> Result<String> {
    use std::fmt::Write;
    use storyline_model::{Bundle, BUNDLE_FILE, SEARCH_FILE};
    use storyline_search::{build_index, Filters, HitKind, SearchIndex};
    let (bundle, index) = if path.join(BUNDLE_FILE).is_file() {
        let file = path.join(BUNDLE_FILE);
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let bundle =
            Bundle::from_json(&text).with_context(|| format!("cannot load {}", file.display()))?;
        let file = path.join(SEARCH_FILE);
        let index = if file.is_file() {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let index = SearchIndex::from_bytes(&bytes)
                .with_context(|| format!("cannot load {}", file.display()))?;
            if !index.is_for(&bundle) {
                anyhow::bail!(
                    "{} was not built from {BUNDLE_FILE}: rebuild the site",
                    file.display()
                );
            }
            index
        } else {
            eprintln!(
                "note: {} is missing; indexing {BUNDLE_FILE} in memory",
                file.display()
            );
            build_index(&bundle)
        };
        (bundle, index)
    } else {
        let (bundle, _) = storyline::build_bundle(&ingest::read_corpus(path)?);
        let index = build_index(&bundle);
        (bundle, index)
    };
    let results = index.search(&bundle, query, &Filters::default(), limit);
    if json {
        let hits: Vec<serde_json::Value> = results
            .hits
            .iter()
            .map(|h| {
                let mut hit = serde_json::json!({ "kind": h.kind.as_str(), h.kind.as_str(): h.id, "score": h.score, "snippet": h.snippet });
                if let Some(n) = h.sentence {
                    hit["sentence"] = n.into();
                }
                hit
            })
            .collect();
        return Ok(serde_json::to_string_pretty(&hits)? + "\n");
    }
    let mut out = String::new();
    if results.any_word {
        out += "No result has every word; showing results with any of them.\n";
    }
    if results.total == 0 {
        writeln!(out, "No results for {query:?}.")?;
        if !results.suggestions.is_empty() {
            writeln!(out, "Did you mean: {}?", results.suggestions.join(", "))?;
        }
        return Ok(out);
    }
    for kind in HitKind::ORDER {
        let hits: Vec<_> = results.hits.iter().filter(|h| h.kind == kind).collect();
        if hits.is_empty() {
            continue;
        }
        let count = results
            .facets
            .kinds
            .iter()
            .find(|c| c.value == kind.as_str())
            .map_or(hits.len(), |c| c.count);
        writeln!(out, "{}s ({} of {count})", kind.as_str(), hits.len())?;
        for h in hits {
            let mut marked = String::new();
            let mut at = 0;
            for &(s, e) in &h.highlights {
                marked.push_str(&h.snippet[at..s]);
                marked.push('«');
                marked.push_str(&h.snippet[s..e]);
                marked.push('»');
                at = e;
            }
            marked.push_str(&h.snippet[at..]);
            let link = h.sentence.map(|n| format!("#s{n}")).unwrap_or_default();
            writeln!(out, "  {}{link}  ({:.2})\n    {marked}", h.id, h.score)?;
        }
    }
    Ok(out)
}
