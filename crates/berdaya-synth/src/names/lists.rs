//! Name lists, written for this crate. Each group has given names and second/family names
//! per sex; Muslim compound names are shared by the groups where they are common.

pub const ISLAM_M: &[&str] = &[
    "Muhammad", "Ahmad", "Abdul", "Rizki", "Fajar", "Ilham", "Arif", "Hendra", "Rahmat",
    "Syaiful", "Yusuf", "Hasan", "Ali", "Iqbal", "Fikri", "Rizal", "Aditya", "Dimas", "Reza",
    "Firman", "Irfan", "Taufik", "Nur", "Khairul", "Zainal", "Syamsul", "Faisal", "Imam",
    "Lukman", "Hamzah", "Ridwan", "Fauzan", "Hafiz", "Akbar", "Amirul", "Zulkarnain",
];
pub const ISLAM_M2: &[&str] = &[
    "Hidayat", "Ramadhan", "Firmansyah", "Hakim", "Maulana", "Fauzi", "Rahman", "Iskandar",
    "Akbar", "Hidayatullah", "Saputra", "Syahputra", "Nugraha", "Pratama", "Fadillah",
    "Kurniawan", "Setiawan", "Hasan", "Ibrahim", "Ismail", "Yusuf", "Ansori", "Mubarok",
    "Syafii", "Abdullah", "Rahmatullah", "Nasrullah", "Zakaria", "Rasyid", "Anwar",
];
pub const ISLAM_F: &[&str] = &[
    "Siti", "Nur", "Fitri", "Dewi", "Rina", "Aisyah", "Fatimah", "Nurul", "Annisa", "Rahmah",
    "Putri", "Indah", "Ayu", "Lina", "Yuni", "Sari", "Ratna", "Dian", "Ika", "Fitria", "Novi",
    "Eka", "Wulan", "Mega", "Laila", "Zahra", "Nabila", "Khairunnisa", "Aulia", "Hasanah",
];
pub const ISLAM_F2: &[&str] = &[
    "Aisyah", "Fatimah", "Hasanah", "Rahmawati", "Hidayati", "Nurjanah", "Aminah", "Khadijah",
    "Zulaikha", "Maryam", "Handayani", "Fitriani", "Wahyuni", "Lestari", "Anggraini",
    "Safitri", "Ramadhani", "Puspita", "Permatasari", "Yuliana", "Kartika", "Maulida",
    "Azizah", "Halimah", "Mardiyah", "Rofiah", "Sholihah", "Umairoh",
];

pub const JAWA_M: &[&str] = &[
    "Sutrisno", "Suparno", "Bambang", "Joko", "Slamet", "Sugeng", "Budi", "Agus", "Eko", "Dwi",
    "Heru", "Wahyu", "Teguh", "Hadi", "Sumarno", "Suyanto", "Sukardi", "Tukiman", "Sarijo",
    "Wagiman", "Sugiyono", "Purwanto", "Haryanto", "Suwarno", "Sunardi", "Darmaji", "Warsito",
    "Subagyo", "Mulyono", "Prasetyo", "Sigit", "Bayu", "Yudi", "Rudi", "Hartono", "Widodo",
    "Sutarno", "Kasno", "Triyono", "Setyo", "Suroso", "Parjo", "Wiji", "Ngadiman", "Samsuri",
    "Sukiman", "Jumadi", "Paimin", "Tarno", "Kuswanto", "Supri", "Sumadi", "Bagus", "Aris",
];
pub const JAWA_M2: &[&str] = &[
    "Santoso", "Prasetyo", "Wibowo", "Susanto", "Nugroho", "Setiawan", "Kurniawan", "Purnomo",
    "Hidayat", "Saputro", "Utomo", "Raharjo", "Wicaksono", "Pamungkas", "Hermawan", "Cahyono",
    "Sulistyo", "Riyadi", "Supriyadi", "Suharto", "Hartanto", "Darmawan", "Mulyadi",
    "Triyanto", "Sudarsono", "Wahyudi", "Kuncoro", "Sutrisno", "Budiman", "Haryono",
    "Prabowo", "Wijanarko", "Setyawan", "Adi", "Priyanto", "Suwito", "Purwadi", "Sumarsono",
];
pub const JAWA_F: &[&str] = &[
    "Sri", "Siti", "Dewi", "Tri", "Endang", "Rina", "Nur", "Dwi", "Sumarni", "Suparmi",
    "Sulastri", "Tumini", "Painem", "Sukini", "Wartini", "Ngatini", "Suwarni", "Murtini",
    "Lestari", "Yuli", "Ani", "Retno", "Indah", "Puji", "Ratna", "Sunarsih", "Mujiati",
    "Partini", "Kustini", "Rukmini", "Suyati", "Wulan", "Ayu", "Dyah", "Rini", "Tutik", "Umi",
    "Endah", "Sumiyati", "Warsini", "Jumiati", "Sukarti", "Eni", "Siswati", "Mariyem",
];
pub const JAWA_F2: &[&str] = &[
    "Wahyuni", "Rahayu", "Lestari", "Handayani", "Astuti", "Suryani", "Purwanti", "Wulandari",
    "Setyowati", "Rahmawati", "Susanti", "Kurniasih", "Mulyani", "Utami", "Pratiwi",
    "Hastuti", "Nurhayati", "Sulistyowati", "Widyastuti", "Yuliani", "Haryati", "Kusumawati",
    "Ningsih", "Anggraeni", "Puspitasari", "Winarti", "Sumiati", "Aryani", "Wijayanti",
    "Kristiani", "Suprapti", "Rejeki", "Hartini", "Ambarwati", "Yulianti", "Setyaningsih",
];

