package web

import (
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	kb "github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/bookings"
	"github.com/motcua-kiosk/motcua/server/report"
)

// The citizen's phone booking (issue 14): office → service → day → slot
// → phone number → the booking's page /b/{code}, which is also what the
// booking's QR holds (kiosk/bookings.QRPayload), and the cancel form.
// Every step is a plain GET; the two POSTs redirect (303) to a GET. The
// rules (window, places, per-phone limit) are server/bookings' and
// kiosk/bookings': this file only shows what they allow and words what
// they refuse.

// choice is one tappable line of a step.
type choice struct {
	URL, Label, Note string
	Full             bool // shown, not tappable
}

type bookingData struct {
	Step        string // office, service, day, slot, phone
	Back        string
	Choices     []choice
	Empty       string // the sentence when Choices is empty
	OfficeName  string
	ServiceName string
	DayText     string
	When        string // the chosen slot, in words
	Action      string
	Token       string
	Phone       string
	Retry       string // link to choose another slot after a refusal of the slot
	CanBook     bool
}

// officeOf answers 404 (and false) for an office that takes no bookings.
func (s *Server) officeOf(w http.ResponseWriter, r *http.Request) (bookings.Office, bool) {
	if s.opt.Bookings == nil {
		s.message(w, r, http.StatusNotFound, "nf.title", "bk.none")
		return bookings.Office{}, false
	}
	o, err := s.opt.Bookings.Office(r.Context(), r.PathValue("office"))
	if errors.Is(err, bookings.ErrNoOffice) {
		s.message(w, r, http.StatusNotFound, "nf.title", "bk.no_office")
		return o, false
	}
	if err != nil {
		s.fail(w, r, "booking office", err)
		return o, false
	}
	return o, true
}

// serviceOf finds the path's service among the office's bookable ones.
func (s *Server) serviceOf(w http.ResponseWriter, r *http.Request, o bookings.Office) (queue.Service, bool) {
	code := r.PathValue("service")
	for _, sv := range o.Bookable() {
		if sv.Code == code {
			return sv, true
		}
	}
	s.message(w, r, http.StatusNotFound, "nf.title", "bk.no_service")
	return queue.Service{}, false
}

// dayOf reads the path's day ("2026-12-17") as a date in the office's zone.
func (s *Server) dayOf(w http.ResponseWriter, r *http.Request, o bookings.Office) (time.Time, bool) {
	d, err := time.ParseInLocation(time.DateOnly, r.PathValue("day"), o.Location())
	if err != nil {
		s.message(w, r, http.StatusNotFound, "nf.title", "bk.no_day")
		return d, false
	}
	return d, true
}

func officeName(o bookings.Office, l report.Lang) string {
	if l == report.EN && o.NameEN != "" {
		return o.NameEN
	}
	return o.Name
}

func serviceName(sv queue.Service, l report.Lang) string {
	if l == report.EN && sv.NameEN != "" {
		return sv.NameEN
	}
	if sv.Name == "" {
		return sv.Code
	}
	return sv.Name
}

func bookPath(parts ...string) string {
	p := "/book"
	for _, x := range parts {
		p += "/" + url.PathEscape(x)
	}
	return p
}

func (s *Server) bookingPage(w http.ResponseWriter, r *http.Request, status int, d bookingData, errText string) {
	s.render(w, r, status, "booking", page{Title: tr(lang(r), "bk.title"), Data: d, Error: errText})
}

// bookOffices is the first step: the offices that take bookings; with one
// only, straight to its services.
func (s *Server) bookOffices(w http.ResponseWriter, r *http.Request) {
	if s.opt.Bookings == nil {
		s.message(w, r, http.StatusNotFound, "nf.title", "bk.none")
		return
	}
	l := lang(r)
	offices, err := s.opt.Bookings.Offices(r.Context())
	if err != nil {
		s.fail(w, r, "booking offices", err)
		return
	}
	if len(offices) == 1 {
		http.Redirect(w, r, bookPath(offices[0].ID), http.StatusSeeOther)
		return
	}
	d := bookingData{Step: "office", Empty: tr(l, "bk.none")}
	for _, o := range offices {
		d.Choices = append(d.Choices, choice{URL: bookPath(o.ID), Label: officeName(o, l)})
	}
	s.bookingPage(w, r, http.StatusOK, d, "")
}

