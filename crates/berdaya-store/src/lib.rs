//! berdaya-store
