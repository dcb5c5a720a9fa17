//! Windowing for long lists: which blocks of a list are near the viewport, from their heights.
//!
//! The timeline is cut into blocks of whole days; only the blocks within `overscan` pixels
//! of the viewport are in the DOM, the others are spacers of their (measured, else
//! estimated) height, so thousands of events never make thousands of DOM nodes.

/// The blocks `(first, last)` (inclusive) that meet the viewport widened by `overscan`
/// pixels on each side. `scrolled` is how far the top of the list is above the top of the
/// viewport (negative when the list starts further down the page).
pub fn visible_blocks(
    heights: &[f64],
    scrolled: f64,
    viewport: f64,
    overscan: f64,
) -> (usize, usize) {
    if heights.is_empty() {
        return (0, 0);
    }
    let (top, bottom) = (scrolled - overscan, scrolled + viewport + overscan);
    let mut first = None;
    let mut last = 0;
    let mut y = 0.0;
    for (i, h) in heights.iter().enumerate() {
        let end = y + h;
        if end > top && y < bottom {
            first.get_or_insert(i);
            last = i;
        } else if y >= bottom {
            break;
        }
        y = end;
    }
    match first {
        Some(first) => (first, last),
        // Scrolled past the end (the list shrank): show the last block.
        None if top > y => (heights.len() - 1, heights.len() - 1),
        None => (0, 0),
    }
}

/// Cuts consecutive groups (with their sizes) into blocks of at least `min` items, never
/// splitting a group: returns each block's range of group indices.
pub fn blocks(sizes: &[usize], min: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut n = 0;
    for (i, size) in sizes.iter().enumerate() {
        n += size;
        if n >= min {
            out.push(start..i + 1);
            start = i + 1;
            n = 0;
        }
    }
    if start < sizes.len() {
        out.push(start..sizes.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_blocks_that_meet_the_viewport() {
        let h = [100.0; 10]; // blocks at 0, 100, …, 900
        assert_eq!(visible_blocks(&h, 0.0, 150.0, 0.0), (0, 1));
        assert_eq!(visible_blocks(&h, 250.0, 100.0, 0.0), (2, 3));
        assert_eq!(visible_blocks(&h, 250.0, 100.0, 100.0), (1, 4));
        // The list starts below the fold: only its first block.
        assert_eq!(visible_blocks(&h, -500.0, 600.0, 0.0), (0, 0));
        // Scrolled beyond the end.
        assert_eq!(visible_blocks(&h, 5000.0, 600.0, 0.0), (9, 9));
        assert_eq!(visible_blocks(&[], 0.0, 600.0, 0.0), (0, 0));
    }

    #[test]
    fn uneven_heights() {
        let h = [1000.0, 10.0, 10.0, 1000.0];
        assert_eq!(visible_blocks(&h, 995.0, 30.0, 0.0), (0, 3));
        assert_eq!(visible_blocks(&h, 1005.0, 5.0, 0.0), (1, 1));
    }

    #[test]
    fn blocks_keep_groups_whole() {
        assert_eq!(blocks(&[3, 3, 3, 3, 1], 5), vec![0..2, 2..4, 4..5]);
        assert_eq!(blocks(&[50, 1, 1], 25), vec![0..1, 1..3]);
        assert_eq!(blocks(&[], 25), Vec::<std::ops::Range<usize>>::new());
        let sizes = [7, 1, 30, 2, 2, 2, 9];
        let b = blocks(&sizes, 10);
        let covered: Vec<usize> = b.iter().flat_map(|r| r.clone()).collect();
        assert_eq!(covered, (0..sizes.len()).collect::<Vec<_>>());
    }
}
