package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
)

// Cookie names.
const (
	sessionCookie = "motcua_session"
	formCookie    = "motcua_form" // the nonce the pre-session form tokens are bound to
)

// dummyHash is checked when a login name is unknown, so that the answer
// takes as long as for a known name.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not-a-real-password-0", DefaultIterations)
	return h
})

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashID(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])
}

func (s *Server) secure(r *http.Request) bool { return r.TLS != nil || s.opt.SecureCookies }

// session returns the request's valid session, or nil.
func (s *Server) session(r *http.Request) (*db.Session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	sess, err := s.db.SessionByHash(r.Context(), hashID(c.Value))
	if errors.Is(err, db.ErrNoSession) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if now.Sub(sess.SeenAt) > time.Minute { // one write a minute at most
		exp := now.Add(s.opt.SessionIdle)
		if limit := sess.CreatedAt.Add(s.opt.SessionMax); exp.After(limit) {
			exp = limit
		}
		if err := s.db.TouchSession(r.Context(), sess.IDHash, now, exp); err != nil {
			return nil, err
		}
	}
	return &sess, nil
}

type sessionKey struct{}

// requireSession sends visitors without a session to the sign-in page and
// checks the CSRF token of every POST.
func (s *Server) requireSession(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, err := s.session(r)
		if err != nil {
			s.fail(w, r, "read session", err)
			return
		}
		if sess == nil {
			if r.Method != http.MethodGet {
				s.message(w, r, http.StatusForbidden, "login.title", "login.expired")
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
			if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(sess.CSRF)) != 1 {
				s.log.Warn("csrf token mismatch", "path", r.URL.Path, "supervisor", sess.Supervisor.Name)
				s.message(w, r, http.StatusForbidden, "app", "forbidden")
				return
			}
		}
		next(w, r.WithContext(context.WithValue(r.Context(), sessionKey{}, sess)))
	}
}

func sessionOf(r *http.Request) *db.Session {
	s, _ := r.Context().Value(sessionKey{}).(*db.Session)
	return s
}

// formNonce returns the browser's form nonce, setting a new one if it has
// none (or always, when fresh is true).
func (s *Server) formNonce(w http.ResponseWriter, r *http.Request, fresh bool) string {
	if c, err := r.Cookie(formCookie); err == nil && len(c.Value) >= 32 && !fresh {
		return c.Value
	}
	n := randomToken()
	http.SetCookie(w, &http.Cookie{Name: formCookie, Value: n, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.secure(r)})
	return n
}

// formToken is the anti-forgery token of a pre-session form: an HMAC of
// its purpose (and ticket) and the browser's form nonce.
func (s *Server) formToken(ctx context.Context, purpose, nonce string) (string, error) {
	key, err := s.formKey(ctx)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "%s\x00%s", purpose, nonce)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)), nil
}

// checkFormToken verifies a pre-session form's token against the nonce
// cookie the browser sent with it.
func (s *Server) checkFormToken(r *http.Request, purpose string) bool {
	c, err := r.Cookie(formCookie)
	if err != nil || len(c.Value) < 32 {
		return false
	}
	want, err := s.formToken(r.Context(), purpose, c.Value)
	if err != nil {
		s.log.Error("form token key", "err", err)
		return false
	}
	return hmac.Equal([]byte(r.PostFormValue("token")), []byte(want))
}

type loginData struct {
	Name  string
	Next  string
	Token string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if sess, err := s.session(r); err == nil && sess != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.showLogin(w, r, http.StatusOK, "", "")
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, name, errKey string) {
	tok, err := s.formToken(r.Context(), "login", s.formNonce(w, r, false))
	if err != nil {
		s.fail(w, r, "login form token", err)
		return
	}
	next := r.URL.Query().Get("next")
	if r.Method == http.MethodPost {
		next = r.PostFormValue("next")
	}
	p := page{Title: tr(lang(r), "login.title"), Data: loginData{Name: name, Next: safeNext(next), Token: tok}}
	if errKey != "" {
		p.Error = tr(lang(r), errKey)
	}
	s.render(w, r, status, "login", p)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.message(w, r, http.StatusBadRequest, "login.title", "forbidden")
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	if !s.checkFormToken(r, "login") {
		s.log.Warn("login form token mismatch", "remote", r.RemoteAddr)
		s.showLogin(w, r, http.StatusForbidden, name, "login.expired")
		return
	}
	sv, err := s.db.SupervisorByName(r.Context(), name)
	if errors.Is(err, db.ErrNotFound) {
		CheckPassword(dummyHash(), r.PostFormValue("password"))
		s.log.Warn("login failed: unknown name", "name", name, "remote", r.RemoteAddr)
		s.showLogin(w, r, http.StatusUnauthorized, name, "login.bad")
		return
	}
	if err != nil {
		s.fail(w, r, "login", err)
		return
	}
	now := s.now()
	if sv.Disabled {
		s.showLogin(w, r, http.StatusUnauthorized, name, "login.bad")
		return
	}
	if sv.LockedUntil.After(now) {
		s.log.Warn("login refused: account locked", "name", sv.Name, "until", sv.LockedUntil, "remote", r.RemoteAddr)
		s.showLocked(w, r, name, sv.LockedUntil)
		return
	}
	if !CheckPassword(sv.PassHash, r.PostFormValue("password")) {
		until, err := s.db.LoginFailed(r.Context(), sv.ID, s.opt.MaxFailures, s.opt.LockFor)
		if err != nil {
			s.fail(w, r, "login", err)
			return
		}
		s.log.Warn("login failed: wrong password", "name", sv.Name, "remote", r.RemoteAddr, "locked", !until.IsZero())
		if !until.IsZero() {
			s.showLocked(w, r, name, until)
			return
		}
		s.showLogin(w, r, http.StatusUnauthorized, name, "login.bad")
		return
	}
	if err := s.db.LoginSucceeded(r.Context(), sv.ID); err != nil {
		s.fail(w, r, "login", err)
		return
	}
	id := randomToken()
	sess := db.Session{IDHash: hashID(id), Supervisor: sv, CSRF: randomToken(), CreatedAt: now, SeenAt: now,
		ExpiresAt: now.Add(min(s.opt.SessionIdle, s.opt.SessionMax))}
	if err := s.db.CreateSession(r.Context(), sess); err != nil {
		s.fail(w, r, "login", err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	s.formNonce(w, r, true) // a new nonce: old login-form tokens stop working
	if n, err := s.db.DeleteExpiredSessions(r.Context()); err != nil {
		s.log.Warn("delete expired sessions", "err", err)
	} else if n > 0 {
		s.log.Debug("deleted expired sessions", "count", n)
	}
	s.log.Info("supervisor signed in", "name", sv.Name, "remote", r.RemoteAddr)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (s *Server) showLocked(w http.ResponseWriter, r *http.Request, name string, until time.Time) {
	l := lang(r)
	tok, err := s.formToken(r.Context(), "login", s.formNonce(w, r, false))
	if err != nil {
		s.fail(w, r, "login form token", err)
		return
	}
	p := page{Title: tr(l, "login.title"), Data: loginData{Name: name, Next: safeNext(r.PostFormValue("next")), Token: tok},
		Error: fmt.Sprintf(tr(l, "login.locked"), until.In(s.opt.Location).Format("15:04"))}
	s.render(w, r, http.StatusTooManyRequests, "login", p)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	if err := s.db.DeleteSession(r.Context(), sess.IDHash); err != nil {
		s.fail(w, r, "logout", err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	s.log.Info("supervisor signed out", "name", sess.Supervisor.Name)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/reports"
	}
	return next
}
