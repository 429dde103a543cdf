// Package audit measures the citizen screens for accessibility (issue
// 16): its test walks every citizen screen — the dispenser's home, ticket
// and closed screens, the rating flow and tablet, the procedure look-up —
// in both languages and both orientations with Fyne's test driver, and
// checks from the objects actually drawn that every touch target is at
// least MinTargetMM square on the configured panel, that text contrast is
// at least MinContrast (MinNumberContrast for the ticket number) against
// the colour drawn behind it, that the screen has its "Nghe hướng dẫn"
// key, and that each automatic timeout warns before it acts. `go test
// -tags ci ./kiosk/ui/audit -update` writes the table to
// docs/accessibility.md.
//
// The measures here (Contrast, Luminance) are plain functions, the test
// holds the walking.
package audit
