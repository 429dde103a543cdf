package dossiers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxBody caps an OpenCPS answer; a dossier with its log is a few kB.
const maxBody = 1 << 20

// OpenCPS is a Source for an OpenCPS v2 one-stop system, read over its
// REST API (see doc.go for the calls and the fields relied on). Set the
// fields before the first Lookup; it is then safe for concurrent use.
type OpenCPS struct {
	// BaseURL is the portal's root, e.g. "https://dichvucong.example.gov.vn";
	// the adapter adds /o/rest/v2/... itself. It never follows the host of
	// a scanned URL: a slip cannot point the kiosk at another server.
	BaseURL string
	// GroupID is the Liferay site id OpenCPS expects in the "groupId"
	// header; "" sends none.
	GroupID string
	// Client makes the requests; nil means a client with a 15 s timeout.
	// Deadlines per look-up come from the ctx given to Lookup.
	Client *http.Client
	// Location is the office's zone: OpenCPS dates carry none, and Late
	// is judged in it. nil means Asia/Ho_Chi_Minh (UTC+7).
	Location *time.Location
	// ReadySteps are step codes meaning "the result waits at the counter"
	// in this province's process, besides the status "releasing".
	ReadySteps []string
	// Now is the clock for AsOf and Late; nil means time.Now.
	Now func() time.Time
}

var _ Source = (*OpenCPS)(nil)

var defaultClient = &http.Client{Timeout: 15 * time.Second}

// ocDetail is the part of OpenCPS's DossierDetailModel the kiosk reads.
type ocDetail struct {
	DossierID         jsonText `json:"dossierId"`
	DossierNo         jsonText `json:"dossierNo"`
	ServiceCode       jsonText `json:"serviceCode"`
	ServiceName       jsonText `json:"serviceName"`
	GovAgencyName     jsonText `json:"govAgencyName"`
	ReceiveDate       jsonText `json:"receiveDate"`
	DueDate           jsonText `json:"dueDate"`
	FinishDate        jsonText `json:"finishDate"`
	ReleaseDate       jsonText `json:"releaseDate"`
	DossierStatus     jsonText `json:"dossierStatus"`
	DossierStatusText jsonText `json:"dossierStatusText"`
	StepCode          jsonText `json:"stepCode"`
	StepName          jsonText `json:"stepName"`
	StepDuedate       jsonText `json:"stepDuedate"`
}

// ocLogs is OpenCPS's DossierLogSearchIdResultsModel.
type ocLogs struct {
	Total jsonText `json:"total"`
	Data  []struct {
		CreateDate jsonText `json:"createDate"`
		Content    jsonText `json:"content"`
	} `json:"data"`
}

// Lookup asks OpenCPS for the dossier by its number with its secret,
// then for its log. A log that cannot be read leaves History empty and
// is no failure: the status itself is what the citizen came for.
func (o *OpenCPS) Lookup(ctx context.Context, ref Ref) (Status, error) {
	if ref.Code == "" {
		return Status{}, fmt.Errorf("opencps: empty dossier code: %w", ErrNotFound)
	}
	q := url.Values{}
	if ref.Secret != "" {
		q.Set("secretKey", ref.Secret)
	}
	var d ocDetail
	if err := o.get(ctx, "/o/rest/v2/dossiers/"+url.PathEscape(ref.Code), q, &d); err != nil {
		return Status{}, fmt.Errorf("opencps: dossier %s: %w", ref.Code, err)
	}
	if d.DossierID == "" && d.DossierNo == "" {
		return Status{}, fmt.Errorf("opencps: dossier %s: empty answer: %w", ref.Code, ErrNotFound)
	}
	st := o.status(d, ref)
	if d.DossierID != "" {
		lq := url.Values{}
		if ref.Secret != "" {
			lq.Set("password", ref.Secret)
		}
		var logs ocLogs
		if err := o.get(ctx, "/o/rest/v2/dossierlogs/"+url.PathEscape(string(d.DossierID))+"/logs", lq, &logs); err == nil {
			for _, l := range logs.Data {
				if text := strings.TrimSpace(string(l.Content)); text != "" {
					st.History = append(st.History, Entry{At: o.time(l.CreateDate), Text: text})
				}
			}
			slices.SortStableFunc(st.History, func(a, b Entry) int { return a.At.Compare(b.At) })
		}
	}
	return st, nil
}

