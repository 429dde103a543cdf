package dossiers

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	testCode   = "000.00.13.H12-240315-0001"
	testSecret = "aB3xY9"
)

// fakeOpenCPS serves the recorded answers in testdata/opencps the way
// an OpenCPS server would: the dossier under its number, with the
// secretKey checked, and its log under the numeric dossierId.
type fakeOpenCPS struct {
	t      *testing.T
	detail string // file name for the dossier's detail
	// override, if set, answers every request instead.
	override http.HandlerFunc
	logsFail bool // the log answers 403
	groupIDs []string
}

func (f *fakeOpenCPS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.groupIDs = append(f.groupIDs, r.Header.Get("groupId"))
	if f.override != nil {
		f.override(w, r)
		return
	}
	switch r.URL.Path {
	case "/o/rest/v2/dossiers/" + testCode:
		if r.URL.Query().Get("secretKey") != testSecret {
			f.file(w, http.StatusForbidden, "forbidden.json")
			return
		}
		f.file(w, http.StatusOK, f.detail)
	case "/o/rest/v2/dossierlogs/201845/logs":
		if f.logsFail {
			f.file(w, http.StatusForbidden, "forbidden.json")
			return
		}
		f.file(w, http.StatusOK, "logs.json")
	default:
		f.file(w, http.StatusNotFound, "notfound.json")
	}
}

func (f *fakeOpenCPS) file(w http.ResponseWriter, code int, name string) {
	b, err := os.ReadFile(filepath.Join("testdata", "opencps", name))
	if err != nil {
		f.t.Error(err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	w.Write(b)
}

var hcm = time.FixedZone("ICT", 7*3600)

func newOpenCPS(t *testing.T, f *fakeOpenCPS) *OpenCPS {
	f.t = t
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return &OpenCPS{
		BaseURL:  srv.URL + "/",
		GroupID:  "35417",
		Client:   srv.Client(),
		Location: hcm,
		Now:      func() time.Time { return time.Date(2024, 3, 19, 9, 0, 0, 0, hcm) },
	}
}

func lookup(t *testing.T, o *OpenCPS, ref Ref) (Status, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second) // ends a hang only
	defer cancel()
	return o.Lookup(ctx, ref)
}

func TestOpenCPS_Lookup_Found(t *testing.T) {
	f := &fakeOpenCPS{detail: "dossier_processing.json"}
	o := newOpenCPS(t, f)
	ref, err := Parse("https://dvc.example.gov.vn/tra-cuu?dossierNo=" + testCode + "&secretKey=" + testSecret)
	if err != nil {
		t.Fatal(err)
	}
	st, err := lookup(t, o, ref)
	if err != nil {
		t.Fatalf("Lookup: %v", err)
	}
	at := func(d, h, m, s int) time.Time { return time.Date(2024, 3, d, h, m, s, 0, hcm) }
	checks := []struct {
		name      string
		got, want any
	}{
		{"Code", st.Code, testCode},
		{"Procedure", st.Procedure, "Thủ tục đăng ký khai sinh"},
		{"ProcedureCode", st.ProcedureCode, "1.001193"},
		{"Agency", st.Agency, "UBND xã Tân Thành"},
		{"State", st.State, StateProcessing},
		{"StateText", st.StateText, "Đang xử lý"},
		{"Received", st.Received, at(15, 8, 20, 3)},
		{"Promised", st.Promised, at(20, 16, 30, 0)},
		{"Step.Name", st.Step.Name, "Thẩm định hồ sơ"},
		{"Step.Unit", st.Step.Unit, "UBND xã Tân Thành"},
		{"Step.Due", st.Step.Due, at(19, 16, 30, 0)},
		{"Ready", st.Ready, false},
		{"Late", st.Late, false},
		{"Stale", st.Stale, false},
		{"AsOf", st.AsOf, at(19, 9, 0, 0)},
		{"Source", st.Source, "opencps"},
		{"History", len(st.History), 2},
	}
	for _, c := range checks {
		if gt, ok := c.got.(time.Time); ok {
			if !gt.Equal(c.want.(time.Time)) {
				t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
			}
			continue
		}
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if len(st.History) == 2 {
		if got, want := st.History[0].Text, "Tiếp nhận hồ sơ"; got != want {
			t.Errorf("History[0] = %q, want %q (oldest first)", got, want)
		}
		if got, want := st.History[1].At, at(18, 14, 5, 11); !got.Equal(want) {
			t.Errorf("History[1].At = %v, want %v", got, want)
		}
	}
	// No citizen identity leaves the adapter (Decree 61 Art. 27.3).
	b, _ := json.Marshal(st)
	for _, private := range []string{"Nguyễn Thị Hoa", "034190001234", "0912345678", "Thôn 3"} {
		if strings.Contains(string(b), private) {
			t.Errorf("status carries %q: %s", private, b)
		}
	}
	for _, g := range f.groupIDs {
		if g != "35417" {
			t.Errorf("groupId header = %q, want 35417", g)
		}
	}
}

func TestOpenCPS_Lookup_Ready(t *testing.T) {
	o := newOpenCPS(t, &fakeOpenCPS{detail: "dossier_releasing.json"})
	st, err := lookup(t, o, Ref{Code: testCode, Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Ready || st.State != StateReady || st.Step.Name != "Trả kết quả" {
		t.Errorf("Ready=%v State=%v Step=%q; want a ready dossier", st.Ready, st.State, st.Step.Name)
	}
	if got, want := st.Finished, time.Date(2024, 3, 19, 10, 40, 0, 0, hcm); !got.Equal(want) {
		t.Errorf("Finished = %v, want %v", got, want)
	}
}

// A province whose process names its own "ready" step: the step code
// decides, as OpenCPS's queue page does with its configured list.
func TestOpenCPS_Lookup_ReadySteps(t *testing.T) {
	o := newOpenCPS(t, &fakeOpenCPS{detail: "dossier_processing.json"})
	o.ReadySteps = []string{"200"}
	st, err := lookup(t, o, Ref{Code: testCode, Secret: testSecret})
	if err != nil || !st.Ready {
		t.Errorf("Lookup = Ready %v, %v; want ready by step code 200", st.Ready, err)
	}
}

// Late is judged by the adapter's clock against the promise.
func TestOpenCPS_Lookup_Late(t *testing.T) {
	o := newOpenCPS(t, &fakeOpenCPS{detail: "dossier_processing.json"})
	o.Now = func() time.Time { return time.Date(2024, 3, 20, 16, 31, 0, 0, hcm) }
	st, err := lookup(t, o, Ref{Code: testCode, Secret: testSecret})
	if err != nil || !st.Late {
		t.Errorf("Lookup = Late %v, %v; want late a minute after 16:30 on the promised day", st.Late, err)
	}
}

func TestOpenCPS_Lookup_Errors(t *testing.T) {
	slowDone := make(chan struct{})
	t.Cleanup(func() { close(slowDone) })
	tests := []struct {
		name     string
		ref      Ref
		override http.HandlerFunc
		ctx      func() (context.Context, context.CancelFunc)
		want     error
		alsoWant error
	}{
		{name: "not found", ref: Ref{Code: "H12.22-240315-0009", Secret: "x"}, want: ErrNotFound},
		{name: "wrong secret", ref: Ref{Code: testCode, Secret: "WRONG"}, want: ErrWrongSecret},
		{name: "no secret", ref: Ref{Code: testCode}, want: ErrWrongSecret},
		{name: "empty 200", ref: Ref{Code: testCode, Secret: testSecret}, want: ErrNotFound,
			override: func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("{}")) }},
		{name: "malformed JSON", ref: Ref{Code: testCode, Secret: testSecret}, want: ErrUnreachable,
			override: func(w http.ResponseWriter, r *http.Request) {
				b, _ := os.ReadFile("testdata/opencps/malformed.json")
				w.Write(b)
			}},
		{name: "HTML error page with 200", ref: Ref{Code: testCode, Secret: testSecret}, want: ErrUnreachable,
			override: func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>Bảo trì hệ thống</html>")) }},
		{name: "503", ref: Ref{Code: testCode, Secret: testSecret}, want: ErrUnreachable,
			override: func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
			}},
		{name: "500", ref: Ref{Code: testCode, Secret: testSecret}, want: ErrUnreachable,
			override: func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", http.StatusInternalServerError) }},
		{name: "slow server", ref: Ref{Code: testCode, Secret: testSecret}, want: ErrUnreachable, alsoWant: context.DeadlineExceeded,
			override: func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-slowDone:
				}
			},
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 50*time.Millisecond)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOpenCPS(t, &fakeOpenCPS{detail: "dossier_processing.json", override: tt.override})
			mk := tt.ctx
			if mk == nil {
				mk = func() (context.Context, context.CancelFunc) {
					return context.WithTimeout(context.Background(), 60*time.Second)
				}
			}
			ctx, cancel := mk()
			defer cancel()
			_, err := o.Lookup(ctx, tt.ref)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Lookup = %v, want %v", err, tt.want)
			}
			if tt.alsoWant != nil && !errors.Is(err, tt.alsoWant) {
				t.Errorf("Lookup = %v, want it to wrap %v too", err, tt.alsoWant)
			}
			for _, other := range []error{ErrNotFound, ErrWrongSecret, ErrUnreachable} {
				if other != tt.want && errors.Is(err, other) {
					t.Errorf("Lookup = %v also matches %v", err, other)
				}
			}
		})
	}
}

