package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/db"
)

// PathNames is where a hub sends the names behind the ids its events
// carry: PUT, bearer credential as for events.
const PathNames = wire.PathNames

// NamesRequest is the body of PUT PathNames (wire.Names, which the
// kiosk's syncer sends).
type NamesRequest = wire.Names

// Limits of a names request.
const (
	maxNames     = 1000 // per kind
	maxNameBytes = 200
	maxIDBytes   = 64
)

func checkNames(n NamesRequest) error {
	for kind, m := range map[string]map[string]string{"officers": n.Officers, "services": n.Services} {
		if len(m) > maxNames {
			return fmt.Errorf("%s: %d names, at most %d", kind, len(m), maxNames)
		}
		for id, name := range m {
			switch {
			case id == "" || len(id) > maxIDBytes || !utf8.ValidString(id):
				return fmt.Errorf("%s: id %q is empty, longer than %d bytes or not UTF-8", kind, id, maxIDBytes)
			case len(name) > maxNameBytes || !utf8.ValidString(name) || strings.ContainsAny(name, "\x00\r\n"):
				return fmt.Errorf("%s: the name of %q is longer than %d bytes, not UTF-8 or holds a control character", kind, id, maxNameBytes)
			}
		}
	}
	return nil
}

// Names handles PUT PathNames for the credential's own office.
func (s *Server) Names(w http.ResponseWriter, r *http.Request) {
	dev, err := s.db.Authenticate(r.Context(), bearer(r))
	if errors.Is(err, db.ErrBadToken) {
		writeErr(w, http.StatusUnauthorized, "device credential is unknown or revoked: enroll the device again")
		return
	}
	if err != nil {
		s.log.Error("authenticate device", "err", err)
		writeUnavailable(w, dbRetryAfter, "database unavailable")
		return
	}
	body, status, err := s.readBody(w, r)
	if err != nil {
		writeErr(w, status, err.Error())
		return
	}
	var req NamesRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeErr(w, http.StatusBadRequest, "names request is not valid JSON: "+err.Error())
		return
	}
	if err := checkNames(req); err != nil {
		writeErr(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	for kind, m := range map[db.NameKind]map[string]string{db.OfficerNames: req.Officers, db.ServiceNames: req.Services} {
		if err := s.db.SetNames(r.Context(), dev.Office, kind, m); err != nil {
			s.log.Error("store names", "device", dev.ID, "office", dev.Office, "err", err)
			writeUnavailable(w, dbRetryAfter, "could not store the names; retry")
			return
		}
	}
	s.log.Info("names stored", "device", dev.ID, "office", dev.Office, "officers", len(req.Officers), "services", len(req.Services))
	w.WriteHeader(http.StatusNoContent)
}
