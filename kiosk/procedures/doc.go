// Package procedures is the kiosk's catalogue of administrative procedures
// (tra cứu thủ tục hành chính): the procedures in the shape the national
// procedure database (Cơ sở dữ liệu quốc gia về thủ tục hành chính)
// publishes them, importers for that JSON shape and for a spreadsheet
// (CSV or XLSX), and an offline search that finds a procedure typed the way
// citizens type on a kiosk. It is plain Go: the screens use it through the
// Catalogue interface, `kiosk procedures` through the same functions.
//
// # Where the catalogue comes from
//
// Shipped returns the catalogue embedded from assets/procedures/
// catalogue.json. Install stores an imported one in the kiosk's data
// directory (FileName), atomically, and Open prefers it; Remove goes back to
// the shipped one. Every importer checks the whole file before it returns:
// a file with one bad row imports nothing, and its *ImportError lists every
// problem with its row (or position) and field, in Vietnamese and English.
//
// # The JSON shape
//
// A catalogue object; the envelope keys are ours, each procedure's keys are
// the national database's field names (MATTHC, TENTTHC, …) for the fields
// it publishes. The exact export of the portal could not be consulted
// offline: a portal export whose keys differ needs renaming to these.
//
//	{
//	  "PHIENBAN": "2026.12.1",             version shown with the date
//	  "NGAYCAPNHAT": "2026-12-07",         "Cập nhật ngày 07/12/2026" (or 07/12/2026)
//	  "NGUON": [{"TEN": "...", "DIACHI": "https://...", "GHICHU": "..."}],
//	  "CANXACMINH": ["MATTHC", ...],        fields still to verify
//	  "GHICHU": "...",
//	  "LINHVUC": [{"MALINHVUC": "ho-tich", "TENLINHVUC": "Hộ tịch",
//	               "TENTIENGANH": "Civil status", "DICHVU": "A"}],
//	  "THUTUC": [{
//	    "MA": "khai-sinh",                 our key; defaults to MATTHC
//	    "MATTHC": "1.001193",              mã thủ tục (optional, "1.001193" form)
//	    "TENTTHC": "Đăng ký khai sinh",    tên (required)
//	    "MALINHVUC": "ho-tich", "TENLINHVUC": "Hộ tịch",   lĩnh vực (one required)
//	    "CAPTHUCHIEN": "Cấp xã", "COQUANTHUCHIEN": "...", "DOITUONGTHUCHIEN": "...",
//	    "CACHTHUCTHUCHIEN": [{"KENH": "Trực tiếp" | "Trực tuyến" | "Bưu chính",
//	        "THOIHANGIAIQUYET": "...", "PHILEPHI": "...", "MOTA": "..."}],
//	    "THANHPHANHOSO": [{"TRUONGHOP": "...", "GIAYTO": [{"TENGIAYTO": "...",
//	        "SOBANCHINH": 1, "SOBANSAO": 0, "TENMAUDON": "..."}]}],
//	    "TRINHTUTHUCHIEN": ["...", "..."], "KETQUATHUCHIEN": "...",
//	    "YEUCAUDIEUKIEN": "...", "CANCUPHAPLY": ["...", "..."],
//	    "QUYETDINHCONGBO": "...", "DUONGDAN": "https://dichvucong.gov.vn/...",
//	    "TUKHOA": ["sao y", "..."],        words citizens use (searched, not shown)
//	    "PHOBIEN": 100,                    more common first on equal scores
//	    "DICHVU": "A"                      queue service, if not the field's
//	  }]
//	}
//
// A bare JSON array of procedure objects is read too (no envelope). Keys
// the kiosk does not know are ignored.
//
// # The spreadsheet layout (CSV or the first sheet of an XLSX)
//
// Optional information rows first, a "#KEY" in the first cell and the
// value in the next: #PHIENBAN, #NGAYCAPNHAT, #NGUON (name, address, note),
// #CANXACMINH, #GHICHU. Then a header row, then one procedure per row.
// Headers are the JSON keys or their Vietnamese labels, in any case and
// with or without tone marks ("Tên thủ tục" = TENTTHC, "Lĩnh vực" =
// TENLINHVUC, "Mã thủ tục" = MATTHC); TENTTHC and MA or MATTHC are
// required; unknown columns are ignored. The channels are six columns,
// TRUCTIEP_THOIHAN, TRUCTIEP_PHI, TRUCTUYEN_THOIHAN, TRUCTUYEN_PHI,
// BUUCHINH_THOIHAN, BUUCHINH_PHI (a channel exists when either of its two
// is filled). Lists (TRINHTUTHUCHIEN, CANCUPHAPLY, TUKHOA) hold one item a
// line inside the cell (Alt+Enter); TUKHOA also splits at ";".
// THANHPHANHOSO holds one document a line as
//
//	Tên giấy tờ | số bản chính | số bản sao | tên mẫu đơn
//
// (the last three optional) and a line "[Trường hợp …]" starts a case. A
// CSV may be separated by commas, semicolons or tabs, with or without a
// UTF-8 BOM. XLSX is read with archive/zip and encoding/xml only (shared
// and inline strings, numbers; formulas by their cached value).
//
// # Search
//
// Index.Search folds case, tone and vowel marks and đ, undoes Telex
// leftovers (Untelex), expands abbreviations (cmnd, gks, tthn, gpxd…),
// drops filler words, and scores each query word at the best place it
// matches a procedure (name above keywords above field above documents;
// whole word above prefix above one-letter typo), weighted by how rare the
// word is, with bonuses for words side by side as in the name and for
// covering most of a short name. It holds everything in memory and needs
// no network.
//
// # Queue services
//
// "Lấy số cho thủ tục này" needs a queue service per procedure: ServiceFor
// takes the admin's mapping by field ID (kept in settings by the admin
// menu), then the procedure's DICHVU, then the field's DICHVU.
package procedures
