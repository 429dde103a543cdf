package queue

import "time"

// Status is where a ticket is in its life.
type Status string

// Ticket statuses. Waiting → Called → Serving → Done is the normal path;
// NoShow (skipped, may return), Cancelled and Expired (left over at the day
// rollover) end it early. A transfer puts the ticket back to Waiting in
// another service, keeping its arrival time.
const (
	StatusWaiting   Status = "waiting"
	StatusCalled    Status = "called"
	StatusServing   Status = "serving"
	StatusDone      Status = "done"
	StatusNoShow    Status = "no_show"
	StatusCancelled Status = "cancelled"
	StatusExpired   Status = "expired"
)

// Active reports whether the ticket is still in the queue or at a counter.
func (s Status) Active() bool {
	return s == StatusWaiting || s == StatusCalled || s == StatusServing
}

// Ticket is one queue number of one service day.
type Ticket struct {
	ID       string    `json:"id"`  // "20261123-A012": unique across days
	Day      string    `json:"day"` // service day "2026-11-23"
	Prefix   string    `json:"prefix"`
	Seq      int       `json:"seq"`
	Number   string    `json:"number"`  // "A012"
	Service  string    `json:"service"` // current service code (changes on transfer)
	Origin   string    `json:"origin"`  // service the ticket was issued for
	Priority string    `json:"priority,omitempty"`
	Ref      string    `json:"ref"` // unguessable reference for the ticket's public page (QR)
	Status   Status    `json:"status"`
	IssuedAt time.Time `json:"issued_at"`
	// ArrivedAt orders the queue: the issue time, kept across transfers and
	// a return after a no-show.
	ArrivedAt time.Time `json:"arrived_at"`
	// WaitFrom, set on a booked ticket, is when its wait counts from
	// instead: the later of its check-in and its slot's start
	// (kiosk/bookings). See Since.
	WaitFrom *time.Time `json:"wait_from,omitempty"`
	// ToCounter, when set, restricts calling to that counter (a transfer to
	// a named counter).
	ToCounter int        `json:"to_counter,omitempty"`
	Counter   int        `json:"counter,omitempty"` // counter that called it last
	Officer   string     `json:"officer,omitempty"` // officer who called/served it last
	CalledAt  *time.Time `json:"called_at,omitempty"`
	ServingAt *time.Time `json:"serving_at,omitempty"`
	DoneAt    *time.Time `json:"done_at,omitempty"`
	NoShowAt  *time.Time `json:"no_show_at,omitempty"`
	EndedAt   *time.Time `json:"ended_at,omitempty"` // cancelled or expired
	Recalls   int        `json:"recalls"`
	Transfers int        `json:"transfers"`
	Rated     bool       `json:"rated"`
	Stars     int        `json:"stars,omitempty"` // the rating's stars once rated
}

// Since is when the ticket's wait counts from: WaitFrom for a booked
// ticket, ArrivedAt for a walk-in. The calling order is by Since (the
// longest effective wait first) within the priority policy, and the age
// promotion (Policy.MaxWaitMinutes) counts from it too.
func (t *Ticket) Since() time.Time {
	if t.WaitFrom != nil {
		return *t.WaitFrom
	}
	return t.ArrivedAt
}

// Booked reports whether the ticket came from a booking's check-in.
func (t *Ticket) Booked() bool { return t.WaitFrom != nil }

// Rating is a citizen's satisfaction with one served ticket. It names the
// ticket, officer, counter, service and office and never the citizen
// (Decree 61/2018 Art. 27.3).
type Rating struct {
	TicketID string    `json:"ticket_id"`
	Day      string    `json:"day"`
	Number   string    `json:"number"`
	Service  string    `json:"service"`
	Counter  int       `json:"counter"`
	Officer  string    `json:"officer"`
	Stars    int       `json:"stars"` // 1 Rất không hài lòng … 5 Rất hài lòng
	Reasons  []string  `json:"reasons,omitempty"`
	Comment  string    `json:"comment,omitempty"`
	Source   string    `json:"source"` // "counter", "kiosk", "web"
	At       time.Time `json:"at"`
	// Dossiers are the dossier codes the desk attached to the ticket
	// (Circular 01/2018 scores satisfaction per dossier); the hub fills
	// them in, the engine does not know them.
	Dossiers []string `json:"dossiers,omitempty"`
}

