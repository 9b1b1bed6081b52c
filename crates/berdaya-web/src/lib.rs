//! berdaya-web
