// Package quietlocale keeps Fyne from logging "Error parsing user locale
// C" at every start on a machine whose locale is C.UTF-8 (Debian's default
// in containers and minimal installs). Fyne reads the language from the
// locale's name in its own package initialisation, and "C" is no language.
// Imported first by cmd/kiosk (blank import), this package sets LANGUAGE,
// which only says the language of messages, to Vietnamese in that case:
// Fyne has no Vietnamese strings of its own and falls back to English for
// them, as before. The kiosk's own screens never read the locale.
//
// It must be initialised before fyne.io/fyne/v2/lang. Go initialises the
// packages that are ready in the order of their import paths, and this
// one needs only os and strings, which are ready long before Fyne's
// golang.org/x/text imports; TestQuietLocale runs the real binary to check.
package quietlocale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	loc := ""
	for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc = os.Getenv(env); loc != "" {
			break
		}
	}
	if name, _, _ := strings.Cut(loc, "."); (name == "C" || name == "POSIX") && loc != name {
		os.Setenv("LANGUAGE", "vi")
	}
}