// Rating reasons offered at three stars or fewer: the waiting room's own
// complaint (a long wait) and the items Decree 61/2018/NĐ-CP Art. 31.1 has
// a dossier rated on (time to result against the promised date, number of
// contacts, the information given, the officer's attitude, the fees). A
// free remark goes in Rating.Comment.
const (
	ReasonLongWait      = "long_wait"   // thời gian chờ lâu
	ReasonLateResult    = "late_result" // trả kết quả trễ hẹn (Art. 31.1.a)
	ReasonManyVisits    = "many_visits" // phải đi lại nhiều lần (Art. 31.1.b)
	ReasonUnclear       = "unclear"     // hướng dẫn, thông tin thủ tục chưa rõ (Art. 31.1.c)
	ReasonAttitude      = "attitude"    // thái độ cán bộ (Art. 31.1.d)
	ReasonFees          = "fees"        // phí, lệ phí chưa đúng quy định (Art. 31.1.đ)
	ReasonOther         = "other"       // khác
	maxReasons          = 7             // len(Reasons): every reason may be chosen at once
	maxCommentRunes     = 500
	ratingSourceWeb     = "web"
	ratingSourceKiosk   = "kiosk"
	ratingSourceCounter = "counter"
)

// Reasons lists the rating reasons in display order.
var Reasons = []string{ReasonLongWait, ReasonLateResult, ReasonManyVisits, ReasonUnclear, ReasonAttitude, ReasonFees, ReasonOther}

// CounterState is a counter's live state.
type CounterState struct {
	Number  int    `json:"number"`
	Paused  bool   `json:"paused"`
	Officer string `json:"officer,omitempty"` // signed-in officer ID
	Current string `json:"current,omitempty"` // ticket ID being called or served
	// NormalSince counts normal calls since the last priority call
	// (interleave policy).
	NormalSince int `json:"normal_since"`
}

// Open reports whether the counter takes citizens now: an officer is
// signed in and has not paused it.
func (c CounterState) Open() bool { return c.Officer != "" && !c.Paused }

// DayStats are one officer's totals for the service day, shown on the
// officer's desk.
type DayStats struct {
	Served  int `json:"served"`
	NoShows int `json:"no_shows"`
	Ratings int `json:"ratings"`
	StarSum int `json:"star_sum"`
}

// EventKind names what happened.
type EventKind string

// Event kinds. They are the outbox's vocabulary, synced to the central
// server, so they are stable strings.
const (
	EventIssued      EventKind = "ticket.issued"
	EventCalled      EventKind = "ticket.called"
	EventRecalled    EventKind = "ticket.recalled"
	EventServing     EventKind = "ticket.serving"
	EventDone        EventKind = "ticket.done"
	EventNoShow      EventKind = "ticket.no_show"
	EventReturned    EventKind = "ticket.returned"
	EventTransferred EventKind = "ticket.transferred"
	EventCancelled   EventKind = "ticket.cancelled"
	EventExpired     EventKind = "ticket.expired"
	EventRated       EventKind = "rating.given"
	EventCounter     EventKind = "counter.changed"
)

// Event is one state change. Ticket carries the ticket as it is after
// the change, so that a store or a server can keep the latest state by
// upserting it; Counter likewise for counter changes.
type Event struct {
	Kind    EventKind     `json:"kind"`
	At      time.Time     `json:"at"`
	Ticket  *Ticket       `json:"ticket,omitempty"`
	Rating  *Rating       `json:"rating,omitempty"`
	Counter *CounterState `json:"counter,omitempty"`
	From    string        `json:"from,omitempty"` // transfer: previous service
}
