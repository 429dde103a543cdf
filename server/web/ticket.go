package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
)

// maxComment is the longest remark kept, in characters.
const maxComment = 500

// StarChoice is one answer of the rating form.
type StarChoice struct {
	Stars int
	Label string
	Icons string // "★★★☆☆"
}

// ReasonChoice is one reason checkbox.
type ReasonChoice struct {
	Code, Label string
	Checked     bool
}

type ticketData struct {
	Ref        string
	OfficeName string
	Number     string
	Service    string
	Status     string
	Active     bool // still waiting or at a counter: the page refreshes
	AsOf       string
	CanRate    bool
	Rated      bool
	Thanks     bool
	NotDone    bool
	Token      string
	Stars      []StarChoice
	Reasons    []ReasonChoice
	Chosen     int
	Comment    string
	Live       *liveData
	Dossiers   []ticketDossier // the dossiers the desk attached (dossier.go)
}

// validRef accepts the characters a hub's refs are made of.
func validRef(ref string) bool {
	if len(ref) < 8 || len(ref) > 128 {
		return false
	}
	for _, c := range ref {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// ticketPage shows a ticket's status and, once served and not yet rated,
// the rating form.
func (s *Server) ticketPage(w http.ResponseWriter, r *http.Request) {
	t, ok := s.ticket(w, r)
	if !ok {
		return
	}
	d, ok := s.ticketData(w, r, t)
	if !ok {
		return
	}
	d.Thanks = r.URL.Query().Get("thanks") == "1" && d.Rated
	s.render(w, r, http.StatusOK, "ticket", page{Title: tr(lang(r), "t.title") + " " + t.Number, Data: d})
}

// ticket finds the page's ticket or answers 404.
func (s *Server) ticket(w http.ResponseWriter, r *http.Request) (db.TicketRow, bool) {
	ref := r.PathValue("ref")
	if !validRef(ref) {
		s.message(w, r, http.StatusNotFound, "nf.title", "nf.text")
		return db.TicketRow{}, false
	}
	t, err := s.db.TicketByRef(r.Context(), ref)
	if errors.Is(err, db.ErrNotFound) {
		s.message(w, r, http.StatusNotFound, "nf.title", "nf.text")
		return db.TicketRow{}, false
	}
	if err != nil {
		s.fail(w, r, "ticket page", err)
		return db.TicketRow{}, false
	}
	return t, true
}

func (s *Server) ticketData(w http.ResponseWriter, r *http.Request, t db.TicketRow) (ticketData, bool) {
	l := lang(r)
	d := ticketData{Ref: t.Ref, Number: t.Number, Service: t.Service, Active: t.Status.Active()}
	zone := s.opt.Location
	if o, err := s.db.Office(r.Context(), t.Office); err == nil {
		d.OfficeName, zone = o.Name, o.Location()
	}
	// The ticket carries its service's code ("A"); the citizen reads the
	// name the kiosk showed ("Đăng ký đất đai"), the code when none is known.
	if name, err := s.db.NameOf(r.Context(), t.Office, db.ServiceNames, t.Service); err == nil {
		d.Service = name
	} else {
		s.log.Warn("ticket page: service name", "office", t.Office, "service", t.Service, "err", err)
	}
	// The citizen reads the office's clock, not the server's.
	d.AsOf = t.UpdatedAt.In(zone).Format("15:04 02/01/2006")
	switch t.Status {
	case queue.StatusCalled:
		d.Status = fmt.Sprintf(tr(l, "t.called"), t.Counter)
	case queue.StatusServing:
		d.Status = fmt.Sprintf(tr(l, "t.serving"), t.Counter)
	default:
		d.Status = tr(l, "t."+string(t.Status))
	}
	rated := t.Rated
	if !rated {
		var err error
		if rated, err = s.db.HasRating(r.Context(), t.Office, t.ID); err != nil {
			s.fail(w, r, "ticket page", err)
			return d, false
		}
	}
	d.Rated = rated
	d.Live = s.liveOf(r, t) // ticket_live.go
	d.Dossiers = s.ticketDossiers(r, t)
	d.NotDone = t.Status != queue.StatusDone
	d.CanRate = t.Status == queue.StatusDone && !rated
	if d.CanRate {
		tok, err := s.formToken(r.Context(), "rate:"+t.Ref, s.formNonce(w, r, false))
		if err != nil {
			s.fail(w, r, "rating form token", err)
			return d, false
		}
		d.Token = tok
		for n := 5; n >= 1; n-- {
			d.Stars = append(d.Stars, StarChoice{Stars: n, Label: report.StarLabel(n, l),
				Icons: strings.Repeat("★", n) + strings.Repeat("☆", 5-n)})
		}
		for _, code := range queue.Reasons {
			d.Reasons = append(d.Reasons, ReasonChoice{Code: code, Label: report.ReasonLabel(code, l)})
		}
	}
	return d, true
}

// rate stores a citizen's rating from the public page: source "web", no
// identity, the first rating of the ticket only.
func (s *Server) rate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.message(w, r, http.StatusBadRequest, "t.title", "forbidden")
		return
	}
	t, ok := s.ticket(w, r)
	if !ok {
		return
	}
	if !s.checkFormToken(r, "rate:"+t.Ref) {
		s.log.Warn("rating form token mismatch", "ticket", t.ID, "remote", r.RemoteAddr)
		s.message(w, r, http.StatusForbidden, "t.title", "forbidden")
		return
	}
	d, ok := s.ticketData(w, r, t)
	if !ok {
		return
	}
	if !d.CanRate { // not served yet, or rated meanwhile: show the page as it is
		s.render(w, r, http.StatusConflict, "ticket", page{Title: tr(lang(r), "t.title") + " " + t.Number, Data: d})
		return
	}
	stars, _ := strconv.Atoi(r.PostFormValue("stars"))
	var reasons []string
	for _, code := range r.PostForm["reason"] {
		if slices.Contains(queue.Reasons, code) && !slices.Contains(reasons, code) {
			reasons = append(reasons, code)
		}
	}
	comment := norm.NFC.String(strings.TrimSpace(r.PostFormValue("comment")))
	if utf8.RuneCountInString(comment) > maxComment {
		comment = string([]rune(comment)[:maxComment])
	}
	if stars < 1 || stars > 5 {
		d.Chosen, d.Comment = 0, comment
		for i := range d.Reasons {
			d.Reasons[i].Checked = slices.Contains(reasons, d.Reasons[i].Code)
		}
		s.render(w, r, http.StatusUnprocessableEntity, "ticket", page{Title: tr(lang(r), "t.title") + " " + t.Number,
			Error: tr(lang(r), "t.need_stars"), Data: d})
		return
	}
	if stars > 3 {
		reasons = nil // reasons are asked only at three stars or fewer
	}
	rt := queue.Rating{TicketID: t.ID, Day: t.Day, Number: t.Number, Service: t.Service, Counter: t.Counter,
		Officer: t.Officer, Stars: stars, Reasons: reasons, Comment: comment, Source: "web", At: s.now().UTC()}
	err := s.db.InsertRating(r.Context(), t.Office, rt)
	if err != nil && !errors.Is(err, db.ErrAlreadyRated) {
		s.fail(w, r, "store web rating", err)
		return
	}
	if err == nil {
		s.log.Info("web rating stored", "office", t.Office, "ticket", t.ID, "stars", stars)
	}
	http.Redirect(w, r, "/t/"+t.Ref+"?thanks=1", http.StatusSeeOther)
}
