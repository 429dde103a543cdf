package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// The webhook's headers.
const (
	HeaderKey       = "Idempotency-Key"    // the message's Key: drop a second delivery
	HeaderTimestamp = "X-Motcua-Timestamp" // Unix seconds of this attempt
	HeaderSignature = "X-Motcua-Signature" // "sha256=" + hex HMAC of timestamp + "." + body
)

// Webhook sends each message as a JSON POST (the Message's fields) to URL,
// signed with Secret: the receiver recomputes HMAC-SHA256 over the
// timestamp header, a dot and the body, compares it in constant time, and
// keeps the Idempotency-Key of what it has accepted. A 2xx answer is
// delivery; 408, 429 and 5xx are retried; any other answer is permanent.
type Webhook struct {
	URL    string
	Secret []byte
	Client *http.Client     // nil: 10 s timeout
	Now    func() time.Time // nil: time.Now
}

var _ Sender = (*Webhook)(nil)

// Sign is the signature header's value for body sent at ts.
func Sign(secret []byte, ts string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(ts))
	mac.Write([]byte("."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a request's signature (for receivers and tests).
func Verify(secret []byte, ts string, body []byte, sig string) bool {
	return hmac.Equal([]byte(Sign(secret, ts, body)), []byte(sig))
}

// Send posts m.
func (w *Webhook) Send(ctx context.Context, m Message) error {
	body, err := json.Marshal(m)
	if err != nil {
		return Permanent(fmt.Errorf("webhook: %w", err))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return Permanent(fmt.Errorf("webhook: %w", err))
	}
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	ts := strconv.FormatInt(now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set(HeaderKey, m.Key)
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(w.Secret, ts, body))
	c := w.Client
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusRequestTimeout, code == http.StatusTooManyRequests, code >= 500:
		return fmt.Errorf("webhook: answer %d", code)
	default:
		return Permanent(fmt.Errorf("webhook: answer %d", code))
	}
}
