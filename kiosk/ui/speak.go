package ui

import (
	"cmp"
	"reflect"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"github.com/motcua-kiosk/motcua/kiosk/speech"
)

// SpeakKey is the "Nghe hướng dẫn" key of every citizen screen: a tap
// says the screen aloud from its start, cutting off whatever was being
// said (a second tap is the repeat key). It is a BigButton of its own type
// so that the accessibility audit finds it on every screen.
type SpeakKey struct {
	BigButton
	Speaker speech.Speaker
	// Utterance gives what the screen says now, from what it shows.
	Utterance func() speech.Utterance
}

// NewSpeakKey returns the speak key of a screen.
func NewSpeakKey(tr Tr, sp speech.Speaker, say func() speech.Utterance) *SpeakKey {
	k := &SpeakKey{Speaker: sp, Utterance: say}
	k.Title, k.Align = tr.L("speech.key"), fyne.TextAlignCenter
	k.Icon, k.IconSize = SpeakerIcon(), 36
	// Light with dark text: a key that stands out on the blue header of
	// the home screen as well as on the light pages.
	k.Fill, k.TextColor, k.TitleSize = ColorSecondary, ColorText, TextSmall
	k.OnTapped = k.Speak
	k.ExtendBaseWidget(k)
	return k
}

// Speak says the screen now.
func (k *SpeakKey) Speak() {
	if k.Speaker != nil && k.Utterance != nil {
		k.Speaker.Interrupt(k.Utterance())
	}
}

// Volume levels of the volume key, in turn.
var volumeLevels = []struct {
	key string
	v   int
}{{"speech.volume.low", 40}, {"speech.volume.mid", 70}, {"speech.volume.high", 100}}

// VolumeKey turns the speech's volume through low, medium and high; each
// tap says a word at the new volume, so the citizen hears what was chosen.
type VolumeKey struct {
	BigButton
	tr      Tr
	speaker speech.Speaker
}

// NewVolumeKey returns the volume key for sp.
func NewVolumeKey(tr Tr, sp speech.Speaker) *VolumeKey {
	k := &VolumeKey{tr: tr, speaker: sp}
	k.Align, k.TitleSize = fyne.TextAlignCenter, TextSmall
	k.Fill, k.TextColor = ColorSecondary, ColorText
	k.OnTapped = k.next
	k.paint()
	k.ExtendBaseWidget(k)
	return k
}

func (k *VolumeKey) level() int {
	v := k.speaker.Volume()
	for i, l := range volumeLevels {
		if v <= l.v {
			return i
		}
	}
	return len(volumeLevels) - 1
}

func (k *VolumeKey) paint() {
	k.Title = k.tr.L("speech.volume", map[string]any{"Level": k.tr.L(volumeLevels[k.level()].key)})
}

func (k *VolumeKey) next() {
	l := volumeLevels[(k.level()+1)%len(volumeLevels)]
	k.speaker.SetVolume(l.v)
	k.paint()
	k.Refresh()
	k.speaker.Interrupt(speech.Lines(string(k.tr.Lang), k.Title))
}

// SpeechKeys returns the speak and volume keys of a screen, or nils
// without a speaker (a kiosk with no sound shows no key that does
// nothing).
func SpeechKeys(tr Tr, sp speech.Speaker, say func() speech.Utterance) (*SpeakKey, *VolumeKey) {
	if sp == nil {
		return nil, nil
	}
	return NewSpeakKey(tr, sp, say), NewVolumeKey(tr, sp)
}

// SpeechRow is the speak and volume keys side by side, at the right of a
// screen's top (nil without a speaker): where every screen has them.
func SpeechRow(tr Tr, sp speech.Speaker, say func() speech.Utterance) (*SpeakKey, fyne.CanvasObject) {
	k, v := SpeechKeys(tr, sp, say)
	if k == nil {
		return nil, nil
	}
	return k, container.NewBorder(nil, nil, nil, container.New(speechRowLayout{}, k, v))
}

// SpeechKeyWidth is the width of the speak and volume keys: "Nghe hướng
// dẫn" on one line at TextSmall beside its icon.
const SpeechKeyWidth float32 = 320

type speechRowLayout struct{}

func (speechRowLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for i, o := range objs {
		o.Resize(fyne.NewSize(SpeechKeyWidth, s.Height))
		o.Move(fyne.NewPos(float32(i)*(SpeechKeyWidth+10), 0))
	}
}

func (speechRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := MinTouch
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	n := float32(len(objs))
	return fyne.NewSize(n*SpeechKeyWidth+(n-1)*10, h)
}

// Shown lists the text a citizen sees in obj, top to bottom as laid out
// (a Border's top before its middle): every visible Text, and each BigButton's title and lines. It
// is what a screen's speak key says when the screen has no script of its
// own: what is spoken is what is shown.
func Shown(obj fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *fyne.Container:
			for _, c := range readingOrder(w) {
				walk(c)
			}
		case *Text:
			out = append(out, w.Text)
		case *BigButton:
			out = append(out, w.Title)
			out = append(out, w.Lines...)
		case *SpeakKey, *VolumeKey, *TimeoutWarning, *TapGuard:
			// the keys of speech itself, and covers, are not the screen
		case *Keypad:
			walk(w.content)
		case *Keyboard:
			walk(w.content)
		}
	}
	walk(obj)
	return out
}

// borderLayout is the type of container.NewBorder's layout, which keeps
// its middle before its top, bottom and sides in Objects.
var borderLayout = reflect.TypeOf(layout.NewBorderLayout(nil, nil, nil, nil))

// readingOrder is c's children in the order a citizen reads them: as
// they are, except in a Border, whose children are read as placed: top,
// then the middle row from the left, then the bottom (by position, top
// to bottom then left to right; a Border not laid out yet keeps its
// order).
func readingOrder(c *fyne.Container) []fyne.CanvasObject {
	if c.Layout == nil || reflect.TypeOf(c.Layout) != borderLayout {
		return c.Objects
	}
	objs := slices.Clone(c.Objects)
	slices.SortStableFunc(objs, func(a, b fyne.CanvasObject) int {
		pa, pb := a.Position(), b.Position()
		if pa.Y != pb.Y {
			return cmp.Compare(pa.Y, pb.Y)
		}
		return cmp.Compare(pa.X, pb.X)
	})
	return objs
}

// SpeakerIcon is a loudspeaker with sound waves, for the speak key.
func SpeakerIcon() fyne.Resource { return speakerIcon }

var speakerIcon = fyne.NewStaticResource("speaker.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="96" height="96"><path d="M3 9h4l5-4v14l-5-4H3z" fill="#1A1A1A"/><path d="M15 8.5a5 5 0 0 1 0 7M17.5 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="#1A1A1A" stroke-width="2" stroke-linecap="round"/></svg>`))
