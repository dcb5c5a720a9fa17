//! Dated events: sentences that report something happening, merged across outlets.