pub const SUNDA_M: &[&str] = &[
    "Asep", "Ujang", "Dede", "Cecep", "Iwan", "Yayan", "Dadang", "Deden", "Aep", "Engkos",
    "Endang", "Ade", "Ayi", "Jajang", "Acep", "Dodi", "Nandang", "Oman", "Tatang", "Ucup",
    "Wawan", "Maman", "Usep", "Encep", "Yana", "Entis", "Koswara", "Ceceng", "Dadan", "Herman",
    "Agus", "Rahmat", "Eman", "Odang", "Udin", "Apep", "Jaja", "Ridwan",
];
pub const SUNDA_M2: &[&str] = &[
    "Saepudin", "Sunarya", "Permana", "Hidayat", "Suherman", "Kusnadi", "Rukmana",
    "Supriatna", "Gunawan", "Nugraha", "Sopandi", "Hermawan", "Mulyana", "Hendrayana",
    "Setiadi", "Ruhiyat", "Sudrajat", "Kurniawan", "Rahmat", "Firmansyah", "Kosasih",
    "Suryana", "Abdurahman", "Sutisna", "Wiguna", "Sukmana", "Somantri", "Saputra",
    "Ramdani", "Hamdani", "Juhana", "Kurnia", "Nurjaman",
];
pub const SUNDA_F: &[&str] = &[
    "Euis", "Enok", "Neneng", "Iis", "Entin", "Imas", "Cucu", "Nining", "Yeni", "Eti",
    "Nenden", "Popon", "Ai", "Ela", "Lilis", "Teti", "Dewi", "Rina", "Siti", "Nia", "Yati",
    "Tati", "Ika", "Enung", "Enden", "Ani", "Neng", "Rika", "Yuyun", "Oom", "Elis", "Tini",
];
pub const SUNDA_F2: &[&str] = &[
    "Nurhasanah", "Kurniasih", "Rosmiati", "Sumiati", "Komalasari", "Rohayati", "Maryani",
    "Nurjanah", "Suryani", "Karwati", "Kartika", "Herawati", "Rosita", "Sukaesih",
    "Hermawati", "Nuraeni", "Mulyati", "Susilawati", "Jubaedah", "Rahmawati", "Sulastri",
    "Rismawati", "Lestari", "Nurlaela", "Sopiah", "Mariam", "Hayati", "Juwita",
];

