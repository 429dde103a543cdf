package web

import (
	"fmt"
	"net/http"
	"net/netip"
	"testing"
	"time"
)

// TestLimiter_Bucket: burst at once, then one per refill, per address.
func TestLimiter_Bucket(t *testing.T) {
	now := time.Date(2026, 12, 7, 7, 0, 0, 0, time.UTC)
	l := newLimiter(2, time.Minute, 100, func() time.Time { return now })
	for i := range 2 {
		if _, ok := l.allow("a"); !ok {
			t.Fatalf("request %d refused within the burst", i+1)
		}
	}
	wait, ok := l.allow("a")
	if ok || wait != time.Minute {
		t.Fatalf("third request: ok %v wait %v, want refused for 1m", ok, wait)
	}
	first, second := l.empty("a"), l.empty("a")
	if first != time.Minute || second != time.Minute || l.empty("c") != 0 {
		t.Fatalf("empty: a %v then %v, c %v; want 1m twice (it takes no token) and 0", first, second, l.empty("c"))
	}
	if _, ok := l.allow("b"); !ok {
		t.Fatal("another address shares a's bucket")
	}
	now = now.Add(30 * time.Second)
	if wait, ok := l.allow("a"); ok || wait != 30*time.Second {
		t.Fatalf("after 30 s: ok %v wait %v, want refused for 30s", ok, wait)
	}
	now = now.Add(30 * time.Second)
	if _, ok := l.allow("a"); !ok {
		t.Fatal("refused after a refill")
	}
}

// TestLimiter_Bounded: a flood of addresses never holds more than max
// buckets, and an address in the middle of its limit is forgotten only
// once the refilled ones are gone.
func TestLimiter_Bounded(t *testing.T) {
	now := time.Date(2026, 12, 7, 7, 0, 0, 0, time.UTC)
	l := newLimiter(1, time.Hour, 50, func() time.Time { return now })
	l.allow("busy")
	for i := range 10000 {
		l.allow(fmt.Sprintf("10.0.%d.%d", i/256, i%256))
		if n := l.size(); n > 50 {
			t.Fatalf("%d buckets after %d addresses, want at most 50", n, i+1)
		}
	}
}

// TestClientKey: the peer, or behind a trusted proxy the rightmost
// untrusted X-Forwarded-For hop; what a client writes further left, or a
// header from an untrusted peer, changes nothing.
func TestClientKey(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	for _, c := range []struct {
		peer, fwd string
		want      string
	}{
		{"203.0.113.7:5000", "", "203.0.113.7"},
		{"[2001:db8:1:2:3:4:5:6]:443", "", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:443", "", "2001:db8:1:2::/64"},
		{"[::ffff:203.0.113.7]:80", "", "203.0.113.7"},
		{"not-an-address", "", "not-an-address"},
		{"203.0.113.7:5000", "198.51.100.1", "203.0.113.7"},         // untrusted peer: header ignored
		{"10.1.2.3:5000", "198.51.100.1", "198.51.100.1"},           // through the proxy
		{"10.1.2.3:5000", "1.2.3.4, 198.51.100.1", "198.51.100.1"},  // the client's own claim on the left
		{"10.1.2.3:5000", "198.51.100.1, 10.9.9.9", "198.51.100.1"}, // two proxies
		{"[fd00::1]:5000", "2001:db8:5:6::7", "2001:db8:5:6::/64"},  // IPv6 proxy and client
		{"10.1.2.3:5000", "", "10.1.2.3"},                           // no header: the proxy itself
		{"10.1.2.3:5000", "garbage, 198.51.100.1", "198.51.100.1"},  // bad hop left of a good one
		{"10.1.2.3:5000", "198.51.100.1, garbage", "10.1.2.3"},      // bad last hop: the proxy
	} {
		r := &http.Request{RemoteAddr: c.peer, Header: http.Header{}}
		if c.fwd != "" {
			r.Header.Set("X-Forwarded-For", c.fwd)
		}
		if got := clientKey(r, proxies); got != c.want {
			t.Errorf("clientKey(%q, XFF %q) = %q, want %q", c.peer, c.fwd, got, c.want)
		}
	}
}