// status maps a detail onto the kiosk's Status.
func (o *OpenCPS) status(d ocDetail, ref Ref) Status {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	code := string(d.DossierNo)
	if code == "" {
		code = ref.Code
	}
	state := ocState(string(d.DossierStatus))
	st := Status{
		Code:          code,
		Procedure:     string(d.ServiceName),
		ProcedureCode: string(d.ServiceCode),
		Agency:        string(d.GovAgencyName),
		State:         state,
		StateText:     string(d.DossierStatusText),
		Received:      o.time(d.ReceiveDate),
		Promised:      o.time(d.DueDate),
		Finished:      o.time(d.FinishDate),
		Step: Step{
			Code: string(d.StepCode),
			Name: string(d.StepName),
			Unit: string(d.GovAgencyName),
			Due:  o.time(d.StepDuedate),
		},
		AsOf:   now(),
		Source: "opencps",
	}
	if st.Finished.IsZero() {
		st.Finished = o.time(d.ReleaseDate)
	}
	if state == StateReady || (st.Step.Code != "" && slices.Contains(o.ReadySteps, st.Step.Code)) {
		st.State, st.Ready = StateReady, true
	}
	if st.State == StateReady && st.Finished.IsZero() {
		st.Finished = st.AsOf // ready, and the system gave no date: it is ready by now
	}
	st.Late = st.LateAt(st.AsOf, zoneOr(o.Location))
	return st
}

// ocState maps OpenCPS's dossierStatus codes.
func ocState(code string) State {
	switch strings.ToLower(code) {
	case "new", "receiving":
		return StateReceived
	case "waiting", "pausing":
		return StatePaused
	case "correcting":
		return StateNeedsMore
	case "releasing":
		return StateReady
	case "done":
		return StateDone
	case "denied":
		return StateDenied
	case "cancelled":
		return StateCancelled
	}
	return StateProcessing // processing, interoperating, posting, and codes we do not know
}

// get does one GET and decodes a JSON object into v, mapping failures to
// the package's errors.
func (o *OpenCPS) get(ctx context.Context, path string, q url.Values, v any) error {
	u := strings.TrimRight(o.BaseURL, "/") + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("build request: %v: %w", err, ErrUnreachable)
	}
	req.Header.Set("Accept", "application/json")
	if o.GroupID != "" {
		req.Header.Set("groupId", o.GroupID)
	}
	client := o.Client
	if client == nil {
		client = defaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: %w", ErrUnreachable, ctx.Err())
		}
		// A *url.Error quotes the whole URL, secretKey included: keep
		// only its cause, so the secret never reaches a log.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("%w: GET %s: %v", ErrUnreachable, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return fmt.Errorf("HTTP 404: %w", ErrNotFound)
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return fmt.Errorf("HTTP %d: %w", resp.StatusCode, ErrWrongSecret)
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("HTTP %d: %w", resp.StatusCode, ErrUnreachable)
	case err != nil:
		if ctx.Err() != nil {
			return fmt.Errorf("read body: %w: %w", ErrUnreachable, ctx.Err())
		}
		return fmt.Errorf("read body: %v: %w", err, ErrUnreachable)
	case len(body) > maxBody:
		return fmt.Errorf("answer over %d bytes: %w", maxBody, ErrUnreachable)
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil // an empty 200: the caller sees no dossier in it
	}
	if body[0] != '{' {
		return fmt.Errorf("answer is not a JSON object: %w", ErrUnreachable)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("decode answer: %v: %w", err, ErrUnreachable)
	}
	return nil
}

// ocLayouts are the date layouts OpenCPS answers with: its own
// dd/MM/yyyy HH:mm:ss first, then what other versions send.
var ocLayouts = []string{
	"02/01/2006 15:04:05", "02/01/2006 15:04", "02/01/2006",
	"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02",
}

// time reads an OpenCPS date in the office's zone; "" or an unreadable
// date is zero (shown as "chưa có"), never a failure of the look-up.
func (o *OpenCPS) time(s jsonText) time.Time {
	v := strings.TrimSpace(string(s))
	if v == "" {
		return time.Time{}
	}
	loc := zoneOr(o.Location)
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && len(v) >= 9 {
		if n > 1e11 {
			return time.UnixMilli(n).In(loc)
		}
		return time.Unix(n, 0).In(loc)
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.In(loc)
	}
	for _, layout := range ocLayouts {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t
		}
	}
	return time.Time{}
}

// jsonText takes a JSON string, number or boolean as text (OpenCPS sends
// ids and dates sometimes as numbers, sometimes as strings); null is "".
type jsonText string

func (t *jsonText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*t = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = jsonText(s)
	case b[0] == '{' || b[0] == '[':
		return errors.New("want a string or a number")
	default:
		*t = jsonText(b)
	}
	return nil
}