pub const BUGIS_M: &[&str] = &[
    "Muhammad", "Ahmad", "Abdul", "Baso", "Ambo", "Hamzah", "Syamsul", "Arsyad", "Jumadi",
    "Rusli", "Haris", "Ilham", "Irwan", "Darwis", "Mustari", "Sahabuddin", "Syahrir",
    "Nasrullah", "Akbar", "Fadli", "Amiruddin", "Baharuddin", "Hasbi", "Iskandar",
    "Kamaruddin", "Jamaluddin", "Sudirman", "Anwar", "Mursalim", "Ikhsan", "Asrul", "Zulkifli",
];
pub const BUGIS_M2: &[&str] = &[
    "Rahman", "Yusuf", "Ramli", "Arifin", "Hamid", "Syam", "Rasyid", "Latif", "Malik",
    "Saleh", "Ibrahim", "Sultan", "Mansyur", "Amir", "Ridwan", "Sanusi", "Mappa", "Tahir",
    "Hafid", "Rauf", "Kadir", "Djafar", "Nur", "Baso", "Lamba", "Mallarangeng", "Pananrangi",
];
pub const BUGIS_F: &[&str] = &[
    "Hasnah", "Nurhayati", "Hasmawati", "Rosmini", "Hadijah", "Becce", "Hasna", "Murni",
    "Nurbaya", "Suriani", "Jumriah", "Harlina", "Rahmatia", "Nurhaedah", "Kasmawati",
    "Mardiana", "Rosdiana", "Hijrah", "Nurfadillah", "Irmawati", "Asriani", "Marwah",
    "Hamsiah", "Suarni", "Nurhalisa", "Rismawati", "Hasriani", "Sumarni", "Darmawati",
];
pub const BUGIS_F2: &[&str] = &[
    "Aminah", "Rahmah", "Hasanah", "Hadijah", "Nurhayati", "Salmiah", "Halijah", "Rugaiyah",
    "Saleha", "Fatimah", "Nurlina", "Ramlah",
];

pub const BANJAR_M: &[&str] = &[
    "Muhammad", "Ahmad", "Akhmad", "Abdul", "Anang", "Rahmadi", "Jumberi", "Saberan",
    "Rusdiansyah", "Syahriansyah", "Hairul", "Mahyudin", "Syarifudin", "Fahrurazi", "Gazali",
    "Rifani", "Hamdani", "Zainuddin", "Bahrani", "Masrani", "Norhadi", "Ardiansyah", "Taufik",
    "Yusran", "Hasbullah", "Mursyid", "Rusmadi", "Ijai", "Jailani", "Aspihani",
];
pub const BANJAR_M2: &[&str] = &[
    "Noor", "Rifani", "Hidayat", "Arsyad", "Fahmi", "Riduan", "Ramli", "Ansyari", "Rahman",
    "Hamdani", "Saleh", "Ansari", "Yani", "Fauzi", "Rasyidi", "Gazali", "Syahrani", "Basuni",
    "Jamhari", "Mahfudz", "Hasan",
];
pub const BANJAR_F: &[&str] = &[
    "Norhayati", "Mahrita", "Normiyati", "Mahyuni", "Jamilah", "Rusmiati", "Fatimah", "Siti",
    "Rahmah", "Hafsah", "Nordiana", "Rabiatul", "Salmah", "Masrah", "Saniah", "Erliani",
    "Mariatul", "Raudah", "Husnul", "Nurul", "Norjannah", "Mastiah", "Jumiah", "Halimatus",
    "Normaliana", "Rusmini", "Yuliana", "Arbainah",
];
pub const BANJAR_F2: &[&str] = &[
    "Hasanah", "Aini", "Adawiyah", "Jannah", "Fitriani", "Rahmah", "Khairunnisa", "Husna",
    "Mahmudah", "Kiptiah", "Sadiah", "Rabiah", "Syifa", "Zahrah",
];

