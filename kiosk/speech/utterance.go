package speech

import (
	"strings"
	"unicode"

	"github.com/motcua-kiosk/motcua/devices/audio"
)

// Clip names of the citizen screens' fixed words (scripts/voice/clips.tsv).
const (
	ClipYourNumber = "speech-your-number" // "Số của ông bà là" / "Your number is"
	ClipCounter    = "speech-counter"     // "quầy" / "for"
	ClipAhead      = "speech-ahead"       // "trước ông bà có" (Vietnamese only)
	ClipPeople     = "speech-people"      // "người" / "people ahead of you"
)

// Part is one piece of a phrase: a clip of the bank (Clip set) or text
// for the synthesiser (Text set).
type Part struct {
	Clip string
	Text string
}

// Clip is the part that plays a pre-generated clip.
func Clip(name string) Part { return Part{Clip: name} }

// Text is the part the synthesiser says.
func Text(s string) Part { return Part{Text: s} }

// Pause is the short silence of a comma.
var Pause = Part{Clip: audio.ClipPause}

// String names the part for tests and logs: "clip:letter-a", "text:Đất đai".
func (p Part) String() string {
	if p.Clip != "" {
		return "clip:" + p.Clip
	}
	return "text:" + p.Text
}

// Phrase is one sentence. Once started it is said to its end, unless the
// citizen taps (Speaker.Interrupt).
type Phrase []Part

// Utterance is what one screen says, in one language.
type Utterance struct {
	Lang    string // "vi" or "en"
	Phrases []Phrase
}

// Parts lists every part's String, phrase after phrase, with "|" between
// two phrases: the phrase list a test compares.
func (u Utterance) Parts() []string {
	var out []string
	for i, p := range u.Phrases {
		if i > 0 {
			out = append(out, "|")
		}
		for _, part := range p {
			out = append(out, part.String())
		}
	}
	return out
}

// Empty reports whether there is nothing to say.
func (u Utterance) Empty() bool {
	for _, p := range u.Phrases {
		if len(p) > 0 {
			return false
		}
	}
	return true
}

func en(lang string) bool { return strings.HasPrefix(lang, "en") }

func clips(names []string) []Part {
	out := make([]Part, len(names))
	for i, n := range names {
		out[i] = Clip(n)
	}
	return out
}

// TicketInfo is what the ticket screen shows about an issued ticket.
type TicketInfo struct {
	Number  string // "A012"
	Service string // the service's name in the screen's language
	Ahead   int    // people ahead
	// Then are the screen's further lines, said after the number in
	// order as shown (the wait, "Vui lòng nhận phiếu").
	Then []string
}

// Ticket is the ticket screen's speech: "Số của ông bà là A không một
// hai, quầy Đất đai, trước ông bà có năm người", then the screen's other
// lines. The number is read one character at a time as the lobby voice
// calls it, the people ahead as a number; the service name is text.
func Ticket(lang string, t TicketInfo) Utterance {
	p := Phrase{Clip(ClipYourNumber)}
	p = append(p, clips(audio.Spell(t.Number))...)
	if t.Service != "" {
		p = append(p, Pause, Clip(ClipCounter), Text(t.Service))
	}
	p = append(p, Pause)
	if !en(lang) {
		p = append(p, Clip(ClipAhead))
	}
	p = append(p, clips(audio.Number(max(t.Ahead, 0), lang))...)
	p = append(p, Clip(ClipPeople))
	u := Lines(lang, t.Then...)
	u.Phrases = append([]Phrase{p}, u.Phrases...)
	return u
}

// Lines is the speech of lines of text as shown, one phrase per line;
// empty lines are skipped. A ticket number in a line ("A012") is read
// from clips one character at a time, the rest by the synthesiser.
func Lines(lang string, lines ...string) Utterance {
	u := Utterance{Lang: lang}
	for _, l := range lines {
		if p := line(l); len(p) > 0 {
			u.Phrases = append(u.Phrases, p)
		}
	}
	return u
}

// line splits one line into text runs and spelt ticket numbers.
func line(s string) Phrase {
	var p Phrase
	var run []string
	flush := func() {
		if len(run) > 0 {
			p = append(p, Text(strings.Join(run, " ")))
			run = nil
		}
	}
	for _, w := range strings.Fields(s) {
		core := strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) })
		if !IsTicketNumber(core) {
			run = append(run, w)
			continue
		}
		flush()
		p = append(p, clips(audio.Spell(core))...)
	}
	flush()
	return p
}

// IsTicketNumber reports whether w looks like a ticket number: one or two
// letters and then two to four digits ("A012", "TK105").
func IsTicketNumber(w string) bool {
	letters, digits := 0, 0
	for _, r := range w {
		switch {
		case digits == 0 && r < unicode.MaxASCII && unicode.IsLetter(r) && unicode.IsUpper(r):
			letters++
		case r >= '0' && r <= '9':
			digits++
		default:
			return false
		}
	}
	return letters >= 1 && letters <= 2 && digits >= 2 && digits <= 4
}

// String lists the phrase's parts, space-separated.
func (p Phrase) String() string {
	s := make([]string, len(p))
	for i, part := range p {
		s[i] = part.String()
	}
	return strings.Join(s, " ")
}
