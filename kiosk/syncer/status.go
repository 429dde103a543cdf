package syncer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// Status is the sync state shown in the admin menu.
type Status struct {
	Server      string    // central server address; "" before enrollment
	Enrolled    bool      // a credential is stored
	Office      string    // office name given by the server at enrollment
	LastSuccess time.Time // when events last reached the server; zero if never
	LastAttempt time.Time
	NextAttempt time.Time
	Waiting     int    // events not yet acknowledged
	LastErrorVI string // plain words; "" when the last attempt succeeded
	LastErrorEN string
}

// Status returns the current sync state.
func (s *Syncer) Status(ctx context.Context) (Status, error) {
	s.mu.Lock()
	st := s.status
	s.mu.Unlock()
	var err error
	if st.Waiting, err = s.st.OutboxPending(ctx); err != nil {
		return st, fmt.Errorf("sync status: %w", err)
	}
	st.Server, _ = s.st.Meta(ctx, KeyURL)
	tok, _ := s.st.Meta(ctx, KeyToken)
	st.Enrolled = tok != ""
	st.Office, _ = s.st.Meta(ctx, KeyOfficeName)
	if !st.Enrolled && st.LastErrorVI == "" {
		st.LastErrorVI, st.LastErrorEN = (&Error{Code: CodeNotEnrolled}).Messages()
	}
	return st, nil
}

// NormalizeURL checks a server address typed by an administrator and
// returns it without a trailing slash. A bare host gets https://.
func NormalizeURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw != "" && !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", &Error{Code: CodeBadURL, Permanent: true, Err: fmt.Errorf("server address %q", raw)}
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// Enroll spends a one-time enrollment code at the server and stores the
// server address and the device's own credential. It returns the office
// name the server gave. Events waiting in the outbox then start to flow.
func (s *Syncer) Enroll(ctx context.Context, serverURL, code string) (string, error) {
	base, err := NormalizeURL(serverURL)
	if err != nil {
		return "", err
	}
	host, _ := os.Hostname()
	body, _ := json.Marshal(wire.EnrollRequest{Code: strings.TrimSpace(code), Device: s.st.DeviceID(), Name: host})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+wire.PathEnroll, bytes.NewReader(body))
	if err != nil {
		return "", &Error{Code: CodeBadURL, Permanent: true, Err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	var resp wire.EnrollResponse
	if err := s.do(req, &resp); err != nil {
		var se *Error
		if errors.As(err, &se) && se.Status == http.StatusForbidden {
			se.Code = CodeBadCode
		}
		return "", err
	}
	if resp.Token == "" || resp.Device != s.st.DeviceID() {
		return "", &Error{Code: CodeServer, Status: http.StatusOK, Err: errors.New("enrollment answer without credential for this device")}
	}
	for _, kv := range [][2]string{{KeyURL, base}, {KeyToken, resp.Token}, {KeyOffice, resp.Office}, {KeyOfficeName, resp.OfficeName}} {
		if err := s.st.SetMeta(ctx, kv[0], kv[1]); err != nil {
			return "", &Error{Code: CodeLocal, Err: err}
		}
	}
	s.log.Info("enrolled with the central server", "server", base, "office", resp.Office)
	s.retryNow()
	return resp.OfficeName, nil
}

// SetServer changes the server address (the server moved) and keeps the
// credential. Waiting events go to the new address.
func (s *Syncer) SetServer(ctx context.Context, serverURL string) error {
	base, err := NormalizeURL(serverURL)
	if err != nil {
		return err
	}
	if err := s.st.SetMeta(ctx, KeyURL, base); err != nil {
		return &Error{Code: CodeLocal, Err: err}
	}
	s.retryNow()
	return nil
}
