package syncer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// BookingStore is what the booking sync needs from the office store
// (*store.Store satisfies it). Its contract:
//   - BookingRules returns the rules in force (bookings.DefaultRules when
//     none were saved).
//   - BookingChanges returns up to limit of the hub's own booking writes
//     with a rev above after, in rev order; a rev is never reused.
//   - MergeBookings merges the server's bookings by bookings.Merge in one
//     transaction, adds no rev, and merging the same booking again changes
//     nothing.
type BookingStore interface {
	BookingRules(ctx context.Context) (bookings.Rules, error)
	BookingChanges(ctx context.Context, after int64, limit int) ([]store.BookingChange, error)
	MergeBookings(ctx context.Context, bs []bookings.Booking) (int, error)
}

var _ BookingStore = (*store.Store)(nil)

// Meta keys of the booking sync. A cursor is kept as "N url": a new server
// address starts from 0.
const (
	KeyBookingRulesSent = "sync.booking_rules_sent" // hash of the server and the rules put there
	KeyBookingsPushed   = "sync.bookings_pushed"    // the hub's last rev the server acknowledged
	KeyBookingsPulled   = "sync.bookings_pulled"    // the server's last change merged here
)

// syncBookings puts the rules when they changed, pushes the hub's booking
// writes after the push cursor, and pulls the server's changes after the
// pull cursor into the store. Each step moves its cursor only after the
// other side (or the store) has the data, so an interrupted sync resends
// and both sides merge the resent bookings to no effect. A failure is
// logged and retried at the next flush; it never holds up the events, and
// the hub keeps checking in the bookings it has.
func (s *Syncer) syncBookings(ctx context.Context, url, token string) {
	if s.opt.Bookings == nil || s.opt.BookingConfig == nil {
		return
	}
	err := s.putBookingRules(ctx, url, token)
	if err == nil {
		err = s.pushBookings(ctx, url, token)
	}
	if err == nil {
		err = s.pullBookings(ctx, url, token)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		s.bookingsErr = ""
		return
	}
	if ctx.Err() == nil && err.Error() != s.bookingsErr {
		s.bookingsErr = err.Error()
		s.log.Warn("booking sync with the central server (retried at the next sync; check-in goes on with the bookings held here)", "err", err)
	}
}

func (s *Syncer) putBookingRules(ctx context.Context, url, token string) error {
	rules, err := s.opt.Bookings.BookingRules(ctx)
	if err != nil {
		return &Error{Code: CodeLocal, Err: fmt.Errorf("read booking rules: %w", err)}
	}
	body, err := json.Marshal(wire.BookingRules{Config: s.opt.BookingConfig(), Rules: rules})
	if err != nil {
		return &Error{Code: CodeLocal, Err: err}
	}
	sum := sha256.Sum256(append([]byte(url+"\n"), body...))
	hash := hex.EncodeToString(sum[:])
	if last, err := s.st.Meta(ctx, KeyBookingRulesSent); err == nil && last == hash {
		return nil
	}
	if err := s.call(ctx, http.MethodPut, url+wire.PathBookingRules, token, body, nil); err != nil {
		return err
	}
	if err := s.st.SetMeta(ctx, KeyBookingRulesSent, hash); err != nil {
		return &Error{Code: CodeLocal, Err: err}
	}
	s.log.Info("booking rules stored on the central server", "services", len(rules.Services))
	return nil
}

func (s *Syncer) pushBookings(ctx context.Context, url, token string) error {
	after := s.cursor(ctx, KeyBookingsPushed, url)
	for {
		ch, err := s.opt.Bookings.BookingChanges(ctx, after, wire.MaxBookingBatch)
		if err != nil {
			return &Error{Code: CodeLocal, Err: err}
		}
		if len(ch) == 0 {
			return nil
		}
		p := wire.BookingPush{Bookings: make([]bookings.Booking, len(ch))}
		for i, c := range ch {
			p.Bookings[i] = c.Booking
		}
		body, _ := json.Marshal(p)
		var ack wire.BookingPushAck
		if err := s.call(ctx, http.MethodPost, url+wire.PathBookingPush, token, body, &ack); err != nil {
			return err
		}
		after = ch[len(ch)-1].Rev
		if err := s.setCursor(ctx, KeyBookingsPushed, url, after); err != nil {
			return err
		}
		s.log.Debug("bookings pushed", "bookings", len(ch), "changed", ack.Stored, "up_to_rev", after)
	}
}

func (s *Syncer) pullBookings(ctx context.Context, url, token string) error {
	after := s.cursor(ctx, KeyBookingsPulled, url)
	for {
		var page wire.BookingChanges
		u := url + wire.PathBookingChanges + "?after=" + strconv.FormatInt(after, 10)
		if err := s.call(ctx, http.MethodGet, u, token, nil, &page); err != nil {
			return err
		}
		if len(page.Bookings) > 0 {
			n, err := s.opt.Bookings.MergeBookings(ctx, page.Bookings)
			if err != nil {
				return &Error{Code: CodeLocal, Err: err}
			}
			if n > 0 {
				s.log.Info("bookings from the central server merged", "bookings", len(page.Bookings), "changed", n)
			}
		}
		if page.Next > after {
			after = page.Next
			if err := s.setCursor(ctx, KeyBookingsPulled, url, after); err != nil {
				return err
			}
		}
		if !page.More {
			return nil
		}
	}
}

// cursor reads a cursor kept for url; 0 when none is, or it was another
// server's.
func (s *Syncer) cursor(ctx context.Context, key, url string) int64 {
	v, err := s.st.Meta(ctx, key)
	if err != nil {
		return 0
	}
	n, u, ok := strings.Cut(v, " ")
	if !ok || u != url {
		return 0
	}
	c, _ := strconv.ParseInt(n, 10, 64)
	return c
}

func (s *Syncer) setCursor(ctx context.Context, key, url string, n int64) error {
	if err := s.st.SetMeta(ctx, key, strconv.FormatInt(n, 10)+" "+url); err != nil {
		return &Error{Code: CodeLocal, Err: err}
	}
	return nil
}

// call sends a JSON request with the device's credential and decodes a 200
// answer into out.
func (s *Syncer) call(ctx context.Context, method, url, token string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return &Error{Code: CodeBadURL, Err: err, Permanent: true}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	return s.do(req, out)
}
