//! Per-article work of a stage, run in parallel, where a panic or a pathological file
//! costs that article's share of the stage instead of the build.

use rayon::prelude::*;
use std::cell::Cell;
use std::time::{Duration, Instant};
use storyline_model::Article;

/// How long one file may take in one stage, at the least. Every stage is linear in the
/// size of an article, so a real article takes milliseconds; this is the backstop for the
/// input nobody foresaw, which is then reported and left out rather than stalling the
/// build.
pub(crate) const FILE_BUDGET: Duration = Duration::from_secs(20);

/// What the budget grows by per byte of input: 10 s a megabyte, so that a big file that
/// is merely big (a 50 MB scrape, even in a debug build on a busy machine) is never cut,
/// and only work out of proportion to the input is.
const PER_BYTE: Duration = Duration::from_micros(10);

/// The budget of one file of `bytes` bytes in one stage.
pub(crate) fn budget_for(bytes: usize) -> Duration {
    FILE_BUDGET + PER_BYTE * u32::try_from(bytes).unwrap_or(u32::MAX)
}

/// Why an article's work in a stage gave nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lost {
    /// The work panicked: a bug (the default hook has printed it).
    Panic,
    /// The work ran past [`FILE_BUDGET`].
    OverBudget,
}

impl Lost {
    /// The report's words for it, given what was lost ("events", "names").
    pub fn reason(self, lost: &str) -> String {
        match self {
            Lost::Panic => format!(
                "finding {lost} failed on this article (a bug: please report it); its {lost} are left out"
            ),
            Lost::OverBudget => format!(
                "finding {lost} took longer than its time budget ({} s and 10 s a megabyte) on this article; its {lost} are left out",
                FILE_BUDGET.as_secs()
            ),
        }
    }
}

thread_local! {
    /// When the work running on this thread must stop.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// The payload that unwinds work past its deadline (not a panic: no hook runs).
struct OverBudget;

/// Called by the stages between units of work (a sentence, a paragraph): unwinds the
/// current article's work when its budget is spent.
pub(crate) fn tick() {
    if DEADLINE.get().is_some_and(|d| Instant::now() > d) {
        std::panic::resume_unwind(Box::new(OverBudget));
    }
}

/// Runs `work` with a deadline `budget` from now; a panic or a spent budget is the error.
pub(crate) fn within<T>(budget: Duration, work: impl FnOnce() -> T) -> Result<T, Lost> {
    let outer = DEADLINE.replace(Some(Instant::now() + budget));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    DEADLINE.set(outer);
    r.map_err(|payload| {
        if payload.is::<OverBudget>() {
            Lost::OverBudget
        } else {
            Lost::Panic
        }
    })
}

/// Runs `work` on every article in parallel, each within the budget of its size
/// ([`budget_for`]), with a progress bar labelled `what`; the results come back in
/// article order, and the caller names the lost ones in the build report.
pub(crate) fn per_article<T: Send>(
    articles: &[Article],
    what: &str,
    work: impl Fn(usize, &Article) -> T + Sync,
) -> Vec<Result<T, Lost>> {
    let bar = crate::report::progress(articles.len(), what);
    let out = per_article_within(
        articles,
        |article| budget_for(text_len(article)),
        |a, article| {
            let r = work(a, article);
            bar.inc(1);
            r
        },
    );
    bar.finish_and_clear();
    out
}

fn text_len(article: &Article) -> usize {
    article.paragraphs.iter().map(String::len).sum()
}

fn per_article_within<T: Send>(
    articles: &[Article],
    budget: impl Fn(&Article) -> Duration + Sync,
    work: impl Fn(usize, &Article) -> T + Sync,
) -> Vec<Result<T, Lost>> {
    articles
        .par_iter()
        .enumerate()
        .map(|(a, article)| within(budget(article), || work(a, article)))
        .collect()
}

/// The articles whose work was lost, with why.
pub(crate) fn failed<T>(results: &[Result<T, Lost>]) -> Vec<(usize, Lost)> {
    results
        .iter()
        .enumerate()
        .filter_map(|(a, r)| r.as_ref().err().map(|&l| (a, l)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` one-paragraph articles ("text 0", "text 1"…).
    fn articles(n: usize) -> Vec<Article> {
        (0..n)
            .map(|i| Article {
                id: format!("a{i}"),
                source_file: format!("a{i}.txt"),
                title: String::new(),
                published: None,
                publisher: None,
                url: None,
                author: None,
                paragraphs: vec![format!("text {i}")],
                provenance: vec![],
                duplicates: vec![],
                set_aside: None,
            })
            .collect()
    }

    #[test]
    fn a_panic_costs_its_article_only_and_order_is_kept() {
        let articles = articles(50);
        let results = per_article(&articles, "testing", |a, article| {
            // A slice inside a multi-byte character, as the bugs this guards against.
            if a % 17 == 3 {
                let _ = &"—"[..1];
            }
            article.paragraphs[0].clone()
        });
        assert_eq!(
            failed(&results),
            [(3, Lost::Panic), (20, Lost::Panic), (37, Lost::Panic)]
        );
        assert_eq!(results[4].as_deref().ok(), Some("text 4"));
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 47);
    }

    #[test]
    fn work_past_its_budget_is_cut_off_and_reported_as_such() {
        let articles = articles(4);
        let started = Instant::now();
        let results = per_article_within(
            &articles,
            |_| Duration::from_millis(50),
            |a, _| {
                // Article 2 never ends on its own, as a pathological input would not.
                if a == 2 {
                    loop {
                        tick();
                        std::thread::sleep(Duration::from_millis(1));
                    }
                }
                tick();
                a
            },
        );
        assert_eq!(failed(&results), [(2, Lost::OverBudget)]);
        assert_eq!(results[3], Ok(3));
        assert!(started.elapsed() < Duration::from_secs(5));
        // Outside a budgeted run, tick never fires.
        tick();
        assert!(Lost::OverBudget
            .reason("events")
            .contains("20 s and 10 s a megabyte"));
        assert_eq!(budget_for(50_000_000), Duration::from_secs(520));
    }
}
