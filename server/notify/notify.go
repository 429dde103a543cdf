package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
)

// Kind is what a message is about.
type Kind string

// The kinds of message the gateway sends.
const (
	// KindTurnNear: few tickets remain before the citizen's.
	KindTurnNear Kind = "turn_near"
	// KindResultReady: the dossier's result can be collected.
	KindResultReady Kind = "result_ready"
)

// Valid reports whether k is one of the kinds above.
func (k Kind) Valid() bool { return k == KindTurnNear || k == KindResultReady }

// Message is one notification to one citizen.
type Message struct {
	// Key is the idempotency key: two messages with the same key are the
	// same message, sent at most once ("turn_near:OFFICE:TICKET").
	Key  string `json:"key"`
	Kind Kind   `json:"kind"`
	// To is the destination in the Sender's terms: a phone number, an
	// address, a subscriber id. The outbox forgets it once sent.
	To string `json:"to"`
	// TextVI is the message in Vietnamese, always set; TextEN the English
	// one, optional.
	TextVI string `json:"text_vi"`
	TextEN string `json:"text_en,omitempty"`
}

// Check tells what is wrong with m, or nil.
func (m Message) Check() error {
	switch {
	case m.Key == "" || len(m.Key) > 200:
		return fmt.Errorf("message key must be 1-200 bytes: %w", ErrBadMessage)
	case !m.Kind.Valid():
		return fmt.Errorf("message kind %q: %w", m.Kind, ErrBadMessage)
	case m.TextVI == "":
		return fmt.Errorf("message has no Vietnamese text: %w", ErrBadMessage)
	}
	return nil
}

// ErrBadMessage is a message the gateway refuses to queue.
var ErrBadMessage = errors.New("bad message")

// Sender delivers one message over one channel.
//
// Contract: Send returns nil only when the channel has accepted the
// message. It may be called again with a message of the same Key (after a
// crash between a successful Send and the outbox's mark): a Sender passes
// Key to the receiver so that it can drop the second one. An error wrapped
// by Permanent means that trying again will not help (a refused address, a
// 4xx answer); any other error is retried with backoff. Send must respect
// ctx's deadline.
//
// SMS (a carrier's brand-name API) and Zalo OA (the Official Account
// message API) fit here; neither is implemented, for want of a contract.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SenderFunc adapts a function to Sender.
type SenderFunc func(ctx context.Context, m Message) error

// Send calls f.
func (f SenderFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }

// PermanentError is a failure that retrying will not cure.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent marks err as not worth retrying.
func Permanent(err error) error { return &PermanentError{Err: err} }

// IsPermanent reports whether err is, or wraps, a PermanentError.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// Log is the demo's Sender: it writes the message to a log and delivers
// nothing. The destination is not logged (a phone number is personal).
type Log struct{ Logger *slog.Logger }

var _ Sender = Log{}

// Send logs m.
func (l Log) Send(ctx context.Context, m Message) error {
	lg := l.Logger
	if lg == nil {
		lg = slog.Default()
	}
	lg.InfoContext(ctx, "notify (log only)", "key", m.Key, "kind", m.Kind, "text", m.TextVI)
	return nil
}
