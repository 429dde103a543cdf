package interp

import (
	"fmt"
	"strings"
)

// Issue is one command worth telling about, at its byte offset in the stream.
type Issue struct {
	Offset int    // offset of the command's first byte in the stream
	Cmd    string // the command as written in the manual, e.g. "GS ( L" or "0x07"
	Detail string // what happened, in English
}

// String formats the issue as "@offset CMD: detail".
func (i Issue) String() string { return fmt.Sprintf("@%d %s: %s", i.Offset, i.Cmd, i.Detail) }

// maxIssues bounds the issues kept per list so that garbage input cannot
// make the report grow without limit.
const maxIssues = 1000

// Report says what the interpreter met in a stream besides the picture.
type Report struct {
	Bytes int // bytes interpreted

	// Unknown lists every command that was not drawn: unknown bytes,
	// commands the virtual printer does not implement, malformed or
	// truncated commands.
	Unknown []Issue
	// Notes lists handled commands worth knowing about: real-time status
	// requests, ASB, commands ignored because of where they stood, data
	// left in the print buffer at the end.
	Notes []Issue
	// Dropped counts issues not kept once a list reached its limit.
	Dropped int

	Cuts        int      // GS V and ESC i / ESC m, full and partial
	FullCuts    int      // of which full cuts
	PartialCuts int      // of which partial cuts
	QRCodes     []string // data of every QR code printed with GS ( k, in order
	Images      int      // raster (GS v 0) and bit images (ESC *) printed
	Lines       []string // the text of every printed line, decoded to Unicode
	// Commands counts every ESC, GS, FS and DLE command met, by its name
	// in the manual ("ESC t", "GS ( k", "GS v 0"), drawn or not.
	Commands map[string]int

	StatusRequests []byte // n of every DLE EOT n, in order
	ASB            []byte // n of every GS a n, in order

	Height    int  // height of the picture in dots
	Truncated bool // the paper reached its maximum height; the rest was not drawn
}

func (r *Report) add(list *[]Issue, off int, cmd, format string, args ...any) {
	if len(*list) >= maxIssues {
		r.Dropped++
		return
	}
	*list = append(*list, Issue{Offset: off, Cmd: cmd, Detail: fmt.Sprintf(format, args...)})
}

// String is a human-readable summary, one fact per line, for `kiosk render`.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d bytes, %d dots high", r.Bytes, r.Height)
	if r.Truncated {
		b.WriteString(" (truncated: paper limit reached)")
	}
	fmt.Fprintf(&b, "\ncuts: %d (full %d, partial %d); QR codes: %d; images: %d; text lines: %d\n",
		r.Cuts, r.FullCuts, r.PartialCuts, len(r.QRCodes), r.Images, len(r.Lines))
	for _, q := range r.QRCodes {
		fmt.Fprintf(&b, "QR: %q\n", q)
	}
	if len(r.StatusRequests) > 0 {
		fmt.Fprintf(&b, "status requests (DLE EOT n): %v\n", r.StatusRequests)
	}
	if len(r.ASB) > 0 {
		fmt.Fprintf(&b, "automatic status back (GS a n): %v\n", r.ASB)
	}
	fmt.Fprintf(&b, "unknown or unsupported commands: %d\n", len(r.Unknown))
	for _, i := range r.Unknown {
		fmt.Fprintf(&b, "  %s\n", i)
	}
	if len(r.Notes) > 0 {
		fmt.Fprintf(&b, "notes: %d\n", len(r.Notes))
		for _, i := range r.Notes {
			fmt.Fprintf(&b, "  %s\n", i)
		}
	}
	if r.Dropped > 0 {
		fmt.Fprintf(&b, "(%d more issues not listed)\n", r.Dropped)
	}
	return b.String()
}
