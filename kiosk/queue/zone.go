package queue

import (
	"fmt"
	"time"
)

// DefaultTimeZone is an office's time zone unless its configuration says
// otherwise: every Vietnamese office is on Indochina Time.
const DefaultTimeZone = "Asia/Ho_Chi_Minh"

// ict is Asia/Ho_Chi_Minh as it has been since 1975 (UTC+7, no daylight
// saving), for a program that runs where no zoneinfo is installed and was
// built without time/tzdata.
var ict = time.FixedZone("ICT", 7*3600)

// LoadZone returns the location of an IANA zone name, "" meaning
// DefaultTimeZone. Where the system has no zoneinfo (a Windows PC, a
// minimal container) and the binary embeds none, DefaultTimeZone still
// loads, as a fixed UTC+7; any other name is then an error.
//
// Every time a person reads (a ticket, a screen, a report, the phone
// page) is shown in the office's zone so loaded, never in the machine's
// own zone (time.Local): a kiosk whose system zone is UTC must still print
// 13:10 for a ticket issued at 06:10 UTC.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultTimeZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil && name == DefaultTimeZone {
		return ict, nil
	}
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", name, err)
	}
	return loc, nil
}

// Zone is LoadZone for a name already validated, or the default zone
// when the name cannot be loaded: a screen always has a zone to show.
func Zone(name string) *time.Location {
	loc, err := LoadZone(name)
	if err != nil {
		loc, _ = LoadZone("")
	}
	return loc
}

// Location is the office's time zone (TimeZone, or DefaultTimeZone).
func (c *Config) Location() *time.Location { return Zone(c.tz()) }
