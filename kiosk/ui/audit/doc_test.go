package audit

import (
	"fmt"

	"github.com/motcua-kiosk/motcua/kiosk/settings"
)

// doc is docs/accessibility.md around the audit's table.
func doc(table string) string {
	s := settings.Defaults()
	return fmt.Sprintf(`# Accessibility audit of the citizen screens

Written by `+"`go test -tags ci ./kiosk/ui/audit -update`"+` (issue 16); the same test, run
without -update in `+"`make test`"+`, fails when a screen breaks one of the rules below.

It builds every citizen screen with Fyne's test driver — the dispenser's home (a
priority chosen, so its tick shows), ticket (and its time warning) and closed
screens; the rating flow's ticket-number keypad, stars, reasons and remark
keyboard, and the counter tablet's waiting screen; the procedure look-up's start,
results, procedure and keyboard pages; the dossier look-up's enter page, a ready
result (with "Lấy số nhận kết quả"), one in progress, a late one, a long history
and its page, the offline status, the error page and the "Đang tra cứu…" page,
opened from the home screen of an office with a dossier source (that home screen
too) and reached with codes as the slip scanner gives them; the booking check-in
from the home screen of an office that takes bookings (that home screen too): the
code keyboard, the loading page, too early, an unknown code and too late — in
Vietnamese and English, portrait
1080x1920 and landscape 1920x1080, and measures the objects actually drawn:

- **Touch targets**: every tappable a citizen can press (BigButton and the keys
  built on it; not the invisible whole-screen areas, the hidden admin corner or the
  timeout veil, whose own key is measured), its smaller side on a %.1f" panel of
  %dx%d pixels (%.3f mm a pixel; the admin's settings panel_inches, panel_width,
  panel_height). At least %.0f mm.
- **Text contrast**: each drawn text's colour against the last opaque rectangle
  painted under its middle (else the theme's background), by the WCAG 2.2
  formula. At least %.1f:1, and %.1f:1 for the ticket number (%.0f px).
- **Speak key**: a "Nghe hướng dẫn" key (ui.SpeakKey) on the screen.
- **Timeouts**: the fake clock is moved to just before and then to the moment the
  warning is due (ui.WarnFor: 10 s, or half of a shorter time); the warning must
  be up and the screen still there. "none" is a screen that never closes itself.
  The home screen's idle reset only warns when it has something to undo
  (another language, a priority, another page).

Smallest text is the text size (em) on the panel, for reading distance; it is
reported, not judged. Nothing is conveyed by colour alone: a chosen priority and
a chosen rating reason show a tick as well as their green (TestAudit walks the
home screen with a priority chosen).

Taps: a key acts when the finger is lifted, never on the press
(TestKeys_TapOnRelease in kiosk/ui: the citizen's keys are fyne.Tappable only,
which Fyne's drivers call on release; no MouseDown, double tap, long press or
drag), and a second tap on a service tile up to a second after the first,
through the window as a finger's, issues no second ticket and leaves the ticket
screen up (TestDispenser_SecondTapWithinASecond in kiosk/ui/dispenser; at the
old 600 ms tap guard the tap at 600 ms and 999 ms closed the new ticket's screen);
each rating stage swallows taps for a second after it opens, so a double tap on
a star chooses no reason (TestFlow_TapGuard in kiosk/ui/rating).

Not covered: the staff screens (desk, admin, lobby display) are not citizen
screens.

%s`, s.PanelInches, s.PanelWidth, s.PanelHeight, s.MMPerPixel(), MinTargetMM, MinContrast, MinNumberContrast, 220.0, table)
}
