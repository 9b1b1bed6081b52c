//! The complaints store on SQLite and (with BERDAYA_TEST_PG) PostgreSQL: routing to the most
//! specific agency, escalation targets, scope, optimistic updates, public events, counts.

use berdaya_core::{KodeWilayah, Scope};
use berdaya_store::agencies::{self, Agency, NewAgency};
use berdaya_store::complaints::{self, Complaint, ComplaintFilter, Event};
use berdaya_store::{Db, StoreError, testing};
use chrono::Duration;

fn scope(code: &str) -> Scope {
    Scope::Region(KodeWilayah::parse(code).unwrap())
}

async fn agency(db: &Db, name: &str, region: &str) -> Agency {
    let mut tx = db.begin().await.unwrap();
    let a = agencies::create(
        &mut tx,
        &NewAgency { name: name.into(), short_name: String::new(), region: region.into(), address: String::new(), phone: String::new(), email: String::new() },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    a
}

fn complaint(code: &str, region: &str, a: &Agency, status: &str, due_in: Duration) -> Complaint {
    let now = berdaya_store::now();
    Complaint {
        id: berdaya_store::new_id(),
        code: code.into(),
        region: region.into(),
        agency_id: a.id,
        handling_region: a.region.clone(),
        escalation_level: 0,
        category: "bantuan_lambat".into(),
        status: status.into(),
        reporter_name: String::new(),
        reporter_phone: "+6281234567890".into(),
        reporter_email: String::new(),
        reporter_nik: String::new(),
        body: "Bantuan belum diterima sejak tiga bulan".into(),
        attachment_file_id: None,
        assigned_to: None,
        due_at: Some(now + due_in),
        first_response_at: None,
        closed_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

fn event(c: &Complaint, kind: &str, public: bool, body: &str) -> Event {
    Event {
        id: berdaya_store::new_id(),
        complaint_id: c.id,
        region: c.region.clone(),
        at: berdaya_store::now(),
        kind: kind.into(),
        public,
        from_status: String::new(),
        to_status: String::new(),
        body: body.into(),
        agency_name: String::new(),
        actor_id: None,
        actor_name: "uji".into(),
    }
}

async fn insert(db: &Db, c: &Complaint, events: &[Event]) {
    let mut tx = db.begin().await.unwrap();
    complaints::insert(&mut tx, c).await.unwrap();
    for e in events {
        complaints::insert_event(&mut tx, e).await.unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn routing_picks_the_most_specific_agency_and_escalates_one_level_up() {
    let dir = tempfile::tempdir().unwrap();
    for db in &testing::fresh_all(dir.path()).await.unwrap() {
        let kaltim = agency(db, "Dinas Provinsi Kaltim", "64").await;
        let bontang = agency(db, "Dinas Kota Bontang", "64.74").await;
        let tangsel = agency(db, "Dinas Kota Tangsel", "36.74").await;
        assert!(complaints::route_agency(db, "11.01").await.unwrap().is_none(), "nobody serves Aceh yet");
        let covered: Vec<String> = complaints::covered_kabkota(db).await.unwrap().into_iter().map(|r| r.kode).collect();
        assert!(covered.contains(&"64.72".to_string()), "Samarinda lies under the province agency");
        assert!(covered.contains(&"36.74".to_string()));
        assert!(!covered.contains(&"36.71".to_string()), "Kab. Tangerang has no agency above it");
        let nasional = agency(db, "Kementerian", "").await;
        assert_eq!(complaints::covered_kabkota(db).await.unwrap().len(), 514);

        assert_eq!(complaints::route_agency(db, "64.74").await.unwrap().unwrap().id, bontang.id);
        assert_eq!(complaints::route_agency(db, "64.72").await.unwrap().unwrap().id, kaltim.id);
        assert_eq!(complaints::route_agency(db, "36.74").await.unwrap().unwrap().id, tangsel.id);
        assert_eq!(complaints::route_agency(db, "36.71").await.unwrap().unwrap().id, nasional.id);
        // "64.7" must not match "64.74" (dot boundaries).
        assert_eq!(complaints::route_agency(db, "64.741").await.unwrap().unwrap().id, kaltim.id);

        assert_eq!(complaints::parent_agency(db, "64.74").await.unwrap().unwrap().id, kaltim.id);
        assert_eq!(complaints::parent_agency(db, "64").await.unwrap().unwrap().id, nasional.id);
        assert_eq!(complaints::parent_agency(db, "36.74").await.unwrap().unwrap().id, nasional.id);
        assert!(complaints::parent_agency(db, "").await.unwrap().is_none());
    }
}

#[tokio::test]
async fn scope_versions_events_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    for db in &testing::fresh_all(dir.path()).await.unwrap() {
        let kaltim = agency(db, "Dinas Provinsi Kaltim", "64").await;
        let bontang = agency(db, "Dinas Kota Bontang", "64.74").await;
        let tangsel = agency(db, "Dinas Kota Tangsel", "36.74").await;
        let late = complaint("AAAAA22222", "64.74", &bontang, "baru", Duration::hours(-2));
        let waiting = complaint("BBBBB33333", "64.74", &bontang, "menunggu_pelapor", Duration::hours(-2));
        let other = complaint("CCCCC44444", "36.74", &tangsel, "diproses", Duration::days(3));
        insert(db, &late, &[event(&late, "submitted", true, ""), event(&late, "note", false, "rahasia"), event(&late, "reply", true, "dibalas")]).await;
        insert(db, &waiting, &[]).await;
        insert(db, &other, &[]).await;

        // Scope: a city sees its own, the province sees its cities, nobody sees across.
        assert!(complaints::get(db, &scope("64.74"), late.id).await.is_ok());
        assert!(matches!(complaints::get(db, &scope("36.74"), late.id).await, Err(StoreError::NotFound)));
        assert!(complaints::get(db, &scope("64"), late.id).await.is_ok());
        let now = berdaya_store::now();
        let codes = |v: Vec<Complaint>| v.into_iter().map(|c| c.code).collect::<Vec<_>>();
        let all = ComplaintFilter::default();
        assert_eq!(codes(complaints::list(db, &scope("36.74"), &all, now, 50).await.unwrap()), vec!["CCCCC44444"]);
        assert_eq!(codes(complaints::list(db, &scope("64"), &all, now, 50).await.unwrap()), vec!["BBBBB33333", "AAAAA22222"]);
        assert_eq!(complaints::list(db, &Scope::National, &all, now, 50).await.unwrap().len(), 3);
        let overdue = ComplaintFilter { overdue: true, ..Default::default() };
        assert_eq!(codes(complaints::list(db, &Scope::National, &overdue, now, 50).await.unwrap()), vec!["BBBBB33333", "AAAAA22222"]);
        let queue = ComplaintFilter { handling_region: Some("64".into()), ..Default::default() };
        assert!(complaints::list(db, &Scope::National, &queue, now, 50).await.unwrap().is_empty(), "nothing escalated to Kaltim yet");
        let page1 = complaints::list(db, &Scope::National, &all, now, 2).await.unwrap();
        let page2 = complaints::list(db, &Scope::National, &ComplaintFilter { before_id: Some(page1[1].id), ..Default::default() }, now, 2).await.unwrap();
        assert_eq!(codes(page2), vec!["AAAAA22222"], "keyset paging");

        // Only baru/diproses past their deadline, with an agency above, are escalated.
        assert_eq!(complaints::overdue_for_escalation(db, now, 10).await.unwrap(), vec![late.id]);
        let next = complaints::next_deadline(db, now).await.unwrap().unwrap();
        assert_eq!(next, other.due_at.unwrap());
        let counts = complaints::counts(db, &scope("64"), now).await.unwrap();
        assert_eq!((counts.open, counts.overdue, counts.baru, counts.closed), (2, 2, 1, 0));

        // Public events only for the tracking page.
        let public: Vec<String> = complaints::events(db, late.id, true).await.unwrap().into_iter().map(|e| e.kind).collect();
        assert_eq!(public, vec!["submitted", "reply"]);
        assert_eq!(complaints::events(db, late.id, false).await.unwrap().len(), 3);
        assert_eq!(complaints::by_code(db, "AAAAA22222").await.unwrap().unwrap().id, late.id);
        assert!(complaints::by_code(db, "ZZZZZ99999").await.unwrap().is_none());

        // Escalation write; a second writer holding the old version is refused.
        let after = Complaint { agency_id: kaltim.id, handling_region: "64".into(), escalation_level: 1, ..late.clone() };
        let mut tx = db.begin().await.unwrap();
        complaints::update(&mut tx, &late, &after).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.begin().await.unwrap();
        let stale = complaints::update(&mut tx, &late, &Complaint { status: "selesai".into(), ..late.clone() }).await;
        assert!(matches!(stale, Err(StoreError::Conflict { .. })), "{:?}", db.backend());
        tx.rollback().await.unwrap();
        let now_row = complaints::get(db, &Scope::National, late.id).await.unwrap();
        assert_eq!((now_row.handling_region.as_str(), now_row.version, now_row.status.as_str()), ("64", 2, "baru"));
        assert_eq!(complaints::list(db, &Scope::National, &queue, now, 50).await.unwrap().len(), 1);

        // Rate-limit counters.
        complaints::record_hit(db, "h1", "submit").await.unwrap();
        complaints::record_hit(db, "h1", "submit").await.unwrap();
        complaints::record_hit(db, "h2", "submit").await.unwrap();
        assert_eq!(complaints::hits_since(db, "h1", "submit", now - Duration::hours(1)).await.unwrap(), 2);
        assert_eq!(complaints::hits_since(db, "h1", "lookup_miss", now - Duration::hours(1)).await.unwrap(), 0);
        assert_eq!(complaints::purge_hits(db, berdaya_store::now() + Duration::seconds(1)).await.unwrap(), 3);
    }
}
