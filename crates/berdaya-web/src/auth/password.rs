//! Password hashing with argon2id, and secret tokens.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};

#[derive(Clone, Debug)]
pub struct Hasher {
    params: Params,
}

impl Hasher {
    /// "normal": OWASP's argon2id baseline (19 MiB, 2 passes). "fast": for tests only.
    pub fn new(cost: &str) -> Hasher {
        let params = match cost {
            "fast" => Params::new(1024, 1, 1, None),
            _ => Params::new(19 * 1024, 2, 1, None),
        }
        .unwrap_or_default();
        Hasher { params }
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    pub fn hash(&self, password: &str) -> anyhow::Result<String> {
        let salt = random_bytes::<16>()?;
        let h = self
            .argon()
            .hash_password_with_salt(password.as_bytes(), &salt)
            .map_err(|e| anyhow::anyhow!("hashing password: {e}"))?;
        Ok(h.to_string())
    }

    /// True when `password` matches the stored PHC string. Parameters come from the hash,
    /// so hashes made with other costs still verify.
    pub fn verify(&self, password: &str, stored: &str) -> bool {
        self.argon().verify_password(password.as_bytes(), stored).is_ok()
    }
}

pub fn random_bytes<const N: usize>() -> anyhow::Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
    Ok(b)
}

/// A new random secret as 64 hex characters.
pub fn new_secret() -> anyhow::Result<String> {
    Ok(hex::encode(random_bytes::<32>()?))
}

/// What is stored for a secret: its SHA-256 (secrets are long and random, so no salt needed).
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Compare two strings in time independent of where they differ.
pub fn constant_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Our own rules for a new password, with the message in Bahasa Indonesia.
pub fn check_strength(password: &str, username: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < 10 {
        return Err("Kata sandi minimal 10 karakter.".into());
    }
    if n > 128 {
        return Err("Kata sandi maksimal 128 karakter.".into());
    }
    let first = password.chars().next().unwrap_or(' ');
    if password.chars().all(|c| c == first) {
        return Err("Kata sandi tidak boleh satu karakter yang diulang.".into());
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Err("Kata sandi tidak boleh memuat nama pengguna.".into());
    }
    const COMMON: &[&str] = &["1234567890", "password12", "qwertyuiop", "kata sandi", "katasandi1"];
    if COMMON.iter().any(|c| password.to_lowercase().starts_with(c)) {
        return Err("Kata sandi terlalu mudah ditebak.".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = Hasher::new("fast");
        let stored = h.hash("rahasia-dinas-2026").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(h.verify("rahasia-dinas-2026", &stored));
        assert!(!h.verify("rahasia-dinas-2027", &stored));
        // A hash made with another cost still verifies.
        assert!(Hasher::new("normal").verify("rahasia-dinas-2026", &stored));
        assert!(!h.verify("x", "not a hash"));
    }

    #[test]
    fn strength_rules() {
        assert!(check_strength("pendek", "budi").is_err());
        assert!(check_strength("aaaaaaaaaaaa", "budi").is_err());
        assert!(check_strength("budi-rahasia-2026", "budi").is_err());
        assert!(check_strength("1234567890abc", "budi").is_err());
        assert!(check_strength("Kopi-Bontang-77", "budi").is_ok());
    }

    #[test]
    fn secrets() {
        let s = new_secret().unwrap();
        assert_eq!(s.len(), 64);
        assert_ne!(s, new_secret().unwrap());
        assert_eq!(secret_hash("abc").len(), 64);
        assert!(constant_eq("abc", "abc"));
        assert!(!constant_eq("abc", "abd"));
        assert!(!constant_eq("abc", "ab"));
    }
}
