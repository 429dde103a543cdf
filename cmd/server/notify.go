package main

// The notification gateway's wiring (issue 14): result-ready messages for
// the dossiers this server keeps, through a signed webhook or, without
// one, the log.
//
//	server serve ... [--notify-webhook https://relay.example/motcua --notify-secret-file F] [--notify-results=false]

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/notify"
)

// resultsEvery is how often the ready dossiers are scanned (tests shorten it).
var resultsEvery = 30 * time.Second

type notifyFlags struct {
	webhook, secretFile *string
	results             *bool
}

func addNotifyFlags(fs *flag.FlagSet) *notifyFlags {
	return &notifyFlags{
		webhook:    fs.String("notify-webhook", "", "URL the notification gateway POSTs messages to (JSON, HMAC-signed); https, or http on loopback only; empty: messages go to the log only"),
		secretFile: fs.String("notify-secret-file", "", "file whose first line is the webhook's HMAC secret (needed with --notify-webhook)"),
		results:    fs.Bool("notify-results", true, "send a 'result ready' message when a dossier this server keeps reaches the ready state"),
	}
}

// sender is the gateway's Sender the flags ask for.
func (f *notifyFlags) sender(log *slog.Logger) (notify.Sender, error) {
	if *f.webhook == "" {
		return notify.Log{Logger: log}, nil
	}
	u, err := url.Parse(*f.webhook)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("--notify-webhook %q: want an http(s) URL", *f.webhook)
	}
	if u.Scheme == "http" {
		if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, errors.New("--notify-webhook: plain http only to a loopback address; use https (the messages name dossiers)")
		}
	}
	if *f.secretFile == "" {
		return nil, errors.New("--notify-webhook needs --notify-secret-file")
	}
	secret, err := readFirstLine(*f.secretFile)
	if err != nil {
		return nil, fmt.Errorf("--notify-secret-file: %w", err)
	}
	if len(secret) < 16 {
		return nil, errors.New("--notify-secret-file: the secret must be at least 16 characters")
	}
	return &notify.Webhook{URL: u.String(), Secret: []byte(secret)}, nil
}

// start runs the outbox and, if asked, the result-ready scan until ctx
// ends or stop is called.
func (f *notifyFlags) start(ctx context.Context, d *db.DB, log *slog.Logger) (stop func(), err error) {
	s, err := f.sender(log)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	o := notify.New(d, s, notify.Options{Logger: log})
	done := make(chan struct{}, 2)
	go func() { o.Run(ctx); done <- struct{}{} }()
	n := 1
	if *f.results {
		r := &notify.Results{Source: d, Outbox: o, Every: resultsEvery, Logger: log}
		go func() { r.Run(ctx); done <- struct{}{} }()
		n++
	}
	kind := "log only"
	if *f.webhook != "" {
		kind = "webhook"
	}
	log.Info("notification gateway", "sender", kind, "result_ready", *f.results)
	return func() {
		cancel()
		for range n {
			<-done
		}
	}, nil
}

// readFirstLine is a secret file's first line, trimmed.
func readFirstLine(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]), nil
}
