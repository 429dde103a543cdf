package notify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/notify"
)

// dossierHub is an office whose hub syncs dossier events to the server.
type dossierHub struct {
	d   *db.DB
	dev db.Device
	seq int64
}

func newDossierHub(t *testing.T, d *db.DB) *dossierHub {
	t.Helper()
	ctx := context.Background()
	o, err := d.CreateOffice(ctx, "Trung tâm Phục vụ hành chính công xã Tân Châu")
	if err != nil {
		t.Fatal(err)
	}
	code, err := d.CreateEnrollCode(ctx, o.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dev, _, err := d.Enroll(ctx, code, "hub-results", "Hub")
	if err != nil {
		t.Fatal(err)
	}
	return &dossierHub{d: d, dev: dev}
}

func (h *dossierHub) send(t *testing.T, x wire.DossierEvent) {
	t.Helper()
	h.seq++
	body, _ := json.Marshal(x)
	ev := db.Event{ID: fmt.Sprintf("%s:%d", h.dev.ID, h.seq), Device: h.dev.ID, Seq: h.seq, Kind: x.Kind, At: x.At, Body: body, Dossier: &x}
	if _, err := h.d.IngestBatch(context.Background(), h.dev, []db.Event{ev}); err != nil {
		t.Fatal(err)
	}
}

func TestResults_Scan(t *testing.T) { testResultsScan(t, sqliteDSN) }

func testResultsScan(t *testing.T, dsn dsnFunc) {
	ctx := context.Background()
	d := openDB(t, dsn(t))
	defer d.Close()
	clk := newClock()
	d.SetClock(clk.Now)
	h := newDossierHub(t, d)
	const code, other = "000.00.13.H12-261207-0007", "000.00.13.H12-261207-0008"
	at := clk.Now()
	for _, c := range []string{code, other} {
		h.send(t, wire.DossierEvent{Kind: wire.KindDossierReceived, At: at, Code: c, Secret: "s3cr3t", ProcedureCode: "1.001193",
			ProcedureName: "Thủ tục đăng ký khai sinh", ReceivedAt: at, State: wire.DossierReceived, Step: "Tiếp nhận hồ sơ", Unit: "Bộ phận Một cửa"})
	}
	var got []notify.Message
	rec := notify.SenderFunc(func(ctx context.Context, m notify.Message) error { got = append(got, m); return nil })
	o := notify.New(d, rec, notify.Options{Now: clk.Now})
	r := &notify.Results{Source: d, Outbox: o, Now: clk.Now}
	if n, err := r.Scan(ctx); err != nil || n != 0 {
		t.Fatalf("Scan before any result = %d, %v", n, err)
	}
	clk.Add(time.Hour)
	h.send(t, wire.DossierEvent{Kind: wire.KindDossierStep, At: clk.Now(), Code: code, State: wire.DossierProcessing, Step: "Thẩm định", Unit: "Phòng Tư pháp"})
	if n, _ := r.Scan(ctx); n != 0 {
		t.Fatalf("processing dossier queued %d messages", n)
	}
	clk.Add(time.Hour)
	h.send(t, wire.DossierEvent{Kind: wire.KindDossierStep, At: clk.Now(), Code: code, State: wire.DossierReady, Step: "Trả kết quả", Unit: "Bộ phận Một cửa"})
	if n, err := r.Scan(ctx); err != nil || n != 1 {
		t.Fatalf("Scan after ready = %d, %v; want 1", n, err)
	}
	// Scanned again (the next tick, a restart): nothing new.
	if n, _ := r.Scan(ctx); n != 0 {
		t.Errorf("second Scan queued %d", n)
	}
	o.Flush(ctx)
	o.Flush(ctx)
	if len(got) != 1 {
		t.Fatalf("sent %d messages, want 1", len(got))
	}
	m := got[0]
	if m.Key != "result_ready:"+code || m.Kind != notify.KindResultReady || m.To != "dossier:"+code {
		t.Errorf("message %+v", m)
	}
	if want := "Hồ sơ " + code + " (Thủ tục đăng ký khai sinh) đã có kết quả. Mời ông/bà đến Trung tâm Phục vụ hành chính công xã Tân Châu nhận kết quả"; !strings.HasPrefix(m.TextVI, want) {
		t.Errorf("text %q, want it to start %q", m.TextVI, want)
	}
	// Handed over afterwards: still one message.
	clk.Add(time.Hour)
	h.send(t, wire.DossierEvent{Kind: wire.KindDossierStep, At: clk.Now(), Code: code, State: wire.DossierDone, Step: "Đã trả kết quả", Unit: "Bộ phận Một cửa"})
	r.Scan(ctx)
	o.Flush(ctx)
	if len(got) != 1 {
		t.Errorf("sent %d messages after the handover, want 1", len(got))
	}
}
