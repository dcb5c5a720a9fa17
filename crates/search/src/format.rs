//! The binary form of a [`SearchIndex`]: magic, version, then length-prefixed sections.
//!
//! ```text
//! magic "STLSRCH\n" | version u32 LE
//! section*: length u32 LE | bytes
//!   1 header     varints: articles, events, entities, fingerprint (u64)
//!   2 dictionary an fst::Map, stemmed term -> offset of its postings
//!   3 postings   per term: df, then per doc: doc delta, (tf_body << 1 | has_title) [, tf_title]
//!   4 docs       per doc: len_title, len_body, date_from, date_to - date_from, reach,
//!                n_outlets, outlet*, n_entities, entity delta*
//!   5 outlets    count, then (len, utf-8)*
//!   6 aliases    groups, then per group: forms, per form: terms, per term: (len, utf-8)
//! ```
//! Every integer after the version is an unsigned LEB128 varint. The same bundle always
//! gives the same bytes.

use crate::{DocMeta, HitKind, SearchError, SearchIndex};

/// Magic bytes opening every index file.
pub const MAGIC: &[u8; 8] = b"STLSRCH\n";
/// Bumped whenever the layout changes; an index of another version is refused.
pub const FORMAT_VERSION: u32 = 1;

/// Appends `v` as an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// A cursor over varint-encoded bytes that reports truncation instead of panicking.
pub struct Reader<'a> {
    /// The bytes read.
    pub bytes: &'a [u8],
    /// Offset in `bytes` of the next byte to read.
    pub pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    /// A reader at offset `pos` of `bytes`.
    pub fn at(bytes: &'a [u8], pos: usize) -> Self {
        Reader { bytes, pos }
    }

    /// The next unsigned LEB128 varint; `None` when the bytes end inside it or it runs
    /// past ten bytes.
    pub fn varint(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        let mut shift = 0;
        loop {
            let b = *self.bytes.get(self.pos)?;
            self.pos += 1;
            if shift >= 64 {
                return None;
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
            shift += 7;
        }
    }

    fn u32(&mut self) -> Option<u32> {
        self.varint().and_then(|v| u32::try_from(v).ok())
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }

    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    fn section(&mut self) -> Option<&'a [u8]> {
        let len = u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize;
        self.take(len)
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_section(out: &mut Vec<u8>, section: &[u8]) {
    out.extend_from_slice(&(section.len() as u32).to_le_bytes());
    out.extend_from_slice(section);
}

impl SearchIndex {
    /// The index as bytes, to ship next to the bundle (`search.bin`).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.postings.len() * 2);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        let mut header = Vec::new();
        for c in self.counts {
            put_varint(&mut header, u64::from(c));
        }
        put_varint(&mut header, self.fingerprint);
        put_section(&mut out, &header);
        put_section(&mut out, self.dict.as_fst().as_bytes());
        put_section(&mut out, &self.postings);
        put_section(&mut out, &encode_docs(&self.docs));
        let mut outlets = Vec::new();
        put_varint(&mut outlets, self.outlets.len() as u64);
        for o in &self.outlets {
            put_str(&mut outlets, o);
        }
        put_section(&mut out, &outlets);
        let mut aliases = Vec::new();
        put_varint(&mut aliases, self.alias_groups.len() as u64);
        for group in &self.alias_groups {
            put_varint(&mut aliases, group.len() as u64);
            for form in group {
                put_varint(&mut aliases, form.len() as u64);
                for t in form {
                    put_str(&mut aliases, t);
                }
            }
        }
        put_section(&mut out, &aliases);
        out
    }

    /// Reads an index written by [`SearchIndex::to_bytes`] of the same format version.
    pub fn from_bytes(bytes: &[u8]) -> Result<SearchIndex, SearchError> {
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(SearchError::NotAnIndex);
        }
        let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
        if version != FORMAT_VERSION {
            return Err(SearchError::Version {
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        let corrupt = |what: &str| SearchError::Corrupt(format!("bad {what} section"));
        let mut r = Reader::at(bytes, 12);
        let header = r.section().ok_or_else(|| corrupt("header"))?;
        let dict = r.section().ok_or_else(|| corrupt("dictionary"))?;
        let postings = r.section().ok_or_else(|| corrupt("postings"))?;
        let docs = r.section().ok_or_else(|| corrupt("documents"))?;
        let outlets = r.section().ok_or_else(|| corrupt("outlets"))?;
        let aliases = r.section().ok_or_else(|| corrupt("aliases"))?;

        let mut h = Reader::new(header);
        let mut counts = [0u32; 3];
        for c in &mut counts {
            *c = h.u32().ok_or_else(|| corrupt("header"))?;
        }
        let fingerprint = h.varint().ok_or_else(|| corrupt("header"))?;

        let fst =
            fst::raw::Fst::new(dict.to_vec()).map_err(|e| SearchError::Corrupt(e.to_string()))?;
        fst.verify()
            .map_err(|e| SearchError::Corrupt(e.to_string()))?;
        let dict = fst::Map::from(fst);

        let ndocs = counts.iter().map(|&c| c as usize).sum::<usize>();
        let docs = decode_docs(docs, counts)
            .filter(|d| d.len() == ndocs)
            .ok_or_else(|| corrupt("documents"))?;

        let mut o = Reader::new(outlets);
        let n = o.u32().ok_or_else(|| corrupt("outlets"))? as usize;
        let outlets = (0..n)
            .map(|_| o.string())
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| corrupt("outlets"))?;
        if docs
            .iter()
            .any(|d| d.outlets.iter().any(|&i| i as usize >= outlets.len()))
        {
            return Err(corrupt("outlets"));
        }

        let mut a = Reader::new(aliases);
        let alias_groups = (|| {
            let groups = a.u32()? as usize;
            let mut out = Vec::with_capacity(groups.min(1 << 16));
            for _ in 0..groups {
                let forms = a.u32()? as usize;
                let mut group = Vec::with_capacity(forms.min(1 << 8));
                for _ in 0..forms {
                    let terms = a.u32()? as usize;
                    group.push((0..terms).map(|_| a.string()).collect::<Option<Vec<_>>>()?);
                }
                out.push(group);
            }
            Some(out)
        })()
        .ok_or_else(|| corrupt("aliases"))?;

        Ok(SearchIndex::assemble(
            dict,
            postings.to_vec(),
            docs,
            outlets,
            counts,
            fingerprint,
            alias_groups,
        ))
    }
}

fn encode_docs(docs: &[DocMeta]) -> Vec<u8> {
    let mut out = Vec::new();
    for d in docs {
        put_varint(&mut out, u64::from(d.len[0]));
        put_varint(&mut out, u64::from(d.len[1]));
        put_varint(&mut out, u64::from(d.date.0));
        put_varint(&mut out, u64::from(d.date.1 - d.date.0));
        put_varint(&mut out, u64::from(d.reach));
        put_varint(&mut out, d.outlets.len() as u64);
        for &o in &d.outlets {
            put_varint(&mut out, u64::from(o));
        }
        put_varint(&mut out, d.entities.len() as u64);
        let mut last = 0;
        for &e in &d.entities {
            put_varint(&mut out, u64::from(e - last));
            last = e;
        }
    }
    out
}

fn decode_docs(bytes: &[u8], counts: [u32; 3]) -> Option<Vec<DocMeta>> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::new();
    for (kind, &count) in [HitKind::Article, HitKind::Event, HitKind::Entity]
        .iter()
        .zip(&counts)
    {
        for ext in 0..count {
            let len = [r.u32()?, r.u32()?];
            let from = r.u32()?;
            let to = from.checked_add(r.u32()?)?;
            let reach = r.u32()?;
            let n = r.u32()? as usize;
            let outlets = (0..n).map(|_| r.u32()).collect::<Option<Vec<_>>>()?;
            let n = r.u32()? as usize;
            let mut entities = Vec::with_capacity(n.min(1 << 12));
            let mut last = 0u32;
            for _ in 0..n {
                last = last.checked_add(r.u32()?)?;
                entities.push(last);
            }
            out.push(DocMeta {
                kind: *kind,
                ext,
                len,
                date: (from, to),
                reach,
                outlets,
                entities,
            });
        }
    }
    (r.pos == bytes.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut out = Vec::new();
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            put_varint(&mut out, v);
        }
        let mut r = Reader::new(&out);
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.varint(), Some(v));
        }
        assert_eq!(r.varint(), None);
    }
}
