//! berdaya-match