pub const BATAK_M: &[&str] = &[
    "Tumpal", "Parlindungan", "Maruli", "Hotma", "Lamhot", "Jonni", "Sahat", "Tigor", "Binsar",
    "Pardamean", "Marihot", "Bonar", "Togar", "Saut", "Poltak", "Hasudungan", "Manahan",
    "Robert", "Daniel", "Ferdinand", "Rudolf", "Jhonson", "Hendrik", "Benny", "Ronald",
    "Edward", "Parulian", "Martua", "Pangihutan", "Roy", "Halomoan", "Mangasi",
];
pub const BATAK_F: &[&str] = &[
    "Tiurma", "Rosmawati", "Dormauli", "Rugun", "Lamria", "Romauli", "Sondang", "Hotnida",
    "Tiur", "Masniari", "Rotua", "Esther", "Lisbeth", "Rosdiana", "Debora", "Melda", "Juliana",
    "Rina", "Sarma", "Nurhaida", "Rosmeri", "Erlina", "Hotmaida", "Lenny", "Resta", "Butet",
    "Rismauli", "Nelly",
];
pub const MARGA: &[&str] = &[
    "Siregar", "Nasution", "Harahap", "Simanjuntak", "Sitompul", "Hutapea", "Sinaga",
    "Situmorang", "Panjaitan", "Pardede", "Manurung", "Tampubolon", "Lubis", "Hasibuan",
    "Sihombing", "Nainggolan", "Simbolon", "Sitorus", "Pasaribu", "Silalahi", "Damanik",
    "Purba", "Ginting", "Tarigan", "Sembiring", "Napitupulu", "Hutagalung", "Simatupang",
    "Batubara", "Rangkuti", "Pohan", "Marpaung", "Sianturi", "Gultom", "Aritonang",
];
/// Marga whose bearers are mostly Muslim (Mandailing, Angkola, coastal).
pub const MARGA_MUSLIM: &[&str] =
    &["Nasution", "Harahap", "Lubis", "Hasibuan", "Batubara", "Rangkuti", "Pohan", "Siregar"];

pub const MINANG_M: &[&str] = &[
    "Syafrizal", "Yusrizal", "Zulkifli", "Afrizal", "Erman", "Jasman", "Syahrial", "Nofrizal",
    "Irwandi", "Hendri", "Efendi", "Yunaldi", "Asrul", "Zulfikar", "Basri", "Jufri", "Fadli",
    "Rizal", "Anwar", "Khairul", "Mardanus", "Yuswardi", "Firdaus", "Elfian", "Zainal",
    "Buyung", "Desrizal", "Masrul", "Yuhendri", "Alfian", "Rahmat", "Syamsir",
];
pub const MINANG_M2: &[&str] = &[
    "Anwar", "Effendi", "Putra", "Saputra", "Syahputra", "Hamzah", "Yusuf", "Munir", "Malin",
    "Sutan", "Nasir", "Bahar", "Kamal", "Zen", "Datuak", "Rajo", "Idris", "Amri",
];
pub const MINANG_F: &[&str] = &[
    "Nurhayati", "Yusnimar", "Rosmaniar", "Desmawati", "Elvi", "Yusniar", "Nurlela",
    "Asmaniar", "Zuraida", "Yenni", "Rosna", "Nelmawati", "Fitriani", "Yulia", "Erni", "Rahmi",
    "Syafrida", "Deswita", "Yusnida", "Marlina", "Eliza", "Novita", "Nofianti", "Sasmita",
    "Rahmadani", "Yarni", "Nurmala", "Gusniati",
];
pub const MINANG_F2: &[&str] =
    &["Yanti", "Wati", "Sari", "Fitri", "Rahmi", "Susanti", "Yenti", "Roza", "Elvina", "Dewita"];

