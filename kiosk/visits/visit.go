package visits

import (
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// Reason is why the citizen is served at home.
type Reason string

// Reasons a visit is for (seed 000: "người già, ốm đau, bệnh tật, đi lại
// khó khăn").
const (
	ReasonElderly  Reason = "elderly"  // người cao tuổi
	ReasonDisabled Reason = "disabled" // người khuyết tật
	ReasonIll      Reason = "ill"      // ốm đau, bệnh nặng
	ReasonOther    Reason = "other"    // khó khăn đi lại khác
)

// Reasons lists the reasons in display order.
var Reasons = []Reason{ReasonElderly, ReasonDisabled, ReasonIll, ReasonOther}

// Label is the reason in lang ("vi" or "en").
func (r Reason) Label(lang string) string {
	l, ok := reasonLabels[r]
	if !ok {
		return string(r)
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}

var reasonLabels = map[Reason][2]string{
	ReasonElderly:  {"Người cao tuổi", "Elderly"},
	ReasonDisabled: {"Người khuyết tật", "Disability"},
	ReasonIll:      {"Ốm đau, bệnh nặng", "Ill"},
	ReasonOther:    {"Khó khăn đi lại", "Other difficulty"},
}

// Status is where a visit is: Requested (recorded, no day with room
// yet), Scheduled (on a day, with its ticket), then Done or Cancelled.
type Status string

// Visit statuses.
const (
	StatusRequested Status = "requested"
	StatusScheduled Status = "scheduled"
	StatusDone      Status = "done"
	StatusCancelled Status = "cancelled"
)

// Open reports whether the visit is still to be made.
func (s Status) Open() bool { return s == StatusRequested || s == StatusScheduled }

// TicketPrefix starts a visit ticket's number, "TN-001": the hyphen keeps
// it apart from every queue service's prefix (one or two letters), so a
// visit ticket's ID never meets a lobby ticket's on the server.
const TicketPrefix = "TN"

// Request is what the desk records for a citizen who phoned.
type Request struct {
	ProcedureCode string `json:"procedure_code"` // the catalogue's ID or MATTHC
	ProcedureName string `json:"procedure_name"`
	// Service is the queue service the visit's ticket (and so its rating)
	// belongs to: the procedure's field's service.
	Service string `json:"service"`
	Citizen string `json:"citizen"`
	Phone   string `json:"phone"`
	Area    string `json:"area"` // khu vực, ấp: the run list's order
	Address string `json:"address"`
	Reason  Reason `json:"reason"`
	Urgent  bool   `json:"urgent,omitempty"`
	Note    string `json:"note,omitempty"`
	Officer string `json:"officer,omitempty"` // who recorded it
}

// Visit is one home visit.
type Visit struct {
	ID string `json:"id"`
	Request
	Status Status `json:"status"`
	// Day is the office-local date of the visit; empty while Requested.
	Day       string     `json:"day,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
	// Ticket is the visit's own ticket, set when it is scheduled.
	Ticket *TicketRef `json:"ticket,omitempty"`
	// DoneBy is the officer who marked it done.
	DoneBy string `json:"done_by,omitempty"`
}

// TicketRef is a visit's ticket: the ID and number the server keeps and
// the ref its QR carries (the ticket page /t/<ref>).
type TicketRef struct {
	ID     string    `json:"id"`     // "20261217-TN-001"
	Number string    `json:"number"` // "TN-001"
	Seq    int       `json:"seq"`
	Ref    string    `json:"ref"`
	At     time.Time `json:"at"` // when it was given (the ticket's issue time)
}

// Errors callers branch on.
var (
	ErrNotFound = errors.New("visit not found")
	ErrClosed   = errors.New("visit already done or cancelled")
	ErrNotDue   = errors.New("visit has no day yet")
)

// Limits of the free texts, in characters.
const (
	maxName    = 100
	maxAddress = 300
	maxNote    = 500
)

func clean(s string) string { return norm.NFC.String(strings.Join(strings.Fields(s), " ")) }

// Normalize trims and NFC-normalises every text of r.
func (r Request) Normalize() Request {
	for _, p := range []*string{&r.ProcedureCode, &r.ProcedureName, &r.Service, &r.Citizen, &r.Phone, &r.Area, &r.Address, &r.Note, &r.Officer} {
		*p = clean(*p)
	}
	r.Phone = strings.NewReplacer(" ", "", ".", "", "-", "").Replace(r.Phone)
	return r
}

// Validate checks a normalised request against the queue configuration
// and returns the first problem as a *queue.FieldError whose Field is the
// request's JSON key, so the desk shows it beside the field.
func (r Request) Validate(cfg queue.Config) error {
	long := func(s string, n int) bool { return utf8.RuneCountInString(s) > n }
	switch {
	case r.ProcedureName == "":
		return fieldErr("procedure_name", "Chưa chọn thủ tục", "no procedure chosen")
	case long(r.ProcedureName, 300) || long(r.ProcedureCode, 64):
		return fieldErr("procedure_name", "Tên thủ tục dài quá", "procedure name is too long")
	}
	if _, ok := cfg.Service(r.Service); !ok {
		return fieldErr("service", "Chưa chọn lĩnh vực của thủ tục (lĩnh vực %q không có)", "no service chosen (no service %q)", r.Service)
	}
	switch {
	case r.Citizen == "":
		return fieldErr("citizen", "Chưa nhập họ tên người dân", "citizen's name is empty")
	case long(r.Citizen, maxName):
		return fieldErr("citizen", "Họ tên dài quá %d ký tự", "name is longer than %d characters", maxName)
	}
	if err := checkPhone(r.Phone); err != nil {
		return err
	}
	switch {
	case r.Area == "":
		return fieldErr("area", "Chưa nhập khu vực, ấp", "area is empty")
	case long(r.Area, maxName):
		return fieldErr("area", "Tên khu vực dài quá %d ký tự", "area is longer than %d characters", maxName)
	case r.Address == "":
		return fieldErr("address", "Chưa nhập địa chỉ nhà", "address is empty")
	case long(r.Address, maxAddress):
		return fieldErr("address", "Địa chỉ dài quá %d ký tự", "address is longer than %d characters", maxAddress)
	case long(r.Note, maxNote):
		return fieldErr("note", "Ghi chú dài quá %d ký tự", "note is longer than %d characters", maxNote)
	case long(r.Officer, 64):
		return fieldErr("officer", "Mã cán bộ dài quá", "officer ID is too long")
	}
	for _, x := range Reasons {
		if r.Reason == x {
			return nil
		}
	}
	return fieldErr("reason", "Chưa chọn lý do phục vụ tận nhà", "no reason chosen")
}

// checkPhone accepts a Vietnamese number: 10 digits from 0, or +84 and 9.
func checkPhone(p string) error {
	digits := strings.TrimPrefix(p, "+84")
	if digits != p {
		digits = "0" + digits
	}
	ok := len(digits) == 10 && digits[0] == '0'
	for _, c := range digits {
		ok = ok && c >= '0' && c <= '9'
	}
	if !ok {
		return fieldErr("phone", "Số điện thoại %q không đúng (10 chữ số, bắt đầu bằng 0)", "phone %q is not a 10-digit number from 0", p)
	}
	return nil
}

// New makes the visit of a valid request, Requested at now, with an ID
// read from rnd.
func New(r Request, now time.Time, rnd io.Reader) (Visit, error) {
	id, err := randomID(rnd, 5)
	if err != nil {
		return Visit{}, fmt.Errorf("visit id: %w", err)
	}
	return Visit{ID: "v" + id, Request: r, Status: StatusRequested, CreatedAt: now}, nil
}

func randomID(rnd io.Reader, n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(rnd, b); err != nil {
		return "", err
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)), nil
}

// Schedule puts a requested visit on day with its ticket, number seq of
// that day, and a ref read from rnd.
func (v *Visit) Schedule(day string, seq int, now time.Time, rnd io.Reader) error {
	if !v.Status.Open() {
		return fmt.Errorf("schedule visit %s: %w", v.ID, ErrClosed)
	}
	ref, err := randomID(rnd, 10)
	if err != nil {
		return fmt.Errorf("visit ticket ref: %w", err)
	}
	number := fmt.Sprintf("%s-%03d", TicketPrefix, seq)
	v.Status, v.Day = StatusScheduled, day
	v.Ticket = &TicketRef{ID: strings.ReplaceAll(day, "-", "") + "-" + number, Number: number, Seq: seq, Ref: ref, At: now}
	return nil
}

// erase drops what identifies the citizen; the procedure, service, area,
// reason, day and ticket stay for reports.
func (v *Visit) erase(s Status, now time.Time) {
	v.Status, v.EndedAt = s, &now
	v.Citizen, v.Phone, v.Address, v.Note = "", "", "", ""
}

// Cancel ends an open visit, erasing the citizen's details.
func (v *Visit) Cancel(now time.Time) error {
	if !v.Status.Open() {
		return fmt.Errorf("cancel visit %s: %w", v.ID, ErrClosed)
	}
	v.erase(StatusCancelled, now)
	return nil
}

// Done marks a scheduled visit served by officer at now, erasing the
// citizen's details, and returns the queue events of its ticket —
// ticket.issued then ticket.done, as a lobby ticket's — for the store to
// put in the outbox in the same write. day is the office-local date of
// now: a visit made earlier than planned keeps the day it was made.
func (v *Visit) Done(officer string, now time.Time, day string) ([]queue.Event, error) {
	switch {
	case !v.Status.Open():
		return nil, fmt.Errorf("visit %s done: %w", v.ID, ErrClosed)
	case v.Ticket == nil:
		return nil, fmt.Errorf("visit %s done: %w", v.ID, ErrNotDue)
	}
	if day < v.Day {
		v.Day = day
	}
	tr := v.Ticket
	t := queue.Ticket{ID: tr.ID, Day: v.Day, Prefix: TicketPrefix, Seq: tr.Seq, Number: tr.Number,
		Service: v.Service, Origin: v.Service, Ref: tr.Ref, Status: queue.StatusWaiting,
		IssuedAt: tr.At, ArrivedAt: tr.At, Officer: officer}
	issued := t
	t.Status, t.DoneAt = queue.StatusDone, &now
	v.DoneBy = officer
	v.erase(StatusDone, now)
	return []queue.Event{
		{Kind: queue.EventIssued, At: now, Ticket: &issued},
		{Kind: queue.EventDone, At: now, Ticket: &t},
	}, nil
}
