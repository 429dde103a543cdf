package notify

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
)

// ReadySource lists the dossiers whose result is ready: *db.DB.
type ReadySource interface {
	ReadyDossiers(ctx context.Context, since time.Time, limit int) ([]db.ReadyDossier, error)
}

// Results queues a "result ready" message for each dossier the central
// server keeps when it reaches the ready state (the Tân Châu practice of
// calling citizens before their result is ready, done by message).
//
// The server keeps no citizen's contact (Decree 61 Art. 27.3 keeps ratings
// anonymous, and the dossier slip is enough to look a dossier up), so the
// destination is the dossier itself, "dossier:CODE": the receiver behind
// the gateway (the one-stop system that holds the applicant's phone, or an
// SMS relay fed by it) resolves the citizen. The key is
// "result_ready:CODE": one message per dossier, whatever is scanned again.
type Results struct {
	Source ReadySource
	Outbox *Outbox
	// Window is how far back each scan looks (24 h); a restart scans the
	// window again and the outbox drops what it already has.
	Window time.Duration
	// Every is the time between scans (30 s).
	Every  time.Duration
	Now    func() time.Time
	Logger *slog.Logger
}

// ResultMessage is the message for one ready dossier.
func ResultMessage(r db.ReadyDossier) Message {
	office := r.OfficeName
	if office == "" {
		office = "bộ phận một cửa"
	}
	officeEN := r.OfficeName
	if officeEN == "" {
		officeEN = "the one-stop office"
	}
	return Message{
		Key: "result_ready:" + r.Code, Kind: KindResultReady, To: "dossier:" + r.Code,
		TextVI: fmt.Sprintf("Hồ sơ %s (%s) đã có kết quả. Mời ông/bà đến %s nhận kết quả, nhớ mang theo giấy tiếp nhận và hẹn trả kết quả.", r.Code, r.ProcedureName, office),
		TextEN: fmt.Sprintf("The result of dossier %s (%s) is ready. Please collect it at %s and bring your appointment slip.", r.Code, r.ProcedureName, officeEN),
	}
}

// Scan queues the messages of the dossiers that became ready within
// Window and returns how many were new.
func (r *Results) Scan(ctx context.Context) (queued int, err error) {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	window := r.Window
	if window <= 0 {
		window = 24 * time.Hour
	}
	since := now().Add(-window)
	for {
		list, err := r.Source.ReadyDossiers(ctx, since, 200)
		if err != nil {
			return queued, err
		}
		for _, x := range list {
			ok, err := r.Outbox.Enqueue(ctx, ResultMessage(x))
			if err != nil {
				return queued, err
			}
			if ok {
				queued++
			}
		}
		if len(list) < 200 {
			return queued, nil
		}
		last := list[len(list)-1].UpdatedAt
		if !last.After(since) {
			return queued, nil // a page of one instant: the next scan goes on
		}
		since = last // the next page (repeats are dropped)
	}
}

// Run scans every Every until ctx ends.
func (r *Results) Run(ctx context.Context) error {
	every := r.Every
	if every <= 0 {
		every = 30 * time.Second
	}
	log := r.Logger
	if log == nil {
		log = slog.Default()
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := r.Scan(ctx); err != nil && ctx.Err() == nil {
			log.Error("notify: result ready scan", "err", err)
		} else if n > 0 {
			log.Info("notify: result ready messages queued", "count", n)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
