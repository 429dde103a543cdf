package procedures

import "time"

// Channel kinds of "cách thức thực hiện", as the national database names
// them. An importer accepts them with or without tone marks and in any case.
const (
	InPerson = "Trực tiếp"  // at the counter
	Online   = "Trực tuyến" // on the public service portal
	Post     = "Bưu chính"  // by post (dịch vụ bưu chính công ích)
)

// LevelCommune is "cấp thực hiện" of every procedure shipped with the kiosk.
const LevelCommune = "Cấp xã"

// Procedure is one administrative procedure (thủ tục hành chính) with the
// fields the national procedure database publishes. Every text is
// Vietnamese, as published; an empty field is unknown and is not shown.
type Procedure struct {
	// ID is the catalogue's own key, stable across versions; it is the
	// national code where there is one.
	ID string `json:"MA"`
	// Code is mã thủ tục on the national database (MATTHC), e.g.
	// "1.001193"; empty when not verified.
	Code string `json:"MATTHC,omitempty"`
	// Name is tên thủ tục (TENTTHC).
	Name string `json:"TENTTHC"`
	// FieldID and FieldName are lĩnh vực (MALINHVUC, TENLINHVUC).
	FieldID   string `json:"MALINHVUC"`
	FieldName string `json:"TENLINHVUC"`
	// Level is cấp thực hiện, e.g. "Cấp xã".
	Level string `json:"CAPTHUCHIEN,omitempty"`
	// Agency is cơ quan thực hiện.
	Agency string `json:"COQUANTHUCHIEN,omitempty"`
	// Applicants is đối tượng thực hiện (công dân, tổ chức…).
	Applicants string `json:"DOITUONGTHUCHIEN,omitempty"`
	// Channels is cách thức thực hiện: one entry per channel.
	Channels []Channel `json:"CACHTHUCTHUCHIEN,omitempty"`
	// Dossier is thành phần hồ sơ, one entry per case (trường hợp).
	Dossier []DossierCase `json:"THANHPHANHOSO,omitempty"`
	// Steps is trình tự thực hiện, in order.
	Steps []string `json:"TRINHTUTHUCHIEN,omitempty"`
	// Result is kết quả thực hiện.
	Result string `json:"KETQUATHUCHIEN,omitempty"`
	// Requirements is yêu cầu, điều kiện thực hiện.
	Requirements string `json:"YEUCAUDIEUKIEN,omitempty"`
	// LegalBasis is căn cứ pháp lý: one legal document per entry.
	LegalBasis []string `json:"CANCUPHAPLY,omitempty"`
	// Decision is quyết định công bố (the decision that published the
	// procedure); empty when not verified.
	Decision string `json:"QUYETDINHCONGBO,omitempty"`
	// PortalURL is the procedure's page on the national portal, for the QR.
	PortalURL string `json:"DUONGDAN,omitempty"`

	// Keywords are the words citizens use for it that its name lacks
	// ("làm giấy khai sinh", "sao y", "giấy độc thân"); searched like
	// the name, never shown.
	Keywords []string `json:"TUKHOA,omitempty"`
	// Popularity orders procedures that score alike: higher is more often
	// asked for at a commune office. 0 when unknown.
	Popularity int `json:"PHOBIEN,omitempty"`
	// Service is the queue service a ticket for it goes to, when it differs
	// from its field's (see Field.Service and ServiceFor).
	Service string `json:"DICHVU,omitempty"`
}

// Channel is one way of doing a procedure with its time limit and fee.
type Channel struct {
	Kind     string `json:"KENH"`                       // InPerson, Online or Post
	Deadline string `json:"THOIHANGIAIQUYET,omitempty"` // thời hạn giải quyết, as published ("03 ngày làm việc")
	Fee      string `json:"PHILEPHI,omitempty"`         // phí, lệ phí, as published
	Note     string `json:"MOTA,omitempty"`             // mô tả
}

// DossierCase is the documents to bring in one case (trường hợp); Case is
// empty where the procedure has a single list.
type DossierCase struct {
	Case      string     `json:"TRUONGHOP,omitempty"`
	Documents []Document `json:"GIAYTO"`
}

// Document is one paper of a dossier.
type Document struct {
	Name      string `json:"TENGIAYTO"`
	Originals int    `json:"SOBANCHINH"`          // số bản chính
	Copies    int    `json:"SOBANSAO"`            // số bản sao
	Form      string `json:"TENMAUDON,omitempty"` // mẫu đơn, tờ khai: the form's name
}

// Field is one lĩnh vực, the unit the kiosk browses by and the unit a queue
// service is mapped to.
type Field struct {
	ID     string `json:"MALINHVUC"`
	Name   string `json:"TENLINHVUC"`
	NameEN string `json:"TENTIENGANH,omitempty"` // for the English screens
	// Service is the queue service ("Lấy số cho thủ tục này") that tickets
	// for this field's procedures go to; empty: the admin has not mapped it.
	Service string `json:"DICHVU,omitempty"`
}

// Source names where part of a catalogue comes from.
type Source struct {
	Name string `json:"TEN"`
	URL  string `json:"DIACHI,omitempty"`
	Note string `json:"GHICHU,omitempty"`
}

// Meta is what the screen shows about the catalogue itself ("Cập nhật ngày
// …") and what an administrator needs to judge it.
type Meta struct {
	Version string    `json:"PHIENBAN"`
	Updated time.Time `json:"-"` // the date of NGAYCAPNHAT
	Sources []Source  `json:"NGUON,omitempty"`
	// Unverified names the fields (by JSON key) whose values were left
	// empty or are to be checked against the national database.
	Unverified []string `json:"CANXACMINH,omitempty"`
	Note       string   `json:"GHICHU,omitempty"`
	// Count is the number of procedures.
	Count int `json:"-"`
}

// UpdatedText is the line the kiosk shows: "Cập nhật ngày 07/12/2026".
func (m Meta) UpdatedText() string {
	if m.Updated.IsZero() {
		return ""
	}
	return "Cập nhật ngày " + m.Updated.Format("02/01/2006")
}

// Hit is one search result.
type Hit struct {
	Procedure Procedure
	Score     float64
}

// Catalogue is what the kiosk's screens use: browse by field, open one
// procedure, search. Implementations are immutable after they are built
// and safe for concurrent use; a new import makes a new Catalogue.
type Catalogue interface {
	// Info is the catalogue's version, date and sources.
	Info() Meta
	// Fields lists the fields that have at least one procedure, in the
	// catalogue's order.
	Fields() []Field
	// ByField lists a field's procedures, most asked for first; nil for an
	// unknown field.
	ByField(fieldID string) []Procedure
	// Get finds a procedure by its ID or its national code (MATTHC).
	Get(code string) (Procedure, bool)
	// Search returns at most n procedures matching query, best first (see
	// Index.Search for how it folds and scores). n <= 0 means 10.
	Search(query string, n int) []Hit
}

// ServiceFor is the queue service a ticket for p goes to: the admin's
// mapping by field (settings, keyed by field ID) wins, then the
// procedure's own, then its field's default; "" when none is set and the
// screen should not offer "Lấy số cho thủ tục này".
func ServiceFor(c Catalogue, p Procedure, byField map[string]string) string {
	if s := byField[p.FieldID]; s != "" {
		return s
	}
	if p.Service != "" {
		return p.Service
	}
	for _, f := range c.Fields() {
		if f.ID == p.FieldID {
			return f.Service
		}
	}
	return ""
}
