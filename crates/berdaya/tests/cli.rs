//! The binary's commands: admin, audit verify (with tampering), backup and restore.

use std::path::Path;
use std::process::Command;

use berdaya_store::{Db, audit, testing};

const BIN: &str = env!("CARGO_BIN_EXE_berdaya");

fn run<S: AsRef<std::ffi::OsStr>>(args: &[S], envs: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env("BERDAYA_PASSWORD_COST", "fast").env_remove("BERDAYA_DATABASE_URL");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

/// `--data-dir` for SQLite, or `--database` for a fresh PostgreSQL database.
async fn targets(dir: &Path) -> Vec<Vec<String>> {
    let mut t = vec![vec!["--data-dir".to_string(), dir.to_string_lossy().into_owned()]];
    if let Some(url) = testing::fresh_pg_url().await.unwrap() {
        t.push(vec!["--database".to_string(), url]);
    }
    t
}

async fn tamper(db: &Db, seq: i64) {
    match db {
        Db::Sqlite(p) => {
            sqlx::query("DROP TRIGGER audit_log_no_update").execute(p).await.unwrap();
            sqlx::query("UPDATE audit_log SET actor_name = 'penyusup' WHERE seq = $1").bind(seq).execute(p).await.unwrap();
        }
        Db::Pg(p) => {
            sqlx::query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update").execute(p).await.unwrap();
            sqlx::query("UPDATE audit_log SET actor_name = 'penyusup' WHERE seq = $1").bind(seq).execute(p).await.unwrap();
        }
    }
}

#[tokio::test]
async fn admin_commands_and_audit_verify_catch_tampering() {
    let dir = tempfile::tempdir().unwrap();
    for target in targets(dir.path()).await {
        let t: Vec<&str> = target.iter().map(String::as_str).collect();
        let with = |extra: &[&str]| -> Vec<String> { t.iter().chain(extra.iter()).map(|s| s.to_string()).collect() };
        let (code, out) = run(&with(&["admin", "create-agency", "--name", "Dinas Kota Bontang", "--region", "64.74"]), &[]);
        assert_eq!(code, 0, "{out}");
        let (code, out) = run(
            &with(&["admin", "create-user", "--username", "op1", "--full-name", "Operator Satu", "--role", "operator", "--agency", "Dinas Kota Bontang"]),
            &[("BERDAYA_NEW_PASSWORD", "Operator-Satu-2026")],
        );
        assert_eq!(code, 0, "{out}");
        // Validation messages in Bahasa, exit code 2, nothing written.
        let (code, out) = run(
            &with(&["admin", "create-user", "--username", "X!", "--full-name", "", "--role", "raja", "--agency", "Dinas Kota Bontang", "--password", "123"]),
            &[],
        );
        assert_eq!(code, 2, "{out}");
        assert!(out.contains("Nama lengkap wajib diisi"), "{out}");
        assert!(out.contains("Pilih peran"), "{out}");
        let (code, out) = run(&with(&["admin", "reset-password", "--username", "op1", "--password", "Operator-Baru-2026"]), &[]);
        assert_eq!(code, 0, "{out}");

        let (code, out) = run(&with(&["audit", "verify"]), &[]);
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("Rantai audit utuh: 3 baris"), "{out}");

        let url = if t[0] == "--database" { t[1].to_string() } else { dir.path().join("berdaya.db").to_string_lossy().into_owned() };
        let db = Db::connect(&url).await.unwrap();
        tamper(&db, 2).await;
        let (code, out) = run(&with(&["audit", "verify"]), &[]);
        assert_eq!(code, 2, "{out}");
        assert!(out.contains("baris #2"), "{out}");
        db.close().await;
    }
}

#[tokio::test]
async fn backup_under_write_load_then_restore() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let cfg = berdaya_web::config::Config { data_dir: data.clone(), ..Default::default() };
    std::fs::create_dir_all(cfg.uploads_dir().join("2026/11")).unwrap();
    std::fs::write(cfg.uploads_dir().join("2026/11/logo"), b"\x89PNG logo bytes").unwrap();
    let db = Db::connect(&cfg.database_url()).await.unwrap();
    db.migrate().await.unwrap();

    // Writers keep appending to the audit chain while the backup runs.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..3 {
        let (db, stop) = (db.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let e = audit::AuditEntry { actor_name: format!("w{w}"), action: "write".into(), entity_type: "t".into(), entity_id: n.to_string(), region: "64.74".into(), ..Default::default() };
                audit::record_alone(&db, e).await.unwrap();
                n += 1;
            }
            n
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let out = dir.path().join("cadangan.tar.gz");
    berdaya::backup::backup(&cfg, &out).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut written = 0;
    for w in writers {
        written += w.await.unwrap();
    }
    assert!(written > 10, "writers were busy during the backup ({written})");

    // Restore into a fresh folder; refuses to overwrite without --force.
    let cfg2 = berdaya_web::config::Config { data_dir: dir.path().join("pulih"), ..Default::default() };
    berdaya::backup::restore(&cfg2, &out, false).unwrap();
    assert!(berdaya::backup::restore(&cfg2, &out, false).is_err());
    let restored = Db::connect(&cfg2.database_url()).await.unwrap();
    let Db::Sqlite(p) = &restored else { unreachable!() };
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(p).await.unwrap();
    assert_eq!(check, "ok");
    let report = audit::verify(&restored, |_, _| {}).await.unwrap();
    assert!(report.ok(), "{report:?}");
    assert!(report.rows_checked > 0 && (report.rows_checked as u64) <= written);
    assert_eq!(std::fs::read(cfg2.uploads_dir().join("2026/11/logo")).unwrap(), b"\x89PNG logo bytes");
    // The live database kept everything written after the snapshot.
    let live = audit::verify(&db, |_, _| {}).await.unwrap();
    assert!(live.ok());
    assert_eq!(live.rows_checked as u64, written);
}

#[tokio::test]
async fn default_config_parses_back() {
    let (code, out) = run(&["default-config"], &[]);
    assert_eq!(code, 0);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("berdaya.toml");
    std::fs::write(&file, out.replace("port = 8080", "port = 9191")).unwrap();
    let args = berdaya::settings::ConfigArgs { config: Some(file), ..Default::default() };
    let cfg = berdaya::settings::load(&args).unwrap();
    assert_eq!(cfg.port, 9191);
    let (code, out) = run(&["--config", "/tidak/ada.toml", "migrate"], &[]);
    assert_ne!(code, 0);
    assert!(out.contains("tidak ada"), "{out}");
}