// bookServices is the second step: the office's bookable services.
func (s *Server) bookServices(w http.ResponseWriter, r *http.Request) {
	o, ok := s.officeOf(w, r)
	if !ok {
		return
	}
	l := lang(r)
	d := bookingData{Step: "service", OfficeName: officeName(o, l), Back: "/book"}
	for _, sv := range o.Bookable() {
		d.Choices = append(d.Choices, choice{URL: bookPath(o.ID, sv.Code), Label: serviceName(sv, l)})
	}
	s.bookingPage(w, r, http.StatusOK, d, "")
}

// bookDays is the third step: the days of the booking window that have
// slots, those with a free place tappable. Closed days and holidays have
// no slots and are not listed.
func (s *Server) bookDays(w http.ResponseWriter, r *http.Request) {
	o, ok := s.officeOf(w, r)
	if !ok {
		return
	}
	sv, ok := s.serviceOf(w, r, o)
	if !ok {
		return
	}
	l, loc := lang(r), o.Location()
	d := bookingData{Step: "day", OfficeName: officeName(o, l), ServiceName: serviceName(sv, l),
		Back: bookPath(o.ID), Empty: tr(l, "bk.no_days")}
	today := s.now().In(loc)
	for i := 0; i <= o.Rules.WindowDays; i++ {
		day := time.Date(today.Year(), today.Month(), today.Day()+i, 0, 0, 0, 0, loc)
		free, err := s.opt.Bookings.Free(r.Context(), o.ID, sv.Code, day.Format(time.DateOnly))
		if err != nil {
			s.fail(w, r, "booking days", err)
			return
		}
		if len(free) == 0 {
			continue
		}
		places := 0
		for _, a := range free {
			places += a.Free
		}
		c := choice{URL: bookPath(o.ID, sv.Code, day.Format(time.DateOnly)), Label: dayWords(day, l)}
		if places == 0 {
			c.Full, c.Note = true, tr(l, "bk.full")
		} else {
			c.Note = fmt.Sprintf(tr(l, "bk.places"), places)
		}
		d.Choices = append(d.Choices, c)
	}
	s.bookingPage(w, r, http.StatusOK, d, "")
}

// bookSlots is the fourth step: the day's slots with their free places.
func (s *Server) bookSlots(w http.ResponseWriter, r *http.Request) {
	o, ok := s.officeOf(w, r)
	if !ok {
		return
	}
	sv, ok := s.serviceOf(w, r, o)
	if !ok {
		return
	}
	day, ok := s.dayOf(w, r, o)
	if !ok {
		return
	}
	l, loc := lang(r), o.Location()
	ds := day.Format(time.DateOnly)
	d := bookingData{Step: "slot", OfficeName: officeName(o, l), ServiceName: serviceName(sv, l), DayText: dayWords(day, l),
		Back: bookPath(o.ID, sv.Code), Empty: tr(l, "bk.no_slots")}
	free, err := s.opt.Bookings.Free(r.Context(), o.ID, sv.Code, ds)
	if err != nil {
		s.fail(w, r, "booking slots", err)
		return
	}
	for _, a := range free {
		start, end := a.Start.In(loc), a.End.In(loc)
		c := choice{URL: bookPath(o.ID, sv.Code, ds, start.Format("1504")), Label: start.Format("15:04") + " – " + end.Format("15:04")}
		if a.Free == 0 {
			c.Full, c.Note = true, tr(l, "bk.full")
		} else {
			c.Note = fmt.Sprintf(tr(l, "bk.places"), a.Free)
		}
		d.Choices = append(d.Choices, c)
	}
	s.bookingPage(w, r, http.StatusOK, d, "")
}

// slotOf reads the path's day and time as the slot's start in the office's
// zone; whether it is a slot at all is the rules' to say.
func (s *Server) slotOf(w http.ResponseWriter, r *http.Request, o bookings.Office) (time.Time, bool) {
	day, ok := s.dayOf(w, r, o)
	if !ok {
		return day, false
	}
	hm := r.PathValue("time")
	h, err1 := strconv.Atoi(hm[:min(2, len(hm))])
	m, err2 := strconv.Atoi(hm[min(2, len(hm)):])
	if len(hm) != 4 || err1 != nil || err2 != nil || h > 23 || m > 59 {
		s.message(w, r, http.StatusNotFound, "nf.title", "bk.no_day")
		return day, false
	}
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, o.Location()), true
}

