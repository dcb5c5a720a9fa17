//! Per-article work of a stage, run in parallel, where a panic costs that article's share of
//! the stage instead of the build.

use rayon::prelude::*;
use storyline_model::Article;

/// Runs `work` on every article in parallel; the results come back in article order. An
/// article whose work panics gives `None` (the panic is a bug: the default hook has printed
/// it), and the caller names it in the build report.
pub(crate) fn per_article<T: Send>(
    articles: &[Article],
    work: impl Fn(usize, &Article) -> T + Sync,
) -> Vec<Option<T>> {
    articles
        .par_iter()
        .enumerate()
        .map(|(a, article)| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(a, article))).ok()
        })
        .collect()
}

/// The indices of the articles whose work panicked.
pub(crate) fn failed<T>(results: &[Option<T>]) -> Vec<usize> {
    results
        .iter()
        .enumerate()
        .filter_map(|(a, r)| r.is_none().then_some(a))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_costs_its_article_only_and_order_is_kept() {
        let articles: Vec<Article> = (0..50)
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
            })
            .collect();
        let results = per_article(&articles, |a, article| {
            // A slice inside a multi-byte character, as the bugs this guards against.
            if a % 17 == 3 {
                let _ = &"—"[..1];
            }
            article.paragraphs[0].clone()
        });
        assert_eq!(failed(&results), [3, 20, 37]);
        assert_eq!(results[4].as_deref(), Some("text 4"));
        assert_eq!(results.iter().flatten().count(), 47);
    }
}
