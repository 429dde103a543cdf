package bookings

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	kb "github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/db"
)

// Router is where Register adds the sync routes (server/app's App).
type Router interface {
	Handle(method, path string, h http.Handler)
}

// maxBody bounds a rules put or a push (500 bookings of ~400 bytes).
const maxBody = 1 << 20

// Register adds the hub's booking sync routes, authenticated by the
// device's bearer credential: they act on the credential's own office.
func (s *Service) Register(r Router) {
	r.Handle("PUT", wire.PathBookingRules, s.device(s.putRules))
	r.Handle("POST", wire.PathBookingPush, s.device(s.push))
	r.Handle("GET", wire.PathBookingChanges, s.device(s.changes))
}

func (s *Service) device(next func(w http.ResponseWriter, r *http.Request, dev db.Device)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := ""
		if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
			token = strings.TrimSpace(h[7:])
		}
		dev, err := s.db.Authenticate(r.Context(), token)
		if errors.Is(err, db.ErrBadToken) {
			writeErr(w, http.StatusUnauthorized, "device credential is unknown or revoked: enroll the device again")
			return
		}
		if err != nil {
			s.log.Error("authenticate device", "err", err)
			writeErr(w, http.StatusServiceUnavailable, "database unavailable")
			return
		}
		next(w, r, dev)
	})
}

func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeErr(w, http.StatusBadRequest, "body is not valid JSON: "+err.Error())
		return false
	}
	return true
}

func (s *Service) putRules(w http.ResponseWriter, r *http.Request, dev db.Device) {
	var req wire.BookingRules
	if !decodeBody(w, r, &req) {
		return
	}
	err := s.PutRules(r.Context(), dev.Office, req.Config, req.Rules)
	var fe *queue.FieldError
	if errors.As(err, &fe) {
		writeErr(w, http.StatusUnprocessableEntity, "booking rules: "+fe.Error())
		return
	}
	if err != nil {
		s.log.Error("put booking rules", "office", dev.Office, "err", err)
		writeErr(w, http.StatusServiceUnavailable, "could not store the rules; retry")
		return
	}
	s.log.Info("booking rules stored", "device", dev.ID, "office", dev.Office, "services", len(req.Rules.Services))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Service) push(w http.ResponseWriter, r *http.Request, dev db.Device) {
	var req wire.BookingPush
	if !decodeBody(w, r, &req) {
		return
	}
	if len(req.Bookings) > wire.MaxBookingBatch {
		writeErr(w, http.StatusRequestEntityTooLarge, "too many bookings in one push")
		return
	}
	n, err := s.Push(r.Context(), dev.Office, req.Bookings)
	switch {
	case errors.Is(err, ErrBadPush):
		writeErr(w, http.StatusUnprocessableEntity, err.Error())
		return
	case errors.Is(err, ErrNoOffice):
		writeErr(w, http.StatusConflict, "put the booking rules first")
		return
	case errors.Is(err, kb.ErrDuplicate):
		writeErr(w, http.StatusConflict, err.Error())
		return
	case err != nil:
		s.log.Error("push bookings", "office", dev.Office, "err", err)
		writeErr(w, http.StatusServiceUnavailable, "could not store the bookings; retry")
		return
	}
	writeJSON(w, http.StatusOK, wire.BookingPushAck{Stored: n})
}

func (s *Service) changes(w http.ResponseWriter, r *http.Request, dev db.Device) {
	after, err := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	if err != nil || after < 0 {
		writeErr(w, http.StatusBadRequest, "after must be a change number (0 for all)")
		return
	}
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	out, err := s.Changes(r.Context(), dev.Office, after, limit)
	if err != nil {
		s.log.Error("booking changes", "office", dev.Office, "err", err)
		writeErr(w, http.StatusServiceUnavailable, "database unavailable")
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func writeErr(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, wire.Error{Error: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