pub const MELAYU_M: &[&str] = &[
    "Zainal", "Syamsul", "Azhar", "Razali", "Mahmud", "Zulkarnain", "Khairuddin", "Abdullah",
    "Ismail", "Hasan", "Husin", "Jamaluddin", "Amran", "Rusli", "Hamdan", "Sulaiman", "Idris",
    "Usman", "Zakaria", "Ridwan", "Mukhtar", "Rahmat", "Fauzi", "Yusri", "Safri", "Hamid",
    "Azwar", "Rosli", "Darmansyah", "Iskandar", "Syahril", "Marzuki",
];
pub const MELAYU_M2: &[&str] = &[
    "Abidin", "Bahri", "Arifin", "Hasan", "Ismail", "Ibrahim", "Syah", "Yunus", "Basri",
    "Yusuf", "Hamid", "Kadir", "Harun", "Ali", "Daud", "Idris", "Musa", "Saleh", "Effendi",
    "Ahmad", "Jamil", "Manaf",
];
pub const MELAYU_F: &[&str] = &[
    "Rosnah", "Zubaidah", "Fauziah", "Hasnah", "Rohani", "Salmah", "Aminah", "Zaleha",
    "Rosmah", "Noraini", "Zuraidah", "Halimah", "Maimunah", "Khadijah", "Rahimah", "Asmah",
    "Fatimah", "Juliana", "Suriani", "Nurul", "Siti", "Sri", "Rosmawati", "Norma", "Hayati",
    "Saodah", "Mariana", "Syarifah",
];
pub const MELAYU_F2: &[&str] = &[
    "Aini", "Hidayah", "Huda", "Izzati", "Jannah", "Hayati", "Asiah", "Hasanah", "Fitri",
    "Rahmah", "Aziza", "Afifah", "Wardah",
];

pub const CINA_M: &[&str] = &[
    "Hendra", "Budi", "Yohanes", "Steven", "Felix", "Kevin", "William", "Andreas", "Agus",
    "Rudy", "Jimmy", "Hendrik", "Sutanto", "Johan", "Edi", "Ferry", "Tommy", "Hengki",
    "Antoni", "Wilson", "Rico", "Lukas", "Darwin", "Suryadi", "Benny", "Vincent", "Harry",
    "Erwin", "Alvin", "Jeffry",
];
pub const CINA_F: &[&str] = &[
    "Melinda", "Lili", "Susanti", "Meiliana", "Veronika", "Fransiska", "Yenny", "Lanny",
    "Linda", "Lina", "Mei", "Fenny", "Cindy", "Jessica", "Natalia", "Vivi", "Elisabeth",
    "Sherly", "Meilani", "Herlina", "Lusi", "Yuliana", "Anita", "Vonny", "Liliana", "Stefani",
];
pub const CINA_LAST: &[&str] = &[
    "Wijaya", "Gunawan", "Halim", "Tanoto", "Susanto", "Kurniawan", "Salim", "Tandiono", "Lim",
    "Tan", "Liem", "Kusuma", "Hartono", "Setiawan", "Sugianto", "Lukito", "Santoso", "Widjaja",
    "Tjandra", "Chandra", "Winata", "Sanjaya", "Tanuwijaya", "Wibisono", "Gozali", "Kosasih",
    "Hermanto", "Sutedja", "Limanto", "Tjahjadi",
];

pub const BALI_ORDER_M: &[&str] =
    &["Wayan", "Putu", "Gede", "Made", "Kadek", "Nengah", "Nyoman", "Komang", "Ketut"];
pub const BALI_ORDER_F: &[&str] =
    &["Putu", "Luh Putu", "Made", "Kadek", "Luh Made", "Nyoman", "Komang", "Ketut", "Luh"];
pub const BALI_M: &[&str] = &[
    "Suarta", "Sudarma", "Artawan", "Mertayasa", "Sukadana", "Wirawan", "Adnyana", "Suardana",
    "Budiarta", "Suastika", "Darmawan", "Sudiana", "Wiryawan", "Swastika", "Parwata",
    "Sumerta", "Arsana", "Widiana", "Gunawan", "Agus Suardika", "Eka Putra", "Sujana",
    "Mardika", "Astawa", "Suparta", "Rai Antara",
];
pub const BALI_F: &[&str] = &[
    "Ariani", "Suartini", "Sukerti", "Sriani", "Astini", "Sudiartini", "Widiastuti", "Yuliani",
    "Sumiati", "Suasti", "Purnamawati", "Mariani", "Sarini", "Wartini", "Ekayanti", "Dewi",
    "Sulastri", "Kartini", "Rusmini", "Suryani", "Sri Wahyuni", "Ayu Lestari", "Sukarmi",
];

