package web

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
)

// The ticket page's live place in line (issue 14, "your turn is near").
// The central server does not talk to the office's hub: it knows what the
// hub's syncer has sent, which on a working link is every event within a
// second or two of it happening (kiosk/syncer pushes on each new event)
// and, when the link is down, nothing. The page polls /t/{ref}/live every
// livePoll, so what it shows is at most livePoll plus the sync delay old
// while the office is online; when the office has been silent for longer
// than staleAfter the page says the count may be out of date.

// livePoll is how often the open ticket page asks for its place (tests
// shorten it through export_live_test.go).
var livePoll = 10 * time.Second

// staleAfter is how long without news from the office before the page
// warns that the count may be old.
const staleAfter = 2 * time.Minute

// nearAt is how many tickets ahead (or fewer) count as "your turn is
// near": the alert the citizen asked for fires then.
const nearAt = 3

//go:embed static/ticket_live.js
var ticketLiveJS []byte

// liveData is the live part of the ticket page: rendered into the page
// and, as JSON, what the page's script polls.
type liveData struct {
	Ref        string `json:"-"`
	Status     string `json:"status"` // queue.Status
	StatusText string `json:"status_text"`
	Active     bool   `json:"active"`
	Waiting    bool   `json:"waiting"`
	Ahead      int    `json:"ahead"`
	AheadText  string `json:"ahead_text"`
	// Near: waiting with nearAt or fewer ahead, or already called.
	Near     bool   `json:"near"`
	AsOf     string `json:"as_of"` // "Theo lần đồng bộ gần nhất lúc 09:41 07/12/2026"
	Stale    bool   `json:"stale"`
	PollMS   int64  `json:"poll_ms"`
	NearAt   int    `json:"near_at"`
	NotifyOn string `json:"-"`
}

// liveOf computes a ticket's live data; nil for a ticket no longer in the
// queue or when the position cannot be read (the page then shows what it
// showed before this feature).
func (s *Server) liveOf(r *http.Request, t db.TicketRow) *liveData {
	if !t.Status.Active() {
		return nil
	}
	l := lang(r)
	pos, err := s.db.PositionOf(r.Context(), t.Office, t.ID)
	if err != nil {
		s.log.Warn("ticket page: position", "office", t.Office, "ticket", t.ID, "err", err)
		return nil
	}
	zone := s.opt.Location
	if o, err := s.db.Office(r.Context(), t.Office); err == nil {
		zone = o.Location()
	}
	asOf := t.UpdatedAt
	if pos.HeardAt.After(asOf) {
		asOf = pos.HeardAt
	}
	d := &liveData{Ref: t.Ref, Status: string(t.Status), StatusText: statusText(l, t), Active: true,
		Waiting: t.Status == queue.StatusWaiting, Ahead: pos.Ahead,
		AsOf:  tr(l, "t.asof") + " " + asOf.In(zone).Format("15:04 02/01/2006"),
		Stale: s.now().Sub(asOf) > staleAfter, PollMS: livePoll.Milliseconds(), NearAt: nearAt,
		NotifyOn: fmt.Sprintf(tr(l, "t.notify_on"), nearAt)}
	switch {
	case !d.Waiting:
		d.Near = true
	case pos.Ahead == 0:
		d.AheadText, d.Near = tr(l, "t.next"), true
	case pos.Ahead == 1:
		d.AheadText, d.Near = tr(l, "t.ahead1"), true
	default:
		d.AheadText, d.Near = fmt.Sprintf(tr(l, "t.ahead"), report.FormatNumber(float64(pos.Ahead), 0, l)), pos.Ahead <= nearAt
	}
	return d
}

// statusText is the status line of the ticket page.
func statusText(l report.Lang, t db.TicketRow) string {
	switch t.Status {
	case queue.StatusCalled:
		return fmt.Sprintf(tr(l, "t.called"), t.Counter)
	case queue.StatusServing:
		return fmt.Sprintf(tr(l, "t.serving"), t.Counter)
	}
	return tr(l, "t."+string(t.Status))
}

// ticketLive answers the page's poll: the live data as JSON, or
// {"active": false} once the ticket has left the queue (the page then
// reloads to show the result and the rating form).
func (s *Server) ticketLive(w http.ResponseWriter, r *http.Request) {
	t, ok := s.ticket(w, r)
	if !ok {
		return
	}
	d := s.liveOf(r, t)
	if d == nil {
		d = &liveData{Status: string(t.Status), StatusText: statusText(lang(r), t), PollMS: livePoll.Milliseconds(), NearAt: nearAt}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(d)
}

// ticketLiveScript serves the page's script: same origin, so the page's
// Content-Security-Policy can say script-src 'self' and nothing else.
func (s *Server) ticketLiveScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Write(ticketLiveJS)
}

// liveCSP lets the ticket page run its own script and poll its own
// origin; everything else stays as headers set it.
func liveCSP(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		next(w, r)
	}
}
