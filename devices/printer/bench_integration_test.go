//go:build integration

package printer_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/printer"
	"github.com/motcua-kiosk/motcua/devices/printer/printertest"
	"github.com/motcua-kiosk/motcua/devices/serialport"
	"github.com/motcua-kiosk/motcua/devices/serialport/socattest"
)

// benchLine is a kiosk printer and an instant test printer on a socat pair.
func benchLine(b *testing.B, sc serialport.Config) (*printer.Printer, *printertest.Printer) {
	pair := socattest.New(b)
	port, err := serialport.Open(serialport.Config{Path: pair.B, Baud: sc.Baud})
	if err != nil {
		b.Fatal(err)
	}
	far := printertest.New(port)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); far.Run(ctx) }()
	b.Cleanup(func() { cancel(); <-done; port.Close() })
	p, err := printer.Open(pair.A, printer.Config{
		Serial:  sc,
		Options: printer.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { p.Close() })
	return p, far
}

// BenchmarkPrinter_Status is one DLE EOT 1..4 round of a ready printer
// over the pseudo-terminal pair: the cost of each check before and after a
// ticket, without the wire time of a real UART (4 x 3 bytes out, 4 in).
func BenchmarkPrinter_Status(b *testing.B) {
	p, _ := benchLine(b, serialport.Config{Baud: 115200, XONXOFF: true})
	ctx := context.Background()
	for b.Loop() {
		if _, err := p.Status(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrinter_PrintJob prints the reference ticket with the writes
// paced to the line rate, so the time per op is what a UART at that baud
// would take: two status rounds plus the job's wire time.
func BenchmarkPrinter_PrintJob(b *testing.B) {
	prof, err := escpos.LookupProfile("generic-80mm")
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range []escpos.Strategy{escpos.StrategyHybrid, escpos.StrategyRaster} {
		job, err := escpos.EncodeTicket(escpos.ReferenceTicket(), prof, s)
		if err != nil {
			b.Fatal(err)
		}
		for _, baud := range []int{9600, 38400, 115200} {
			sc := serialport.Config{Baud: baud, XONXOFF: true, Pace: true, ChunkSize: 128}
			b.Run(fmt.Sprintf("%s/%d", s, baud), func(b *testing.B) {
				p, _ := benchLine(b, sc)
				ctx := context.Background()
				b.SetBytes(int64(len(job)))
				for b.Loop() {
					if err := p.PrintJob(ctx, job); err != nil {
						b.Fatal(err)
					}
				}
				wire := time.Duration(len(job)) * sc.ByteTime()
				b.ReportMetric(float64(wire.Milliseconds()), "wire-ms")
				b.ReportMetric(float64(len(job)), "job-bytes")
			})
		}
	}
}
