package ingest

import (
	"encoding/json"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// decoded is one batch event with its body already decoded. TicketJSON is
// the ticket object's bytes inside the body (nil when unknown), stored as
// the ticket's snapshot without encoding it again.
type decoded struct {
	wire.Event
	Ev         queue.Event
	TicketJSON []byte
	ready      bool // Ev is decoded
}

// errSlowPath says the fast decoder met JSON it does not take; the caller
// decodes with encoding/json instead.
var errSlowPath = errors.New("batch needs the general JSON decoder")

// decodeBatch decodes a wire.Batch and every event's queue.Event body in
// one pass over the bytes. Profiling showed encoding/json scanning each
// body four times (validity check and skip for the batch, then again to
// decode it), about a third of the ingest CPU.
//
// It takes only the JSON that encoding/json writes for these types: exact
// field names, each once, no null, no escapes in strings, valid UTF-8,
// integers without fraction or exponent. Anything else returns
// errSlowPath, and the caller decodes with encoding/json, which then gives
// the same result or the exact error message. For every input it accepts,
// it returns what encoding/json returns (FuzzDecodeBatch checks this).
func decodeBatch(data []byte) (device string, evs []decoded, err error) {
	r := &reader{b: data}
	var seen uint32
	r.object(func(key []byte) {
		switch string(key) {
		case "device":
			r.once(&seen, 1)
			device = r.str()
		case "events":
			r.once(&seen, 2)
			evs = r.events()
		default:
			r.fail()
		}
	})
	r.ws()
	if r.bad || r.i != len(r.b) {
		return "", nil, errSlowPath
	}
	return device, evs, nil
}

// reader is a cursor over JSON bytes; bad latches the first thing it does
// not take.
type reader struct {
	b   []byte
	i   int
	bad bool
}

func (r *reader) fail() {
	r.bad = true
	r.i = len(r.b)
}

func (r *reader) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, or 0 at the end.
func (r *reader) peek() byte {
	r.ws()
	if r.i >= len(r.b) {
		return 0
	}
	return r.b[r.i]
}

func (r *reader) expect(c byte) {
	if r.peek() != c {
		r.fail()
		return
	}
	r.i++
}

// once marks bit in *seen and fails on a repeated field (encoding/json
// would merge it into the value already decoded).
func (r *reader) once(seen *uint32, bit uint32) {
	if *seen&bit != 0 {
		r.fail()
	}
	*seen |= bit
}

// object reads {"key": value, ...}; field reads each value.
func (r *reader) object(field func(key []byte)) {
	r.expect('{')
	if r.peek() == '}' {
		r.i++
		return
	}
	for !r.bad {
		key := r.rawStr()
		r.expect(':')
		if r.bad {
			return
		}
		field(key)
		switch r.peek() {
		case ',':
			r.i++
		case '}':
			r.i++
			return
		default:
			r.fail()
		}
	}
}

// array reads [value, ...]; elem reads each value.
func (r *reader) array(elem func()) {
	r.expect('[')
	if r.peek() == ']' {
		r.i++
		return
	}
	for !r.bad {
		elem()
		switch r.peek() {
		case ',':
			r.i++
		case ']':
			r.i++
			return
		default:
			r.fail()
		}
	}
}

// rawStr reads a string without escapes or control characters and
// returns its contents (no copy).
func (r *reader) rawStr() []byte {
	r.expect('"')
	start := r.i
	ascii := true
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			s := r.b[start:r.i]
			r.i++
			if !ascii && !utf8.Valid(s) {
				r.fail() // encoding/json replaces bad bytes with U+FFFD
				return nil
			}
			return s
		case c == '\\' || c < 0x20:
			r.fail()
			return nil
		case c >= 0x80:
			ascii = false
		}
		r.i++
	}
	r.fail()
	return nil
}

func (r *reader) str() string { return string(r.rawStr()) }

