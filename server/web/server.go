package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/server/bookings"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/report"
)

//go:embed templates/*.html
var templateFS embed.FS

// Router is where the web side registers its routes: server/app's App
// satisfies it, and so does a test's mux adapter.
type Router interface {
	Handle(method, path string, h http.Handler)
}

// Options configure New. Zero values are sensible defaults.
type Options struct {
	Logger *slog.Logger
	// Location is the time zone of the report's quick date ranges and of
	// an office the database has no zone for (Vietnam). Each office's
	// times are shown in its own zone (db.Office.TimeZone).
	Location *time.Location
	// Now is the clock (tests).
	Now func() time.Time
	// SecureCookies marks cookies Secure even on plain HTTP (TLS ended by
	// a proxy in front). Over TLS they are Secure anyway.
	SecureCookies bool
	// MaxFailures failed sign-ins lock an account for LockFor (5, 15 min).
	MaxFailures int
	LockFor     time.Duration
	// SessionIdle and SessionMax bound a session's life without use and
	// in all (8 h, 12 h).
	SessionIdle, SessionMax time.Duration
	// Bookings is the phone booking page's service (booking.go); nil, the
	// page says no office takes bookings.
	Bookings *bookings.Service
	// PublicURL is the server's root as citizens reach it, for the
	// booking's QR ("https://motcua.example.gov.vn"); default: the
	// request's host.
	PublicURL string
	// BookingBurst booking and cancel POSTs per client address at once,
	// then one more every BookingRefill (10, 1 min).
	BookingBurst  int
	BookingRefill time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For the
	// booking rate limit believes (none: the peer's address).
	TrustedProxies []netip.Prefix
}

// Server serves the web pages over a database.
type Server struct {
	db   *db.DB
	opt  Options
	log  *slog.Logger
	tmpl map[string]*template.Template

	bookLimit *limiter // booking and cancel POSTs per client address
	lookLimit *limiter // booking pages asked for with an unknown code

	keyOnce sync.Once
	key     []byte
	keyErr  error
}