// phoneStep is the form of the last step, its summary and its token.
func (s *Server) phoneStep(w http.ResponseWriter, r *http.Request) (bookings.Office, queue.Service, time.Time, bookingData, bool) {
	o, ok := s.officeOf(w, r)
	if !ok {
		return o, queue.Service{}, time.Time{}, bookingData{}, false
	}
	sv, ok := s.serviceOf(w, r, o)
	if !ok {
		return o, sv, time.Time{}, bookingData{}, false
	}
	start, ok := s.slotOf(w, r, o)
	if !ok {
		return o, sv, start, bookingData{}, false
	}
	l := lang(r)
	ds := start.Format(time.DateOnly)
	tok, err := s.formToken(r.Context(), "book", s.formNonce(w, r, false))
	if err != nil {
		s.fail(w, r, "booking form token", err)
		return o, sv, start, bookingData{}, false
	}
	d := bookingData{Step: "phone", OfficeName: officeName(o, l), ServiceName: serviceName(sv, l),
		When: whenWords(start, l), Back: bookPath(o.ID, sv.Code, ds), Action: r.URL.Path, Token: tok,
		Retry: bookPath(o.ID, sv.Code, ds), CanBook: true}
	return o, sv, start, d, true
}

// bookPhone shows the last step: the choice in words and the phone field.
// A slot that is full or gone says so here already.
func (s *Server) bookPhone(w http.ResponseWriter, r *http.Request) {
	o, sv, start, d, ok := s.phoneStep(w, r)
	if !ok {
		return
	}
	free, err := s.opt.Bookings.Free(r.Context(), o.ID, sv.Code, start.Format(time.DateOnly))
	if err != nil {
		s.fail(w, r, "booking slot", err)
		return
	}
	refusal := error(kb.ErrNoSlot)
	for _, a := range free {
		if a.Start.Equal(start) {
			refusal = nil
			if a.Free == 0 {
				refusal = kb.ErrFull
			}
		}
	}
	if refusal != nil {
		d.CanBook = false
		s.bookingPage(w, r, http.StatusOK, d, kb.Message(refusal, string(lang(r))))
		return
	}
	s.bookingPage(w, r, http.StatusOK, d, "")
}

// book makes the booking and redirects to its page; a refusal shows the
// form again with what was typed and the rules' sentence.
func (s *Server) book(w http.ResponseWriter, r *http.Request) {
	if !s.limited(w, r) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		s.message(w, r, http.StatusBadRequest, "bk.title", "forbidden")
		return
	}
	o, sv, start, d, ok := s.phoneStep(w, r)
	if !ok {
		return
	}
	if !s.checkFormToken(r, "book") {
		s.log.Warn("booking form token mismatch", "remote", r.RemoteAddr)
		s.message(w, r, http.StatusForbidden, "bk.title", "forbidden")
		return
	}
	d.Phone = strings.TrimSpace(r.PostFormValue("phone"))
	b, err := s.opt.Bookings.Book(r.Context(), o.ID, sv.Code, start, d.Phone)
	var re *kb.RequestError
	switch {
	case errors.As(err, &re):
		s.log.Info("phone booking refused", "office", o.ID, "service", sv.Code, "start", start, "why", err)
		d.CanBook = re.Field == "phone" || errors.Is(err, kb.ErrPhoneLimit)
		s.bookingPage(w, r, http.StatusUnprocessableEntity, d, kb.Message(err, string(lang(r))))
		return
	case errors.Is(err, bookings.ErrNoOffice):
		s.message(w, r, http.StatusNotFound, "nf.title", "bk.no_office")
		return
	case err != nil:
		s.fail(w, r, "phone booking", err)
		return
	}
	s.log.Info("phone booking made", "office", o.ID, "service", sv.Code, "start", start, "code", b.Code)
	http.Redirect(w, r, "/b/"+b.Code+"?new=1", http.StatusSeeOther)
}

// limited takes a token of the client's booking and cancel budget, or
// answers 429 with a Vietnamese page and false.
func (s *Server) limited(w http.ResponseWriter, r *http.Request) bool {
	wait, ok := s.bookLimit.allow(clientKey(r, s.opt.TrustedProxies))
	if ok {
		return true
	}
	s.tooMany(w, r, "bk.slow", wait)
	return false
}

