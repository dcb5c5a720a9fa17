//! Boilerplate that only shows across a corpus: a paragraph repeated word for word in many
//! of one source's articles (a comment policy, a newsletter promo, a sidebar teaser).
//!
//! A source is the article's publisher, or, when the article names none, the top folder
//! of its file (corpora are often kept a folder per outlet, as Timeline17 is).
//!
//! One file cannot tell "Views expressed in the comments do not represent those of
//! Reuters." from news; 198 of the same outlet's 291 articles can. A background paragraph
//! an agency reuses in a few updates is news and stays: a paragraph goes only when at
//! least [`MIN_ARTICLES`] articles and [`MIN_SHARE`] of its source's articles carry it.

use std::collections::{BTreeMap, BTreeSet};
use storyline_model::Article;

/// A paragraph is boilerplate only if at least this many articles of one source carry it.
pub const MIN_ARTICLES: usize = 5;
/// ... and at least this share of that source's articles.
pub const MIN_SHARE: f64 = 0.1;

/// A paragraph found to be boilerplate, and how often its source repeats it.
#[derive(Debug, Clone, PartialEq)]
pub struct Repeated {
    /// The source: see [`source`].
    pub source: String,
    /// The paragraph, trimmed.
    pub text: String,
    /// Articles carrying it.
    pub articles: usize,
    /// The source's articles.
    pub of: usize,
}

/// Where an article comes from, for telling boilerplate: its publisher, else the top
/// folder of its file followed by `/`, else "".
pub fn source(a: &Article) -> String {
    match (&a.publisher, a.source_file.split_once('/')) {
        (Some(p), _) => p.clone(),
        (None, Some((folder, _))) => format!("{folder}/"),
        (None, None) => String::new(),
    }
}

/// The boilerplate paragraphs of `articles`, by source, then by how often they repeat
/// (most first), then by text.
pub fn find(articles: &[Article]) -> Vec<Repeated> {
    let mut by_source: BTreeMap<String, (usize, BTreeMap<&str, usize>)> = BTreeMap::new();
    for a in articles {
        let (total, counts) = by_source.entry(source(a)).or_default();
        *total += 1;
        let distinct: BTreeSet<&str> = a.paragraphs.iter().map(|p| p.trim()).collect();
        for p in distinct.into_iter().filter(|p| !p.is_empty()) {
            *counts.entry(p).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for (from, (total, counts)) in by_source {
        let mut found: Vec<Repeated> = counts
            .into_iter()
            .filter(|&(_, n)| n >= MIN_ARTICLES && n as f64 >= MIN_SHARE * total as f64)
            .map(|(text, n)| Repeated {
                source: from.clone(),
                text: text.to_string(),
                articles: n,
                of: total,
            })
            .collect();
        found.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.text.cmp(&b.text)));
        out.extend(found);
    }
    out
}

/// Removes the `found` paragraphs from the articles of their source. An article that
/// would be left with no paragraph keeps its own (what it is is for the reader to see).
/// Returns how many paragraphs were removed.
pub fn remove(articles: &mut [Article], found: &[Repeated]) -> usize {
    let mut gone: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in found {
        gone.entry(&r.source).or_default().insert(&r.text);
    }
    let mut removed = 0;
    for a in articles.iter_mut() {
        let Some(texts) = gone.get(source(a).as_str()) else {
            continue;
        };
        let kept: Vec<String> = a
            .paragraphs
            .iter()
            .filter(|p| !texts.contains(p.trim()))
            .cloned()
            .collect();
        if kept.len() < a.paragraphs.len() && !kept.is_empty() {
            removed += a.paragraphs.len() - kept.len();
            a.paragraphs = kept;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(publisher: &str, paragraphs: &[&str]) -> Article {
        Article {
            id: String::new(),
            source_file: "story.txt".into(),
            title: String::new(),
            published: None,
            publisher: (!publisher.is_empty()).then(|| publisher.to_string()),
            url: None,
            author: None,
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            provenance: vec![],
            duplicates: vec![],
            set_aside: None,
        }
    }

    const POLICY: &str = "Views expressed in the comments do not represent those of Reuters.";

    #[test]
    fn a_paragraph_most_of_an_outlets_articles_repeat_goes() {
        let mut articles: Vec<Article> = (0..8)
            .map(|i| {
                let news = format!("Story {i}: the well was capped on July {i}.");
                if i < 6 {
                    article("Reuters", &[&news, POLICY])
                } else {
                    article("Reuters", &[&news])
                }
            })
            .collect();
        // Another outlet quoting the same words once is not affected.
        articles.push(article("BBC", &["A story.", POLICY]));
        let found = find(&articles);
        assert_eq!(
            found,
            vec![Repeated {
                source: "Reuters".into(),
                text: POLICY.into(),
                articles: 6,
                of: 8
            }]
        );
        assert_eq!(remove(&mut articles, &found), 6);
        assert!(articles[..8]
            .iter()
            .all(|a| a.paragraphs.len() == 1 && a.paragraphs[0].starts_with("Story")));
        assert_eq!(articles[8].paragraphs.len(), 2);
    }

    #[test]
    fn rare_or_few_repeats_stay() {
        // Four articles are too few, however large their share.
        let few: Vec<Article> = (0..4)
            .map(|_| article("AP", &["Background.", "News."]))
            .collect();
        assert!(find(&few).is_empty());
        // A background paragraph in 5 of 60 articles (8%) is news an agency reuses.
        let mut many: Vec<Article> = (0..60)
            .map(|i| article("AP", &[&format!("News {i}.")]))
            .collect();
        for a in &mut many[..5] {
            a.paragraphs.push("The spill began on April 20.".into());
        }
        assert!(find(&many).is_empty());
        // One more article carrying it, and it is 10%.
        many[5]
            .paragraphs
            .push("The spill began on April 20.".into());
        assert_eq!(find(&many).len(), 1);
    }

    #[test]
    fn without_a_publisher_the_top_folder_is_the_source() {
        let in_folder = |folder: &str, i: usize, extra: &[&str]| {
            let mut a = article("", &[&format!("News {i}.")]);
            a.paragraphs.extend(extra.iter().map(|p| p.to_string()));
            a.source_file = format!("{folder}/2010-04-2{i}/{i}.htm.txt");
            a
        };
        // Timeline17: a folder per outlet and story, no publisher in the text.
        let mut articles: Vec<Article> = (0..5)
            .map(|i| in_folder("bpoil_reuters", i, &[POLICY]))
            .collect();
        articles.extend((0..5).map(|i| in_folder("bpoil_bbc", i, &[])));
        let found = find(&articles);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].source.as_str(), found[0].of),
            ("bpoil_reuters/", 5)
        );
        assert_eq!(source(&article("", &[])), "");
    }

    #[test]
    fn an_article_of_nothing_but_boilerplate_keeps_it() {
        let mut articles: Vec<Article> = (0..5)
            .map(|i| article("", &[&format!("News {i}."), POLICY]))
            .collect();
        articles.push(article("", &[POLICY]));
        let found = find(&articles);
        assert_eq!(found.len(), 1);
        assert_eq!(remove(&mut articles, &found), 5);
        assert_eq!(articles[5].paragraphs, vec![POLICY.to_string()]);
    }
}
