package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// limiter is a token bucket per client address: burst requests at once,
// then one more every refill. It holds at most max addresses; when full it
// first forgets the buckets that have refilled (they are the same as a
// new one), then any one, so a flood of addresses costs bounded memory and
// can at worst give an address back its burst.
type limiter struct {
	mu     sync.Mutex
	burst  float64
	refill time.Duration
	max    int
	now    func() time.Time
	m      map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(burst int, refill time.Duration, max int, now func() time.Time) *limiter {
	return &limiter{burst: float64(burst), refill: refill, max: max, now: now, m: map[string]*bucket{}}
}

// allow takes a token for key, or says how long until there is one.
func (l *limiter) allow(key string) (wait time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.m[key]
	if b == nil {
		if len(l.m) >= l.max {
			l.evict(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.m[key] = b
	}
	l.fill(b, now)
	if b.tokens < 1 {
		return time.Duration((1 - b.tokens) * float64(l.refill)), false
	}
	b.tokens--
	return 0, true
}

// empty says how long until key has a token again, without taking one
// (0: it has one).
func (l *limiter) empty(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.m[key]
	if b == nil {
		return 0
	}
	if l.fill(b, l.now()); b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) * float64(l.refill))
}

func (l *limiter) fill(b *bucket, now time.Time) {
	if el := now.Sub(b.at); el > 0 {
		b.tokens = min(l.burst, b.tokens+float64(el)/float64(l.refill))
	}
	b.at = now
}

func (l *limiter) evict(now time.Time) {
	for k, b := range l.m {
		if l.fill(b, now); b.tokens >= l.burst {
			delete(l.m, k)
		}
	}
	for k := range l.m {
		if len(l.m) < l.max {
			return
		}
		delete(l.m, k)
	}
}

// size is how many addresses the limiter holds (tests).
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}

// clientKey is the address a request is limited by: the peer's IP, or,
// when the peer is one of the trusted proxies, the rightmost address of
// X-Forwarded-For that is not (the one the last trusted proxy saw; the
// ones left of it are the client's to write); an IPv6 address by its
// /64, which one subscriber usually holds whole.
func clientKey(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if isTrusted(ip, trusted) {
		fwd := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(fwd) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(fwd[i]))
			if err != nil {
				break // a malformed hop: keep the last address known good
			}
			if ip = a.Unmap(); !isTrusted(ip, trusted) {
				break
			}
		}
	}
	if ip.Is6() {
		return netip.PrefixFrom(ip, 64).Masked().String()
	}
	return ip.String()
}

func isTrusted(ip netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