pub const TIMUR_M: &[&str] = &[
    "Yohanis", "Marthen", "Yakobus", "Frans", "Petrus", "Paulus", "Stefanus", "Agustinus",
    "Yosep", "Markus", "Lukas", "Daniel", "Simon", "Andreas", "Obed", "Yulius", "Alfons",
    "Benediktus", "Herman", "Melkianus", "Semuel", "Yermias", "Oktovianus", "Dominggus",
    "Nikolaus", "Arnold", "Jefri", "Fredrik",
];
pub const TIMUR_F: &[&str] = &[
    "Maria", "Agustina", "Yuliana", "Magdalena", "Yohana", "Martha", "Elisabet", "Fransiska",
    "Veronika", "Theresia", "Kristina", "Dorkas", "Yosefina", "Margaretha", "Selfina", "Ester",
    "Ruth", "Anastasia", "Mariana", "Florentina", "Yublina", "Novita", "Meri", "Adolfina",
];
pub const TIMUR_LAST: &[&str] = &[
    "Lodo", "Manafe", "Tanone", "Pattinama", "Latuheru", "Wenda", "Rumbiak", "Mandagi",
    "Rondonuwu", "Sumampouw", "Kambu", "Bere", "Mau", "Seran", "Nahak", "Dethan", "Ndun",
    "Fanggidae", "Tefa", "Bani", "Pello", "Wairata", "Tahitu", "Sopacua", "Kaunang",
    "Lumenta", "Wenas", "Yoku", "Rumaropen", "Kogoya", "Tabuni", "Ngau", "Lawing", "Jalung",
    "Pakiding", "Rante", "Tandi", "Sampe", "Laoli", "Zebua",
];

pub const DEGREES: &[&str] = &["S.Pd", "S.E.", "S.Sos", "A.Md", "S.H.", "S.Pd.I", "S.Kom", "S.P."];

/// Typical birth places of each group (towns of its home region).
pub const BIRTH_PLACES: [&[&str]; 10] = [
    &["Surabaya", "Malang", "Kediri", "Blitar", "Madiun", "Ngawi", "Surakarta", "Klaten",
      "Boyolali", "Semarang", "Yogyakarta", "Magelang", "Banyuwangi", "Jember", "Tulungagung",
      "Lamongan", "Pati", "Kudus", "Tegal", "Cilacap", "Ponorogo", "Sragen"],
    &["Bandung", "Garut", "Tasikmalaya", "Ciamis", "Sumedang", "Cianjur", "Sukabumi", "Bogor",
      "Kuningan", "Majalengka", "Subang", "Purwakarta", "Serang", "Pandeglang"],
    &["Bone", "Sengkang", "Soppeng", "Sidrap", "Pinrang", "Parepare", "Makassar", "Bulukumba",
      "Sinjai", "Barru", "Palopo", "Maros"],
    &["Banjarmasin", "Martapura", "Kandangan", "Barabai", "Amuntai", "Rantau", "Kotabaru",
      "Tanjung", "Banjarbaru", "Marabahan"],
    &["Medan", "Tarutung", "Balige", "Pematangsiantar", "Sibolga", "Padangsidimpuan",
      "Kabanjahe", "Porsea", "Rantauprapat", "Tebing Tinggi"],
    &["Padang", "Bukittinggi", "Payakumbuh", "Solok", "Pariaman", "Batusangkar",
      "Padang Panjang", "Sawahlunto", "Painan"],
    &["Pekanbaru", "Tanjungpinang", "Pontianak", "Palembang", "Jambi", "Bengkalis", "Siak",
      "Dumai", "Tanjung Balai", "Sambas", "Mataram", "Bima", "Gorontalo", "Ternate"],
    &["Jakarta", "Medan", "Pontianak", "Singkawang", "Surabaya", "Semarang", "Makassar",
      "Pangkalpinang", "Bagansiapiapi", "Tangerang"],
    &["Denpasar", "Gianyar", "Tabanan", "Singaraja", "Klungkung", "Karangasem", "Bangli",
      "Negara", "Badung"],
    &["Kupang", "Ambon", "Manado", "Jayapura", "Sorong", "Atambua", "Ende", "Maumere",
      "Tomohon", "Tobelo", "Tual", "Rantepao", "Long Bagun", "Gunungsitoli"],
];