// integer reads -?(0|[1-9][0-9]{0,17}): no fraction, exponent or overflow.
func (r *reader) integer() int64 {
	r.ws()
	neg := false
	if r.i < len(r.b) && r.b[r.i] == '-' {
		neg = true
		r.i++
	}
	start := r.i
	var n int64
	for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
		n = n*10 + int64(r.b[r.i]-'0')
		r.i++
	}
	digits := r.i - start
	if digits == 0 || digits > 18 || (digits > 1 && r.b[start] == '0') {
		r.fail()
		return 0
	}
	if r.i < len(r.b) {
		if c := r.b[r.i]; c == '.' || c == 'e' || c == 'E' {
			r.fail()
			return 0
		}
	}
	if neg {
		return -n
	}
	return n
}

// int reads an integer that fits Go's int (encoding/json rejects others).
func (r *reader) int() int {
	n := r.integer()
	if int64(int(n)) != n {
		r.fail()
	}
	return int(n)
}

func (r *reader) boolean() bool {
	r.ws()
	switch {
	case len(r.b)-r.i >= 4 && string(r.b[r.i:r.i+4]) == "true":
		r.i += 4
		return true
	case len(r.b)-r.i >= 5 && string(r.b[r.i:r.i+5]) == "false":
		r.i += 5
		return false
	}
	r.fail()
	return false
}

// time reads a string through time.Time's own UnmarshalJSON, as
// encoding/json does.
func (r *reader) time() time.Time {
	r.ws()
	start := r.i
	r.rawStr()
	var t time.Time
	if r.bad || t.UnmarshalJSON(r.b[start:r.i]) != nil {
		r.fail()
	}
	return t
}

func (r *reader) timePtr() *time.Time {
	t := r.time()
	return &t
}

func (r *reader) strings() []string {
	out := []string{} // encoding/json makes [] an empty, non-nil slice
	r.array(func() { out = append(out, r.str()) })
	return out
}

func (r *reader) events() []decoded {
	out := []decoded{}
	r.array(func() {
		e := decoded{ready: true}
		var seen uint32
		r.object(func(key []byte) {
			switch string(key) {
			case "id":
				r.once(&seen, 1)
				e.ID = r.str()
			case "seq":
				r.once(&seen, 2)
				e.Seq = r.integer()
			case "kind":
				r.once(&seen, 4)
				e.Kind = r.str()
			case "at":
				r.once(&seen, 8)
				e.At = r.time()
			case "event":
				r.once(&seen, 16)
				r.ws()
				start := r.i
				e.TicketJSON = r.event(&e.Ev)
				e.Event.Body = json.RawMessage(r.b[start:r.i])
			default:
				r.fail()
			}
		})
		if seen&16 == 0 {
			r.fail() // encoding/json leaves Body empty: Validate reports it
		}
		out = append(out, e)
	})
	return out
}

// event reads a queue.Event body into ev and returns the ticket object's
// bytes, if it has one.
func (r *reader) event(ev *queue.Event) (ticketJSON []byte) {
	var seen uint32
	r.object(func(key []byte) {
		switch string(key) {
		case "kind":
			r.once(&seen, 1)
			ev.Kind = queue.EventKind(r.str())
		case "at":
			r.once(&seen, 2)
			ev.At = r.time()
		case "ticket":
			r.once(&seen, 4)
			r.ws()
			start := r.i
			ev.Ticket = r.ticket()
			ticketJSON = r.b[start:r.i]
		case "rating":
			r.once(&seen, 8)
			ev.Rating = r.rating()
		case "counter":
			r.once(&seen, 16)
			ev.Counter = r.counter()
		case "from":
			r.once(&seen, 32)
			ev.From = r.str()
		default:
			r.fail()
		}
	})
	return ticketJSON
}

