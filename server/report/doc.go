// Package report turns the central server's ticket and rating rows into
// the supervisor's report: counts by hour, wait and service times (median
// and 90th percentile), the no-show rate, ratings by star, the
// satisfaction rate, the reasons citizens gave, a per-officer and
// per-service roll-up in the spirit of Circular 01/2018 and quarterly and
// yearly totals. It also draws the charts as self-contained SVG and
// writes each table as CSV for Excel.
//
// Everything here is a pure function of its inputs (rows from
// server/db, an office time zone, a language): no database, no HTTP, no
// clock, so the arithmetic is tested on known data.
//
// # Definitions (shown on the report page too)
//
//	wait time     = called_at − issued_at of tickets that were called
//	service time  = done_at − serving_at of tickets that were served
//	median, p90   = linear interpolation between closest ranks
//	                (Excel's PERCENTILE.INC): q = x[⌊h⌋] + (h−⌊h⌋)(x[⌊h⌋+1]−x[⌊h⌋]), h = (n−1)p
//	no-show rate  = tickets whose last state is no_show ÷ tickets called
//	satisfaction  = ratings with 4 or 5 stars ÷ all ratings
//
// These ratings are the office's own counter and web ratings; they are not
// the government's SIPAS survey.
package report