// A server that is down (connection refused) is unreachable.
func TestOpenCPS_Lookup_Down(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	o := &OpenCPS{BaseURL: url, Location: hcm}
	_, err := lookup(t, o, Ref{Code: testCode, Secret: testSecret})
	if !errors.Is(err, ErrUnreachable) {
		t.Errorf("Lookup = %v, want ErrUnreachable", err)
	}
	// The error goes to the log: it must not carry the secret.
	if err != nil && strings.Contains(err.Error(), testSecret) {
		t.Errorf("error %q carries the secret", err)
	}
}

// A log that cannot be read costs the history, not the status.
func TestOpenCPS_Lookup_LogFails(t *testing.T) {
	o := newOpenCPS(t, &fakeOpenCPS{detail: "dossier_processing.json", logsFail: true})
	st, err := lookup(t, o, Ref{Code: testCode, Secret: testSecret})
	if err != nil || st.Procedure == "" || len(st.History) != 0 {
		t.Errorf("Lookup = %q, %d entries, %v; want the status without history", st.Procedure, len(st.History), err)
	}
}

func TestOpenCPS_time(t *testing.T) {
	o := &OpenCPS{Location: hcm}
	want := time.Date(2024, 3, 20, 16, 30, 0, 0, hcm)
	for _, in := range []jsonText{"20/03/2024 16:30:00", "20/03/2024 16:30", "2024-03-20T09:30:00Z", "2024-03-20 16:30:00", "1710927000000", "1710927000"} {
		if got := o.time(in); !got.Equal(want) {
			t.Errorf("time(%q) = %v, want %v", in, got, want)
		}
	}
	for _, in := range []jsonText{"", "không rõ", "99/99/2024"} {
		if got := o.time(in); !got.IsZero() {
			t.Errorf("time(%q) = %v, want zero", in, got)
		}
	}
}