// tooMany answers 429 with the sentence key (its %d: minutes to wait).
func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, key string, wait time.Duration) {
	mins := int(math.Ceil(wait.Minutes()))
	s.log.Warn("booking rate limit", "remote", r.RemoteAddr, "path", r.URL.Path)
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	l := lang(r)
	s.render(w, r, http.StatusTooManyRequests, "message", page{Title: tr(l, "bk.slow.title"),
		Message: fmt.Sprintf(tr(l, key), max(1, mins))})
}

// publicBase is the root of the URL the booking's QR holds.
func (s *Server) publicBase(r *http.Request) string {
	if s.opt.PublicURL != "" {
		return s.opt.PublicURL
	}
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

type doneData struct {
	Code      string       // "K7M-Q2PT"
	Plain     string       // "K7MQ2PT"
	Spelled   string       // "K 7 M – Q 2 P T", for reading aloud
	QR        template.URL // data: URL of the QR's PNG (built here, so trusted)
	Payload   string
	Office    string
	Service   string
	When      string
	Window    string
	Status    string // a sentence when the booking is no longer open
	Open      bool
	New       bool
	Cancelled bool
	CancelURL string
}

// bookingDone is the booking's page, the QR's target: the code to read
// aloud, its QR, the office, service, date and time in words, the check-in
// window and how to cancel.
func (s *Server) bookingDone(w http.ResponseWriter, r *http.Request) {
	if s.opt.Bookings == nil {
		s.message(w, r, http.StatusNotFound, "nf.title", "bk.none")
		return
	}
	// Unknown codes cost the asker (20 at once, then one every 6 s), so
	// that nobody walks the code space; a citizen's own page never does.
	key := clientKey(r, s.opt.TrustedProxies)
	if wait := s.lookLimit.empty(key); wait > 0 {
		s.tooMany(w, r, "bk.slow.look", wait)
		return
	}
	code, err := kb.ParseCode(r.PathValue("code"))
	var office string
	var b kb.Booking
	if err == nil {
		office, b, err = s.opt.Bookings.Lookup(r.Context(), code)
	}
	if errors.Is(err, kb.ErrNotFound) || errors.Is(err, kb.ErrCodeForm) || errors.Is(err, kb.ErrCodeTypo) {
		s.lookLimit.allow(key)
		s.message(w, r, http.StatusNotFound, "nf.title", "bk.nf")
		return
	}
	if err != nil {
		s.fail(w, r, "booking page", err)
		return
	}
	l := lang(r)
	loc, name, svName := s.opt.Location, office, b.Service
	var rules kb.Rules
	if o, err := s.opt.Bookings.Office(r.Context(), office); err == nil {
		loc, name, rules = o.Location(), officeName(o, l), o.Rules
		for _, sv := range o.Config.Services {
			if sv.Code == b.Service {
				svName = serviceName(sv, l)
			}
		}
	} else if o, err := s.db.Office(r.Context(), office); err == nil {
		loc, name = o.Location(), o.Name
	}
	start := b.Start.In(loc)
	d := doneData{Code: kb.FormatCode(b.Code), Plain: b.Code, Spelled: spell(b.Code), Office: name, Service: svName,
		When: whenWords(start, l), Open: b.Open(), New: r.URL.Query().Get("new") == "1",
		Cancelled: r.URL.Query().Get("cancelled") == "1" && b.Status == kb.StatusCancelled,
		CancelURL: "/cancel?code=" + url.QueryEscape(b.Code)}
	if d.Open {
		from, until := rules.Window(b.Start)
		d.Window = fmt.Sprintf(tr(l, "bk.window"), from.In(loc).Format("15:04"), until.In(loc).Format("15:04"))
		d.Payload = kb.QRPayload(s.publicBase(r), b.Code)
		png, err := qrcode.Encode(d.Payload, qrcode.Medium, 256)
		if err != nil {
			s.fail(w, r, "booking qr", err)
			return
		}
		d.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	} else {
		d.Status = tr(l, "bk.status."+string(b.Status))
	}
	s.render(w, r, http.StatusOK, "booking_done", page{Title: tr(l, "bk.done.title") + " " + d.Code, Data: d})
}

// spell writes a code symbol by symbol with the dash as a pause.
func spell(code string) string {
	f := kb.FormatCode(code)
	var parts []string
	for _, c := range f {
		if c == '-' {
			parts = append(parts, "–")
			continue
		}
		parts = append(parts, string(c))
	}
	return strings.Join(parts, " ")
}

type cancelData struct {
	Code, Phone, Token string
}

func (s *Server) cancelPage(w http.ResponseWriter, r *http.Request, status int, d cancelData, errText string) {
	tok, err := s.formToken(r.Context(), "cancel", s.formNonce(w, r, false))
	if err != nil {
		s.fail(w, r, "cancel form token", err)
		return
	}
	d.Token = tok
	s.render(w, r, status, "booking_cancel", page{Title: tr(lang(r), "bk.cancel.title"), Data: d, Error: errText})
}

// cancelForm asks for the code and the phone number the booking was made
// with.
func (s *Server) cancelForm(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	if c, err := kb.ParseCode(code); err == nil {
		code = kb.FormatCode(c)
	}
	s.cancelPage(w, r, http.StatusOK, cancelData{Code: code}, "")
}

// cancel cancels at the citizen's request and redirects to the booking's
// page. A wrong phone number and an unknown code get the same sentence,
// so that the form tells nobody whether a code exists.
func (s *Server) cancel(w http.ResponseWriter, r *http.Request) {
	if !s.limited(w, r) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		s.message(w, r, http.StatusBadRequest, "bk.cancel.title", "forbidden")
		return
	}
	if s.opt.Bookings == nil {
		s.message(w, r, http.StatusNotFound, "nf.title", "bk.none")
		return
	}
	d := cancelData{Code: strings.TrimSpace(r.PostFormValue("code")), Phone: strings.TrimSpace(r.PostFormValue("phone"))}
	if !s.checkFormToken(r, "cancel") {
		s.log.Warn("cancel form token mismatch", "remote", r.RemoteAddr)
		s.cancelPage(w, r, http.StatusForbidden, d, tr(lang(r), "forbidden"))
		return
	}
	l := lang(r)
	b, err := s.opt.Bookings.Cancel(r.Context(), d.Code, d.Phone)
	switch {
	case err == nil:
		s.log.Info("phone booking cancelled by the citizen", "code", b.Code)
		http.Redirect(w, r, "/b/"+b.Code+"?cancelled=1", http.StatusSeeOther)
		return
	case errors.Is(err, kb.ErrNotFound) || errors.Is(err, bookings.ErrPhoneMismatch):
		s.log.Info("cancel refused: no open booking with that code and phone", "why", err, "remote", r.RemoteAddr)
		s.cancelPage(w, r, http.StatusUnprocessableEntity, d, tr(l, "bk.cancel.nomatch"))
	case errors.Is(err, kb.ErrNotOpen):
		s.cancelPage(w, r, http.StatusConflict, d, tr(l, "bk.cancel.ended"))
	case errors.Is(err, kb.ErrCodeForm) || errors.Is(err, kb.ErrCodeTypo) || errors.Is(err, kb.ErrPhone):
		s.cancelPage(w, r, http.StatusUnprocessableEntity, d, kb.Message(err, string(l)))
	default:
		s.fail(w, r, "cancel booking", err)
	}
}