func (r *reader) ticket() *queue.Ticket {
	t := new(queue.Ticket)
	var seen uint32
	r.object(func(key []byte) {
		switch string(key) {
		case "id":
			r.once(&seen, 1<<0)
			t.ID = r.str()
		case "day":
			r.once(&seen, 1<<1)
			t.Day = r.str()
		case "prefix":
			r.once(&seen, 1<<2)
			t.Prefix = r.str()
		case "seq":
			r.once(&seen, 1<<3)
			t.Seq = r.int()
		case "number":
			r.once(&seen, 1<<4)
			t.Number = r.str()
		case "service":
			r.once(&seen, 1<<5)
			t.Service = r.str()
		case "origin":
			r.once(&seen, 1<<6)
			t.Origin = r.str()
		case "priority":
			r.once(&seen, 1<<7)
			t.Priority = r.str()
		case "ref":
			r.once(&seen, 1<<8)
			t.Ref = r.str()
		case "status":
			r.once(&seen, 1<<9)
			t.Status = queue.Status(r.str())
		case "issued_at":
			r.once(&seen, 1<<10)
			t.IssuedAt = r.time()
		case "arrived_at":
			r.once(&seen, 1<<11)
			t.ArrivedAt = r.time()
		case "to_counter":
			r.once(&seen, 1<<12)
			t.ToCounter = r.int()
		case "counter":
			r.once(&seen, 1<<13)
			t.Counter = r.int()
		case "officer":
			r.once(&seen, 1<<14)
			t.Officer = r.str()
		case "called_at":
			r.once(&seen, 1<<15)
			t.CalledAt = r.timePtr()
		case "serving_at":
			r.once(&seen, 1<<16)
			t.ServingAt = r.timePtr()
		case "done_at":
			r.once(&seen, 1<<17)
			t.DoneAt = r.timePtr()
		case "no_show_at":
			r.once(&seen, 1<<18)
			t.NoShowAt = r.timePtr()
		case "ended_at":
			r.once(&seen, 1<<19)
			t.EndedAt = r.timePtr()
		case "recalls":
			r.once(&seen, 1<<20)
			t.Recalls = r.int()
		case "transfers":
			r.once(&seen, 1<<21)
			t.Transfers = r.int()
		case "rated":
			r.once(&seen, 1<<22)
			t.Rated = r.boolean()
		default:
			r.fail()
		}
	})
	return t
}

func (r *reader) rating() *queue.Rating {
	v := new(queue.Rating)
	var seen uint32
	r.object(func(key []byte) {
		switch string(key) {
		case "ticket_id":
			r.once(&seen, 1<<0)
			v.TicketID = r.str()
		case "day":
			r.once(&seen, 1<<1)
			v.Day = r.str()
		case "number":
			r.once(&seen, 1<<2)
			v.Number = r.str()
		case "service":
			r.once(&seen, 1<<3)
			v.Service = r.str()
		case "counter":
			r.once(&seen, 1<<4)
			v.Counter = r.int()
		case "officer":
			r.once(&seen, 1<<5)
			v.Officer = r.str()
		case "stars":
			r.once(&seen, 1<<6)
			v.Stars = r.int()
		case "reasons":
			r.once(&seen, 1<<7)
			v.Reasons = r.strings()
		case "comment":
			r.once(&seen, 1<<8)
			v.Comment = r.str()
		case "source":
			r.once(&seen, 1<<9)
			v.Source = r.str()
		case "at":
			r.once(&seen, 1<<10)
			v.At = r.time()
		case "dossiers":
			r.once(&seen, 1<<11)
			v.Dossiers = r.strings()
		default:
			r.fail()
		}
	})
	return v
}

func (r *reader) counter() *queue.CounterState {
	c := new(queue.CounterState)
	var seen uint32
	r.object(func(key []byte) {
		switch string(key) {
		case "number":
			r.once(&seen, 1<<0)
			c.Number = r.int()
		case "paused":
			r.once(&seen, 1<<1)
			c.Paused = r.boolean()
		case "officer":
			r.once(&seen, 1<<2)
			c.Officer = r.str()
		case "current":
			r.once(&seen, 1<<3)
			c.Current = r.str()
		case "normal_since":
			r.once(&seen, 1<<4)
			c.NormalSince = r.int()
		default:
			r.fail()
		}
	})
	return c
}
