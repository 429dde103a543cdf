// Command bookingsim runs generated office days through the real queue
// engine and bookings desk and prints the table of docs/perf/bookings.md:
//
//	go run ./kiosk/bookings/sim/bookingsim -days 1000
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/bookings/sim"
)

func main() {
	p := sim.DefaultParams()
	flag.IntVar(&p.Days, "days", p.Days, "office days to generate")
	flag.Uint64Var(&p.Seed, "seed", p.Seed, "random seed (the same seed gives the same days)")
	flag.Float64Var(&p.TicketsPerDay, "tickets", p.TicketsPerDay, "mean citizens a day")
	flag.Float64Var(&p.BookedMin, "booked-min", p.BookedMin, "least share of citizens who book")
	flag.Float64Var(&p.BookedMax, "booked-max", p.BookedMax, "largest share of citizens who book")
	flag.IntVar(&p.CountersMin, "counters-min", p.CountersMin, "fewest counters open")
	flag.IntVar(&p.CountersMax, "counters-max", p.CountersMax, "most counters open")
	heads := flag.String("head-start", "0", "comma-separated booked head starts in minutes, one table row block each")
	flag.BoolVar(&p.Check, "check", false, "check the no-starvation invariant at every call (slower)")
	flag.Parse()
	if p.Days < 1 || p.CountersMin < 1 || p.CountersMax < p.CountersMin || p.BookedMin < 0 || p.BookedMax > 1 || p.BookedMax < p.BookedMin {
		fmt.Fprintln(os.Stderr, "bookingsim: bad flags")
		os.Exit(2)
	}
	for _, h := range strings.Split(*heads, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(h))
		if err != nil || n < 0 || n > 120 {
			fmt.Fprintln(os.Stderr, "bookingsim: bad -head-start", h)
			os.Exit(2)
		}
		p.HeadStart = n
		start := time.Now()
		res, err := sim.Run(p)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bookingsim:", err)
			os.Exit(1)
		}
		fmt.Printf("\nHead start %d min, %d days, seed %d:\n\n%s", n, res.Days, p.Seed, res.Markdown())
		fmt.Fprintf(os.Stderr, "head start %d: %d days in %s\n", n, res.Days, time.Since(start).Round(time.Millisecond))
	}
}