var (
	weekdayVI = [7]string{"Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}
)

// dayWords is "Thứ Năm, 17/12/2026" ("Thursday, 17/12/2026").
func dayWords(t time.Time, l report.Lang) string {
	wd := weekdayVI[t.Weekday()]
	if l == report.EN {
		wd = t.Weekday().String()
	}
	return wd + ", " + t.Format("02/01/2006")
}

// whenWords is "Thứ Năm, 17/12/2026 lúc 08:30" ("… at 08:30"); t is in
// the office's zone already.
func whenWords(t time.Time, l report.Lang) string {
	return dayWords(t, l) + " " + tr(l, "bk.at") + " " + t.Format("15:04")
}

// bookingHandlers are the phone booking page's routes (Routes lists them).
func (s *Server) bookingHandlers() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"GET /book":                                  s.bookOffices,
		"GET /book/{office}":                         s.bookServices,
		"GET /book/{office}/{service}":               s.bookDays,
		"GET /book/{office}/{service}/{day}":         s.bookSlots,
		"GET /book/{office}/{service}/{day}/{time}":  s.bookPhone,
		"POST /book/{office}/{service}/{day}/{time}": s.book,
		"GET /b/{code}":                              s.bookingDone,
		"GET /cancel":                                s.cancelForm,
		"POST /cancel":                               s.cancel,
	}
}
