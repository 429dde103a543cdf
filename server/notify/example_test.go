package notify_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/motcua-kiosk/motcua/server/notify"
)

// A receiver of the webhook: check the signature, then drop a key it has
// already accepted (the one repeat the outbox allows, after a crash
// between a send and its mark), answering 2xx either way.
func ExampleVerify() {
	secret := []byte("the shared secret, 16+ chars")
	seen := map[string]bool{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		if !notify.Verify(secret, r.Header.Get(notify.HeaderTimestamp), body, r.Header.Get(notify.HeaderSignature)) {
			http.Error(w, "bad signature", http.StatusUnauthorized) // permanent for the sender
			return
		}
		key := r.Header.Get(notify.HeaderKey)
		if seen[key] {
			fmt.Println("repeat dropped:", key)
		} else {
			seen[key] = true
			fmt.Println("accepted:", key)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	ts := "1765094400"
	body := []byte(`{"key":"result_ready:000.00.13.H12-261207-0007","kind":"result_ready","to":"dossier:000.00.13.H12-261207-0007","text_vi":"Hồ sơ … đã có kết quả."}`)
	for range 2 {
		req := httptest.NewRequest("POST", "/motcua", strings.NewReader(string(body)))
		req.Header.Set(notify.HeaderKey, "result_ready:000.00.13.H12-261207-0007")
		req.Header.Set(notify.HeaderTimestamp, ts)
		req.Header.Set(notify.HeaderSignature, notify.Sign(secret, ts, body))
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	// Output:
	// accepted: result_ready:000.00.13.H12-261207-0007
	// repeat dropped: result_ready:000.00.13.H12-261207-0007
}
