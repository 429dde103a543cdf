// Package hubtest has test helpers for the hub's clients: a loopback
// proxy that cuts connections after the hub has done the work.
package hubtest

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
)

// CuttingProxy sits on loopback between clients and a hub. It reads each
// request whole and hands it to the hub, and the first time it sees an
// Idempotency-Key it closes the client's connection instead of passing
// the answer on: the hub has done the work, the client never hears so.
type CuttingProxy struct {
	ln       net.Listener
	upstream string
	header   string
	mu       sync.Mutex
	seen     map[string]bool
	cut      []string // "METHOD /path" of every request cut
}

// NewCuttingProxy starts a proxy to the hub at upstream ("http://…") that
// cuts the first connection of each request carrying header (the hub's
// Idempotency-Key); it stops when the test ends.
func NewCuttingProxy(t testing.TB, upstream, header string) *CuttingProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &CuttingProxy{ln: ln, upstream: upstream, header: header, seen: map[string]bool{}}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return p
}

// URL is the proxy's address for clients.
func (p *CuttingProxy) URL() string { return "http://" + p.ln.Addr().String() }

func (p *CuttingProxy) serve(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		body, _ := io.ReadAll(req.Body)
		req.Body.Close()
		out, _ := http.NewRequest(req.Method, p.upstream+req.URL.RequestURI(), bytes.NewReader(body))
		out.Header = req.Header.Clone()
		resp, err := http.DefaultTransport.RoundTrip(out)
		if err != nil {
			return
		}
		answer, _ := io.ReadAll(resp.Body) // the hub has answered: the work is done
		resp.Body.Close()
		key := req.Header.Get(p.header)
		p.mu.Lock()
		first := key != "" && !p.seen[key]
		p.seen[key] = true
		if first {
			p.cut = append(p.cut, req.Method+" "+req.URL.Path)
		}
		p.mu.Unlock()
		if first {
			return // cut: the client sees the connection close without an answer
		}
		resp.Body = io.NopCloser(bytes.NewReader(answer))
		resp.ContentLength = int64(len(answer))
		resp.TransferEncoding = nil
		if resp.Write(c) != nil {
			return
		}
	}
}

// Cut lists "METHOD /path" of every request cut so far.
func (p *CuttingProxy) Cut() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.cut...)
}