// New builds the web side. Templates are parsed here, so a broken
// template fails at start, not on a request.
func New(d *db.DB, opt Options) (*Server, error) {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Location == nil {
		opt.Location = report.Vietnam
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.MaxFailures <= 0 {
		opt.MaxFailures = 5
	}
	if opt.LockFor <= 0 {
		opt.LockFor = 15 * time.Minute
	}
	if opt.SessionIdle <= 0 {
		opt.SessionIdle = 8 * time.Hour
	}
	if opt.SessionMax <= 0 {
		opt.SessionMax = 12 * time.Hour
	}
	if opt.BookingBurst <= 0 {
		opt.BookingBurst = 10
	}
	if opt.BookingRefill <= 0 {
		opt.BookingRefill = time.Minute
	}
	s := &Server{db: d, opt: opt, log: opt.Logger, tmpl: map[string]*template.Template{}}
	s.bookLimit = newLimiter(opt.BookingBurst, opt.BookingRefill, 10000, opt.Now)
	s.lookLimit = newLimiter(20, 6*time.Second, 10000, opt.Now)
	funcs := template.FuncMap{"svg": func(c report.Chart) template.HTML { return template.HTML(c.SVG()) }}
	base := template.Must(template.New("base.html").Funcs(funcs).ParseFS(templateFS, "templates/base.html"))
	for _, name := range []string{"login", "reports", "ticket", "message", "dossier", "dossier_report", "booking", "booking_done", "booking_cancel"} {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		s.tmpl[name] = t
	}
	return s, nil
}

// Routes are the web side's routes, for the OpenAPI file and tests.
var Routes = []struct{ Method, Path string }{
	{"GET", "/login"},
	{"POST", "/login"},
	{"POST", "/logout"},
	{"GET", "/reports"},
	{"GET", "/reports/csv/{table}"},
	{"GET", "/t/{ref}"},
	{"POST", "/t/{ref}"},
	{"GET", "/t/{ref}/live"},
	{"GET", "/static/ticket-live.js"},
	{"GET", "/hs/{code}"},
	{"GET", "/api/v1/dossiers/{code}"},
	{"GET", "/reports/dossiers"},
	{"GET", "/reports/dossiers/csv/{table}"},
	{"GET", "/book"},
	{"GET", "/book/{office}"},
	{"GET", "/book/{office}/{service}"},
	{"GET", "/book/{office}/{service}/{day}"},
	{"GET", "/book/{office}/{service}/{day}/{time}"},
	{"POST", "/book/{office}/{service}/{day}/{time}"},
	{"GET", "/b/{code}"},
	{"GET", "/cancel"},
	{"POST", "/cancel"},
}

// Register adds the web routes to r.
func (s *Server) Register(r Router) {
	h := map[string]http.HandlerFunc{
		"GET /login":                        s.loginPage,
		"POST /login":                       s.login,
		"POST /logout":                      s.requireSession(s.logout),
		"GET /reports":                      s.requireSession(s.reports),
		"GET /reports/csv/{table}":          s.requireSession(s.reportCSV),
		"GET /t/{ref}":                      liveCSP(s.ticketPage),
		"GET /t/{ref}/live":                 s.ticketLive,
		"GET /static/ticket-live.js":        s.ticketLiveScript,
		"POST /t/{ref}":                     s.rate,
		"GET /hs/{code}":                    s.dossierPage,
		"GET /api/v1/dossiers/{code}":       s.dossierAPI,
		"GET /reports/dossiers":             s.requireSession(s.dossierReportPage),
		"GET /reports/dossiers/csv/{table}": s.requireSession(s.dossierReportCSV),
	}
	for k, f := range s.bookingHandlers() { // booking.go
		h[k] = f
	}
	for _, rt := range Routes {
		r.Handle(rt.Method, rt.Path, s.headers(h[rt.Method+" "+rt.Path]))
	}
}

// headers sets the security headers every page gets: no script, nothing
// from elsewhere, no framing, no Referer (the ticket page's URL is a
// secret), no caching of personal pages.
func (s *Server) headers(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		rememberLang(w, r)
		next(w, r)
	})
}

// page is what every template gets.
type page struct {
	Lang      report.Lang
	OtherLang string // URL of this page in the other language
	Title     string
	Session   *db.Session // nil when not signed in
	CSRF      string
	Data      any
	Message   string
	Error     string
}

// T translates a message key for the page's language.
func (p page) T(key string) string { return tr(p.Lang, key) }

// render executes a page template into a buffer first, so that a
// template error becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.Lang = lang(r)
	p.OtherLang = otherLangURL(r, p.Lang)
	var buf bytes.Buffer
	if err := s.tmpl[name].ExecuteTemplate(&buf, "base.html", p); err != nil {
		s.log.Error("render page", "page", name, "err", err)
		http.Error(w, tr(p.Lang, "error"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// message renders a page with one sentence (errors, 404).
func (s *Server) message(w http.ResponseWriter, r *http.Request, status int, title, text string) {
	l := lang(r)
	s.render(w, r, status, "message", page{Title: tr(l, title), Message: tr(l, text)})
}

// fail logs err and shows the citizen or supervisor a plain sentence.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, msg string, err error) {
	s.log.Error(msg, "path", r.URL.Path, "err", err)
	s.message(w, r, http.StatusInternalServerError, "app", "error")
}

func (s *Server) now() time.Time { return s.opt.Now() }

// formKey is the HMAC key of the pre-session form tokens, shared by all
// server processes through the database.
func (s *Server) formKey(ctx context.Context) ([]byte, error) {
	s.keyOnce.Do(func() { s.key, s.keyErr = s.db.WebKey(ctx, "form-token") })
	if s.keyErr != nil {
		err := s.keyErr
		s.keyOnce = sync.Once{} // try again next time
		return nil, err
	}
	return s.key, nil
}
