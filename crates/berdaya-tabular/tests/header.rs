//! Header detection on small CSV inputs: title rows, numbering rows, two-row headers.

use berdaya_tabular::{Header, RawRow, ReadOptions, Result, Table};

fn table(csv: &str) -> (Header, Vec<RawRow>) {
    let t = Table::from_bytes(csv.as_bytes().to_vec(), &ReadOptions::default()).expect("open");
    let h = t.header().clone();
    (h, t.collect::<Result<Vec<_>>>().expect("rows"))
}

#[test]
fn title_rows_blank_lines_and_numbering_row_are_skipped() {
    let (h, rows) = table(
        "DATA UMKM KOTA BONTANG TAHUN 2023;;;\n;;;\nDinas Koperasi;;;\nNo;Nama Pemilik;NIK;Omzet\n1;2;3;4\n1;Ani;6474011505900001;1.500.000\n\n2;Budi;6474010101800002;2 juta\n",
    );
    assert_eq!(h.columns, vec!["No", "Nama Pemilik", "NIK", "Omzet"]);
    assert_eq!(h.rows, vec![4]);
    assert_eq!(h.numbering_row, Some(5));
    assert_eq!(
        h.title,
        vec!["DATA UMKM KOTA BONTANG TAHUN 2023", "Dinas Koperasi"]
    );
    assert_eq!(
        rows.iter().map(|r| r.number).collect::<Vec<_>>(),
        vec![6, 8]
    );
}

#[test]
fn two_row_csv_header_is_joined() {
    let (h, rows) = table(
        "No,Nama,Alamat,,Tenaga Kerja,\n,,Kecamatan,Kel./Desa,L,P\n1,Ani,Bontang Utara,Api-Api,2,1\n",
    );
    assert_eq!(
        h.columns,
        vec![
            "No",
            "Nama",
            "Alamat Kecamatan",
            "Alamat Kel./Desa",
            "Tenaga Kerja L",
            "Tenaga Kerja P"
        ]
    );
    assert_eq!(h.rows, vec![1, 2]);
    assert_eq!(rows.len(), 1);
}

#[test]
fn data_row_is_not_taken_for_a_second_header() {
    let (h, rows) = table("Nama,Alamat,\nAni,Jl. Mawar,\nBudi,Jl. Melati,x\n");
    assert_eq!(h.rows, vec![1]);
    assert_eq!(rows.len(), 2);
}

#[test]
fn repeated_header_on_each_printed_page_is_skipped() {
    let (_, rows) = table("Nama,NIK,Omzet\nAni,1,2\nNama,NIK,Omzet\nBudi,3,4\n");
    assert_eq!(
        rows.iter().map(|r| r.cell(0)).collect::<Vec<_>>(),
        vec!["Ani", "Budi"]
    );
}

#[test]
fn operator_can_force_the_header_row() {
    let opts = ReadOptions {
        header_row: Some(2),
        ..Default::default()
    };
    let t = Table::from_bytes(b"a,b\nx,y\n1,2\n".to_vec(), &opts).expect("open");
    assert_eq!(t.header().columns, vec!["x", "y"]);
}
